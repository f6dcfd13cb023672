//===- AstUtil.h - helpers every rule family may use ----------------------------------------------===//
//
// Value resolution is intra-procedural and deliberately small: a literal, a macro expanding to one, a
// global/static initialised from one, or a local buffer/pointer whose last write before the use (in
// source order, same function) copies one. Anything read at run time resolves to nothing.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_ASTUTIL_H
#define CRA_PLUGIN_ASTUTIL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/ASTMatchers/ASTMatchersMacros.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include <memory>

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace cra {
namespace ast {

/// Names as a hash set, for calleeNameIn.
template <typename Range> llvm::StringSet<> nameSetOf(const Range &Names) {
  llvm::StringSet<> S;
  for (const auto &N : Names)
    S.insert(llvm::StringRef(N));
  return S;
}

/// A call whose direct callee's plain name is in Names: one hash lookup per call. hasAnyName compares
/// every name in turn, and with a 245-row sink table in nine rules that was most of the matchers' cost.
AST_MATCHER_P(clang::CallExpr, calleeNameIn, llvm::StringSet<>, Names) {
  (void)Finder;
  (void)Builder;
  const clang::FunctionDecl *FD = Node.getDirectCallee();
  return FD && FD->getIdentifier() && Names.contains(FD->getName());
}

/// Parentheses, implicit casts and explicit casts removed.
const clang::Expr *strip(const clang::Expr *E);

/// The called function's name ("" for calls through pointers).
std::string calleeName(const clang::CallExpr *CE);

/// The source text of a range as written (macro ranges mapped to the file).
std::string sourceText(clang::SourceRange R, const clang::ASTContext &Ast);

/// Names of the macros whose expansion produced Loc, outermost first ("" entries never appear).
std::vector<std::string> macroNamesAt(clang::SourceLocation Loc, const clang::ASTContext &Ast);

/// Integer value of a constant expression (macros such as SSL_VERIFY_NONE fold to their value).
std::optional<int64_t> evaluateInt(const clang::Expr *E, const clang::ASTContext &Ast);

/// For an argument like CURLOPT_USERPWD (an enumerator) or SSL_VERIFY_NONE (a macro): the name as
/// written. "" when the argument is neither.
std::string enumOrMacroName(const clang::Expr *E, const clang::ASTContext &Ast);

/// The function whose body contains S (nullptr at file scope). Found by source position in an index of the
/// translation unit's function bodies, not by ASTContext::getParents: that builds a parent map of the whole
/// translation unit on first use (tens of MiB on sqlite3.c, issue 3's memory target). Lambdas and
/// template instantiations are looked through (their position is their pattern's).
const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S, clang::ASTContext &Ast);

/// The statement or expression directly containing S inside its function's body (a DeclStmt for a local
/// variable's initialiser), from a clang::ParentMap of that one body; nullptr at the top or at file scope.
const clang::Stmt *parentStmt(const clang::Stmt *S, clang::ASTContext &Ast);

/// The local variable that S initialises (`T v = S;`), or nullptr.
const clang::VarDecl *initialisedVar(const clang::Stmt *S, clang::ASTContext &Ast);

/// Forgets the per-translation-unit indexes above; the engine calls it before each translation unit.
void resetTranslationUnitCaches();

/// An llvm::Regex compiled at its first match: compiling one costs ~0.4 M instructions, and the plugin
/// builds every rule once per translation unit, while most TUs never ask most patterns anything.
class LazyRegex {
public:
  LazyRegex(std::string Pattern, llvm::Regex::RegexFlags Flags = llvm::Regex::NoFlags)
      : Pattern(std::move(Pattern)), Flags(Flags) {}
  LazyRegex(const LazyRegex &O) : Pattern(O.Pattern), Flags(O.Flags) {}
  bool match(llvm::StringRef S) const {
    if (!Re)
      Re = std::make_unique<llvm::Regex>(Pattern, Flags);
    return Re->match(S);
  }
  bool isValid(std::string &Error) const { return llvm::Regex(Pattern, Flags).isValid(Error); }

private:
  std::string Pattern;
  llvm::Regex::RegexFlags Flags;
  mutable std::unique_ptr<llvm::Regex> Re;
};

/// A name pattern (POSIX extended regex, as in the config files) that is matched against many identifiers.
/// The common shape -- alternatives of plain words, each optionally anchored (`verif|check|_ok$|^ok_`) --
/// is matched by substring search: llvm::Regex costs thousands of instructions per identifier, which on
/// sqlite3.c was 5 % of cra-check's time for one rule. Any other pattern uses llvm::Regex.
class NameRegex {
public:
  NameRegex(llvm::StringRef Pattern, bool IgnoreCase);
  bool match(llvm::StringRef S) const;
  bool isValid(std::string &Error) const;

private:
  struct Alt {
    std::string Word;
    bool AtStart, AtEnd;
  };
  std::vector<Alt> Alts; // the fast path when Literal
  bool Literal = false, IgnoreCase;
  std::unique_ptr<LazyRegex> Re;
};

/// An identifier split into lower-case words: "adminPW_v2" -> {"admin", "pw", "v"}; digits split.
std::vector<std::string> identifierWords(llvm::StringRef Name);

/// The name of what an lvalue expression denotes: variable, field, array base ("" otherwise).
std::string lvalueName(const clang::Expr *E);

/// How a string value reached the expression.
enum class ValueOrigin { Literal, Macro, Variable, BufferCopy };

struct ResolvedString {
  std::string Value;               ///< the bytes (string contents without the terminating NUL)
  bool IsByteArray = false;        ///< from an integer initializer list ({0x30, 0x82, ...})
  ValueOrigin Origin = ValueOrigin::Literal;
  const clang::Expr *Source = nullptr;   ///< the literal / initializer list holding the value
  const clang::VarDecl *Var = nullptr;   ///< the variable or buffer that carried it, if any
  std::string Macro;                     ///< outermost macro the literal was spelled through, if any
};

/// Resolves E to a constant string (see the file comment). nullopt when the value is not constant
/// or is computed at run time.
std::optional<ResolvedString> resolveString(const clang::Expr *E, clang::ASTContext &Ast);

/// True for the libc/BSD copy functions whose argument 0 receives a copy of argument 1
/// (strcpy, strncpy, strlcpy, stpcpy, memcpy, memmove, snprintf-with-constant-format, ...).
bool isCopyFunction(llvm::StringRef Name);
/// The names isCopyFunction accepts, for NodeDispatch::onCallTo.
const llvm::StringSet<> &copyFunctions();

/// hasType(recordDecl()) of an expression of type T: the declaration hasDeclaration finds is a record.
/// That is a tag type, possibly behind elaborated, using or substitution sugar, but not behind a typedef
/// (hasDeclaration then finds the TypedefNameDecl).
bool typeDeclIsRecord(clang::QualType T);

/// A function named test_* / *_test / Test* / TEST_*: credential rules skip its body.
bool isTestFunctionName(llvm::StringRef Name);

} // namespace ast
} // namespace cra

#endif
