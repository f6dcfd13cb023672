//===- UpdateFailOpenCheck.cpp - update-fail-open -------------------------------------------------===//
//
// An integrity check that passes when there is nothing to check against: "if the expected digest is
// empty, accept" (CVE-2020-7982, opkg: an empty SHA-256 field in the package index skipped the
// check). Two shapes: (1) in an integrity function, a success return guarded by a test that the
// expected digest/signature is NULL, empty or of length 0; (2) a comparison whose length is taken
// from the expected value itself (strncmp(actual, expected, strlen(expected))), which an empty
// expected value satisfies. The function's success value is inferred from its other returns.
// Guards: the name of an algorithm (digest_name, sig_type) and an algorithm or context handle
// (EVP_MD *, mbedtls_md_info_t *) are not expected values; error codes, several distinct
// non-zero returns and `!api()` (0 when the API succeeds) mean 0 is success; an enum return is success
// only when the enumerator says so (OK, VALID, MATCH...).
//
//===----------------------------------------------------------------------------------------------===//
#include "rules/update/UpdateUtil.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/Regex.h"

#include <optional>

namespace cra {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

enum class SuccessValue { Unknown, Zero, NonZero };

class UpdateFailOpenCheck : public Rule {
public:
  UpdateFailOpenCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C),
        ExpectedRe(C.config().option(M.Id, "expected-name-pattern",
                                     "expect|want|sig|digest|hash|sum|mac|golden|manifest|trusted|pinned|"
                                     "known|ref"),
                   true),
        ActualRe("actual|comput|calc|got|have|mine|received|current", true),
        AlgorithmNameRe("names$|algos$|algs$|algorithms$|types$|methods$|kinds$|modes$|name$|algo$|alg$|"
                        "algorithm$|type$|method$|kind$|mode$|len_max$|size_max$",
                        true),
        HandleTypeRe("(^|_)(md|cipher|ctx|context|info|alg|algorithm|method|engine|hash_type|md_type)(_t|_st)?$|"
                     "^(EVP_MD|EVP_MD_CTX|EVP_CIPHER|EVP_PKEY_CTX|HMAC_CTX|SHA256_CTX|MD5_CTX)$",
                     true),
        SuccessEnumRe("ok$|okay|success|succeed|valid|verified|match|pass|good|accept|trusted", true),
        FnRe(C.config().option(M.Id, "function-name-pattern",
                               "verif|check|valid|integrity|digest|hash|sig|auth|match|_ok$|^ok_"),
             true) {}

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onFunctionDefinition("fn", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
    if (!Fn || !Fn->getBody() || !isIntegrityFunction(Fn))
      return;
    ASTContext &Ctx = *R.Context;
    SuccessValue Succ = inferSuccess(Fn, Ctx);
    struct V : RecursiveASTVisitor<V> {
      UpdateFailOpenCheck &Self;
      const FunctionDecl *Fn;
      ASTContext &Ctx;
      SuccessValue Succ;
      V(UpdateFailOpenCheck &S, const FunctionDecl *F, ASTContext &C, SuccessValue Sv)
          : Self(S), Fn(F), Ctx(C), Succ(Sv) {}
      bool VisitIfStmt(IfStmt *If) {
        Self.checkIf(If, Fn, Ctx, Succ);
        return true;
      }
      bool VisitCallExpr(CallExpr *CE) {
        Self.checkPrefixCompare(CE);
        return true;
      }
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    } Visitor(*this, Fn, Ctx, Succ);
    Visitor.TraverseStmt(Fn->getBody());
  }

private:
  bool isIntegrityFunction(const FunctionDecl *Fn) {
    if (Fn->getIdentifier() && FnRe.match(Fn->getName()))
      return true;
    for (const ParmVarDecl *P : Fn->parameters())
      if (P->getIdentifier() && isExpectedName(P->getName()))
        return true;
    return false;
  }

  bool isExpectedName(llvm::StringRef N) {
    return ExpectedRe.match(N) && !ActualRe.match(N) && !AlgorithmNameRe.match(N);
  }

  /// An algorithm or context handle (`const EVP_MD *digest`, `mbedtls_md_info_t *md`) names the hash
  /// to use, not a value to compare against; a missing one is an error, not an empty expectation.
  bool isHandleType(QualType T) {
    T = T.getNonReferenceType();
    if (!T->isPointerType())
      return false;
    QualType P = T->getPointeeType();
    if (const auto *TD = P->getAs<TypedefType>())
      if (HandleTypeRe.match(TD->getDecl()->getName()))
        return true;
    P = P.getCanonicalType();
    if (const auto *RT = P->getAs<RecordType>())
      if (const IdentifierInfo *II = RT->getDecl()->getIdentifier())
        return HandleTypeRe.match(II->getName());
    return false;
  }

  /// Does E (a pointer, length or string) stand for the expected digest or signature?
  bool isExpectedValue(const Expr *E, const FunctionDecl *Fn, ASTContext &Ctx, unsigned Depth = 0) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_Deref)
        return isExpectedValue(UO->getSubExpr(), Fn, Ctx, Depth);
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return isExpectedValue(AS->getBase(), Fn, Ctx, Depth);
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      llvm::StringRef N = upd::calleeName(CE);
      if ((N == "strlen" || N == "strnlen" || N == "__builtin_strlen") && CE->getNumArgs() >= 1)
        return isExpectedValue(CE->getArg(0), Fn, Ctx, Depth);
      return false;
    }
    if (isHandleType(E->getType()))
      return false;
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl()->getIdentifier() && isExpectedName(ME->getMemberDecl()->getName());
    const VarDecl *V = upd::refVar(E);
    if (!V || !V->getIdentifier() || isHandleType(V->getType()))
      return false;
    if (isExpectedName(V->getName()))
      return true;
    // A length or buffer computed from the expected value: wl = hex_to_bin(expected_hex, ...).
    if (Depth > 0 || !V->isLocalVarDecl())
      return false;
    auto derived = [&](const Expr *Init) {
      if (const auto *Call = dyn_cast_or_null<CallExpr>(Init ? Init->IgnoreParenCasts() : nullptr))
        for (const Expr *A : Call->arguments())
          if (isExpectedValue(A, Fn, Ctx, Depth + 1))
            return true;
      return false;
    };
    if (derived(V->getInit()))
      return true;
    for (const DeclRefExpr *R : upd::refsTo(V, Fn->getBody()))
      if (upd::isAssignedAt(R, Maps.of(Fn)))
        if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Maps.of(Fn).getParentIgnoreParens(R)))
          if (derived(BO->getRHS()))
            return true;
    return false;
  }

  /// The operand a condition tests for emptiness (`!x`, `x == NULL`, `len == 0`, `!*s`, `strlen(s) == 0`,
  /// `len < 1`), looking through `||`. Null when the condition is not such a test.
  const Expr *emptinessOperand(const Expr *C, const FunctionDecl *Fn, ASTContext &Ctx) {
    C = C->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(C)) {
      if (BO->getOpcode() == BO_LOr) {
        if (const Expr *L = emptinessOperand(BO->getLHS(), Fn, Ctx))
          return L;
        return emptinessOperand(BO->getRHS(), Fn, Ctx);
      }
      auto zero = [&](const Expr *E) {
        if (E->IgnoreParenCasts()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
          return true;
        auto V = upd::evalInt(E, Ctx);
        return V && V->isZero();
      };
      auto one = [&](const Expr *E) {
        auto V = upd::evalInt(E, Ctx);
        return V && *V == 1;
      };
      const Expr *X = nullptr;
      if (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_LE) {
        if (zero(BO->getRHS()))
          X = BO->getLHS();
        else if (BO->getOpcode() == BO_EQ && zero(BO->getLHS()))
          X = BO->getRHS();
      } else if (BO->getOpcode() == BO_LT && one(BO->getRHS())) {
        X = BO->getLHS();
      }
      if (X && isExpectedValue(X, Fn, Ctx))
        return X;
      return nullptr;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(C))
      if (UO->getOpcode() == UO_LNot && isExpectedValue(UO->getSubExpr(), Fn, Ctx))
        return UO->getSubExpr();
    return nullptr;
  }

  static const ReturnStmt *guardedReturn(const Stmt *Then) {
    while (const auto *CS = dyn_cast_or_null<CompoundStmt>(Then)) {
      if (CS->body_empty())
        return nullptr;
      Then = CS->body_back();
    }
    return dyn_cast_or_null<ReturnStmt>(Then);
  }

  SuccessValue inferSuccess(const FunctionDecl *Fn, ASTContext &Ctx) {
    if (upd::isBooleanVerdictFunction(Fn))
      return SuccessValue::NonZero;
    struct RV : RecursiveASTVisitor<RV> {
      ASTContext &Ctx;
      bool BoolExpr = false, Negative = false, RawCompare = false, NegatedApi = false;
      llvm::SmallSet<int64_t, 4> PositiveConstants;
      explicit RV(ASTContext &C) : Ctx(C) {}
      bool VisitReturnStmt(ReturnStmt *R) {
        const Expr *E = R->getRetValue();
        if (!E)
          return true;
        E = E->IgnoreParenImpCasts();
        if (const auto *BO = dyn_cast<BinaryOperator>(E))
          if (BO->isComparisonOp() || BO->isLogicalOp())
            BoolExpr = true;
        if (const auto *UO = dyn_cast<UnaryOperator>(E))
          if (UO->getOpcode() == UO_LNot) {
            // `!memcmp(...)` is 1 on a match; `!PKCS5_PBKDF2_HMAC(...)` is 0 when the API succeeds.
            const auto *Inner = dyn_cast<CallExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
            if (Inner && !isCompareCall(upd::calleeName(Inner)))
              NegatedApi = true;
            else
              BoolExpr = true;
          }
        if (const auto *CE = dyn_cast<CallExpr>(E)) {
          llvm::StringRef N = upd::calleeName(CE);
          if (isCompareCall(N))
            RawCompare = true;
        }
        if (auto V = upd::evalInt(E, Ctx)) {
          if (V->isNegative())
            Negative = true;
          else if (!V->isZero() && V->getSignificantBits() <= 63)
            PositiveConstants.insert(V->getExtValue());
        }
        return true;
      }
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    } Visitor(Ctx);
    Visitor.TraverseStmt(Fn->getBody());
    // Two different non-zero constants are error codes (a boolean has one true value).
    if (Visitor.Negative || Visitor.RawCompare || Visitor.NegatedApi || Visitor.PositiveConstants.size() > 1)
      return SuccessValue::Zero;
    std::string RT = Fn->getReturnType().getAsString();
    if (llvm::StringRef(RT).contains("err"))
      return SuccessValue::Zero;
    if (Visitor.BoolExpr)
      return SuccessValue::NonZero;
    return SuccessValue::Unknown;
  }

  static bool isCompareCall(llvm::StringRef N) {
    return N == "memcmp" || N == "strcmp" || N == "strncmp" || N == "CRYPTO_memcmp" || N == "bcmp" ||
           N == "timingsafe_bcmp" || N == "sodium_memcmp";
  }

  /// For an enumerator return, whether its name says the check passed (OTA_UP_TO_DATE is not a verdict).
  std::optional<bool> enumeratorSuccess(const Expr *E) {
    const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    if (!DR)
      return std::nullopt;
    const auto *EC = dyn_cast<EnumConstantDecl>(DR->getDecl());
    if (!EC)
      return std::nullopt;
    return SuccessEnumRe.match(EC->getName());
  }

  void checkIf(const IfStmt *If, const FunctionDecl *Fn, ASTContext &Ctx, SuccessValue Succ) {
    if (!If->getCond())
      return;
    const ReturnStmt *R = guardedReturn(If->getThen());
    if (!R || !R->getRetValue())
      return;
    std::optional<bool> EnumSuccess = enumeratorSuccess(R->getRetValue());
    if (EnumSuccess && !*EnumSuccess)
      return;
    if (!EnumSuccess && Succ == SuccessValue::Unknown)
      return;
    auto V = upd::evalInt(R->getRetValue(), Ctx);
    if (!V)
      return;
    bool IsSuccess = EnumSuccess ? true : Succ == SuccessValue::Zero ? V->isZero() : !V->isZero();
    if (!IsSuccess)
      return;
    const Expr *X = emptinessOperand(If->getCond(), Fn, Ctx);
    if (!X)
      return;
    report(R->getBeginLoc(), R->getSourceRange(),
           "integrity check fails open: " + Fn->getNameAsString() +
               "() returns success when the expected digest or signature is missing or empty",
           "treat a missing, NULL or empty expected value as a verification failure (fail closed)");
  }

  void checkPrefixCompare(const CallExpr *CE) {
    llvm::StringRef N = upd::calleeName(CE);
    if (!(N == "strncmp" || N == "memcmp" || N == "CRYPTO_memcmp" || N == "bcmp" || N == "strncasecmp" ||
          N == "timingsafe_bcmp" || N == "sodium_memcmp") ||
        CE->getNumArgs() < 3)
      return;
    const auto *Len = dyn_cast<CallExpr>(CE->getArg(2)->IgnoreParenCasts());
    if (!Len || !(upd::calleeName(Len) == "strlen" || upd::calleeName(Len) == "__builtin_strlen") ||
        Len->getNumArgs() < 1)
      return;
    const VarDecl *Measured = upd::refVar(Len->getArg(0)->IgnoreParenCasts());
    if (!Measured || !Measured->getIdentifier() || !isExpectedName(Measured->getName()))
      return;
    if (upd::refVar(CE->getArg(0)->IgnoreParenCasts()) != Measured &&
        upd::refVar(CE->getArg(1)->IgnoreParenCasts()) != Measured)
      return;
    report(CE->getBeginLoc(), CE->getSourceRange(),
           "integrity check fails open: the comparison length is strlen(" + Measured->getNameAsString() +
               "), so an empty or truncated expected value matches any data",
           "compare the full, fixed digest length and reject an expected value of the wrong length");
  }

  ast::NameRegex ExpectedRe, ActualRe, AlgorithmNameRe, HandleTypeRe, SuccessEnumRe, FnRe;
  upd::ParentMaps Maps;
};

} // namespace

CRA_RULE_FACTORY(UpdateFailOpenCheck)

} // namespace cra
