//===- FlagAdjust.h - make a recorded compile command acceptable to clang ---------------------------===//
//
// compile_commands.json from a GCC build names gcc (or a cross gcc, or a launcher such as ccache) and
// holds flags clang rejects. adjust() turns such a command into the clang command cra-check runs:
//   - launchers (ccache, sccache, distcc, icecc) are removed; the compiler's name decides clang's
//     --driver-mode and --target (arm-linux-gnueabi-gcc -> --target=arm-linux-gnueabi), then argv[0]
//     becomes the pinned clang;
//   - flags clang's driver option table does not know, flags it marks unsupported, -W options naming
//     warnings clang does not have, and values/targets the driver refuses (found by building the driver
//     compilation once per distinct command line) are dropped, and reported;
//   - compiler plugins are dropped (cra-check runs the rules itself; loading cra-plugin.so again would
//     report every finding twice);
//   - -Werror, -Werror=..., -pedantic-errors and -w are removed silently: they only decide how the
//     compiler's own warnings are shown, and cra-check shows none of those (its own --werror governs
//     findings);
//   - -resource-dir=<the resource dir of the clang cra-check was built against> is added unless the
//     command names one (libTooling otherwise derives it from the tool's path: `stddef.h` not found).
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_CHECKER_FLAGADJUST_H
#define CRA_CHECKER_FLAGADJUST_H

#include "Checker.h"

#include <map>
#include <memory>
#include <set>

namespace cra {
namespace check {

/// One flag that was dropped, as written, and why.
struct DroppedFlag {
  std::string Flag;
  std::string Reason;
};

class FlagAdjuster {
public:
  FlagAdjuster(std::string ClangPath, std::string ResourceDir);
  ~FlagAdjuster();

  /// Adjusts C.Args in place (see the file comment); fills C.Output from -o when the database had no
  /// "output". Dropped flags are appended to Dropped (each flag once per command).
  void adjust(DbCommand &C, std::vector<DroppedFlag> &Dropped);

private:
  /// Flags the driver refuses for this command line (bad values, flags for another target), with the
  /// driver's reason; cached per command line without the input file.
  std::vector<DroppedFlag> driverRejects(const std::vector<std::string> &Args, const std::string &File);
  bool knownWarningGroup(llvm::StringRef Group);

  std::string ClangPath;
  std::string ResourceDir;
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace check
} // namespace cra

#endif
