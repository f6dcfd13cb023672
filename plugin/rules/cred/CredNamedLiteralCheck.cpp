//===- CredNamedLiteralCheck.cpp - cred-named-literal ---------------------------------------------===//
//
// A credential-named variable, field, struct-table entry, buffer or macro holds a constant secret:
//   static const char *admin_password = "x";   struct acct a = { .pass = "x" };   p->psk = "x";
//   strncpy(p->admin_pw, "x", n);               #define ROOT_PASSWORD "x"
// and passwd/shadow lines ("root:$1$...") in literals. A credential macro is reported where it is
// used by one of these shapes or by another cred rule; a macro no such use covers is reported at its
// #define (a header of defaults, or a value handed to an unknown API). docs/rules/cred-named-literal.md.
//
//===----------------------------------------------------------------------------------------------===//
#include "AstUtil.h"
#include "CredUtil.h"
#include "RuleBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringMap.h"

#include <cctype>

namespace cra {

namespace {
using namespace clang::ast_matchers;

struct CredMacro {
  clang::SourceLocation Loc;
  clang::SourceRange Range;
  std::string Value;
  bool Covered = false;
};

/// Records credential-named object-like macros whose body is one string literal.
class MacroRecorder : public clang::PPCallbacks {
public:
  MacroRecorder(llvm::StringMap<CredMacro> &Out, const std::vector<std::string> &Words,
                const clang::SourceManager &SM)
      : Out(Out), Words(Words), SM(SM) {}

  void MacroDefined(const clang::Token &Name, const clang::MacroDirective *MD) override {
    const clang::MacroInfo *MI = MD->getMacroInfo();
    if (!MI || MI->isFunctionLike() || MI->getNumTokens() == 0)
      return;
    // Cheapest test first: a system header defines thousands of macros and nearly all expand to a
    // number or an expression, which the token loop below rejects anyway (the location tests look up
    // the file of each macro).
    for (const clang::Token &T : MI->tokens()) {
      if (T.is(clang::tok::l_paren) || T.is(clang::tok::r_paren))
        continue;
      if (!T.is(clang::tok::string_literal))
        return;
    }
    clang::SourceLocation L = Name.getLocation();
    if (L.isInvalid() || !L.isFileID() || SM.isInSystemHeader(L) || SM.isWrittenInBuiltinFile(L) ||
        SM.isWrittenInCommandLineFile(L))
      return;
    llvm::StringRef N = Name.getIdentifierInfo()->getName();
    if (!cred::isCredentialName(N, Words) || cred::isDescriptorName(N))
      return;
    std::string V;
    for (const clang::Token &T : MI->tokens()) {
      if (T.is(clang::tok::l_paren) || T.is(clang::tok::r_paren))
        continue;
      if (!T.is(clang::tok::string_literal) || !T.getLiteralData())
        return; // wide/u8 strings, numbers, expressions: not a plain literal
      llvm::StringRef S(T.getLiteralData(), T.getLength());
      if (S.size() < 2)
        return;
      V += S.drop_front().drop_back().str();
    }
    if (cred::isPlaceholder(V) || cred::looksLikePrivateKey(V) || cred::looksLikePublicMaterial(V) ||
        !cred::plausibleSecretFor(N, V, Words) || llvm::StringRef(V).contains("://"))
      return;
    CredMacro &M = Out[N];
    M.Loc = L;
    M.Range = clang::SourceRange(L, MI->getDefinitionEndLoc());
    M.Value = V;
    M.Covered = false;
  }

private:
  llvm::StringMap<CredMacro> &Out;
  const std::vector<std::string> &Words;
  const clang::SourceManager &SM;
};

/// passwd/shadow/htpasswd lines with a crypt hash: "root:$1$salt$hash:...".
bool isShadowLine(llvm::StringRef V) {
  size_t C = V.find(':');
  if (C == 0 || C == llvm::StringRef::npos || C > 32)
    return false;
  for (char X : V.take_front(C))
    if (!std::isalnum(static_cast<unsigned char>(X)) && X != '_' && X != '-' && X != '.')
      return false;
  llvm::StringRef H = V.drop_front(C + 1);
  for (const char *P : {"$1$", "$5$", "$6$", "$2a$", "$2b$", "$2y$", "$y$", "$apr1$", "$sha1$"})
    if (H.starts_with(P))
      return H.size() > std::strlen(P) + 8;
  return false;
}

class CredNamedLiteralCheck : public Rule {
public:
  CredNamedLiteralCheck(const RuleMeta &M, RuleContext &C)
      : Rule(M, C), Words(cred::credentialWords(C.config(), M.Id)) {}

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onVarWithInitializer("var", this);
    Nodes.onFieldDecl("field", this);
    Nodes.onInitList("init", this);
    Nodes.onAssignment("assign", this);
    // checkCopy() looks at copies into credential-named buffers, and at compares and sink calls for
    // the macros they cover.
    llvm::StringSet<> Calls = cred::sinkFunctions(ctx().sinks(), "CRED");
    for (const auto &N : cred::compareFunctions())
      Calls.insert(N.getKey());
    for (const auto &N : ast::copyFunctions())
      Calls.insert(N.getKey());
    Nodes.onCallTo(Calls, "call", this, /*MinArgs=*/2);
    Nodes.onStringLiteral("lit", this);
  }

  void registerPPCallbacks(clang::Preprocessor &PP) override {
    PP.addPPCallbacks(std::make_unique<MacroRecorder>(Macros, Words, PP.getSourceManager()));
  }

  void run(const MatchFinder::MatchResult &Result) override {
    if (const auto *VD = Result.Nodes.getNodeAs<clang::VarDecl>("var")) {
      if (!llvm::isa<clang::ParmVarDecl>(VD))
        check(VD->getName(), "variable", VD->getInit(), VD->getLocation(), VD);
    } else if (const auto *FD = Result.Nodes.getNodeAs<clang::FieldDecl>("field")) {
      if (FD->getInClassInitializer())
        check(FD->getName(), "field", FD->getInClassInitializer(), FD->getLocation(), FD);
    } else if (const auto *ILE = Result.Nodes.getNodeAs<clang::InitListExpr>("init")) {
      if (ast::typeDeclIsRecord(ILE->getType()))
        checkInitList(ILE);
    } else if (const auto *BO = Result.Nodes.getNodeAs<clang::BinaryOperator>("assign")) {
      if (BO->getOpcode() == clang::BO_Assign)
        checkExpr(ast::lvalueName(BO->getLHS()), "assignment to", BO->getRHS(), BO->getOperatorLoc(), BO);
    } else if (const auto *CE = Result.Nodes.getNodeAs<clang::CallExpr>("call")) {
      checkCopy(CE);
    } else if (const auto *SL = Result.Nodes.getNodeAs<clang::StringLiteral>("lit")) {
      checkLiteral(SL);
    }
  }

  void onEndOfTranslationUnit(clang::ASTContext &) override {
    for (auto &KV : Macros) {
      CredMacro &M = KV.second;
      if (M.Covered)
        continue;
      report(M.Loc, M.Range,
             "macro '" + KV.first().str() + "' defines the hard-coded credential " + cred::redact(M.Value),
             cred::FixRuntimeSecret);
    }
  }

private:
  std::vector<std::string> Words;
  llvm::StringMap<bool> CredentialNamed;
  llvm::StringMap<CredMacro> Macros;

  /// Per name: every variable, field and assignment of the TU asks, and the same names recur.
  bool credentialNamed(llvm::StringRef N) {
    if (N.empty())
      return false;
    auto [It, New] = CredentialNamed.try_emplace(N, false);
    if (New)
      It->second = cred::isCredentialName(N, Words) && !cred::isDescriptorName(N);
    return It->second;
  }

  /// A secret constant: resolved, textual, not a placeholder, not key material (cred-embedded-key).
  std::optional<ast::ResolvedString> secretValue(const clang::Expr *E) {
    if (!E)
      return std::nullopt;
    std::optional<ast::ResolvedString> V = ast::resolveString(E, ast());
    // URLs are locations, not secrets; a password inside one is cred-url-userinfo's.
    if (!V || V->IsByteArray || cred::isPlaceholder(V->Value) || cred::looksLikePrivateKey(V->Value) ||
        cred::looksLikePublicMaterial(V->Value) || llvm::StringRef(V->Value).contains("://"))
      return std::nullopt;
    return V;
  }

  void markMacro(const ast::ResolvedString &V) {
    if (!V.Source || Macros.empty())
      return;
    for (const std::string &N : ast::macroNamesAt(V.Source->getBeginLoc(), ast())) {
      auto It = Macros.find(N);
      if (It != Macros.end())
        It->second.Covered = true;
    }
  }

  template <typename NodeT>
  bool inTest(const NodeT *N) {
    return cred::inTestCode(N, ast(), ctx().config());
  }

  void check(llvm::StringRef Name, llvm::StringRef Kind, const clang::Expr *Init, clang::SourceLocation Loc,
             const clang::Decl *D) {
    if (!credentialNamed(Name))
      return;
    std::optional<ast::ResolvedString> V = secretValue(Init);
    if (!V || !cred::plausibleSecretFor(Name, V->Value, Words))
      return;
    markMacro(*V);
    if (inTest(D))
      return;
    report(Loc, Init->getSourceRange(),
           Kind.str() + " '" + Name.str() + "' is initialised with the hard-coded credential " +
               cred::redact(V->Value) + origin(*V),
           cred::FixRuntimeSecret);
  }

  void checkExpr(const std::string &Name, llvm::StringRef Kind, const clang::Expr *Value, clang::SourceLocation Loc,
                 const clang::Stmt *S) {
    if (!credentialNamed(Name))
      return;
    std::optional<ast::ResolvedString> V = secretValue(Value);
    if (!V || !cred::plausibleSecretFor(Name, V->Value, Words))
      return;
    markMacro(*V);
    if (inTest(S))
      return;
    report(Loc, Value->getSourceRange(),
           Kind.str() + " '" + Name + "' stores the hard-coded credential " + cred::redact(V->Value) + origin(*V),
           cred::FixRuntimeSecret);
  }

  static std::string origin(const ast::ResolvedString &V) {
    if (V.Origin == ast::ValueOrigin::Macro)
      return " from macro " + V.Macro;
    return "";
  }

  void checkInitList(const clang::InitListExpr *ILE) {
    const clang::InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Sem)
      return;
    const clang::RecordDecl *RD = Sem->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion())
      return;
    unsigned I = 0;
    for (const clang::FieldDecl *F : RD->fields()) {
      if (I >= Sem->getNumInits())
        break;
      const clang::Expr *E = Sem->getInit(I++);
      if (!E || !credentialNamed(F->getName()))
        continue;
      std::optional<ast::ResolvedString> V = secretValue(E);
      if (!V || !cred::plausibleSecretFor(F->getName(), V->Value, Words))
        continue;
      markMacro(*V);
      if (inTest(E))
        continue;
      report(E->getBeginLoc(), E->getSourceRange(),
             "field '" + F->getName().str() + "' of '" + RD->getName().str() +
                 "' is initialised with the hard-coded credential " + cred::redact(V->Value) + origin(*V),
             cred::FixRuntimeSecret);
    }
  }

  void checkCopy(const clang::CallExpr *CE) {
    std::string Name = ast::calleeName(CE);
    if (Name.empty())
      return;
    // Uses by the other credential rules cover a macro: compares and known sinks.
    if (cred::isCompareFunction(Name) || !ctx().sinks().lookup(Name, "CRED").empty()) {
      if (Macros.empty())
        return;
      for (const clang::Expr *A : CE->arguments())
        if (std::optional<ast::ResolvedString> V = ast::resolveString(A, ast()))
          markMacro(*V);
      return;
    }
    if (!ast::isCopyFunction(Name))
      return;
    const clang::Expr *Src = copySource(CE, Name);
    if (!Src)
      return;
    checkExpr(ast::lvalueName(CE->getArg(0)), "buffer", Src, CE->getBeginLoc(), CE);
  }

  /// The value a copy call writes (the format of a snprintf without conversions, or its single %s).
  static const clang::Expr *copySource(const clang::CallExpr *CE, llvm::StringRef Name) {
    unsigned N = CE->getNumArgs();
    if (!Name.contains("printf"))
      return N >= 2 ? CE->getArg(1) : nullptr;
    unsigned FmtIdx = Name == "sprintf" ? 1 : Name == "__builtin___sprintf_chk" ? 3
                      : Name == "__builtin___snprintf_chk"                    ? 4
                                                                              : 2;
    if (FmtIdx >= N)
      return nullptr;
    const auto *Fmt = llvm::dyn_cast<clang::StringLiteral>(ast::strip(CE->getArg(FmtIdx)));
    if (!Fmt || Fmt->getCharByteWidth() != 1)
      return nullptr;
    if (Fmt->getBytes() == "%s")
      return FmtIdx + 1 < N ? CE->getArg(FmtIdx + 1) : nullptr;
    return Fmt->getBytes().contains('%') ? nullptr : CE->getArg(FmtIdx);
  }

  void checkLiteral(const clang::StringLiteral *SL) {
    if (SL->getCharByteWidth() != 1)
      return;
    llvm::StringRef V = SL->getBytes();
    // Lines of a passwd/shadow/htpasswd file, one per line of the literal.
    llvm::SmallVector<llvm::StringRef, 4> Lines;
    V.split(Lines, '\n', -1, false);
    for (llvm::StringRef L : Lines) {
      if (!isShadowLine(L))
        continue;
      if (inTest(SL))
        return;
      clang::SourceRange W = cred::writtenRange(SL, ast());
      report(W.getBegin(), W,
             "literal holds a password-file entry with a built-in password hash for '" + L.split(':').first.str() +
                 "'",
             "create accounts at first boot with a per-device password the user must set, and never ship a "
             "password hash in the image (CRA Annex I Part I (2)(b), (2)(d))");
      return;
    }
  }
};

} // namespace

CRA_RULE_FACTORY(CredNamedLiteralCheck)

} // namespace cra
