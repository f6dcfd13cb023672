//===- Engine.h - the public entry point of the cra-harden rule engine ----------------------------===//
//
// Used by the Clang plugin (Plugin.cpp) and by cra-check (checker/): both build the same ASTConsumer
// with createEngineConsumer(), so one translation unit gives the same findings in both. The consumer
// runs every enabled rule of Rules.inc, prints Clang-style diagnostics (unless told not to), writes the
// findings record (docs/formats.md) when FindingsDir is set, and hands the findings to an
// optional FindingCollector (cra-check renders them as text/JSON/SARIF).
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_ENGINE_H
#define CRA_PLUGIN_ENGINE_H

#include "RuleBase.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTConsumer;
class CompilerInstance;
} // namespace clang

namespace cra {

/// What the plugin arguments (-fplugin-arg-cra-KEY=VALUE) or cra-check options ask for.
struct EngineOptions {
  /// clang-tidy style globs, applied in order over the default set: "cred-*", "-cred-url-userinfo",
  /// "-*" (nothing), "*" (everything). A positive glob that matches no rule is an error.
  std::vector<std::string> CheckGlobs;
  std::string ConfigFile;  ///< JSON config (docs/plugin.md); empty = none
  std::string FindingsDir; ///< write one findings record per TU here; empty = none
  std::string SourceRoot;  ///< fingerprints use paths relative to this; empty = working directory
  bool WarningsAsErrors = false; ///< report findings as errors (also implied by clang's -Werror)
  bool EmitDiagnostics = true;   ///< print file:line:col: warning: ... [cra-id] through clang
  std::string ToolName = "cra-plugin"; ///< "tool.name" in the findings record
};

/// One finding as recorded (docs/formats.md "cra-findings"). Paths are absolute and normalised.
struct Finding {
  std::string Rule;
  std::vector<int> Cwe;
  std::vector<std::string> Requirements;
  Severity Sev = Severity::Medium;
  std::string File;
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;
  std::string Message;
  std::string Fix;
  std::string Snippet;     ///< the flagged text, whitespace-normalised, at most 200 characters
  std::string Fingerprint; ///< sha256 hex of rule, root-relative path and normalised flagged text
  bool Suppressed = false;
  std::string Justification; ///< the marker's reason when Suppressed
};

/// Every finding of one translation unit, sorted by file, line, column, rule.
struct TranslationUnitFindings {
  std::string File;                  ///< the main source file, absolute
  std::string Directory;             ///< the working directory of the compilation
  std::optional<std::string> Output; ///< the object file; empty under -fsyntax-only
  std::vector<Finding> Findings;
};

/// Receives each translation unit's findings at the end of the TU (cra-check's renderers).
class FindingCollector {
public:
  virtual void onTranslationUnit(const TranslationUnitFindings &TU) = 0;
  /// An engine-level problem (bad config, unreadable sink table): Message is "subject: problem".
  virtual void onError(llvm::StringRef Message) { (void)Message; }
  virtual ~FindingCollector() = default;
};

/// One Rules.inc row with its factory (the engine rule engine-unjustified-suppression included).
struct RuleInfo {
  RuleMeta Meta;
  RuleFactory Factory;
};
/// Every registered rule, sorted by id.
llvm::ArrayRef<RuleInfo> registeredRules();

/// "high" / "medium" / "low".
llvm::StringRef severityName(Severity S);
/// Parses "high" / "medium" / "low".
std::optional<Severity> parseSeverity(llvm::StringRef S);

/// Checks the options before a compilation: globs well-formed and matching, config file readable and
/// valid, sink tables readable, findings directory creatable. Returns false with Error set to
/// "subject: problem" (e.g. "cra.json: unknown key 'rule'").
bool validateOptions(const EngineOptions &Opts, std::string &Error);

/// The rule ids the options enable, sorted (after the config's "enabled" and the globs).
/// Returns false with Error set when the options are invalid.
bool enabledRules(const EngineOptions &Opts, std::vector<std::string> &Ids, std::string &Error);

/// `--list-rules`: one line per rule "id<TAB>severity<TAB>on|off<TAB>CWE-...<TAB>requirements<TAB>summary".
void listRules(llvm::raw_ostream &OS);
/// The registry as JSON (for cra-check --list-rules --format=json and SARIF rule metadata).
llvm::json::Value rulesToJSON();

/// The findings record of one TU (docs/formats.md); key order is sorted by llvm::json.
llvm::json::Value findingsToJSON(const TranslationUnitFindings &TU, llvm::StringRef ToolName);

/// Writes the findings record into Dir atomically (temp file in Dir + rename) under a name derived
/// from the TU's output (or main file) so that parallel builds never collide and a rebuild replaces
/// its own record. Returns false with Error set.
bool writeFindingsRecord(const TranslationUnitFindings &TU, llvm::StringRef ToolName,
                         llvm::StringRef Dir, std::string &Error, std::string *WrittenPath = nullptr);

/// The consumer that runs the rules on one translation unit. Errors in the options are reported as
/// Clang error diagnostics (and to Collector), and the consumer then does nothing.
std::unique_ptr<clang::ASTConsumer> createEngineConsumer(clang::CompilerInstance &CI,
                                                         const EngineOptions &Opts,
                                                         FindingCollector *Collector = nullptr);

/// Parses one plugin argument "key=value" / "key" into Opts. Keys: checks, config, findings, root,
/// werror. Returns false with Error naming the key when it is unknown or malformed.
bool parsePluginArg(llvm::StringRef Arg, EngineOptions &Opts, std::string &Error);

/// The major version parsed from a Clang version string ("Debian clang version 19.1.7 ..." -> 19),
/// or 0 when it has none. Used by the plugin's load-time version guard.
unsigned clangMajorFromVersionString(llvm::StringRef Version);

} // namespace cra

#endif
