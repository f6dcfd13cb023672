//===- CredEmbeddedKeyCheck.cpp - cred-embedded-key -----------------------------------------------===//
//
// A private key ships inside the image: PEM/OpenSSH private key text or a DER private key byte array
// handed to a key-loading API (sink rows of semantics private-key / key-buffer: BIO_new_mem_buf ->
// PEM_read_bio_PrivateKey, mbedtls_pk_parse_key, wolfSSL_CTX_use_PrivateKey_buffer,
// ssh_pki_import_privkey_base64, libssh2_userauth_publickey_frommemory, ...). Key text no known API
// consumes in this translation unit is reported where it is written. Public keys and certificates are
// never flagged. docs/rules/cred-embedded-key.md.
//
//===----------------------------------------------------------------------------------------------===//
#include "AstUtil.h"
#include "CredUtil.h"
#include "RuleBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <set>
#include <vector>

namespace cra {

namespace {
using namespace clang::ast_matchers;

class CredEmbeddedKeyCheck : public Rule {
public:
  using Rule::Rule;

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onCallTo(cred::sinkFunctions(ctx().sinks(), "CRED"), "call", this);
    Nodes.onStringLiteral("lit", this);
    Nodes.onVarWithInitializer("bytes", this);
  }


  void run(const MatchFinder::MatchResult &Result) override {
    if (const auto *CE = Result.Nodes.getNodeAs<clang::CallExpr>("call")) {
      checkCall(CE);
    } else if (const auto *SL = Result.Nodes.getNodeAs<clang::StringLiteral>("lit")) {
      if (SL->getCharByteWidth() == 1 && cred::looksLikePrivateKey(SL->getBytes()))
        Candidates.push_back({SL, cred::writtenRange(SL, ast()).getBegin(), cred::writtenRange(SL, ast()),
                              "private key text in a string literal"});
    } else if (const auto *VD = Result.Nodes.getNodeAs<clang::VarDecl>("bytes")) {
      // varDecl(hasType(arrayType()), hasInitializer(initListExpr())): the type as written, not desugared.
      if (!llvm::isa<clang::ArrayType>(VD->getType().getTypePtr()) ||
          !llvm::isa_and_nonnull<clang::InitListExpr>(VD->getAnyInitializer()))
        return;
      // An extern declaration before the definition sees the definition's initializer through
      // getAnyInitializer(); the definition itself is visited too, and is the one to look at.
      if (!VD->getInit())
        return;
      clang::QualType T = VD->getType();
      const clang::ArrayType *AT = ast().getAsArrayType(T);
      if (!AT || !AT->getElementType()->isCharType())
        return;
      const clang::Expr *Init = ast::strip(VD->getInit());
      // Resolve through a use so the shared resolver decodes the bytes.
      std::optional<ast::ResolvedString> V = bytesOf(VD);
      if (V && V->IsByteArray && cred::looksLikeDerPrivateKey(V->Value))
        Candidates.push_back({Init, VD->getLocation(), Init->getSourceRange(),
                              "DER private key in byte array '" + VD->getName().str() + "'"});
    }
  }

  void onEndOfTranslationUnit(clang::ASTContext &) override {
    for (const Candidate &C : Candidates) {
      if (Consumed.count(C.Node))
        continue;
      if (cred::inTestCode(C.Node, ast(), ctx().config()))
        continue;
      report(C.Loc, C.Range, C.What + " is compiled into the image", FixKey);
    }
    Candidates.clear();
    Consumed.clear();
  }

private:
  struct Candidate {
    const clang::Stmt *Node;
    clang::SourceLocation Loc;
    clang::SourceRange Range;
    std::string What;
  };
  std::vector<Candidate> Candidates;
  std::set<const clang::Stmt *> Consumed;

  static constexpr const char *FixKey =
      "generate the key on the device at first boot or provision it per device into a secure element or "
      "protected partition, and load it from there; a key in the image is shared by every unit "
      "(CRA Annex I Part I (2)(d), (2)(e); CWE-321)";

  std::optional<ast::ResolvedString> bytesOf(const clang::VarDecl *VD) {
    // resolveString works on expressions: build the answer from the initializer directly.
    const auto *ILE = llvm::dyn_cast<clang::InitListExpr>(ast::strip(VD->getInit()));
    if (!ILE)
      return std::nullopt;
    ast::ResolvedString R;
    R.IsByteArray = true;
    for (unsigned I = 0; I < ILE->getNumInits(); ++I) {
      std::optional<int64_t> B = ast::evaluateInt(ILE->getInit(I), ast());
      if (!B)
        return std::nullopt;
      R.Value += static_cast<char>(*B & 0xff);
    }
    return R;
  }

  void checkCall(const clang::CallExpr *CE) {
    std::string Name = ast::calleeName(CE);
    if (Name.empty())
      return;
    for (const SinkRow *R : ctx().sinks().lookup(Name, "CRED")) {
      if (R->Semantics != "private-key" && R->Semantics != "key-buffer")
        continue;
      if (R->Arg < 0 || R->OutParam || static_cast<unsigned>(R->Arg) >= CE->getNumArgs())
        continue;
      const clang::Expr *Arg = CE->getArg(R->Arg);
      std::optional<ast::ResolvedString> V = ast::resolveString(Arg, ast());
      if (!V || V->Value.empty() || cred::looksLikePublicMaterial(V->Value))
        continue;
      bool Key = cred::looksLikePrivateKey(V->Value);
      if (!Key && R->Semantics == "key-buffer")
        Key = V->IsByteArray ? V->Value.size() >= 16 && !startsLikeCertificate(V->Value)
                             : V->Value.size() >= 32 && !cred::isPlaceholder(V->Value);
      if (!Key)
        continue;
      if (V->Source)
        Consumed.insert(V->Source);
      if (cred::inTestCode(CE, ast(), ctx().config()))
        return;
      std::string From = V->Var ? (V->IsByteArray ? "byte array '" : "constant '") + V->Var->getName().str() + "'"
                         : V->Origin == ast::ValueOrigin::Macro ? "macro " + V->Macro
                                                                : std::string("a string literal");
      report(CE->getBeginLoc(), Arg->getSourceRange(),
             "embedded private key (" + std::to_string(V->Value.size()) + " bytes from " + From + ") passed to " +
                 Name + "() argument " + std::to_string(R->Arg + 1) + (R->Note.empty() ? "" : " (" + R->Note + ")"),
             FixKey);
      return;
    }
  }

  /// DER certificate / SubjectPublicKeyInfo: SEQUENCE { SEQUENCE ... } (not a private key structure).
  static bool startsLikeCertificate(llvm::StringRef B) {
    if (B.size() < 8 || static_cast<unsigned char>(B[0]) != 0x30)
      return false;
    unsigned char L = static_cast<unsigned char>(B[1]);
    size_t P = L == 0x81 ? 3 : L == 0x82 ? 4 : 2;
    return P < B.size() && static_cast<unsigned char>(B[P]) == 0x30;
  }
};

} // namespace

CRA_RULE_FACTORY(CredEmbeddedKeyCheck)

} // namespace cra
