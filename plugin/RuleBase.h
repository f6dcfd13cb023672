//===- RuleBase.h - the API every cra-harden source rule is written against -----------------------===//
//
// A rule is one class in plugin/rules/<family>/<Name>Check.cpp, listed once in Rules.inc. The engine
// (Engine.cpp) builds one instance per translation unit, lets it ask for AST nodes (NodeDispatch: calls
// by callee name, definitions, literals, ...) and register preprocessor callbacks, walks the AST once,
// then calls onEndOfTranslationUnit() for whole-TU analyses (CFG, call graph). Rules never print: they
// call report(), and the Reporter turns findings into diagnostics and findings records
// (docs/formats.md). The same rule objects run inside the Clang plugin and inside cra-check, which is
// why the two report the same findings for the same translation unit.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_RULEBASE_H
#define CRA_PLUGIN_RULEBASE_H

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace cra {

enum class Severity { Low, Medium, High };

/// One row of Rules.inc.
struct RuleMeta {
  const char *Id;           ///< "cred-literal-arg": kebab-case with a family prefix
  Severity DefaultSeverity; ///< may be overridden per rule in the config
  bool DefaultOn;           ///< enabled when no checks= glob names it
  const char *Cwe;          ///< "798,259": comma-separated CWE numbers
  const char *Requirements; ///< "part-i/2d,part-i/2b": Annex I ids (docs/formats.md)
  const char *Summary;      ///< one line for --list-rules and SARIF shortDescription
};

/// One row of the sink table (data/sinks.tsv plus extra tables from the config).
struct SinkRow {
  std::string Function;  ///< callee name, exact
  int Arg = -1;          ///< 0-based argument index; -1 for the return value
  bool OutParam = false; ///< "*N": the verdict is written through argument N
  std::string Kind;      ///< CRED, TLSOFF, PROTO, VRES, VFLAG, INTEG, ROUTE, EXEC, BIND, PERM, RNG, BAN
  std::string Selector;  ///< e.g. "CURLOPT_USERPWD" or ".password"; empty when unused ("-" in the file)
  std::string Semantics; ///< per-kind detail, e.g. "zero-success"; empty when unused
  std::string Note;
};

class SinkTable {
public:
  /// Every row for Function (any kind when Kind is empty). Stable order: file order.
  virtual std::vector<const SinkRow *> lookup(llvm::StringRef Function, llvm::StringRef Kind = "") const = 0;
  /// Every row of one kind.
  virtual std::vector<const SinkRow *> rowsOfKind(llvm::StringRef Kind) const = 0;
  virtual ~SinkTable() = default;
};

/// The user configuration (config=FILE / --config=FILE) as rules see it.
class RuleConfig {
public:
  /// A rule option ("rules: { cred-named-literal: { name-pattern: ... } }"), or Default.
  virtual std::string option(llvm::StringRef RuleId, llvm::StringRef Key, llvm::StringRef Default) const = 0;
  /// True when Path is third-party or test code the config excludes; the engine already skips such
  /// locations in report(), rules only need this for cross-location reasoning.
  virtual bool isExcludedPath(llvm::StringRef Path) const = 0;
  virtual ~RuleConfig() = default;
};

/// What a rule may use during one translation unit.
class RuleContext {
public:
  virtual const SinkTable &sinks() const = 0;
  virtual const RuleConfig &config() const = 0;
  virtual ~RuleContext() = default;
};

class Rule;

/// What a rule asks the engine to hand it. The engine walks each translation unit once
/// (SharedMatchers.cpp) and calls run() of every rule that asked for the node, with the node bound to
/// Id, exactly as the matcher named in each comment would. One MatchFinder matcher per rule at every
/// node cost more than the rules themselves (bench/plugin/README.md); here a call costs one hash lookup
/// of its callee whatever the number of rules. Where the comment's matcher is wider than the rule
/// needs (any initializer list, any assignment), run() tests the rest.
class NodeDispatch {
public:
  /// callExpr(calleeNameIn(Names), argumentCountAtLeast(MinArgs)).bind(Id)
  virtual void onCallTo(const llvm::StringSet<> &Names, llvm::StringRef Id, Rule *R, unsigned MinArgs = 0) = 0;
  /// callExpr().bind(Id): for a rule whose callee test is not a fixed set of names.
  virtual void onEveryCall(llvm::StringRef Id, Rule *R) = 0;
  /// functionDecl(isDefinition(), unless(isExpansionInSystemHeader())).bind(Id)
  virtual void onFunctionDefinition(llvm::StringRef Id, Rule *R) = 0;
  /// varDecl(hasInitializer(expr())).bind(Id): the initializer of any redeclaration counts
  virtual void onVarWithInitializer(llvm::StringRef Id, Rule *R) = 0;
  /// fieldDecl().bind(Id)
  virtual void onFieldDecl(llvm::StringRef Id, Rule *R) = 0;
  /// initListExpr().bind(Id) (syntactic and semantic forms, as a MatchFinder visits them)
  virtual void onInitList(llvm::StringRef Id, Rule *R) = 0;
  /// binaryOperator(isAssignmentOperator()).bind(Id) (compound assignments included)
  virtual void onAssignment(llvm::StringRef Id, Rule *R) = 0;
  /// stringLiteral().bind(Id)
  virtual void onStringLiteral(llvm::StringRef Id, Rule *R) = 0;
  /// For any other matcher: a MatchFinder the engine runs after its own walk (a second traversal of
  /// the translation unit, so only when some rule asked for it).
  virtual clang::ast_matchers::MatchFinder &finder() = 0;
  virtual ~NodeDispatch() = default;
};

class Rule : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  Rule(const RuleMeta &Meta, RuleContext &Ctx) : Meta(Meta), Ctx(Ctx) {}
  ~Rule() override = default;

  const RuleMeta &meta() const { return Meta; }

  /// Ask for the AST nodes run() receives.
  virtual void registerMatchers(NodeDispatch &Nodes) { (void)Nodes; }
  /// Register preprocessor callbacks (macro definitions, ...); the PP owns nothing of the rule.
  virtual void registerPPCallbacks(clang::Preprocessor &PP) { (void)PP; }
  /// Whole-TU analyses after matching (CFG reachability, call graph, deferred decisions).
  virtual void onEndOfTranslationUnit(clang::ASTContext &Ast) { (void)Ast; }
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override { (void)Result; }

  /// Set by the engine before matching; valid until onEndOfTranslationUnit returns.
  void setASTContext(clang::ASTContext *A) { Ast = A; }

protected:
  /// Reports a finding at Loc (macro locations are mapped to where the user wrote the code).
  /// Flagged is the range whose source text enters the fingerprint (so it survives moved lines).
  /// Message says what is wrong; Fix says how to fix it (printed as a note:).
  /// Suppression markers, system headers, excluded paths and duplicates are handled by the engine.
  void report(clang::SourceLocation Loc, clang::SourceRange Flagged, llvm::StringRef Message,
              llvm::StringRef Fix);

  RuleContext &ctx() { return Ctx; }
  clang::ASTContext &ast() { return *Ast; }

private:
  const RuleMeta &Meta;
  RuleContext &Ctx;
  clang::ASTContext *Ast = nullptr;
};

/// Factory signature; each rule file ends with CRA_RULE_FACTORY(ClassName).
using RuleFactory = std::unique_ptr<Rule> (*)(const RuleMeta &, RuleContext &);
#define CRA_RULE_FACTORY(Class)                                                                     \
  std::unique_ptr<::cra::Rule> create##Class(const ::cra::RuleMeta &M, ::cra::RuleContext &C) {    \
    return std::make_unique<Class>(M, C);                                                           \
  }

} // namespace cra

#endif
