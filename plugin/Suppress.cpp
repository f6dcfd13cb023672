//===- Suppress.cpp - parsing "// cra: allow(id) reason" markers ---------------------------------===//
#include "Suppress.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/GlobPattern.h"

namespace cra {

std::optional<SuppressionMarker> parseSuppressionMarker(llvm::StringRef Line) {
  // The marker must sit in a comment: "//" or "/*" before it on the line.
  size_t Pos = Line.find("cra:");
  while (Pos != llvm::StringRef::npos) {
    llvm::StringRef Before = Line.take_front(Pos);
    size_t Slash = Before.rfind("//");
    size_t Block = Before.rfind("/*");
    bool InComment = (Slash != llvm::StringRef::npos && Before.drop_front(Slash + 2).trim().empty()) ||
                     (Block != llvm::StringRef::npos && Before.drop_front(Block + 2).trim().empty()) ||
                     (Before.trim() == "*"); // continuation line of a block comment
    llvm::StringRef Rest = Line.drop_front(Pos + 4).ltrim();
    if (InComment && Rest.consume_front("allow")) {
      Rest = Rest.ltrim();
      if (Rest.consume_front("(")) {
        size_t Close = Rest.find(')');
        if (Close != llvm::StringRef::npos) {
          SuppressionMarker M;
          M.Column = static_cast<unsigned>(Pos + 1);
          llvm::SmallVector<llvm::StringRef, 4> Ids;
          Rest.take_front(Close).split(Ids, ',', -1, /*KeepEmpty=*/false);
          for (llvm::StringRef Id : Ids)
            if (!Id.trim().empty())
              M.Ids.push_back(Id.trim().str());
          llvm::StringRef Reason = Rest.drop_front(Close + 1).trim();
          if (Reason.ends_with("*/"))
            Reason = Reason.drop_back(2).rtrim();
          // Allow "-- reason", ": reason" and "- reason" separators.
          Reason = Reason.ltrim(":-\xe2\x80\x94 \t").rtrim();
          M.Reason = Reason.str();
          return M;
        }
      }
    }
    Pos = Line.find("cra:", Pos + 4);
  }
  return std::nullopt;
}

bool markerCovers(const SuppressionMarker &M, llvm::StringRef RuleId) {
  for (const std::string &Id : M.Ids) {
    if (Id == RuleId)
      return true;
    if (llvm::StringRef(Id).find_first_of("*?[") != llvm::StringRef::npos) {
      llvm::Expected<llvm::GlobPattern> G = llvm::GlobPattern::create(Id);
      if (G && G->match(RuleId))
        return true;
      if (!G)
        llvm::consumeError(G.takeError());
    }
  }
  return false;
}

bool isCommentOnlyLine(llvm::StringRef Line) {
  llvm::StringRef T = Line.trim();
  return T.starts_with("//") || T.starts_with("/*") || T.starts_with("*");
}

std::optional<SuppressionMarker> findMarkerFor(llvm::StringRef Text, unsigned Line, llvm::StringRef RuleId) {
  if (Line == 0)
    return std::nullopt;
  // Split lazily: find the start of each line up to Line.
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  llvm::StringRef Rest = Text;
  for (unsigned I = 1; I <= Line && !Rest.empty(); ++I) {
    auto [L, R] = Rest.split('\n');
    Lines.push_back(L.rtrim("\r"));
    Rest = R;
  }
  if (Lines.size() < Line)
    return std::nullopt;
  if (auto M = parseSuppressionMarker(Lines[Line - 1]); M && markerCovers(*M, RuleId))
    return M;
  for (unsigned I = Line - 1; I >= 1; --I) {
    llvm::StringRef L = Lines[I - 1];
    if (!isCommentOnlyLine(L))
      break;
    if (auto M = parseSuppressionMarker(L); M && markerCovers(*M, RuleId))
      return M;
  }
  return std::nullopt;
}

} // namespace cra
