//===- DebugAst.cpp - shared analysis for the debug-* / net-bind-* / sec-* rules -------------------===//
#include "rules/debug/DebugAst.h"

#include "AstUtil.h"
#include "RuleBase.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cctype>
#include <mutex>

using namespace clang;

namespace cra {
namespace dbg {

// Word boundaries are non-alphanumerics: "/debug.htm", "/debug_dump.cgi", "/cgi-bin/diag", "dbgInfo".
const char *const DebugPathPattern =
    "(^|[^a-z0-9])(debug[a-z0-9]*|dbg[a-z0-9]*|tests?|testing|testmode|selftest|diag|diags|diagnos[a-z]*|"
    "factory[a-z0-9]*|mfg|manufactur[a-z]*|engineering|backdoor[a-z]*|shell|rootshell|cmd|exec|"
    "telnetd?|console|hidden|internal|memdump)([^a-z]|$)";
const char *const DebugVerbPattern =
    "^(shell|sh|bash|ash|rootshell|exec|system|syscmd|sys|cmd|memdump|dumpmem|mem|md|mw|peek|poke|"
    "memrd|memwr|readmem|writemem|rdmem|wrmem|regrd|regwr|regdump|debug[a-z0-9_]*|dbg[a-z0-9_]*|"
    "factory[a-z0-9_]*|mfg[a-z0-9_]*|backdoor|telnetd|diag_?exec|devmem)$";
const char *const AuthCallPattern =
    "auth|login|logon|logged|session_?(valid|check|ok|verify)|(check|valid(ate)?|verify)_?session|"
    "permission|privilege|is_?admin|require_?(admin|user|login)|admin_?(ok|check)|check_?access|"
    "access_?(ok|allowed|check)|verify_?(user|password|token|cred)|credential|passw|token_?(ok|valid)|"
    "(check|verify|valid(ate)?)_?token|acl_?check|check_?acl";
const char *const AuthVarPattern =
    "auth|admin|privilege|priv_?level|unlock|bypass|debug_?mode|factory|logged|access_?(ok|granted|level)|"
    "is_?root|superuser|allowed|granted";
const char *const AdminServicePattern =
    "(^|[^a-z])(debug[a-z]*|dbg[a-z]*|diag[a-z]*|shell|rootshell|telnet[a-z]*|admin[a-z]*|console|"
    "factory[a-z]*|mfg|backdoor[a-z]*|cli|mgmt|management|rsh|rshd|rlogin[a-z]*|remote_?cmd|"
    "cmd_?server|command_?server|test_?server|engineer[a-z]*|maint[a-z]*)([^a-z]|$)";

const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *N = E->IgnoreParenCasts();
    if (const auto *FE = dyn_cast<FullExpr>(N))
      N = FE->getSubExpr();
    if (N == E)
      break;
    E = N;
  }
  return E;
}

llvm::StringRef calleeName(const CallExpr *C) {
  if (const FunctionDecl *FD = C->getDirectCallee())
    if (const IdentifierInfo *II = FD->getIdentifier())
      return II->getName();
  return "";
}

std::string lower(llvm::StringRef S) { return S.lower(); }

namespace {
/// Compiled patterns shared by every rule instance of the process (cra-check builds the rules once
/// per translation unit). BSD regexec keeps its state per call, so a compiled regex may be shared.
std::shared_ptr<llvm::Regex> compiledPattern(llvm::StringRef Pattern, std::string &Error) {
  static std::mutex Lock;
  static llvm::StringMap<std::shared_ptr<llvm::Regex>> Cache;
  std::lock_guard<std::mutex> G(Lock);
  auto It = Cache.find(Pattern);
  if (It != Cache.end())
    return It->second;
  auto R = std::make_shared<llvm::Regex>(Pattern, llvm::Regex::IgnoreCase);
  if (!R->isValid(Error))
    return nullptr;
  Cache[Pattern] = R;
  return R;
}
} // namespace

bool NamePattern::set(llvm::StringRef P, std::string &Error) {
  auto R = compiledPattern(P, Error);
  if (!R)
    return false;
  Pattern = P.str();
  Re = std::move(R);
  return true;
}

void NamePattern::setTrusted(llvm::StringRef P) {
  Pattern = P.str();
  Re.reset();
}

bool NamePattern::matches(llvm::StringRef S) const {
  if (!Re && !Pattern.empty()) {
    std::string Error;
    Re = compiledPattern(Pattern, Error);
    if (!Re)
      return false;
  }
  return Re && Re->match(S);
}

std::optional<int64_t> intValue(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

namespace {

bool before(SourceLocation A, SourceLocation B, const SourceManager &SM) {
  return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A), SM.getExpansionLoc(B));
}

bool isOneOf(llvm::StringRef N, std::initializer_list<llvm::StringRef> L) {
  for (llvm::StringRef X : L)
    if (N == X)
      return true;
  return false;
}

std::optional<std::string> localValue(const VarDecl *V, const Expr *Use, ASTContext &Ctx, unsigned Depth);

} // namespace

const FunctionDecl *enclosingFunction(const Stmt *S, ASTContext &Ctx) { return ast::enclosingFunction(S, Ctx); }

const Stmt *parentStmt(const Stmt *S, ASTContext &Ctx) { return S ? ast::parentStmt(S, Ctx) : nullptr; }

const VarDecl *initialisedVar(const Stmt *S, ASTContext &Ctx) { return S ? ast::initialisedVar(S, Ctx) : nullptr; }

bool walk(const Stmt *S, llvm::function_ref<bool(const Stmt *)> Fn) {
  if (!S)
    return true;
  if (!Fn(S))
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (const Expr *Init = VD->getInit())
          if (!walk(Init, Fn))
            return false;
    return true;
  }
  for (const Stmt *C : S->children())
    if (!walk(C, Fn))
      return false;
  return true;
}

bool containsCall(const Stmt *S, llvm::function_ref<bool(const CallExpr *)> Pred) {
  bool Found = false;
  walk(S, [&](const Stmt *X) {
    if (const auto *C = dyn_cast<CallExpr>(X))
      if (Pred(C)) {
        Found = true;
        return false;
      }
    return true;
  });
  return Found;
}

const VarDecl *baseVar(const Expr *E) {
  unsigned Guard = 0;
  while (E && Guard++ < 16) {
    E = strip(E);
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DR->getDecl());
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->getOpcode() == BO_Add || B->getOpcode() == BO_Sub) {
        E = B->getLHS()->getType()->isPointerType() ? B->getLHS() : B->getRHS();
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

namespace {
void splitWords(llvm::StringRef Name, std::string &Out) {
  // camelCase -> camel_case so word patterns see "session_id" in "sessionId".
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (I > 0 && std::isupper(static_cast<unsigned char>(C)) &&
        std::islower(static_cast<unsigned char>(Name[I - 1])))
      Out.push_back('_');
    Out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(C))));
  }
}

std::string recordName(QualType T) {
  if (T.isNull())
    return "";
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const RecordDecl *RD = T->getAsRecordDecl()) {
    if (RD->getIdentifier())
      return RD->getName().str();
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      return TD->getName().str();
  }
  return "";
}
} // namespace

std::string nameWords(llvm::StringRef Name) {
  std::string Out;
  splitWords(Name, Out);
  return Out;
}

std::vector<std::string> macroNames(SourceLocation Loc, const ASTContext &Ctx) {
  std::vector<std::string> Out;
  const SourceManager &SM = Ctx.getSourceManager();
  unsigned Guard = 0;
  while (Loc.isMacroID() && Guard++ < 16) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    llvm::StringRef N = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    if (!N.empty())
      Out.push_back(N.str());
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return Out;
}

std::string storageName(const Expr *E) {
  std::string Out;
  unsigned Guard = 0;
  while (E && Guard++ < 16) {
    E = strip(E);
    if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      std::string W;
      splitWords(DR->getDecl()->getName(), W);
      Out = Out.empty() ? W : W + " " + Out;
      return Out;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      std::string W;
      splitWords(ME->getMemberDecl()->getName(), W);
      std::string R;
      splitWords(recordName(ME->getBase()->getType()), R);
      std::string Part = R.empty() ? W : R + "." + W;
      Out = Out.empty() ? Part : Part + " " + Out;
      E = ME->getBase();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    break;
  }
  return Out;
}

std::string expandFormat(llvm::StringRef Fmt, llvm::ArrayRef<const Expr *> Args, ASTContext &Ctx,
                         unsigned Depth) {
  std::string Out;
  size_t A = 0;
  auto next = [&]() -> const Expr * { return A < Args.size() ? Args[A++] : nullptr; };
  for (size_t I = 0; I < Fmt.size(); ++I) {
    char C = Fmt[I];
    if (C != '%') {
      Out.push_back(C);
      continue;
    }
    if (I + 1 < Fmt.size() && Fmt[I + 1] == '%') {
      Out.push_back('%');
      ++I;
      continue;
    }
    size_t J = I + 1;
    while (J < Fmt.size() && llvm::StringRef("-+ #0'").contains(Fmt[J]))
      ++J;
    bool StarW = false, StarP = false;
    if (J < Fmt.size() && Fmt[J] == '*') {
      StarW = true;
      ++J;
    }
    while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
      ++J;
    if (J < Fmt.size() && Fmt[J] == '.') {
      ++J;
      if (J < Fmt.size() && Fmt[J] == '*') {
        StarP = true;
        ++J;
      }
      while (J < Fmt.size() && std::isdigit(static_cast<unsigned char>(Fmt[J])))
        ++J;
    }
    while (J < Fmt.size() && llvm::StringRef("hlLqjzt").contains(Fmt[J]))
      ++J;
    if (J >= Fmt.size()) {
      Out.push_back(Unknown);
      break;
    }
    if (StarW)
      next();
    if (StarP)
      next();
    char Conv = Fmt[J];
    const Expr *Arg = next();
    if (Conv == 's' && Arg) {
      if (auto S = stringValue(Arg, Ctx, Depth + 1))
        Out += *S;
      else
        Out.push_back(Unknown);
    } else if (llvm::StringRef("diuxXoc").contains(Conv) && Arg) {
      if (auto V = intValue(Arg, Ctx)) {
        if (Conv == 'c')
          Out.push_back(static_cast<char>(*V));
        else if (Conv == 'x')
          Out += llvm::utohexstr(static_cast<uint64_t>(*V), /*LowerCase=*/true);
        else if (Conv == 'X')
          Out += llvm::utohexstr(static_cast<uint64_t>(*V));
        else
          Out += std::to_string(*V);
      } else {
        Out.push_back(Unknown);
      }
    } else {
      Out.push_back(Unknown);
    }
    I = J;
  }
  return Out;
}

std::optional<std::string> stringValue(const Expr *E, ASTContext &Ctx, unsigned Depth) {
  if (!E || Depth > 6)
    return std::nullopt;
  const Expr *Orig = E;
  E = strip(E);
  if (const auto *SL = dyn_cast<StringLiteral>(E)) {
    if (SL->getCharByteWidth() != 1)
      return std::nullopt;
    return SL->getString().str();
  }
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->getNumInits() == 1)
      return stringValue(IL->getInit(0), Ctx, Depth + 1);
    return std::nullopt;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    auto T = stringValue(CO->getTrueExpr(), Ctx, Depth + 1);
    auto F = stringValue(CO->getFalseExpr(), Ctx, Depth + 1);
    if (T && F && *T == *F)
      return T;
    return std::nullopt;
  }
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    // String wrappers that pass their argument through (mongoose mg_str, strdup).
    llvm::StringRef N = calleeName(C);
    if (C->getNumArgs() >= 1 && isOneOf(N, {"mg_str", "mg_str_s", "mg_str_n", "strdup", "strndup"}))
      return stringValue(C->getArg(0), Ctx, Depth + 1);
    return std::nullopt;
  }
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    return stringValue(CL->getInitializer(), Ctx, Depth + 1);
  const auto *DR = dyn_cast<DeclRefExpr>(E);
  if (!DR)
    return std::nullopt;
  const auto *V = dyn_cast<VarDecl>(DR->getDecl());
  if (!V || isa<ParmVarDecl>(V))
    return std::nullopt;
  if (V->hasLocalStorage())
    return localValue(V, Orig, Ctx, Depth);
  if (const Expr *Init = V->getAnyInitializer())
    return stringValue(Init, Ctx, Depth + 1);
  return std::nullopt;
}

namespace {

std::optional<std::string> localValue(const VarDecl *V, const Expr *Use, ASTContext &Ctx, unsigned Depth) {
  const FunctionDecl *F = enclosingFunction(Use, Ctx);
  if (!F || !F->getBody())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation UseLoc = Use->getBeginLoc();
  std::optional<std::string> Cur;
  auto isV = [&](const Expr *X) {
    X = strip(X);
    const auto *D = dyn_cast_or_null<DeclRefExpr>(X);
    return D && D->getDecl() == V;
  };
  walk(F->getBody(), [&](const Stmt *S) {
    if (!before(S->getBeginLoc(), UseLoc, SM))
      return false; // source order: nothing after the use can be its value
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (D == V) {
          const Expr *Init = V->getInit();
          Cur = Init ? stringValue(Init, Ctx, Depth + 1) : std::nullopt;
        }
      return true;
    }
    if (!before(S->getEndLoc(), UseLoc, SM))
      return true; // encloses the use: look inside only
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (B->getOpcode() == BO_Assign && isV(B->getLHS()))
        Cur = stringValue(B->getRHS(), Ctx, Depth + 1);
      return true;
    }
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C || C->getNumArgs() == 0)
      return true;
    llvm::StringRef N = calleeName(C);
    bool First = isV(C->getArg(0));
    // `snprintf(cmd + n, ...)` appends to what is there.
    bool Append = !First && baseVar(C->getArg(0)) == V &&
                  isa<BinaryOperator>(strip(C->getArg(0)));
    if ((First || Append) && (N == "snprintf" || N == "sprintf")) {
      unsigned FmtIdx = N == "snprintf" ? 2 : 1;
      if (C->getNumArgs() > FmtIdx) {
        auto Fmt = stringValue(C->getArg(FmtIdx), Ctx, Depth + 1);
        std::vector<const Expr *> Rest;
        for (unsigned I = FmtIdx + 1; I < C->getNumArgs(); ++I)
          Rest.push_back(C->getArg(I));
        std::string Val = Fmt ? expandFormat(*Fmt, Rest, Ctx, Depth) : std::string(1, Unknown);
        Cur = Append ? (Cur ? *Cur : std::string(1, Unknown)) + Val : Val;
      }
      return true;
    }
    if (First && C->getNumArgs() >= 2 &&
        isOneOf(N, {"strcpy", "strncpy", "strlcpy", "stpcpy", "memcpy", "memmove"})) {
      auto S2 = stringValue(C->getArg(1), Ctx, Depth + 1);
      Cur = S2 ? *S2 : std::string(1, Unknown);
      return true;
    }
    if (First && C->getNumArgs() >= 2 && isOneOf(N, {"strcat", "strncat", "strlcat"})) {
      auto S2 = stringValue(C->getArg(1), Ctx, Depth + 1);
      Cur = (Cur ? *Cur : std::string(1, Unknown)) + (S2 ? *S2 : std::string(1, Unknown));
      return true;
    }
    // Any other call that receives the buffer may write it, unless the parameter is a pointer to
    // const (strcpy's source, strlen) or a printf-family variadic argument.
    const FunctionDecl *FD = C->getDirectCallee();
    for (unsigned I = 0; I < C->getNumArgs(); ++I) {
      const Expr *A = C->getArg(I);
      if (baseVar(A) != V || !(V->getType()->isArrayType() || isa<UnaryOperator>(strip(A))))
        continue;
      if (FD && I < FD->getNumParams()) {
        QualType PT = FD->getParamDecl(I)->getType();
        if (PT->isPointerType() && PT->getPointeeType().isConstQualified())
          continue;
      } else if (FD && N.ends_with("printf")) {
        continue;
      }
      Cur = std::string(1, Unknown);
      break;
    }
    return true;
  });
  return Cur;
}

std::vector<std::string> tokenizeWords(llvm::StringRef S) {
  std::vector<std::string> W;
  std::string Cur;
  bool Have = false;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '\'' || C == '"') {
      size_t E = S.find(C, I + 1);
      if (E == llvm::StringRef::npos)
        E = S.size();
      Cur += S.slice(I + 1, E).str();
      Have = true;
      I = E;
      continue;
    }
    if (C == '\\' && I + 1 < S.size()) {
      Cur.push_back(S[++I]);
      Have = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(C)) || C == '<' || C == '>') {
      if (Have)
        W.push_back(Cur);
      Cur.clear();
      Have = false;
      continue;
    }
    Cur.push_back(C);
    Have = true;
  }
  if (Have)
    W.push_back(Cur);
  return W;
}

/// Splits a command line into lists of pipelines of raw stage text. Quotes are kept inside stages.
std::vector<std::vector<std::string>> splitCommandLine(llvm::StringRef S) {
  std::vector<std::vector<std::string>> Lists(1);
  std::string Cur;
  auto endStage = [&]() {
    Lists.back().push_back(Cur);
    Cur.clear();
  };
  auto endList = [&]() {
    endStage();
    Lists.emplace_back();
  };
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '\'' || C == '"') {
      size_t E = S.find(C, I + 1);
      if (E == llvm::StringRef::npos)
        E = S.size() - 1;
      Cur += S.slice(I, E + 1).str();
      I = E;
      continue;
    }
    bool PrevRedirect = !Cur.empty() && (Cur.back() == '>' || Cur.back() == '<');
    if (C == '&' && PrevRedirect) { // 2>&1, >& file
      Cur.push_back(C);
      continue;
    }
    if (C == '|' && I + 1 < S.size() && S[I + 1] == '|') {
      ++I;
      endList();
      continue;
    }
    if (C == '|') {
      endStage();
      continue;
    }
    if (C == ';' || C == '\n' || C == '&' || C == '(' || C == ')' || C == '`' || C == '{' || C == '}') {
      if (C == '&' && I + 1 < S.size() && S[I + 1] == '&')
        ++I;
      endList();
      continue;
    }
    if (C == '$' && I + 1 < S.size() && S[I + 1] == '(') {
      ++I;
      endList();
      continue;
    }
    Cur.push_back(C);
  }
  endStage();
  return Lists;
}

llvm::StringRef baseName(llvm::StringRef P) {
  size_t S = P.rfind('/');
  return S == llvm::StringRef::npos ? P : P.substr(S + 1);
}

bool hasWord(const std::vector<std::string> &W, size_t From, llvm::StringRef X) {
  for (size_t I = From; I < W.size(); ++I)
    if (W[I] == X)
      return true;
  return false;
}

/// Drops wrappers that run their argument (nohup, busybox, env assignments, start-stop-daemon -x P).
std::vector<std::string> programWords(std::vector<std::string> W) {
  unsigned Guard = 0;
  while (!W.empty() && Guard++ < 8) {
    llvm::StringRef P = W[0];
    llvm::StringRef B = baseName(P);
    if (P.contains('=') && !P.starts_with("-") && !P.contains('/')) {
      W.erase(W.begin());
      continue;
    }
    if (isOneOf(B, {"nohup", "exec", "setsid", "busybox", "env", "sudo", "command", "chrt", "taskset"})) {
      W.erase(W.begin());
      continue;
    }
    if (B == "nice" || B == "ionice") {
      W.erase(W.begin());
      if (!W.empty() && W[0] == "-n" && W.size() > 1)
        W.erase(W.begin(), W.begin() + 2);
      continue;
    }
    if (B == "start-stop-daemon") {
      std::vector<std::string> R;
      for (size_t I = 1; I + 1 < W.size(); ++I)
        if (W[I] == "-x" || W[I] == "--exec" || W[I] == "-a" || W[I] == "--startas") {
          R.push_back(W[I + 1]);
          break;
        }
      for (size_t I = 1; I < W.size(); ++I)
        if (W[I] == "--") {
          R.insert(R.end(), W.begin() + I + 1, W.end());
          break;
        }
      if (R.empty())
        return {};
      W = R;
      continue;
    }
    break;
  }
  return W;
}

std::string stageVerdict(const std::vector<std::string> &Raw, unsigned Depth);

std::string commandVerdict(llvm::StringRef Cmd, unsigned Depth) {
  if (Depth > 3)
    return "";
  for (const auto &List : splitCommandLine(Cmd)) {
    bool NcListen = false, Shell = false;
    for (const std::string &Stage : List) {
      std::vector<std::string> W = programWords(tokenizeWords(Stage));
      if (W.empty())
        continue;
      std::string V = stageVerdict(W, Depth);
      if (!V.empty())
        return V;
      llvm::StringRef B = baseName(W[0]);
      if (isOneOf(B, {"nc", "ncat", "netcat"}))
        NcListen = true;
      if (isShellProgram(W[0]) && !hasWord(W, 1, "-c"))
        Shell = true;
    }
    if (NcListen && Shell && List.size() > 1)
      return "pipes a network socket into a shell";
  }
  if (llvm::StringRef(Cmd).contains("/dev/tcp/") || llvm::StringRef(Cmd).contains("/dev/udp/"))
    return "redirects a shell to a network connection (/dev/tcp)";
  return "";
}

std::string stageVerdict(const std::vector<std::string> &W, unsigned Depth) {
  llvm::StringRef P = W[0];
  if (P.contains(Unknown))
    return "";
  llvm::StringRef B = baseName(P);
  if (B == "telnetd" || B == "utelnetd") {
    for (size_t I = 1; I + 1 < W.size(); ++I)
      if (W[I] == "-l" && isShellProgram(W[I + 1]))
        return ("starts " + B + " serving " + W[I + 1] + " without a login").str();
    return ("starts " + B + " (an unencrypted remote login service)").str();
  }
  if (B == "dropbear") {
    for (size_t I = 1; I < W.size(); ++I)
      if (llvm::StringRef(W[I]).starts_with("-") && !llvm::StringRef(W[I]).starts_with("--") &&
          llvm::StringRef(W[I]).contains('B'))
        return "starts dropbear accepting blank passwords (-B)";
    return "";
  }
  if (B == "nc" || B == "ncat" || B == "netcat") {
    for (size_t I = 1; I < W.size(); ++I) {
      llvm::StringRef A = W[I];
      if (A == "-e" || A == "-c" || A == "--exec" || A == "--sh-exec" ||
          (A.starts_with("-e") && A.size() > 2 && A[2] == '/'))
        return ("binds a program to a network socket (" + B + " " + A + ")").str();
    }
    return "";
  }
  if (B == "socat") {
    for (size_t I = 1; I < W.size(); ++I) {
      std::string A = lower(W[I]);
      if (llvm::StringRef(A).contains("exec:") || llvm::StringRef(A).contains("system:"))
        return "connects a program to a network socket (socat EXEC:)";
    }
    return "";
  }
  if (isShellProgram(P)) {
    for (size_t I = 1; I < W.size(); ++I) {
      llvm::StringRef A = W[I];
      if (A == "-c" && I + 1 < W.size())
        return commandVerdict(W[I + 1], Depth + 1);
      if (A.starts_with("-") && !A.starts_with("--") && A.contains('i') && A.size() <= 4)
        return ("starts an interactive shell (" + B + " " + A + ")").str();
    }
    return "";
  }
  if (B == "httpd" || B == "mini_httpd" || B == "uhttpd") {
    for (size_t I = 1; I + 1 < W.size(); ++I)
      if (W[I] == "-h" && (W[I + 1] == "/" || W[I + 1] == "/."))
        return ("serves the root file system over HTTP (" + B + " -h /)").str();
    return "";
  }
  return "";
}

} // namespace

bool isShellProgram(llvm::StringRef Program) {
  llvm::StringRef B = baseName(Program);
  return isOneOf(B, {"sh", "bash", "ash", "dash", "ksh", "zsh", "mksh", "hush", "msh", "csh", "tcsh"});
}

std::string remoteShellInCommand(llvm::StringRef Cmd) { return commandVerdict(Cmd, 0); }

std::string remoteShellInArgv(const std::vector<std::string> &Argv) {
  std::vector<std::string> W = programWords(Argv);
  if (W.empty())
    return "";
  return stageVerdict(W, 0);
}

namespace {
/// "argv-list:0" -> ("argv-list", 0); "command" -> ("command", -1).
std::pair<llvm::StringRef, int> semantics(const SinkRow &Row) {
  llvm::StringRef S = Row.Semantics;
  auto [Head, Tail] = S.split(':');
  int P = -1;
  if (!Tail.empty() && Tail.getAsInteger(10, P))
    P = -1;
  return {Head, P};
}

void appendInits(const Expr *E, ASTContext &Ctx, std::vector<std::string> &Argv) {
  E = strip(E);
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    E = strip(CL->getInitializer());
  if (const auto *DR = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      if (const Expr *Init = V->getAnyInitializer())
        E = strip(Init);
  const auto *IL = dyn_cast<InitListExpr>(E);
  if (!IL)
    return;
  for (const Expr *I : IL->inits()) {
    const Expr *S = strip(I);
    if (isa<GNUNullExpr>(S) || (isa<IntegerLiteral>(S) && intValue(S, Ctx) == 0))
      break;
    if (S->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      break;
    auto V = stringValue(I, Ctx, 1);
    Argv.push_back(V ? *V : std::string(1, Unknown));
  }
}
} // namespace

bool isShellExecRow(const SinkRow &Row) {
  llvm::StringRef H = semantics(Row).first;
  return Row.Kind == "EXEC" &&
         isOneOf(H, {"command", "command-format", "argv-list", "argv-array", "starter"});
}

bool execArgv(const CallExpr *C, const SinkRow &Row, ASTContext &Ctx, std::vector<std::string> &Argv,
              std::string &PathOut) {
  auto [Head, PathIdx] = semantics(Row);
  if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= C->getNumArgs())
    return false;
  if (PathIdx >= 0 && static_cast<unsigned>(PathIdx) < C->getNumArgs()) {
    auto P = stringValue(C->getArg(PathIdx), Ctx);
    PathOut = P ? *P : std::string(1, Unknown);
  }
  if (Head == "argv-list") {
    for (unsigned I = Row.Arg; I < C->getNumArgs(); ++I) {
      const Expr *A = C->getArg(I);
      if (A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        break;
      auto V = stringValue(A, Ctx);
      Argv.push_back(V ? *V : std::string(1, Unknown));
    }
    return true;
  }
  if (Head == "argv-array") {
    appendInits(C->getArg(Row.Arg), Ctx, Argv);
    return true;
  }
  return false;
}

std::optional<std::string> execCommand(const CallExpr *C, const SinkRow &Row, ASTContext &Ctx) {
  auto [Head, PathIdx] = semantics(Row);
  (void)PathIdx;
  if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= C->getNumArgs())
    return std::nullopt;
  if (Head == "command")
    return stringValue(C->getArg(Row.Arg), Ctx);
  if (Head == "command-format") {
    auto Fmt = stringValue(C->getArg(Row.Arg), Ctx);
    if (!Fmt)
      return std::nullopt;
    std::vector<const Expr *> Rest;
    for (unsigned I = Row.Arg + 1; I < C->getNumArgs(); ++I)
      Rest.push_back(C->getArg(I));
    return expandFormat(*Fmt, Rest, Ctx, 0);
  }
  return std::nullopt;
}

std::vector<const SinkRow *> rowsWithSemantics(const SinkTable &T, llvm::StringRef Kind,
                                               llvm::ArrayRef<llvm::StringRef> Prefixes) {
  std::vector<const SinkRow *> Out;
  llvm::StringSet<> Seen;
  for (const SinkRow *R : T.rowsOfKind(Kind)) {
    bool Ok = Prefixes.empty();
    for (llvm::StringRef P : Prefixes)
      if (llvm::StringRef(R->Semantics).starts_with(P))
        Ok = true;
    if (!Ok)
      continue;
    std::string Key = R->Function + "\t" + std::to_string(R->Arg) + "\t" + R->Semantics + "\t" + R->Selector;
    if (!Seen.insert(Key).second)
      continue;
    Out.push_back(R);
  }
  return Out;
}

std::vector<std::string> functionNames(const std::vector<const SinkRow *> &Rows) {
  std::vector<std::string> Names;
  llvm::StringSet<> Seen;
  for (const SinkRow *R : Rows)
    if (Seen.insert(R->Function).second)
      Names.push_back(R->Function);
  return Names;
}

const SinkRow *rowFor(const std::vector<const SinkRow *> &Rows, llvm::StringRef Name) {
  for (const SinkRow *R : Rows)
    if (R->Function == Name)
      return R;
  return nullptr;
}

bool mentionsAuth(const Stmt *S, const NamePattern &AuthCall, const NamePattern &AuthVar) {
  bool Found = false;
  walk(S, [&](const Stmt *X) {
    if (const auto *C = dyn_cast<CallExpr>(X)) {
      llvm::StringRef N = calleeName(C);
      if (!N.empty() && AuthCall.matches(N)) {
        Found = true;
        return false;
      }
    } else if (const auto *DR = dyn_cast<DeclRefExpr>(X)) {
      if (isa<VarDecl>(DR->getDecl()) && AuthVar.matches(DR->getDecl()->getName())) {
        Found = true;
        return false;
      }
    } else if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      if (AuthVar.matches(ME->getMemberDecl()->getName())) {
        Found = true;
        return false;
      }
    }
    return true;
  });
  return Found;
}

namespace {
bool trivialStmt(const Stmt *S) {
  if (isa<NullStmt>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S)) {
    E = E->IgnoreParens();
    if (const auto *CE = dyn_cast<CStyleCastExpr>(E))
      return CE->getType()->isVoidType() && !containsCall(CE, [](const CallExpr *) { return true; });
    return false;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return !containsCall(DS, [](const CallExpr *) { return true; });
  return false;
}

bool exits(const Stmt *S) {
  bool Found = false;
  walk(S, [&](const Stmt *X) {
    if (isa<ReturnStmt>(X) || isa<GotoStmt>(X) || isa<BreakStmt>(X) || isa<ContinueStmt>(X)) {
      Found = true;
      return false;
    }
    if (const auto *C = dyn_cast<CallExpr>(X))
      if (isOneOf(calleeName(C), {"exit", "_exit", "abort", "longjmp", "pthread_exit"})) {
        Found = true;
        return false;
      }
    return true;
  });
  return Found;
}

/// True when S is an authentication step: it calls an auth-named function, or a condition in it
/// (`if`, `?:`, `while`) tests an auth call or an auth-control variable. A variable that is only
/// read (`mg_printf(c, "%s", cfg->admin_user)`) decides nothing.
bool decidesAuth(const Stmt *S, const NamePattern &AuthCall, const NamePattern &AuthVar) {
  bool Found = false;
  walk(S, [&](const Stmt *X) {
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(X))
      Cond = If->getCond();
    else if (const auto *CO = dyn_cast<ConditionalOperator>(X))
      Cond = CO->getCond();
    else if (const auto *W = dyn_cast<WhileStmt>(X))
      Cond = W->getCond();
    if (Cond && mentionsAuth(Cond, AuthCall, AuthVar)) {
      Found = true;
      return false;
    }
    if (const auto *C = dyn_cast<CallExpr>(X)) {
      llvm::StringRef N = calleeName(C);
      if (!N.empty() && AuthCall.matches(N)) {
        Found = true;
        return false;
      }
    }
    return true;
  });
  return Found;
}

bool startsWithAuth(const Stmt *Body, const NamePattern &AuthCall, const NamePattern &AuthVar) {
  if (!Body)
    return false;
  const auto *CS = dyn_cast<CompoundStmt>(Body);
  if (!CS)
    return decidesAuth(Body, AuthCall, AuthVar);
  unsigned Seen = 0;
  for (const Stmt *S : CS->body()) {
    if (trivialStmt(S))
      continue;
    if (decidesAuth(S, AuthCall, AuthVar))
      return true;
    if (++Seen >= 2)
      break;
  }
  return false;
}
} // namespace

bool bodyStartsWithAuth(const FunctionDecl *FD, const NamePattern &AuthCall, const NamePattern &AuthVar) {
  if (!FD)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  return startsWithAuth(Def->getBody(), AuthCall, AuthVar);
}

bool guardedByAuth(const Stmt *S, ASTContext &Ctx, const NamePattern &AuthCall, const NamePattern &AuthVar) {
  const Stmt *Child = S;
  const Stmt *P = parentStmt(S, Ctx);
  unsigned Guard = 0;
  while (P && Guard++ < 64) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (Child == If->getCond()) {
        if (startsWithAuth(If->getThen(), AuthCall, AuthVar))
          return true;
      } else if (Child == If->getThen() || Child == If->getElse()) {
        // The branch runs only when the condition (which authenticates) decided so.
        if (mentionsAuth(If->getCond(), AuthCall, AuthVar))
          return true;
      }
    } else if (const auto *B = dyn_cast<BinaryOperator>(P)) {
      if (B->getOpcode() == BO_LAnd) {
        const Expr *Other = Child == B->getLHS() ? B->getRHS() : B->getLHS();
        if (mentionsAuth(Other, AuthCall, AuthVar))
          return true;
      }
    } else if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      for (const Stmt *Sib : CS->body()) {
        if (Sib == Child)
          break;
        if (const auto *G = dyn_cast<IfStmt>(Sib))
          if (mentionsAuth(G->getCond(), AuthCall, AuthVar) && exits(G->getThen()))
            return true;
      }
    }
    Child = P;
    P = parentStmt(P, Ctx);
  }
  return false;
}

const FunctionDecl *functionOf(const Expr *E) {
  E = strip(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = strip(U->getSubExpr());
  if (const auto *DR = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(DR->getDecl());
  return nullptr;
}

namespace {
bool isStringType(QualType T) {
  if (const auto *PT = T->getAs<PointerType>())
    return PT->getPointeeType()->isCharType();
  if (const auto *AT = dyn_cast<ArrayType>(T.getCanonicalType().getTypePtr()))
    return AT->getElementType()->isCharType();
  return false;
}
bool isFunctionPointerType(QualType T) {
  if (const auto *PT = T->getAs<PointerType>())
    return PT->getPointeeType()->isFunctionType();
  return false;
}
} // namespace

std::vector<TableEntry> tableEntries(const VarDecl *V, ASTContext &Ctx) {
  std::vector<TableEntry> Out;
  const auto *AT = dyn_cast<ArrayType>(V->getType().getCanonicalType().getTypePtr());
  if (!AT)
    return Out;
  const RecordDecl *RD = AT->getElementType()->getAsRecordDecl();
  if (!RD || RD->isUnion())
    return Out;
  int NameIdx = -1, FnIdx = -1, Idx = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (NameIdx < 0 && isStringType(F->getType()))
      NameIdx = Idx;
    else if (FnIdx < 0 && isFunctionPointerType(F->getType()))
      FnIdx = Idx;
    ++Idx;
  }
  if (NameIdx < 0 || FnIdx < 0)
    return Out;
  const auto *IL = dyn_cast_or_null<InitListExpr>(V->getInit());
  if (!IL)
    return Out;
  if (IL->isSyntacticForm() && IL->getSemanticForm())
    IL = IL->getSemanticForm();
  for (const Expr *E : IL->inits()) {
    const auto *EL = dyn_cast<InitListExpr>(E->IgnoreImplicit());
    if (!EL)
      continue;
    TableEntry T;
    T.Elem = EL;
    if (static_cast<unsigned>(NameIdx) < EL->getNumInits()) {
      auto S = stringValue(EL->getInit(NameIdx), Ctx);
      if (!S)
        continue;
      T.Name = *S;
    } else {
      continue;
    }
    if (static_cast<unsigned>(FnIdx) < EL->getNumInits())
      T.Handler = functionOf(EL->getInit(FnIdx));
    Out.push_back(std::move(T));
  }
  return Out;
}

NamePattern patternOption(const RuleConfig &Cfg, llvm::StringRef RuleId, llvm::StringRef Key,
                          llvm::StringRef Default) {
  NamePattern P;
  std::string Err;
  std::string V = Cfg.option(RuleId, Key, Default);
  if (V == Default || !P.set(V, Err))
    P.setTrusted(Default);
  return P;
}

std::string sourceText(SourceRange R, const ASTContext &Ctx, size_t Max) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange CR = Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isInvalid())
    return "";
  std::string T = Lexer::getSourceText(CR, SM, Ctx.getLangOpts()).str();
  if (T.size() > Max)
    T = T.substr(0, Max) + "...";
  return T;
}

std::string printable(llvm::StringRef S, size_t Max) {
  std::string Out;
  for (char C : S) {
    if (C == Unknown)
      Out += "...";
    else if (C == '\n')
      Out += "\\n";
    else if (static_cast<unsigned char>(C) < 0x20)
      Out += "?";
    else
      Out.push_back(C);
    if (Out.size() >= Max) {
      Out += "...";
      break;
    }
  }
  return Out;
}

} // namespace dbg
} // namespace cra
