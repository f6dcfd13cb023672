//===- CredLiteralArgCheck.cpp - cred-literal-arg -------------------------------------------------===//
//
// A constant credential reaches a credential argument of a known library API (sink table rows of kind
// CRED): curl CURLOPT_USERPWD, mosquitto_username_pw_set, mysql_real_connect, sqlite3_key, libssh,
// SNMP communities, cipher keys ... The argument may be a literal, a macro, a const global or a local
// buffer last filled from a literal (AstUtil resolveString). docs/rules/cred-literal-arg.md.
//
//===----------------------------------------------------------------------------------------------===//
#include "AstUtil.h"
#include "CredUtil.h"
#include "RuleBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace cra {

namespace {
using namespace clang::ast_matchers;

/// Semantics values of CRED rows that other rules own: cred-url-userinfo ("userinfo"),
/// cred-embedded-key ("private-key", "key-buffer"), cred-literal-compare ("input", "crypt-hash").
bool ownedElsewhere(llvm::StringRef Sem) {
  return Sem == "userinfo" || Sem == "private-key" || Sem == "key-buffer" || Sem == "input" ||
         Sem == "crypt-hash";
}

/// Per-row value tests ("" = any non-placeholder constant).
bool valueMatches(llvm::StringRef Sem, llvm::StringRef V, bool Bytes) {
  if (Sem.empty())
    return Bytes ? !V.empty() : !cred::isPlaceholder(V);
  if (Bytes)
    return false;
  if (Sem == "auth-header") {
    // "Authorization: Basic ...", "X-API-Key: ...", "Cookie: session=..." with a value.
    auto [Name, Value] = V.split(':');
    std::string N = Name.trim().lower();
    bool Secret = N == "authorization" || N == "proxy-authorization" || N == "cookie" ||
                  llvm::StringRef(N).contains("api-key") || llvm::StringRef(N).contains("token") ||
                  llvm::StringRef(N).contains("apikey");
    llvm::StringRef Val = Value.trim();
    for (const char *Scheme : {"Basic ", "Bearer ", "Digest ", "Token "})
      if (Val.starts_with(Scheme))
        Val = Val.drop_front(std::strlen(Scheme)).trim();
    return Secret && !cred::isPlaceholder(Val);
  }
  if (Sem == "sql-secret") {
    std::string L = V.lower();
    llvm::StringRef S(L);
    for (const char *Marker : {"pragma key", "pragma rekey", "identified by '", "identified by \"", "password('",
                               " key '", " key \""}) {
      size_t P = S.find(Marker);
      if (P == llvm::StringRef::npos)
        continue;
      llvm::StringRef After = V.drop_front(P + std::strlen(Marker)).ltrim(" ='\"x");
      llvm::StringRef Secret = After.take_until([](char C) { return C == '\'' || C == '"' || C == ';'; });
      if (!cred::isPlaceholder(Secret) && Secret != "?")
        return true;
    }
    return false;
  }
  if (Sem == "uhttpd-pass")
    return !V.starts_with("$p$") && !cred::isPlaceholder(V);
  return !cred::isPlaceholder(V);
}

class CredLiteralArgCheck : public Rule {
public:
  using Rule::Rule;

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onCallTo(cred::sinkFunctions(ctx().sinks(), "CRED"), "call", this);
  }



  void run(const MatchFinder::MatchResult &Result) override {
    const auto *CE = Result.Nodes.getNodeAs<clang::CallExpr>("call");
    std::string Name = ast::calleeName(CE);
    if (Name.empty())
      return;
    std::vector<const SinkRow *> Rows = ctx().sinks().lookup(Name, "CRED");
    if (Rows.empty())
      return;
    bool Test = false, TestKnown = false;
    for (const SinkRow *R : Rows) {
      if (R->Arg < 0 || R->OutParam || ownedElsewhere(R->Semantics))
        continue;
      unsigned A = static_cast<unsigned>(R->Arg);
      if (A >= CE->getNumArgs())
        continue;
      if (!R->Selector.empty()) {
        if (R->Selector[0] == '.' || A == 0)
          continue; // struct-field rows are cred-named-literal's
        if (ast::enumOrMacroName(CE->getArg(A - 1), ast()) != R->Selector)
          continue;
      }
      const clang::Expr *Arg = CE->getArg(A);
      std::optional<ast::ResolvedString> V = ast::resolveString(Arg, ast());
      if (!V || !valueMatches(R->Semantics, V->Value, V->IsByteArray))
        continue;
      if (cred::looksLikePublicMaterial(V->Value))
        continue;
      if (!TestKnown) {
        Test = cred::inTestCode(CE, ast(), ctx().config());
        TestKnown = true;
      }
      if (Test)
        return;
      std::string What = R->Selector.empty() ? Name + "() argument " + std::to_string(A + 1)
                                             : Name + "(" + R->Selector + ")";
      std::string How;
      switch (V->Origin) {
      case ast::ValueOrigin::Literal:
        How = "a string literal";
        break;
      case ast::ValueOrigin::Macro:
        How = "macro " + V->Macro;
        break;
      case ast::ValueOrigin::Variable:
        How = std::string(V->IsByteArray ? "constant array '" : "constant '") +
              (V->Var ? V->Var->getName().str() : std::string("?")) + "'";
        break;
      case ast::ValueOrigin::BufferCopy:
        How = "buffer '" + (V->Var ? V->Var->getName().str() : std::string("?")) + "' filled from a literal";
        break;
      }
      std::string Val = V->IsByteArray ? std::to_string(V->Value.size()) + " constant bytes" : cred::redact(V->Value);
      report(CE->getBeginLoc(), Arg->getSourceRange(),
             "hard-coded credential " + Val + " from " + How + " passed to " + What +
                 (R->Note.empty() ? "" : " (" + R->Note + ")"),
             cred::FixRuntimeSecret);
      return; // one finding per call
    }
  }
};

} // namespace

CRA_RULE_FACTORY(CredLiteralArgCheck)

} // namespace cra
