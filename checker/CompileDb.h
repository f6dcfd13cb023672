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
/// The sources named on the command line with -p: files, or directories holding them, as paths relative
/// to the current directory. No filter at all selects every command.
class SourceFilter {
public:
  explicit SourceFilter(llvm::ArrayRef<std::string> Filters);
  /// Whether the command compiling AbsFile is selected: AbsFile is one of the files, or lies under one of
  /// the directories. Marks the filters that matched.
  bool matches(llvm::StringRef AbsFile);
  /// One line (`not in the compilation database`) and one problem for each filter that matched nothing.
  void reportUnmatched(llvm::StringRef DbPath, unsigned &Problems) const;

private:
  struct Filter {
    std::string Name, Key;
    bool IsDir;
    bool Used = false;
  };
  std::vector<Filter> Fs;
};

/// With Want, only the entries it selects are turned into commands (the rest are still validated): a
/// database of thousands of entries costs little when one file is asked for.
bool loadCompileDb(llvm::StringRef Path, std::vector<DbCommand> &Out, unsigned &Problems,
                   SourceFilter *Want = nullptr);

/// The fixed database of `cra-check FILE... -- FLAGS`: one command per file, run in the current
/// directory. Files that do not exist are reported and counted in Problems.
std::vector<DbCommand> fixedCommands(llvm::ArrayRef<std::string> Files, llvm::ArrayRef<std::string> Flags,
                                     llvm::StringRef ClangPath, unsigned &Problems);


/// Absolute, dot-free form of Path, relative paths taken from Base.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base);

} // namespace check
} // namespace cra

#endif
