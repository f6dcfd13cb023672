//===- CompileDb.cpp - compile commands from compile_commands.json or `FILE... -- FLAGS` ------------===//
//
// The database is validated here, entry by entry, before libTooling sees it: JSONCompilationDatabase
// rejects a whole file for one bad entry with a message that names neither the entry nor the file, and
// ClangTool aborts the process (report_fatal_error) on a "directory" that does not exist. Entries that
// pass are handed to JSONCompilationDatabase so "command" strings are split exactly as every clang tool
// splits them.
//
//===----------------------------------------------------------------------------------------------===//
#include "CompileDb.h"

#include "CraCommon.h"
#include "JsonDepth.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace cra {
namespace check {

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    llvm::SmallString<256> B(Base);
    if (B.empty())
      llvm::sys::fs::current_path(B);
    llvm::sys::path::append(B, P);
    P = B;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string compileDbPath(llvm::StringRef Arg) {
  if (llvm::sys::fs::is_directory(Arg)) {
    llvm::SmallString<256> P(Arg);
    llvm::sys::path::append(P, "compile_commands.json");
    return std::string(P);
  }
  return std::string(Arg);
}

namespace {

/// The key two paths are compared by: the real path when the file exists (symlinks, `..`), else the
/// normalised absolute path.
std::string pathKey(llvm::StringRef Abs) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

std::string entryWhere(llvm::StringRef DbPath, size_t Entry) {
  return (llvm::Twine(DbPath) + ": entry " + llvm::Twine(Entry)).str();
}

} // namespace

bool loadCompileDb(llvm::StringRef Path, std::vector<DbCommand> &Out, unsigned &Problems, SourceFilter *Want) {
  if (llvm::sys::fs::exists(Path) && !llvm::sys::fs::is_regular_file(Path)) {
    warnLine(Path, "not a regular file");
    return false;
  }
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    warnLine(Path, cra_strerror(Buf.getError().value())); // the tools' wording: "no such file or directory"
    return false;
  }
  if (jsonNestsTooDeep((*Buf)->getBuffer())) {
    warnLine(Path, "invalid JSON: nested more than " + std::to_string(MaxJsonDepth) + " levels deep");
    return false;
  }
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse((*Buf)->getBuffer());
  if (!Doc) {
    warnLine(Path, "invalid JSON: " + llvm::toString(Doc.takeError()));
    return false;
  }
  const llvm::json::Array *Entries = Doc->getAsArray();
  if (!Entries) {
    warnLine(Path, "not a compilation database (the top level is not a JSON array)");
    return false;
  }

  // Pass 1: validate each entry; keep the good ones in a clean array for JSONCompilationDatabase.
  llvm::json::Array Good;
  std::vector<DbCommand> Meta;
  size_t N = 0;
  for (const llvm::json::Value &E : *Entries) {
    ++N;
    const llvm::json::Object *O = E.getAsObject();
    if (!O) {
      warnLine(entryWhere(Path, N), "not a JSON object");
      ++Problems;
      continue;
    }
    auto Dir = O->getString("directory");
    auto File = O->getString("file");
    const llvm::json::Value *Cmd = O->get("command");
    const llvm::json::Value *Argv = O->get("arguments");
    const char *Missing = nullptr;
    if (!Dir)
      Missing = O->get("directory") ? "\"directory\" is not a string" : "missing \"directory\"";
    else if (!File)
      Missing = O->get("file") ? "\"file\" is not a string" : "missing \"file\"";
    else if (!Cmd && !Argv)
      Missing = "missing \"command\" or \"arguments\"";
    else if (Argv && !Argv->getAsArray())
      Missing = "\"arguments\" is not an array";
    else if (!Argv && !Cmd->getAsString())
      Missing = "\"command\" is not a string";
    if (!Missing && Argv) {
      for (const llvm::json::Value &A : *Argv->getAsArray())
        if (!A.getAsString())
          Missing = "\"arguments\" holds a value that is not a string";
      if (!Missing && Argv->getAsArray()->empty())
        Missing = "\"arguments\" is empty";
    }
    if (Missing) {
      warnLine(entryWhere(Path, N), Missing);
      ++Problems;
      continue;
    }
    llvm::SmallString<256> DbDir(Path);
    llvm::sys::path::remove_filename(DbDir);
    std::string AbsDir = absolutePath(*Dir, DbDir);
    if (!llvm::sys::fs::is_directory(AbsDir)) {
      warnLine(AbsDir, ("compile directory not found (" + entryWhere(Path, N) + ")"));
      ++Problems;
      continue;
    }
    std::string AbsFile = absolutePath(*File, AbsDir);
    // Matched before the file checks: a selected source that is missing is reported as missing, not
    // also as absent from the database.
    bool Selected = !Want || Want->matches(AbsFile);
    if (!llvm::sys::fs::exists(AbsFile)) {
      warnLine(AbsFile, ("source file not found (" + entryWhere(Path, N) + ")"));
      ++Problems;
      continue;
    }
    if (!llvm::sys::fs::is_regular_file(AbsFile)) {
      // A FIFO would block the parser forever; a device never ends.
      warnLine(AbsFile, ("not a regular file (" + entryWhere(Path, N) + ")"));
      ++Problems;
      continue;
    }
    if (!Selected)
      continue;
    DbCommand C;
    C.Entry = N;
    C.File = AbsFile;
    C.Directory = AbsDir;
    if (auto Output = O->getString("output"))
      C.Output = absolutePath(*Output, AbsDir);
    Meta.push_back(std::move(C));
    llvm::json::Object Clean{{"directory", AbsDir}, {"file", AbsFile}};
    if (Argv)
      Clean["arguments"] = *Argv;
    else
      Clean["command"] = *Cmd;
    Good.push_back(std::move(Clean));
  }
  if (Good.empty())
    return true;

  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::json::Value(std::move(Good));
  OS.flush();
  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
      Text, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db) {
    // Every entry was validated above, so this is a bug rather than bad input.
    warnLine(Path, "internal error: validated database rejected by libTooling: " + Err);
    return false;
  }
  std::vector<clang::tooling::CompileCommand> All = Db->getAllCompileCommands();
  if (All.size() != Meta.size()) {
    warnLine(Path, "internal error: libTooling returned a different number of commands");
    return false;
  }
  for (size_t I = 0; I < All.size(); ++I) {
    if (All[I].CommandLine.empty()) {
      warnLine(entryWhere(Path, Meta[I].Entry), "empty \"command\"");
      ++Problems;
      continue;
    }
    Meta[I].Args = std::move(All[I].CommandLine);
    Out.push_back(std::move(Meta[I]));
  }
  return true;
}

std::vector<DbCommand> fixedCommands(llvm::ArrayRef<std::string> Files, llvm::ArrayRef<std::string> Flags,
                                     llvm::StringRef ClangPath, unsigned &Problems) {
  std::vector<DbCommand> Out;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  for (const std::string &F : Files) {
    std::string Abs = absolutePath(F, Cwd);
    if (!llvm::sys::fs::exists(Abs)) {
      warnLine(F, "no such file");
      ++Problems;
      continue;
    }
    if (llvm::sys::fs::is_directory(Abs)) {
      warnLine(F, "is a directory (name source files, or use -p BUILD_DIR)");
      ++Problems;
      continue;
    }
    if (!llvm::sys::fs::is_regular_file(Abs)) {
      warnLine(F, "not a regular file");
      ++Problems;
      continue;
    }
    DbCommand C;
    C.File = Abs;
    C.Directory = std::string(Cwd);
    C.Args.push_back(std::string(ClangPath));
    C.Args.insert(C.Args.end(), Flags.begin(), Flags.end());
    C.Args.push_back(Abs);
    Out.push_back(std::move(C));
  }
  return Out;
}

SourceFilter::SourceFilter(llvm::ArrayRef<std::string> Filters) {
  for (const std::string &F : Filters) {
    std::string Abs = absolutePath(F, "");
    Fs.push_back({F, pathKey(Abs), llvm::sys::fs::is_directory(Abs)});
  }
}

bool SourceFilter::matches(llvm::StringRef AbsFile) {
  if (Fs.empty())
    return true;
  std::string Key = pathKey(AbsFile);
  bool Keep = false;
  for (Filter &F : Fs) {
    bool Match = F.IsDir ? llvm::StringRef(Key).starts_with(F.Key + "/") : Key == F.Key;
    if (Match) {
      F.Used = true;
      Keep = true;
    }
  }
  return Keep;
}

void SourceFilter::reportUnmatched(llvm::StringRef DbPath, unsigned &Problems) const {
  for (const Filter &F : Fs)
    if (!F.Used) {
      warnLine(F.Name, ("not in the compilation database " + DbPath).str());
      ++Problems;
    }
}

} // namespace check
} // namespace cra
