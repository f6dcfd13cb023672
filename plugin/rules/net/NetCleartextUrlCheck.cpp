//===- NetCleartextUrlCheck.cpp - net-cleartext-url -----------------------------------------------===//
//
// A cleartext URL (http, ftp, tftp, telnet, mqtt, tcp, ws) reaching a network or update sink: the PROTO
// rows with semantics `url` (the argument or struct field is a URL) and `cmd-url` (a shell command
// that fetches with wget/curl/tftp). The value is resolved directly, through a macro or a const
// global, through a local variable, or through the format of an snprintf into a local buffer
// ("ftp://%s/fw.bin"). Loopback, private (RFC 1918, link-local, .local) and documentation hosts
// (example.com, .test, .invalid, 192.0.2.0/24, ...) are not reported; a host that comes from a format
// argument is unknown and is reported.
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/Support/Regex.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

bool isUrlKind(llvm::StringRef K) { return K == "url" || K == "cmd-url"; }

class NetCleartextUrlCheck : public Rule {
public:
  NetCleartextUrlCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C), FetchRe("(^|[;&| /])(wget|curl|tftp|ftpget|fetch|uclient-fetch)( |$)", llvm::Regex::IgnoreCase) {
    for (const SinkRow *R : C.sinks().rowsOfKind("PROTO")) {
      if (!isUrlKind(upd::parseSemantics(R->Semantics).Kind))
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
        if (!isUrlKind(S.Kind) || (!Row->Selector.empty() && Row->Selector[0] == '.'))
          continue;
        if (!upd::selectorMatches(CE, *Row, Ctx))
          continue;
        const Expr *A = upd::rowArg(CE, *Row);
        if (!A)
          continue;
        std::string Sink = upd::calleeName(CE).str() + (Row->Selector.empty() ? "" : "(" + Row->Selector + ")");
        if (check(A, S.Kind == "cmd-url", Fn, CE, CE, Sink, Ctx))
          break;
      }
      return;
    }
    Fields.handle(R, [&](const SinkRow &Row, const Expr *Value, const Stmt *At) {
      check(Value, false, nullptr, At, At, "field '" + Row.Selector.substr(1) + "' of " + Row.Function, Ctx);
    });
  }

private:
  bool check(const Expr *A, bool Command, const FunctionDecl *Fn, const Stmt *Use, const Stmt *At,
             const std::string &Sink, ASTContext &Ctx) {
    bool FromFormat = false;
    auto S = upd::resolveString(A, Ctx, Fn, Use, &FromFormat);
    if (!S)
      return false;
    if (Command && !FetchRe.match(*S))
      return false;
    auto U = upd::findCleartextUrl(*S, Command);
    if (!U)
      return false;
    std::string Host = U->Host.empty() ? (FromFormat ? "a host filled in at run time" : "an unspecified host")
                                       : "host " + U->Host;
    report(At->getBeginLoc(), At->getSourceRange(),
           "cleartext " + U->Scheme + ":// URL (" + Host + ") reaches " + Sink +
               (FromFormat ? " through a format string" : "") +
               ": the transfer can be read and modified on the network",
           "use an authenticated, encrypted transport (https://, mqtts:// or TLS on port 8883, sftp) with "
           "certificate verification; for updates, also verify a signature over the image");
    return true;
  }

  ast::LazyRegex FetchRe;
  std::vector<std::string> Names;
  upd::FieldSinks Fields;
  upd::FunctionTracker Tracker;
};

} // namespace

CRA_RULE_FACTORY(NetCleartextUrlCheck)

} // namespace cra
