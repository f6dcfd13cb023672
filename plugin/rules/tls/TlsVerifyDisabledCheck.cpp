//===- TlsVerifyDisabledCheck.cpp - tls-verify-disabled -------------------------------------------===//
//
// Peer or host-name verification switched off. Driven by the TLSOFF rows of the sink table:
//   zero-off / nonzero-off   the value argument (or struct field) evaluates to 0 / non-zero. Values
//                            are evaluated (EvaluateAsInt), so SSL_VERIFY_NONE, 0L, (long)false and
//                            a local `const long off = 0` all count, whatever their spelling.
//   ptr-zero-off             the argument is &v and v holds 0 (ssh_options_set, mysql_options)
//   str-off:V                the string argument is V (mongoose 6 ssl_ca_cert "*")
//   cb-always:N              a verify callback whose every return is the constant N (always accept)
//   cb-clears:K              an mbedTLS-style callback that stores 0 through its parameter K (*flags)
// Options: client-only (skip server set-ups, where not requesting a client certificate is normal);
// optional=V:READER (value V is "verify but continue": a finding unless READER's result is read in
// this translation unit, e.g. MBEDTLS_SSL_VERIFY_OPTIONAL without mbedtls_ssl_get_verify_result).
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <cstdio>

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

struct Deferred {
  const CallExpr *Call;
  std::string Reader;
  std::string Message;
};

class TlsVerifyDisabledCheck : public Rule {
public:
  TlsVerifyDisabledCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    // VFLAG rows: flag arguments whose bits switch verification off (PKCS7_NOVERIFY, CMS_NO_SIGNER_CERT_VERIFY).
    for (const SinkRow *R : C.sinks().rowsOfKind("VFLAG"))
      if (std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
    for (const SinkRow *R : C.sinks().rowsOfKind("TLSOFF")) {
      if (!R->Selector.empty() && R->Selector[0] == '.') {
        Fields.add(R);
        continue;
      }
      if (std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
      upd::Semantics S = upd::parseSemantics(R->Semantics);
      std::string Opt = S.option("optional");
      if (!Opt.empty()) {
        std::string Reader = llvm::StringRef(Opt).split(':').second.str();
        if (!Reader.empty() && std::find(Readers.begin(), Readers.end(), Reader) == Readers.end())
          Readers.push_back(Reader);
      }
    }
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (!Names.empty()) {
      Nodes.onFunctionDefinition("fn", this);
      Nodes.onCallTo(upd::nameSet(Names), "call", this);
    }
    if (!Readers.empty())
      Nodes.onCallTo(upd::nameSet(Readers), "reader", this);
    Fields.registerMatchers(Nodes, this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    ASTContext &Ctx = *R.Context;
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, Ctx);
      return;
    }
    if (const auto *CE = R.Nodes.getNodeAs<CallExpr>("reader")) {
      // A read of the verify result counts when the value is used (not a discarded call).
      const FunctionDecl *Fn = Tracker.enclosing(CE, Ctx);
      if (!Fn) {
        ReadersSeen.insert(upd::calleeName(CE));
        return;
      }
      upd::UseResult U = upd::classifyResultUse(CE, upd::ResultSem::Unknown, Fn, Maps.of(Fn), Ctx);
      if (U.Verdict != upd::UseVerdict::Ignored)
        ReadersSeen.insert(upd::calleeName(CE));
      return;
    }
    if (const auto *CE = R.Nodes.getNodeAs<CallExpr>("call")) {
      const FunctionDecl *Fn = Tracker.enclosing(CE, Ctx);
      for (const SinkRow *Row : ctx().sinks().lookup(upd::calleeName(CE), "TLSOFF"))
        if (Row->Selector.empty() || Row->Selector[0] != '.')
          checkCall(CE, *Row, Fn, Ctx);
      for (const SinkRow *Row : ctx().sinks().lookup(upd::calleeName(CE), "VFLAG"))
        checkFlags(CE, *Row, Fn, Ctx);
      return;
    }
    Fields.handle(R, [&](const SinkRow &Row, const Expr *Value, const Stmt *At) {
      upd::Semantics S = upd::parseSemantics(Row.Semantics);
      auto V = upd::evalInt(Value, Ctx);
      bool Off = false;
      if (S.Kind == "zero-off")
        Off = V && V->isZero();
      else if (S.Kind == "nonzero-off")
        Off = V && !V->isZero();
      else if (S.Kind == "str-off")
        if (auto Str = upd::resolveString(Value, Ctx, nullptr, nullptr))
          Off = *Str == S.Param;
      if (!Off)
        return;
      std::string Field = Row.Selector.substr(1);
      report(At->getBeginLoc(), At->getSourceRange(),
             "TLS certificate verification is disabled: field '" + Field + "' of the " + Row.Function +
                 withNote(" configuration is set to " + valueText(Value, Ctx), Row),
             "leave peer and host-name verification on and give the client a CA (bundle) to verify "
             "against");
    });
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    (void)Ctx;
    for (const Deferred &D : Pending)
      if (!ReadersSeen.contains(D.Reader))
        report(D.Call->getBeginLoc(), D.Call->getSourceRange(), D.Message,
               "use the REQUIRED mode, or read " + D.Reader +
                   "() after the handshake and abort the connection unless it reports success");
  }

private:
  /// The sink row's note in parentheses, unless the message already says it ("set to SSL_VERIFY_NONE (0)").
  static std::string withNote(std::string Msg, const SinkRow &Row) {
    if (!Row.Note.empty() && Msg.find(Row.Note) == std::string::npos)
      Msg += " (" + Row.Note + ")";
    return Msg;
  }

  static std::string valueText(const Expr *E, ASTContext &Ctx) {
    std::string N = upd::spelledName(E, Ctx);
    if (auto V = upd::evalInt(E, Ctx)) {
      std::string Num = llvm::toString(*V, 10);
      return N.empty() ? Num : N + " (" + Num + ")";
    }
    if (!N.empty())
      return N;
    return "a value that disables it";
  }

  void checkCall(const CallExpr *CE, const SinkRow &Row, const FunctionDecl *Fn, ASTContext &Ctx) {
    if (!upd::selectorMatches(CE, Row, Ctx))
      return;
    const Expr *A = upd::rowArg(CE, Row);
    if (!A)
      return;
    upd::Semantics S = upd::parseSemantics(Row.Semantics);
    std::string What = upd::calleeName(CE).str() + "(" + (Row.Selector.empty() ? "" : Row.Selector + ", ") + "...)";
    std::string Msg;
    if (S.Kind == "zero-off" || S.Kind == "nonzero-off") {
      auto V = upd::evalInt(A, Ctx, Fn);
      if (!V)
        return;
      std::string Opt = S.option("optional");
      if (!Opt.empty()) {
        auto Parts = llvm::StringRef(Opt).split(':');
        long long OptV = 0;
        if (!Parts.first.getAsInteger(0, OptV) && V->getExtValue() == OptV) {
          if (S.has("client-only") && upd::looksLikeServerSetup(Fn, Ctx))
            return;
          Pending.push_back({CE, Parts.second.str(),
                             "TLS verification is optional: " + What + " is set to " + valueText(A, Ctx) +
                                 ", so a bad certificate only sets a flag, and " + Parts.second.str() +
                                 "() is never read in this file"});
          return;
        }
      }
      bool Off = S.Kind == "zero-off" ? V->isZero() : !V->isZero();
      if (!Off)
        return;
      Msg = "TLS certificate verification is disabled: " + What + " is set to " + valueText(A, Ctx);
    } else if (S.Kind == "ptr-zero-off") {
      const auto *UO = dyn_cast<UnaryOperator>(A->IgnoreParenCasts());
      if (!UO || UO->getOpcode() != UO_AddrOf)
        return;
      auto V = upd::evalInt(UO->getSubExpr(), Ctx, Fn);
      if (!V || !V->isZero())
        return;
      Msg = "TLS/host-key verification is disabled: " + What + " points at a value of 0";
    } else if (S.Kind == "str-off") {
      auto Str = upd::resolveString(A, Ctx, Fn, CE);
      if (!Str || *Str != S.Param)
        return;
      Msg = "TLS certificate verification is disabled: " + What + " is \"" + *Str + "\"";
    } else if (S.Kind == "cb-always") {
      const FunctionDecl *Cb = upd::callbackDefinition(A);
      long long Accept = 1;
      if (!Cb || llvm::StringRef(S.Param).getAsInteger(0, Accept) || !alwaysReturns(Cb, Accept, Ctx))
        return;
      Msg = "TLS certificate verification is disabled: the verify callback " + Cb->getNameAsString() +
            "() passed to " + upd::calleeName(CE).str() + "() accepts every certificate (always returns " +
            S.Param + ")";
    } else if (S.Kind == "cb-clears") {
      const FunctionDecl *Cb = upd::callbackDefinition(A);
      unsigned K = 0;
      if (!Cb || llvm::StringRef(S.Param).getAsInteger(0, K) || K >= Cb->getNumParams() ||
          !clearsThrough(Cb, Cb->getParamDecl(K), Ctx))
        return;
      Msg = "TLS certificate verification is disabled: the verify callback " + Cb->getNameAsString() +
            "() clears every verification error (*" + Cb->getParamDecl(K)->getNameAsString() + " = 0)";
    } else {
      return;
    }
    if (S.has("client-only") && upd::looksLikeServerSetup(Fn, Ctx))
      return;
    Msg = withNote(std::move(Msg), Row);
    report(CE->getBeginLoc(), CE->getSourceRange(), Msg,
           "keep verification on (e.g. CURLOPT_SSL_VERIFYPEER 1L and CURLOPT_SSL_VERIFYHOST 2L, "
           "SSL_VERIFY_PEER, MBEDTLS_SSL_VERIFY_REQUIRED) and install the CA that signs the server");
  }

  /// VFLAG "mask-off:M": the flags argument (evaluated) has one of the bits of M set.
  void checkFlags(const CallExpr *CE, const SinkRow &Row, const FunctionDecl *Fn, ASTContext &Ctx) {
    upd::Semantics S = upd::parseSemantics(Row.Semantics);
    long long Mask = 0;
    const Expr *A = upd::rowArg(CE, Row);
    if (S.Kind != "mask-off" || llvm::StringRef(S.Param).getAsInteger(0, Mask) || !A)
      return;
    auto V = upd::evalInt(A, Ctx, Fn);
    if (!V || (V->getExtValue() & Mask) == 0)
      return;
    char Bits[32];
    snprintf(Bits, sizeof Bits, "0x%llx", static_cast<unsigned long long>(V->getExtValue() & Mask));
    report(CE->getBeginLoc(), CE->getSourceRange(),
           withNote("verification is switched off by flags: " + upd::calleeName(CE).str() + "() is called with " +
                        valueText(A, Ctx) + ", which sets " + Bits,
                    Row),
           "drop the flags that skip signer-certificate or signature verification and give the call the "
           "trust store to verify against");
  }

  static bool alwaysReturns(const FunctionDecl *Cb, long long Value, ASTContext &Ctx) {
    struct V : RecursiveASTVisitor<V> {
      ASTContext &Ctx;
      long long Value;
      unsigned Returns = 0;
      bool Other = false;
      V(ASTContext &C, long long Val) : Ctx(C), Value(Val) {}
      bool VisitReturnStmt(ReturnStmt *R) {
        ++Returns;
        auto E = R->getRetValue() ? upd::evalInt(R->getRetValue(), Ctx) : std::nullopt;
        if (!E || E->getExtValue() != Value)
          Other = true;
        return !Other;
      }
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    } Visitor(Ctx, Value);
    Visitor.TraverseStmt(Cb->getBody());
    return Visitor.Returns > 0 && !Visitor.Other;
  }

  /// An unconditional `*P = 0` (or `*P &= 0`) among the callback's top-level statements.
  static bool clearsThrough(const FunctionDecl *Cb, const ParmVarDecl *P, ASTContext &Ctx) {
    const auto *Body = dyn_cast<CompoundStmt>(Cb->getBody());
    if (!Body)
      return false;
    for (const Stmt *S : Body->body()) {
      const auto *BO = dyn_cast<BinaryOperator>(S);
      if (!BO || (BO->getOpcode() != BO_Assign && BO->getOpcode() != BO_AndAssign))
        continue;
      const auto *UO = dyn_cast<UnaryOperator>(BO->getLHS()->IgnoreParenImpCasts());
      if (!UO || UO->getOpcode() != UO_Deref || upd::refVar(UO->getSubExpr()) != P)
        continue;
      if (auto V = upd::evalInt(BO->getRHS(), Ctx))
        if (V->isZero())
          return true;
    }
    return false;
  }

  std::vector<std::string> Names, Readers;
  llvm::StringSet<> ReadersSeen;
  std::vector<Deferred> Pending;
  upd::FieldSinks Fields;
  upd::FunctionTracker Tracker;
  upd::ParentMaps Maps;
};

} // namespace

CRA_RULE_FACTORY(TlsVerifyDisabledCheck)

} // namespace cra
