//===- SecBannedFuncCheck.cpp - sec-banned-func: calls that cannot be used safely ------------------===//
//
// Annex I (2)(k) (exploitation mitigation starts with not writing the overflow): gets, unbounded
// strcpy/strcat/sprintf into fixed buffers, scanf %s without a width, tmpnam/mktemp races (CWE-242,
// CWE-120, CWE-676, CWE-377). Unlike any-use linters, a copy is only reported when it is not provably
// bounded: a literal (or array) source that fits the destination array, or a format whose longest
// expansion fits, is fine. BAN rows, semantics:
//   always            every call (gets, tmpnam, tempnam, mktemp, getwd)
//   copy:S            copy of argument S into the argument (strcpy, stpcpy, wcscpy)
//   concat:S          append of argument S (strcat, wcscat)
//   format:F          printf format at F written into the argument (sprintf)
//   vformat:F         the same with a va_list: never provably bounded (vsprintf)
//   scanf             scanf-family format at the argument: %s / %[ need a width
//   informational     off unless the rule option `informational` is "true" (strtok, getpass, alloca)
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <cctype>

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

/// Size in elements of the array E denotes, or nullopt (pointers, unknown).
std::optional<uint64_t> arraySize(const Expr *E) {
  E = dbg::strip(E);
  if (const auto *CAT = dyn_cast<ConstantArrayType>(E->getType().getCanonicalType().getTypePtr()))
    return CAT->getSize().getZExtValue();
  return std::nullopt;
}

class SecBannedFuncCheck : public Rule {
public:
  SecBannedFuncCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Informational = C.config().option(M.Id, "informational", "false") == "true";
    Rows = dbg::rowsWithSemantics(C.sinks(), "BAN", {});
  }

  void registerMatchers(MatchFinder &F) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
    if (Names.empty())
      return;
    std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
    F.addMatcher(callExpr(callee(functionDecl(hasAnyName(Refs)))).bind("call"), this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *C = R.Nodes.getNodeAs<CallExpr>("call");
    if (!C)
      return;
    llvm::StringRef N = dbg::calleeName(C);
    const SinkRow *Row = dbg::rowFor(Rows, N);
    if (!Row)
      return;
    auto [Kind, Param] = llvm::StringRef(Row->Semantics).split(':');
    unsigned P = 0;
    bool HaveP = !Param.getAsInteger(10, P) && P < C->getNumArgs();
    unsigned A = Row->Arg < 0 ? 0 : static_cast<unsigned>(Row->Arg);
    std::string Why;
    if (Kind == "always" || (Kind == "informational" && Informational)) {
      Why = N.str() + "() is unsafe by design" + (Row->Note.empty() ? "" : " (" + Row->Note + ")");
    } else if (Kind == "copy" && HaveP && A < C->getNumArgs()) {
      Why = copyProblem(C->getArg(A), C->getArg(P), false);
    } else if (Kind == "concat" && HaveP && A < C->getNumArgs()) {
      Why = copyProblem(C->getArg(A), C->getArg(P), true);
    } else if (Kind == "format" && HaveP && A < C->getNumArgs()) {
      Why = formatProblem(C, A, P);
    } else if (Kind == "vformat") {
      Why = "the output length of " + N.str() + "() cannot be bounded";
    } else if (Kind == "scanf" && A < C->getNumArgs()) {
      Why = scanfProblem(C->getArg(A));
    }
    if (Why.empty())
      return;
    report(C->getBeginLoc(), C->getSourceRange(), Why,
           Row->Note.empty() ? "use the bounded replacement (fgets, snprintf, strlcpy/snprintf, a "
                               "field width, mkstemp)"
                             : "use " + Row->Note);
  }

private:
  std::string copyProblem(const Expr *Dst, const Expr *Src, bool Concat) {
    std::optional<uint64_t> DSize = arraySize(Dst);
    std::optional<uint64_t> SLen;
    if (auto S = dbg::stringValue(Src, ast()); S && S->find(dbg::Unknown) == std::string::npos)
      SLen = S->size();
    else if (auto AS = arraySize(Src); AS && *AS > 0)
      SLen = *AS - 1; // a NUL-terminated array is at most its size - 1 characters
    if (Concat) {
      std::optional<uint64_t> DLen;
      if (auto D = dbg::stringValue(Dst, ast()); D && D->find(dbg::Unknown) == std::string::npos)
        DLen = D->size();
      if (DSize && SLen && DLen && *DLen + *SLen + 1 <= *DSize)
        return "";
      if (!DSize && SLen)
        return ""; // destination size unknown, bounded literal: nothing to prove either way
      return "append to '" + dbg::sourceText(Dst->getSourceRange(), ast(), 40) +
             "' is not provably within its size";
    }
    if (SLen && (!DSize || *SLen + 1 <= *DSize))
      return "";
    if (SLen && DSize)
      return "copy of " + std::to_string(*SLen + 1) + " bytes into '" +
             dbg::sourceText(Dst->getSourceRange(), ast(), 40) + "' of " + std::to_string(*DSize) + " bytes";
    return "unbounded copy into '" + dbg::sourceText(Dst->getSourceRange(), ast(), 40) +
           "': the source length is not known";
  }

  /// Longest output of a printf format with these arguments, or nullopt when unbounded.
  std::optional<uint64_t> formatBound(llvm::StringRef Fmt, const CallExpr *C, unsigned FirstArg) {
    uint64_t Len = 0;
    unsigned Arg = FirstArg;
    for (size_t I = 0; I < Fmt.size(); ++I) {
      if (Fmt[I] != '%') {
        ++Len;
        continue;
      }
      if (I + 1 < Fmt.size() && Fmt[I + 1] == '%') {
        ++Len;
        ++I;
        continue;
      }
      size_t J = I + 1;
      while (J < Fmt.size() && llvm::StringRef("-+ #0'").contains(Fmt[J]))
        ++J;
      uint64_t Width = 0, Prec = 0;
      bool HavePrec = false;
      if (J < Fmt.size() && Fmt[J] == '*')
        return std::nullopt;
      while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
        Width = Width * 10 + (Fmt[J++] - '0');
      if (J < Fmt.size() && Fmt[J] == '.') {
        ++J;
        HavePrec = true;
        if (J < Fmt.size() && Fmt[J] == '*')
          return std::nullopt;
        while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
          Prec = Prec * 10 + (Fmt[J++] - '0');
      }
      unsigned Longs = 0;
      while (J < Fmt.size() && llvm::StringRef("hlLqjzt").contains(Fmt[J]))
        Longs += (Fmt[J++] == 'l' || Fmt[J - 1] == 'j' || Fmt[J - 1] == 'z' || Fmt[J - 1] == 'q') ? 1 : 0;
      if (J >= Fmt.size())
        return std::nullopt;
      char Conv = Fmt[J];
      const Expr *A = Arg < C->getNumArgs() ? C->getArg(Arg) : nullptr;
      ++Arg;
      uint64_t Item = 0;
      switch (Conv) {
      case 'd':
      case 'i':
        Item = Longs ? 20 : 11;
        break;
      case 'u':
        Item = Longs ? 20 : 10;
        break;
      case 'x':
      case 'X':
        Item = Longs ? 16 : 8;
        break;
      case 'o':
        Item = Longs ? 22 : 11;
        break;
      case 'c':
        Item = 1;
        break;
      case 'p':
        Item = 18;
        break;
      case 's': {
        if (HavePrec) {
          Item = Prec;
          break;
        }
        if (!A)
          return std::nullopt;
        if (auto S = dbg::stringValue(A, ast()); S && S->find(dbg::Unknown) == std::string::npos)
          Item = S->size();
        else if (auto AS = arraySize(A); AS && *AS > 0)
          Item = *AS - 1;
        else
          return std::nullopt;
        break;
      }
      default:
        return std::nullopt; // floating point and the rest: hundreds of characters possible
      }
      Len += std::max(Item, Width);
      I = J;
    }
    return Len;
  }

  std::string formatProblem(const CallExpr *C, unsigned Dst, unsigned FmtIdx) {
    auto Fmt = dbg::stringValue(C->getArg(FmtIdx), ast());
    std::optional<uint64_t> DSize = arraySize(C->getArg(Dst));
    std::optional<uint64_t> Bound;
    if (Fmt && Fmt->find(dbg::Unknown) == std::string::npos)
      Bound = formatBound(*Fmt, C, FmtIdx + 1);
    if (Bound && (!DSize || *Bound + 1 <= *DSize))
      return "";
    if (Bound && DSize)
      return "formatted output of up to " + std::to_string(*Bound + 1) + " bytes into '" +
             dbg::sourceText(C->getArg(Dst)->getSourceRange(), ast(), 40) + "' of " + std::to_string(*DSize) +
             " bytes";
    return "formatted output into '" + dbg::sourceText(C->getArg(Dst)->getSourceRange(), ast(), 40) +
           "' has no bound on its length";
  }

  std::string scanfProblem(const Expr *FmtArg) {
    auto Fmt = dbg::stringValue(FmtArg, ast());
    if (!Fmt)
      return "";
    llvm::StringRef F = *Fmt;
    for (size_t I = 0; I < F.size(); ++I) {
      if (F[I] != '%')
        continue;
      if (I + 1 < F.size() && F[I + 1] == '%') {
        ++I;
        continue;
      }
      size_t J = I + 1;
      if (J < F.size() && F[J] == '*')
        continue; // assignment suppressed: nothing is stored
      bool Width = false;
      while (J < F.size() && std::isdigit(static_cast<unsigned char>(F[J]))) {
        Width = true;
        ++J;
      }
      while (J < F.size() && llvm::StringRef("hlLqjzt").contains(F[J]))
        ++J;
      if (J < F.size() && (F[J] == 's' || F[J] == '[') && !Width)
        return "'%" + std::string(1, F[J]) + "' without a field width reads an unbounded string";
      I = J;
    }
    return "";
  }

  bool Informational = false;
  std::vector<const SinkRow *> Rows;
};

} // namespace

CRA_RULE_FACTORY(SecBannedFuncCheck)

} // namespace cra
