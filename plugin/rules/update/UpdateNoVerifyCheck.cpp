//===- UpdateNoVerifyCheck.cpp - update-no-verify -------------------------------------------------===//
//
// Code installed or executed with no verification before it: an OTA image written and made bootable
// (esp_ota_set_boot_partition, mg_ota_end, ...), a shell install step (mtd write, sysupgrade,
// flashcp, ...), a write-open of /dev/mtd*, or an exec of a file the same function downloaded. A
// verification "barrier" is a call from the verify set (VRES rows and user functions named like a
// signature check) whose result is tested correctly, or a call to a function of this translation unit
// that contains one. Barriers count in the sink's function before the sink, or in every caller within
// the translation unit before the call (a small call graph built only when a sink lacks a local one).
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Regex.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

struct Sink {
  const CallExpr *Call;
  bool Commit;      ///< makes the new code live (boot partition, sysupgrade, exec)
  std::string What; ///< "esp_ota_set_boot_partition()", "system(\"mtd write ...\")"
};

struct ExecCandidate {
  const CallExpr *Call;
  std::string Path;              ///< resolved path, or ""
  const VarDecl *PathVar = nullptr;
  std::string What;
};

struct FunctionFacts {
  std::vector<Sink> Sinks;
  std::vector<ExecCandidate> Execs;
  std::vector<std::string> DownloadCmds;
  bool CurlPerform = false;
  std::vector<std::string> WrittenPaths;
  std::vector<const VarDecl *> WrittenVars;
};

class UpdateNoVerifyCheck : public Rule {
public:
  UpdateNoVerifyCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C),
        VS(C.sinks(), C.config().option(M.Id, "verify-name-pattern",
                                        "verif|check_?sig|sig_?check|signature|authenticat"),
           /*SignaturesOnly=*/true),
        InstallRe(C.config().option(M.Id, "install-command-pattern",
                                    "(^|[;&| ])(mtd( +-[a-z]+)* +write|sysupgrade|flashcp|nandwrite|"
                                    "ubiupdatevol|opkg +install|ipkg +install|dpkg +-i|rpm +-[iuU])|"
                                    "dd .*of=/dev/(mtd|mmcblk)"),
                  llvm::Regex::IgnoreCase),
        DownloadRe("(^|[;&| ])(wget|curl|tftp|ftpget|busybox +wget)( |$)", llvm::Regex::IgnoreCase),
        FlashRe("^/dev/(mtd|mtdblock|mmcblk|ubi|nand)", llvm::Regex::IgnoreCase) {
    for (const SinkRow *R : C.sinks().rowsOfKind("EXEC"))
      if (std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (Names.empty())
      return;
    Nodes.onFunctionDefinition("fn", this);
    Nodes.onCallTo(upd::nameSet(Names), "call", this);
  }

  void registerPPCallbacks(Preprocessor &P) override { PP = &P; }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, *R.Context);
      return;
    }
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    if (!CE)
      return;
    const FunctionDecl *Fn = Tracker.enclosing(CE, *R.Context);
    if (!Fn)
      return;
    for (const SinkRow *Row : ctx().sinks().lookup(upd::calleeName(CE), "EXEC"))
      classify(CE, *Row, Fn, *R.Context);
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    for (auto &Entry : Facts) {
      const FunctionDecl *Fn = Entry.first;
      FunctionFacts &FF = Entry.second;
      for (const ExecCandidate &X : FF.Execs)
        if (downloaded(X, FF))
          FF.Sinks.push_back({X.Call, true, X.What + " of a file downloaded in this function"});
      if (FF.Sinks.empty())
        continue;
      std::stable_sort(FF.Sinks.begin(), FF.Sinks.end(), [&](const Sink &A, const Sink &B) {
        return upd::before(A.Call->getBeginLoc(), B.Call->getBeginLoc(), Ctx);
      });
      // One finding per function: the first commit step, else the first write, with no barrier.
      // A verification between the writes and the commit (write, verify the partition, then boot
      // it) is the normal flow, so the commit step alone is judged when there is one.
      const Sink *First = &FF.Sinks.front();
      for (const Sink &S : FF.Sinks)
        if (S.Commit) {
          First = &S;
          break;
        }
      const Sink *Pick = verifiedOnAllPaths(Fn, First->Call, Ctx, 0) ? nullptr : First;
      if (!Pick)
        continue;
      std::string Where = Fn->getNameAsString();
      report(Pick->Call->getBeginLoc(), Pick->Call->getSourceRange(),
             Pick->What + " installs or runs new code, but no correctly tested signature verification "
                          "precedes it in " +
                 Where + "() or in its callers in this file",
             "verify the image's signature (and test the result against the API's success value) before "
             "writing, activating or executing it; refuse the update when verification fails");
    }
  }

private:
  void classify(const CallExpr *CE, const SinkRow &Row, const FunctionDecl *Fn, ASTContext &Ctx) {
    llvm::StringRef Sem = Row.Semantics;
    llvm::StringRef Kind = Sem.split(';').first;
    // The shell rows shared with debug-shell-spawn: a command line is judged as a shell install or
    // fetch step, an exec call by its program path ("argv-list:P": path at argument P).
    int PathArg = Row.Arg;
    if (Kind == "command" || Kind == "command-format") {
      Kind = "shell";
    } else if (Kind.starts_with("argv-list:") || Kind.starts_with("argv-array:")) {
      unsigned P = 0;
      if (Kind.split(':').second.getAsInteger(10, P))
        return;
      PathArg = static_cast<int>(P);
      Kind = "exec-path";
    }
    // "install-commit;unless=CONFIG_X": the build enables the platform's own signed-update check.
    for (llvm::StringRef Part : llvm::split(Sem, ';'))
      if (Part.consume_front("unless=") && PP && PP->isMacroDefined(Part))
        return;
    std::string Name = upd::calleeName(CE).str();
    FunctionFacts &FF = Facts[Fn];
    auto argStr = [&](int I, bool *Fmt = nullptr) -> std::optional<std::string> {
      if (I < 0 || static_cast<unsigned>(I) >= CE->getNumArgs())
        return std::nullopt;
      return upd::resolveString(CE->getArg(I), Ctx, Fn, CE, Fmt);
    };
    if (Kind == "install-commit" || Kind == "install-write") {
      FF.Sinks.push_back({CE, Kind == "install-commit", Name + "()"});
      return;
    }
    if (Kind == "download") {
      FF.CurlPerform = true;
      return;
    }
    if (Kind == "shell") {
      auto Cmd = argStr(Row.Arg);
      if (!Cmd)
        return;
      if (InstallRe.match(*Cmd)) {
        FF.Sinks.push_back({CE, true, Name + "(\"" + shorten(*Cmd) + "\")"});
        return;
      }
      if (DownloadRe.match(*Cmd)) {
        FF.DownloadCmds.push_back(*Cmd);
        return;
      }
      // Running a script or binary by path: "sh /tmp/x.sh", "/tmp/fw_install", "chmod +x /tmp/x && /tmp/x".
      llvm::StringRef C(*Cmd);
      C = C.trim();
      if (C.consume_front("sh ") || C.consume_front("/bin/sh ") || C.consume_front("ash ") ||
          C.consume_front("source ") || C.consume_front(". ") || C.starts_with("/")) {
        std::string Path = C.trim().take_until([](char Ch) { return Ch == ' ' || Ch == ';' || Ch == '&'; }).str();
        if (!Path.empty())
          FF.Execs.push_back({CE, Path, nullptr, Name + "(\"" + shorten(*Cmd) + "\")"});
      }
      return;
    }
    if (Kind == "exec-path") {
      ExecCandidate X{CE, "", nullptr, Name + "()"};
      if (auto P = argStr(PathArg))
        X.Path = *P;
      if (PathArg >= 0 && static_cast<unsigned>(PathArg) < CE->getNumArgs())
        X.PathVar = upd::refVar(CE->getArg(PathArg)->IgnoreParenCasts());
      FF.Execs.push_back(X);
      return;
    }
    if (Kind == "file-open") {
      auto P = argStr(Row.Arg);
      bool Write = false;
      if (Name == "fopen" || Name == "fopen64" || Name == "freopen") {
        if (auto Mode = argStr(Row.Arg + 1))
          Write = llvm::StringRef(*Mode).find_first_of("wa+") != llvm::StringRef::npos;
      } else if (CE->getNumArgs() > static_cast<unsigned>(Row.Arg + 1)) {
        if (auto Flags = upd::evalInt(CE->getArg(Row.Arg + 1), Ctx, Fn))
          Write = (Flags->getExtValue() & 3) != 0; // O_WRONLY or O_RDWR
      }
      if (!Write)
        return;
      if (P) {
        FF.WrittenPaths.push_back(*P);
        if (FlashRe.match(*P))
          FF.Sinks.push_back({CE, false, Name + "(\"" + *P + "\") for writing"});
      }
      if (Row.Arg >= 0 && static_cast<unsigned>(Row.Arg) < CE->getNumArgs())
        if (const VarDecl *V = upd::refVar(CE->getArg(Row.Arg)->IgnoreParenCasts()))
          FF.WrittenVars.push_back(V);
    }
  }

  static std::string shorten(const std::string &S) { return S.size() > 60 ? S.substr(0, 57) + "..." : S; }

  bool downloaded(const ExecCandidate &X, const FunctionFacts &FF) {
    if (!X.Path.empty())
      for (const std::string &D : FF.DownloadCmds)
        if (llvm::StringRef(D).contains(X.Path))
          return true;
    if (FF.CurlPerform) {
      if (X.PathVar && std::find(FF.WrittenVars.begin(), FF.WrittenVars.end(), X.PathVar) != FF.WrittenVars.end())
        return true;
      if (!X.Path.empty() &&
          std::find(FF.WrittenPaths.begin(), FF.WrittenPaths.end(), X.Path) != FF.WrittenPaths.end())
        return true;
    }
    return false;
  }

  /// Functions of this TU that contain a correctly tested verification (memoised, depth-limited).
  bool isVerifier(const FunctionDecl *Fn, ASTContext &Ctx, unsigned Depth) {
    Fn = Fn->getDefinition();
    if (!Fn || !Fn->getBody())
      return false;
    auto It = VerifierMemo.find(Fn);
    if (It != VerifierMemo.end())
      return It->second;
    VerifierMemo[Fn] = false; // recursion guard
    bool R = barrierBefore(Fn, SourceLocation(), Ctx, Depth + 1);
    VerifierMemo[Fn] = R;
    return R;
  }

  /// A tested verification call in Fn before Loc (anywhere when Loc is invalid).
  bool barrierBefore(const FunctionDecl *Fn, SourceLocation Loc, ASTContext &Ctx, unsigned Depth) {
    struct V : RecursiveASTVisitor<V> {
      UpdateNoVerifyCheck &Self;
      const FunctionDecl *Fn;
      SourceLocation Loc;
      ASTContext &Ctx;
      unsigned Depth;
      bool Found = false;
      V(UpdateNoVerifyCheck &S, const FunctionDecl *F, SourceLocation L, ASTContext &C, unsigned D)
          : Self(S), Fn(F), Loc(L), Ctx(C), Depth(D) {}
      bool VisitCallExpr(CallExpr *CE) {
        if (Loc.isValid() && !upd::before(CE->getBeginLoc(), Loc, Ctx))
          return true;
        ParentMap &PM = Self.Maps.of(Fn);
        if (Self.VS.isVerifyCall(CE)) {
          if (upd::isTestedVerification(CE, Self.VS, Fn, PM, Ctx))
            Found = true;
        } else if (const FunctionDecl *Callee = CE->getDirectCallee()) {
          if (Depth < 3 && Callee != Fn && Self.isVerifier(Callee, Ctx, Depth)) {
            upd::UseResult U = upd::classifyResultUse(CE, upd::ResultSem::Unknown, Fn, PM, Ctx);
            if (U.Verdict != upd::UseVerdict::Ignored)
              Found = true;
          }
        }
        return !Found;
      }
    } Visitor(*this, Fn, Loc, Ctx, Depth);
    Visitor.TraverseStmt(Fn->getBody());
    return Visitor.Found;
  }

  bool verifiedOnAllPaths(const FunctionDecl *Fn, const CallExpr *At, ASTContext &Ctx, unsigned Depth) {
    if (barrierBefore(Fn, At->getBeginLoc(), Ctx, 0))
      return true;
    if (Depth >= 3)
      return false;
    buildCallers(Ctx);
    auto It = Callers.find(Fn->getCanonicalDecl());
    if (It == Callers.end() || It->second.empty())
      return false; // an entry point or a callback: nothing verified before it
    for (const auto &Site : It->second) {
      if (Site.first->getCanonicalDecl() == Fn->getCanonicalDecl())
        continue;
      if (!verifiedOnAllPaths(Site.first, Site.second, Ctx, Depth + 1))
        return false;
    }
    return true;
  }

  void buildCallers(ASTContext &Ctx) {
    if (CallersBuilt)
      return;
    CallersBuilt = true;
    struct V : RecursiveASTVisitor<V> {
      UpdateNoVerifyCheck &Self;
      ASTContext &Ctx;
      const FunctionDecl *Cur = nullptr;
      V(UpdateNoVerifyCheck &S, ASTContext &C) : Self(S), Ctx(C) {}
      bool TraverseFunctionDecl(FunctionDecl *FD) {
        if (!FD->doesThisDeclarationHaveABody() || Ctx.getSourceManager().isInSystemHeader(FD->getLocation()))
          return true;
        const FunctionDecl *Saved = Cur;
        Cur = FD;
        bool Ok = RecursiveASTVisitor::TraverseFunctionDecl(FD);
        Cur = Saved;
        return Ok;
      }
      bool VisitCallExpr(CallExpr *CE) {
        if (Cur)
          if (const FunctionDecl *Callee = CE->getDirectCallee())
            if (Callee->isDefined())
              Self.Callers[Callee->getCanonicalDecl()].push_back({Cur, CE});
        return true;
      }
    } Visitor(*this, Ctx);
    Visitor.TraverseDecl(Ctx.getTranslationUnitDecl());
  }

  upd::VerifySet VS;
  ast::LazyRegex InstallRe, DownloadRe, FlashRe;
  std::vector<std::string> Names;
  Preprocessor *PP = nullptr;
  upd::FunctionTracker Tracker;
  upd::ParentMaps Maps;
  llvm::MapVector<const FunctionDecl *, FunctionFacts> Facts;
  llvm::DenseMap<const FunctionDecl *, bool> VerifierMemo;
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<const FunctionDecl *, const CallExpr *>>> Callers;
  bool CallersBuilt = false;
};

} // namespace

CRA_RULE_FACTORY(UpdateNoVerifyCheck)

} // namespace cra
