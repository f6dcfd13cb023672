//===- Report.cpp - cra-check's outputs: text, the JSON report, SARIF --------------------------------===//
#include "Report.h"

#include "CraCommon.h"

#include "cra_version.h"

#include "llvm/Support/raw_ostream.h"

#ifdef CRA_HAVE_EVIDENCE
#include "ev_model.h"
#include <cstdlib>
#endif


namespace cra {
namespace check {

namespace {
std::vector<Problem> &problemList() {
  static std::vector<Problem> P;
  return P;
}
} // namespace

const std::vector<Problem> &problems() { return problemList(); }

void warnLine(llvm::StringRef Subject, llvm::StringRef Message) {
  std::string S = Subject.str(), M = Message.str();
  cra_warn("%s: %s", S.c_str(), M.c_str());
  problemList().push_back({S, M});
}

Counts countFindings(const std::vector<TUResult> &Results) {
  Counts C;
  for (const TUResult &R : Results) {
    const llvm::json::Object *Rec = R.Record.getAsObject();
    const llvm::json::Array *Fs = Rec ? Rec->getArray("findings") : nullptr;
    if (!Fs)
      continue;
    for (const llvm::json::Value &F : *Fs) {
      const llvm::json::Object *O = F.getAsObject();
      if (!O)
        continue;
      if (O->getBoolean("suppressed").value_or(false)) {
        ++C.Suppressed;
        continue;
      }
      std::optional<Severity> S = parseSeverity(O->getString("severity").value_or("high"));
      ++C.Open[static_cast<int>(S.value_or(Severity::High))];
    }
  }
  return C;
}

llvm::json::Value buildReport(const std::vector<Job> &Jobs, const std::vector<TUResult> &Results) {
  llvm::json::Array Records, Errors;
  unsigned Analysed = 0, Failed = 0;
  for (const Problem &P : problems())
    Errors.push_back(llvm::json::Object{{"file", P.Subject}, {"message", P.Message}});
  for (const TUResult &R : Results) {
    if (!R.Record.getAsNull()) {
      Records.push_back(R.Record);
      ++Analysed;
    }
    // The TU's compile errors and failure are in problems() already: main() named them on stderr.
    if (R.CompileErrors || !R.Failure.empty())
      ++Failed;
  }
  Counts C = countFindings(Results);
  llvm::json::Object Summary{
      {"translation_units", static_cast<int64_t>(Jobs.size())},
      {"analysed", static_cast<int64_t>(Analysed)},
      {"failed", static_cast<int64_t>(Failed)},
      {"findings", static_cast<int64_t>(C.openTotal())},
      {"suppressed", static_cast<int64_t>(C.Suppressed)},
      {"by_severity", llvm::json::Object{{"high", static_cast<int64_t>(C.Open[int(Severity::High)])},
                                         {"medium", static_cast<int64_t>(C.Open[int(Severity::Medium)])},
                                         {"low", static_cast<int64_t>(C.Open[int(Severity::Low)])}}},
      {"errors", static_cast<int64_t>(Errors.size())}};
  return llvm::json::Object{
      {"format", "cra-check"},
      {"version", 1},
      {"tool", llvm::json::Object{{"name", "cra-check"}, {"version", CRA_VERSION}, {"llvm", CRA_LLVM_VERSION_STRING}}},
      {"translation_units", std::move(Records)},
      {"errors", std::move(Errors)},
      {"summary", std::move(Summary)}};
}

#ifdef CRA_HAVE_EVIDENCE
bool haveSarif() { return true; }

bool renderSarif(const std::vector<TUResult> &Results, llvm::StringRef Root, std::string &Out,
                 std::string &Error) {
  std::string RootStr = Root.str();
  ev_options Opts{};
  Opts.producer = "cra-check";
  Opts.root = RootStr.empty() ? nullptr : RootStr.c_str();
  ev_model *M = ev_model_new(&Opts);
  bool Ok = true;
  for (const TUResult &R : Results) {
    if (R.Record.getAsNull())
      continue;
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << R.Record;
    OS.flush();
    cJSON *Doc = cJSON_Parse(Text.c_str());
    if (!Doc) {
      Error = "internal error: a findings record is not valid JSON";
      Ok = false;
      break;
    }
    const llvm::json::Object *Rec = R.Record.getAsObject();
    const llvm::json::Object *TU = Rec ? Rec->getObject("translation_unit") : nullptr;
    std::string Origin = TU ? TU->getString("file").value_or("<translation unit>").str() : "<translation unit>";
    char *Err = nullptr;
    int Problems = ev_model_add_document(M, Doc, Origin.c_str(), &Err);
    cJSON_Delete(Doc);
    if (Problems) {
      Error = std::string("SARIF emitter refused a findings record: ") + (Err ? Err : "unknown problem");
      std::free(Err);
      Ok = false;
      break;
    }
  }
  if (Ok) {
    ev_model_finalize(M);
    char *Sarif = ev_emit_sarif(M);
    Out = Sarif ? Sarif : "";
    std::free(Sarif);
  }
  ev_model_free(M);
  return Ok;
}
#else
bool haveSarif() { return false; }

bool renderSarif(const std::vector<TUResult> &, llvm::StringRef, std::string &, std::string &Error) {
  Error = "this build of cra-check has no SARIF emitter (the evidence library was not built)";
  return false;
}
#endif

} // namespace check
} // namespace cra
