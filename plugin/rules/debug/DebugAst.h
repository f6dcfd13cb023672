//===- DebugAst.h - shared analysis for the debug-* / net-bind-* / sec-* rules ---------------------===//
//
// Small intra-procedural helpers the attack-surface rules share: constant folding of strings (literals,
// macros, const variables, local buffers last written by snprintf/strcpy), a shell-command reader that
// says whether a command starts a remote shell or shell service, name classifiers (debug paths, auth
// functions, request-derived values) and parent walking. Everything here is pure: no reporting.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_RULES_DEBUG_DEBUGAST_H
#define CRA_PLUGIN_RULES_DEBUG_DEBUGAST_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <optional>
#include <string>
#include <vector>

namespace cra {
struct SinkRow;
class SinkTable;
class RuleConfig;

namespace dbg {

/// Stands for a part of a folded string whose value is not known at compile time.
constexpr char Unknown = '\x1a';

/// Parens and every cast (implicit and explicit) removed.
const clang::Expr *strip(const clang::Expr *E);

/// The callee's name, or "" for calls through pointers.
llvm::StringRef calleeName(const clang::CallExpr *C);

/// The string an expression evaluates to: a literal (also from a macro), a const variable initialised
/// from one, `cond ? "a" : "a"`, or a local buffer/pointer as last written before the use in its
/// function (assignment, strcpy/strncpy/strcat/memcpy, snprintf/sprintf with the format expanded).
/// Parts that are not known become `Unknown`. nullopt when nothing at all is known.
std::optional<std::string> stringValue(const clang::Expr *E, clang::ASTContext &Ctx, unsigned Depth = 0);

/// Expands a printf format with its arguments (known strings and integers inline, the rest Unknown).
std::string expandFormat(llvm::StringRef Fmt, llvm::ArrayRef<const clang::Expr *> Args,
                         clang::ASTContext &Ctx, unsigned Depth);

/// Integer value of E after constant folding (macros are folded by Clang already).
std::optional<int64_t> intValue(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The function whose body contains S, or null.
const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S, clang::ASTContext &Ctx);

/// The nearest parent of S that is a statement (expression or statement), or null.
const clang::Stmt *parentStmt(const clang::Stmt *S, clang::ASTContext &Ctx);
/// The local variable S initialises (`T v = S;`), or nullptr (ast::initialisedVar).
const clang::VarDecl *initialisedVar(const clang::Stmt *S, clang::ASTContext &Ctx);

/// Calls Fn on S and every statement below it, in source order. Fn returning false stops the walk.
bool walk(const clang::Stmt *S, llvm::function_ref<bool(const clang::Stmt *)> Fn);

/// True when some call below S satisfies Pred.
bool containsCall(const clang::Stmt *S, llvm::function_ref<bool(const clang::CallExpr *)> Pred);

/// A readable name for the storage an expression denotes: `var`, `s.field` (with the record type
/// name, e.g. `session.id`), `arr` for `arr[i]`, `*p` -> `p`. Empty when there is none.
std::string storageName(const clang::Expr *E);

/// The variable an expression denotes after stripping casts, `&`, `*`, subscripts and `p + n`.
const clang::VarDecl *baseVar(const clang::Expr *E);

/// An identifier as lower-case words joined by '_' ("debugShellPort" -> "debug_shell_port").
std::string nameWords(llvm::StringRef Name);

/// Macro names whose expansion produced Loc, innermost first (arguments followed to their spelling).
std::vector<std::string> macroNames(clang::SourceLocation Loc, const clang::ASTContext &Ctx);

/// Lowercased copy.
std::string lower(llvm::StringRef S);

/// Case-insensitive regex search helper. Compiling one of these patterns costs about a million
/// instructions and a rule holds several, most of which a translation unit never needs (no route, no
/// exec call), so a pattern known to be valid is compiled on its first match, once per process.
class NamePattern {
public:
  NamePattern() = default;
  /// Returns false with Error set when Pattern is not a valid extended regex (compiles it now).
  bool set(llvm::StringRef Pattern, std::string &Error);
  /// Pattern is one of our defaults (valid by the tests): compiled on first use.
  void setTrusted(llvm::StringRef Pattern);
  bool matches(llvm::StringRef S) const;
  bool empty() const { return !Re && Pattern.empty(); }

private:
  std::string Pattern;
  mutable std::shared_ptr<llvm::Regex> Re;
};

/// Default patterns (configurable per rule; docs/rules/<id>.md name the option keys).
extern const char *const DebugPathPattern;   ///< URL paths naming a debug/test/diag/factory/shell function
extern const char *const DebugVerbPattern;   ///< CLI verbs of debug commands
extern const char *const AuthCallPattern;    ///< functions that authenticate / authorise a request
extern const char *const AuthVarPattern;     ///< variables that carry an authentication decision
extern const char *const AdminServicePattern; ///< names of debug/shell/admin services (over nameWords)

/// What a shell command does that opens a remote shell or a shell service, or "" when nothing.
/// Words is the command already split (exec*-style); Cmd a whole `sh -c` command line.
std::string remoteShellInCommand(llvm::StringRef Cmd);
std::string remoteShellInArgv(const std::vector<std::string> &Argv);

/// True when Program (a path or a name) is a POSIX shell.
bool isShellProgram(llvm::StringRef Program);

/// The argv an exec-style call passes: for "argv-list" rows the variadic arguments from Row.Arg up to
/// NULL, for "argv-array" rows the initialiser of the array argument. Unknown elements are `Unknown`.
/// PathOut receives the program path argument when the row names one. False when the shape is not known.
bool execArgv(const clang::CallExpr *C, const SinkRow &Row, clang::ASTContext &Ctx,
              std::vector<std::string> &Argv, std::string &PathOut);

/// The command text an EXEC row passes to a shell ("command", "command-format"), folded.
std::optional<std::string> execCommand(const clang::CallExpr *C, const SinkRow &Row,
                                       clang::ASTContext &Ctx);

/// Whether a sink row of kind EXEC belongs to the shell/exec family these rules read.
bool isShellExecRow(const SinkRow &Row);

/// Rows of Kind whose semantics start with one of Prefixes (empty = all), deduplicated by function.
std::vector<const SinkRow *> rowsWithSemantics(const SinkTable &T, llvm::StringRef Kind,
                                               llvm::ArrayRef<llvm::StringRef> Prefixes);

/// Function names for a matcher from rows.
std::vector<std::string> functionNames(const std::vector<const SinkRow *> &Rows);

/// The first row for Name among Rows, or null.
const SinkRow *rowFor(const std::vector<const SinkRow *> &Rows, llvm::StringRef Name);

/// True when S contains a call whose callee matches AuthCall, or names a variable/field matching
/// AuthVar (`if (!session->is_admin)`, `logged_in`).
bool mentionsAuth(const clang::Stmt *S, const NamePattern &AuthCall, const NamePattern &AuthVar);

/// True when the body of FD begins (first two non-trivial statements) with an authentication step.
bool bodyStartsWithAuth(const clang::FunctionDecl *FD, const NamePattern &AuthCall, const NamePattern &AuthVar);

/// True when S only runs after an authentication check in its function: nested in the branch of an
/// `if` whose condition authenticates, `&&`-joined with an auth call, preceded by an early-exit auth
/// guard in an enclosing block, or the branch it selects starts with an auth check.
bool guardedByAuth(const clang::Stmt *S, clang::ASTContext &Ctx, const NamePattern &AuthCall,
                   const NamePattern &AuthVar);

/// The defined function an expression names (`handler`, `&handler`), or null.
const clang::FunctionDecl *functionOf(const clang::Expr *E);

/// One element of a static table of {name, handler} records (route tables, CLI command tables).
struct TableEntry {
  const clang::Expr *Elem = nullptr;          ///< the element's initialiser (what is reported)
  std::string Name;                           ///< the folded string field
  const clang::FunctionDecl *Handler = nullptr; ///< the function-pointer field, when it names one
};

/// The entries of V when V is an array of records holding a string field and a function-pointer
/// field, initialised in place; empty otherwise.
std::vector<TableEntry> tableEntries(const clang::VarDecl *V, clang::ASTContext &Ctx);

/// Reads a rule option holding a regex; falls back to Default when the option is absent or invalid.
NamePattern patternOption(const RuleConfig &Cfg, llvm::StringRef RuleId, llvm::StringRef Key,
                          llvm::StringRef Default);

/// Text of the source range (for messages), at most Max characters.
std::string sourceText(clang::SourceRange R, const clang::ASTContext &Ctx, size_t Max = 80);

/// Printable form of a folded string (Unknown shown as `…`), shortened to Max characters.
std::string printable(llvm::StringRef S, size_t Max = 60);

} // namespace dbg
} // namespace cra

#endif
