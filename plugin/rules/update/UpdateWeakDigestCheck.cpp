//===- UpdateWeakDigestCheck.cpp - update-weak-digest ---------------------------------------------===//
//
// MD5, SHA-1 or CRC32 used as the integrity check of an image or package. A weak digest call (INTEG
// rows with semantics weak-digest; selectors name the algorithm for EVP_get_digestbyname-style or
// enum-taking APIs) is reported when its function is about an update (name, parameters or an install
// sink), compares something (memcmp & co., or == / != on the digest), and holds no signature
// verification of its own. MD5 for a cache key, a CRC over a config block, or a hash next to a real
// signature check are left alone.
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Regex.h"

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

struct WeakUse {
  const CallExpr *Call;
  std::string Algo;
};

class UpdateWeakDigestCheck : public Rule {
public:
  UpdateWeakDigestCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C),
        ContextRe(C.config().option(M.Id, "context-pattern",
                                    "fw|firmware|image|img|ota|update|upgrade|pkg|package|flash|bundle|"
                                    "rootfs|kernel|boot|install|payload"),
                  llvm::Regex::IgnoreCase),
        VS(C.sinks(), "", /*SignaturesOnly=*/true) {
    for (const SinkRow *R : C.sinks().rowsOfKind("INTEG"))
      if (isWeakKind(upd::parseSemantics(R->Semantics).Kind) &&
          std::find(Names.begin(), Names.end(), R->Function) == Names.end())
        Names.push_back(R->Function);
    for (const SinkRow *R : C.sinks().rowsOfKind("EXEC"))
      if (llvm::StringRef(R->Semantics).starts_with("install"))
        Installers.insert(R->Function);
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    if (Names.empty())
      return;
    Nodes.onFunctionDefinition("fn", this);
    Nodes.onCallTo(upd::nameSet(Names), "call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn")) {
      Tracker.onFunction(Fn, *R.Context);
      return;
    }
    const auto *CE = R.Nodes.getNodeAs<CallExpr>("call");
    if (!CE)
      return;
    const FunctionDecl *Fn = Tracker.enclosing(CE, *R.Context);
    if (!Fn)
      return;
    for (const SinkRow *Row : ctx().sinks().lookup(upd::calleeName(CE), "INTEG")) {
      std::string Kind = upd::parseSemantics(Row->Semantics).Kind;
      if (!isWeakKind(Kind))
        continue;
      if ((Kind == "weak-hash-name" || Kind == "weak-hash-id" || !Row->Selector.empty()) &&
          !selectorMatches(CE, *Row, Kind, Fn, *R.Context))
        continue;
      std::string Algo = upd::calleeName(CE).str() + "()";
      Uses[Fn].push_back({CE, Algo});
      break;
    }
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    for (auto &Entry : Uses) {
      const FunctionDecl *Fn = Entry.first;
      Scan S = scan(Fn, Entry.second);
      if (!(S.Installs || isUpdateContext(Fn)) || !S.Compares || S.Verifies)
        continue;
      const WeakUse &W = Entry.second.front();
      report(W.Call->getBeginLoc(), W.Call->getSourceRange(),
             W.Algo + " is the integrity check of an update image in " + Fn->getNameAsString() +
                 "(): a weak digest can be forged or collided, and it does not authenticate the source",
             "verify a signature over the image (e.g. Ed25519 or ECDSA over SHA-256) and compare a SHA-256 "
             "or stronger digest");
    }
    (void)Ctx;
  }

private:
  static bool isWeakKind(llvm::StringRef K) {
    return K == "weak-hash" || K == "weak-hash-name" || K == "weak-hash-id" || K == "weak-digest";
  }

  /// weak-hash-name: the algorithm name string is MD5/MD4/MD2/SHA1; weak-hash-id: the enumerator or
  /// macro names one (MBEDTLS_MD_MD5, WC_HASH_TYPE_SHA); an explicit selector lists accepted names.
  bool selectorMatches(const CallExpr *CE, const SinkRow &Row, llvm::StringRef Kind, const FunctionDecl *Fn,
                       ASTContext &Ctx) {
    if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= CE->getNumArgs())
      return false;
    const Expr *A = CE->getArg(Row.Arg);
    if (!Row.Selector.empty()) {
      for (llvm::StringRef Sel : llvm::split(Row.Selector, '|')) {
        if (upd::spelledName(A, Ctx) == Sel)
          return true;
        if (auto S = upd::resolveString(A, Ctx, Fn, CE))
          if (llvm::StringRef(*S).equals_insensitive(Sel))
            return true;
      }
      return false;
    }
    if (Kind == "weak-hash-name") {
      auto S = upd::resolveString(A, Ctx, Fn, CE);
      if (!S)
        return false;
      std::string L = llvm::StringRef(*S).lower();
      return L == "md5" || L == "md4" || L == "md2" || L == "sha1" || L == "sha-1" || L == "sha";
    }
    static llvm::Regex WeakId("(MD[245]|_SHA1?)$");
    return WeakId.match(upd::spelledName(A, Ctx));
  }

  bool isUpdateContext(const FunctionDecl *Fn) {
    if (Fn->getIdentifier() && ContextRe.match(Fn->getName()))
      return true;
    for (const ParmVarDecl *P : Fn->parameters())
      if (P->getIdentifier() && ContextRe.match(P->getName()))
        return true;
    return false;
  }

  struct Scan {
    bool Compares = false;
    bool Verifies = false;
    bool Installs = false;
  };

  Scan scan(const FunctionDecl *Fn, const std::vector<WeakUse> &Weak) {
    struct V : RecursiveASTVisitor<V> {
      UpdateWeakDigestCheck &Self;
      const std::vector<WeakUse> &Weak;
      llvm::SmallPtrSet<const VarDecl *, 4> Holders; // variables holding a weak digest value
      Scan Out;
      V(UpdateWeakDigestCheck &S, const std::vector<WeakUse> &W) : Self(S), Weak(W) {}
      bool isWeak(const Expr *E) {
        E = E->IgnoreParenImpCasts();
        for (const WeakUse &W : Weak)
          if (E == W.Call)
            return true;
        return false;
      }
      bool VisitVarDecl(VarDecl *VD) {
        if (VD->getInit() && isWeak(VD->getInit()))
          Holders.insert(VD);
        return true;
      }
      bool VisitCallExpr(CallExpr *CE) {
        llvm::StringRef N = upd::calleeName(CE);
        if (N == "memcmp" || N == "strcmp" || N == "strncmp" || N == "strcasecmp" || N == "strncasecmp" ||
            N == "CRYPTO_memcmp" || N == "bcmp" || N == "timingsafe_bcmp" || N == "sodium_memcmp" ||
            N == "__builtin_memcmp" || N == "__builtin_strcmp")
          Out.Compares = true;
        if (!Self.VS.rows(CE).empty())
          Out.Verifies = true;
        if (Self.Installers.contains(N))
          Out.Installs = true;
        return true;
      }
      bool VisitBinaryOperator(BinaryOperator *BO) {
        if (BO->getOpcode() == BO_Assign && isWeak(BO->getRHS()))
          if (const VarDecl *VD = upd::refVar(BO->getLHS()))
            Holders.insert(VD);
        if (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE)
          return true;
        for (const Expr *Side : {BO->getLHS(), BO->getRHS()}) {
          if (isWeak(Side))
            Out.Compares = true;
          if (const VarDecl *VD = upd::refVar(Side))
            if (Holders.count(VD))
              Out.Compares = true;
        }
        return true;
      }
    } Visitor(*this, Weak);
    Visitor.TraverseStmt(Fn->getBody());
    return Visitor.Out;
  }

  ast::LazyRegex ContextRe;
  upd::VerifySet VS;
  std::vector<std::string> Names;
  llvm::StringSet<> Installers;
  upd::FunctionTracker Tracker;
  llvm::MapVector<const FunctionDecl *, std::vector<WeakUse>> Uses;
};

} // namespace

CRA_RULE_FACTORY(UpdateWeakDigestCheck)

} // namespace cra
