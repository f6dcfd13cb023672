//===- SigCheckSkippedCheck.cpp - sig-check-skipped -----------------------------------------------===//
//
// A signature or certificate check that no path can reach (CVE-2014-1266, "goto fail": a duplicated
// unconditional goto jumps over the final verification and returns the earlier success code). The
// rule builds Clang's CFG only for functions that contain a verification call (VRES rows or a user
// function named like one, see VerifySet) and reports the unconditional jump that cuts it off.
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

class SigCheckSkippedCheck : public Rule {
public:
  SigCheckSkippedCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C),
        VS(C.sinks(), C.config().option(M.Id, "verify-name-pattern",
                                        "verif|check_?sig|sig_?check|signature|authenticat"),
           /*SignaturesOnly=*/true) {}

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onFunctionDefinition("fn", this);
    Nodes.onEveryCall("call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, *R.Context);
      return;
    }
    if (const auto *CE = R.Nodes.getNodeAs<CallExpr>("call"); CE && VS.isVerifyCall(CE))
      if (const FunctionDecl *Fn = Tracker.enclosing(CE, *R.Context))
        Calls[Fn].push_back(CE);
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    for (auto &Entry : Calls)
      analyse(Entry.first, Entry.second, Ctx);
  }

private:
  void analyse(const FunctionDecl *Fn, const std::vector<const CallExpr *> &Verifies, ASTContext &Ctx) {
    CFG::BuildOptions Opts;
    std::unique_ptr<CFG> G = CFG::buildCFG(Fn, Fn->getBody(), &Ctx, Opts);
    if (!G)
      return;
    llvm::DenseSet<const CFGBlock *> Reach;
    std::vector<const CFGBlock *> Work{&G->getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.back();
      Work.pop_back();
      if (!Reach.insert(B).second)
        continue;
      for (const CFGBlock::AdjacentBlock &S : B->succs())
        if (const CFGBlock *N = S.getReachableBlock())
          Work.push_back(N);
    }
    llvm::DenseSet<const Stmt *> Wanted(Verifies.begin(), Verifies.end());
    llvm::DenseSet<const Stmt *> Unreachable, Seen;
    for (const CFGBlock *B : *G)
      for (const CFGElement &E : *B)
        if (auto S = E.getAs<CFGStmt>())
          if (Wanted.count(S->getStmt())) {
            Seen.insert(S->getStmt());
            if (!Reach.count(B))
              Unreachable.insert(S->getStmt());
          }
    llvm::DenseSet<const Stmt *> Reported;
    for (const CallExpr *CE : Verifies) {
      if (!Unreachable.count(CE))
        continue;
      ParentMap &PM = Maps.of(Fn);
      const Stmt *Culprit = culprit(CE, PM, Ctx);
      if (!Reported.insert(Culprit ? Culprit : CE).second)
        continue;
      unsigned Line = Ctx.getSourceManager().getExpansionLineNumber(CE->getBeginLoc());
      std::string Callee = upd::calleeName(CE).str();
      if (Culprit) {
        report(Culprit->getBeginLoc(), Culprit->getSourceRange(),
               (isa<Expr>(Culprit) ? "this condition is always false, so the verification call "
                                   : "this unconditional jump makes the verification call ") +
                   Callee + "() on line " + std::to_string(Line) + " unreachable: every path skips the check",
               "remove the stray jump or guard it with the condition it belongs to, so that " + Callee +
                   "() runs on every path that returns success");
      } else {
        report(CE->getBeginLoc(), CE->getSourceRange(),
               "the verification call " + Callee + "() can never run: no path reaches it",
               "restructure the control flow so the check runs before success is returned");
      }
    }
  }

  /// The unconditional jump (goto/return/break/continue) right before the statement holding CE, or
  /// the constant-false condition guarding it.
  static const Stmt *culprit(const CallExpr *CE, ParentMap &PM, ASTContext &Ctx) {
    const Stmt *Cur = CE;
    for (unsigned Guard = 0; Guard < 64; ++Guard) {
      const Stmt *P = PM.getParent(Cur);
      if (!P)
        return nullptr;
      if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
        const Stmt *Prev = nullptr;
        for (const Stmt *S : CS->body()) {
          if (S == Cur)
            break;
          Prev = S;
        }
        while (const auto *LS = dyn_cast_or_null<LabelStmt>(Prev))
          Prev = LS->getSubStmt();
        if (Prev && (isa<GotoStmt>(Prev) || isa<ReturnStmt>(Prev) || isa<BreakStmt>(Prev) ||
                     isa<ContinueStmt>(Prev)))
          return Prev;
      }
      if (const auto *If = dyn_cast<IfStmt>(P)) {
        if (If->getThen() == Cur)
          if (auto V = upd::evalInt(If->getCond(), Ctx))
            if (V->isZero())
              return If->getCond();
      }
      Cur = P;
    }
    return nullptr;
  }

  upd::VerifySet VS;
  upd::FunctionTracker Tracker;
  upd::ParentMaps Maps;
  llvm::MapVector<const FunctionDecl *, std::vector<const CallExpr *>> Calls;
};

} // namespace

CRA_RULE_FACTORY(SigCheckSkippedCheck)

} // namespace cra
