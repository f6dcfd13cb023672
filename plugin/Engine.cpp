//===- Engine.cpp - running the rules over one translation unit ----------------------------------===//
#include "Engine.h"
#include "AstUtil.h"
#include "Config.h"
#include "Reporter.h"
#include "SharedMatchers.h"
#include "SinkTable.h"

#include "cra_version.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <map>

namespace cra {

namespace {

/// The context every rule of one TU shares; also routes Rule::report to the Reporter.
class EngineContext : public RuleContext {
public:
  EngineContext(const SinkTableImpl &Sinks, const EngineConfig &Config) : Sinks(Sinks), Config(Config) {}
  const SinkTable &sinks() const override { return Sinks; }
  const RuleConfig &config() const override { return Config; }
  Reporter *Rep = nullptr;

private:
  const SinkTableImpl &Sinks;
  const EngineConfig &Config;
};

bool globMatches(llvm::StringRef Glob, llvm::StringRef Id, std::string &Error) {
  llvm::Expected<llvm::GlobPattern> G = llvm::GlobPattern::create(Glob);
  if (!G) {
    Error = ("checks: bad glob '" + Glob + "': " + llvm::toString(G.takeError())).str();
    return false;
  }
  return G->match(Id);
}

/// Loads config + sink tables. Returns false with Error set.
bool loadInputs(const EngineOptions &Opts, EngineConfig &Config, SinkTableImpl &Sinks, std::string &Error) {
  if (!Config.load(Opts.ConfigFile, Error))
    return false;
  std::string Base = Config.baseSinkTable();
  if (Base.empty())
    Base = findDefaultSinkTable();
  if (Base.empty()) {
    Error = "sinks.tsv: not found (looked beside the binary, in " CRA_SOURCE_DIR "/data and in the install "
            "prefix); name one with \"sinks\" in the config file";
    return false;
  }
  if (!Sinks.loadFile(Base, Error))
    return false;
  for (const std::string &T : Config.sinkTables())
    if (!Sinks.loadFile(T, Error))
      return false;
  // Construct every rule once: rules read their options in the constructor, so an option key no rule
  // asked for is a typo in the config. Without options there is nothing to find, and the plugin pays
  // this once per translation unit.
  if (!Config.hasRuleOptions())
    return true;
  EngineContext Ctx(Sinks, Config);
  for (const RuleInfo &R : registeredRules())
    (void)R.Factory(R.Meta, Ctx);
  return Config.checkUnusedOptions(Error);
}

bool selectRules(const EngineOptions &Opts, const EngineConfig &Config, std::vector<const RuleInfo *> &Out,
                 std::string &Error) {
  std::map<std::string, bool> On;
  for (const RuleInfo &R : registeredRules()) {
    bool E = R.Meta.DefaultOn;
    if (const RuleSettings *S = Config.settings(R.Meta.Id); S && S->Enabled)
      E = *S->Enabled;
    On[R.Meta.Id] = E;
  }
  for (const std::string &Raw : Opts.CheckGlobs) {
    llvm::StringRef G = llvm::StringRef(Raw).trim();
    if (G.empty())
      continue;
    bool Enable = !G.consume_front("-");
    bool Any = false;
    for (auto &KV : On) {
      std::string E;
      bool M = globMatches(G, KV.first, E);
      if (!E.empty()) {
        Error = E;
        return false;
      }
      if (M) {
        KV.second = Enable;
        Any = true;
      }
    }
    if (!Any && Enable) {
      Error = ("checks: '" + G + "' matches no rule (see --list-rules)").str();
      return false;
    }
  }
  for (const RuleInfo &R : registeredRules())
    if (On[R.Meta.Id])
      Out.push_back(&R);
  return true;
}

class EngineConsumer : public clang::ASTConsumer {
public:
  EngineConsumer(clang::CompilerInstance &CI, const EngineOptions &O, FindingCollector *Collector)
      : CI(CI), Opts(O), Ctx(Sinks, Config) {
    Rep = std::make_unique<Reporter>(CI, Opts, Config, Collector);
    Ctx.Rep = Rep.get();
    Rep->configurePaths(Config);
    std::string Error;
    std::vector<const RuleInfo *> Selected;
    if (!loadInputs(Opts, Config, Sinks, Error) || !selectRules(Opts, Config, Selected, Error)) {
      Rep->engineError(Error);
      Broken = true;
      return;
    }
    for (const RuleInfo *R : Selected) {
      Rules.push_back(R->Factory(R->Meta, Ctx));
      Rules.back()->registerMatchers(Shared);
      // The preprocessor exists when the consumer is created and parsing has not started.
      if (CI.hasPreprocessor())
        Rules.back()->registerPPCallbacks(CI.getPreprocessor());
    }
  }

  void HandleTranslationUnit(clang::ASTContext &Ast) override {
    if (Broken)
      return;
    for (auto &R : Rules)
      R->setASTContext(&Ast);
    // Traverse only declarations the user wrote: system headers are skipped (and cost most of the
    // traversal time for small files including large SDK headers).
    const clang::SourceManager &SM = Ast.getSourceManager();
    std::vector<clang::Decl *> Scope;
    for (clang::Decl *D : Ast.getTranslationUnitDecl()->decls()) {
      clang::SourceLocation L = D->getLocation();
      if (L.isInvalid() || SM.isInSystemHeader(SM.getFileLoc(L)))
        continue;
      Scope.push_back(D);
    }
    std::vector<clang::Decl *> Saved = Ast.getTraversalScope();
    Ast.setTraversalScope(Scope);
    ast::resetTranslationUnitCaches();
    Shared.walk(Ast);
    for (auto &R : Rules)
      R->onEndOfTranslationUnit(Ast);
    Ast.setTraversalScope(Saved);
    ast::resetTranslationUnitCaches();
    Rep->finish();
    for (auto &R : Rules)
      R->setASTContext(nullptr);
  }

private:
  clang::CompilerInstance &CI;
  EngineOptions Opts;
  EngineConfig Config;
  SinkTableImpl Sinks;
  EngineContext Ctx;
  std::unique_ptr<Reporter> Rep;
  std::vector<std::unique_ptr<Rule>> Rules;
  SharedMatchers Shared;
  bool Broken = false;
};

} // namespace

void Rule::report(clang::SourceLocation Loc, clang::SourceRange Flagged, llvm::StringRef Message,
                  llvm::StringRef Fix) {
  auto &E = static_cast<EngineContext &>(Ctx);
  if (E.Rep)
    E.Rep->report(Meta, Loc, Flagged, Message, Fix);
}

bool validateOptions(const EngineOptions &Opts, std::string &Error) {
  EngineConfig Config;
  SinkTableImpl Sinks;
  std::vector<const RuleInfo *> Selected;
  if (!loadInputs(Opts, Config, Sinks, Error) || !selectRules(Opts, Config, Selected, Error))
    return false;
  if (!Opts.FindingsDir.empty()) {
    if (std::error_code EC = llvm::sys::fs::create_directories(Opts.FindingsDir)) {
      Error = Opts.FindingsDir + ": cannot create findings directory: " + EC.message();
      return false;
    }
  }
  return true;
}

bool enabledRules(const EngineOptions &Opts, std::vector<std::string> &Ids, std::string &Error) {
  EngineConfig Config;
  if (!Config.load(Opts.ConfigFile, Error))
    return false;
  std::vector<const RuleInfo *> Selected;
  if (!selectRules(Opts, Config, Selected, Error))
    return false;
  for (const RuleInfo *R : Selected)
    Ids.push_back(R->Meta.Id);
  return true;
}

void listRules(llvm::raw_ostream &OS) {
  for (const RuleInfo &R : registeredRules()) {
    std::string Cwe;
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    llvm::StringRef(R.Meta.Cwe).split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts)
      Cwe += (Cwe.empty() ? "CWE-" : ",CWE-") + P.trim().str();
    OS << R.Meta.Id << '\t' << severityName(R.Meta.DefaultSeverity) << '\t' << (R.Meta.DefaultOn ? "on" : "off")
       << '\t' << Cwe << '\t' << R.Meta.Requirements << '\t' << R.Meta.Summary << '\n';
  }
}

llvm::json::Value rulesToJSON() {
  llvm::json::Array A;
  for (const RuleInfo &R : registeredRules()) {
    llvm::json::Array Cwe, Req;
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    llvm::StringRef(R.Meta.Cwe).split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts) {
      int N;
      if (!P.trim().getAsInteger(10, N))
        Cwe.push_back(N);
    }
    Parts.clear();
    llvm::StringRef(R.Meta.Requirements).split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts)
      Req.push_back(P.trim().str());
    A.push_back(llvm::json::Object{{"id", R.Meta.Id},
                                   {"severity", severityName(R.Meta.DefaultSeverity).str()},
                                   {"default_on", R.Meta.DefaultOn},
                                   {"cwe", std::move(Cwe)},
                                   {"requirements", std::move(Req)},
                                   {"summary", R.Meta.Summary}});
  }
  return llvm::json::Value(std::move(A));
}

llvm::json::Value findingsToJSON(const TranslationUnitFindings &TU, llvm::StringRef ToolName) {
  llvm::json::Array Fs;
  for (const Finding &F : TU.Findings) {
    llvm::json::Array Cwe, Req;
    for (int C : F.Cwe)
      Cwe.push_back(C);
    for (const std::string &R : F.Requirements)
      Req.push_back(R);
    Fs.push_back(llvm::json::Object{
        {"rule", F.Rule},
        {"cwe", std::move(Cwe)},
        {"requirements", std::move(Req)},
        {"severity", severityName(F.Sev).str()},
        {"file", F.File},
        {"line", static_cast<int64_t>(F.Line)},
        {"column", static_cast<int64_t>(F.Column)},
        {"end_line", static_cast<int64_t>(F.EndLine)},
        {"end_column", static_cast<int64_t>(F.EndColumn)},
        {"message", F.Message},
        {"fix", F.Fix},
        {"snippet", F.Snippet},
        {"fingerprint", F.Fingerprint},
        {"suppressed", F.Suppressed},
        {"justification", F.Suppressed ? llvm::json::Value(F.Justification) : llvm::json::Value(nullptr)},
    });
  }
  llvm::json::Object TUObj{{"file", TU.File},
                           {"directory", TU.Directory},
                           {"output", TU.Output ? llvm::json::Value(*TU.Output) : llvm::json::Value(nullptr)}};
  return llvm::json::Object{
      {"format", "cra-findings"},
      {"version", 1},
      {"tool", llvm::json::Object{{"name", ToolName.str()}, {"version", CRA_VERSION}, {"llvm", CRA_LLVM_VERSION_STRING}}},
      {"translation_unit", std::move(TUObj)},
      {"findings", std::move(Fs)},
  };
}

bool writeFindingsRecord(const TranslationUnitFindings &TU, llvm::StringRef ToolName, llvm::StringRef Dir,
                         std::string &Error, std::string *WrittenPath) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    Error = (Dir + ": cannot create findings directory: " + EC.message()).str();
    return false;
  }
  // One record per output: the name is the main file's base name plus a hash of the output (or, under
  // -fsyntax-only, of the main file and the tool), so a rebuild replaces its own record and two
  // compilations never share one.
  std::string Key = TU.Output ? *TU.Output : TU.File + "\n" + ToolName.str() + "\nsyntax-only";
  std::array<uint8_t, 32> D = llvm::SHA256::hash(llvm::arrayRefFromStringRef(Key));
  std::string Hex = llvm::toHex(llvm::ArrayRef<uint8_t>(D.data(), 12), /*LowerCase=*/true);
  std::string Base = (llvm::sys::path::filename(TU.File) + "-" + Hex + ".json").str();
  llvm::SmallString<256> Final(Dir);
  llvm::sys::path::append(Final, Base);
  llvm::SmallString<256> Model(Dir);
  llvm::sys::path::append(Model, "." + Base + ".%%%%%%%%.tmp");
  int FD;
  llvm::SmallString<256> Tmp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Tmp)) {
    Error = (Final + ": cannot create temporary file: " + EC.message()).str();
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << llvm::formatv("{0:2}", findingsToJSON(TU, ToolName)) << "\n";
    OS.flush();
    if (OS.has_error()) {
      Error = (Tmp + ": write failed: " + OS.error().message()).str();
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Final)) {
    Error = (Final + ": cannot rename temporary file: " + EC.message()).str();
    llvm::sys::fs::remove(Tmp);
    return false;
  }
  if (WrittenPath)
    *WrittenPath = std::string(Final);
  return true;
}

std::unique_ptr<clang::ASTConsumer> createEngineConsumer(clang::CompilerInstance &CI, const EngineOptions &Opts,
                                                         FindingCollector *Collector) {
  return std::make_unique<EngineConsumer>(CI, Opts, Collector);
}

bool parsePluginArg(llvm::StringRef Arg, EngineOptions &Opts, std::string &Error) {
  auto [Key, Value] = Arg.split('=');
  bool HasValue = Arg.contains('=');
  auto needValue = [&]() {
    if (HasValue && !Value.empty())
      return true;
    Error = ("plugin argument '" + Key + "' needs a value: -fplugin-arg-cra-" + Key + "=...").str();
    return false;
  };
  if (Key == "checks") {
    if (!needValue())
      return false;
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    Value.split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts)
      Opts.CheckGlobs.push_back(P.trim().str());
    return true;
  }
  if (Key == "config") {
    if (!needValue())
      return false;
    Opts.ConfigFile = Value.str();
    return true;
  }
  if (Key == "findings") {
    if (!needValue())
      return false;
    Opts.FindingsDir = Value.str();
    return true;
  }
  if (Key == "root") {
    if (!needValue())
      return false;
    Opts.SourceRoot = Value.str();
    return true;
  }
  if (Key == "werror") {
    if (!HasValue || Value == "1" || Value == "true" || Value == "yes") {
      Opts.WarningsAsErrors = true;
      return true;
    }
    if (Value == "0" || Value == "false" || Value == "no") {
      Opts.WarningsAsErrors = false;
      return true;
    }
    Error = ("plugin argument 'werror' takes no value or one of 1/0/true/false, not '" + Value + "'").str();
    return false;
  }
  Error = ("unknown plugin argument '" + Key + "' (known: checks, config, findings, root, werror)").str();
  return false;
}

unsigned clangMajorFromVersionString(llvm::StringRef Version) {
  size_t P = Version.find("version ");
  if (P == llvm::StringRef::npos)
    return 0;
  llvm::StringRef Rest = Version.drop_front(P + 8);
  unsigned N = 0;
  if (Rest.consumeInteger(10, N))
    return 0;
  return N;
}

} // namespace cra
