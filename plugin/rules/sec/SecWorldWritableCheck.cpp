//===- SecWorldWritableCheck.cpp - sec-world-writable: files and directories others may write ------===//
//
// Annex I (2)(j)/(f): a world-writable file, FIFO or directory lets any local process (a compromised
// web CGI running as nobody) replace configuration, scripts or firmware staging files (CWE-732).
// The mode is constant-folded (S_IRWXU|S_IRWXG|S_IRWXO and 0777 alike) and tested for S_IWOTH (0002).
// PERM rows, semantics:
//   mode      the argument is a mode set as is (chmod, fchmod, fchmodat); report when it grants write
//             to others
//   create-mode
//             the argument is a creation mode (open, creat, mkdir, mkfifo, ...). 0666/0777 there is
//             the POSIX idiom: the process umask removes the bits the user or service does not want
//             (what touch, mkdir(1) and shell redirections do), so it is reported only when the same
//             function set a umask that keeps S_IWOTH before the call (umask(0) then open(..., 0666)
//             is the real defect). A call without the argument, open(path, O_RDONLY), has no mode
//   umask     the argument is a umask; report when it does not clear S_IWOTH (umask(0)), unless the
//             saved old mask is put back right after (the umask-reading idiom)
// A directory mode with the sticky bit (01777, the /tmp pattern) is not reported.
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

std::string octal(int64_t V) {
  if (V == 0)
    return "0";
  std::string S;
  do {
    S.insert(S.begin(), static_cast<char>('0' + (V & 7)));
    V >>= 3;
  } while (V > 0);
  return "0" + S;
}

class SecWorldWritableCheck : public Rule {
public:
  SecWorldWritableCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Rows = dbg::rowsWithSemantics(C.sinks(), "PERM", {"mode", "create-mode", "umask"});
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
    llvm::StringRef N = dbg::calleeName(C);
    const SinkRow *Row = dbg::rowFor(Rows, N);
    if (!Row || Row->Arg < 0 || static_cast<unsigned>(Row->Arg) >= C->getNumArgs())
      return;
    auto [Kind, Param] = llvm::StringRef(Row->Semantics).split(':');
    const Expr *A = C->getArg(Row->Arg);
    auto V = dbg::intValue(A, ast());
    if (!V)
      return;
    if (Kind == "umask") {
      if (*V & 02 || restoredUmask(C))
        return;
      report(C->getBeginLoc(), C->getSourceRange(),
             "umask(" + octal(*V) + ") lets files and directories created afterwards be world-writable",
             "use umask(022) or umask(077), and create files with explicit restrictive modes");
      return;
    }
    if (!(*V & 02))
      return;
    bool Dir = N.contains("mkdir");
    if (Dir && (*V & 01000))
      return; // sticky shared directory: others may add but not replace each other's files
    std::optional<int64_t> Mask;
    if (Kind == "create-mode" && !(Mask = clearedUmaskBefore(C)))
      return; // the umask in force at run time decides, and nothing here cleared it
    std::string What = Dir ? "directory" : (N.contains("mkfifo") || N.contains("mknod")) ? "special file" : "file";
    report(C->getBeginLoc(), C->getSourceRange(),
           N.str() + "() gives the " + What + " mode " + octal(*V & 07777) +
               (Mask ? " under umask(" + octal(*Mask) + ")" : std::string()) +
               ": every local user may write it (S_IWOTH)",
           "use a mode without S_IWOTH (0644/0600 for files, 0755/0700 for directories)");
  }

private:
  /// The constant value of the umask() call that last precedes C in its function, when that value
  /// keeps S_IWOTH (umask(0), umask(020)); nullopt when there is none, it masks S_IWOTH, or it is not
  /// a constant (putting back a saved mask). Source order stands in for execution order: a umask(0)
  /// on one branch and the creation on another is still reported, which the code should not do anyway.
  std::optional<int64_t> clearedUmaskBefore(const CallExpr *C) {
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    if (!Fn || !Fn->getBody())
      return std::nullopt;
    const SourceManager &SM = ast().getSourceManager();
    SourceLocation At = SM.getExpansionLoc(C->getBeginLoc());
    const CallExpr *Last = nullptr;
    dbg::containsCall(Fn->getBody(), [&](const CallExpr *X) {
      SourceLocation L = SM.getExpansionLoc(X->getBeginLoc());
      if (dbg::calleeName(X) == "umask" && X->getNumArgs() == 1 && SM.isBeforeInTranslationUnit(L, At) &&
          (!Last || SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Last->getBeginLoc()), L)))
        Last = X;
      return false;
    });
    if (!Last)
      return std::nullopt;
    auto V = dbg::intValue(Last->getArg(0), ast());
    if (!V || (*V & 02))
      return std::nullopt;
    return *V;
  }

  /// `mode_t m = umask(0); umask(m);`: the only portable way to read the umask. The mask is put back
  /// by a later umask() of the saved value in the same function, so nothing is created under umask 0
  /// unless the code between does (reported through the creation call's own mode).
  bool restoredUmask(const CallExpr *C) {
    const VarDecl *Saved = nullptr;
    const Stmt *Child = C;
    while (Child && !Saved) {
      if (const VarDecl *V = dbg::initialisedVar(Child, ast())) {
        Saved = V;
        break;
      }
      const Stmt *S = dbg::parentStmt(Child, ast());
      if (!S)
        break;
      if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->getOpcode() == BO_Assign)
          Saved = dbg::baseVar(B->getLHS());
        break;
      }
      if (!isa<ImplicitCastExpr>(S) && !isa<ParenExpr>(S) && !isa<CStyleCastExpr>(S))
        break;
      Child = S;
    }
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    if (!Saved || !Fn || !Fn->getBody())
      return false;
    const SourceManager &SM = ast().getSourceManager();
    return dbg::containsCall(Fn->getBody(), [&](const CallExpr *X) {
      return X != C && dbg::calleeName(X) == "umask" && X->getNumArgs() == 1 &&
             dbg::baseVar(X->getArg(0)) == Saved &&
             SM.isBeforeInTranslationUnit(SM.getExpansionLoc(C->getBeginLoc()),
                                          SM.getExpansionLoc(X->getBeginLoc()));
    });
  }

  std::vector<const SinkRow *> Rows;
};

} // namespace

CRA_RULE_FACTORY(SecWorldWritableCheck)

} // namespace cra
