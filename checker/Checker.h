//===- Checker.h - cra-check's internal interfaces ---------------------------------------------------===//
//
// cra-check is a driver: it reads compile commands, makes them acceptable to clang (FlagAdjust), runs the
// rule engine from plugin/ over each translation unit (Runner) and renders what the engine found (Report).
// It holds no rule logic. Data flows one way: CompileDb -> FlagAdjust -> Runner -> Report.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_CHECKER_CHECKER_H
#define CRA_CHECKER_CHECKER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cra {
namespace check {

/// One compile command as the database (or the fixed `-- FLAGS` form) gives it.
struct DbCommand {
  size_t Entry = 0;              ///< 1-based position in compile_commands.json (0 for the fixed form)
  std::string File;              ///< absolute, normalised path of the main source file
  std::string Directory;         ///< absolute working directory of the compile
  std::string Output;            ///< absolute object path ("output" field or -o), empty when unknown
  std::vector<std::string> Args; ///< argv as recorded, argv[0] being the compiler
};

/// One translation unit to analyse: a DbCommand after FlagAdjust.
struct Job {
  size_t Index = 0; ///< position in the run; results are reported in this order
  DbCommand Cmd;    ///< Args adjusted: argv[0] is clang, GCC-only flags gone, resource dir set
};

/// What analysing one translation unit produced. Everything the report needs travels in here, so a
/// worker process can hand it to the parent as one JSON object (toJSON/fromJSON).
struct TUResult {
  size_t Index = 0;
  bool Ran = false;            ///< the front end ran (possibly with errors)
  unsigned CompileErrors = 0;  ///< errors from the compiler itself, not findings
  std::string FindingsText;    ///< the engine's diagnostics, rendered like clang's
  std::string ErrorsText;      ///< the compiler's error diagnostics, rendered like clang's
  std::string Failure;         ///< why the TU could not be analysed at all ("" when it could)
  llvm::json::Value Record = nullptr; ///< the cra-findings record (docs/formats.md), null when none
};

llvm::json::Value toJSON(const TUResult &R);
bool fromJSON(const llvm::json::Value &V, TUResult &R);

/// "cra-check: subject: problem" on stderr (common/cra_common.h's shape).
void warnLine(llvm::StringRef Subject, llvm::StringRef Problem);

} // namespace check
} // namespace cra

#endif
