//===- SecWeakRngCheck.cpp - sec-weak-rng: rand()/random() making keys, tokens, nonces, sessions ---===//
//
// Annex I (2)(d)/(e): session ids, CSRF tokens, nonces, salts, PINs and keys drawn from rand()/random()
// are predictable (CWE-330/338; CodeQL's insecure-randomness design). Jitter, back-off, sampling and
// shuffling are not reported. The value of an RNG row's call ("value": the return; "buffer:N": the
// buffer argument N) is followed up the expression to where it lands:
//   - an assignment or initialiser: the target's name (with its struct type: `session.id`);
//   - an output parameter (`out[i] = ...`, `*p = ...`) or the return value: the function's name;
//   - a call argument: snprintf/sprintf's destination, otherwise the callee's name and parameter name;
//   - a local variable that is not itself named: one more step along its later uses.
// The landing place is sensitive when its words match `sensitive-pattern` and not `benign-pattern`.
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

const char *const SensitivePattern =
    "(^|[^a-z])(token|tokens|session|sessions|sid|sess|nonce|salt|key|keys|iv|otp|pin|passw[a-z]*|secret|"
    "challenge|cookie|csrf|xsrf|auth[a-z]*|credential[a-z]*)([^a-z]|$)";
const char *const BenignPattern =
    "(^|[^a-z])(delay|jitter|backoff|back_off|sleep|timeout|wait|retry|retries|interval|shuffle|sample|"
    "sampling|color|colour|noise|dither|jiggle|spread|latency|slot)([^a-z]|$)";

class SecWeakRngCheck : public Rule {
public:
  SecWeakRngCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Sensitive = dbg::patternOption(C.config(), M.Id, "sensitive-pattern", SensitivePattern);
    Benign = dbg::patternOption(C.config(), M.Id, "benign-pattern", BenignPattern);
    Rows = dbg::rowsWithSemantics(C.sinks(), "RNG", {"value", "buffer"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
    if (Names.empty())
      return;
    std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
    Nodes.onCallTo(ast::nameSetOf(Refs), "call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *C = R.Nodes.getNodeAs<CallExpr>("call");
    if (!C)
      return;
    const SinkRow *Row = dbg::rowFor(Rows, dbg::calleeName(C));
    if (!Row)
      return;
    std::string Where;
    if (llvm::StringRef(Row->Semantics).starts_with("buffer")) {
      if (Row->Arg < 0 || static_cast<unsigned>(Row->Arg) >= C->getNumArgs())
        return;
      Where = classifyStorage(C->getArg(Row->Arg), C);
    } else {
      Where = landing(C, 0);
    }
    if (Where.empty())
      return;
    report(C->getBeginLoc(), C->getSourceRange(),
           dbg::calleeName(C).str() + "() is not a cryptographic random generator but its value " + Where,
           "use a CSPRNG: getrandom(2), arc4random_buf, RAND_bytes, mbedtls_ctr_drbg_random or the "
           "platform's hardware RNG driver");
  }

private:
  bool sensitive(const std::string &Words) const {
    return !Words.empty() && Sensitive.matches(Words) && !Benign.matches(Words);
  }

  /// Sensitive description of a storage expression, or "".
  std::string classifyStorage(const Expr *Target, const Stmt *At) {
    std::string Name = dbg::storageName(Target);
    if (Benign.matches(Name))
      return "";
    if (sensitive(Name))
      return "makes '" + dbg::sourceText(Target->getSourceRange(), ast(), 40) + "'";
    // out[i] = ..., *p = ..., p->x = ...: an output parameter of a token/session/key function.
    const Expr *S = dbg::strip(Target);
    bool Indirect = isa<ArraySubscriptExpr>(S) || isa<UnaryOperator>(S) ||
                    (isa<MemberExpr>(S) && cast<MemberExpr>(S)->isArrow());
    const VarDecl *V = dbg::baseVar(S);
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      V = dbg::baseVar(ME->getBase());
    if (Indirect && V && isa<ParmVarDecl>(V))
      return functionContext(At, "fills '" + dbg::sourceText(Target->getSourceRange(), ast(), 40) + "' of ");
    return "";
  }

  std::string functionContext(const Stmt *At, const std::string &Prefix) {
    const FunctionDecl *Fn = dbg::enclosingFunction(At, ast());
    if (!Fn || !Fn->getIdentifier())
      return "";
    std::string W = dbg::nameWords(Fn->getName());
    if (sensitive(W))
      return Prefix + Fn->getName().str() + "()";
    return "";
  }

  /// Where the value of E ends up, described, when that place is sensitive; "" otherwise.
  std::string landing(const Expr *E, unsigned Depth) {
    if (Depth > 2)
      return "";
    const Stmt *Child = E;
    const Stmt *P = dbg::parentStmt(E, ast());
    for (unsigned Guard = 0; Guard < 24; ++Guard) {
      // `unsigned token = rand();`: the initialiser's parent is the VarDecl (parentStmt steps over
      // it to the DeclStmt, so look first).
      if (const VarDecl *V = dbg::initialisedVar(Child, ast())) {
          std::string W = dbg::nameWords(V->getName());
          if (Benign.matches(W))
            return "";
          if (sensitive(W))
            return "initialises '" + V->getName().str() + "'";
          return followLocal(V, Child, Depth);
        }
      if (!P)
        break;
      if (const auto *B = dyn_cast<BinaryOperator>(P)) {
        if (B->isAssignmentOp()) {
          if (Child != B->getRHS())
            return "";
          std::string W = classifyStorage(B->getLHS(), B);
          if (!W.empty())
            return W;
          return followLocal(dbg::baseVar(B->getLHS()), B, Depth);
        }
        if (B->isComparisonOp() || B->isLogicalOp())
          return ""; // rand() % 100 < 5: a decision, not a value that is kept
      } else if (isa<ReturnStmt>(P)) {
        return functionContext(P, "is returned by ");
      } else if (const auto *C = dyn_cast<CallExpr>(P)) {
        return callArgument(C, Child);
      } else if (isa<IfStmt>(P) || isa<WhileStmt>(P) || isa<ForStmt>(P) || isa<DoStmt>(P) ||
                 isa<SwitchStmt>(P) || isa<CompoundStmt>(P) || isa<CaseStmt>(P)) {
        return "";
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P)) {
        (void)AS; // "hex"[rand() & 15]: the picked element carries the randomness on
      }
      Child = P;
      P = dbg::parentStmt(P, ast());
    }
    return "";
  }

  std::string callArgument(const CallExpr *C, const Stmt *Child) {
    llvm::StringRef N = dbg::calleeName(C);
    unsigned Idx = 0;
    for (; Idx < C->getNumArgs(); ++Idx)
      if (C->getArg(Idx) == Child)
        break;
    if (Idx >= C->getNumArgs())
      return "";
    if ((N == "snprintf" || N == "sprintf") && C->getNumArgs() > 0) {
      std::string W = classifyStorage(C->getArg(0), C);
      if (!W.empty())
        return W;
      // snprintf(buf, n, "csrf=%08x", rand()): the format says what the text is.
      unsigned FmtIdx = N == "snprintf" ? 2 : 1;
      if (FmtIdx < C->getNumArgs() && Idx > FmtIdx)
        if (auto F = dbg::stringValue(C->getArg(FmtIdx), ast()); F && sensitive(dbg::lower(*F)))
          return "is formatted into \"" + dbg::printable(*F, 40) + "\"";
      // ... or the buffer is the output parameter of a token/session/key function.
      if (const VarDecl *V = dbg::baseVar(C->getArg(0)); V && isa<ParmVarDecl>(V))
        return functionContext(C, "fills '" + V->getName().str() + "' of ");
      return "";
    }
    const FunctionDecl *FD = C->getDirectCallee();
    std::string W = dbg::nameWords(N);
    if (FD && Idx < FD->getNumParams() && FD->getParamDecl(Idx)->getIdentifier())
      W += " " + dbg::nameWords(FD->getParamDecl(Idx)->getName());
    if (N.starts_with("srand") || N == "usleep" || N == "sleep" || N == "nanosleep")
      return "";
    if (sensitive(W))
      return "is passed to " + N.str() + "()";
    return "";
  }

  /// A neutral local (`unsigned r = rand();`): where do its later uses put it?
  std::string followLocal(const VarDecl *V, const Stmt *After, unsigned Depth) {
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
      return "";
    const FunctionDecl *Fn = dbg::enclosingFunction(After, ast());
    if (!Fn || !Fn->getBody())
      return "";
    std::string Found;
    dbg::walk(Fn->getBody(), [&](const Stmt *S) {
      const auto *DR = dyn_cast<DeclRefExpr>(S);
      if (!DR || DR->getDecl() != V)
        return true;
      // Skip the defining write itself.
      if (const Stmt *P = dbg::parentStmt(DR, ast()))
        if (const auto *B = dyn_cast<BinaryOperator>(P))
          if (B->isAssignmentOp() && B->getLHS() == DR)
            return true;
      Found = landing(DR, Depth + 1);
      return Found.empty();
    });
    return Found;
  }

  dbg::NamePattern Sensitive, Benign;
  std::vector<const SinkRow *> Rows;
};

} // namespace

CRA_RULE_FACTORY(SecWeakRngCheck)

} // namespace cra
