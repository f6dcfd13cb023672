//===- SecBannedFuncCheck.cpp - sec-banned-func: calls that cannot be used safely ------------------===//
//
// Annex I (2)(k) (exploitation mitigation starts with not writing the overflow): gets, unbounded
// strcpy/strcat/sprintf into fixed buffers, scanf %s without a width, tmpnam/mktemp races (CWE-242,
// CWE-120, CWE-676, CWE-377). Unlike any-use linters, a copy is only reported when it is not provably
// bounded: a literal (or array) source that fits the destination array, or a format whose longest
// expansion fits, is fine. A strcpy/strcat of a string source is bounded too when its length is
// proven against the destination by
//   - a dominating guard on strlen(src) (or a variable holding it, plus constants): an enclosing
//     `if` or an earlier early-exit `if (strlen(src) + 4 >= SIZE) return ...;` against the array's
//     size, or against the space left (`if ((size_t)(end - *dst) > len) strcpy(*dst, src);`);
//   - the destination's own allocation in the function: `d = malloc(strlen(s) + k)` (calloc,
//     realloc, or any sum of unsigned terms that includes strlen(s)) with k covering the NUL and
//     what is appended right after the copy.
// The variables of a guard must not change between it and the copy. A guard against another size
// (a protocol limit, another buffer) proves nothing about this destination and is still reported.
// BAN rows, semantics:
//   always            every call (gets, tmpnam, tempnam, mktemp, getwd)
//   copy:S            copy of argument S into the argument (strcpy, stpcpy, wcscpy)
//   concat:S          append of argument S (strcat, wcscat)
//   format:F          printf format at F written into the argument (sprintf)
//   vformat:F         the same with a va_list: never provably bounded (vsprintf)
//   scanf             scanf-family format at the argument: %s / %[ need a width
//   informational     off unless the rule option `informational` is "true" (strtok, getpass, alloca)
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <cctype>

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

/// Size in elements of the array E denotes, or nullopt (pointers, unknown).
std::optional<uint64_t> arraySize(const Expr *E) {
  E = dbg::strip(E);
  if (const auto *CAT = dyn_cast<ConstantArrayType>(E->getType().getCanonicalType().getTypePtr()))
    return CAT->getSize().getZExtValue();
  return std::nullopt;
}


/// The same lvalue, structurally: `*dst` and `*dst`, `p->buf` and `p->buf` (parens and casts ignored).
bool sameLValue(const Expr *A, const Expr *B) {
  A = dbg::strip(A);
  B = dbg::strip(B);
  if (const auto *DA = dyn_cast<DeclRefExpr>(A)) {
    const auto *DB = dyn_cast<DeclRefExpr>(B);
    return DB && DA->getDecl() == DB->getDecl();
  }
  if (const auto *UA = dyn_cast<UnaryOperator>(A)) {
    const auto *UB = dyn_cast<UnaryOperator>(B);
    return UB && UA->getOpcode() == UB->getOpcode() && UA->getOpcode() == UO_Deref &&
           sameLValue(UA->getSubExpr(), UB->getSubExpr());
  }
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = dyn_cast<MemberExpr>(B);
    return MB && MA->getMemberDecl() == MB->getMemberDecl() && MA->isArrow() == MB->isArrow() &&
           sameLValue(MA->getBase(), MB->getBase());
  }
  return false;
}

bool isExit(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S) || isa<BreakStmt>(S) || isa<ContinueStmt>(S) || isa<GotoStmt>(S))
    return true;
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && isExit(CS->body_back());
  if (const auto *E = dyn_cast<Expr>(S))
    if (const auto *C = dyn_cast<CallExpr>(dbg::strip(E)))
      if (const FunctionDecl *FD = C->getDirectCallee())
        return FD->isNoReturn() || llvm::StringRef(FD->getName()).starts_with("abort") ||
               FD->getName() == "exit" || FD->getName() == "_exit";
  return false;
}

/// `Small < Big` (Strict) or `Small <= Big` holds where a guard dominates.
struct Fact {
  const Expr *Small, *Big;
  bool Strict;
  const Expr *Cond;       ///< the guard's whole condition (its variables must not change)
  SourceLocation EndAt;   ///< the condition holds up to here (the copy, or the end of a loop around it)
};

void addFacts(const Expr *Cond, const Expr *Whole, bool Truth, SourceLocation EndAt, std::vector<Fact> &Out) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
    if (U->getOpcode() == UO_LNot)
      addFacts(U->getSubExpr(), Whole, !Truth, EndAt, Out);
    return;
  }
  const auto *B = dyn_cast<BinaryOperator>(Cond);
  if (!B)
    return;
  BinaryOperatorKind Op = B->getOpcode();
  if ((Op == BO_LAnd && Truth) || (Op == BO_LOr && !Truth)) {
    addFacts(B->getLHS(), Whole, Truth, EndAt, Out);
    addFacts(B->getRHS(), Whole, Truth, EndAt, Out);
    return;
  }
  if (!B->isRelationalOp())
    return;
  if (!Truth)
    Op = Op == BO_LT ? BO_GE : Op == BO_LE ? BO_GT : Op == BO_GT ? BO_LE : BO_LT;
  const Expr *L = B->getLHS(), *R = B->getRHS();
  if (Op == BO_LT || Op == BO_LE)
    Out.push_back({L, R, Op == BO_LT, Whole, EndAt});
  else
    Out.push_back({R, L, Op == BO_GT, Whole, EndAt});
}

/// Does S assign, increment or take the address of a variable in Vars within [From, To]?
bool modifiesBetween(const Stmt *S, const llvm::SmallPtrSetImpl<const VarDecl *> &Vars, SourceLocation From,
                     SourceLocation To, const SourceManager &SM) {
  return !dbg::walk(S, [&](const Stmt *X) {
    const Expr *Target = nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(X); B && B->isAssignmentOp())
      Target = B->getLHS();
    else if (const auto *U = dyn_cast<UnaryOperator>(X); U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf))
      Target = U->getSubExpr();
    if (!Target)
      return true;
    const VarDecl *V = dbg::baseVar(Target);
    SourceLocation L = SM.getExpansionLoc(X->getBeginLoc());
    if (V && Vars.count(V) && !SM.isBeforeInTranslationUnit(L, From) && !SM.isBeforeInTranslationUnit(To, L))
      return false;
    return true;
  });
}

void varsOf(const Stmt *S, llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  dbg::walk(S, [&](const Stmt *X) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(X))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        Vars.insert(V);
    return true;
  });
}

class SecBannedFuncCheck : public Rule {
public:
  SecBannedFuncCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Informational = C.config().option(M.Id, "informational", "false") == "true";
    Rows = dbg::rowsWithSemantics(C.sinks(), "BAN", {});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
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
    const SinkRow *Row = dbg::rowFor(Rows, N);
    if (!Row)
      return;
    auto [Kind, Param] = llvm::StringRef(Row->Semantics).split(':');
    unsigned P = 0;
    bool HaveP = !Param.getAsInteger(10, P) && P < C->getNumArgs();
    unsigned A = Row->Arg < 0 ? 0 : static_cast<unsigned>(Row->Arg);
    std::string Why;
    if (Kind == "always" || (Kind == "informational" && Informational)) {
      Why = N.str() + "() is unsafe by design" + (Row->Note.empty() ? "" : " (" + Row->Note + ")");
    } else if (Kind == "copy" && HaveP && A < C->getNumArgs()) {
      Why = copyProblem(C->getArg(A), C->getArg(P), false);
      if (!Why.empty() && narrowChars(C->getArg(A)) && fits(C, C->getArg(A), C->getArg(P), 1))
        Why.clear();
    } else if (Kind == "concat" && HaveP && A < C->getNumArgs()) {
      Why = copyProblem(C->getArg(A), C->getArg(P), true);
      if (!Why.empty() && narrowChars(C->getArg(A)) && appendFits(C, C->getArg(A), C->getArg(P)))
        Why.clear();
    } else if (Kind == "format" && HaveP && A < C->getNumArgs()) {
      Why = formatProblem(C, A, P);
    } else if (Kind == "vformat") {
      Why = "the output length of " + N.str() + "() cannot be bounded";
    } else if (Kind == "scanf" && A < C->getNumArgs()) {
      Why = scanfProblem(C->getArg(A));
    }
    if (Why.empty())
      return;
    report(C->getBeginLoc(), C->getSourceRange(), Why,
           Row->Note.empty() ? "use the bounded replacement (fgets, snprintf, strlcpy/snprintf, a "
                               "field width, mkstemp)"
                             : "use " + Row->Note);
  }

private:
  /// A `char *` destination: strlen() counts its elements.
  static bool narrowChars(const Expr *Dst) {
    QualType P = Dst->getType()->getPointeeType();
    return !P.isNull() && P->isCharType();
  }

  static bool isStrlenOf(const Expr *E, const Expr *Src) {
    const auto *C = dyn_cast<CallExpr>(dbg::strip(E));
    return C && dbg::calleeName(C) == "strlen" && C->getNumArgs() == 1 && sameLValue(C->getArg(0), Src);
  }

  /// True when nothing in Fn assigns V after its declaration or takes its address.
  bool neverChanged(const VarDecl *V, const FunctionDecl *Fn) {
    if (!Fn || !Fn->getBody())
      return false;
    llvm::SmallPtrSet<const VarDecl *, 1> One;
    One.insert(V);
    const SourceManager &SM = ast().getSourceManager();
    return !modifiesBetween(Fn->getBody(), One, SM.getExpansionLoc(Fn->getBody()->getBeginLoc()),
                            SM.getExpansionLoc(Fn->getBody()->getEndLoc()), SM);
  }

  /// K such that E >= strlen(Src) + K always holds: E is strlen(Src), a local initialised with such
  /// a value and never changed, or a sum of such a term with constants and other unsigned terms.
  std::optional<int64_t> lenLower(const Expr *E, const Expr *Src, const FunctionDecl *Fn, unsigned Depth = 0) {
    if (!E || Depth > 6)
      return std::nullopt;
    E = dbg::strip(E);
    if (isStrlenOf(E, Src))
      return 0;
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        if (V->hasLocalStorage() && !isa<ParmVarDecl>(V) && V->getInit() && V->getType()->isUnsignedIntegerType() &&
            neverChanged(V, Fn))
          return lenLower(V->getInit(), Src, Fn, Depth + 1);
    const auto *B = dyn_cast<BinaryOperator>(E);
    if (!B || B->getOpcode() != BO_Add || !B->getType()->isUnsignedIntegerType())
      return std::nullopt;
    for (int Side = 0; Side < 2; ++Side) {
      const Expr *X = Side ? B->getRHS() : B->getLHS();
      const Expr *Y = Side ? B->getLHS() : B->getRHS();
      auto K = lenLower(X, Src, Fn, Depth + 1);
      if (!K)
        continue;
      if (auto C = dbg::intValue(Y, ast()))
        return *C >= 0 ? *K + *C : std::optional<int64_t>();
      if (dbg::strip(Y)->getType()->isUnsignedIntegerType())
        return K; // an unsigned term only adds (wrap-around of a size_t sum is not modelled)
    }
    return std::nullopt;
  }

  /// The guards that dominate S, each with the extent over which it holds.
  std::vector<Fact> factsAt(const Stmt *S) {
    std::vector<Fact> Out;
    const SourceManager &SM = ast().getSourceManager();
    SourceLocation EndAt = SM.getExpansionLoc(S->getBeginLoc());
    const Stmt *Child = S;
    for (const Stmt *P = dbg::parentStmt(S, ast()); P; Child = P, P = dbg::parentStmt(P, ast())) {
      if (isa<ForStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P))
        EndAt = SM.getExpansionLoc(P->getEndLoc()); // a guard outside must hold on every iteration
      if (const auto *I = dyn_cast<IfStmt>(P)) {
        if (I->getThen() == Child)
          addFacts(I->getCond(), I->getCond(), true, EndAt, Out);
        else if (I->getElse() == Child)
          addFacts(I->getCond(), I->getCond(), false, EndAt, Out);
      } else if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
        for (const Stmt *X : CS->body()) {
          if (X == Child)
            break;
          if (const auto *I = dyn_cast<IfStmt>(X); I && !I->getElse() && isExit(I->getThen()))
            addFacts(I->getCond(), I->getCond(), false, EndAt, Out);
        }
      }
    }
    // A guard whose variables change between it and the copy proves nothing.
    std::vector<Fact> Kept;
    const FunctionDecl *Fn = dbg::enclosingFunction(S, ast());
    for (const Fact &F : Out) {
      llvm::SmallPtrSet<const VarDecl *, 4> Vars;
      varsOf(F.Cond, Vars);
      if (Fn && Fn->getBody() &&
          !modifiesBetween(Fn->getBody(), Vars, SM.getExpansionLoc(F.Cond->getEndLoc()), F.EndAt, SM))
        Kept.push_back(F);
    }
    return Kept;
  }

  /// Is `Big` the space left at Dst (`end - dst`, in any casts)?
  static bool isSpaceOf(const Expr *Big, const Expr *Dst) {
    const auto *B = dyn_cast<BinaryOperator>(dbg::strip(Big));
    return B && B->getOpcode() == BO_Sub && sameLValue(B->getRHS(), Dst) &&
           B->getRHS()->IgnoreParenImpCasts()->getType()->isPointerType();
  }

  /// Does strlen(Src) + Extra bytes provably fit in Dst at the call At? (Extra counts the NUL.)
  bool fits(const CallExpr *At, const Expr *Dst, const Expr *Src, uint64_t Extra) {
    const FunctionDecl *Fn = dbg::enclosingFunction(At, ast());
    if (!Fn)
      return false;
    std::optional<uint64_t> DSize = arraySize(Dst);
    for (const Fact &F : factsAt(At)) {
      auto K = lenLower(F.Small, Src, Fn);
      if (!K)
        continue;
      // strlen(Src) + K < Big (or <=)
      if (auto N = dbg::intValue(F.Big, ast())) {
        int64_t MaxLen = *N - *K - (F.Strict ? 1 : 0);
        if (DSize && MaxLen >= 0 && static_cast<uint64_t>(MaxLen) + Extra <= *DSize)
          return true;
      } else if (isSpaceOf(F.Big, Dst)) {
        if (static_cast<uint64_t>(*K + (F.Strict ? 1 : 0)) >= Extra)
          return true;
      }
    }
    return allocatedFor(At, Dst, Src, Fn, Extra);
  }

  /// Dst is a local pointer whose only definition, before At, is malloc/calloc/realloc of a size of
  /// at least strlen(Src) + Extra.
  bool allocatedFor(const CallExpr *At, const Expr *Dst, const Expr *Src, const FunctionDecl *Fn, uint64_t Extra) {
    const auto *DR = dyn_cast<DeclRefExpr>(Dst->IgnoreParenImpCasts());
    const auto *D = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    if (!D || !D->hasLocalStorage() || isa<ParmVarDecl>(D) || !Fn->getBody())
      return false;
    const Expr *Def = D->getInit();
    unsigned Defs = Def ? 1 : 0;
    bool Other = false;
    dbg::walk(Fn->getBody(), [&](const Stmt *X) {
      if (const auto *B = dyn_cast<BinaryOperator>(X); B && B->isAssignmentOp() && dbg::baseVar(B->getLHS()) == D) {
        if (B->getOpcode() == BO_Assign && isa<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts())) {
          Def = B->getRHS();
          ++Defs;
        } else if (isa<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts())) {
          Other = true; // d += n: no longer the start of the allocation
        }
      } else if (const auto *U = dyn_cast<UnaryOperator>(X);
                 U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
                 isa<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()) && dbg::baseVar(U->getSubExpr()) == D) {
        Other = true;
      }
      return true;
    });
    if (Defs != 1 || Other || !Def)
      return false;
    const SourceManager &SM = ast().getSourceManager();
    if (!SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Def->getBeginLoc()), SM.getExpansionLoc(At->getBeginLoc())))
      return false;
    const auto *A = dyn_cast<CallExpr>(dbg::strip(Def));
    if (!A)
      return false;
    llvm::StringRef N = dbg::calleeName(A);
    const Expr *Size = nullptr;
    if (N == "malloc" && A->getNumArgs() == 1)
      Size = A->getArg(0);
    else if (N == "realloc" && A->getNumArgs() == 2)
      Size = A->getArg(1);
    else if (N == "calloc" && A->getNumArgs() == 2) {
      if (auto One = dbg::intValue(A->getArg(1), ast()); One && *One == 1)
        Size = A->getArg(0);
      else if (auto One0 = dbg::intValue(A->getArg(0), ast()); One0 && *One0 == 1)
        Size = A->getArg(1);
    }
    auto K = lenLower(Size, Src, Fn);
    return K && *K >= 0 && static_cast<uint64_t>(*K) >= Extra;
  }

  /// strcat(Dst, "lit") right after strcpy(Dst, src) (and other such appends) in the same block:
  /// the content is strlen(src) plus the literals, so the bound of the strcpy decides.
  bool appendFits(const CallExpr *C, const Expr *Dst, const Expr *Src) {
    auto Lit = dbg::stringValue(Src, ast());
    if (!Lit || Lit->find(dbg::Unknown) != std::string::npos)
      return false;
    uint64_t Acc = Lit->size() + 1;
    const Stmt *Child = C;
    const Stmt *P = dbg::parentStmt(C, ast());
    while (P && !isa<CompoundStmt>(P)) {
      Child = P;
      P = dbg::parentStmt(P, ast());
    }
    const auto *CS = dyn_cast_or_null<CompoundStmt>(P);
    if (!CS)
      return false;
    std::vector<const Stmt *> Before;
    for (const Stmt *X : CS->body()) {
      if (X == Child)
        break;
      Before.push_back(X);
    }
    const VarDecl *Base = dbg::baseVar(Dst);
    for (auto It = Before.rbegin(); It != Before.rend(); ++It) {
      const auto *E = dyn_cast<Expr>(*It);
      const auto *X = E ? dyn_cast<CallExpr>(dbg::strip(E)) : nullptr;
      llvm::StringRef N = X ? dbg::calleeName(X) : "";
      if (X && X->getNumArgs() == 2 && sameLValue(X->getArg(0), Dst)) {
        if (N == "strcpy")
          return fits(X, X->getArg(0), X->getArg(1), Acc);
        auto L = dbg::stringValue(X->getArg(1), ast());
        if (N == "strcat" && L && L->find(dbg::Unknown) == std::string::npos) {
          Acc += L->size();
          continue;
        }
      }
      llvm::SmallPtrSet<const VarDecl *, 8> Vars;
      varsOf(*It, Vars);
      if (!Base || Vars.count(Base))
        return false; // anything else touching the destination ends the straight-line run
    }
    return false;
  }

  std::string copyProblem(const Expr *Dst, const Expr *Src, bool Concat) {
    std::optional<uint64_t> DSize = arraySize(Dst);
    std::optional<uint64_t> SLen;
    if (auto S = dbg::stringValue(Src, ast()); S && S->find(dbg::Unknown) == std::string::npos)
      SLen = S->size();
    else if (auto AS = arraySize(Src); AS && *AS > 0)
      SLen = *AS - 1; // a NUL-terminated array is at most its size - 1 characters
    if (Concat) {
      std::optional<uint64_t> DLen;
      if (auto D = dbg::stringValue(Dst, ast()); D && D->find(dbg::Unknown) == std::string::npos)
        DLen = D->size();
      if (DSize && SLen && DLen && *DLen + *SLen + 1 <= *DSize)
        return "";
      if (!DSize && SLen)
        return ""; // destination size unknown, bounded literal: nothing to prove either way
      return "append to '" + dbg::sourceText(Dst->getSourceRange(), ast(), 40) +
             "' is not provably within its size";
    }
    if (SLen && (!DSize || *SLen + 1 <= *DSize))
      return "";
    if (SLen && DSize)
      return "copy of " + std::to_string(*SLen + 1) + " bytes into '" +
             dbg::sourceText(Dst->getSourceRange(), ast(), 40) + "' of " + std::to_string(*DSize) + " bytes";
    return "unbounded copy into '" + dbg::sourceText(Dst->getSourceRange(), ast(), 40) +
           "': the source length is not known";
  }

  /// Longest output of a printf format with these arguments, or nullopt when unbounded.
  std::optional<uint64_t> formatBound(llvm::StringRef Fmt, const CallExpr *C, unsigned FirstArg) {
    uint64_t Len = 0;
    unsigned Arg = FirstArg;
    for (size_t I = 0; I < Fmt.size(); ++I) {
      if (Fmt[I] != '%') {
        ++Len;
        continue;
      }
      if (I + 1 < Fmt.size() && Fmt[I + 1] == '%') {
        ++Len;
        ++I;
        continue;
      }
      size_t J = I + 1;
      while (J < Fmt.size() && llvm::StringRef("-+ #0'").contains(Fmt[J]))
        ++J;
      uint64_t Width = 0, Prec = 0;
      bool HavePrec = false;
      if (J < Fmt.size() && Fmt[J] == '*')
        return std::nullopt;
      while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
        Width = Width * 10 + (Fmt[J++] - '0');
      if (J < Fmt.size() && Fmt[J] == '.') {
        ++J;
        HavePrec = true;
        if (J < Fmt.size() && Fmt[J] == '*')
          return std::nullopt;
        while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
          Prec = Prec * 10 + (Fmt[J++] - '0');
      }
      unsigned Longs = 0;
      while (J < Fmt.size() && llvm::StringRef("hlLqjzt").contains(Fmt[J]))
        Longs += (Fmt[J++] == 'l' || Fmt[J - 1] == 'j' || Fmt[J - 1] == 'z' || Fmt[J - 1] == 'q') ? 1 : 0;
      if (J >= Fmt.size())
        return std::nullopt;
      char Conv = Fmt[J];
      const Expr *A = Arg < C->getNumArgs() ? C->getArg(Arg) : nullptr;
      ++Arg;
      uint64_t Item = 0;
      switch (Conv) {
      case 'd':
      case 'i':
        Item = Longs ? 20 : 11;
        break;
      case 'u':
        Item = Longs ? 20 : 10;
        break;
      case 'x':
      case 'X':
        Item = Longs ? 16 : 8;
        break;
      case 'o':
        Item = Longs ? 22 : 11;
        break;
      case 'c':
        Item = 1;
        break;
      case 'p':
        Item = 18;
        break;
      case 's': {
        if (HavePrec) {
          Item = Prec;
          break;
        }
        if (!A)
          return std::nullopt;
        if (auto S = dbg::stringValue(A, ast()); S && S->find(dbg::Unknown) == std::string::npos)
          Item = S->size();
        else if (auto AS = arraySize(A); AS && *AS > 0)
          Item = *AS - 1;
        else
          return std::nullopt;
        break;
      }
      default:
        return std::nullopt; // floating point and the rest: hundreds of characters possible
      }
      Len += std::max(Item, Width);
      I = J;
    }
    return Len;
  }

  std::string formatProblem(const CallExpr *C, unsigned Dst, unsigned FmtIdx) {
    auto Fmt = dbg::stringValue(C->getArg(FmtIdx), ast());
    std::optional<uint64_t> DSize = arraySize(C->getArg(Dst));
    std::optional<uint64_t> Bound;
    if (Fmt && Fmt->find(dbg::Unknown) == std::string::npos)
      Bound = formatBound(*Fmt, C, FmtIdx + 1);
    if (Bound && (!DSize || *Bound + 1 <= *DSize))
      return "";
    if (Bound && DSize)
      return "formatted output of up to " + std::to_string(*Bound + 1) + " bytes into '" +
             dbg::sourceText(C->getArg(Dst)->getSourceRange(), ast(), 40) + "' of " + std::to_string(*DSize) +
             " bytes";
    return "formatted output into '" + dbg::sourceText(C->getArg(Dst)->getSourceRange(), ast(), 40) +
           "' has no bound on its length";
  }

  std::string scanfProblem(const Expr *FmtArg) {
    auto Fmt = dbg::stringValue(FmtArg, ast());
    if (!Fmt)
      return "";
    llvm::StringRef F = *Fmt;
    for (size_t I = 0; I < F.size(); ++I) {
      if (F[I] != '%')
        continue;
      if (I + 1 < F.size() && F[I + 1] == '%') {
        ++I;
        continue;
      }
      size_t J = I + 1;
      if (J < F.size() && F[J] == '*')
        continue; // assignment suppressed: nothing is stored
      bool Width = false;
      while (J < F.size() && std::isdigit(static_cast<unsigned char>(F[J]))) {
        Width = true;
        ++J;
      }
      while (J < F.size() && llvm::StringRef("hlLqjzt").contains(F[J]))
        ++J;
      if (J < F.size() && (F[J] == 's' || F[J] == '[') && !Width)
        return "'%" + std::string(1, F[J]) + "' without a field width reads an unbounded string";
      I = J;
    }
    return "";
  }

  bool Informational = false;
  std::vector<const SinkRow *> Rows;
};

} // namespace

CRA_RULE_FACTORY(SecBannedFuncCheck)

} // namespace cra
