//===- Reporter.h - findings: location mapping, filtering, diagnostics, records -------------------===//
#ifndef CRA_PLUGIN_REPORTER_H
#define CRA_PLUGIN_REPORTER_H

#include "Config.h"
#include "Engine.h"

#include "clang/Basic/SourceLocation.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class CompilerInstance;
class SourceManager;
} // namespace clang

namespace cra {

class Reporter {
public:
  Reporter(clang::CompilerInstance &CI, const EngineOptions &Opts, const EngineConfig &Config,
           FindingCollector *Collector);

  /// Records one finding (see Rule::report). Severity comes from the config or the rule's default.
  void report(const RuleMeta &Meta, clang::SourceLocation Loc, clang::SourceRange Flagged,
              llvm::StringRef Message, llvm::StringRef Fix);

  /// Sorts and de-duplicates, prints diagnostics, hands the TU to the collector and writes the record.
  void finish();

  /// Reports an engine problem as a Clang error (and to the collector).
  void engineError(llvm::StringRef Message);

  /// Tells the config the working directory and source root this TU uses.
  void configurePaths(EngineConfig &C) const;

  /// The absolute, normalised path of the file holding a file location.
  std::string pathOf(clang::SourceLocation FileLoc) const;

private:
  struct Pending {
    Finding F;
    clang::SourceLocation Loc;
  };
  clang::CompilerInstance &CI;
  const EngineOptions &Opts;
  const EngineConfig &Config;
  FindingCollector *Collector;
  std::string Cwd;
  std::string Root;
  std::vector<Pending> Findings;
  std::set<std::tuple<std::string, std::string, unsigned>> Seen; // rule, file, line
};

/// The engine's own rule: a suppression marker without a justification (not in Rules.inc: it has no
/// matcher, the Reporter raises it; docs/rules/engine-unjustified-suppression.md).
extern const RuleMeta UnjustifiedSuppression;

/// Whitespace runs collapsed to one space, trimmed (the text that enters the fingerprint).
std::string normaliseText(llvm::StringRef Text);
/// sha256 hex of Rule, RelPath and NormText separated by NUL bytes.
std::string fingerprint(llvm::StringRef Rule, llvm::StringRef RelPath, llvm::StringRef NormText);

} // namespace cra

#endif
