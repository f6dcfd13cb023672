//===- Runner.h - run the rule engine over translation units, in-process or in worker processes -----===//
#ifndef CRA_CHECKER_RUNNER_H
#define CRA_CHECKER_RUNNER_H

#include "Checker.h"
#include "Engine.h"

namespace cra {
namespace check {

struct RunOptions {
  EngineOptions Engine;      ///< passed to createEngineConsumer (FindingsDir stays empty: see below)
  std::string FindingsDir;   ///< cra-check writes each TU's record here with the engine's writer
  unsigned Jobs = 1;         ///< worker processes; 1 runs in-process
};

/// Analyses every job and returns one result per job, in job order, whatever Jobs is.
///
/// With Jobs > 1 the jobs are shared out to forked worker processes through a counter in shared
/// memory (so a slow TU does not hold up a fixed partition); each worker appends its results to its
/// own temporary file and the parent merges them by index. Processes rather than threads: ClangTool
/// changes the working directory of the whole process for each command, and the engine need not be
/// thread-safe. A worker that dies loses only the TUs it was working on; they are reported.
std::vector<TUResult> runJobs(const std::vector<Job> &Jobs, const RunOptions &Opts);

} // namespace check
} // namespace cra

#endif
