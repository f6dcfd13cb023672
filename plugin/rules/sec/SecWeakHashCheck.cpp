//===- SecWeakHashCheck.cpp - sec-weak-hash: MD5 / SHA-1 protecting passwords, tokens, signatures ---===//
//
// Annex I (2)(d)/(f): MD5 and SHA-1 have practical collisions (and MD5 password hashes are cracked at
// billions per second), so they must not protect passwords, tokens, signatures, certificates or keys
// (CWE-327/328). Checksums for caching, ETags or de-duplication are not a security use and are not
// reported. Image/firmware/update integrity is update-weak-digest's (the update-rule family): when the
// call's context names an update, image, firmware, OTA or package, this rule stays silent so one call
// never gets two findings.
// INTEG rows read here, semantics:
//   weak-hash          calling the function uses MD5/SHA-1 (one-shot or *_Init/starts: one finding per use)
//   weak-hash-name     argument is an algorithm name ("MD5", "SHA1", "sha-1")
//   weak-hash-id       argument is an algorithm identifier enumerator (MBEDTLS_MD_MD5, WC_HASH_TYPE_SHA)
// Purpose is read from the words around the call: the enclosing function, the argument and result
// names, and the API the digest is handed to (EVP_DigestSignInit, RSA_sign, EVP_BytesToKey, ...).
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringMap.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

const char *const SecurityPattern =
    "(^|[^a-z])(passw[a-z]*|pwd|pass|token|session|auth[a-z]*|login|sign|signs|signed|signature|verify|"
    "cert|certificate|secret|nonce|challenge|credential[a-z]*|salt|otp|pin|kdf|pbkdf[0-9]*|cookie|csrf|"
    "license|licence|api_?key|private|privkey|key|keys)([^a-z]|$)";
const char *const UpdatePattern =
    "(^|[^a-z])(firmware|fw|image|img|ota|update|upgrade|flash|package|pkg|bundle|manifest|rom|"
    "partition|bootloader|sysupgrade)([^a-z]|$)";
const char *const BenignPattern =
    "(^|[^a-z])(cache[a-z]*|etag|dedup[a-z]*|bucket|buckets|hashtable|hash_?table|hash_?map|lookup|"
    "shard|memo[a-z]*|uuid|guid)([^a-z]|$)";
/// APIs that make a digest a signature or key-derivation digest whatever the names say.
const char *const SecurityApis[] = {"EVP_DigestSignInit", "EVP_DigestVerifyInit", "EVP_SignInit",
                                    "EVP_SignInit_ex",    "EVP_VerifyInit",       "EVP_VerifyInit_ex",
                                    "RSA_sign",           "RSA_verify",           "X509_sign",
                                    "X509_REQ_sign",      "X509_CRL_sign",        "EVP_BytesToKey",
                                    "PKCS5_PBKDF2_HMAC",  "mbedtls_pk_sign",      "mbedtls_pk_verify",
                                    "mbedtls_rsa_pkcs1_sign", "mbedtls_rsa_pkcs1_verify"};

class SecWeakHashCheck : public Rule {
public:
  SecWeakHashCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Security = dbg::patternOption(C.config(), M.Id, "security-pattern", SecurityPattern);
    Update = dbg::patternOption(C.config(), M.Id, "update-pattern", UpdatePattern);
    Benign = dbg::patternOption(C.config(), M.Id, "benign-pattern", BenignPattern);
    Rows = dbg::rowsWithSemantics(C.sinks(), "INTEG", {"weak-hash"});
    for (const SinkRow *R : dbg::rowsWithSemantics(C.sinks(), "INTEG", {"id-digest"}))
      if (R->Arg >= 0)
        IdDigest[R->Function] = static_cast<unsigned>(R->Arg);
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
    std::string Algo = algorithm(C, *Row);
    if (Algo.empty() || namesAnObject(C))
      return;
    std::string Purpose = purpose(C);
    if (Purpose.empty())
      return;
    report(C->getBeginLoc(), C->getSourceRange(),
           Algo + " (" + N.str() + ") is used for " + Purpose + "; it is broken for security purposes",
           "use SHA-256 or stronger (SHA-2/SHA-3/BLAKE2); store passwords with a password hash "
           "(Argon2, scrypt, bcrypt, PBKDF2 with SHA-256 and a high iteration count)");
  }

private:
  /// True when the digest is the argument an id-digest row names (OCSP_cert_to_id(EVP_sha1(), ...)):
  /// there the hash only computes an identifier that the protocol fixes (the RFC 6960 CertID), and
  /// nothing is protected by its collision resistance.
  bool namesAnObject(const CallExpr *C) {
    const Stmt *Child = C;
    for (const Stmt *P = dbg::parentStmt(C, ast()); P; Child = P, P = dbg::parentStmt(P, ast())) {
      if (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) || isa<CStyleCastExpr>(P))
        continue;
      const auto *Outer = dyn_cast<CallExpr>(P);
      if (!Outer)
        return false;
      auto It = IdDigest.find(dbg::calleeName(Outer));
      return It != IdDigest.end() && It->second < Outer->getNumArgs() && Outer->getArg(It->second) == Child;
    }
    return false;
  }

  std::string algorithm(const CallExpr *C, const SinkRow &Row) {
    llvm::StringRef Kind = Row.Semantics;
    auto weakName = [](std::string S) -> std::string {
      std::string L;
      for (char Ch : S)
        if (Ch != '-' && Ch != '_')
          L.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(Ch))));
      llvm::StringRef R = L;
      if (R.ends_with("md5") || R.ends_with("md4") || R.ends_with("md2"))
        return "MD5";
      if (R.ends_with("sha1") || R.ends_with("sha"))
        return "SHA-1";
      return "";
    };
    if (Kind == "weak-hash") {
      std::string L = dbg::lower(Row.Function);
      return llvm::StringRef(L).contains("sha") ? "SHA-1" : "MD5";
    }
    if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= C->getNumArgs())
      return "";
    const Expr *A = C->getArg(Row.Arg);
    if (Kind == "weak-hash-name") {
      auto S = dbg::stringValue(A, ast());
      return S ? weakName(*S) : "";
    }
    if (Kind == "weak-hash-id")
      if (const auto *DR = dyn_cast<DeclRefExpr>(dbg::strip(A)))
        if (isa<EnumConstantDecl>(DR->getDecl()))
          return weakName(DR->getDecl()->getName().str());
    return "";
  }

  /// The security purpose the context shows ("password hashing (login_check)"), or "" when it shows
  /// none or shows an update/image integrity check (update-weak-digest reports those).
  std::string purpose(const CallExpr *C) {
    std::string Words;
    auto add = [&](llvm::StringRef W) {
      if (!W.empty())
        Words += " " + dbg::nameWords(W);
    };
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    if (Fn && Fn->getIdentifier())
      add(Fn->getName());
    for (const Expr *A : C->arguments())
      Words += " " + dbg::storageName(A);
    // Where the result goes: `x = MD5(...)`, `T v = EVP_md5()`, `EVP_DigestSignInit(ctx, 0, EVP_md5(), ...)`.
    std::string Api;
    const Stmt *Child = C;
    const Stmt *P = dbg::parentStmt(C, ast());
    for (unsigned Guard = 0; P && Guard < 6; ++Guard) {
      // `const EVP_MD *pw_md = EVP_md5();`: the initialiser's parent is the VarDecl (parentStmt
      // steps over it to the DeclStmt).
      if (const VarDecl *V = dbg::initialisedVar(Child, ast())) {
          add(V->getName());
          break;
        }
      if (const auto *B = dyn_cast<BinaryOperator>(P)) {
        if (B->isAssignmentOp())
          Words += " " + dbg::storageName(B->getLHS());
        break;
      }
      if (const auto *PC = dyn_cast<CallExpr>(P)) {
        llvm::StringRef PN = dbg::calleeName(PC);
        add(PN);
        for (const char *S : SecurityApis)
          if (PN == S)
            Api = PN.str();
        for (const Expr *A : PC->arguments())
          if (A != Child)
            Words += " " + dbg::storageName(A);
        break;
      }
      Child = P;
      P = dbg::parentStmt(P, ast());
    }
    if (Update.matches(Words))
      return ""; // image/firmware integrity: update-weak-digest
    if (!Api.empty())
      return "a signature or key derivation (" + Api + ")";
    // A cache key, ETag or hash-table bucket is an identifier, not a protection, even when its
    // variable is called `key`.
    if (Benign.matches(Words))
      return "";
    if (!Security.matches(Words))
      return "";
    return "a security purpose (" + dbg::printable(llvm::StringRef(Words).trim(), 50) + ")";
  }

  dbg::NamePattern Security, Update, Benign;
  std::vector<const SinkRow *> Rows;
  llvm::StringMap<unsigned> IdDigest; ///< function -> argument that only selects an identifier's digest
};

} // namespace

CRA_RULE_FACTORY(SecWeakHashCheck)

} // namespace cra
