//===- Config.h - the user configuration file (JSON, docs/plugin.md) -------------------------------===//
#ifndef CRA_PLUGIN_CONFIG_H
#define CRA_PLUGIN_CONFIG_H

#include "RuleBase.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cra {

/// One rule's entry under "rules".
struct RuleSettings {
  std::optional<bool> Enabled;
  std::optional<Severity> Sev;
  std::map<std::string, std::string> Options; ///< every other key, as a string
};

class EngineConfig : public RuleConfig {
public:
  /// Loads and validates Path (empty = defaults). On error returns false and sets Error to
  /// "path: problem". Unknown keys, unknown rule ids and wrong value types are errors.
  bool load(llvm::StringRef Path, std::string &Error);

  std::string option(llvm::StringRef RuleId, llvm::StringRef Key,
                     llvm::StringRef Default) const override;
  bool isExcludedPath(llvm::StringRef Path) const override;

  const RuleSettings *settings(llvm::StringRef RuleId) const;
  /// Extra sink tables, resolved relative to the config file's directory.
  const std::vector<std::string> &sinkTables() const { return SinkTables; }
  /// Replaces the shipped sink table instead of extending it (config "sinks").
  const std::string &baseSinkTable() const { return BaseSinkTable; }
  unsigned minJustificationLength() const { return MinJustification; }

  /// The compilation's working directory and the source root (set by the engine per TU).
  void setPaths(llvm::StringRef WorkingDir, llvm::StringRef SourceRoot);
  const std::string &workingDir() const { return Cwd; }
  const std::string &sourceRoot() const { return Root; }
  /// Path relative to the source root when it lies below it, else the absolute path.
  std::string rootRelative(llvm::StringRef Path) const;
  /// True when Path (relative to the working directory or absolute) lies below the source root and
  /// its root-relative form matches a "test-paths" glob. Rules that skip test code use it (dummy
  /// credentials in tests are the main false positive of credential scanners).
  bool isTestPath(llvm::StringRef Path) const;
  const std::string &path() const { return Path; }

  /// Keys rules asked for through option() (recorded to detect typos in rule options).
  const std::set<std::pair<std::string, std::string>> &queriedOptions() const { return Queried; }
  /// After every rule was constructed once: an option key no rule read is a typo. Returns false with
  /// Error "path: rules.<id>: unknown option 'key'".
  bool checkUnusedOptions(std::string &Error) const;
  /// True when some rule has options in the file (only then can one be unused).
  bool hasRuleOptions() const;

private:
  /// llvm::GlobPattern keeps a StringRef to its literal prefix ("third_party/" of "third_party/*"),
  /// so the pattern text must outlive the parsed JSON: it lives here (a deque never moves elements).
  llvm::StringRef keepGlobText(llvm::StringRef G);
  std::deque<std::string> GlobText;
  std::string Path;
  std::map<std::string, RuleSettings> Rules;
  std::vector<std::pair<std::string, llvm::GlobPattern>> Excludes;
  std::vector<std::string> SinkTables;
  std::string BaseSinkTable;
  unsigned MinJustification = 10;
  std::vector<llvm::GlobPattern> TestPaths;
  bool TestPathsSet = false;
  std::string Cwd, Root;
  mutable std::set<std::pair<std::string, std::string>> Queried;
};

/// Normalises a path lexically: absolute against Cwd, "." and ".." removed, native separators.
std::string normalisePath(llvm::StringRef Path, llvm::StringRef Cwd);

} // namespace cra

#endif
