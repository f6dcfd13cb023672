//===- DebugMagicBypassCheck.cpp - debug-magic-bypass: auth decided by a magic value from the request ===//
//
// Annex I (2)(d): a magic User-Agent (the D-Link "xmlset_roodkcableoj28840ybtide" backdoor), a query
// token (CVE-2017-7921 "auth=YWRtaW46MTEK"), a peer host name, a datagram prefix or an environment
// variable (SKIP_AUTH, FACTORY_MODE) compared with a literal and granting access.
// A finding needs both halves:
//   - the compared value is request-derived: returned by a header/query/cookie getter (or a variable
//     holding such a result), named like one (ua, user_agent, query_string, cookie, referer, host,
//     peer), a CGI environment variable (HTTP_*, QUERY_STRING, REMOTE_HOST), a buffer filled by
//     recv/recvfrom, or a debug/backdoor environment variable (getenv rows "env-gate");
//   - the comparison decides authentication: the branch it selects returns success from an
//     auth-named function, sets an auth-control variable (auth, admin, privilege, unlock, bypass,
//     debug_mode, factory, ...), or the comparison is the return value / initialiser of one.
// Password and user-name compares are cred-literal-compare's; loopback and HTTP-method literals are
// never magic values.
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

const char *const RequestNamePattern =
    "(^|[^a-z])(ua|user_?agent|useragent|agent|query|query_?string|qs|cookies?|referr?er|host|hostname|"
    "host_?name|peer|peer_?name|peer_?host|remote_?host|remote_?name|client_?host|client_?name|header|"
    "hdr|x_[a-z_]+|magic|datagram|pkt|packet)([^a-z]|$)";
const char *const RequestGetterPattern =
    "header|hdr|get_?var|getvar|query|param|cookie|user_?agent|websGetVar|MHD_lookup_connection_value|"
    "mg_get_header|mg_http_get_header|mg_http_var|mg_get_var|httpd_req_get|evhttp_find_header|"
    "gethostbyaddr|getnameinfo|inet_ntoa|peer";
const char *const RequestEnvPattern =
    "^(HTTP_[A-Z_]+|QUERY_STRING|REMOTE_HOST|REMOTE_IDENT|HTTP_COOKIE)$";
const char *const DebugEnvPattern =
    "(^|_)(debug|dbg|backdoor|skip_?auth|no_?auth|noauth|disable_?auth|auth_?off|factory[a-z_]*|"
    "test_?mode|devmode|dev_?mode|bypass[a-z_]*|insecure|unlock|allow_?all|mfg[a-z_]*)(_|$)";
const char *const AuthFunctionPattern =
    "auth|login|logon|allow|permit|permission|privilege|access|admin|verify|valid|session|check_?(user|"
    "request|client)|trusted|unlock";
const char *const CredNamePattern =
    "(^|[^a-z])(pass[a-z]*|pwd|pin|secret|user(_?name)?|login|account|otp)([^a-z_]|$)";

bool isCompareName(llvm::StringRef N) {
  return N == "strcmp" || N == "strncmp" || N == "strcasecmp" || N == "strncasecmp" || N == "memcmp" ||
         N == "strstr" || N == "strcasestr" || N == "mg_strcmp" || N == "mg_vcmp" || N == "mg_vcasecmp" ||
         N == "g_strcmp0" || N == "bcmp";
}

class DebugMagicBypassCheck : public Rule {
public:
  DebugMagicBypassCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    const RuleConfig &Cfg = C.config();
    RequestName = dbg::patternOption(Cfg, M.Id, "request-pattern", RequestNamePattern);
    RequestGetter = dbg::patternOption(Cfg, M.Id, "getter-pattern", RequestGetterPattern);
    DebugEnv = dbg::patternOption(Cfg, M.Id, "env-pattern", DebugEnvPattern);
    AuthFn = dbg::patternOption(Cfg, M.Id, "auth-function-pattern", AuthFunctionPattern);
    AuthVar = dbg::patternOption(Cfg, M.Id, "auth-var-pattern", dbg::AuthVarPattern);
    RequestEnv.setTrusted(RequestEnvPattern);
    CredName.setTrusted(CredNamePattern);
    CompareRows = dbg::rowsWithSemantics(C.sinks(), "ROUTE", {"compare"});
    EnvRows = dbg::rowsWithSemantics(C.sinks(), "ROUTE", {"env-gate"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(CompareRows);
    for (const std::string &N : dbg::functionNames(EnvRows))
      Names.push_back(N);
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
    if (dbg::rowFor(EnvRows, N))
      onEnv(C);
    if (dbg::rowFor(CompareRows, N))
      onCompare(C);
  }

private:
  /// getenv("SKIP_AUTH") used directly as a gate (compares are handled by onCompare).
  void onEnv(const CallExpr *C) {
    if (C->getNumArgs() < 1)
      return;
    auto Name = dbg::stringValue(C->getArg(0), ast());
    if (!Name || !DebugEnv.matches(*Name))
      return;
    if (const Stmt *P = dbg::parentStmt(C, ast()))
      if (const auto *PC = dyn_cast<CallExpr>(P))
        if (isCompareName(dbg::calleeName(PC)))
          return;
    std::string What;
    if (!decidesAuth(C, What))
      return;
    report(C->getBeginLoc(), C->getSourceRange(),
           "the environment variable '" + *Name + "' " + What,
           "remove the environment override from release builds; authentication must not depend on "
           "the process environment");
  }

  void onCompare(const CallExpr *C) {
    if (C->getNumArgs() < 2)
      return;
    for (unsigned I = 0; I < 2; ++I) {
      const Expr *Lit = C->getArg(I);
      const Expr *Other = C->getArg(1 - I);
      if (!isa<StringLiteral>(dbg::strip(Lit)) && !isMacroString(Lit))
        continue;
      auto L = dbg::stringValue(Lit, ast());
      if (!L || L->empty() || isHarmlessLiteral(*L))
        continue;
      std::string Source = requestSource(Other);
      if (Source.empty())
        return;
      std::string What;
      if (!decidesAuth(C, What))
        return;
      report(C->getBeginLoc(), C->getSourceRange(),
             Source + " is compared with the literal '" + dbg::printable(*L, 40) + "' and " + What +
                 ": a magic-value authentication bypass",
             "remove the bypass; authenticate every request with per-device credentials");
      return;
    }
  }

  bool isMacroString(const Expr *E) const {
    return E->getBeginLoc().isMacroID() && isa<StringLiteral>(dbg::strip(E));
  }

  static bool isHarmlessLiteral(llvm::StringRef L) {
    std::string S = dbg::lower(L);
    static const char *const Harmless[] = {"127.0.0.1", "localhost", "::1", "get", "post", "put",
                                           "delete", "head", "options", "patch"};
    for (const char *H : Harmless)
      if (S == H)
        return true;
    return false;
  }

  /// What request-derived value E is ("the User-Agent header"), or "" when it is not one.
  std::string requestSource(const Expr *E, unsigned Depth = 0) {
    if (Depth > 2)
      return "";
    const Expr *S = dbg::strip(E);
    if (const auto *Mem = dyn_cast<MemberExpr>(S)) // mg_str .buf / .ptr
      if (Mem->getMemberDecl()->getName() == "buf" || Mem->getMemberDecl()->getName() == "ptr" ||
          Mem->getMemberDecl()->getName() == "p")
        S = dbg::strip(Mem->getBase());
    if (const auto *U = dyn_cast<UnaryOperator>(S))
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
        S = dbg::strip(U->getSubExpr());
    std::string Name = dbg::storageName(S);
    if (!Name.empty() && CredName.matches(Name))
      return ""; // passwords and user names: cred-literal-compare
    if (const auto *C = dyn_cast<CallExpr>(S)) {
      llvm::StringRef N = dbg::calleeName(C);
      if (N == "getenv" && C->getNumArgs() == 1) {
        auto EnvName = dbg::stringValue(C->getArg(0), ast());
        if (EnvName && (RequestEnv.matches(*EnvName) || DebugEnv.matches(*EnvName)))
          return "the environment variable '" + *EnvName + "'";
        return "";
      }
      if (!N.empty() && RequestGetter.matches(N)) {
        for (const Expr *A : C->arguments())
          if (auto H = dbg::stringValue(A, ast()); H && isa<StringLiteral>(dbg::strip(A)))
            return "the request value '" + *H + "' (" + N.str() + ")";
        return "the request value returned by " + N.str() + "()";
      }
      return "";
    }
    const VarDecl *V = dbg::baseVar(S);
    if (V && !Name.empty() && RequestName.matches(Name)) {
      if (receivedInto(V, S))
        return "the received datagram '" + V->getName().str() + "'";
      return "the request value '" + V->getName().str() + "'";
    }
    if (V && receivedInto(V, S))
      return "the received datagram '" + V->getName().str() + "'";
    // const char *v = get_header(req, "User-Agent");
    if (V && V->hasLocalStorage() && !isa<ParmVarDecl>(V)) {
      if (const Expr *Init = V->getInit())
        if (isa<CallExpr>(dbg::strip(Init)))
          return requestSource(Init, Depth + 1);
      std::string Found;
      if (const FunctionDecl *F = dbg::enclosingFunction(S, ast()))
        dbg::walk(F->getBody(), [&](const Stmt *X) {
          if (const auto *B = dyn_cast<BinaryOperator>(X))
            if (B->getOpcode() == BO_Assign && dbg::baseVar(B->getLHS()) == V &&
                isa<CallExpr>(dbg::strip(B->getRHS()))) {
              Found = requestSource(B->getRHS(), Depth + 1);
              if (!Found.empty())
                return false;
            }
          return true;
        });
      return Found;
    }
    return "";
  }

  /// recv/recvfrom into V in the same function.
  bool receivedInto(const VarDecl *V, const Expr *Use) {
    const FunctionDecl *F = dbg::enclosingFunction(Use, ast());
    if (!F || !F->getBody())
      return false;
    return dbg::containsCall(F->getBody(), [&](const CallExpr *C) {
      llvm::StringRef N = dbg::calleeName(C);
      return (N == "recv" || N == "recvfrom" || N == "read") && C->getNumArgs() >= 2 &&
             dbg::baseVar(C->getArg(1)) == V;
    });
  }

  /// Whether the value of C decides authentication; What says how.
  bool decidesAuth(const CallExpr *C, std::string &What) {
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    bool AuthFunction = Fn && Fn->getIdentifier() && AuthFn.matches(Fn->getName());
    const Stmt *Child = C;
    const Stmt *P = dbg::parentStmt(C, ast());
    for (unsigned Guard = 0; P && Guard < 16; ++Guard) {
      if (const auto *If = dyn_cast<IfStmt>(P)) {
        if (Child != If->getCond())
          return false;
        return branchGrants(If->getThen(), AuthFunction, Fn, What) ||
               (If->getElse() && branchGrants(If->getElse(), AuthFunction, Fn, What));
      }
      if (isa<ReturnStmt>(P)) {
        if (AuthFunction) {
          What = "decides the result of " + Fn->getName().str() + "()";
          return true;
        }
        return false;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(P)) {
        if (B->isAssignmentOp()) {
          std::string N = dbg::storageName(B->getLHS());
          if (AuthVar.matches(N)) {
            What = "sets '" + dbg::sourceText(B->getLHS()->getSourceRange(), ast(), 40) + "'";
            return true;
          }
          return false;
        }
      }
      if (const auto *CO = dyn_cast<ConditionalOperator>(P))
        if (Child != CO->getCond())
          return false;
      if (isa<CompoundStmt>(P) || isa<WhileStmt>(P) || isa<ForStmt>(P) || isa<SwitchStmt>(P))
        return false;
      if (isa<CallExpr>(P) && !isa<ImplicitCastExpr>(Child))
        return false;
      Child = P;
      // int ok = strcmp(ua, "x") == 0;  (the parent of the initialiser is the VarDecl; parentStmt
      // would step over it to the DeclStmt)
      if (isa<DeclStmt>(P))
        return false;
      if (const VarDecl *V = dbg::initialisedVar(P, ast())) {
        if (AuthVar.matches(V->getName())) {
          What = "initialises '" + V->getName().str() + "'";
          return true;
        }
        return false;
      }
      P = dbg::parentStmt(P, ast());
    }
    return false;
  }

  /// A branch that grants: returns non-zero from an auth function, sets an auth variable to a
  /// non-zero value, or calls a function that grants access.
  bool branchGrants(const Stmt *Branch, bool AuthFunction, const FunctionDecl *Fn, std::string &What) {
    bool Grants = false;
    dbg::walk(Branch, [&](const Stmt *S) {
      if (const auto *R = dyn_cast<ReturnStmt>(S)) {
        if (AuthFunction && R->getRetValue()) {
          auto V = dbg::intValue(R->getRetValue(), ast());
          if (V && *V != 0 && *V != -1) {
            What = "makes " + Fn->getName().str() + "() return " + std::to_string(*V);
            Grants = true;
            return false;
          }
        }
        return true;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->isAssignmentOp() && AuthVar.matches(dbg::storageName(B->getLHS()))) {
          auto V = dbg::intValue(B->getRHS(), ast());
          if (!V || *V != 0) {
            What = "sets '" + dbg::sourceText(B->getLHS()->getSourceRange(), ast(), 40) + "'";
            Grants = true;
            return false;
          }
        }
        return true;
      }
      if (const auto *C = dyn_cast<CallExpr>(S)) {
        llvm::StringRef N = dbg::calleeName(C);
        std::string L = dbg::lower(N);
        llvm::StringRef LN = L;
        if (LN.contains("grant") || LN.contains("set_admin") || LN.contains("set_auth") ||
            LN.contains("unlock") || LN.contains("login_success") || LN.contains("set_priv") ||
            LN == "setuid" || LN == "seteuid") {
          What = "calls " + N.str() + "()";
          Grants = true;
          return false;
        }
      }
      return true;
    });
    return Grants;
  }

  dbg::NamePattern RequestName, RequestGetter, RequestEnv, DebugEnv, AuthFn, AuthVar, CredName;
  std::vector<const SinkRow *> CompareRows, EnvRows;
};

} // namespace

CRA_RULE_FACTORY(DebugMagicBypassCheck)

} // namespace cra
