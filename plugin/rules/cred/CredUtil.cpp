//===- CredUtil.cpp - placeholder and name heuristics of the credential rules --------------------===//
#include "CredUtil.h"
#include "AstUtil.h"
#include "Config.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <cctype>

namespace cra {
namespace cred {

const char *const FixRuntimeSecret =
    "read the secret at run time from per-device provisioned storage (secure element, protected "
    "partition, or a config file outside the image) and force a change of any default "
    "(CRA Annex I Part I (2)(b), (2)(d))";

namespace {
const char *const DefaultWords[] = {"pass",       "passwd",      "password", "passwords", "pw",
                                    "pwd",        "passphrase",  "secret",   "secrets",   "token",
                                    "apikey",     "psk",         "community", "credential", "credentials",
                                    "cred",       "creds",       "passcode", "authtoken"};
const char *const KeyPrefixes[] = {"api", "private", "secret", "auth", "access", "shared", "master", "signing"};

bool hasCredentialWord(llvm::StringRef V) {
  std::vector<std::string> W = ast::identifierWords(V);
  for (const std::string &X : W)
    for (const char *D : DefaultWords)
      if (X == D)
        return true;
  return false;
}

bool isFormatString(llvm::StringRef V) {
  for (size_t I = 0; I + 1 < V.size(); ++I) {
    if (V[I] != '%')
      continue;
    size_t J = I + 1;
    while (J < V.size() && llvm::StringRef("-+ #0123456789.*lhzjtL").contains(V[J]))
      ++J;
    if (J < V.size() && llvm::StringRef("sdiuxXcpfgeEaAon").contains(V[J]))
      return true;
  }
  return false;
}
} // namespace

bool isPlaceholder(llvm::StringRef Raw) {
  llvm::StringRef V = Raw.trim();
  if (V.size() < 3)
    return true;
  if (isFormatString(V) || V.contains("${") || V.contains("$(") || V.contains("{{") ||
      (V.starts_with("<") && V.ends_with(">")) || (V.starts_with("[") && V.ends_with("]")))
    return true;
  // A mask: one repeated non-alphanumeric character, or x/X.
  if (std::all_of(V.begin(), V.end(), [&](char C) { return C == V[0]; }) &&
      (!std::isalnum(static_cast<unsigned char>(V[0])) || V[0] == 'x' || V[0] == 'X'))
    return true;
  std::string Lower = V.lower();
  std::string Alnum;
  for (char C : Lower)
    if (std::isalnum(static_cast<unsigned char>(C)))
      Alnum += C;
  static const char *const Known[] = {
      "password", "passwd",   "pass",     "pwd",       "secret",  "token",     "apikey",   "key",
      "username", "user",     "yourpassword", "mypassword", "placeholder", "redacted", "none", "null",
      "nil",      "dummy",    "example",  "todo",      "fixme",   "replaceme", "xxx",      "notset",
      "unset",    "empty",    "bearer",   "basic",     "digest",  "changethis", "insertpasswordhere",
      "yourpasswordhere", "passwordhere", "secrethere", "tokenhere", "yourtoken", "yourapikey",
      "yoursecret", "hidden", "masked", "sample"};
  for (const char *K : Known)
    if (Alnum == K)
      return true;
  if ((llvm::StringRef(Alnum).starts_with("your") || llvm::StringRef(Alnum).starts_with("my") ||
       llvm::StringRef(Alnum).starts_with("enter") || llvm::StringRef(Alnum).ends_with("here")) &&
      hasCredentialWord(V))
    return true;
  // Config key names: letters and separators only, holding a credential word (admin_password,
  // mqtt.password, UPLINK_PASSWORD, wifi-psk).
  bool KeyChars = std::all_of(V.begin(), V.end(), [](char C) {
    return std::isalpha(static_cast<unsigned char>(C)) || C == '_' || C == '.' || C == '-' || C == '/';
  });
  bool OneCase = V.lower() == V.str() || V.upper() == V.str();
  if (KeyChars && OneCase && hasCredentialWord(V))
    return true;
  // Prompts and messages.
  if (V.ends_with(":") || V.ends_with("?") || llvm::StringRef(Lower).starts_with("enter ") ||
      (V.contains(' ') && hasCredentialWord(V)))
    return true;
  // File paths (key files, password files) are not the secret itself.
  if ((V.starts_with("/") || V.starts_with("./") || V.starts_with("../")) && !V.contains(' ') && !V.contains(':'))
    return true;
  for (const char *Ext : {".pem", ".key", ".crt", ".der", ".p12", ".pfx", ".conf", ".cfg", ".json", ".txt"})
    if (llvm::StringRef(Lower).ends_with(Ext) && !V.contains(' '))
      return true;
  return false;
}

std::vector<std::string> credentialWords(const RuleConfig &Config, llvm::StringRef RuleId) {
  std::vector<std::string> W;
  std::string Replace = Config.option(RuleId, "words", "");
  std::string Extra = Config.option(RuleId, "extra-words", "");
  auto add = [&](llvm::StringRef List) {
    llvm::SmallVector<llvm::StringRef, 16> Parts;
    List.split(Parts, '|', -1, false);
    for (llvm::StringRef P : Parts)
      if (!P.trim().empty())
        W.push_back(P.trim().lower());
  };
  if (Replace.empty()) {
    for (const char *D : DefaultWords)
      W.push_back(D);
  } else {
    add(Replace);
  }
  add(Extra);
  return W;
}

llvm::StringSet<> sinkFunctions(const SinkTable &Sinks, llvm::StringRef Kind) {
  llvm::StringSet<> S;
  for (const SinkRow *R : Sinks.rowsOfKind(Kind))
    S.insert(R->Function);
  return S;
}

bool isCredentialName(llvm::StringRef Identifier, const std::vector<std::string> &Words) {
  std::vector<std::string> Parts = ast::identifierWords(Identifier);
  for (size_t I = 0; I < Parts.size(); ++I) {
    for (const std::string &W : Words)
      if (Parts[I] == W)
        return true;
    if (Parts[I] == "key" && I > 0)
      for (const char *P : KeyPrefixes)
        if (Parts[I - 1] == P)
          return true;
    // privkey, apikey, secretkey written as one word
    for (const char *P : {"privkey", "secretkey", "authkey", "accesskey", "sharedkey", "privatekey"})
      if (Parts[I] == P)
        return true;
  }
  return false;
}

bool plausibleSecretFor(llvm::StringRef Identifier, llvm::StringRef V, const std::vector<std::string> &Words) {
  bool OnlyToken = true;
  for (const std::string &P : ast::identifierWords(Identifier))
    for (const std::string &W : Words)
      if (P == W && P != "token" && P != "tokens")
        OnlyToken = false;
  if (!OnlyToken || !isCredentialName(Identifier, Words))
    return true;
  // api_key / private_key style names count as more than "token".
  std::vector<std::string> Only = {"token", "tokens"};
  if (!isCredentialName(Identifier, Only))
    return true;
  if (V.contains(' '))
    return false;
  bool Digit = std::any_of(V.begin(), V.end(), [](char C) { return std::isdigit(static_cast<unsigned char>(C)); });
  return (V.size() >= 8 && Digit) || V.size() >= 16;
}

std::string redact(llvm::StringRef V) {
  if (V.empty())
    return "\"\"";
  std::string Out = "\"";
  Out += std::isprint(static_cast<unsigned char>(V[0])) ? V[0] : '?';
  Out += std::string(std::min<size_t>(V.size() - 1, 12), '*');
  Out += "\" (" + std::to_string(V.size()) + " characters)";
  return Out;
}

bool looksLikePrivateKey(llvm::StringRef V) {
  // A PEM armour line (RFC 7468): "-----BEGIN <label> PRIVATE KEY-----"; the label words alone (in a
  // parser that looks for them) are not a key.
  size_t B = V.find("-----BEGIN ");
  if (B == llvm::StringRef::npos)
    return false;
  llvm::StringRef Line = V.drop_front(B + 11).take_until([](char C) { return C == '\n' || C == '\r'; });
  return Line.ends_with("PRIVATE KEY-----");
}

bool looksLikePublicMaterial(llvm::StringRef V) {
  return !looksLikePrivateKey(V) &&
         (V.contains("PUBLIC KEY-----") || V.contains("CERTIFICATE-----") || V.starts_with("ssh-rsa ") ||
          V.starts_with("ssh-ed25519 ") || V.starts_with("ecdsa-sha2-"));
}

bool looksLikeDerPrivateKey(llvm::StringRef B) {
  if (B.size() < 16 || static_cast<unsigned char>(B[0]) != 0x30)
    return false;
  // X.690 8.1.3: short form (< 0x80) or long form with 1 or 2 length octets.
  size_t P = 2;
  unsigned char L = static_cast<unsigned char>(B[1]);
  if (L == 0x81)
    P = 3;
  else if (L == 0x82)
    P = 4;
  else if (L >= 0x80)
    return false;
  if (B.size() < P + 4)
    return false;
  auto At = [&](size_t I) { return static_cast<unsigned char>(B[I]); };
  // version INTEGER 0 (PKCS#1 RSAPrivateKey, PKCS#8 PrivateKeyInfo) or 1 (RFC 5915 ECPrivateKey,
  // followed by the OCTET STRING privateKey).
  if (At(P) != 0x02 || At(P + 1) != 0x01)
    return false;
  if (At(P + 2) == 0x00)
    return At(P + 3) == 0x02 || At(P + 3) == 0x30; // RSA modulus INTEGER / PKCS#8 AlgorithmIdentifier
  return At(P + 2) == 0x01 && At(P + 3) == 0x04;
}

bool isDescriptorName(llvm::StringRef Identifier) {
  static const char *const Descriptors[] = {
      "prompt", "field",  "label",   "msg",     "message", "fmt",    "format",   "hint",   "help",
      "path",   "file",   "filename", "dir",    "len",     "length", "size",     "max",    "min",
      "env",    "var",    "id",      "title",   "error",   "err",    "option",   "opt",    "param",
      "arg",    "column", "col",     "attr",    "tag",     "type",   "mode",     "policy", "pattern",
      "regex",  "prefix", "suffix",  "name",    "url",     "uri",    "endpoint", "host",   "cmd",
      "command", "placeholder", "status", "caption", "tooltip", "header",
      "reason", "description", "desc", "note", "comment", "step", "result", "state",
      "salt",   "iter",   "iterations", "rounds", "algo", "algorithm", "cipher", "scheme"};
  for (const std::string &W : ast::identifierWords(Identifier))
    for (const char *D : Descriptors)
      if (W == D)
        return true;
  return false;
}

const llvm::StringSet<> &compareFunctions() {
  static const llvm::StringSet<> Names = {
      "strcmp",          "strncmp",          "strcasecmp",        "strncasecmp",
      "memcmp",          "bcmp",             "CRYPTO_memcmp",     "timingsafe_bcmp",
      "timingsafe_memcmp", "sodium_memcmp",  "consttime_memequal", "mbedtls_ct_memcmp",
      "g_strcmp0",       "g_str_equal",      "g_ascii_strcasecmp", "_stricmp",
      "_strnicmp",       "stricmp",          "strnicmp",          "__builtin_strcmp",
      "__builtin_strncmp", "__builtin_memcmp"};
  return Names;
}

bool isCompareFunction(llvm::StringRef Name) { return compareFunctions().contains(Name); }

clang::SourceRange writtenRange(const clang::Stmt *Literal, clang::ASTContext &Ast) {
  const clang::SourceManager &SM = Ast.getSourceManager();
  clang::SourceRange R = Literal->getSourceRange();
  if (!R.getBegin().isMacroID())
    return R;
  clang::SourceLocation B = SM.getSpellingLoc(R.getBegin()), E = SM.getSpellingLoc(R.getEnd());
  // Token pasting and #x put the spelling in scratch space: keep the expansion site then.
  if (B.isInvalid() || SM.isWrittenInScratchSpace(B) || SM.getFileID(B) != SM.getFileID(E))
    return R;
  return clang::SourceRange(B, E);
}

namespace {
bool testPathAt(clang::SourceLocation L, clang::ASTContext &Ast, const RuleConfig &Config) {
  const clang::SourceManager &SM = Ast.getSourceManager();
  clang::SourceLocation F = SM.getFileLoc(L);
  if (F.isInvalid())
    return false;
  // Every RuleContext the engine creates carries an EngineConfig.
  return static_cast<const EngineConfig &>(Config).isTestPath(SM.getFilename(F));
}
} // namespace

bool inTestCode(const clang::Stmt *S, clang::ASTContext &Ast, const RuleConfig &Config) {
  if (testPathAt(S->getBeginLoc(), Ast, Config))
    return true;
  if (const clang::FunctionDecl *FD = ast::enclosingFunction(S, Ast))
    if (const clang::IdentifierInfo *II = FD->getIdentifier())
      return ast::isTestFunctionName(II->getName());
  return false;
}

bool inTestCode(const clang::Decl *D, clang::ASTContext &Ast, const RuleConfig &Config) {
  if (testPathAt(D->getLocation(), Ast, Config))
    return true;
  if (const auto *FD = llvm::dyn_cast_or_null<clang::FunctionDecl>(D->getParentFunctionOrMethod()))
    if (const clang::IdentifierInfo *II = FD->getIdentifier())
      return ast::isTestFunctionName(II->getName());
  return false;
}

} // namespace cred
} // namespace cra
