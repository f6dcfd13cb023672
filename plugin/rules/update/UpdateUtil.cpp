//===- UpdateUtil.cpp - helpers shared by the update, tls and net rule families --------------------===//
#include "rules/update/UpdateUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Regex.h"

#include <algorithm>
#include <array>

using namespace clang;

namespace cra {
namespace upd {

llvm::StringRef calleeName(const CallExpr *CE) {
  if (!CE)
    return "";
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return "";
  return FD->getName();
}

const Expr *strip(const Expr *E) {
  if (!E)
    return nullptr;
  return E->IgnoreParenImpCasts();
}

const VarDecl *refVar(const Expr *E) {
  E = strip(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

namespace {

/// Finds writes to a variable (assignment, ++/--, address taken) inside a body.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const VarDecl *V) : V(V) {}
  bool Written = false;
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && refVar(BO->getLHS()) == V)
      Written = true;
    return !Written;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if ((UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) && refVar(UO->getSubExpr()) == V)
      Written = true;
    return !Written;
  }

private:
  const VarDecl *V;
};

class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  explicit RefCollector(const VarDecl *V) : V(V) {}
  std::vector<const DeclRefExpr *> Refs;
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (DRE->getDecl() == V)
      Refs.push_back(DRE);
    return true;
  }

private:
  const VarDecl *V;
};

SourceLocation expLoc(SourceLocation L, ASTContext &Ctx) {
  return Ctx.getSourceManager().getExpansionLoc(L);
}

} // namespace

bool before(SourceLocation A, SourceLocation B, ASTContext &Ctx) {
  A = expLoc(A, Ctx);
  B = expLoc(B, Ctx);
  if (A.isInvalid() || B.isInvalid())
    return false;
  return Ctx.getSourceManager().isBeforeInTranslationUnit(A, B);
}

std::vector<const DeclRefExpr *> refsTo(const VarDecl *V, const Stmt *Body) {
  RefCollector RC(V);
  if (Body)
    RC.TraverseStmt(const_cast<Stmt *>(Body));
  return RC.Refs; // RecursiveASTVisitor walks in source order
}

bool isAssignedAt(const DeclRefExpr *Ref, ParentMap &PM) {
  const Stmt *Cur = Ref;
  const Stmt *P = PM.getParent(Cur);
  while (P && isa<ParenExpr>(P)) {
    Cur = P;
    P = PM.getParent(P);
  }
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P))
    return BO->getOpcode() == BO_Assign && BO->getLHS()->IgnoreParens() == Cur;
  return false;
}

std::optional<llvm::APSInt> evalInt(const Expr *E, ASTContext &Ctx, const FunctionDecl *Fn) {
  if (!E)
    return std::nullopt;
  if (!E->isValueDependent() && !E->isTypeDependent()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx))
      return R.Val.getInt();
  }
  const VarDecl *V = refVar(E);
  if (!V || !V->hasInit() || V->getType()->isReferenceType())
    return std::nullopt;
  const Expr *Init = V->getInit();
  if (Init->isValueDependent())
    return std::nullopt;
  if (V->isLocalVarDecl()) {
    if (!Fn || !Fn->getBody())
      return std::nullopt;
    WriteFinder WF(V);
    WF.TraverseStmt(Fn->getBody());
    if (WF.Written)
      return std::nullopt;
  } else if (!V->getType().isConstQualified()) {
    return std::nullopt;
  }
  Expr::EvalResult R;
  if (Init->EvaluateAsInt(R, Ctx))
    return R.Val.getInt();
  return std::nullopt;
}

std::string spelledName(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return "";
  const Expr *S = E->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return DRE->getDecl()->getNameAsString();
  // The outermost macro whose whole expansion is this expression: TLS1_VERSION in
  // SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION), not the function-like macro around it.
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation B = S->getBeginLoc(), End = S->getEndLoc();
  std::string Name;
  for (unsigned Guard = 0; Guard < 32 && B.isMacroID() && End.isMacroID(); ++Guard) {
    if (SM.isMacroArgExpansion(B) && SM.isMacroArgExpansion(End)) {
      // Written as a macro argument: continue where the user wrote it.
      B = SM.getImmediateSpellingLoc(B);
      End = SM.getImmediateSpellingLoc(End);
      continue;
    }
    // End is the start of the last token; the expansion must end right after that token.
    unsigned TokLen = Lexer::MeasureTokenLength(SM.getSpellingLoc(End), SM, LO);
    SourceLocation MB, ME;
    // Both ends in one expansion: `PKCS7_BINARY | PKCS7_NOVERIFY` is no single macro's value.
    if (TokLen == 0 || SM.getFileID(B) != SM.getFileID(End) || !SM.isAtStartOfImmediateMacroExpansion(B, &MB) ||
        !SM.isAtEndOfImmediateMacroExpansion(End.getLocWithOffset(TokLen), &ME))
      break;
    llvm::StringRef N = Lexer::getImmediateMacroName(B, SM, LO);
    if (!N.empty())
      Name = N.str();
    B = MB;
    End = ME;
  }
  if (!Name.empty())
    return Name;
  return "";
}

namespace {

std::optional<std::string> literalOf(const Expr *E) {
  E = E ? E->IgnoreParenCasts() : nullptr;
  if (const auto *SL = dyn_cast_or_null<StringLiteral>(E))
    if (SL->getCharByteWidth() == 1)
      return SL->getString().str();
  return std::nullopt;
}

/// "snprintf" for snprintf, __builtin___snprintf_chk, __snprintf_chk (Chk set for the _chk forms);
/// "" for functions that do not write a string into their first argument.
llvm::StringRef baseWriteName(llvm::StringRef N, bool &Chk) {
  N.consume_front("__builtin_");
  Chk = false;
  if (N.starts_with("__") && N.ends_with("_chk")) {
    N = N.drop_front(2).drop_back(4);
    Chk = true;
  }
  static const char *const Known[] = {"snprintf", "sprintf", "strcpy", "strncpy", "strlcpy",
                                      "memcpy",   "strcat",  "strncat", "strlcat"};
  for (const char *K : Known)
    if (N == K)
      return K;
  return "";
}

/// The last call before At in Body that writes the buffer V (dest argument 0).
class BufferWriteFinder : public RecursiveASTVisitor<BufferWriteFinder> {
public:
  BufferWriteFinder(const VarDecl *V, const Stmt *At, ASTContext &Ctx) : V(V), At(At), Ctx(Ctx) {}
  std::vector<const CallExpr *> Writes; // in source order
  std::vector<const BinaryOperator *> Assigns;
  bool VisitCallExpr(CallExpr *CE) {
    if (CE->getNumArgs() < 2 || refVar(CE->getArg(0)) != V)
      return true;
    if (!before(CE->getBeginLoc(), At->getBeginLoc(), Ctx))
      return true;
    bool Chk = false;
    if (!baseWriteName(calleeName(CE), Chk).empty())
      Writes.push_back(CE);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && refVar(BO->getLHS()) == V &&
        before(BO->getBeginLoc(), At->getBeginLoc(), Ctx))
      Assigns.push_back(BO);
    return true;
  }

private:
  const VarDecl *V;
  const Stmt *At;
  ASTContext &Ctx;
};

std::optional<std::string> resolveImpl(const Expr *E, ASTContext &Ctx, const FunctionDecl *Fn,
                                       const Stmt *At, bool *FromFormat, unsigned Depth) {
  if (!E || Depth > 4)
    return std::nullopt;
  if (auto L = literalOf(E))
    return L;
  const VarDecl *V = refVar(E->IgnoreParenCasts());
  if (!V)
    return std::nullopt;
  if (V->isLocalVarDecl() && Fn && Fn->getBody() && At) {
    BufferWriteFinder BW(V, At, Ctx);
    BW.TraverseStmt(Fn->getBody());
    // The last write wins; strcat-style calls append to what came before.
    const Stmt *Last = nullptr;
    if (!BW.Writes.empty())
      Last = BW.Writes.back();
    if (!BW.Assigns.empty() && (!Last || before(Last->getBeginLoc(), BW.Assigns.back()->getBeginLoc(), Ctx)))
      return resolveImpl(BW.Assigns.back()->getRHS(), Ctx, Fn, BW.Assigns.back(), FromFormat, Depth + 1);
    if (!BW.Writes.empty()) {
      // Walk back over appends to the base write.
      size_t I = BW.Writes.size();
      std::vector<const CallExpr *> Appends;
      while (I > 0) {
        const CallExpr *W = BW.Writes[I - 1];
        bool Chk = false;
        if (baseWriteName(calleeName(W), Chk).contains("cat")) {
          Appends.push_back(W);
          --I;
          continue;
        }
        break;
      }
      std::string Base;
      if (I > 0) {
        const CallExpr *W = BW.Writes[I - 1];
        bool Chk = false;
        llvm::StringRef N = baseWriteName(calleeName(W), Chk);
        unsigned SrcIdx = 1;
        bool Fmt = false;
        if (N == "snprintf")
          SrcIdx = Chk ? 4 : 2, Fmt = true;
        else if (N == "sprintf")
          SrcIdx = Chk ? 3 : 1, Fmt = true;
        if (SrcIdx >= W->getNumArgs())
          return std::nullopt;
        const Expr *Src = W->getArg(SrcIdx);
        auto S = resolveImpl(Src, Ctx, Fn, W, FromFormat, Depth + 1);
        if (!S)
          return std::nullopt;
        if (Fmt && FromFormat)
          *FromFormat = true;
        Base = *S;
      } else if (V->hasInit()) {
        auto S = resolveImpl(V->getInit(), Ctx, Fn, nullptr, FromFormat, Depth + 1);
        if (!S)
          return std::nullopt;
        Base = *S;
      } else {
        return std::nullopt;
      }
      for (auto It = Appends.rbegin(); It != Appends.rend(); ++It) {
        auto S = resolveImpl((*It)->getArg(1), Ctx, Fn, *It, FromFormat, Depth + 1);
        if (!S)
          return std::nullopt;
        Base += *S;
      }
      return Base;
    }
  }
  if (V->hasInit())
    return resolveImpl(V->getInit(), Ctx, Fn, nullptr, FromFormat, Depth + 1);
  return std::nullopt;
}

} // namespace

std::optional<std::string> resolveString(const Expr *E, ASTContext &Ctx, const FunctionDecl *Fn,
                                         const Stmt *At, bool *FromFormat) {
  if (FromFormat)
    *FromFormat = false;
  return resolveImpl(E, Ctx, Fn, At, FromFormat, 0);
}

bool isBooleanVerdictFunction(const FunctionDecl *Fn) {
  if (!Fn)
    return false;
  QualType RT = Fn->getReturnType().getCanonicalType();
  if (RT->isBooleanType())
    return true;
  if (!RT->isIntegerType() || !Fn->getIdentifier())
    return false;
  std::string N = Fn->getName().lower();
  llvm::StringRef S(N);
  return S.ends_with("_ok") || S.starts_with("is_") || S.starts_with("has_valid") || S.ends_with("_valid") ||
         S.ends_with("_verified") || S.ends_with("_good") || S.ends_with("_matches") ||
         S.ends_with("_match");
}

void FunctionTracker::onFunction(const FunctionDecl *Fn, ASTContext &Ctx) {
  if (!Fn || !Fn->hasBody() || !Fn->doesThisDeclarationHaveABody())
    return;
  SourceLocation B = expLoc(Fn->getBeginLoc(), Ctx);
  while (!Stack.empty() && before(Stack.back()->getEndLoc(), B, Ctx))
    Stack.pop_back();
  Stack.push_back(Fn);
}

const FunctionDecl *FunctionTracker::enclosing(const Stmt *S, ASTContext &Ctx) {
  SourceLocation L = expLoc(S->getBeginLoc(), Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  while (!Stack.empty()) {
    const FunctionDecl *F = Stack.back();
    SourceLocation B = expLoc(F->getBeginLoc(), Ctx), E = expLoc(F->getEndLoc(), Ctx);
    if (!SM.isBeforeInTranslationUnit(L, B) && !SM.isBeforeInTranslationUnit(E, L))
      return F;
    Stack.pop_back();
  }
  return nullptr;
}

ParentMap &ParentMaps::of(const FunctionDecl *Fn) {
  auto &Slot = Maps[Fn];
  if (!Slot)
    Slot = std::make_unique<ParentMap>(Fn->getBody());
  return *Slot;
}

// ---- verification results -------------------------------------------------------------------------

ResultSem parseResultSem(llvm::StringRef S) {
  S = S.split(';').first.trim();
  return llvm::StringSwitch<ResultSem>(S)
      .Case("one-success", ResultSem::OneSuccess)
      .Case("one-success-neg-error", ResultSem::OneSuccessNegError)
      .Case("positive-success-neg-error", ResultSem::PositiveSuccessNegError)
      .Case("one-only-success", ResultSem::OneOnlySuccess)
      .Case("zero-success", ResultSem::ZeroSuccess)
      .Case("zero-success-neg-error", ResultSem::ZeroSuccessNegError)
      .Default(ResultSem::Unknown);
}

ResultSem parseOutParamSem(llvm::StringRef S) {
  S = S.split(';').first.trim();
  if (S == "outparam-one-success")
    return ResultSem::OneSuccess;
  if (S == "outparam-zero-success")
    return ResultSem::ZeroSuccess;
  return ResultSem::Unknown;
}

std::string describeSem(ResultSem S) {
  switch (S) {
  case ResultSem::OneSuccess:
    return "1 = valid, 0 = invalid";
  case ResultSem::OneSuccessNegError:
    return "1 = valid, 0 = invalid, negative = error";
  case ResultSem::PositiveSuccessNegError:
    return "positive = valid, 0 = invalid, negative = error";
  case ResultSem::OneOnlySuccess:
    return "only 1 = valid; 0, other positive values and negative values are failures";
  case ResultSem::ZeroSuccess:
    return "0 = valid, any other value = failure";
  case ResultSem::ZeroSuccessNegError:
    return "0 = valid, negative = failure";
  case ResultSem::Unknown:
    break;
  }
  return "unknown convention";
}

namespace {

struct Domain {
  std::vector<int64_t> Values;
  int64_t Canonical; // the documented success value
  bool isSuccess(int64_t V, ResultSem S) const {
    switch (S) {
    case ResultSem::OneSuccess:
    case ResultSem::OneSuccessNegError:
    case ResultSem::OneOnlySuccess:
      return V == 1;
    case ResultSem::PositiveSuccessNegError:
      return V > 0;
    case ResultSem::ZeroSuccess:
    case ResultSem::ZeroSuccessNegError:
      return V == 0;
    case ResultSem::Unknown:
      break;
    }
    return false;
  }
};

Domain domainOf(ResultSem S) {
  switch (S) {
  case ResultSem::OneSuccess:
    return {{0, 1}, 1};
  // Failure values in the order a message names them first (-1 before -2).
  case ResultSem::OneSuccessNegError:
    return {{-1, -2, 0, 1}, 1};
  case ResultSem::PositiveSuccessNegError:
    return {{-1, -2, 0, 1, 2}, 1};
  case ResultSem::OneOnlySuccess:
    return {{2, 3, -1, -2, 0, 1}, 1};
  case ResultSem::ZeroSuccess:
    return {{-1, 1, -2, 2, 0}, 0};
  case ResultSem::ZeroSuccessNegError:
    return {{-1, -2, 0}, 0};
  case ResultSem::Unknown:
    break;
  }
  return {{}, 0};
}

std::string valueLabel(int64_t V, ResultSem S) {
  std::string N = std::to_string(V);
  if (S == ResultSem::ZeroSuccess || S == ResultSem::ZeroSuccessNegError)
    return V < 0 ? "a negative error code (" + N + ")" : "a failure code (" + N + ")";
  if (V < 0)
    return N + " (error)";
  if (V == 0)
    return "0 (invalid)";
  return N + " (failure)";
}

/// A test applied to the result: `v OP C`, possibly negated. Bool tests are `v != 0`.
struct Pred {
  bool Set = false;
  BinaryOperatorKind Op = BO_NE;
  int64_t C = 0;
  bool Negate = false;
  bool eval(int64_t V) const {
    bool R;
    switch (Op) {
    case BO_EQ: R = V == C; break;
    case BO_NE: R = V != C; break;
    case BO_LT: R = V < C; break;
    case BO_LE: R = V <= C; break;
    case BO_GT: R = V > C; break;
    case BO_GE: R = V >= C; break;
    default: R = V != 0; break;
    }
    return Negate ? !R : R;
  }
};

BinaryOperatorKind swapOp(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT: return BO_GT;
  case BO_GT: return BO_LT;
  case BO_LE: return BO_GE;
  case BO_GE: return BO_LE;
  default: return Op;
  }
}

llvm::Regex &failLabelRe() {
  static llvm::Regex R("(fail|err|bad|reject|invalid|deny|denied|abort|unverified|insecure)",
                       llvm::Regex::IgnoreCase);
  return R;
}

/// The statement a branch ends with (the last statement of a compound).
const Stmt *lastOf(const Stmt *S) {
  while (const auto *CS = dyn_cast_or_null<CompoundStmt>(S)) {
    if (CS->body_empty())
      return nullptr;
    S = CS->body_back();
  }
  return S;
}

enum class Branch { Rejects, Accepts, Neutral };

/// A function that returns -1 somewhere uses 0/negative codes, whatever its name says.
bool returnsNegativeConstant(const FunctionDecl *Fn, ASTContext &Ctx) {
  struct V : RecursiveASTVisitor<V> {
    ASTContext &Ctx;
    bool Found = false;
    explicit V(ASTContext &C) : Ctx(C) {}
    bool VisitReturnStmt(ReturnStmt *R) {
      if (R->getRetValue())
        if (auto C = evalInt(R->getRetValue(), Ctx))
          if (C->isNegative())
            Found = true;
      return !Found;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } Visitor(Ctx);
  if (Fn && Fn->getBody())
    Visitor.TraverseStmt(Fn->getBody());
  return Visitor.Found;
}

Branch classifyLast(const Stmt *S, const FunctionDecl *Fn, ASTContext &Ctx) {
  const Stmt *L = lastOf(S);
  if (!L)
    return Branch::Neutral;
  if (const auto *G = dyn_cast<GotoStmt>(L))
    return failLabelRe().match(G->getLabel()->getName()) ? Branch::Rejects : Branch::Neutral;
  if (const auto *CE = dyn_cast<CallExpr>(L)) {
    llvm::StringRef N = calleeName(CE);
    if (N == "abort" || N == "exit" || N == "_exit" || N == "panic")
      return Branch::Rejects;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(L)) {
    const Expr *V = R->getRetValue();
    if (!V)
      return Branch::Neutral;
    if (V->IgnoreParenCasts()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) &&
        V->getType()->isPointerType())
      return Branch::Rejects;
    auto C = evalInt(V, Ctx);
    if (!C)
      return Branch::Neutral;
    if (C->isNegative())
      return Branch::Rejects;
    if (isBooleanVerdictFunction(Fn) && !returnsNegativeConstant(Fn, Ctx))
      return C->isZero() ? Branch::Rejects : Branch::Accepts;
  }
  return Branch::Neutral;
}

/// A branch that goes on to install, boot or run the data accepts it ("if (verify(...)) flash(img);").
bool callsAcceptStep(const Stmt *S) {
  static llvm::Regex R("install|flash|set_boot|apply|accept|commit|upgrade|activate|write_image|^exec[lv]",
                       llvm::Regex::IgnoreCase);
  llvm::SmallVector<const Stmt *, 8> Items;
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    Items.append(CS->body_begin(), CS->body_end());
  else if (S)
    Items.push_back(S);
  for (const Stmt *I : Items)
    if (const auto *CE = dyn_cast<CallExpr>(I))
      if (R.match(calleeName(CE)))
        return true;
  return false;
}

Branch classifyBranch(const Stmt *S, const FunctionDecl *Fn, ASTContext &Ctx) {
  Branch B = classifyLast(S, Fn, Ctx);
  if (B == Branch::Neutral && callsAcceptStep(S))
    return Branch::Accepts;
  return B;
}

/// What follows an if statement without an else: the rest of the enclosing compound.
const Stmt *fallThroughOf(const IfStmt *If, ParentMap &PM) {
  const auto *CS = dyn_cast_or_null<CompoundStmt>(PM.getParent(If));
  if (!CS)
    return nullptr;
  bool Seen = false;
  for (const Stmt *S : CS->body()) {
    if (Seen)
      return S; // the next statement decides (return/goto) — good enough for a verdict branch
    if (S == If)
      Seen = true;
  }
  return nullptr;
}

bool jumpsAway(const Stmt *S) {
  const Stmt *L = lastOf(S);
  return L && (isa<ReturnStmt>(L) || isa<GotoStmt>(L) || isa<BreakStmt>(L) || isa<ContinueStmt>(L));
}

struct WalkOut {
  UseVerdict Verdict = UseVerdict::Unknown;
  const Stmt *At = nullptr;
  std::string Why;
  const VarDecl *StoredIn = nullptr; // the value was stored into this variable
  const Stmt *StoredAt = nullptr;
};

/// Checks a predicate against the API's convention; Polarity: the truth value that means "accept"
/// when it is known (return from a boolean verdict function), else derived from the success value.
bool separates(const Pred &P, ResultSem S, std::string &Why, std::optional<bool> AcceptTruth) {
  Domain D = domainOf(S);
  bool T = AcceptTruth ? *AcceptTruth : P.eval(D.Canonical);
  if (AcceptTruth && P.eval(D.Canonical) != *AcceptTruth) {
    Why = "is inverted: it accepts on failure and rejects the valid result";
    return false;
  }
  for (int64_t V : D.Values) {
    if (D.isSuccess(V, S))
      continue;
    if (P.eval(V) == T) {
      Why = "treats " + valueLabel(V, S) + " like success";
      return false;
    }
  }
  return true;
}

WalkOut walkUse(const Expr *E, ResultSem S, const FunctionDecl *Fn, ParentMap &PM, ASTContext &Ctx) {
  WalkOut Out;
  Pred P;
  const Stmt *Cur = E;
  bool Unmodelled = S == ResultSem::Unknown;
  for (unsigned Guard = 0; Guard < 32; ++Guard) {
    const Stmt *Par = PM.getParent(Cur);
    if (!Par) {
      Out.Verdict = UseVerdict::Unknown;
      return Out;
    }
    if (isa<ParenExpr>(Par) || isa<ImplicitCastExpr>(Par)) {
      Cur = Par;
      continue;
    }
    if (const auto *CC = dyn_cast<CStyleCastExpr>(Par)) {
      if (CC->getType()->isVoidType()) {
        Out.Verdict = UseVerdict::Ignored;
        Out.At = E;
        Out.Why = "the result is cast to void";
        return Out;
      }
      Cur = Par;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(Par)) {
      if (UO->getOpcode() == UO_LNot) {
        if (!P.Set) {
          P.Set = true;
          P.Op = BO_NE;
          P.C = 0;
        }
        P.Negate = !P.Negate;
        Cur = Par;
        continue;
      }
      Out.Verdict = UseVerdict::Unknown;
      return Out;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Par)) {
      if (BO->isComparisonOp()) {
        if (P.Set) { // a comparison of an already-tested value: out of scope
          Out.Verdict = UseVerdict::Unknown;
          return Out;
        }
        bool OnLeft = BO->getLHS() == Cur;
        auto C = evalInt(OnLeft ? BO->getRHS() : BO->getLHS(), Ctx);
        if (!C) {
          Out.Verdict = UseVerdict::Unknown;
          return Out;
        }
        P.Set = true;
        P.Op = OnLeft ? BO->getOpcode() : swapOp(BO->getOpcode());
        P.C = C->getExtValue();
        Cur = Par;
        continue;
      }
      if (BO->getOpcode() == BO_Assign && BO->getRHS() == Cur) {
        const VarDecl *V = refVar(BO->getLHS());
        const Stmt *GP = PM.getParent(Par);
        bool ValueUsed = GP && !isa<CompoundStmt>(GP);
        if (!P.Set && V && !ValueUsed) {
          Out.StoredIn = V;
          Out.StoredAt = Par;
          return Out;
        }
        if (ValueUsed) {
          Cur = Par;
          continue;
        }
        Out.Verdict = UseVerdict::Unknown;
        return Out;
      }
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        if (!P.Set) {
          P.Set = true;
          P.Op = BO_NE;
          P.C = 0;
        }
        if (Unmodelled) {
          Out.Verdict = UseVerdict::Correct;
          return Out;
        }
        std::string Why;
        if (!separates(P, S, Why, std::nullopt)) {
          Out.Verdict = UseVerdict::Misused;
          Out.At = E;
          Out.Why = Why;
          return Out;
        }
        Out.Verdict = UseVerdict::Correct;
        return Out;
      }
      if (BO->getOpcode() == BO_Comma && BO->getLHS() == Cur) {
        Out.Verdict = UseVerdict::Ignored;
        Out.At = E;
        return Out;
      }
      Out.Verdict = UseVerdict::Unknown;
      return Out;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(Par)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (V->getInit() && V->getInit()->IgnoreParenImpCasts() == cast<Expr>(Cur)->IgnoreParenImpCasts()) {
            if (P.Set) {
              Out.Verdict = UseVerdict::Correct; // stored as a boolean verdict: not followed further
              return Out;
            }
            Out.StoredIn = V;
            Out.StoredAt = DS;
            return Out;
          }
      if (!P.Set && DS->isSingleDecl())
        if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl())) {
          Out.StoredIn = V;
          Out.StoredAt = DS;
          return Out;
        }
      Out.Verdict = UseVerdict::Unknown;
      return Out;
    }
    auto condCheck = [&](std::optional<bool> AcceptTruth) {
      if (!P.Set) {
        P.Set = true;
        P.Op = BO_NE;
        P.C = 0;
      }
      if (Unmodelled) {
        Out.Verdict = UseVerdict::Correct;
        return;
      }
      std::string Why;
      if (!separates(P, S, Why, AcceptTruth)) {
        Out.Verdict = UseVerdict::Misused;
        Out.At = Cur;
        Out.Why = Why;
        return;
      }
      Out.Verdict = UseVerdict::Correct;
    };
    if (const auto *If = dyn_cast<IfStmt>(Par)) {
      if (If->getCond() != Cur) {
        Out.Verdict = UseVerdict::Unknown;
        return Out;
      }
      condCheck(std::nullopt);
      if (Out.Verdict != UseVerdict::Correct || Unmodelled)
        return Out;
      // Polarity: which branch runs for a valid result, and does it look like acceptance?
      Domain D = domainOf(S);
      bool SuccTruth = P.eval(D.Canonical);
      const Stmt *Then = If->getThen();
      const Stmt *Else = If->getElse();
      if (!Else && jumpsAway(Then))
        Else = fallThroughOf(If, PM);
      const Stmt *SuccB = SuccTruth ? Then : Else;
      const Stmt *FailB = SuccTruth ? Else : Then;
      if (SuccB && classifyBranch(SuccB, Fn, Ctx) == Branch::Rejects) {
        Out.Verdict = UseVerdict::Misused;
        Out.At = Cur;
        Out.Why = "is inverted: the branch taken for a valid result rejects and the failure branch "
                  "goes on";
      } else if (FailB && classifyBranch(FailB, Fn, Ctx) == Branch::Accepts) {
        Out.Verdict = UseVerdict::Misused;
        Out.At = Cur;
        Out.Why = "is inverted: the branch taken on failure accepts";
      }
      return Out;
    }
    if (const auto *W = dyn_cast<WhileStmt>(Par)) {
      if (W->getCond() == Cur)
        condCheck(std::nullopt);
      return Out;
    }
    if (const auto *D = dyn_cast<DoStmt>(Par)) {
      if (D->getCond() == Cur)
        condCheck(std::nullopt);
      return Out;
    }
    if (const auto *F = dyn_cast<ForStmt>(Par)) {
      if (F->getCond() == Cur)
        condCheck(std::nullopt);
      return Out;
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(Par)) {
      if (CO->getCond() == Cur)
        condCheck(std::nullopt);
      return Out;
    }
    if (isa<ReturnStmt>(Par)) {
      if (isBooleanVerdictFunction(Fn) && !returnsNegativeConstant(Fn, Ctx)) {
        condCheck(true);
        if (Out.Verdict == UseVerdict::Misused)
          Out.At = E;
        return Out;
      }
      if (!P.Set) {
        Out.Verdict = UseVerdict::Forwarded;
        Out.At = E;
        return Out;
      }
      condCheck(std::nullopt);
      return Out;
    }
    if (isa<SwitchStmt>(Par)) {
      Out.Verdict = UseVerdict::Unknown; // switch over the documented values: assume deliberate
      return Out;
    }
    if (isa<CompoundStmt>(Par) || isa<LabelStmt>(Par) ||
        (isa<IfStmt>(Par) || isa<ForStmt>(Par) || isa<WhileStmt>(Par) || isa<DoStmt>(Par))) {
      Out.Verdict = UseVerdict::Ignored;
      Out.At = E;
      Out.Why = "the result is discarded";
      return Out;
    }
    if (isa<CallExpr>(Par)) {
      Out.Verdict = UseVerdict::Forwarded;
      return Out;
    }
    Out.Verdict = UseVerdict::Unknown;
    return Out;
  }
  return Out;
}

UseResult combineUses(const VarDecl *V, const Stmt *StoredAt, ResultSem S, const FunctionDecl *Fn,
                      ParentMap &PM, ASTContext &Ctx, unsigned Depth);

UseResult fromWalk(const Expr *E, ResultSem S, const FunctionDecl *Fn, ParentMap &PM, ASTContext &Ctx,
                   unsigned Depth) {
  WalkOut W = walkUse(E, S, Fn, PM, Ctx);
  if (W.StoredIn) {
    if (Depth > 2) // result copied from variable to variable: stop guessing
      return {UseVerdict::Unknown, nullptr, ""};
    return combineUses(W.StoredIn, W.StoredAt, S, Fn, PM, Ctx, Depth + 1);
  }
  return {W.Verdict, W.At, W.Why};
}

/// The references to V from StoredAt on, up to and including the first one that overwrites V.
/// Statements that end before StoredAt are skipped whole, so following every result stored in one
/// variable of a long function stays linear in the code between the store and the next store.
class RefsAfter : public RecursiveASTVisitor<RefsAfter> {
public:
  RefsAfter(const VarDecl *V, const Stmt *StoredAt, ParentMap &PM, ASTContext &Ctx)
      : V(V), After(StoredAt->getEndLoc()), PM(PM), Ctx(Ctx) {}
  std::vector<const DeclRefExpr *> Refs;
  bool TraverseStmt(Stmt *S) {
    if (!S || Done)
      return true;
    if (before(S->getEndLoc(), After, Ctx))
      return true;
    return RecursiveASTVisitor<RefsAfter>::TraverseStmt(S);
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (DRE->getDecl() != V || !before(After, DRE->getBeginLoc(), Ctx))
      return true;
    Refs.push_back(DRE);
    if (isAssignedAt(DRE, PM))
      Done = true;
    return true;
  }

private:
  const VarDecl *V;
  SourceLocation After;
  ParentMap &PM;
  ASTContext &Ctx;
  bool Done = false;
};

UseResult combineUses(const VarDecl *V, const Stmt *StoredAt, ResultSem S, const FunctionDecl *Fn,
                      ParentMap &PM, ASTContext &Ctx, unsigned Depth) {
  if (!V->isLocalVarDecl() && !isa<ParmVarDecl>(V))
    return {UseVerdict::Unknown, nullptr, ""}; // stored in a global: read elsewhere
  RefsAfter RA(V, StoredAt, PM, Ctx);
  RA.TraverseStmt(Fn->getBody());
  const std::vector<const DeclRefExpr *> &Refs = RA.Refs;
  bool AnyRead = false, AnyGood = false, AnyUnknown = false;
  UseResult Bad;
  for (const DeclRefExpr *R : Refs) {
    // Only reads after the store: a reference inside it (the `&v` handed to the verifier, the left
    // side of `v = f()`) is the write itself.
    if (!before(StoredAt->getEndLoc(), R->getBeginLoc(), Ctx))
      continue;
    if (isAssignedAt(R, PM))
      break; // overwritten: later reads see another value
    AnyRead = true;
    UseResult U = fromWalk(R, S, Fn, PM, Ctx, Depth);
    switch (U.Verdict) {
    case UseVerdict::Correct:
    case UseVerdict::Forwarded:
      AnyGood = true;
      break;
    case UseVerdict::Misused:
      if (Bad.Verdict != UseVerdict::Misused)
        Bad = U;
      break;
    case UseVerdict::Unknown:
      AnyUnknown = true;
      break;
    case UseVerdict::Ignored:
      break;
    }
  }
  if (!AnyRead)
    return {UseVerdict::Ignored, StoredAt, "the result is stored in '" + V->getNameAsString() + "' and never read"};
  if (AnyGood)
    return {UseVerdict::Correct, nullptr, ""};
  if (Bad.Verdict == UseVerdict::Misused)
    return Bad;
  if (AnyUnknown)
    return {UseVerdict::Unknown, nullptr, ""};
  return {UseVerdict::Ignored, StoredAt, "the result stored in '" + V->getNameAsString() + "' is never tested"};
}

} // namespace

UseResult classifyResultUse(const Expr *E, ResultSem Sem, const FunctionDecl *Fn, ParentMap &PM,
                            ASTContext &Ctx) {
  if (!Fn || !Fn->getBody())
    return {};
  return fromWalk(E, Sem, Fn, PM, Ctx, 0);
}

UseResult classifyOutParam(const CallExpr *CE, unsigned ArgIdx, ResultSem Sem, const FunctionDecl *Fn,
                           ParentMap &PM, ASTContext &Ctx) {
  if (!Fn || !Fn->getBody() || ArgIdx >= CE->getNumArgs())
    return {};
  const auto *UO = dyn_cast<UnaryOperator>(CE->getArg(ArgIdx)->IgnoreParenCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return {}; // forwarded pointer: the caller reads it
  const VarDecl *V = refVar(UO->getSubExpr());
  if (!V || !V->isLocalVarDecl())
    return {};
  UseResult R = combineUses(V, CE, Sem, Fn, PM, Ctx, 1);
  if (R.Verdict == UseVerdict::Ignored) {
    R.At = CE;
    R.Why = "the verdict is written to '" + V->getNameAsString() + "', which is never read";
  }
  return R;
}

// ---- verification calls ---------------------------------------------------------------------------

VerifySet::VerifySet(const SinkTable &Sinks, llvm::StringRef NamePattern, bool SignaturesOnly)
    : Sinks(Sinks), Pattern(NamePattern), SignaturesOnly(SignaturesOnly) {
  if (!Pattern.empty())
    PatternRe = std::make_shared<ast::LazyRegex>(Pattern, llvm::Regex::IgnoreCase);
  for (const SinkRow *R : Sinks.rowsOfKind("VRES"))
    if (!SignaturesOnly || parseSemantics(R->Semantics).has("sig"))
      Api.insert(R->Function);
}

std::vector<const SinkRow *> VerifySet::rows(const CallExpr *CE) const {
  llvm::StringRef N = calleeName(CE);
  if (N.empty() || !Api.contains(N))
    return {};
  return Sinks.lookup(N, "VRES");
}

std::vector<std::string> VerifySet::apiNames() const {
  std::vector<std::string> Out;
  for (const auto &E : Api)
    Out.push_back(E.getKey().str());
  std::sort(Out.begin(), Out.end());
  return Out;
}

namespace {
bool nameMentionsSignature(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    E = UO->getSubExpr()->IgnoreParenCasts();
  const NamedDecl *ND = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    ND = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(E))
    ND = ME->getMemberDecl();
  if (!ND || !ND->getIdentifier())
    return false;
  std::string N = ND->getName().lower();
  return llvm::StringRef(N).contains("sig");
}
} // namespace

bool VerifySet::isVerifyCall(const CallExpr *CE) const {
  llvm::StringRef N = calleeName(CE);
  if (N.empty())
    return false;
  auto [It, New] = NameVerdicts.try_emplace(N, ByName::No);
  if (New) {
    // The pattern is tried only on names with one of these words in them.
    bool CheckOrValid = N.contains_insensitive("check") || N.contains_insensitive("valid");
    bool Candidate = CheckOrValid || N.contains_insensitive("verif") || N.contains_insensitive("sig") ||
                     N.contains_insensitive("auth");
    if (Api.contains(N) || (Candidate && PatternRe && PatternRe->match(N)))
      It->second = ByName::Yes;
    else if (CheckOrValid)
      It->second = ByName::IfArgumentNamesSignature;
  }
  if (It->second != ByName::IfArgumentNamesSignature)
    return It->second == ByName::Yes;
  for (const Expr *A : CE->arguments())
    if (nameMentionsSignature(A))
      return true;
  return false;
}

bool isTestedVerification(const CallExpr *CE, const VerifySet &VS, const FunctionDecl *Fn, ParentMap &PM,
                          ASTContext &Ctx) {
  auto Rows = VS.rows(CE);
  if (Rows.empty()) {
    UseResult U = classifyResultUse(CE, ResultSem::Unknown, Fn, PM, Ctx);
    return U.Verdict != UseVerdict::Ignored;
  }
  bool Any = false;
  for (const SinkRow *R : Rows) {
    UseResult U;
    if (R->OutParam)
      U = classifyOutParam(CE, static_cast<unsigned>(R->Arg), parseOutParamSem(R->Semantics), Fn, PM, Ctx);
    else
      U = classifyResultUse(CE, parseResultSem(R->Semantics), Fn, PM, Ctx);
    if (U.Verdict == UseVerdict::Ignored || U.Verdict == UseVerdict::Misused)
      return false;
    Any = true;
  }
  return Any;
}

// ---- URLs -----------------------------------------------------------------------------------------

namespace {
std::optional<std::array<unsigned, 4>> parseIPv4(llvm::StringRef H) {
  llvm::SmallVector<llvm::StringRef, 4> P;
  H.split(P, '.');
  if (P.size() != 4)
    return std::nullopt;
  std::array<unsigned, 4> Out{};
  for (unsigned I = 0; I < 4; ++I) {
    unsigned V;
    if (P[I].empty() || P[I].getAsInteger(10, V) || V > 255)
      return std::nullopt;
    Out[I] = V;
  }
  return Out;
}

bool hasDomainSuffix(llvm::StringRef H, llvm::StringRef D) {
  return H == D || (H.ends_with(D) && H.size() > D.size() && H[H.size() - D.size() - 1] == '.');
}
} // namespace

bool isLocalOrDocumentationHost(llvm::StringRef Host) {
  std::string L = Host.lower();
  llvm::StringRef H(L);
  H = H.rtrim('.');
  if (H.starts_with("[") && H.ends_with("]"))
    H = H.drop_front().drop_back();
  if (H.empty())
    return false;
  for (llvm::StringRef D : {"localhost", "example.com", "example.org", "example.net", "example", "test",
                            "invalid", "local", "home.arpa"})
    if (hasDomainSuffix(H, D))
      return true;
  if (auto IP = parseIPv4(H)) {
    unsigned A = (*IP)[0], B = (*IP)[1], C = (*IP)[2];
    return A == 127 || A == 10 || A == 0 || (A == 172 && B >= 16 && B <= 31) || (A == 192 && B == 168) ||
           (A == 169 && B == 254) || (A == 192 && B == 0 && C == 2) || (A == 198 && B == 51 && C == 100) ||
           (A == 203 && B == 0 && C == 113);
  }
  if (H.contains(':')) { // IPv6
    return H == "::1" || H == "::" || H.starts_with("fe80:") || H.starts_with("fc") || H.starts_with("fd") ||
           H.starts_with("2001:db8:") || H.starts_with("::ffff:127.");
  }
  return false;
}

std::optional<CleartextUrl> findCleartextUrl(llvm::StringRef S, bool AnyPosition) {
  static const char *const Schemes[] = {"http", "ftp", "tftp", "telnet", "mqtt", "tcp", "ws"};
  std::string Low = S.lower();
  llvm::StringRef L(Low);
  size_t Pos = 0;
  while (Pos < L.size()) {
    size_t Sep = L.find("://", Pos);
    if (Sep == llvm::StringRef::npos)
      return std::nullopt;
    size_t Start = Sep;
    while (Start > 0 && llvm::isAlpha(L[Start - 1]))
      --Start;
    llvm::StringRef Scheme = L.slice(Start, Sep);
    Pos = Sep + 3;
    if (!AnyPosition && Start != 0)
      return std::nullopt;
    bool Clear = false;
    for (const char *C : Schemes)
      if (Scheme == C)
        Clear = true;
    if (!Clear) {
      if (!AnyPosition)
        return std::nullopt;
      continue;
    }
    llvm::StringRef Rest = S.substr(Sep + 3);
    llvm::StringRef Auth = Rest.take_until([](char C) {
      return C == '/' || C == '?' || C == '#' || C == ' ' || C == '"' || C == '\'' || C == '\n';
    });
    size_t At = Auth.rfind('@');
    if (At != llvm::StringRef::npos)
      Auth = Auth.substr(At + 1);
    llvm::StringRef Host;
    if (Auth.starts_with("[")) {
      Host = Auth.take_until([](char C) { return C == ']'; });
      Host = Host.drop_front();
    } else {
      Host = Auth.take_until([](char C) { return C == ':'; });
    }
    CleartextUrl U;
    U.Scheme = Scheme.str();
    U.Offset = Start;
    if (Host.contains('%') || Host.contains('$') || Host.contains('{'))
      Host = ""; // filled in at run time
    U.Host = Host.str();
    if (!U.Host.empty() && isLocalOrDocumentationHost(U.Host)) {
      if (!AnyPosition)
        return std::nullopt;
      continue;
    }
    return U;
  }
  return std::nullopt;
}

} // namespace upd
} // namespace cra

namespace cra {
namespace upd {

std::string Semantics::option(llvm::StringRef Key) const {
  for (const auto &O : Options)
    if (O.first == Key)
      return O.second;
  return "";
}

bool Semantics::has(llvm::StringRef Key) const {
  for (const auto &O : Options)
    if (O.first == Key)
      return true;
  return false;
}

Semantics parseSemantics(llvm::StringRef S) {
  Semantics Out;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, ';', -1, false);
  for (size_t I = 0; I < Parts.size(); ++I) {
    llvm::StringRef P = Parts[I].trim();
    if (I == 0) {
      auto KV = P.split(':');
      Out.Kind = KV.first.str();
      Out.Param = KV.second.str();
      continue;
    }
    auto KV = P.split('=');
    Out.Options.push_back({KV.first.str(), KV.second.str()});
  }
  return Out;
}

const Expr *rowArg(const CallExpr *CE, const SinkRow &Row) {
  if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= CE->getNumArgs())
    return nullptr;
  return CE->getArg(static_cast<unsigned>(Row.Arg));
}

bool selectorMatches(const CallExpr *CE, const SinkRow &Row, ASTContext &Ctx) {
  if (Row.Selector.empty() || Row.Selector[0] == '.')
    return true;
  unsigned Limit = Row.Arg >= 0 ? static_cast<unsigned>(Row.Arg) : CE->getNumArgs();
  for (unsigned I = 0; I < Limit && I < CE->getNumArgs(); ++I) {
    const Expr *A = CE->getArg(I);
    std::string Spelled = spelledName(A, Ctx);
    std::optional<llvm::APSInt> Val;
    for (llvm::StringRef Sel : llvm::split(Row.Selector, '|')) {
      // "NAME=VALUE": a macro option (SSL_CTRL_SET_MIN_PROTO_VERSION=123) matched by name or value.
      auto NV = Sel.split('=');
      if (Spelled == NV.first)
        return true;
      long long Want;
      if (!NV.second.empty() && !NV.second.getAsInteger(0, Want)) {
        if (!Val)
          Val = evalInt(A, Ctx);
        if (Val && Val->getExtValue() == Want)
          return true;
      }
    }
    // An option passed through a variable or a differently named macro: compare values with the
    // enumerator of that name when the translation unit declares one.
    if (auto V = evalInt(A, Ctx)) {
      for (llvm::StringRef Sel : llvm::split(Row.Selector, '|')) {
        auto Found = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Sel));
        for (const NamedDecl *ND : Found)
          if (const auto *EC = dyn_cast<EnumConstantDecl>(ND))
            if (llvm::APSInt::isSameValue(EC->getInitVal(), *V))
              return true;
      }
    }
  }
  return false;
}

bool looksLikeServerSetup(const FunctionDecl *Fn, ASTContext &Ctx) {
  if (!Fn || !Fn->getBody())
    return false;
  struct V : RecursiveASTVisitor<V> {
    ASTContext &Ctx;
    bool Server = false;
    explicit V(ASTContext &C) : Ctx(C) {}
    bool VisitCallExpr(CallExpr *CE) {
      llvm::StringRef N = calleeName(CE);
      if (N.contains("server_method") || N == "SSL_accept" || N == "wolfSSL_accept" || N == "SSL_do_handshake_server")
        Server = true;
      if (N == "mbedtls_ssl_config_defaults" && CE->getNumArgs() > 1)
        if (auto E = evalInt(CE->getArg(1), Ctx))
          if (*E == 1) // MBEDTLS_SSL_IS_SERVER
            Server = true;
      return !Server;
    }
  } Visitor(Ctx);
  Visitor.TraverseStmt(Fn->getBody());
  return Visitor.Server;
}

const FunctionDecl *callbackDefinition(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  if (!DRE)
    return nullptr;
  const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = FD->getDefinition();
  return Def && Def->getBody() ? Def : nullptr;
}

void FieldSinks::add(const SinkRow *Row) {
  if (Row->Selector.empty() || Row->Selector[0] != '.')
    return;
  Rows.push_back(Row);
  llvm::StringRef Last = llvm::StringRef(Row->Selector).rsplit('.').second;
  if (std::find(FieldNames.begin(), FieldNames.end(), Last.str()) == FieldNames.end())
    FieldNames.push_back(Last.str());
}

void FieldSinks::registerMatchers(NodeDispatch &Nodes, Rule *R) {
  if (Rows.empty())
    return;
  Nodes.onAssignment("cra-field-assign", R);
  Nodes.onInitList("cra-field-init", R);
}

// binaryOperator(hasLHS(ignoringParenImpCasts(memberExpr(member(fieldDecl(hasAnyName(FieldNames)))))))
bool FieldSinks::assignsNamedField(const BinaryOperator *BO) const {
  const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return F && F->getIdentifier() && llvm::is_contained(FieldNames, F->getName());
}

// initListExpr(hasType(hasUnqualifiedDesugaredType(recordType(hasDeclaration(recordDecl(has(
//     fieldDecl(hasAnyName(FieldNames)))))))))
bool FieldSinks::initialisesRecordWithNamedField(const InitListExpr *IL) const {
  QualType T = IL->getType();
  if (T.isNull())
    return false;
  const auto *RT = dyn_cast<RecordType>(T->getUnqualifiedDesugaredType());
  if (!RT)
    return false;
  for (const FieldDecl *F : RT->getDecl()->fields())
    if (F->getIdentifier() && llvm::is_contained(FieldNames, F->getName()))
      return true;
  return false;
}

namespace {
const RecordDecl *recordOf(QualType T) {
  T = T.getCanonicalType();
  while (T->isPointerType() || T->isArrayType())
    T = T->isPointerType() ? T->getPointeeType().getCanonicalType()
                           : QualType(T->getPointeeOrArrayElementType(), 0).getCanonicalType();
  if (const auto *RT = T->getAs<RecordType>())
    if (const RecordDecl *D = RT->getDecl()->getDefinition())
      return D;
  return nullptr;
}
} // namespace

void FieldSinks::resolve(ASTContext &Ctx) {
  IsResolved = true;
  for (const SinkRow *Row : Rows) {
    // A name the lexer never met names nothing here. The first TU lookup builds the lookup table of
    // every declaration in the TU (in C it is otherwise never built): skip it when it cannot find anything.
    if (Ctx.Idents.find(Row->Function) == Ctx.Idents.end())
      continue;
    auto Found = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Row->Function));
    const RecordDecl *RD = nullptr;
    for (const NamedDecl *ND : Found) {
      if (const auto *FD = dyn_cast<FunctionDecl>(ND)) {
        if (Row->Arg >= 0 && static_cast<unsigned>(Row->Arg) < FD->getNumParams())
          RD = recordOf(FD->getParamDecl(static_cast<unsigned>(Row->Arg))->getType());
      } else if (const auto *TD = dyn_cast<TypedefNameDecl>(ND)) {
        RD = recordOf(TD->getUnderlyingType());
      } else if (const auto *Tag = dyn_cast<RecordDecl>(ND)) {
        RD = Tag->getDefinition();
      }
      if (RD)
        break;
    }
    const FieldDecl *Field = nullptr;
    llvm::SmallVector<llvm::StringRef, 4> Path;
    llvm::StringRef(Row->Selector).drop_front().split(Path, '.');
    for (llvm::StringRef Comp : Path) {
      if (!RD) {
        Field = nullptr;
        break;
      }
      Field = nullptr;
      for (const FieldDecl *FD : RD->fields())
        if (FD->getIdentifier() && FD->getName() == Comp) {
          Field = FD;
          break;
        }
      if (!Field)
        break;
      RD = recordOf(Field->getType());
    }
    if (Field)
      Resolved.push_back({Row, Field});
  }
}

void FieldSinks::handle(const clang::ast_matchers::MatchFinder::MatchResult &R,
                        llvm::function_ref<void(const SinkRow &, const Expr *, const Stmt *)> Fn) {
  if (!IsResolved)
    resolve(*R.Context);
  if (Resolved.empty())
    return;
  auto rowsFor = [&](const FieldDecl *F) {
    std::vector<const SinkRow *> Out;
    for (const auto &P : Resolved)
      if (P.second->getCanonicalDecl() == F->getCanonicalDecl())
        Out.push_back(P.first);
    return Out;
  };
  if (const auto *BO = R.Nodes.getNodeAs<BinaryOperator>("cra-field-assign")) {
    if (!assignsNamedField(BO))
      return;
    const auto *ME = cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      for (const SinkRow *Row : rowsFor(F))
        Fn(*Row, BO->getRHS(), BO);
    return;
  }
  const auto *IL = R.Nodes.getNodeAs<InitListExpr>("cra-field-init");
  if (!IL || !initialisesRecordWithNamedField(IL))
    return;
  if (!IL->isSemanticForm())
    IL = IL->getSemanticForm();
  if (!IL || !SeenInits.insert(IL).second)
    return;
  const RecordDecl *RD = recordOf(IL->getType());
  if (!RD)
    return;
  if (RD->isUnion()) {
    if (const FieldDecl *F = IL->getInitializedFieldInUnion())
      if (IL->getNumInits() == 1 && !isa<ImplicitValueInitExpr>(IL->getInit(0)))
        for (const SinkRow *Row : rowsFor(F))
          Fn(*Row, IL->getInit(0), IL->getInit(0));
    return;
  }
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (I >= IL->getNumInits())
      break;
    const Expr *Init = IL->getInit(I++);
    if (!Init || isa<ImplicitValueInitExpr>(Init))
      continue;
    for (const SinkRow *Row : rowsFor(F))
      Fn(*Row, Init, Init);
  }
}

} // namespace upd
} // namespace cra
