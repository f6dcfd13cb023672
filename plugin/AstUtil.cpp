//===- AstUtil.cpp - value resolution and small AST helpers --------------------------------------===//
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cctype>
#include <memory>

namespace cra {
namespace ast {

const clang::Expr *strip(const clang::Expr *E) {
  while (E) {
    const clang::Expr *N = E->IgnoreParenImpCasts();
    if (const auto *C = llvm::dyn_cast<clang::ExplicitCastExpr>(N))
      N = C->getSubExpr();
    if (N == E)
      return E;
    E = N;
  }
  return E;
}

std::string calleeName(const clang::CallExpr *CE) {
  if (const clang::FunctionDecl *FD = CE->getDirectCallee())
    if (const clang::IdentifierInfo *II = FD->getIdentifier())
      return II->getName().str();
  return "";
}

std::string sourceText(clang::SourceRange R, const clang::ASTContext &Ast) {
  const clang::SourceManager &SM = Ast.getSourceManager();
  clang::CharSourceRange CR =
      clang::Lexer::makeFileCharRange(clang::CharSourceRange::getTokenRange(R), SM, Ast.getLangOpts());
  if (CR.isInvalid())
    return "";
  bool Invalid = false;
  llvm::StringRef T = clang::Lexer::getSourceText(CR, SM, Ast.getLangOpts(), &Invalid);
  return Invalid ? "" : T.str();
}

std::vector<std::string> macroNamesAt(clang::SourceLocation Loc, const clang::ASTContext &Ast) {
  const clang::SourceManager &SM = Ast.getSourceManager();
  std::vector<std::string> Names;
  while (Loc.isMacroID()) {
    llvm::StringRef N = clang::Lexer::getImmediateMacroName(Loc, SM, Ast.getLangOpts());
    if (!N.empty())
      Names.push_back(N.str());
    // Step out: arguments go to where they were spelled, bodies to the expansion site.
    if (SM.isMacroArgExpansion(Loc))
      Loc = SM.getImmediateSpellingLoc(Loc);
    else
      Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  std::reverse(Names.begin(), Names.end());
  return Names;
}

std::optional<int64_t> evaluateInt(const clang::Expr *E, const clang::ASTContext &Ast) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  clang::Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ast))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

std::string enumOrMacroName(const clang::Expr *E, const clang::ASTContext &Ast) {
  if (!E)
    return "";
  const clang::Expr *S = strip(E);
  if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(S))
    if (const auto *EC = llvm::dyn_cast<clang::EnumConstantDecl>(DRE->getDecl()))
      return EC->getName().str();
  clang::SourceLocation L = E->getBeginLoc();
  if (L.isMacroID()) {
    std::vector<std::string> N = macroNamesAt(L, Ast);
    if (!N.empty())
      return N.back(); // the innermost macro is the one that names the value
  }
  return "";
}

namespace {

/// Function bodies of one translation unit by source position, and parent maps of recently asked bodies.
struct TUIndex {
  const clang::ASTContext *Ast = nullptr;
  struct Body {
    clang::SourceLocation Begin, End; // expansion locations of the body's braces
    const clang::FunctionDecl *Fn;
  };
  std::vector<Body> Bodies; // sorted by Begin
  // A few bodies' parent maps: matches arrive in source order, so queries cluster by function.
  std::vector<std::pair<const clang::FunctionDecl *, std::unique_ptr<clang::ParentMap>>> Maps;
};

TUIndex &tuIndex() {
  static TUIndex I;
  return I;
}

void build(TUIndex &I, clang::ASTContext &Ast) {
  I = TUIndex();
  I.Ast = &Ast;
  const clang::SourceManager &SM = Ast.getSourceManager();
  struct V : clang::RecursiveASTVisitor<V> {
    TUIndex &I;
    const clang::SourceManager &SM;
    V(TUIndex &I, const clang::SourceManager &SM) : I(I), SM(SM) {}
    bool TraverseStmt(clang::Stmt *) { return true; } // declarations only: bodies are not walked
    bool VisitFunctionDecl(clang::FunctionDecl *FD) {
      if (!FD->doesThisDeclarationHaveABody() || !FD->getBody())
        return true;
      clang::SourceRange R = FD->getBody()->getSourceRange();
      if (R.isInvalid())
        return true;
      I.Bodies.push_back({SM.getExpansionLoc(R.getBegin()), SM.getExpansionRange(R.getEnd()).getEnd(), FD});
      return true;
    }
  } Visitor(I, SM);
  for (clang::Decl *D : Ast.getTraversalScope())
    Visitor.TraverseDecl(D);
  std::stable_sort(I.Bodies.begin(), I.Bodies.end(), [&](const TUIndex::Body &A, const TUIndex::Body &B) {
    return SM.isBeforeInTranslationUnit(A.Begin, B.Begin);
  });
}

} // namespace

void resetTranslationUnitCaches() { tuIndex() = TUIndex(); }

NameRegex::NameRegex(llvm::StringRef Pattern, bool IgnoreCase) : IgnoreCase(IgnoreCase) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Pattern.split(Parts, '|');
  Literal = !Pattern.empty();
  for (llvm::StringRef P : Parts) {
    Alt A{"", P.consume_front("^"), P.consume_back("$")};
    if (P.empty() || !llvm::all_of(P, [](char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; })) {
      Literal = false;
      break;
    }
    A.Word = IgnoreCase ? P.lower() : P.str();
    Alts.push_back(std::move(A));
  }
  if (!Literal) {
    Alts.clear();
    Re = std::make_unique<LazyRegex>(Pattern.str(), IgnoreCase ? llvm::Regex::IgnoreCase : llvm::Regex::NoFlags);
  }
}

bool NameRegex::isValid(std::string &Error) const { return Literal || Re->isValid(Error); }

bool NameRegex::match(llvm::StringRef S) const {
  if (!Literal)
    return Re->match(S);
  std::string Lower = IgnoreCase ? S.lower() : S.str();
  llvm::StringRef L(Lower);
  for (const Alt &A : Alts) {
    if (A.AtStart && A.AtEnd ? L == A.Word
        : A.AtStart          ? L.starts_with(A.Word)
        : A.AtEnd            ? L.ends_with(A.Word)
                             : L.contains(A.Word))
      return true;
  }
  return false;
}

const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S, clang::ASTContext &Ast) {
  if (!S || S->getBeginLoc().isInvalid())
    return nullptr;
  TUIndex &I = tuIndex();
  if (I.Ast != &Ast)
    build(I, Ast);
  const clang::SourceManager &SM = Ast.getSourceManager();
  clang::SourceLocation L = SM.getExpansionLoc(S->getBeginLoc());
  auto inside = [&](const TUIndex::Body &B) {
    return !SM.isBeforeInTranslationUnit(L, B.Begin) && !SM.isBeforeInTranslationUnit(B.End, L);
  };
  // The last body starting at or before L; a body that ended before L may be a local class's method
  // inside the enclosing function, so look back a little further for one that contains L.
  auto It = std::upper_bound(I.Bodies.begin(), I.Bodies.end(), L, [&](clang::SourceLocation X, const TUIndex::Body &B) {
    return SM.isBeforeInTranslationUnit(X, B.Begin);
  });
  for (unsigned Back = 0; It != I.Bodies.begin() && Back < 64; ++Back) {
    --It;
    if (inside(*It))
      return It->Fn;
  }
  return nullptr;
}

const clang::Stmt *parentStmt(const clang::Stmt *S, clang::ASTContext &Ast) {
  const clang::FunctionDecl *Fn = enclosingFunction(S, Ast);
  if (!Fn || !Fn->getBody())
    return nullptr;
  TUIndex &I = tuIndex();
  clang::ParentMap *PM = nullptr;
  for (auto &E : I.Maps)
    if (E.first == Fn)
      PM = E.second.get();
  if (!PM) {
    if (I.Maps.size() >= 4)
      I.Maps.erase(I.Maps.begin());
    I.Maps.emplace_back(Fn, std::make_unique<clang::ParentMap>(Fn->getBody()));
    PM = I.Maps.back().second.get();
  }
  return PM->getParent(S);
}

const clang::VarDecl *initialisedVar(const clang::Stmt *S, clang::ASTContext &Ast) {
  const auto *DS = llvm::dyn_cast_or_null<clang::DeclStmt>(parentStmt(S, Ast));
  if (!DS)
    return nullptr;
  for (const clang::Decl *D : DS->decls())
    if (const auto *V = llvm::dyn_cast<clang::VarDecl>(D))
      if (V->getInit() == S)
        return V;
  return nullptr;
}

std::vector<std::string> identifierWords(llvm::StringRef Name) {
  std::vector<std::string> Words;
  std::string Cur;
  auto flush = [&]() {
    if (!Cur.empty())
      Words.push_back(Cur);
    Cur.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!std::isalpha(static_cast<unsigned char>(C))) {
      flush();
      continue;
    }
    bool Upper = std::isupper(static_cast<unsigned char>(C));
    if (Upper && !Cur.empty()) {
      bool PrevLower = std::islower(static_cast<unsigned char>(Name[I - 1]));
      bool NextLower = I + 1 < Name.size() && std::islower(static_cast<unsigned char>(Name[I + 1]));
      // "adminPw" -> admin|pw ; "HTTPServer" -> http|server
      if (PrevLower || (NextLower && std::isupper(static_cast<unsigned char>(Name[I - 1]))))
        flush();
    }
    Cur += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  }
  flush();
  return Words;
}

std::string lvalueName(const clang::Expr *E) {
  E = strip(E);
  while (E) {
    if (const auto *U = llvm::dyn_cast<clang::UnaryOperator>(E)) {
      if (U->getOpcode() == clang::UO_AddrOf || U->getOpcode() == clang::UO_Deref) {
        E = strip(U->getSubExpr());
        continue;
      }
      return "";
    }
    if (const auto *AS = llvm::dyn_cast<clang::ArraySubscriptExpr>(E)) {
      E = strip(AS->getBase());
      continue;
    }
    break;
  }
  if (!E)
    return "";
  if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E))
    return DRE->getDecl()->getName().str();
  if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E))
    return ME->getMemberDecl()->getName().str();
  return "";
}

const llvm::StringSet<> &copyFunctions() {
  static const llvm::StringSet<> Names = {
      "strcpy",           "strncpy",           "strlcpy",          "stpcpy",
      "stpncpy",          "memcpy",            "memmove",          "snprintf",
      "sprintf",          "strcpy_s",          "strncpy_s",        "memcpy_s",
      "__builtin_strcpy", "__builtin_strncpy", "__builtin_memcpy", "__builtin___strcpy_chk",
      "__builtin___strncpy_chk", "__builtin___memcpy_chk", "__builtin___snprintf_chk",
      "__builtin___sprintf_chk"};
  return Names;
}

bool isCopyFunction(llvm::StringRef Name) { return copyFunctions().contains(Name); }

bool typeDeclIsRecord(clang::QualType T) {
  // The cases of HasDeclarationMatcher::matchesSpecialized(const Type &) that can end in a RecordDecl.
  while (!T.isNull()) {
    const clang::Type *Ty = T.getTypePtr();
    if (const auto *D = llvm::dyn_cast<clang::DeducedType>(Ty))
      T = D->getDeducedType();
    else if (const auto *Tag = llvm::dyn_cast<clang::TagType>(Ty))
      return llvm::isa<clang::RecordDecl>(Tag->getDecl());
    else if (llvm::isa<clang::InjectedClassNameType>(Ty))
      return true;
    else if (const auto *S = llvm::dyn_cast<clang::SubstTemplateTypeParmType>(Ty))
      T = S->getReplacementType();
    else if (const auto *TS = llvm::dyn_cast<clang::TemplateSpecializationType>(Ty)) {
      if (TS->isTypeAlias() || !TS->isSugared())
        return false;
      T = TS->desugar();
    } else if (const auto *E = llvm::dyn_cast<clang::ElaboratedType>(Ty))
      T = E->desugar();
    else if (const auto *U = llvm::dyn_cast<clang::UsingType>(Ty))
      T = U->desugar();
    else
      return false;
  }
  return false;
}

bool isTestFunctionName(llvm::StringRef Name) {
  return Name.starts_with("test_") || Name.ends_with("_test") || Name.starts_with("Test") ||
         Name.starts_with("TEST_");
}

namespace {

/// The copy source argument of a copy call, or nullptr when the value cannot be constant
/// (snprintf with conversions other than a single "%s").
const clang::Expr *copySource(const clang::CallExpr *CE, llvm::StringRef Name) {
  unsigned N = CE->getNumArgs();
  bool Printf = Name.contains("printf");
  if (!Printf)
    return N >= 2 ? CE->getArg(1) : nullptr;
  unsigned FmtIdx = Name == "sprintf" || Name == "__builtin___sprintf_chk" ? 1 : 2;
  if (Name == "__builtin___snprintf_chk")
    FmtIdx = 4;
  if (Name == "__builtin___sprintf_chk")
    FmtIdx = 3;
  if (FmtIdx >= N)
    return nullptr;
  const auto *Fmt = llvm::dyn_cast<clang::StringLiteral>(strip(CE->getArg(FmtIdx)));
  if (!Fmt || Fmt->getCharByteWidth() != 1)
    return nullptr;
  llvm::StringRef F = Fmt->getBytes();
  if (F == "%s" && FmtIdx + 1 < N)
    return CE->getArg(FmtIdx + 1);
  // A format without conversions is the value itself ("%%" is the only escape allowed).
  for (size_t I = 0; I < F.size(); ++I)
    if (F[I] == '%') {
      if (I + 1 < F.size() && F[I + 1] == '%') {
        ++I;
        continue;
      }
      return nullptr;
    }
  return CE->getArg(FmtIdx);
}

bool refersTo(const clang::Expr *E, const clang::VarDecl *VD) {
  E = strip(E);
  if (const auto *U = llvm::dyn_cast<clang::UnaryOperator>(E))
    if (U->getOpcode() == clang::UO_AddrOf)
      E = strip(U->getSubExpr());
  if (const auto *AS = llvm::dyn_cast<clang::ArraySubscriptExpr>(E))
    E = strip(AS->getBase());
  if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E))
    return DRE->getDecl() == VD;
  return false;
}

/// Collects the writes to one local variable, in source order.
class WriteCollector : public clang::RecursiveASTVisitor<WriteCollector> {
public:
  struct Write {
    clang::SourceLocation Loc;
    const clang::Expr *Value; // nullptr: written with something unknown
    bool Copy;
  };
  explicit WriteCollector(const clang::VarDecl *VD) : VD(VD) {}
  std::vector<Write> Writes;

  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (BO->isAssignmentOp() && refersTo(BO->getLHS(), VD)) {
      const auto *L = strip(BO->getLHS());
      bool Whole = llvm::isa<clang::DeclRefExpr>(L) && BO->getOpcode() == clang::BO_Assign;
      Writes.push_back({BO->getOperatorLoc(), Whole ? BO->getRHS() : nullptr, false});
    }
    return true;
  }
  bool VisitUnaryOperator(clang::UnaryOperator *U) {
    if (U->isIncrementDecrementOp() && refersTo(U->getSubExpr(), VD))
      Writes.push_back({U->getOperatorLoc(), nullptr, false});
    return true;
  }
  bool VisitCallExpr(clang::CallExpr *CE) {
    std::string Name = calleeName(CE);
    const clang::FunctionDecl *FD = CE->getDirectCallee();
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      if (!refersTo(CE->getArg(I), VD))
        continue;
      if (I == 0 && isCopyFunction(Name)) {
        Writes.push_back({CE->getBeginLoc(), copySource(CE, Name), true});
        continue;
      }
      // Passed to a parameter that may write through it (non-const pointer or varargs: fscanf).
      bool ReadOnly = false;
      if (FD && I < FD->getNumParams()) {
        clang::QualType T = FD->getParamDecl(I)->getType();
        if (const auto *PT = T->getAs<clang::PointerType>())
          ReadOnly = PT->getPointeeType().isConstQualified();
        else
          ReadOnly = !T->isReferenceType();
      }
      const clang::Expr *A = strip(CE->getArg(I));
      bool AddrOf = llvm::isa<clang::UnaryOperator>(A);
      bool ArrayOrPtr = VD->getType()->isArrayType() || AddrOf;
      if (!ReadOnly && ArrayOrPtr)
        Writes.push_back({CE->getBeginLoc(), nullptr, false});
    }
    return true;
  }

private:
  const clang::VarDecl *VD;
};

std::optional<ResolvedString> resolveImpl(const clang::Expr *E, clang::ASTContext &Ast, unsigned Depth);

std::optional<ResolvedString> resolveInit(const clang::VarDecl *VD, clang::ASTContext &Ast, unsigned Depth) {
  const clang::Expr *Init = VD->getInit();
  if (!Init)
    return std::nullopt;
  const clang::Expr *S = strip(Init);
  // Byte arrays: static const unsigned char key[] = {0x30, 0x82, ...};
  if (const auto *ILE = llvm::dyn_cast<clang::InitListExpr>(S)) {
    if (!VD->getType()->isArrayType())
      return std::nullopt;
    if (ILE->getNumInits() == 1)
      if (const auto *SL = llvm::dyn_cast<clang::StringLiteral>(strip(ILE->getInit(0))))
        return resolveImpl(SL, Ast, Depth + 1);
    ResolvedString R;
    R.IsByteArray = true;
    R.Source = ILE;
    R.Var = VD;
    R.Origin = ValueOrigin::Variable;
    for (unsigned I = 0; I < ILE->getNumInits(); ++I) {
      std::optional<int64_t> V = evaluateInt(ILE->getInit(I), Ast);
      if (!V)
        return std::nullopt;
      R.Value += static_cast<char>(*V & 0xff);
    }
    if (R.Value.empty())
      return std::nullopt;
    return R;
  }
  std::optional<ResolvedString> R = resolveImpl(Init, Ast, Depth + 1);
  if (R) {
    if (!R->Var)
      R->Var = VD;
    if (R->Origin == ValueOrigin::Literal)
      R->Origin = ValueOrigin::Variable;
  }
  return R;
}

std::optional<ResolvedString> resolveImpl(const clang::Expr *E, clang::ASTContext &Ast, unsigned Depth) {
  if (!E || Depth > 6)
    return std::nullopt;
  const clang::Expr *S = strip(E);
  if (const auto *SL = llvm::dyn_cast<clang::StringLiteral>(S)) {
    if (SL->getCharByteWidth() != 1)
      return std::nullopt;
    ResolvedString R;
    R.Value = SL->getBytes().str();
    R.Source = SL;
    R.Origin = ValueOrigin::Literal;
    clang::SourceLocation L = SL->getBeginLoc();
    if (L.isMacroID()) {
      std::vector<std::string> Names = macroNamesAt(L, Ast);
      if (!Names.empty()) {
        R.Macro = Names.front();
        R.Origin = ValueOrigin::Macro;
      }
    }
    return R;
  }
  const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(S);
  if (!DRE)
    return std::nullopt;
  const auto *VD = llvm::dyn_cast<clang::VarDecl>(DRE->getDecl());
  if (!VD || llvm::isa<clang::ParmVarDecl>(VD))
    return std::nullopt;
  if (VD->hasGlobalStorage()) {
    // A global or static: its initialiser is the value when nothing may change it, i.e. it is const
    // (or a const array), or it has internal linkage (static) and the program never assigns it here.
    clang::QualType T = VD->getType();
    bool Const = T.isConstQualified() ||
                 (T->isArrayType() && Ast.getAsArrayType(T)->getElementType().isConstQualified());
    if (!Const && VD->isExternallyVisible())
      return std::nullopt;
    return resolveInit(VD, Ast, Depth);
  }
  // A local: the last write before this use in the same function.
  const clang::FunctionDecl *FD = enclosingFunction(DRE, Ast);
  if (!FD || !FD->hasBody())
    return std::nullopt;
  WriteCollector WC(VD);
  WC.TraverseStmt(FD->getBody());
  const clang::SourceManager &SM = Ast.getSourceManager();
  clang::SourceLocation Use = DRE->getBeginLoc();
  const WriteCollector::Write *Last = nullptr;
  for (const auto &W : WC.Writes)
    if (SM.isBeforeInTranslationUnit(W.Loc, Use) && (!Last || SM.isBeforeInTranslationUnit(Last->Loc, W.Loc)))
      Last = &W;
  if (!Last) {
    if (VD->getInit())
      return resolveInit(VD, Ast, Depth);
    return std::nullopt;
  }
  if (!Last->Value)
    return std::nullopt;
  std::optional<ResolvedString> R = resolveImpl(Last->Value, Ast, Depth + 1);
  if (R) {
    R->Var = VD;
    if (Last->Copy)
      R->Origin = ValueOrigin::BufferCopy;
    else if (R->Origin == ValueOrigin::Literal)
      R->Origin = ValueOrigin::Variable;
  }
  return R;
}

} // namespace

std::optional<ResolvedString> resolveString(const clang::Expr *E, clang::ASTContext &Ast) {
  return resolveImpl(E, Ast, 0);
}

} // namespace ast
} // namespace cra
