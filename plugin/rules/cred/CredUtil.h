//===- CredUtil.h - what the credential rules share -----------------------------------------------===//
#ifndef CRA_PLUGIN_RULES_CRED_CREDUTIL_H
#define CRA_PLUGIN_RULES_CRED_CREDUTIL_H

#include "RuleBase.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Stmt;
class Decl;
} // namespace clang

namespace cra {
namespace cred {

/// True when V is not a secret: empty/too short, a format string or template (%s, ${VAR}, <pass>,
/// {{x}}), a mask ("****", "xxxx"), a config key name ("password", "admin_password", "UPLINK_PASSWORD"),
/// a prompt or message ("Enter password: ", "wrong password"), a file path or a well-known
/// placeholder ("your_password", "REPLACE_ME", "dummy").
bool isPlaceholder(llvm::StringRef V);

/// The credential words an identifier is matched against (rule option "words" replaces them,
/// "extra-words" adds to them; both are lists).
std::vector<std::string> credentialWords(const RuleConfig &Config, llvm::StringRef RuleId);

/// True when the identifier's words (see ast::identifierWords) contain a credential word, or a
/// two-word key name such as api_key / private_key / secret_key.
bool isCredentialName(llvm::StringRef Identifier, const std::vector<std::string> &Words);

/// The functions with sink rows of Kind: a rule's call matcher takes only those (one hash lookup per
/// call) instead of getting a match result for every call of the translation unit.
llvm::StringSet<> sinkFunctions(const SinkTable &Sinks, llvm::StringRef Kind);

/// True when V can be the secret an identifier so named holds. "token" alone is also a lexer's word
/// (zToken = "true" in a SQL parser): a value for a name whose only credential word is token must look
/// generated (8+ characters with a digit, or 16+, no spaces).
bool plausibleSecretFor(llvm::StringRef Identifier, llvm::StringRef V, const std::vector<std::string> &Words);

/// "b**********" (11 characters): findings and logs never repeat the secret.
std::string redact(llvm::StringRef V);

/// PEM/OpenSSH private key text.
bool looksLikePrivateKey(llvm::StringRef V);
/// Public keys and certificates (never flagged).
bool looksLikePublicMaterial(llvm::StringRef V);

/// Test code (path or enclosing function): dummy credentials there are not shipped.
bool inTestCode(const clang::Stmt *S, clang::ASTContext &Ast, const RuleConfig &Config);
bool inTestCode(const clang::Decl *D, clang::ASTContext &Ast, const RuleConfig &Config);

/// A DER-encoded private key (PKCS#1 RSA, PKCS#8, SEC1 EC): SEQUENCE { INTEGER 0|1, ... }. A
/// certificate starts SEQUENCE { SEQUENCE ... } and a SubjectPublicKeyInfo SEQUENCE { SEQUENCE ... },
/// so the INTEGER right after the outer header tells a private key from public material.
bool looksLikeDerPrivateKey(llvm::StringRef Bytes);

/// Identifier words that make a credential-named identifier describe the credential instead of
/// holding it (PASSWORD_FIELD, password_prompt, token_url, secret_path, pw_len).
bool isDescriptorName(llvm::StringRef Identifier);

/// Functions comparing two strings or buffers (strcmp family, memcmp, CRYPTO_memcmp, ...).
bool isCompareFunction(llvm::StringRef Name);
/// The names isCompareFunction accepts, for NodeDispatch::onCallTo.
const llvm::StringSet<> &compareFunctions();

/// Where a literal is written: inside a macro body that is the #define line (one finding per
/// definition, not per use), elsewhere the literal itself.
clang::SourceRange writtenRange(const clang::Stmt *Literal, clang::ASTContext &Ast);

/// The fix note the credential rules share.
extern const char *const FixRuntimeSecret;

} // namespace cred
} // namespace cra

#endif
