//===- CompileDb.h - compile commands from compile_commands.json or `FILE... -- FLAGS` --------------===//
#ifndef CRA_CHECKER_COMPILEDB_H
#define CRA_CHECKER_COMPILEDB_H

#include "Checker.h"

#include "llvm/ADT/ArrayRef.h"

namespace cra {
namespace check {

/// The database file named by `-p ARG`: ARG itself when it is a file, else ARG/compile_commands.json.
std::string compileDbPath(llvm::StringRef Arg);

/// Reads and validates a JSON compilation database. Returns false when the file as a whole is unusable
/// (unreadable, not JSON, not an array): one line was printed. Otherwise every usable entry is appended to
/// Out in file order; each unusable entry (missing or mistyped field, missing directory or source file)
/// got one line naming the file and the problem and is counted in Problems.
bool loadCompileDb(llvm::StringRef Path, std::vector<DbCommand> &Out, unsigned &Problems);

/// The fixed database of `cra-check FILE... -- FLAGS`: one command per file, run in the current
/// directory. Files that do not exist are reported and counted in Problems.
std::vector<DbCommand> fixedCommands(llvm::ArrayRef<std::string> Files, llvm::ArrayRef<std::string> Flags,
                                     llvm::StringRef ClangPath, unsigned &Problems);

/// Keeps the commands whose source is one of Filters, or lies under a Filter that is a directory.
/// Filters are paths relative to the current directory. A filter matching no command is reported
/// (`not in the compilation database`) and counted in Problems.
std::vector<DbCommand> filterCommands(std::vector<DbCommand> Cmds, llvm::ArrayRef<std::string> Filters,
                                      llvm::StringRef DbPath, unsigned &Problems);

/// Absolute, dot-free form of Path, relative paths taken from Base.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base);

} // namespace check
} // namespace cra

#endif
