//===- Runner.cpp - run the rule engine over translation units, in-process or in worker processes ---===//
#include "Runner.h"

#include "CraCommon.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cra {
namespace check {

llvm::json::Value toJSON(const TUResult &R) {
  return llvm::json::Object{{"index", static_cast<int64_t>(R.Index)},
                            {"ran", R.Ran},
                            {"compile_errors", static_cast<int64_t>(R.CompileErrors)},
                            {"findings_text", R.FindingsText},
                            {"errors_text", R.ErrorsText},
                            {"failure", R.Failure},
                            {"record", R.Record}};
}

bool fromJSON(const llvm::json::Value &V, TUResult &R) {
  const llvm::json::Object *O = V.getAsObject();
  if (!O)
    return false;
  auto Index = O->getInteger("index");
  auto Ran = O->getBoolean("ran");
  auto Errors = O->getInteger("compile_errors");
  auto FT = O->getString("findings_text");
  auto ET = O->getString("errors_text");
  auto Failure = O->getString("failure");
  const llvm::json::Value *Record = O->get("record");
  if (!Index || *Index < 0 || !Ran || !Errors || !FT || !ET || !Failure || !Record)
    return false;
  R.Index = static_cast<size_t>(*Index);
  R.Ran = *Ran;
  R.CompileErrors = static_cast<unsigned>(*Errors);
  R.FindingsText = FT->str();
  R.ErrorsText = ET->str();
  R.Failure = Failure->str();
  R.Record = *Record;
  return true;
}

namespace {

/// Sends the engine's diagnostics (custom IDs, "... [cra-<rule>]") and their notes to one printer and
/// the compiler's errors to another; the compiler's warnings and remarks are dropped: cra-check reports
/// findings, not the compiler's opinion of the code (that is the build's job).
class SplitConsumer : public clang::DiagnosticConsumer {
public:
  SplitConsumer(TUResult &R)
      : Opts(makeOpts()), FindingsOS(R.FindingsText), ErrorsOS(R.ErrorsText),
        Findings(FindingsOS, Opts.get()), Errors(ErrorsOS, Opts.get()), R(R) {}

  void BeginSourceFile(const clang::LangOptions &LO, const clang::Preprocessor *PP) override {
    Findings.BeginSourceFile(LO, PP);
    Errors.BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    Findings.EndSourceFile();
    Errors.EndSourceFile();
  }
  void finish() override {
    Findings.finish();
    Errors.finish();
    FindingsOS.flush();
    ErrorsOS.flush();
  }

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level, const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level == clang::DiagnosticsEngine::Note) {
      if (Last)
        Last->HandleDiagnostic(Level, Info);
      return;
    }
    Last = nullptr;
    bool Custom = Info.getID() >= clang::diag::DIAG_UPPER_LIMIT;
    if (Custom) {
      llvm::SmallString<128> Msg;
      Info.FormatDiagnostic(Msg);
      bool IsFinding = llvm::StringRef(Msg).contains(" [cra-");
      Last = IsFinding ? &Findings : &Errors;
      if (!IsFinding)
        ++EngineErrors;
    } else if (Level >= clang::DiagnosticsEngine::Error) {
      Last = &Errors;
      ++R.CompileErrors;
    }
    if (Last)
      Last->HandleDiagnostic(Level, Info);
  }

  unsigned EngineErrors = 0;

private:
  static llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> makeOpts() {
    llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> O(new clang::DiagnosticOptions());
    O->ShowColors = false;
    return O;
  }
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> Opts;
  llvm::raw_string_ostream FindingsOS, ErrorsOS;
  clang::TextDiagnosticPrinter Findings, Errors;
  clang::DiagnosticConsumer *Last = nullptr;
  TUResult &R;
};

/// Receives the engine's findings for the TU; the record gets the database's object path, so the
/// evidence merger can tie the findings to the binary as it does for the plugin's records.
class ResultCollector : public FindingCollector {
public:
  ResultCollector(const Job &J, const RunOptions &O, TUResult &R) : J(J), O(O), R(R) {}

  void onTranslationUnit(const TranslationUnitFindings &TU) override {
    TranslationUnitFindings Copy = TU;
    if (!J.Cmd.Output.empty())
      Copy.Output = J.Cmd.Output;
    R.Record = findingsToJSON(Copy, O.Engine.ToolName);
    if (!O.FindingsDir.empty()) {
      std::string Err;
      if (!writeFindingsRecord(Copy, O.Engine.ToolName, O.FindingsDir, Err))
        WriteError = Err;
    }
  }
  void onError(llvm::StringRef Message) override {
    if (EngineError.empty())
      EngineError = Message.str();
  }

  std::string WriteError, EngineError;

private:
  const Job &J;
  const RunOptions &O;
  TUResult &R;
};

class EngineAction : public clang::ASTFrontendAction {
public:
  EngineAction(const EngineOptions &O, FindingCollector *C) : O(O), C(C) {}
  bool BeginInvocation(clang::CompilerInstance &CI) override {
    // CompilerInstance ends each TU with "N warnings generated." on its verbose stream: the count
    // includes the compiler warnings cra-check does not show, and the findings are reported already.
    CI.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
    return true;
  }
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &CI,
                                                        llvm::StringRef) override {
    return createEngineConsumer(CI, O, C);
  }

private:
  const EngineOptions &O;
  FindingCollector *C;
};

class EngineActionFactory : public clang::tooling::FrontendActionFactory {
public:
  EngineActionFactory(const EngineOptions &O, FindingCollector *C) : O(O), C(C) {}
  std::unique_ptr<clang::FrontendAction> create() override { return std::make_unique<EngineAction>(O, C); }

private:
  const EngineOptions &O;
  FindingCollector *C;
};

/// A database of exactly one command: ClangTool then runs that command and nothing else (a file the
/// real database lists twice is two jobs, each with its own flags).
class OneCommandDb : public clang::tooling::CompilationDatabase {
public:
  explicit OneCommandDb(clang::tooling::CompileCommand C) : C(std::move(C)) {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override { return {C}; }
  std::vector<std::string> getAllFiles() const override { return {C.Filename}; }
  std::vector<clang::tooling::CompileCommand> getAllCompileCommands() const override { return {C}; }

private:
  clang::tooling::CompileCommand C;
};

TUResult runOne(const Job &J, const RunOptions &O) {
  TUResult R;
  R.Index = J.Index;
  OneCommandDb Db(clang::tooling::CompileCommand(J.Cmd.Directory, J.Cmd.File, J.Cmd.Args, J.Cmd.Output));
  clang::tooling::ClangTool Tool(Db, {J.Cmd.File});
  Tool.setPrintErrorMessage(false);
  SplitConsumer Diags(R);
  Tool.setDiagnosticConsumer(&Diags);
  ResultCollector Collector(J, O, R);
  EngineOptions EO = O.Engine;
  EO.FindingsDir.clear(); // written by ResultCollector, with the database's object path
  EngineActionFactory Factory(EO, &Collector);
  Tool.run(&Factory);
  Diags.finish();
  R.Ran = !R.Record.getAsNull();
  if (!Collector.EngineError.empty())
    R.Failure = "rule engine: " + Collector.EngineError;
  else if (!Collector.WriteError.empty())
    R.Failure = "cannot write findings record: " + Collector.WriteError;
  else if (!R.Ran && R.CompileErrors == 0)
    R.Failure = "the front end did not run (see the messages above)";
  return R;
}

/// Worker side of -j: claim indices from the shared counter until none are left, append each result
/// as one JSON line to Out. Never returns.
[[noreturn]] void workerMain(const std::vector<Job> &Jobs, const RunOptions &O, std::atomic<size_t> *Next,
                             int OutFD) {
  {
    llvm::raw_fd_ostream Out(OutFD, /*shouldClose=*/true);
    for (;;) {
      size_t I = Next->fetch_add(1);
      if (I >= Jobs.size())
        break;
      TUResult R = runOne(Jobs[I], O);
      Out << toJSON(R) << '\n';
      Out.flush();
    }
  }
  // _exit: no atexit handlers or static destructors of the parent's image, no double-flushed stdio.
  _exit(0);
}

std::string describeStatus(int Status) {
  if (WIFSIGNALED(Status))
    return "worker process killed by signal " + std::to_string(WTERMSIG(Status));
  if (WIFEXITED(Status))
    return "worker process exited with status " + std::to_string(WEXITSTATUS(Status));
  return "worker process ended abnormally";
}

std::vector<TUResult> runParallel(const std::vector<Job> &Jobs, const RunOptions &O) {
  unsigned N = std::min<size_t>(O.Jobs, Jobs.size());
  void *Shared = mmap(nullptr, sizeof(std::atomic<size_t>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                      -1, 0);
  if (Shared == MAP_FAILED) {
    warnLine("-j", std::string("cannot share work between processes: ") + cra_strerror(errno) +
                       "; running in one process");
    std::vector<TUResult> Out;
    for (const Job &J : Jobs)
      Out.push_back(runOne(J, O));
    return Out;
  }
  auto *Next = new (Shared) std::atomic<size_t>(0);

  struct Worker {
    pid_t Pid = -1;
    std::string Path;
    int Status = 0;
  };
  std::vector<Worker> Workers(N);
  llvm::outs().flush();
  llvm::errs().flush();
  std::fflush(nullptr);
  for (Worker &W : Workers) {
    int FD = -1;
    llvm::SmallString<128> Path;
    if (std::error_code EC = llvm::sys::fs::createTemporaryFile("cra-check", "jsonl", FD, Path)) {
      warnLine("-j", std::string("cannot create a temporary file: ") + cra_strerror(EC.value()));
      continue;
    }
    W.Path = std::string(Path);
    pid_t Pid = fork();
    if (Pid == 0)
      workerMain(Jobs, O, Next, FD);
    ::close(FD);
    if (Pid < 0)
      warnLine("-j", std::string("cannot start a worker process: ") + cra_strerror(errno));
    W.Pid = Pid;
  }
  bool AnyWorker = false;
  for (Worker &W : Workers) {
    if (W.Pid <= 0)
      continue;
    AnyWorker = true;
    while (waitpid(W.Pid, &W.Status, 0) < 0 && errno == EINTR) {
    }
  }

  std::vector<TUResult> Out(Jobs.size());
  std::vector<bool> Have(Jobs.size(), false);
  std::string Lost;
  for (Worker &W : Workers) {
    if (W.Path.empty())
      continue;
    if (W.Pid > 0 && !(WIFEXITED(W.Status) && WEXITSTATUS(W.Status) == 0))
      Lost = describeStatus(W.Status);
    auto Buf = llvm::MemoryBuffer::getFile(W.Path, /*IsText=*/true);
    llvm::sys::fs::remove(W.Path);
    if (!Buf)
      continue;
    llvm::SmallVector<llvm::StringRef, 64> Lines;
    (*Buf)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef L : Lines) {
      llvm::Expected<llvm::json::Value> V = llvm::json::parse(L);
      TUResult R;
      if (!V) {
        llvm::consumeError(V.takeError());
        continue; // a line cut short by a dying worker
      }
      if (fromJSON(*V, R) && R.Index < Jobs.size()) {
        size_t I = R.Index;
        Out[I] = std::move(R);
        Have[I] = true;
      }
    }
  }
  // Jobs no worker finished: those a dying worker held, or every job if no worker could start (and the
  // counter was never advanced: run them here).
  size_t Claimed = Next->load();
  munmap(Shared, sizeof(std::atomic<size_t>));
  for (size_t I = 0; I < Jobs.size(); ++I) {
    if (Have[I])
      continue;
    if (!AnyWorker || I >= Claimed) {
      Out[I] = runOne(Jobs[I], O);
      continue;
    }
    Out[I].Index = I;
    Out[I].Failure = "analysis did not complete (" + (Lost.empty() ? std::string("worker process lost") : Lost) + ")";
  }
  return Out;
}

} // namespace

std::vector<TUResult> runJobs(const std::vector<Job> &Jobs, const RunOptions &O) {
  if (O.Jobs > 1 && Jobs.size() > 1)
    return runParallel(Jobs, O);
  std::vector<TUResult> Out;
  Out.reserve(Jobs.size());
  for (const Job &J : Jobs)
    Out.push_back(runOne(J, O));
  return Out;
}

} // namespace check
} // namespace cra
