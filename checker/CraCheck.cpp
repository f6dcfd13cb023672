//===- CraCheck.cpp - cra-check: the cra-harden source rules over a compilation database ------------===//
//
// The command line, and the order of work: options -> engine options validated -> compile commands
// (database or `-- FLAGS`) -> flags adjusted for clang -> translation units analysed (in-process or by
// worker processes) -> one report in job order -> exit status (docs/exit-codes.md).
//
//===----------------------------------------------------------------------------------------------===//
#include "Checker.h"
#include "CompileDb.h"
#include "CraCommon.h"
#include "Engine.h"
#include "FlagAdjust.h"
#include "Report.h"
#include "Runner.h"

#include "cra_version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <set>
#include <unistd.h>

namespace {

using namespace cra;
using namespace cra::check;

const char HelpText[] = R"(Usage: cra-check [OPTIONS] -p BUILD_DIR [FILE|DIR...]
       cra-check [OPTIONS] FILE... -- [COMPILER FLAGS...]
       cra-check --list-rules [--checks=GLOBS] [--config=FILE] [--format=text|json]

Run the cra-harden source rules (hardcoded credentials and the other rule families of the Clang
plugin) over translation units without building them. The rules are the plugin's own: for the same
translation unit cra-check reports exactly what `clang -fplugin=cra-plugin.so` reports.

Compile commands come from a JSON compilation database (`-p`, written by CMake with
CMAKE_EXPORT_COMPILE_COMMANDS=ON, by Meson, or by `bear -- make`) or, after `--`, from the command line.
Databases written by GCC builds work: the compiler is replaced by clang (a cross compiler's name becomes
--target=), launchers such as ccache are removed, and flags clang does not accept are dropped with one
note per flag (e.g. `cra-check: -fanalyzer: not a clang option; dropped`).

Input:
  -p BUILD_DIR             read BUILD_DIR/compile_commands.json (or the .json file named); FILE and
                           DIR arguments then select entries: a file by path, a directory by prefix
  FILE... -- FLAGS         analyse FILEs compiled with FLAGS in the current directory
      --extra-arg=ARG      append ARG to every compile command (repeatable)
      --extra-arg-before=ARG
                           insert ARG after the compiler in every compile command (repeatable)

Rules:
      --checks=GLOB,...    enable (GLOB) or disable (-GLOB) rules, in order, over the default set
                           (the rules --list-rules marks on), e.g. `cred-*`, `-cred-url-userinfo`,
                           `-*,cred-literal-arg`
      --config=FILE        the rule configuration (docs/plugin.md): options, third-party paths,
                           extra sink tables, severity overrides
      --root=DIR           fingerprints use paths relative to DIR (default: each compile's directory)
      --list-rules         list the rules (id, severity, default, CWE, requirements, summary); with
                           --checks/--config only the enabled ones
      --werror             report findings as errors and fail on every open finding

Output:
      --format=FORMAT      text (default): compiler-style diagnostics on stdout,
                             file:line:col: warning: <message> [cra-<rule>] and a note with the fix;
                           json: one report holding the cra-findings record of every translation unit
                             (docs/formats.md);
                           sarif: SARIF 2.1.0 for code scanning
  -o, --output=FILE        write the report to FILE (atomically) instead of stdout
      --findings-dir=DIR   also write one cra-findings record per translation unit into DIR, as the
                           plugin's findings= argument does (an evidence directory's findings/)
      --fail-on=LEVEL      exit 1 when an open finding has severity LEVEL or higher: low (default),
                           medium, high, or none (report only)
  -q, --quiet              no notes about dropped flags, no compiler error text (the one-line problem
                           per file stays)

Running:
  -j, --jobs=N             analyse N translation units at a time in worker processes (0: one per CPU);
                           the output is the same, byte for byte, for every N

  -h, --help               show this help and exit
      --version            show the version and exit

Compiler warnings are not reported (the build shows them); compiler errors are, and make the exit
status 2. -Werror, -Werror=..., -pedantic-errors and -w in a compile command are ignored: they govern
the compiler's warnings, and cra-check's own --werror governs findings.

Suppressing a finding needs a reason, on the line or the line above:
  // cra: allow(cred-literal-arg) test fixture, never shipped
Suppressed findings are not printed but are kept, with the reason, in JSON, SARIF and findings records.

Exit status:
  0   no open finding at or above --fail-on (suppressed findings do not count)
  1   open findings at or above --fail-on (any open finding with --werror)
  2   some input could not be used: a database or an entry in it, a missing source file, a
      translation unit with compile errors; everything else was still analysed (2 wins over 1)
  64  usage error: unknown option, bad value, invalid --checks or --config
  70  internal error

Examples:
  cra-check -p build
  cra-check -p build -j 4 --format=sarif -o cra.sarif
  cra-check -p build src/net/ --checks=-cred-named-literal
  cra-check src/main.c -- -Iinclude -DUSE_TLS
)";

[[noreturn]] void usage(const std::string &Msg) { cra_usage_error("%s", Msg.c_str()); }

struct Options {
  std::string BuildDir;
  bool HaveBuildDir = false;
  std::vector<std::string> Files;
  std::vector<std::string> Flags;
  bool HaveDashDash = false;
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  std::string Checks;
  bool HaveChecks = false;
  std::string Config;
  std::string Root;
  std::string Format = "text";
  std::string Output;
  std::string FindingsDir;
  std::string FailOn = "low";
  unsigned Jobs = 1;
  bool ListRules = false;
  bool Werror = false;
  bool Quiet = false;
};

/// Long options: name, takes a value. Short options -p -j -o -q -h map onto them.
struct OptSpec {
  const char *Name;
  bool Value;
};
const OptSpec LongOpts[] = {
    {"checks", true},   {"config", true},       {"root", true},       {"format", true},
    {"output", true},   {"findings-dir", true}, {"fail-on", true},    {"jobs", true},
    {"extra-arg", true}, {"extra-arg-before", true}, {"list-rules", false}, {"werror", false},
    {"quiet", false},   {"help", false},        {"version", false},
};

unsigned parseJobs(llvm::StringRef V) {
  unsigned N = 0;
  if (V.getAsInteger(10, N) || N > 1024)
    usage(("invalid value '" + V + "' for -j: expected a number of jobs (0 = one per CPU)").str());
  if (N == 0) {
    long C = sysconf(_SC_NPROCESSORS_ONLN);
    N = C > 0 ? static_cast<unsigned>(C) : 1;
  }
  return N;
}

void apply(Options &O, llvm::StringRef Name, llvm::StringRef V) {
  if (Name == "checks") {
    O.Checks = V.str();
    O.HaveChecks = true;
  } else if (Name == "config") {
    O.Config = V.str();
  } else if (Name == "root") {
    O.Root = V.str();
  } else if (Name == "format") {
    if (V != "text" && V != "json" && V != "sarif")
      usage(("invalid value '" + V + "' for --format: expected text, json or sarif").str());
    O.Format = V.str();
  } else if (Name == "output") {
    O.Output = V.str();
  } else if (Name == "findings-dir") {
    O.FindingsDir = V.str();
  } else if (Name == "fail-on") {
    if (V != "none" && V != "low" && V != "medium" && V != "high")
      usage(("invalid value '" + V + "' for --fail-on: expected none, low, medium or high").str());
    O.FailOn = V.str();
  } else if (Name == "jobs") {
    O.Jobs = parseJobs(V);
  } else if (Name == "extra-arg") {
    O.ExtraArgs.push_back(V.str());
  } else if (Name == "extra-arg-before") {
    O.ExtraArgsBefore.push_back(V.str());
  } else if (Name == "list-rules") {
    O.ListRules = true;
  } else if (Name == "werror") {
    O.Werror = true;
  } else if (Name == "quiet") {
    O.Quiet = true;
  } else if (Name == "help") {
    std::fputs(HelpText, stdout);
    std::exit(0);
  } else if (Name == "version") {
    cra_print_version(stdout);
    std::exit(0);
  }
}

Options parseArgs(int Argc, char **Argv) {
  Options O;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    auto NextValue = [&](llvm::StringRef Opt) -> llvm::StringRef {
      if (I + 1 >= Argc)
        usage(("option '" + Opt + "' needs a value").str());
      return Argv[++I];
    };
    if (A == "--") {
      O.HaveDashDash = true;
      for (++I; I < Argc; ++I)
        O.Flags.push_back(Argv[I]);
      break;
    }
    if (A.starts_with("--")) {
      llvm::StringRef Body = A.drop_front(2);
      auto [Name, Value] = Body.split('=');
      bool HasValue = Body.contains('=');
      const OptSpec *Spec = nullptr;
      for (const OptSpec &S : LongOpts)
        if (Name == S.Name)
          Spec = &S;
      if (!Spec)
        usage(("unknown option '" + A + "'").str());
      if (Spec->Value && !HasValue)
        Value = NextValue(A);
      else if (!Spec->Value && HasValue)
        usage(("option '--" + Name + "' takes no value").str());
      apply(O, Name, Value);
      continue;
    }
    if (A.size() >= 2 && A[0] == '-') {
      char C = A[1];
      llvm::StringRef Rest = A.drop_front(2);
      switch (C) {
      case 'p':
        O.BuildDir = (Rest.empty() ? NextValue("-p") : Rest).str();
        O.HaveBuildDir = true;
        continue;
      case 'j':
        O.Jobs = parseJobs(Rest.empty() ? NextValue("-j") : Rest);
        continue;
      case 'o':
        O.Output = (Rest.empty() ? NextValue("-o") : Rest).str();
        continue;
      case 'q':
      case 'h':
        if (Rest.empty()) {
          apply(O, C == 'q' ? "quiet" : "help", "");
          continue;
        }
        break;
      default:
        break;
      }
      usage(("unknown option '" + A + "'").str());
    }
    if (A == "-")
      usage("reading sources from standard input is not supported");
    if (A.empty()) // as a -p filter it would name the current directory, i.e. everything under it
      usage("empty file name");
    O.Files.push_back(A.str());
  }
  return O;
}

std::vector<std::string> splitChecks(llvm::StringRef Checks) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Checks.split(Parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (!P.empty())
      Out.push_back(P.str());
  }
  return Out;
}

/// --list-rules: the engine's listing, narrowed to the enabled rules when --checks/--config was given.
int listRules(const Options &O, const EngineOptions &EO) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  std::vector<std::string> Enabled;
  std::string Err;
  bool Narrow = O.HaveChecks || !O.Config.empty();
  if (Narrow && !enabledRules(EO, Enabled, Err))
    usage(Err);
  std::set<std::string> On(Enabled.begin(), Enabled.end());
  if (O.Format == "json") {
    llvm::json::Value All = rulesToJSON();
    if (Narrow) {
      if (llvm::json::Array *Rules = All.getAsArray()) {
        llvm::json::Array Kept;
        for (llvm::json::Value &R : *Rules) {
          const llvm::json::Object *Obj = R.getAsObject();
          if (Obj && On.count(Obj->getString("id").value_or("").str()))
            Kept.push_back(std::move(R));
        }
        All = std::move(Kept);
      }
    }
    OS << llvm::formatv("{0:2}", All) << "\n";
  } else if (O.Format == "text") {
    std::string Raw;
    llvm::raw_string_ostream RawOS(Raw);
    cra::listRules(RawOS);
    RawOS.flush();
    llvm::SmallVector<llvm::StringRef, 32> Lines;
    llvm::StringRef(Raw).split(Lines, '\n', -1, false);
    for (llvm::StringRef L : Lines)
      if (!Narrow || On.count(L.split('\t').first.str()))
        OS << L << "\n";
  } else {
    usage("--list-rules writes text or json, not " + O.Format);
  }
  OS.flush();
  if (!O.Output.empty()) {
    if (cra_atomic_write(O.Output.c_str(), Text.data(), Text.size()) != 0) {
      warnLine(O.Output, cra_strerror(errno));
      return CRA_EXIT_INPUT;
    }
  } else {
    std::fwrite(Text.data(), 1, Text.size(), stdout);
  }
  return 0;
}

} // namespace

/// Clang's rendering of a diagnostic quotes the file name and the source line as they are: control
/// bytes (an escape sequence in a file name) and invalid UTF-8 are shown as \xNN / U+FFFD before the
/// text reaches a terminal or a CI log, as every cra tool does. Newlines and tabs are the layout.
static std::string printableText(const std::string &Text) {
  char *P = cra_printable(Text.c_str(), true);
  if (!P)
    return Text;
  std::string Out(P);
  std::free(P);
  return Out;
}

int main(int Argc, char **Argv) {
  cra_set_progname(Argv[0]);
  Options O = parseArgs(Argc, Argv);

  if (O.Format == "sarif" && !haveSarif())
    usage("--format=sarif: this build of cra-check has no SARIF emitter (the evidence library was not built)");

  EngineOptions EO;
  EO.ToolName = "cra-check";
  EO.CheckGlobs = splitChecks(O.Checks);
  if (O.HaveChecks && EO.CheckGlobs.empty())
    usage("--checks: empty list of rule globs");
  EO.ConfigFile = O.Config.empty() ? "" : absolutePath(O.Config, "");
  EO.SourceRoot = O.Root.empty() ? "" : absolutePath(O.Root, "");
  EO.FindingsDir = O.FindingsDir.empty() ? "" : absolutePath(O.FindingsDir, "");
  EO.WarningsAsErrors = O.Werror;
  EO.EmitDiagnostics = true;
  if (!O.Root.empty() && !llvm::sys::fs::is_directory(EO.SourceRoot))
    usage("--root=" + O.Root + ": not a directory");
  std::string Err;
  if (!validateOptions(EO, Err))
    usage(Err);

  if (O.ListRules)
    return listRules(O, EO);

  // --- compile commands -----------------------------------------------------------------------------
  if (O.HaveBuildDir && O.HaveDashDash)
    usage("-p and '--' cannot be combined (add flags to the database's commands with --extra-arg)");
  if (!O.HaveBuildDir && !O.HaveDashDash)
    usage("no compile commands: give -p BUILD_DIR, or FILE... -- FLAGS");
  if (O.HaveDashDash && O.Files.empty())
    usage("no source files before '--'");

  unsigned Problems = 0;
  std::vector<DbCommand> Cmds;
  std::string DbPath;
  if (O.HaveBuildDir) {
    DbPath = compileDbPath(O.BuildDir);
    SourceFilter Want(O.Files);
    if (!loadCompileDb(DbPath, Cmds, Problems, &Want))
      return CRA_EXIT_INPUT;
    Want.reportUnmatched(DbPath, Problems);
  } else {
    Cmds = fixedCommands(O.Files, O.Flags, CRA_CLANG_PATH, Problems);
  }

  FlagAdjuster Adjust(CRA_CLANG_PATH, CRA_CLANG_RESOURCE_DIR);
  std::vector<DroppedFlag> Dropped;
  std::vector<Job> Jobs;
  // An entry that repeats an earlier one exactly (same directory, file and command) would give the same
  // findings twice; some generators write such entries (a file listed in two targets with equal flags).
  std::set<std::string> Seen;
  unsigned Repeats = 0;
  for (DbCommand &C : Cmds) {
    if (!O.ExtraArgsBefore.empty())
      C.Args.insert(C.Args.begin() + 1, O.ExtraArgsBefore.begin(), O.ExtraArgsBefore.end());
    C.Args.insert(C.Args.end(), O.ExtraArgs.begin(), O.ExtraArgs.end());
    Adjust.adjust(C, Dropped);
    std::string Key = C.Directory + '\0' + C.File;
    for (const std::string &A : C.Args)
      Key += '\0' + A;
    if (!Seen.insert(std::move(Key)).second) {
      ++Repeats;
      continue;
    }
    Job J;
    J.Index = Jobs.size();
    J.Cmd = std::move(C);
    Jobs.push_back(std::move(J));
  }
  if (Repeats && !O.Quiet)
    cra_warn("%s: %u entr%s repeat%s an earlier one exactly; analysed once", DbPath.c_str(), Repeats,
             Repeats == 1 ? "y" : "ies", Repeats == 1 ? "s" : "");
  if (!O.Quiet) {
    // Once per flag for the whole run, in the order first met.
    std::set<std::string> Said;
    for (const DroppedFlag &D : Dropped)
      if (Said.insert(D.Flag).second)
        cra_warn("%s: %s; dropped", D.Flag.c_str(), D.Reason.c_str());
  }
  if (Jobs.empty() && Problems == 0) {
    warnLine(DbPath.empty() ? "cra-check" : DbPath, "no translation units to analyse");
    return CRA_EXIT_INPUT;
  }

  // --- analysis -------------------------------------------------------------------------------------
  RunOptions RO;
  RO.Engine = EO;
  RO.FindingsDir = EO.FindingsDir;
  RO.Jobs = O.Jobs;
  if (!RO.FindingsDir.empty() && cra_mkdir_p(RO.FindingsDir.c_str()) != 0)
    usage("--findings-dir=" + O.FindingsDir + ": " + cra_strerror(errno));
  std::vector<TUResult> Results = runJobs(Jobs, RO);

  // --- report ---------------------------------------------------------------------------------------
  bool InputProblems = Problems > 0;
  std::string Report;
  for (const TUResult &R : Results) {
    const std::string &File = Jobs[R.Index].Cmd.File;
    if (!O.Quiet && !R.ErrorsText.empty()) {
      llvm::errs() << printableText(R.ErrorsText);
      llvm::errs().flush();
    }
    if (R.CompileErrors) {
      warnLine(File, std::to_string(R.CompileErrors) + " compile error(s); findings for it may be incomplete");
      InputProblems = true;
    }
    if (!R.Failure.empty()) {
      warnLine(File, R.Failure);
      InputProblems = true;
    }
    if (O.Format == "text")
      Report += printableText(R.FindingsText);
  }
  if (O.Format == "json") {
    llvm::raw_string_ostream OS(Report);
    OS << llvm::formatv("{0:2}", buildReport(Jobs, Results)) << "\n";
    OS.flush();
  } else if (O.Format == "sarif") {
    std::string SErr;
    if (!renderSarif(Results, EO.SourceRoot, Report, SErr)) {
      cra_warn("%s", SErr.c_str());
      return CRA_EXIT_SOFTWARE;
    }
  }
  if (!O.Output.empty()) {
    if (cra_atomic_write(O.Output.c_str(), Report.data(), Report.size()) != 0) {
      warnLine(O.Output, cra_strerror(errno));
      return CRA_EXIT_INPUT;
    }
  } else {
    std::fwrite(Report.data(), 1, Report.size(), stdout);
    std::fflush(stdout);
  }

  if (InputProblems)
    return CRA_EXIT_INPUT;
  Counts C = countFindings(Results);
  unsigned Failing = 0;
  if (O.Werror || O.FailOn == "low")
    Failing = C.openTotal();
  else if (O.FailOn == "medium")
    Failing = C.Open[int(Severity::Medium)] + C.Open[int(Severity::High)];
  else if (O.FailOn == "high")
    Failing = C.Open[int(Severity::High)];
  return Failing ? CRA_EXIT_FAIL : CRA_EXIT_OK;
}
