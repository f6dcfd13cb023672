//===- Reporter.cpp - turning rule reports into diagnostics and findings records ------------------===//
#include "Reporter.h"
#include "Suppress.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendOptions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>

namespace cra {

std::string normaliseText(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  bool Space = false;
  for (char C : Text) {
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\f' || C == '\v') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::string fingerprint(llvm::StringRef Rule, llvm::StringRef RelPath, llvm::StringRef NormText) {
  llvm::SHA256 H;
  H.update(Rule);
  H.update(llvm::StringRef("\0", 1));
  H.update(RelPath);
  H.update(llvm::StringRef("\0", 1));
  H.update(NormText);
  std::array<uint8_t, 32> D = H.final();
  return llvm::toHex(D, /*LowerCase=*/true);
}

const RuleMeta UnjustifiedSuppression = {
    "engine-unjustified-suppression", Severity::Low, true, "1164", "part-i/2d",
    "a cra: allow(...) suppression marker gives no justification, so the finding stays open"};

namespace {
std::vector<int> parseCwe(llvm::StringRef S) {
  std::vector<int> Out;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    int N;
    if (!P.trim().getAsInteger(10, N))
      Out.push_back(N);
  }
  return Out;
}

std::vector<std::string> splitList(llvm::StringRef S) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}
} // namespace

Reporter::Reporter(clang::CompilerInstance &CI, const EngineOptions &Opts, const EngineConfig &Config,
                   FindingCollector *Collector)
    : CI(CI), Opts(Opts), Config(Config), Collector(Collector) {
  Cwd = CI.getFileSystemOpts().WorkingDir;
  if (Cwd.empty()) {
    llvm::SmallString<256> C;
    if (!llvm::sys::fs::current_path(C))
      Cwd = std::string(C);
  }
  Root = Opts.SourceRoot.empty() ? Cwd : normalisePath(Opts.SourceRoot, Cwd);
}

void Reporter::configurePaths(EngineConfig &C) const { C.setPaths(Cwd, Root); }

std::string Reporter::pathOf(clang::SourceLocation FileLoc) const {
  const clang::SourceManager &SM = CI.getSourceManager();
  clang::FileID FID = SM.getFileID(FileLoc);
  if (auto FE = SM.getFileEntryRefForID(FID))
    return normalisePath(FE->getName(), Cwd);
  return SM.getBufferName(FileLoc).str();
}

void Reporter::report(const RuleMeta &Meta, clang::SourceLocation Loc, clang::SourceRange Flagged,
                      llvm::StringRef Message, llvm::StringRef Fix) {
  clang::SourceManager &SM = CI.getSourceManager();
  if (Loc.isInvalid())
    return;
  clang::SourceLocation FL = SM.getFileLoc(Loc);
  if (FL.isInvalid() || SM.isInSystemHeader(FL) || SM.isInSystemMacro(Loc))
    return;
  clang::FileID FID = SM.getFileID(FL);
  if (!SM.getFileEntryRefForID(FID))
    return; // <built-in>, <command line>, scratch space
  std::string Path = pathOf(FL);
  if (Config.isExcludedPath(Path))
    return;
  unsigned Off = SM.getFileOffset(FL);
  unsigned Line = SM.getLineNumber(FID, Off);
  unsigned Col = SM.getColumnNumber(FID, Off);
  if (!Seen.insert({Meta.Id, Path, Line}).second)
    return;

  // The flagged text, mapped to the file the user wrote.
  const clang::LangOptions &LO = CI.getLangOpts();
  clang::CharSourceRange R = clang::CharSourceRange::getTokenRange(Flagged.isValid() ? Flagged
                                                                                    : clang::SourceRange(Loc));
  clang::CharSourceRange FR = clang::Lexer::makeFileCharRange(R, SM, LO);
  if (FR.isInvalid()) {
    FR = SM.getExpansionRange(R);
    if (FR.isTokenRange())
      FR = clang::CharSourceRange::getCharRange(
          FR.getBegin(), clang::Lexer::getLocForEndOfToken(FR.getEnd(), 0, SM, LO));
  }
  std::string Text;
  unsigned EndLine = Line, EndCol = Col;
  if (FR.isValid() && SM.getFileID(FR.getBegin()) == SM.getFileID(FR.getEnd())) {
    bool Invalid = false;
    llvm::StringRef T = clang::Lexer::getSourceText(FR, SM, LO, &Invalid);
    if (!Invalid)
      Text = normaliseText(T);
    std::pair<clang::FileID, unsigned> E = SM.getDecomposedLoc(FR.getEnd());
    EndLine = SM.getLineNumber(E.first, E.second);
    EndCol = SM.getColumnNumber(E.first, E.second);
  }
  if (Text.empty())
    Text = normaliseText(Message);

  Finding F;
  F.Rule = Meta.Id;
  F.Cwe = parseCwe(Meta.Cwe);
  F.Requirements = splitList(Meta.Requirements);
  F.Sev = Meta.DefaultSeverity;
  if (const RuleSettings *S = Config.settings(Meta.Id); S && S->Sev)
    F.Sev = *S->Sev;
  F.File = Path;
  F.Line = Line;
  F.Column = Col;
  F.EndLine = EndLine;
  F.EndColumn = EndCol;
  F.Message = Message.str();
  F.Fix = Fix.str();
  F.Snippet = Text.size() > 200 ? Text.substr(0, 197) + "..." : Text;
  llvm::StringRef Rel = Path;
  if (llvm::StringRef(Path).starts_with(Root + "/"))
    Rel = llvm::StringRef(Path).drop_front(Root.size() + 1);
  F.Fingerprint = fingerprint(Meta.Id, Rel, Text);

  bool Invalid = false;
  llvm::StringRef Buf = SM.getBufferData(FID, &Invalid);
  std::optional<Finding> Unjustified;
  if (!Invalid) {
    if (auto M = findMarkerFor(Buf, Line, Meta.Id)) {
      if (M->Reason.size() >= Config.minJustificationLength()) {
        F.Suppressed = true;
        F.Justification = M->Reason;
      } else {
        // The technical file must say why a risk is accepted: a bare marker suppresses nothing and is
        // itself a finding, on the finding's line so that it sorts next to it.
        Finding U = F;
        U.Rule = UnjustifiedSuppression.Id;
        U.Cwe = parseCwe(UnjustifiedSuppression.Cwe);
        U.Requirements = splitList(UnjustifiedSuppression.Requirements);
        U.Sev = UnjustifiedSuppression.DefaultSeverity;
        U.Message = "suppression of " + std::string(Meta.Id) + " has no justification (" +
                    std::to_string(M->Reason.size()) + " characters after allow(...), at least " +
                    std::to_string(Config.minJustificationLength()) + " needed); the finding stays open";
        U.Fix = "write why the risk is accepted after the marker, e.g. // cra: allow(" + std::string(Meta.Id) +
                ") factory fixture, never shipped (TICKET-12)";
        U.Fingerprint = fingerprint(U.Rule, Rel, std::string(Meta.Id) + "\n" + Text);
        Unjustified = std::move(U);
      }
    }
  }
  Findings.push_back({std::move(F), FL});
  if (Unjustified && Seen.insert({UnjustifiedSuppression.Id, Path, Line}).second)
    Findings.push_back({std::move(*Unjustified), FL});
}

void Reporter::engineError(llvm::StringRef Message) {
  clang::DiagnosticsEngine &D = CI.getDiagnostics();
  unsigned ID = D.getCustomDiagID(clang::DiagnosticsEngine::Error, "cra: %0");
  D.Report(ID) << Message;
  if (Collector)
    Collector->onError(Message);
}

void Reporter::finish() {
  std::stable_sort(Findings.begin(), Findings.end(), [](const Pending &A, const Pending &B) {
    return std::tie(A.F.File, A.F.Line, A.F.Column, A.F.Rule, A.F.Message) <
           std::tie(B.F.File, B.F.Line, B.F.Column, B.F.Rule, B.F.Message);
  });

  clang::DiagnosticsEngine &D = CI.getDiagnostics();
  if (Opts.EmitDiagnostics) {
    // Custom diagnostic IDs ignore -Werror and -w (toolchain.md): map the level here.
    clang::DiagnosticsEngine::Level Lvl = clang::DiagnosticsEngine::Warning;
    bool Print = true;
    if (Opts.WarningsAsErrors)
      Lvl = clang::DiagnosticsEngine::Error;
    else if (D.getIgnoreAllWarnings())
      Print = false;
    else if (D.getWarningsAsErrors())
      Lvl = clang::DiagnosticsEngine::Error;
    if (Print) {
      unsigned ID = D.getCustomDiagID(Lvl, "%0 [cra-%1]");
      unsigned NoteID = D.getCustomDiagID(clang::DiagnosticsEngine::Note, "%0");
      for (const Pending &P : Findings) {
        if (P.F.Suppressed)
          continue;
        D.Report(P.Loc, ID) << P.F.Message << P.F.Rule;
        if (!P.F.Fix.empty())
          D.Report(P.Loc, NoteID) << P.F.Fix;
      }
    }
  }

  if (!Collector && Opts.FindingsDir.empty())
    return;
  TranslationUnitFindings TU;
  clang::SourceManager &SM = CI.getSourceManager();
  if (auto FE = SM.getFileEntryRefForID(SM.getMainFileID()))
    TU.File = normalisePath(FE->getName(), Cwd);
  TU.Directory = Cwd;
  const clang::FrontendOptions &FO = CI.getFrontendOpts();
  if (FO.ProgramAction != clang::frontend::ParseSyntaxOnly && !FO.OutputFile.empty() && FO.OutputFile != "-")
    TU.Output = normalisePath(FO.OutputFile, Cwd);
  for (Pending &P : Findings)
    TU.Findings.push_back(std::move(P.F));
  Findings.clear();
  if (Collector)
    Collector->onTranslationUnit(TU);
  if (!Opts.FindingsDir.empty()) {
    std::string Err;
    if (!writeFindingsRecord(TU, Opts.ToolName, normalisePath(Opts.FindingsDir, Cwd), Err))
      engineError(Err);
  }
}

} // namespace cra
