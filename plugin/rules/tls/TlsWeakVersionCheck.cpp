//===- TlsWeakVersionCheck.cpp - tls-weak-version -------------------------------------------------===//
//
// SSLv3, TLS 1.0 or TLS 1.1 allowed. Driven by the version PROTO rows of the sink table:
//   any                 a call to a fixed old-protocol method (SSLv3_method, TLSv1_client_method, ...)
//   below:N             the value (evaluated: TLS1_VERSION, MBEDTLS_SSL_MINOR_VERSION_1, ...) is < N;
//                       OpenSSL's 0 ("lowest supported") is below every floor and is reported too
//   in:A,B,...          the value is one of the listed numbers
//   str-in:A,B,...      the string argument is one of the listed names (case-insensitive)
//   str-token:A,B,...   a ':'-separated priority string enables one of the tokens (GnuTLS
//                       "NORMAL:+VERS-TLS1.0"); tokens removed with '-' or '!' do not count
// Option mask=M applies M to the value first (curl's CURL_SSLVERSION_MAX_* bits live above 0xffff).
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

bool isVersionKind(llvm::StringRef K) {
  return K == "any" || K == "below" || K == "in" || K == "str-in" || K == "str-token";
}

class TlsWeakVersionCheck : public Rule {
public:
  TlsWeakVersionCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    for (const SinkRow *R : C.sinks().rowsOfKind("PROTO")) {
      if (!isVersionKind(upd::parseSemantics(R->Semantics).Kind))
        continue;
      if (!R->Selector.empty() && R->Selector[0] == '.') {
        Fields.add(R);
        continue;
      }
      if (std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
    }
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (!Names.empty()) {
      Nodes.onFunctionDefinition("fn", this);
      Nodes.onCallTo(upd::nameSet(Names), "call", this);
    }
    Fields.registerMatchers(Nodes, this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    ASTContext &Ctx = *R.Context;
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, Ctx);
      return;
    }
    if (const auto *CE = R.Nodes.getNodeAs<CallExpr>("call")) {
      const FunctionDecl *Fn = Tracker.enclosing(CE, Ctx);
      for (const SinkRow *Row : ctx().sinks().lookup(upd::calleeName(CE), "PROTO")) {
        upd::Semantics S = upd::parseSemantics(Row->Semantics);
        if (!isVersionKind(S.Kind) || (!Row->Selector.empty() && Row->Selector[0] == '.'))
          continue;
        if (!upd::selectorMatches(CE, *Row, Ctx))
          continue;
        std::string Callee = upd::calleeName(CE).str();
        if (S.Kind == "any") {
          report(CE->getBeginLoc(), CE->getSourceRange(),
                 Callee + "() fixes an obsolete protocol version" +
                     (Row->Note.empty() ? "" : " (" + Row->Note + ")") +
                     " that is broken or deprecated (RFC 8996)",
                 fixText());
          break;
        }
        const Expr *A = upd::rowArg(CE, *Row);
        std::string Why;
        if (A && weak(S, A, Fn, CE, Ctx, Why)) {
          report(CE->getBeginLoc(), CE->getSourceRange(),
                 Callee + "(" + (Row->Selector.empty() ? "" : optionName(Row->Selector) + ", ") + "...) allows " + Why +
                     (Row->Note.empty() ? "" : " (" + Row->Note + ")") +
                     ": SSLv3, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996)",
                 fixText());
          break;
        }
      }
      return;
    }
    Fields.handle(R, [&](const SinkRow &Row, const Expr *Value, const Stmt *At) {
      upd::Semantics S = upd::parseSemantics(Row.Semantics);
      std::string Why;
      if (!weak(S, Value, nullptr, At, Ctx, Why))
        return;
      report(At->getBeginLoc(), At->getSourceRange(),
             "field '" + Row.Selector.substr(1) + "' of the " + Row.Function + " configuration allows " + Why +
                 ": SSLv3, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996)",
             fixText());
    });
  }

private:
  /// "SSL_CTRL_SET_MIN_PROTO_VERSION=123" -> "SSL_CTRL_SET_MIN_PROTO_VERSION" (the value is for matching).
  static std::string optionName(llvm::StringRef Selector) { return Selector.split('=').first.str(); }

  static std::string fixText() {
    return "require TLS 1.2 or later (e.g. SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) with "
           "TLS_client_method(), CURL_SSLVERSION_TLSv1_2, mbedtls_ssl_conf_min_tls_version(conf, "
           "MBEDTLS_SSL_VERSION_TLS1_2))";
  }

  static bool weak(const upd::Semantics &S, const Expr *A, const FunctionDecl *Fn, const Stmt *At,
                   ASTContext &Ctx, std::string &Why) {
    if (S.Kind == "below" || S.Kind == "in") {
      auto V = upd::evalInt(A, Ctx, Fn);
      if (!V)
        return false;
      long long Val = V->getExtValue();
      long long Mask = 0;
      std::string M = S.option("mask");
      if (!M.empty() && !llvm::StringRef(M).getAsInteger(0, Mask))
        Val &= Mask;
      std::string Name = upd::spelledName(A, Ctx);
      std::string Shown = Name.empty() ? std::to_string(Val) : Name + " (" + std::to_string(Val) + ")";
      if (S.Kind == "below") {
        long long Floor = 0;
        if (llvm::StringRef(S.Param).getAsInteger(0, Floor))
          return false;
        if (Val < Floor) {
          Why = Val == 0 && Name.empty() ? "every protocol version (0 = lowest supported)"
                                         : "protocol version " + Shown;
          return true;
        }
        return false;
      }
      for (llvm::StringRef Item : llvm::split(S.Param, ',')) {
        long long X;
        if (!Item.trim().getAsInteger(0, X) && X == Val) {
          Why = "protocol version " + Shown;
          return true;
        }
      }
      return false;
    }
    if (S.Kind == "str-in" || S.Kind == "str-token") {
      auto Str = upd::resolveString(A, Ctx, Fn, At);
      if (!Str)
        return false;
      if (S.Kind == "str-in") {
        for (llvm::StringRef Item : llvm::split(S.Param, ','))
          if (llvm::StringRef(*Str).trim().equals_insensitive(Item.trim())) {
            Why = "\"" + *Str + "\"";
            return true;
          }
        return false;
      }
      for (llvm::StringRef Tok : llvm::split(*Str, ':')) {
        Tok = Tok.trim();
        if (Tok.starts_with("-") || Tok.starts_with("!"))
          continue;
        Tok.consume_front("+");
        for (llvm::StringRef Item : llvm::split(S.Param, ','))
          if (Tok.equals_insensitive(Item.trim())) {
            Why = Tok.str() + " in \"" + *Str + "\"";
            return true;
          }
      }
    }
    return false;
  }

  std::vector<std::string> Names;
  upd::FieldSinks Fields;
  upd::FunctionTracker Tracker;
};

} // namespace

CRA_RULE_FACTORY(TlsWeakVersionCheck)

} // namespace cra
