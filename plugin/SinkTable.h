//===- SinkTable.h - data/sinks.tsv loaded (docs/formats.md "Sink table") -------------------------===//
#ifndef CRA_PLUGIN_SINKTABLE_H
#define CRA_PLUGIN_SINKTABLE_H

#include "RuleBase.h"

#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace cra {

class SinkTableImpl : public SinkTable {
public:
  /// Appends the rows of one TSV file. On error returns false with Error "path:line: problem".
  bool loadFile(llvm::StringRef Path, std::string &Error);
  /// Parses TSV text (Name is used in messages).
  bool loadText(llvm::StringRef Text, llvm::StringRef Name, std::string &Error);

  std::vector<const SinkRow *> lookup(llvm::StringRef Function, llvm::StringRef Kind = "") const override;
  std::vector<const SinkRow *> rowsOfKind(llvm::StringRef Kind) const override;
  size_t size() const { return Rows.size(); }

private:
  std::vector<std::unique_ptr<SinkRow>> Rows; // file order
  llvm::StringMap<std::vector<const SinkRow *>> ByFunction;
};

/// Where the shipped sinks.tsv is: next to the installed binary (prefix/share/cra-harden), in the
/// install prefix, or in the source tree this build came from. Empty when none exists.
std::string findDefaultSinkTable();

/// The kinds docs/formats.md allows.
bool isKnownSinkKind(llvm::StringRef Kind);

} // namespace cra

#endif
