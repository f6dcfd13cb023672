//===- FlagAdjust.cpp - make a recorded compile command acceptable to clang -------------------------===//
//
// Unknown flags are decided generically, by clang's own tables, not by a list of GCC flags that would
// always be one release behind: the driver option table says whether clang knows an option at all, the
// diagnostic-group table says whether a -W name exists, and a driver dry run (BuildCompilation, nothing
// executed) says whether the values and the target are acceptable, and parsing the resulting cc1 job
// (CompilerInvocation, then TargetInfo) catches what only the frontend validates: GCC spellings the
// driver forwards unchecked, such as -mfunction-return=thunk, or a -mtune=/-march= CPU clang does not
// know. Such flags only select code generation, so dropping them leaves the parse the rules see intact.
//
//===----------------------------------------------------------------------------------------------===//
#include "FlagAdjust.h"
#include "CompileDb.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Basic/TargetOptions.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/TargetParser/Host.h"

namespace cra {
namespace check {

namespace opts = clang::driver::options;

namespace {

/// Collects the driver's errors with their string arguments, which name the offending option.
class CollectErrors : public clang::DiagnosticConsumer {
public:
  struct Error {
    std::string Text;
    std::vector<std::string> Strings;
  };
  std::vector<Error> Errors;

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level, const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    Error E;
    llvm::SmallString<128> Msg;
    Info.FormatDiagnostic(Msg);
    E.Text = std::string(Msg);
    for (unsigned I = 0; I < Info.getNumArgs(); ++I) {
      if (Info.getArgKind(I) == clang::DiagnosticsEngine::ak_std_string)
        E.Strings.push_back(Info.getArgStdStr(I));
      else if (Info.getArgKind(I) == clang::DiagnosticsEngine::ak_c_string)
        E.Strings.push_back(Info.getArgCStr(I));
    }
    Errors.push_back(std::move(E));
  }
};

bool isLauncher(llvm::StringRef Argv0) {
  llvm::StringRef Name = llvm::sys::path::filename(Argv0);
  return Name == "ccache" || Name == "sccache" || Name == "distcc" || Name == "icecc" || Name == "buildcache";
}

} // namespace

struct FlagAdjuster::Impl {
  llvm::IntrusiveRefCntPtr<clang::DiagnosticIDs> DiagIDs{new clang::DiagnosticIDs()};
  std::map<std::string, bool> Groups;
  std::map<std::string, std::vector<DroppedFlag>> DriverCache;
};

FlagAdjuster::FlagAdjuster(std::string ClangPath, std::string ResourceDir)
    : ClangPath(std::move(ClangPath)), ResourceDir(std::move(ResourceDir)), P(new Impl) {}

FlagAdjuster::~FlagAdjuster() = default;

bool FlagAdjuster::knownWarningGroup(llvm::StringRef Group) {
  auto It = P->Groups.find(std::string(Group));
  if (It != P->Groups.end())
    return It->second;
  llvm::SmallVector<clang::diag::kind, 16> Ids;
  // getDiagnosticsInGroup returns true when the group does not exist.
  bool Known = !P->DiagIDs->getDiagnosticsInGroup(clang::diag::Flavor::WarningOrError, Group, Ids);
  P->Groups[std::string(Group)] = Known;
  return Known;
}

std::vector<DroppedFlag> FlagAdjuster::driverRejects(const std::vector<std::string> &Args,
                                                     const std::string &File) {
  std::string Key;
  for (const std::string &A : Args)
    if (A != File)
      Key.append(A).push_back('\0');
  auto It = P->DriverCache.find(Key);
  if (It != P->DriverCache.end())
    return It->second;

  CollectErrors Collect;
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> DiagOpts(new clang::DiagnosticOptions());
  clang::DiagnosticsEngine Diags(P->DiagIDs, DiagOpts, &Collect, /*ShouldOwnClient=*/false);
  clang::driver::Driver D(Args[0], llvm::sys::getDefaultTargetTriple(), Diags, "cra-check",
                          llvm::vfs::getRealFileSystem());
  D.setCheckInputsExist(false);
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  Argv.push_back("-fsyntax-only"); // what ClangTool runs
  std::unique_ptr<clang::driver::Compilation> C(D.BuildCompilation(Argv));
  if (C && Collect.Errors.empty()) {
    // The frontend's own checks, on the cc1 job the driver built (its arguments after "-cc1").
    for (const clang::driver::Command &J : C->getJobs()) {
      const llvm::opt::ArgStringList &CC1 = J.getArguments();
      if (CC1.empty() || llvm::StringRef(CC1[0]) != "-cc1")
        continue;
      clang::CompilerInvocation Inv;
      if (clang::CompilerInvocation::CreateFromArgs(Inv, llvm::ArrayRef<const char *>(CC1).drop_front(), Diags,
                                                    Args[0].c_str())) {
        auto TOpts = std::make_shared<clang::TargetOptions>(Inv.getTargetOpts());
        llvm::IntrusiveRefCntPtr<clang::TargetInfo> Target(clang::TargetInfo::CreateTargetInfo(Diags, TOpts));
      }
      break;
    }
  }

  std::vector<DroppedFlag> Out;
  for (const CollectErrors::Error &E : Collect.Errors) {
    // The driver names the option (its spelling, "-flto=" or "-mrecord-mcount") and, for a bad value,
    // the value. Find the arguments they came from.
    for (size_t I = 1; I < Args.size(); ++I) {
      llvm::StringRef A = Args[I];
      if (A == File || !A.starts_with("-"))
        continue;
      bool Hit = false;
      for (const std::string &S : E.Strings) {
        // "unknown target CPU 'x'" names the value only: the -march=/-mtune=/-mcpu= that carries it.
        if (!S.empty() && S[0] != '-' && llvm::StringRef(E.Text).starts_with("unknown target CPU") &&
            (A == "-march=" + S || A == "-mtune=" + S || A == "-mcpu=" + S))
          Hit = true;
        if (S.empty() || S[0] != '-')
          continue;
        if (A == S) {
          Hit = true;
        } else if (S.back() == '=' && A.starts_with(S)) {
          // A bad value: only this argument if it carries one of the other strings as (list) value.
          llvm::SmallVector<llvm::StringRef, 8> Values;
          A.substr(S.size()).split(Values, ',');
          for (const std::string &V : E.Strings)
            if (V != S && llvm::is_contained(Values, llvm::StringRef(V)))
              Hit = true;
          if (E.Strings.size() == 1)
            Hit = true;
        }
      }
      if (Hit)
        Out.push_back({std::string(A), E.Text});
    }
  }
  P->DriverCache[Key] = Out;
  return Out;
}

void FlagAdjuster::adjust(DbCommand &C, std::vector<DroppedFlag> &Dropped) {
  std::vector<std::string> &Args = C.Args;
  while (Args.size() > 1 && isLauncher(Args[0]))
    Args.erase(Args.begin());
  // Response files first: the flags inside them need the same treatment.
  clang::tooling::addExpandedResponseFiles(Args, C.Directory, llvm::cl::TokenizeGNUCommandLine,
                                           *llvm::vfs::getRealFileSystem());
  clang::tooling::addTargetAndModeForProgramName(Args, Args[0]);
  Args[0] = ClangPath;

  auto Drop = [&](const std::string &Flag, const std::string &Reason) {
    for (const DroppedFlag &D : Dropped)
      if (D.Flag == Flag)
        return;
    Dropped.push_back({Flag, Reason});
  };

  // Pass 1: the option table. Each parsed Arg covers the tokens from its index to the next Arg's.
  const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
  std::vector<const char *> Argv;
  for (size_t I = 1; I < Args.size(); ++I)
    Argv.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed =
      Table.ParseArgs(Argv, MissingIndex, MissingCount, llvm::opt::Visibility(opts::ClangOption));
  std::vector<const llvm::opt::Arg *> InOrder(Parsed.begin(), Parsed.end());
  std::vector<bool> Keep(Argv.size(), true);
  bool HasResourceDir = false;
  std::string OutputFlag;
  for (size_t K = 0; K < InOrder.size(); ++K) {
    const llvm::opt::Arg *A = InOrder[K];
    unsigned Begin = A->getIndex();
    unsigned End = K + 1 < InOrder.size() ? InOrder[K + 1]->getIndex() : Argv.size();
    if (End <= Begin)
      End = Begin + 1;
    const llvm::opt::Option &O = A->getOption();
    std::string Spelled = A->getAsString(Parsed);
    std::string Reason;
    bool Silent = false;
    if (O.matches(opts::OPT_UNKNOWN)) {
      Reason = "not a clang option";
    } else if (O.hasFlag(opts::Unsupported)) {
      Reason = "not supported by clang";
    } else if (O.matches(opts::OPT_fplugin_EQ) || O.matches(opts::OPT_fplugin_arg) ||
               O.matches(opts::OPT_fpass_plugin_EQ)) {
      Reason = "compiler plugin not loaded (cra-check runs the rules itself)";
    } else if (O.matches(opts::OPT_Xclang)) {
      llvm::StringRef V = A->getValue();
      if (V == "-load" || V == "-add-plugin" || V == "-plugin" || V.starts_with("-plugin-arg-")) {
        Reason = "compiler plugin not loaded (cra-check runs the rules itself)";
        // The plugin's path or name follows in the next -Xclang.
        if (K + 1 < InOrder.size() && InOrder[K + 1]->getOption().matches(opts::OPT_Xclang)) {
          Spelled += std::string(" -Xclang ") + InOrder[K + 1]->getValue();
          End = K + 2 < InOrder.size() ? InOrder[K + 2]->getIndex() : Argv.size();
          ++K;
        }
      }
    } else if (O.matches(opts::OPT_pedantic_errors) || O.matches(opts::OPT_w)) {
      Silent = true;
    } else if (O.matches(opts::OPT_W_Joined)) {
      llvm::StringRef W = A->getValue();
      llvm::StringRef Name = W;
      Name.consume_front("no-");
      if (Name == "error" || Name.starts_with("error=")) {
        Silent = W.starts_with("error"); // -Werror, -Werror=x; -Wno-error=x is harmless, keep it
        if (!Silent && Name.starts_with("error=") && !knownWarningGroup(Name.substr(6)))
          Reason = "unknown warning option for clang";
      } else if (Name.starts_with("fatal-errors=")) {
        if (!knownWarningGroup(Name.substr(13)))
          Reason = "unknown warning option for clang";
      } else if (Name != "fatal-errors" && Name != "everything" && Name != "system-headers" &&
                 Name != "error-implicit-function-declaration" && !knownWarningGroup(Name)) {
        Reason = "unknown warning option for clang";
      }
    } else if (O.matches(opts::OPT_resource_dir) || O.matches(opts::OPT_resource_dir_EQ)) {
      HasResourceDir = true;
    } else if (O.matches(opts::OPT_o)) {
      OutputFlag = A->getValue();
    }
    if (Silent || !Reason.empty()) {
      for (unsigned I = Begin; I < End && I < Keep.size(); ++I)
        Keep[I] = false;
      if (!Silent)
        Drop(Spelled, Reason);
    }
  }
  std::vector<std::string> Out{Args[0]};
  if (!HasResourceDir && !ResourceDir.empty())
    Out.push_back("-resource-dir=" + ResourceDir);
  for (size_t I = 0; I < Argv.size(); ++I)
    if (Keep[I])
      Out.push_back(Args[I + 1]);
  Args = std::move(Out);
  if (C.Output.empty() && !OutputFlag.empty())
    C.Output = absolutePath(OutputFlag, C.Directory);

  // Pass 2: what the driver itself refuses (bad values, options for another target). Each round drops
  // what the driver named; a few rounds settle it (an error can hide the next one).
  for (int Round = 0; Round < 4; ++Round) {
    std::vector<DroppedFlag> Rejects = driverRejects(Args, C.File);
    if (Rejects.empty())
      break;
    bool Changed = false;
    for (const DroppedFlag &R : Rejects) {
      auto It = std::find(Args.begin() + 1, Args.end(), R.Flag);
      if (It == Args.end())
        continue;
      Args.erase(It);
      Drop(R.Flag, R.Reason);
      Changed = true;
    }
    if (!Changed)
      break;
  }
}

} // namespace check
} // namespace cra
