//===- UpdateUtil.h - helpers shared by the update, tls and net rule families ----------------------===//
//
// The update/verification rules reason about how a verification API's result is tested, about
// values that reach a sink through a local variable or a snprintf format, and about URLs. The
// helpers here are deliberately intra-procedural and cheap: they run only on functions that contain
// a call named in the sink table (data/sinks.tsv), and they use clang::ParentMap on one function
// body instead of the whole-TU parent map.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_RULES_UPDATE_UPDATEUTIL_H
#define CRA_PLUGIN_RULES_UPDATE_UPDATEUTIL_H

#include "AstUtil.h"
#include "RuleBase.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchersMacros.h"
#include "llvm/Support/Regex.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FieldDecl;
class FunctionDecl;
class InitListExpr;
class Stmt;
class VarDecl;
} // namespace clang

namespace cra {
namespace upd {

/// StringRefs to Names (for hasAnyName; the matcher copies them).
inline std::vector<llvm::StringRef> refs(const std::vector<std::string> &Names) {
  return std::vector<llvm::StringRef>(Names.begin(), Names.end());
}

/// The callee's plain name ("" for calls through pointers).
llvm::StringRef calleeName(const clang::CallExpr *CE);

/// The names as a hash set (the argument of ast::calleeNameIn).
inline llvm::StringSet<> nameSet(const std::vector<std::string> &Names) { return ast::nameSetOf(Names); }

/// E without parentheses and implicit/no-op casts.
const clang::Expr *strip(const clang::Expr *E);

/// The variable E names (after strip), or null.
const clang::VarDecl *refVar(const clang::Expr *E);

/// The integer value of E: a constant expression (macros and enumerators included), or a local
/// variable of Fn whose initialiser is constant and which is never assigned or address-taken.
std::optional<llvm::APSInt> evalInt(const clang::Expr *E, clang::ASTContext &Ctx,
                                    const clang::FunctionDecl *Fn = nullptr);

/// The macro or enumerator name E is written as (for messages), or "".
std::string spelledName(const clang::Expr *E, clang::ASTContext &Ctx);

/// The string E holds when it reaches a call at At: a literal (also via macro), a const global or a
/// local variable initialised from a literal, an array initialised from one, or a local buffer last
/// written before At by snprintf/sprintf (the format), strcpy/strncpy/strlcpy/memcpy (the source) or
/// strcat (appended). Sets FromFormat when the value is a printf format (placeholders unresolved).
std::optional<std::string> resolveString(const clang::Expr *E, clang::ASTContext &Ctx,
                                         const clang::FunctionDecl *Fn, const clang::Stmt *At,
                                         bool *FromFormat = nullptr);

/// True when Str is the name of a (possibly typedef'd) boolean-like verdict function: returns bool,
/// or is named like "..._ok", "is_...", "...valid...", "...verified".
bool isBooleanVerdictFunction(const clang::FunctionDecl *Fn);

/// Tracks the function definition that encloses each matched call. MatchFinder visits a function
/// before its body, so the innermost tracked function whose range contains a call is its caller.
class FunctionTracker {
public:
  void onFunction(const clang::FunctionDecl *Fn, clang::ASTContext &Ctx);
  const clang::FunctionDecl *enclosing(const clang::Stmt *S, clang::ASTContext &Ctx);

private:
  std::vector<const clang::FunctionDecl *> Stack;
};

/// Per-function lazily built ParentMap (only for functions that hold a relevant call).
class ParentMaps {
public:
  clang::ParentMap &of(const clang::FunctionDecl *Fn);

private:
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<clang::ParentMap>> Maps;
};

/// Source order of two locations (expansion locations).
bool before(clang::SourceLocation A, clang::SourceLocation B, clang::ASTContext &Ctx);

/// Every DeclRefExpr to V inside Body, in source order.
std::vector<const clang::DeclRefExpr *> refsTo(const clang::VarDecl *V, const clang::Stmt *Body);

/// True when Ref is the left side of a plain assignment (a write, not a read).
bool isAssignedAt(const clang::DeclRefExpr *Ref, clang::ParentMap &PM);

// ---- verification results ------------------------------------------------------------------------

/// The documented result convention of a VRES row (docs/rules/api-semantics.md).
enum class ResultSem {
  OneSuccess,              ///< 1 ok, 0 failure, nothing else
  OneSuccessNegError,      ///< 1 ok, 0 failure, negative error
  PositiveSuccessNegError, ///< > 0 ok, 0 failure, negative error
  OneOnlySuccess,          ///< only 1 is ok; other positive values and negatives are failures
  ZeroSuccess,             ///< 0 ok, anything else (also negative) a failure
  ZeroSuccessNegError,     ///< 0 ok, negative failure; never positive (`< 0` is a correct test)
  Unknown,
};
ResultSem parseResultSem(llvm::StringRef Semantics);
/// For out-parameter rows: "outparam-one-success" -> OneSuccess, "outparam-zero-success" -> ZeroSuccess.
ResultSem parseOutParamSem(llvm::StringRef Semantics);
/// "1 = valid, 0 = invalid, -1 = error" style description for messages.
std::string describeSem(ResultSem S);

enum class UseVerdict {
  Correct,   ///< every test separates success from failure with the right polarity
  Ignored,   ///< the result is discarded or stored and never read
  Misused,   ///< a test accepts a failure value, or the accepting branch is the failure branch
  Forwarded, ///< returned unchanged from a non-boolean function (a wrapper) or passed on
  Unknown,   ///< used in a way we do not model
};

struct UseResult {
  UseVerdict Verdict = UseVerdict::Unknown;
  const clang::Stmt *At = nullptr; ///< the test (or the call) to report
  std::string Why;                 ///< "treats -1 (error) like 1 (valid)"
};

/// How the value of E (a call to a verification API, or a read of a variable holding its result)
/// is tested in Fn. Follows a result stored in a local variable to its later reads.
UseResult classifyResultUse(const clang::Expr *E, ResultSem Sem, const clang::FunctionDecl *Fn,
                            clang::ParentMap &PM, clang::ASTContext &Ctx);

/// Outcome for an out-parameter verdict: the variable passed as &V and its later reads.
UseResult classifyOutParam(const clang::CallExpr *CE, unsigned ArgIdx, ResultSem Sem,
                           const clang::FunctionDecl *Fn, clang::ParentMap &PM,
                           clang::ASTContext &Ctx);

// ---- verification calls ---------------------------------------------------------------------------

/// Verification APIs from the sink table (VRES rows) plus user functions that look like signature
/// checks: the name matches NamePattern, or contains check/valid and an argument names a signature.
class VerifySet {
public:
  /// SignaturesOnly: only VRES rows whose semantics carry the "sig" option (image/code signature and
  /// certificate-chain verifiers, the barrier set of update-no-verify and sig-check-skipped).
  VerifySet(const SinkTable &Sinks, llvm::StringRef NamePattern, bool SignaturesOnly = false);
  /// The VRES rows for CE's callee (empty for a user-named verification function).
  std::vector<const SinkRow *> rows(const clang::CallExpr *CE) const;
  bool isVerifyCall(const clang::CallExpr *CE) const;
  /// Names of the API functions (for matchers).
  std::vector<std::string> apiNames() const;

private:
  const SinkTable &Sinks;
  llvm::StringSet<> Api;
  std::string Pattern;
  std::shared_ptr<ast::LazyRegex> PatternRe; ///< shared by copies, compiled at first use
  bool SignaturesOnly;
  /// What the callee's name alone decides, per name (isVerifyCall runs for every call of the TU).
  enum class ByName : char { No, Yes, IfArgumentNamesSignature };
  mutable llvm::StringMap<ByName> NameVerdicts;
};

/// True when the call to a verification function is "correctly tested" (a barrier for
/// update-no-verify): its result or out-parameter is read by a test that is not a misuse.
bool isTestedVerification(const clang::CallExpr *CE, const VerifySet &VS,
                          const clang::FunctionDecl *Fn, clang::ParentMap &PM,
                          clang::ASTContext &Ctx);

// ---- URLs -----------------------------------------------------------------------------------------

struct CleartextUrl {
  std::string Scheme; ///< "http"
  std::string Host;   ///< "" when the host is a format placeholder or missing
  size_t Offset = 0;  ///< where the URL starts in the string
};

/// The first cleartext URL (http, ftp, tftp, telnet, mqtt, tcp, ws) in S whose host is not
/// loopback, private (RFC 1918, link-local, .local), or reserved for documentation (example.*,
/// .test, .invalid, .example, .localhost, 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::).
/// AnyPosition: search anywhere (shell commands), else S must start with the URL.
std::optional<CleartextUrl> findCleartextUrl(llvm::StringRef S, bool AnyPosition);
bool isLocalOrDocumentationHost(llvm::StringRef Host);

// ---- sink-table details ----------------------------------------------------------------------------

/// A semantics cell split at ';': the first part is the kind ("zero-off"), the rest key=value options
/// ("optional=1:mbedtls_ssl_get_verify_result", "client-only", "mask=0xffff").
struct Semantics {
  std::string Kind;
  std::string Param; ///< what follows ':' in the first part ("1" for "cb-always:1")
  std::vector<std::pair<std::string, std::string>> Options;
  std::string option(llvm::StringRef Key) const;
  bool has(llvm::StringRef Key) const;
};
Semantics parseSemantics(llvm::StringRef S);

/// For setopt-style rows (Selector names an option enumerator/macro, no leading '.'): true when an
/// argument before the row's value argument is spelled as, or evaluates to the same value as, the
/// selector. Rows without a selector always match.
bool selectorMatches(const clang::CallExpr *CE, const SinkRow &Row, clang::ASTContext &Ctx);

/// The value argument of a call row, or null when the call has too few arguments.
const clang::Expr *rowArg(const clang::CallExpr *CE, const SinkRow &Row);

/// True when Fn sets up the server side of a TLS connection (a *_server_method(), SSL_accept,
/// mbedtls_ssl_config_defaults(..., MBEDTLS_SSL_IS_SERVER, ...)), where not asking the peer for a
/// certificate is the normal configuration.
bool looksLikeServerSetup(const clang::FunctionDecl *Fn, clang::ASTContext &Ctx);

/// A callback argument: the function definition it names (through casts and &), or null.
const clang::FunctionDecl *callbackDefinition(const clang::Expr *E);

/// Rows whose selector is a struct field path (".skip_verification", ".ssl.enableServerCertAuth"),
/// matched where the program assigns the field or initialises it in an initializer list. The row's
/// function is an API taking the struct (its parameter `arg` gives the struct type) or the struct's
/// own (typedef or tag) name.
class FieldSinks {
public:
  void add(const SinkRow *Row);
  bool empty() const { return Rows.empty(); }
  /// Asks for the assignments and initializer lists handle() looks at.
  void registerMatchers(NodeDispatch &Nodes, Rule *R);
  /// Calls Fn(row, value, where) for every resolved field the matched node sets explicitly.
  void handle(const clang::ast_matchers::MatchFinder::MatchResult &R,
              llvm::function_ref<void(const SinkRow &, const clang::Expr *, const clang::Stmt *)> Fn);

private:
  void resolve(clang::ASTContext &Ctx);
  bool assignsNamedField(const clang::BinaryOperator *BO) const;
  bool initialisesRecordWithNamedField(const clang::InitListExpr *IL) const;
  std::vector<const SinkRow *> Rows;
  std::vector<std::string> FieldNames;
  std::vector<std::pair<const SinkRow *, const clang::FieldDecl *>> Resolved;
  bool IsResolved = false;
  llvm::DenseSet<const clang::InitListExpr *> SeenInits;
};

} // namespace upd
} // namespace cra

#endif
