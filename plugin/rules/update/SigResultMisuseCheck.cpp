//===- SigResultMisuseCheck.cpp - sig-result-misuse -----------------------------------------------===//
//
// A verification API's result tested against the wrong value. The convention of each API comes from
// its VRES row in the sink table (semantics one-success, one-success-neg-error, zero-success,
// outparam-one-success, ...; docs/rules/api-semantics.md), so a user adds a wrapper with one TSV line.
// A test is correct when it separates every documented success value from every failure value and
// the branch taken for a valid result does not reject (CVE-2008-5077: `if (!EVP_VerifyFinal(...))`
// lets -1 through). A function that returns the raw result is treated as a wrapper with the same
// convention, and its callers are checked at the end of the translation unit.
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Regex.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;
using upd::ResultSem;
using upd::UseResult;
using upd::UseVerdict;

std::string fixFor(ResultSem S, llvm::StringRef Api) {
  switch (S) {
  case ResultSem::ZeroSuccess:
  case ResultSem::ZeroSuccessNegError:
    return ("accept only when " + Api + "(...) == 0; every other value, negative ones included, is a "
            "failure")
        .str();
  case ResultSem::PositiveSuccessNegError:
    return ("accept only when " + Api + "(...) > 0; 0 and negative values are failures").str();
  default:
    break;
  }
  return ("accept only when " + Api + "(...) == 1 (or > 0 where the API documents it); 0 and negative "
          "values are failures")
      .str();
}

struct Wrapper {
  ResultSem Sem;
  std::string Api;
};

class SigResultMisuseCheck : public Rule {
public:
  SigResultMisuseCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    for (const SinkRow *R : C.sinks().rowsOfKind("VRES"))
      if (std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (Names.empty())
      return;
    Nodes.onFunctionDefinition("fn", this);
    Nodes.onCallTo(upd::nameSet(Names), "call", this);
  }

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
    llvm::StringRef Api = upd::calleeName(CE);
    for (const SinkRow *Row : ctx().sinks().lookup(Api, "VRES"))
      checkRow(CE, *Row, Api, Fn, *R.Context);
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    inferTriStateHelpers(Ctx);
    if (Wrappers.empty())
      return;
    // Callers of wrappers: one pass over the functions written in the main file.
    struct Visitor : RecursiveASTVisitor<Visitor> {
      SigResultMisuseCheck &Self;
      ASTContext &Ctx;
      const FunctionDecl *Cur = nullptr;
      Visitor(SigResultMisuseCheck &S, ASTContext &C) : Self(S), Ctx(C) {}
      bool TraverseFunctionDecl(FunctionDecl *FD) {
        if (!FD->doesThisDeclarationHaveABody() ||
            !Ctx.getSourceManager().isInMainFile(Ctx.getSourceManager().getExpansionLoc(FD->getLocation())))
          return true;
        const FunctionDecl *Saved = Cur;
        Cur = FD;
        bool Ok = RecursiveASTVisitor::TraverseFunctionDecl(FD);
        Cur = Saved;
        return Ok;
      }
      bool VisitCallExpr(CallExpr *CE) {
        const FunctionDecl *Callee = CE->getDirectCallee();
        if (!Cur || !Callee)
          return true;
        auto It = Self.Wrappers.find(Callee->getCanonicalDecl());
        if (It == Self.Wrappers.end() || Callee->getCanonicalDecl() == Cur->getCanonicalDecl())
          return true;
        Self.judge(CE, It->second.Sem, Callee->getName(), It->second.Api, Cur, Ctx, /*Inferred=*/true);
        return true;
      }
    } V(*this, Ctx);
    V.TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  /// User verification helpers written in the OpenSSL style: every return is a constant, and they
  /// include 1, 0 and a negative value (`return -1` on error). Their callers must not test them as a
  /// boolean either. Only functions named like a check are considered.
  void inferTriStateHelpers(ASTContext &Ctx) {
    static const llvm::Regex NameRe("verif|sig|check|auth|valid", llvm::Regex::IgnoreCase);
    const SourceManager &SM = Ctx.getSourceManager();
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD || !FD->doesThisDeclarationHaveABody() || !FD->getIdentifier() ||
          !FD->getReturnType()->isIntegerType() || FD->getReturnType()->isBooleanType() ||
          !SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())) || !NameRe.match(FD->getName()) ||
          Wrappers.count(FD->getCanonicalDecl()))
        continue;
      struct V : RecursiveASTVisitor<V> {
        ASTContext &Ctx;
        bool One = false, Zero = false, Neg = false, Other = false;
        explicit V(ASTContext &C) : Ctx(C) {}
        bool VisitReturnStmt(ReturnStmt *R) {
          auto C = R->getRetValue() ? upd::evalInt(R->getRetValue(), Ctx) : std::nullopt;
          if (!C)
            Other = true;
          else if (*C == 1)
            One = true;
          else if (C->isZero())
            Zero = true;
          else if (C->isNegative())
            Neg = true;
          else
            Other = true;
          return !Other;
        }
        bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      } Visitor(Ctx);
      Visitor.TraverseStmt(FD->getBody());
      if (Visitor.One && Visitor.Zero && Visitor.Neg && !Visitor.Other)
        Wrappers[FD->getCanonicalDecl()] = Wrapper{ResultSem::OneSuccessNegError, ""};
    }
  }

  void checkRow(const CallExpr *CE, const SinkRow &Row, llvm::StringRef Api, const FunctionDecl *Fn,
                ASTContext &Ctx) {
    // curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &v): only the selected option writes a verdict.
    if (!upd::selectorMatches(CE, Row, Ctx))
      return;
    if (Row.OutParam) {
      ResultSem S = upd::parseOutParamSem(Row.Semantics);
      if (S == ResultSem::Unknown)
        return;
      UseResult U = upd::classifyOutParam(CE, static_cast<unsigned>(Row.Arg), S, Fn, Maps.of(Fn), Ctx);
      if (U.Verdict == UseVerdict::Ignored) {
        report(CE->getBeginLoc(), CE->getSourceRange(),
               (Api + "'s return value only says the call ran, not that verification passed; " + U.Why)
                   .str(),
               ("read the verdict written through argument " + llvm::Twine(Row.Arg + 1) + " (" +
                upd::describeSem(S) + ") before accepting the data")
                   .str());
      } else if (U.Verdict == UseVerdict::Misused) {
        const Stmt *At = U.At ? U.At : CE;
        report(At->getBeginLoc(), At->getSourceRange(),
               ("the verdict " + Api + " writes through argument " + llvm::Twine(Row.Arg + 1) + " (" +
                upd::describeSem(S) + "): this test " + U.Why)
                   .str(),
               fixFor(S, "the verdict").c_str());
      }
      return;
    }
    ResultSem S = upd::parseResultSem(Row.Semantics);
    if (S == ResultSem::Unknown)
      return;
    judge(CE, S, Api, "", Fn, Ctx);
  }

  void judge(const CallExpr *CE, ResultSem S, llvm::StringRef Api, llvm::StringRef Via,
             const FunctionDecl *Fn, ASTContext &Ctx, bool Inferred = false) {
    UseResult U = upd::classifyResultUse(CE, S, Fn, Maps.of(Fn), Ctx);
    std::string Who = Via.empty() ? Api.str() : (Api + " (which returns " + Via + "'s result)").str();
    std::string Conv = upd::describeSem(S);
    switch (U.Verdict) {
    case UseVerdict::Misused: {
      const Stmt *At = U.At ? U.At : CE;
      report(At->getBeginLoc(), At->getSourceRange(),
             Who + " returns " + Conv + "; this test " + U.Why, fixFor(S, Api));
      break;
    }
    case UseVerdict::Ignored: {
      const Stmt *At = U.At ? U.At : CE;
      std::string Why = U.Why.empty() ? "the result is discarded" : U.Why;
      report(At->getBeginLoc(), At->getSourceRange(),
             Who + " returns " + Conv + ", but " + Why + ": the signature is never enforced",
             fixFor(S, Api));
      break;
    }
    case UseVerdict::Forwarded:
      if (!Inferred && Via.empty() && U.At == CE && Fn->getIdentifier() &&
          !Ctx.getSourceManager().isInSystemHeader(Fn->getLocation()))
        Wrappers[Fn->getCanonicalDecl()] = Wrapper{S, Api.str()};
      break;
    case UseVerdict::Correct:
    case UseVerdict::Unknown:
      break;
    }
  }

  std::vector<std::string> Names;
  upd::FunctionTracker Tracker;
  upd::ParentMaps Maps;
  llvm::DenseMap<const FunctionDecl *, Wrapper> Wrappers;
};

} // namespace

CRA_RULE_FACTORY(SigResultMisuseCheck)

} // namespace cra
