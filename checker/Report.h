//===- Report.h - cra-check's outputs: text, the JSON report, SARIF, and the exit status -------------===//
#ifndef CRA_CHECKER_REPORT_H
#define CRA_CHECKER_REPORT_H

#include "Checker.h"
#include "Engine.h"

namespace cra {
namespace check {

/// An input problem already reported on stderr (also listed in the JSON report's "errors").
struct Problem {
  std::string Subject;
  std::string Message;
};
/// Every problem warnLine() printed so far, in order.
const std::vector<Problem> &problems();

/// Open (unsuppressed) and suppressed findings of all records, counted by severity.
struct Counts {
  unsigned Open[3] = {0, 0, 0}; ///< indexed by cra::Severity
  unsigned Suppressed = 0;
  unsigned openTotal() const { return Open[0] + Open[1] + Open[2]; }
};
Counts countFindings(const std::vector<TUResult> &Results);

/// The JSON report (docs/formats.md): {"format": "cra-check", "version": 1, "tool": ...,
/// "translation_units": [cra-findings records in job order], "errors": [...], "summary": {...}}.
/// The one place the document is built; SARIF is made from the same records.
llvm::json::Value buildReport(const std::vector<Job> &Jobs, const std::vector<TUResult> &Results);

/// SARIF 2.1.0 from the records, through the toolkit's one SARIF emitter (evidence/). Returns false
/// with Error set when this build has no emitter or a record was refused.
bool renderSarif(const std::vector<TUResult> &Results, llvm::StringRef Root, std::string &Out,
                 std::string &Error);
/// True when this build can write SARIF.
bool haveSarif();

} // namespace check
} // namespace cra

#endif
