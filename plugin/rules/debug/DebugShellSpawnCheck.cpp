//===- DebugShellSpawnCheck.cpp - debug-shell-spawn: code that starts a remote shell or shell service ===//
//
// Annex I (2)(j): `telnetd -l /bin/sh`, `dropbear -B`, `nc -l -p N -e /bin/sh`, `busybox httpd -h /` or
// a socket dup2'ed onto stdin before exec'ing an interactive /bin/sh give anyone on the network a shell
// (CVE-2014-9583, the D-Link "Alphanetworks" telnetd, Tomato/Netgear telnetenable). The rule reads the
// EXEC rows of the sink table:
//   command          the argument is a shell command line (system, popen, vendor wrappers)
//   command-format   the argument is a printf format expanded with its arguments (doSystem)
//   argv-list[:P]    variadic argv from the argument on, program path at argument P (execl*)
//   argv-array[:P]   a char *argv[] initialised in place (execv*, posix_spawn, _eval)
//   starter          calling the function starts a shell service (lwIP contrib shell_init)
// and folds the command (literals, macros, const strings, buffers built with snprintf/strcpy/strcat).
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

const char *const SocketNamePattern =
    "(^|[^a-z])(sock|sockfd|socket|sd|conn|connfd|client|cfd|csock|peer|remote|newsock|new_fd|nsock|s_?fd)"
    "([^a-z]|$)";

class DebugShellSpawnCheck : public Rule {
public:
  DebugShellSpawnCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    SocketName = dbg::patternOption(C.config(), M.Id, "socket-pattern", SocketNamePattern);
    Rows = dbg::rowsWithSemantics(C.sinks(), "EXEC",
                                  {"command", "command-format", "argv-list", "argv-array", "starter"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
    Names.push_back("dup2");
    Names.push_back("dup3");
    std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
    Nodes.onCallTo(ast::nameSetOf(Refs), "call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *C = R.Nodes.getNodeAs<CallExpr>("call");
    if (!C)
      return;
    llvm::StringRef Name = dbg::calleeName(C);
    if (Name == "dup2" || Name == "dup3") {
      onDup(C);
      return;
    }
    for (const SinkRow *Row : Rows)
      if (Row->Function == Name && dbg::isShellExecRow(*Row) && onExec(C, *Row))
        return;
  }

  void onEndOfTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    for (const auto &[Exec, Fn] : ShellExecs) {
      for (const auto &[Dup, DupFn] : Dups) {
        if (DupFn != Fn || !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Dup->getBeginLoc()),
                                                         SM.getExpansionLoc(Exec->getBeginLoc())))
          continue;
        report(Exec->getBeginLoc(), Exec->getSourceRange(),
               "a network socket is duplicated onto the standard streams (" +
                   dbg::sourceText(Dup->getSourceRange(), Ctx, 40) +
                   ") and a shell is executed: this is a remote shell",
               "remove the remote shell from the product; provide maintenance access through an "
               "authenticated, encrypted service");
        break;
      }
    }
    ShellExecs.clear();
    Dups.clear();
  }

private:
  bool onExec(const CallExpr *C, const SinkRow &Row) {
    llvm::StringRef Head = llvm::StringRef(Row.Semantics).split(':').first;
    if (Head == "starter") {
      report(C->getBeginLoc(), C->getSourceRange(),
             dbg::calleeName(C).str() + "() starts a shell service" +
                 (Row.Note.empty() ? std::string() : " (" + Row.Note + ")"),
             "do not start the shell service in release builds (build option or #if)");
      return true;
    }
    if (Head == "command" || Head == "command-format") {
      auto Cmd = dbg::execCommand(C, Row, ast());
      if (!Cmd)
        return false;
      std::string V = dbg::remoteShellInCommand(*Cmd);
      if (!V.empty()) {
        reportSpawn(C, V, *Cmd);
        return true;
      }
      // `system("/bin/sh")` after dup2(sock, 0) is the same remote shell.
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      llvm::StringRef(*Cmd).split(Parts, ' ', -1, false);
      std::vector<std::string> Words(Parts.begin(), Parts.end());
      if (!Words.empty() && interactiveShell(Words))
        ShellExecs.push_back({C, dbg::enclosingFunction(C, ast())});
      return false;
    }
    std::vector<std::string> Argv;
    std::string Path;
    if (!dbg::execArgv(C, Row, ast(), Argv, Path))
      return false;
    std::vector<std::string> Words = Argv;
    if (!Path.empty() && Path.find(dbg::Unknown) == std::string::npos) {
      if (Words.empty())
        Words.push_back(Path);
      else
        Words[0] = Path; // what runs is the path, argv[0] is only a name
    }
    if (Words.empty())
      return false;
    std::string V = dbg::remoteShellInArgv(Words);
    if (!V.empty()) {
      std::string Joined;
      for (const std::string &W : Words)
        Joined += (Joined.empty() ? "" : " ") + W;
      reportSpawn(C, V, Joined);
      return true;
    }
    if (interactiveShell(Words))
      ShellExecs.push_back({C, dbg::enclosingFunction(C, ast())});
    return false;
  }

  /// A shell that reads its commands from stdin: no `-c COMMAND` (a CGI server's `sh -c script`
  /// with the client socket on stdout runs a fixed program, not a shell for the peer).
  static bool interactiveShell(const std::vector<std::string> &Words) {
    if (Words.empty() || !dbg::isShellProgram(Words[0]))
      return false;
    for (size_t I = 1; I < Words.size(); ++I)
      if (Words[I] == "-c")
        return false;
    return true;
  }

  void reportSpawn(const CallExpr *C, llvm::StringRef What, llvm::StringRef Cmd) {
    report(C->getBeginLoc(), C->getSourceRange(),
           (dbg::calleeName(C) + "(\"" + dbg::printable(Cmd) + "\") " + What).str(),
           "remove the shell service from the product; if field maintenance needs a shell, use an "
           "authenticated, encrypted service that is off by default");
  }

  /// dup2(fd, 0) where fd is a socket: from socket()/accept() in the function, or named like one. Only
  /// stdin matters: a shell whose input is the socket takes the peer's commands; a socket on stdout
  /// alone is how CGI servers hand a client to a script. A target that does not fold
  /// (`for (i = 0; i < 3; i++) dup2(s, i)`) may be stdin.
  void onDup(const CallExpr *C) {
    if (C->getNumArgs() < 2)
      return;
    auto Target = dbg::intValue(C->getArg(1), ast());
    if (Target && *Target != 0)
      return;
    const Expr *Src = dbg::strip(C->getArg(0));
    bool Socket = false;
    if (const auto *SC = dyn_cast<CallExpr>(Src))
      Socket = isSocketCall(SC);
    const VarDecl *V = dbg::baseVar(Src);
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    if (!Socket && V) {
      if (SocketName.matches(dbg::storageName(Src)))
        Socket = true;
      else if (V->getInit() && isa<CallExpr>(dbg::strip(V->getInit())))
        Socket = isSocketCall(cast<CallExpr>(dbg::strip(V->getInit())));
      if (!Socket && Fn && Fn->getBody())
        dbg::walk(Fn->getBody(), [&](const Stmt *S) {
          if (const auto *B = dyn_cast<BinaryOperator>(S))
            if (B->getOpcode() == BO_Assign && dbg::baseVar(B->getLHS()) == V)
              if (const auto *RC = dyn_cast<CallExpr>(dbg::strip(B->getRHS())))
                if (isSocketCall(RC)) {
                  Socket = true;
                  return false;
                }
          return true;
        });
    }
    if (Socket)
      Dups.push_back({C, Fn});
  }

  static bool isSocketCall(const CallExpr *C) {
    llvm::StringRef N = dbg::calleeName(C);
    return N == "socket" || N == "accept" || N == "accept4" || N == "connect_to" || N == "tcp_connect";
  }

  dbg::NamePattern SocketName;
  std::vector<const SinkRow *> Rows;
  std::vector<std::pair<const CallExpr *, const FunctionDecl *>> ShellExecs;
  std::vector<std::pair<const CallExpr *, const FunctionDecl *>> Dups;
};

} // namespace

CRA_RULE_FACTORY(DebugShellSpawnCheck)

} // namespace cra
