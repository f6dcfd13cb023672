//===- Registry.cpp - Rules.inc expanded into the rule table ---------------------------------------===//
#include "Engine.h"

#include <algorithm>

namespace cra {

// Each rule file defines create<Class>() with CRA_RULE_FACTORY(Class) at namespace cra scope.
#define RULE(Class, Id, Sev, On, Cwe, Req, Summary)                                                 \
  std::unique_ptr<Rule> create##Class(const RuleMeta &, RuleContext &);
#include "Rules.inc"
#undef RULE

namespace {
// Rules.inc may spell severities "High" or "Severity::High".
[[maybe_unused]] constexpr Severity High = Severity::High;
[[maybe_unused]] constexpr Severity Medium = Severity::Medium;
[[maybe_unused]] constexpr Severity Low = Severity::Low;

std::vector<RuleInfo> buildTable() {
  std::vector<RuleInfo> Table = {
#define RULE(Class, Id, Sev, On, Cwe, Req, Summary)                                                 \
  RuleInfo{RuleMeta{Id, Sev, On, Cwe, Req, Summary}, &create##Class},
#include "Rules.inc"
#undef RULE
  };
  // The meta test keeps Rules.inc sorted; sort anyway so the engine never depends on it.
  std::stable_sort(Table.begin(), Table.end(), [](const RuleInfo &A, const RuleInfo &B) {
    return llvm::StringRef(A.Meta.Id) < llvm::StringRef(B.Meta.Id);
  });
  return Table;
}
} // namespace

llvm::ArrayRef<RuleInfo> registeredRules() {
  static const std::vector<RuleInfo> Table = buildTable();
  return Table;
}

llvm::StringRef severityName(Severity S) {
  switch (S) {
  case Severity::High:
    return "high";
  case Severity::Medium:
    return "medium";
  case Severity::Low:
    return "low";
  }
  return "medium";
}

std::optional<Severity> parseSeverity(llvm::StringRef S) {
  if (S == "high")
    return Severity::High;
  if (S == "medium")
    return Severity::Medium;
  if (S == "low")
    return Severity::Low;
  return std::nullopt;
}

} // namespace cra
