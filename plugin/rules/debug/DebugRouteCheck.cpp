//===- DebugRouteCheck.cpp - debug-route: debug/test/factory URLs served without authentication -----===//
//
// Annex I (2)(j): embedded web servers that keep their /debug, /test, /diag, /factory or /shell pages
// in release builds expose an interface nobody needs (CVE-2017-7921 class). The rule reads the ROUTE
// rows of the sink table:
//   register[:H]       URL registered with a handler at argument H (civetweb, mongoose 6)
//   auth-barrier       civetweb mg_set_auth_handler: covers the URL prefix it names
//   uri-field:F        a struct whose Selector field holds the URL, handler in field F (ESP-IDF)
//   match / match-uri  a URL pattern tested inside an event handler (mongoose, uhttpd); match-uri also
//                      needs the other operand to be the request URI
//   uri-compare        strcmp-style compare of the request URI with a literal (libmicrohttpd access
//                      handlers, CGI programs, hand-written dispatch)
// and every static {"/path", handler} table (lwIP tCGI and friends).
// A route is not reported when an authentication barrier covers it: an auth handler for the same URL
// prefix, a handler whose body starts with an authentication step, or a dispatch nested under one.
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

const char *const UriNamePattern =
    "(^|[^a-z0-9])(uri|url|request_uri|req_uri|requri|path_info|pc_uri|pcuri|script_name|request_path|"
    "req_path|http_path|document_uri)([^a-z0-9]|$)";

class DebugRouteCheck : public Rule {
public:
  DebugRouteCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    const RuleConfig &Cfg = C.config();
    Path = dbg::patternOption(Cfg, M.Id, "path-pattern", dbg::DebugPathPattern);
    AuthCall = dbg::patternOption(Cfg, M.Id, "auth-pattern", dbg::AuthCallPattern);
    AuthVar = dbg::patternOption(Cfg, M.Id, "auth-var-pattern", dbg::AuthVarPattern);
    UriName = dbg::patternOption(Cfg, M.Id, "uri-pattern", UriNamePattern);
    Rows = dbg::rowsWithSemantics(C.sinks(), "ROUTE",
                                  {"register", "auth-barrier", "uri-field", "match", "compare"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
    if (!Names.empty()) {
      std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
      Nodes.onCallTo(ast::nameSetOf(Refs), "call", this);
    }
    Nodes.onVarWithInitializer("table", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *C = R.Nodes.getNodeAs<CallExpr>("call"))
      onCall(C);
    else if (const auto *V = R.Nodes.getNodeAs<VarDecl>("table")) {
      if (isa_and_nonnull<InitListExpr>(V->getAnyInitializer()))
        onTable(V);
    }
  }

  void onEndOfTranslationUnit(ASTContext &) override {
    for (const Pending &P : Registered) {
      if (coveredByAuthHandler(P.Uri))
        continue;
      if (P.Handler && dbg::bodyStartsWithAuth(P.Handler, AuthCall, AuthVar))
        continue;
      report(P.Call->getBeginLoc(), P.Call->getSourceRange(),
             "URL '" + dbg::printable(P.Uri) + "' is registered with " + P.Via +
                 " and serves a debug/test/factory function without an authentication barrier",
             "remove the route from release builds (build option or #if), or protect it with an "
             "authentication handler for the same URL");
    }
    Registered.clear();
    AuthUris.clear();
  }

private:
  struct Pending {
    const CallExpr *Call;
    std::string Uri;
    std::string Via;
    const FunctionDecl *Handler;
  };

  static std::pair<llvm::StringRef, llvm::StringRef> sem(const SinkRow &Row) {
    return llvm::StringRef(Row.Semantics).split(':');
  }

  bool isDebugPath(llvm::StringRef U) const {
    std::string Clean;
    for (char C : U)
      Clean.push_back(C == dbg::Unknown ? ' ' : C);
    return Path.matches(Clean);
  }

  /// civetweb matches auth handlers by URL prefix ("/debug" covers "/debug/x" and "/debug.htm").
  bool coveredByAuthHandler(llvm::StringRef Uri) const {
    for (const std::string &A : AuthUris) {
      llvm::StringRef P = llvm::StringRef(A).rtrim("*$");
      if (P.empty() || P == "/")
        return true;
      if (Uri.starts_with(P))
        return true;
    }
    return false;
  }

  /// The request URI: a variable or field named like one, or getenv("PATH_INFO"/"REQUEST_URI"...).
  bool isUriExpr(const Expr *E) {
    const Expr *S = dbg::strip(E);
    if (const auto *C = dyn_cast<CallExpr>(S)) {
      if (dbg::calleeName(C) == "getenv" && C->getNumArgs() == 1)
        if (auto N = dbg::stringValue(C->getArg(0), ast()))
          return UriName.matches(*N);
      return false;
    }
    std::string Name = dbg::storageName(S);
    if (!Name.empty() && UriName.matches(Name))
      return true;
    // const char *p = getenv("PATH_INFO"); ... strcmp(p, "/debug")
    if (const auto *DR = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        if (const Expr *Init = V->getInit())
          if (const auto *C = dyn_cast<CallExpr>(dbg::strip(Init)))
            return isUriExpr(C);
    return false;
  }

  void reportDispatch(const CallExpr *C, llvm::StringRef Uri, llvm::StringRef Via) {
    if (dbg::guardedByAuth(C, ast(), AuthCall, AuthVar))
      return;
    report(C->getBeginLoc(), C->getSourceRange(),
           ("request dispatch on '" + dbg::printable(Uri) + "' (" + Via +
            ") serves a debug/test/factory function without an authentication barrier")
               .str(),
           "remove the debug route from release builds, or check authentication before dispatching "
           "to it");
  }

  void onCall(const CallExpr *C) {
    llvm::StringRef Name = dbg::calleeName(C);
    for (const SinkRow *Row : Rows) {
      if (Row->Function != Name || Row->Arg < 0 || static_cast<unsigned>(Row->Arg) >= C->getNumArgs())
        continue;
      auto [Kind, Param] = sem(*Row);
      const Expr *Arg = C->getArg(Row->Arg);
      if (Kind == "auth-barrier") {
        if (auto U = dbg::stringValue(Arg, ast()))
          AuthUris.push_back(*U);
        continue;
      }
      if (Kind == "register") {
        auto U = dbg::stringValue(Arg, ast());
        if (!U || !isDebugPath(*U))
          continue;
        const FunctionDecl *H = nullptr;
        unsigned HI = 0;
        if (!Param.getAsInteger(10, HI) && HI < C->getNumArgs())
          H = dbg::functionOf(C->getArg(HI));
        Registered.push_back({C, *U, Name.str(), H});
        continue;
      }
      if (Kind == "uri-field") {
        onUriField(C, Arg, *Row, Param);
        continue;
      }
      if (Kind == "match" || Kind == "match-uri") {
        auto U = dbg::stringValue(Arg, ast());
        if (!U || !isDebugPath(*U))
          continue;
        if (Kind == "match-uri") {
          bool Uri = false;
          for (unsigned I = 0; I < C->getNumArgs(); ++I)
            if (I != static_cast<unsigned>(Row->Arg) && isUriExpr(C->getArg(I)))
              Uri = true;
          if (!Uri)
            continue;
        }
        reportDispatch(C, *U, Name);
        return;
      }
      if (Kind == "compare" && C->getNumArgs() >= 2) {
        // Either operand order: strcmp(url, "/debug") and strcmp("/debug", url).
        for (unsigned I = 0; I < 2; ++I) {
          const Expr *Lit = C->getArg(I);
          const Expr *Other = C->getArg(1 - I);
          if (!isa<StringLiteral>(dbg::strip(Lit)))
            continue;
          auto U = dbg::stringValue(Lit, ast());
          if (!U || !isDebugPath(*U) || !isUriExpr(Other))
            continue;
          reportDispatch(C, *U, Name);
          return;
        }
      }
    }
  }

  /// httpd_register_uri_handler(server, &desc) with `httpd_uri_t desc = {.uri = "/debug", .handler = h}`.
  void onUriField(const CallExpr *C, const Expr *Arg, const SinkRow &Row, llvm::StringRef HandlerField) {
    llvm::StringRef UriField = llvm::StringRef(Row.Selector).ltrim(".");
    const VarDecl *V = dbg::baseVar(Arg);
    if (!V || UriField.empty())
      return;
    const auto *IL = dyn_cast_or_null<InitListExpr>(V->getAnyInitializer());
    const RecordDecl *RD = V->getType()->getAsRecordDecl();
    if (!IL || !RD)
      return;
    std::string Uri;
    const FunctionDecl *H = nullptr;
    unsigned Idx = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (Idx < IL->getNumInits()) {
        if (F->getName() == UriField)
          if (auto U = dbg::stringValue(IL->getInit(Idx), ast()))
            Uri = *U;
        if (!HandlerField.empty() && F->getName() == HandlerField)
          H = dbg::functionOf(IL->getInit(Idx));
      }
      ++Idx;
    }
    if (Uri.empty() || !isDebugPath(Uri))
      return;
    Registered.push_back({C, Uri, dbg::calleeName(C).str(), H});
  }

  void onTable(const VarDecl *V) {
    for (const dbg::TableEntry &E : dbg::tableEntries(V, ast())) {
      // URL tables hold paths; CLI command tables (debug-cli-command) hold verbs.
      if (!llvm::StringRef(E.Name).starts_with("/") || !isDebugPath(E.Name))
        continue;
      if (E.Handler && dbg::bodyStartsWithAuth(E.Handler, AuthCall, AuthVar))
        continue;
      report(E.Elem->getBeginLoc(), E.Elem->getSourceRange(),
             "URL '" + dbg::printable(E.Name) + "' in the handler table '" + V->getName().str() +
                 "' serves a debug/test/factory function without an authentication barrier",
             "remove the entry from release builds, or make its handler check authentication first");
    }
  }

  dbg::NamePattern Path, AuthCall, AuthVar, UriName;
  std::vector<const SinkRow *> Rows;
  std::vector<Pending> Registered;
  std::vector<std::string> AuthUris;
};

} // namespace

CRA_RULE_FACTORY(DebugRouteCheck)

} // namespace cra
