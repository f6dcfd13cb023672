//===- Config.cpp - loading and validating the JSON configuration ---------------------------------===//
#include "Config.h"
#include "Engine.h"
#include "JsonDepth.h"

#include "llvm/Support/FileSystem.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace cra {

std::string normalisePath(llvm::StringRef Path, llvm::StringRef Cwd) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P) && !Cwd.empty()) {
    llvm::SmallString<256> Abs(Cwd);
    llvm::sys::path::append(Abs, P);
    P = Abs;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  llvm::sys::path::native(P);
  return std::string(P);
}

namespace {
bool fail(std::string &Error, llvm::StringRef Path, const llvm::Twine &Msg) {
  Error = (Path + ": " + Msg).str();
  return false;
}

bool ruleExists(llvm::StringRef Id) {
  for (const RuleInfo &R : registeredRules())
    if (Id == R.Meta.Id)
      return true;
  return false;
}
} // namespace

llvm::StringRef EngineConfig::keepGlobText(llvm::StringRef G) {
  GlobText.push_back(G.str());
  return GlobText.back();
}

bool EngineConfig::load(llvm::StringRef P, std::string &Error) {
  Path = P.str();
  for (const char *G : {"test/*", "tests/*", "*/test/*", "*/tests/*", "testing/*", "*/testing/*", "unittests/*",
                        "*/unittests/*", "*_test.c", "*_test.cc", "*_test.cpp", "*_tests.c", "*_unittest.cc",
                        "test_*.c", "*/test_*.c"})
    TestPaths.push_back(llvm::cantFail(llvm::GlobPattern::create(G)));
  if (P.empty())
    return true;
  if (llvm::sys::fs::exists(P) && !llvm::sys::fs::is_regular_file(P))
    return fail(Error, P, "not a regular file");
  auto Buf = llvm::MemoryBuffer::getFile(P);
  if (!Buf)
    return fail(Error, P, "cannot read: " + Buf.getError().message());
  if (jsonNestsTooDeep((*Buf)->getBuffer()))
    return fail(Error, P, "invalid JSON: nested more than " + std::to_string(MaxJsonDepth) + " levels deep");
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return fail(Error, P, "invalid JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Object *Top = V->getAsObject();
  if (!Top)
    return fail(Error, P, "the top level must be an object");
  llvm::SmallString<256> Dir(P);
  llvm::sys::path::remove_filename(Dir);
  auto resolve = [&](llvm::StringRef F) {
    if (llvm::sys::path::is_absolute(F) || Dir.empty())
      return F.str();
    llvm::SmallString<256> R(Dir);
    llvm::sys::path::append(R, F);
    return std::string(R);
  };

  for (const auto &KV : *Top) {
    llvm::StringRef Key = KV.first;
    const llvm::json::Value &Val = KV.second;
    if (Key == "version") {
      std::optional<int64_t> N = Val.getAsInteger();
      if (!N || *N != 1)
        return fail(Error, P, "'version' must be 1");
    } else if (Key == "rules") {
      const llvm::json::Object *RO = Val.getAsObject();
      if (!RO)
        return fail(Error, P, "'rules' must be an object of rule ids");
      for (const auto &RKV : *RO) {
        llvm::StringRef Id = RKV.first;
        if (!ruleExists(Id))
          return fail(Error, P, "rules: unknown rule '" + Id + "' (see --list-rules)");
        const llvm::json::Object *S = RKV.second.getAsObject();
        if (!S)
          return fail(Error, P, "rules." + Id + ": must be an object");
        RuleSettings RS;
        for (const auto &SKV : *S) {
          llvm::StringRef SK = SKV.first;
          if (SK == "enabled") {
            std::optional<bool> B = SKV.second.getAsBoolean();
            if (!B)
              return fail(Error, P, "rules." + Id + ".enabled: must be true or false");
            RS.Enabled = *B;
          } else if (SK == "severity") {
            std::optional<llvm::StringRef> Str = SKV.second.getAsString();
            std::optional<Severity> Sv = Str ? parseSeverity(*Str) : std::nullopt;
            if (!Sv)
              return fail(Error, P, "rules." + Id + ".severity: must be \"high\", \"medium\" or \"low\"");
            RS.Sev = *Sv;
          } else if (std::optional<llvm::StringRef> Str = SKV.second.getAsString()) {
            RS.Options[SK.str()] = Str->str();
          } else if (std::optional<int64_t> N = SKV.second.getAsInteger()) {
            RS.Options[SK.str()] = std::to_string(*N);
          } else if (std::optional<bool> B = SKV.second.getAsBoolean()) {
            RS.Options[SK.str()] = *B ? "true" : "false";
          } else if (const llvm::json::Array *A = SKV.second.getAsArray()) {
            // Word lists: joined with '|' so rules can use them as regex alternatives.
            std::string Joined;
            for (const llvm::json::Value &E : *A) {
              std::optional<llvm::StringRef> ES = E.getAsString();
              if (!ES)
                return fail(Error, P, "rules." + Id + "." + SK + ": list items must be strings");
              if (!Joined.empty())
                Joined += '|';
              Joined += ES->str();
            }
            RS.Options[SK.str()] = Joined;
          } else {
            return fail(Error, P, "rules." + Id + "." + SK + ": must be a string, number, boolean or list");
          }
        }
        Rules[Id.str()] = std::move(RS);
      }
    } else if (Key == "exclude-paths") {
      const llvm::json::Array *A = Val.getAsArray();
      if (!A)
        return fail(Error, P, "'exclude-paths' must be a list of globs");
      for (const llvm::json::Value &E : *A) {
        std::optional<llvm::StringRef> G = E.getAsString();
        if (!G)
          return fail(Error, P, "exclude-paths: items must be strings");
        llvm::Expected<llvm::GlobPattern> Pat = llvm::GlobPattern::create(keepGlobText(*G));
        if (!Pat)
          return fail(Error, P, "exclude-paths: bad glob '" + *G + "': " + llvm::toString(Pat.takeError()));
        Excludes.emplace_back(G->str(), std::move(*Pat));
      }
    } else if (Key == "sinks") {
      std::optional<llvm::StringRef> S = Val.getAsString();
      if (!S)
        return fail(Error, P, "'sinks' must be a file name");
      BaseSinkTable = resolve(*S);
    } else if (Key == "extra-sinks") {
      const llvm::json::Array *A = Val.getAsArray();
      if (!A)
        return fail(Error, P, "'extra-sinks' must be a list of file names");
      for (const llvm::json::Value &E : *A) {
        std::optional<llvm::StringRef> S = E.getAsString();
        if (!S)
          return fail(Error, P, "extra-sinks: items must be strings");
        SinkTables.push_back(resolve(*S));
      }
    } else if (Key == "test-paths") {
      const llvm::json::Array *A = Val.getAsArray();
      if (!A)
        return fail(Error, P, "'test-paths' must be a list of globs");
      if (!TestPathsSet)
        TestPaths.clear();
      TestPathsSet = true;
      for (const llvm::json::Value &E : *A) {
        std::optional<llvm::StringRef> G = E.getAsString();
        if (!G)
          return fail(Error, P, "test-paths: items must be strings");
        llvm::Expected<llvm::GlobPattern> Pat = llvm::GlobPattern::create(keepGlobText(*G));
        if (!Pat)
          return fail(Error, P, "test-paths: bad glob '" + *G + "': " + llvm::toString(Pat.takeError()));
        TestPaths.push_back(std::move(*Pat));
      }
    } else if (Key == "min-justification") {
      std::optional<int64_t> N = Val.getAsInteger();
      if (!N || *N < 1 || *N > 1000)
        return fail(Error, P, "'min-justification' must be a number of characters between 1 and 1000");
      MinJustification = static_cast<unsigned>(*N);
    } else {
      return fail(Error, P, "unknown key '" + Key +
                                "' (known: version, rules, exclude-paths, test-paths, sinks, extra-sinks, min-justification)");
    }
  }
  return true;
}

std::string EngineConfig::option(llvm::StringRef RuleId, llvm::StringRef Key,
                                 llvm::StringRef Default) const {
  Queried.emplace(RuleId.str(), Key.str());
  auto It = Rules.find(RuleId.str());
  if (It != Rules.end()) {
    auto O = It->second.Options.find(Key.str());
    if (O != It->second.Options.end())
      return O->second;
  }
  return Default.str();
}

void EngineConfig::setPaths(llvm::StringRef WorkingDir, llvm::StringRef SourceRoot) {
  Cwd = WorkingDir.str();
  Root = SourceRoot.str();
}

std::string EngineConfig::rootRelative(llvm::StringRef P) const {
  std::string Abs = normalisePath(P, Cwd);
  if (!Root.empty() && llvm::StringRef(Abs).starts_with(Root + "/"))
    return Abs.substr(Root.size() + 1);
  return Abs;
}

bool EngineConfig::isTestPath(llvm::StringRef P) const {
  std::string Abs = normalisePath(P, Cwd);
  if (Root.empty() || !llvm::StringRef(Abs).starts_with(Root + "/"))
    return false;
  llvm::StringRef Rel = llvm::StringRef(Abs).drop_front(Root.size() + 1);
  for (const llvm::GlobPattern &G : TestPaths)
    if (G.match(Rel))
      return true;
  return false;
}

bool EngineConfig::isExcludedPath(llvm::StringRef P) const {
  // Globs match the absolute path or the path relative to the source root ("third_party/*").
  std::string Rel = rootRelative(P);
  for (const auto &E : Excludes)
    if (E.second.match(P) || E.second.match(Rel))
      return true;
  return false;
}

const RuleSettings *EngineConfig::settings(llvm::StringRef RuleId) const {
  auto It = Rules.find(RuleId.str());
  return It == Rules.end() ? nullptr : &It->second;
}

bool EngineConfig::hasRuleOptions() const {
  for (const auto &R : Rules)
    if (!R.second.Options.empty())
      return true;
  return false;
}

bool EngineConfig::checkUnusedOptions(std::string &Error) const {
  for (const auto &R : Rules)
    for (const auto &O : R.second.Options)
      if (!Queried.count({R.first, O.first}))
        return fail(Error, Path, "rules." + R.first + ": unknown option '" + O.first + "'");
  return true;
}

} // namespace cra
