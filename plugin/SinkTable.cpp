//===- SinkTable.cpp - the sink table reader ------------------------------------------------------===//
#include "SinkTable.h"

#include "cra_version.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>

namespace cra {

bool isKnownSinkKind(llvm::StringRef Kind) {
  static const char *const Kinds[] = {"CRED", "TLSOFF", "PROTO", "VRES", "VFLAG", "INTEG", "ROUTE",
                                      "EXEC", "BIND",   "PERM",  "RNG",  "BAN"};
  for (const char *K : Kinds)
    if (Kind == K)
      return true;
  return false;
}

namespace {
// The whitespace llvm::StringRef::trim() removes, without building its character set for every call:
// the table is read once per translation unit.
bool isBlank(char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\v' || C == '\f' || C == '\r'; }
llvm::StringRef trimBlank(llvm::StringRef S) {
  while (!S.empty() && isBlank(S.front()))
    S = S.drop_front();
  while (!S.empty() && isBlank(S.back()))
    S = S.drop_back();
  return S;
}
} // namespace

bool SinkTableImpl::loadFile(llvm::StringRef Path, std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf) {
    Error = (Path + ": cannot read sink table: " + Buf.getError().message()).str();
    return false;
  }
  return loadText((*Buf)->getBuffer(), Path, Error);
}

bool SinkTableImpl::loadText(llvm::StringRef Text, llvm::StringRef Name, std::string &Error) {
  unsigned LineNo = 0;
  while (!Text.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    ++LineNo;
    Line = Line.rtrim('\r');
    llvm::StringRef Content = trimBlank(Line);
    if (Content.empty() || Content.starts_with("#"))
      continue;
    auto bad = [&](const llvm::Twine &Msg) {
      Error = (Name + ":" + llvm::Twine(LineNo) + ": " + Msg).str();
      return false;
    };
    llvm::SmallVector<llvm::StringRef, 6> F;
    Line.split(F, '\t', /*MaxSplit=*/5, /*KeepEmpty=*/true);
    if (F.size() < 5)
      return bad("expected 6 tab-separated fields (function, arg, kind, selector, semantics, note)");
    auto R = std::make_unique<SinkRow>();
    R->Function = trimBlank(F[0]).str();
    if (R->Function.empty())
      return bad("empty function name");
    llvm::StringRef Arg = trimBlank(F[1]);
    if (Arg == "ret") {
      R->Arg = -1;
    } else {
      if (Arg.consume_front("*"))
        R->OutParam = true;
      unsigned N;
      if (Arg.getAsInteger(10, N) || N > 64)
        return bad("bad argument '" + F[1] + "' (expected an index, *N or ret)");
      R->Arg = static_cast<int>(N);
    }
    R->Kind = trimBlank(F[2]).str();
    if (!isKnownSinkKind(R->Kind))
      return bad("unknown kind '" + R->Kind + "'");
    llvm::StringRef Sel = trimBlank(F[3]);
    R->Selector = Sel == "-" ? "" : Sel.str();
    llvm::StringRef Sem = trimBlank(F[4]);
    R->Semantics = Sem == "-" ? "" : Sem.str();
    R->Note = F.size() > 5 ? trimBlank(F[5]).str() : "";
    ByFunction[R->Function].push_back(R.get());
    Rows.push_back(std::move(R));
  }
  return true;
}

std::vector<const SinkRow *> SinkTableImpl::lookup(llvm::StringRef Function, llvm::StringRef Kind) const {
  std::vector<const SinkRow *> Out;
  auto It = ByFunction.find(Function);
  if (It == ByFunction.end())
    return Out;
  for (const SinkRow *R : It->second)
    if (Kind.empty() || R->Kind == Kind)
      Out.push_back(R);
  return Out;
}

std::vector<const SinkRow *> SinkTableImpl::rowsOfKind(llvm::StringRef Kind) const {
  std::vector<const SinkRow *> Out;
  for (const auto &R : Rows)
    if (R->Kind == Kind)
      Out.push_back(R.get());
  return Out;
}

std::string findDefaultSinkTable() {
  llvm::SmallVector<std::string, 6> Candidates;
  // The binary holding this code: prefix/lib/cra-harden/cra-plugin.so or prefix/bin/cra-check.
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&findDefaultSinkTable), &Info) && Info.dli_fname) {
    llvm::SmallString<256> Dir(Info.dli_fname);
    llvm::sys::path::remove_filename(Dir);
    for (const char *Rel : {"../../share/cra-harden/sinks.tsv", "../share/cra-harden/sinks.tsv"}) {
      llvm::SmallString<256> C(Dir);
      llvm::sys::path::append(C, Rel);
      llvm::sys::path::remove_dots(C, true);
      Candidates.push_back(std::string(C));
    }
  }
  {
    // A build tree: the table is read from the source tree it was configured from.
    llvm::SmallString<256> C(CRA_SOURCE_DIR);
    llvm::sys::path::append(C, "data", "sinks.tsv");
    Candidates.push_back(std::string(C));
  }
  {
    llvm::SmallString<256> C(CRA_INSTALL_DATADIR);
    if (!llvm::sys::path::is_absolute(C)) {
      C = CRA_INSTALL_PREFIX;
      llvm::sys::path::append(C, CRA_INSTALL_DATADIR);
    }
    llvm::sys::path::append(C, "sinks.tsv");
    Candidates.push_back(std::string(C));
  }
  for (const std::string &C : Candidates)
    if (llvm::sys::fs::is_regular_file(C))
      return C;
  return "";
}

} // namespace cra
