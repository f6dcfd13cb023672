//===- Suppress.h - justified suppression markers -------------------------------------------------===//
//
// A finding is suppressed by a comment on its line, or in the run of comment-only lines directly
// above it:   // cra: allow(cred-literal-arg) factory test fixture, never shipped (TICKET-12)
// Several ids (or globs such as cred-*) may be listed, separated by commas. The text after ")" is the
// justification; the CRA technical file needs it, so a marker without one (shorter than the config's
// min-justification) does not suppress and is reported by engine-unjustified-suppression.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_SUPPRESS_H
#define CRA_PLUGIN_SUPPRESS_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
class SourceLocation;
} // namespace clang

namespace cra {

struct SuppressionMarker {
  std::vector<std::string> Ids; ///< ids or globs inside allow(...)
  std::string Reason;           ///< trimmed text after ")", comment terminator removed
  unsigned Column = 0;          ///< 1-based column of "cra:" in the line
};

/// Parses the marker in one source line (the comment may follow code). nullopt when the line has none.
std::optional<SuppressionMarker> parseSuppressionMarker(llvm::StringRef Line);

/// True when the marker names RuleId (exactly or by glob).
bool markerCovers(const SuppressionMarker &M, llvm::StringRef RuleId);

/// True when Line holds nothing but a comment (or the inside of a block comment).
bool isCommentOnlyLine(llvm::StringRef Line);

/// The marker that applies to a finding on Line (1-based) of the buffer Text and names RuleId:
/// the finding's own line first, then the comment-only lines directly above.
std::optional<SuppressionMarker> findMarkerFor(llvm::StringRef Text, unsigned Line, llvm::StringRef RuleId);

} // namespace cra

#endif
