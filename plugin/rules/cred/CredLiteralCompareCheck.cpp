//===- CredLiteralCompareCheck.cpp - cred-literal-compare -----------------------------------------===//
//
// A backdoor or default password checked in code: user input (a credential-named parameter or field,
// the password out-parameter of MHD_basic_auth_get_username_password / mg_http_creds / pam_get_authtok,
// getpass(), argv of a login/su handler) or a crypt() hash of it is compared with a constant, and the
// result decides authentication (the enclosing function is an authentication function, or the branch
// the compare guards raises privileges). docs/rules/cred-literal-compare.md.
//
//===----------------------------------------------------------------------------------------------===//
#include "AstUtil.h"
#include "CredUtil.h"
#include "RuleBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace cra {

namespace {
using namespace clang::ast_matchers;

enum class Source { None, CredName, Argv, InputApi, CryptHash };

/// Words of a function name that make it an authentication decision.
bool isAuthWord(llvm::StringRef W) {
  static const char *const Words[] = {"login",  "logon",    "auth",     "authenticate", "authorize",
                                      "authorise", "password", "passwd", "pass",   "pw",       "pwd",
                                      "passcode", "pin",     "verify",   "allowed", "allow",   "access",
                                      "elevate", "su",       "sudo",     "admin",  "root",     "priv",
                                      "privilege", "unlock", "enable",   "grant",  "credential", "credentials",
                                      "cred",   "creds",    "superuser", "service", "backdoor", "maint"};
  for (const char *X : Words)
    if (W == X)
      return true;
  return W.starts_with("auth");
}

/// Words of a called function or assigned variable that mark a privilege change.
bool isPrivilegeWord(llvm::StringRef W) {
  static const char *const Words[] = {"priv",   "privilege", "privileges", "level",   "admin",
                                      "root",   "setuid",    "seteuid",    "setreuid", "setresuid",
                                      "setgid", "grant",     "unlock",     "elevate", "authenticated",
                                      "authorized", "authorised", "auth",    "logged",  "superuser", "su"};
  for (const char *X : Words)
    if (W == X)
      return true;
  return false;
}

bool anyWord(llvm::StringRef Name, bool (*Pred)(llvm::StringRef)) {
  if (Pred(Name.lower()))
    return true;
  for (const std::string &W : ast::identifierWords(Name))
    if (Pred(W))
      return true;
  return false;
}

/// Literals that are commands, methods or switches rather than secrets.
bool isVerb(llvm::StringRef V) {
  static const char *const Verbs[] = {"help",   "status", "show",   "list",  "get",     "set",    "start",
                                      "stop",   "reset",  "reboot", "restart", "version", "info",  "enable",
                                      "disable", "logout", "login", "exit",  "quit",    "yes",    "true",
                                      "false",  "all",    "none",   "post",  "put",     "delete", "head",
                                      "options", "patch", "basic",  "digest", "bearer", "--help", "-h"};
  std::string L = V.lower();
  for (const char *X : Verbs)
    if (L == X)
      return true;
  return false;
}

/// Calls in Body that write a credential into their out-parameter Var (MHD_basic_auth_get_username_password(c, &pass)).
class OutParamFinder : public clang::RecursiveASTVisitor<OutParamFinder> {
public:
  OutParamFinder(const clang::VarDecl *VD, const SinkTable &Sinks) : VD(VD), Sinks(Sinks) {}
  bool Found = false;
  bool VisitCallExpr(clang::CallExpr *CE) {
    std::string Name = ast::calleeName(CE);
    if (Name.empty())
      return true;
    for (const SinkRow *R : Sinks.lookup(Name, "CRED")) {
      if (!R->OutParam || R->Semantics != "input" || R->Arg < 0 ||
          static_cast<unsigned>(R->Arg) >= CE->getNumArgs())
        continue;
      const auto *U = llvm::dyn_cast<clang::UnaryOperator>(ast::strip(CE->getArg(R->Arg)));
      if (U && U->getOpcode() == clang::UO_AddrOf)
        if (const auto *D = llvm::dyn_cast<clang::DeclRefExpr>(ast::strip(U->getSubExpr())))
          if (D->getDecl() == VD)
            Found = true;
    }
    return !Found;
  }

private:
  const clang::VarDecl *VD;
  const SinkTable &Sinks;
};

/// Values assigned to a local variable (initialiser and plain assignments).
class AssignFinder : public clang::RecursiveASTVisitor<AssignFinder> {
public:
  explicit AssignFinder(const clang::VarDecl *VD) : VD(VD) {}
  std::vector<const clang::Expr *> Values;
  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (BO->getOpcode() == clang::BO_Assign)
      if (const auto *D = llvm::dyn_cast<clang::DeclRefExpr>(ast::strip(BO->getLHS())))
        if (D->getDecl() == VD)
          Values.push_back(BO->getRHS());
    return true;
  }

private:
  const clang::VarDecl *VD;
};

class CredLiteralCompareCheck : public Rule {
public:
  CredLiteralCompareCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C), Words(cred::credentialWords(C.config(), M.Id)) {}

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onCallTo(cred::compareFunctions(), "call", this, /*MinArgs=*/2);
  }

  void run(const MatchFinder::MatchResult &Result) override {
    const auto *CE = Result.Nodes.getNodeAs<clang::CallExpr>("call");
    std::string Name = ast::calleeName(CE);
    if (!cred::isCompareFunction(Name))
      return;
    for (unsigned LitIdx = 0; LitIdx < 2; ++LitIdx) {
      std::optional<ast::ResolvedString> V = ast::resolveString(CE->getArg(LitIdx), ast());
      if (!V || V->IsByteArray || V->Value.empty())
        continue;
      const clang::Expr *Input = CE->getArg(1 - LitIdx);
      if (ast::resolveString(Input, ast()))
        return; // two constants
      const clang::FunctionDecl *FD = ast::enclosingFunction(CE, ast());
      if (!FD)
        return;
      Source S = classify(Input, FD, 0);
      if (S == Source::None)
        return;
      // A crypt() hash is compared with a hash; anything else must look like a secret.
      if (S != Source::CryptHash && (cred::isPlaceholder(V->Value) || isVerb(V->Value)))
        return;
      if (S == Source::CryptHash && V->Value.size() < 13)
        return;
      if (!decidesAuthentication(CE, FD))
        return;
      if (cred::inTestCode(CE, ast(), ctx().config()))
        return;
      std::string What = describe(S, Input);
      std::string From = V->Origin == ast::ValueOrigin::Macro ? " from macro " + V->Macro
                         : V->Var ? " from '" + V->Var->getName().str() + "'"
                                  : "";
      std::string Fn = FD->getIdentifier() ? FD->getName().str() : std::string("this function");
      report(CE->getBeginLoc(), CE->getArg(LitIdx)->getSourceRange(),
             What + " is compared with the hard-coded " +
                 (S == Source::CryptHash ? "password hash " : "credential ") + cred::redact(V->Value) + From +
                 " by " + Name + "(), and the result decides authentication in '" + Fn + "'",
             "remove the built-in password; verify against a per-device salted hash in protected storage "
             "(crypto_pwhash_str_verify, crypt() with a provisioned hash) and force a change of any "
             "default (CRA Annex I Part I (2)(b), (2)(d))");
      return;
    }
  }

private:
  std::vector<std::string> Words;

  Source classify(const clang::Expr *E, const clang::FunctionDecl *FD, unsigned Depth) {
    if (!E || Depth > 4)
      return Source::None;
    E = ast::strip(E);
    if (const auto *CO = llvm::dyn_cast<clang::ConditionalOperator>(E)) {
      Source A = classify(CO->getTrueExpr(), FD, Depth + 1);
      return A != Source::None ? A : classify(CO->getFalseExpr(), FD, Depth + 1);
    }
    if (const auto *CE = llvm::dyn_cast<clang::CallExpr>(E)) {
      for (const SinkRow *R : ctx().sinks().lookup(ast::calleeName(CE), "CRED"))
        if (R->Arg < 0 && !R->OutParam) {
          if (R->Semantics == "input")
            return Source::InputApi;
          if (R->Semantics == "crypt-hash")
            return Source::CryptHash;
        }
      return Source::None;
    }
    if (const auto *AS = llvm::dyn_cast<clang::ArraySubscriptExpr>(E)) {
      const auto *D = llvm::dyn_cast<clang::DeclRefExpr>(ast::strip(AS->getBase()));
      if (D && isArgv(D->getDecl(), FD))
        return Source::Argv;
      if (D && cred::isCredentialName(D->getDecl()->getName(), Words))
        return Source::CredName;
      return Source::None;
    }
    if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E))
      return cred::isCredentialName(ME->getMemberDecl()->getName(), Words) &&
                     !cred::isDescriptorName(ME->getMemberDecl()->getName())
                 ? Source::CredName
                 : Source::None;
    const auto *D = llvm::dyn_cast<clang::DeclRefExpr>(E);
    if (!D)
      return Source::None;
    const auto *VD = llvm::dyn_cast<clang::VarDecl>(D->getDecl());
    if (!VD)
      return Source::None;
    if (cred::isCredentialName(VD->getName(), Words) && !cred::isDescriptorName(VD->getName()))
      return Source::CredName;
    if (llvm::isa<clang::ParmVarDecl>(VD) || !VD->isLocalVarDecl() || !FD->hasBody())
      return Source::None;
    OutParamFinder OP(VD, ctx().sinks());
    OP.TraverseStmt(FD->getBody());
    if (OP.Found)
      return Source::InputApi;
    std::vector<const clang::Expr *> Values;
    if (VD->getInit())
      Values.push_back(VD->getInit());
    AssignFinder AF(VD);
    AF.TraverseStmt(FD->getBody());
    Values.insert(Values.end(), AF.Values.begin(), AF.Values.end());
    for (const clang::Expr *V : Values) {
      Source S = classify(V, FD, Depth + 1);
      if (S != Source::None)
        return S;
    }
    return Source::None;
  }

  /// The argv parameter of a command handler: named argv, or char ** after an int count.
  static bool isArgv(const clang::ValueDecl *D, const clang::FunctionDecl *FD) {
    const auto *P = llvm::dyn_cast<clang::ParmVarDecl>(D);
    if (!P)
      return false;
    if (P->getName() == "argv" || P->getName() == "av")
      return true;
    unsigned I = P->getFunctionScopeIndex();
    return I > 0 && I < FD->getNumParams() && FD->getParamDecl(I - 1)->getType()->isIntegerType() &&
           P->getType()->isPointerType() && P->getType()->getPointeeType()->isPointerType();
  }

  static std::string describe(Source S, const clang::Expr *Input) {
    std::string N = ast::lvalueName(Input);
    switch (S) {
    case Source::Argv:
      return "a command-line argument";
    case Source::InputApi:
      return N.empty() ? std::string("the entered password") : "the entered password ('" + N + "')";
    case Source::CryptHash:
      return "the crypt() hash of the entered password";
    default:
      return N.empty() ? std::string("user input") : "user input '" + N + "'";
    }
  }

  /// The compare decides authentication when the function is an authentication function, or when an
  /// if/?: it controls leads to a privilege change.
  bool decidesAuthentication(const clang::CallExpr *CE, const clang::FunctionDecl *FD) {
    if (FD->getIdentifier() && anyWord(FD->getName(), isAuthWord))
      return true;
    const clang::Stmt *Prev = CE;
    const clang::Stmt *S = ast::parentStmt(CE, ast());
    for (unsigned Depth = 0; Depth < 12 && S; ++Depth) {
      // Only a compare in the condition decides the branch.
      if (const auto *If = llvm::dyn_cast<clang::IfStmt>(S))
        return If->getCond() == Prev && raisesPrivilege(If->getThen());
      if (const auto *CO = llvm::dyn_cast<clang::ConditionalOperator>(S))
        return CO->getCond() == Prev && raisesPrivilege(CO->getTrueExpr());
      // A local's initialiser: the old parent walk stopped at the VarDecl.
      if (llvm::isa<clang::CompoundStmt>(S) || llvm::isa<clang::DeclStmt>(S))
        return false;
      Prev = S;
      S = ast::parentStmt(S, ast());
    }
    return false;
  }

  static bool raisesPrivilege(const clang::Stmt *S) {
    struct V : clang::RecursiveASTVisitor<V> {
      bool Hit = false;
      bool VisitCallExpr(clang::CallExpr *CE) {
        std::string N = ast::calleeName(CE);
        if (!N.empty() && anyWord(N, isPrivilegeWord))
          Hit = true;
        return !Hit;
      }
      bool VisitBinaryOperator(clang::BinaryOperator *BO) {
        if (BO->isAssignmentOp()) {
          std::string N = ast::lvalueName(BO->getLHS());
          if (!N.empty() && anyWord(N, isPrivilegeWord))
            Hit = true;
        }
        return !Hit;
      }
    } Vis;
    Vis.TraverseStmt(const_cast<clang::Stmt *>(S));
    return Vis.Hit;
  }
};

} // namespace

CRA_RULE_FACTORY(CredLiteralCompareCheck)

} // namespace cra
