//===- NetCleartextCredsCheck.cpp - net-cleartext-creds -------------------------------------------===//
//
// Credentials set on a connection that then goes out unencrypted (CWE-319/523): a password given to a
// libmosquitto handle that connects without mosquitto_tls_set/mosquitto_tls_psk_set, or a curl handle
// carrying CURLOPT_USERPWD/PASSWORD/XOAUTH2_BEARER whose URL is http://, ftp://, ... The PROTO rows
// of the sink table drive it (semantics cred-set, connect:H, tls-on, url; the handle is argument 0).
//
// Handles are matched by their spelling (`m`, `ctx->mosq`) inside the translation unit, so set-up split
// over several functions that share a global or a field still pairs up. TLS enabled anywhere in the
// translation unit for the same handle counts. Loopback peers are not reported. A curl URL whose host
// net-cleartext-url already reports (a public or unknown host) is left to that rule: one fault, one
// finding; this rule adds the credential exposure it does not cover (cleartext to LAN, link-local or
// documentation hosts, which net-cleartext-url exempts but which still puts the password on the wire).
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

struct CredSet {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  std::string Api;
};

struct UrlSet {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  std::string Url;
};

struct Connect {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  const SinkRow *Row;
};

bool isLoopback(llvm::StringRef Host) {
  std::string L = Host.lower();
  llvm::StringRef H(L);
  if (H.starts_with("[") && H.ends_with("]"))
    H = H.drop_front().drop_back();
  return H == "localhost" || H.ends_with(".localhost") || H.starts_with("127.") || H == "::1" ||
         H.starts_with("/"); // a Unix socket path
}

class NetCleartextCredsCheck : public Rule {
public:
  NetCleartextCredsCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    for (const SinkRow *R : C.sinks().rowsOfKind("PROTO")) {
      std::string K = upd::parseSemantics(R->Semantics).Kind;
      if ((K == "cred-set" || K == "tls-on" || K == "connect" || K == "url") &&
          (R->Selector.empty() || R->Selector[0] != '.') &&
          std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
    }
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (Names.empty())
      return;
    Nodes.onFunctionDefinition("fn", this);
    Nodes.onCallTo(upd::nameSet(Names), "call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    ASTContext &Ctx = *R.Context;
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, Ctx);
      return;
    }
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    if (!CE || CE->getNumArgs() == 0)
      return;
    const FunctionDecl *Fn = Tracker.enclosing(CE, Ctx);
    std::string Handle = handleKey(CE->getArg(0), Ctx);
    if (Handle.empty())
      return;
    llvm::StringRef Api = upd::calleeName(CE);
    for (const SinkRow *Row : ctx().sinks().lookup(Api, "PROTO")) {
      if (!Row->Selector.empty() && Row->Selector[0] == '.')
        continue;
      upd::Semantics S = upd::parseSemantics(Row->Semantics);
      if (!(S.Kind == "cred-set" || S.Kind == "tls-on" || S.Kind == "connect" || S.Kind == "url"))
        continue;
      if (!upd::selectorMatches(CE, *Row, Ctx))
        continue;
      const Expr *A = upd::rowArg(CE, *Row);
      if (!A)
        continue;
      if (S.Kind == "cred-set") {
        if (isEmptyValue(A, Fn, CE, Ctx))
          continue;
        Creds[Handle].push_back({CE, Fn, Api.str()});
      } else if (S.Kind == "tls-on") {
        std::string Min = S.option("min");
        long long MinV = 0;
        if (!Min.empty() && !llvm::StringRef(Min).getAsInteger(0, MinV)) {
          auto V = upd::evalInt(A, Ctx, Fn);
          if (!V || V->getExtValue() < MinV)
            continue;
        }
        Tls.insert(Handle);
      } else if (S.Kind == "connect") {
        Connects[Handle].push_back({CE, Fn, Row});
      } else if (auto U = upd::resolveString(A, Ctx, Fn, CE)) {
        Urls[Handle].push_back({CE, Fn, *U});
      }
      break;
    }
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    for (auto &E : Connects) {
      auto C = Creds.find(E.getKey());
      if (C == Creds.end() || Tls.contains(E.getKey()))
        continue;
      for (const Connect &X : E.getValue()) {
        // The credentials set in the connecting function, else the first ones set on the handle.
        const CredSet *Cr = &C->getValue().front();
        for (const CredSet &S : C->getValue())
          if (S.Fn == X.Fn) {
            Cr = &S;
            break;
          }
        judgeConnect(X, *Cr, Ctx);
      }
    }
    for (auto &E : Creds) {
      if (Tls.contains(E.getKey()))
        continue;
      auto U = Urls.find(E.getKey());
      if (U == Urls.end())
        continue;
      for (const CredSet &Cr : E.getValue())
        judgeUrl(Cr, U->getValue(), Ctx);
    }
  }

private:
  /// The handle argument as spelled ("m", "ctx->mosq"), without casts and address-of.
  static std::string handleKey(const Expr *E, ASTContext &Ctx) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf)
        E = UO->getSubExpr()->IgnoreParenCasts();
    if (!isa<DeclRefExpr>(E) && !isa<MemberExpr>(E) && !isa<ArraySubscriptExpr>(E))
      return "";
    std::string S;
    llvm::raw_string_ostream OS(S);
    E->printPretty(OS, nullptr, PrintingPolicy(Ctx.getLangOpts()));
    return OS.str();
  }

  /// NULL or "" as the password: no credential is sent.
  static bool isEmptyValue(const Expr *A, const FunctionDecl *Fn, const CallExpr *At, ASTContext &Ctx) {
    if (A->IgnoreParenCasts()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return true;
    if (auto S = upd::resolveString(A, Ctx, Fn, At))
      return S->empty();
    return false;
  }

  void judgeConnect(const Connect &X, const CredSet &Cr, ASTContext &Ctx) {
    upd::Semantics S = upd::parseSemantics(X.Row->Semantics);
    unsigned HostArg = 0;
    std::string Host;
    if (!llvm::StringRef(S.Param).getAsInteger(10, HostArg) && HostArg < X.Call->getNumArgs())
      if (auto H = upd::resolveString(X.Call->getArg(HostArg), Ctx, X.Fn, X.Call))
        Host = *H;
    if (!Host.empty() && isLoopback(Host))
      return;
    std::string Port;
    if (const Expr *P = upd::rowArg(X.Call, *X.Row))
      if (auto V = upd::evalInt(P, Ctx, X.Fn))
        Port = llvm::toString(*V, 10);
    std::string Peer = (Host.empty() ? std::string("the broker") : Host) + (Port.empty() ? "" : ":" + Port);
    std::string TlsPort = S.option("tls-port");
    std::string Line = std::to_string(Ctx.getSourceManager().getExpansionLineNumber(Cr.Call->getBeginLoc()));
    report(X.Call->getBeginLoc(), X.Call->getSourceRange(),
           upd::calleeName(X.Call).str() + "() sends the credentials set by " + Cr.Api + "() on line " + Line +
               " to " + Peer + " without TLS" +
               (Port == TlsPort ? " (the TLS port alone does not enable TLS)" : "") +
               ": anyone on the path can read the password",
           "enable TLS on the handle before connecting (mosquitto_tls_set with a CA file, port " +
               (TlsPort.empty() ? std::string("8883") : TlsPort) +
               "), or authenticate with a client certificate instead of a password");
  }

  void judgeUrl(const CredSet &Cr, const std::vector<UrlSet> &Us, ASTContext &Ctx) {
    // The URL the handle carries when the credentials go out: the last one set in the same function,
    // else the only one set in the translation unit.
    const UrlSet *Pick = nullptr;
    for (const UrlSet &U : Us)
      if (U.Fn == Cr.Fn)
        Pick = &U;
    if (!Pick && Us.size() == 1)
      Pick = &Us.front();
    if (!Pick)
      return;
    llvm::StringRef Url(Pick->Url);
    size_t Sep = Url.find("://");
    if (Sep == llvm::StringRef::npos)
      return;
    std::string Scheme = Url.take_front(Sep).lower();
    static const char *const Clear[] = {"http", "ftp", "telnet", "ldap", "imap", "pop3", "smtp", "mqtt", "ws", "rtsp"};
    if (std::find(std::begin(Clear), std::end(Clear), Scheme) == std::end(Clear))
      return;
    llvm::StringRef Auth = Url.substr(Sep + 3).take_until([](char C) { return C == '/' || C == '?' || C == '#'; });
    Auth = Auth.substr(Auth.rfind('@') == llvm::StringRef::npos ? 0 : Auth.rfind('@') + 1);
    llvm::StringRef Host = Auth.starts_with("[") ? Auth.take_until([](char C) { return C == ']'; }).drop_front()
                                                 : Auth.take_until([](char C) { return C == ':'; });
    if (Host.empty() || Host.contains('%') || isLoopback(Host))
      return;
    if (upd::findCleartextUrl(Url, false))
      return; // net-cleartext-url reports this connection
    unsigned Line = Ctx.getSourceManager().getExpansionLineNumber(Pick->Call->getBeginLoc());
    report(Cr.Call->getBeginLoc(), Cr.Call->getSourceRange(),
           Cr.Api + "() sets credentials on a handle whose URL (line " + std::to_string(Line) + ") is " +
               Scheme + "://" + Host.str() + ": they cross the local network in cleartext",
           "use the TLS form of the protocol (https://, ftps:// or CURLOPT_USE_SSL CURLUSESSL_ALL) with "
           "certificate verification, also for devices on the local network");
  }

  std::vector<std::string> Names;
  upd::FunctionTracker Tracker;
  llvm::StringMap<std::vector<CredSet>> Creds;
  llvm::StringMap<std::vector<UrlSet>> Urls;
  llvm::StringMap<std::vector<Connect>> Connects;
  llvm::StringSet<> Tls;
};

} // namespace

CRA_RULE_FACTORY(NetCleartextCredsCheck)

} // namespace cra
