//===- DebugCliCommandCheck.cpp - debug-cli-command: debug verbs in command tables, text to a shell ===//
//
// Annex I (2)(j): UART/telnet/UDP command interpreters keep `shell`, `exec`, `memdump`, `peek`/`poke`,
// `factory` verbs in release images (CVE-2021-35394 Realtek UDP "MP daemon", many vendor consoles).
// Three shapes:
//   - static {name, handler} arrays whose name is a debug verb (when the array is a command table:
//     named like one, or its handlers take argc/argv), or whose handler hands its arguments to a shell (EXEC "command" rows with a non-constant command built from the handler's parameters);
//   - registration calls from the ROUTE rows "cli-field:F" (a struct whose Selector field is the
//     command name: esp_console_cmd_register, FreeRTOS_CLIRegisterCommand) and "cli-register:H";
//   - a function that receives text (recv, recvfrom, read, fgets, uart_read_bytes, ...) and passes it,
//     directly or through snprintf/strcpy/pointer arithmetic, to a shell command. The finding is put on
//     the verb comparison that selects the branch when there is one (`strncmp(pkt, "diag_exec ", 10)`).
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

/// Functions that fill a buffer with received text: name and the index of the buffer argument.
struct Source {
  const char *Name;
  unsigned Buf;
};
const Source Sources[] = {{"recv", 1},       {"recvfrom", 1},         {"read", 1},
                          {"fgets", 0},      {"getline", 0},          {"getdelim", 0},
                          {"uart_read_bytes", 1}, {"HAL_UART_Receive", 1}, {"serial_read", 1},
                          {"uart_read", 1},  {"SSL_read", 1},         {"mbedtls_ssl_read", 1}};
/// Functions returning received text.
const char *const ReturnSources[] = {"readline", "linenoise", "websGetVar", "nvram_get_recv"};

/// Words (over nameWords) that make a {name, handler} array a command table.
const char *const CommandTablePattern =
    "(^|[^a-z])(cmds?|commands?|cli|console|con|shell|verbs?|menu|uart|serial|monitor|mon|tty|"
    "dispatch|opcodes?|ops|actions?|builtins?)([^a-z]|$)";

class DebugCliCommandCheck : public Rule {
public:
  DebugCliCommandCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Verb = dbg::patternOption(C.config(), M.Id, "verb-pattern", dbg::DebugVerbPattern);
    TableName = dbg::patternOption(C.config(), M.Id, "table-pattern", CommandTablePattern);
    ExecRows = dbg::rowsWithSemantics(C.sinks(), "EXEC", {"command"});
    CliRows = dbg::rowsWithSemantics(C.sinks(), "ROUTE", {"cli-field", "cli-register"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    Nodes.onVarWithInitializer("table", this);
    std::vector<std::string> Names = dbg::functionNames(ExecRows);
    for (const std::string &N : dbg::functionNames(CliRows))
      Names.push_back(N);
    if (!Names.empty()) {
      std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
      Nodes.onCallTo(ast::nameSetOf(Refs), "call", this);
    }
  }

  void run(const MatchFinder::MatchResult &R) override {
    if (const auto *V = R.Nodes.getNodeAs<VarDecl>("table")) {
      if (isa_and_nonnull<InitListExpr>(V->getAnyInitializer()))
        onTable(V);
    }
    else if (const auto *C = R.Nodes.getNodeAs<CallExpr>("call"))
      onCall(C);
  }

private:
  llvm::DenseMap<const FunctionDecl *, bool> ShellHandlers;

  bool isDebugVerb(llvm::StringRef Name) const {
    llvm::StringRef N = Name.trim();
    return !N.empty() && !N.starts_with("/") && Verb.matches(N);
  }

  void reportEntry(const Expr *At, llvm::StringRef Name, llvm::StringRef Where, bool Shell) {
    std::string Msg = "command '" + dbg::printable(Name) + "' in " + Where.str();
    Msg += Shell ? " passes its arguments to a shell" : " is a debug command (memory access, shell, "
                                                        "factory or test function)";
    report(At->getBeginLoc(), At->getSourceRange(), Msg,
           "remove debug commands from release builds (build option or #if), or require an "
           "authenticated privileged session for them");
  }

  /// A {name, handler} table is a command table when it is named like one (the variable, its record
  /// type or a field: g_console, struct cli_cmd, .command) or a handler takes an argc/argv pair. A
  /// log-level table {"debug", log_debug} or a codec table holds names, not commands.
  bool isCommandTable(const VarDecl *V, const std::vector<dbg::TableEntry> &Entries) const {
    if (TableName.matches(dbg::nameWords(V->getName())))
      return true;
    const auto *AT = dyn_cast<ArrayType>(V->getType().getCanonicalType().getTypePtr());
    if (const RecordDecl *RD = AT ? AT->getElementType()->getAsRecordDecl() : nullptr) {
      std::string RN = RD->getName().str();
      if (RN.empty())
        if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
          RN = TD->getName().str();
      if (TableName.matches(dbg::nameWords(RN)))
        return true;
      for (const FieldDecl *F : RD->fields())
        if (TableName.matches(dbg::nameWords(F->getName())))
          return true;
    }
    for (const dbg::TableEntry &E : Entries) {
      if (!E.Handler)
        continue;
      for (unsigned I = 0; I + 1 < E.Handler->getNumParams(); ++I) {
        QualType A = E.Handler->getParamDecl(I)->getType();
        QualType B = E.Handler->getParamDecl(I + 1)->getType();
        const auto *P1 = B->getAs<PointerType>();
        const auto *P2 = P1 ? P1->getPointeeType()->getAs<PointerType>() : nullptr;
        if (A->isIntegerType() && P2 && P2->getPointeeType()->isCharType())
          return true;
      }
    }
    return false;
  }

  void onTable(const VarDecl *V) {
    std::vector<dbg::TableEntry> Entries = dbg::tableEntries(V, ast());
    bool Commands = !Entries.empty() && isCommandTable(V, Entries);
    for (const dbg::TableEntry &E : Entries) {
      if (llvm::StringRef(E.Name).starts_with("/"))
        continue; // URL tables are debug-route's
      bool Shell = E.Handler && handlerPassesArgsToShell(E.Handler);
      if (Shell || (Commands && isDebugVerb(E.Name)))
        reportEntry(E.Elem, E.Name, "the command table '" + V->getName().str() + "'", Shell);
    }
  }

  void onCall(const CallExpr *C) {
    llvm::StringRef Name = dbg::calleeName(C);
    for (const SinkRow *Row : CliRows) {
      if (Row->Function != Name || Row->Arg < 0 || static_cast<unsigned>(Row->Arg) >= C->getNumArgs())
        continue;
      auto [Kind, Param] = llvm::StringRef(Row->Semantics).split(':');
      std::string Verb;
      const FunctionDecl *H = nullptr;
      if (Kind == "cli-register") {
        auto N = dbg::stringValue(C->getArg(Row->Arg), ast());
        if (!N)
          continue;
        Verb = *N;
        unsigned HI = 0;
        if (!Param.getAsInteger(10, HI) && HI < C->getNumArgs())
          H = dbg::functionOf(C->getArg(HI));
      } else {
        // cli-field: the argument points at a struct initialised in place.
        const VarDecl *V = dbg::baseVar(C->getArg(Row->Arg));
        const RecordDecl *RD = V ? V->getType()->getAsRecordDecl() : nullptr;
        const auto *IL = V ? dyn_cast_or_null<InitListExpr>(V->getAnyInitializer()) : nullptr;
        if (!RD || !IL)
          continue;
        llvm::StringRef Field = llvm::StringRef(Row->Selector).ltrim(".");
        unsigned Idx = 0;
        for (const FieldDecl *F : RD->fields()) {
          if (Idx < IL->getNumInits()) {
            if (F->getName() == Field)
              if (auto N = dbg::stringValue(IL->getInit(Idx), ast()))
                Verb = *N;
            if (!Param.empty() && F->getName() == Param)
              H = dbg::functionOf(IL->getInit(Idx));
          }
          ++Idx;
        }
      }
      if (Verb.empty())
        continue;
      bool Shell = H && handlerPassesArgsToShell(H);
      if (Shell || isDebugVerb(Verb))
        reportEntry(C, Verb, "the command registered with " + Name.str() + "()", Shell);
      return;
    }
    for (const SinkRow *Row : ExecRows)
      if (Row->Function == Name) {
        onExec(C, *Row);
        return;
      }
  }

  /// A command handler whose body runs a shell command built from one of its parameters.
  bool handlerPassesArgsToShell(const FunctionDecl *H) {
    const FunctionDecl *Def = nullptr;
    if (!H->hasBody(Def) || !Def)
      return false;
    // One answer per handler: tables list the same handlers many times.
    auto [It, New] = ShellHandlers.try_emplace(Def, false);
    if (New)
      It->second = bodyPassesArgsToShell(Def);
    return It->second;
  }

  bool bodyPassesArgsToShell(const FunctionDecl *Def) {
    llvm::SmallPtrSet<const VarDecl *, 8> Tainted;
    for (const ParmVarDecl *P : Def->parameters())
      Tainted.insert(P);
    propagate(Def->getBody(), Tainted);
    return dbg::containsCall(Def->getBody(), [&](const CallExpr *C) {
      const SinkRow *Row = execRow(C);
      return Row && static_cast<unsigned>(Row->Arg) < C->getNumArgs() &&
             mentions(C->getArg(Row->Arg), Tainted);
    });
  }

  const SinkRow *execRow(const CallExpr *C) const {
    llvm::StringRef N = dbg::calleeName(C);
    if (N.empty())
      return nullptr;
    for (const SinkRow *Row : ExecRows)
      if (Row->Function == N && Row->Arg >= 0)
        return Row;
    return nullptr;
  }

  static bool mentions(const Stmt *S, const llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
    bool Found = false;
    dbg::walk(S, [&](const Stmt *X) {
      if (const auto *DR = dyn_cast<DeclRefExpr>(X))
        if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
          if (Vars.count(V)) {
            Found = true;
            return false;
          }
      return true;
    });
    return Found;
  }

  /// Copies, formats and pointer arithmetic carry received text into other variables.
  void propagate(const Stmt *Body, llvm::SmallPtrSetImpl<const VarDecl *> &T) {
    for (unsigned Round = 0; Round < 3; ++Round) {
      size_t Before = T.size();
      dbg::walk(Body, [&](const Stmt *S) {
        if (const auto *DS = dyn_cast<DeclStmt>(S)) {
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D))
              if (V->getInit() && V->getType()->isPointerType() && mentions(V->getInit(), T))
                T.insert(V);
        } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
          if (B->getOpcode() == BO_Assign && B->getLHS()->getType()->isPointerType())
            if (const VarDecl *V = dbg::baseVar(B->getLHS()))
              if (mentions(B->getRHS(), T))
                T.insert(V);
        } else if (const auto *C = dyn_cast<CallExpr>(S)) {
          llvm::StringRef N = dbg::calleeName(C);
          if (C->getNumArgs() >= 2 &&
              (N == "snprintf" || N == "sprintf" || N == "strcpy" || N == "strncpy" || N == "strcat" ||
               N == "strncat" || N == "memcpy" || N == "memmove" || N == "strlcpy" || N == "strlcat"))
            if (const VarDecl *V = dbg::baseVar(C->getArg(0)))
              for (unsigned I = 1; I < C->getNumArgs(); ++I)
                if (mentions(C->getArg(I), T)) {
                  T.insert(V);
                  break;
                }
        }
        return true;
      });
      if (T.size() == Before)
        break;
    }
  }

  /// recv(fd, pkt, ...) ... system(pkt + 10): received text run as a command.
  void onExec(const CallExpr *Exec, const SinkRow &Row) {
    if (Row.Arg < 0 || static_cast<unsigned>(Row.Arg) >= Exec->getNumArgs())
      return;
    const Expr *Cmd = Exec->getArg(Row.Arg);
    bool Format = llvm::StringRef(Row.Semantics).starts_with("command-format");
    if (auto S = Format ? dbg::execCommand(Exec, Row, ast()) : dbg::stringValue(Cmd, ast()))
      if (S->find(dbg::Unknown) == std::string::npos)
        return; // a constant command is debug-shell-spawn's business
    const FunctionDecl *Fn = dbg::enclosingFunction(Exec, ast());
    if (!Fn || !Fn->getBody())
      return;
    llvm::SmallPtrSet<const VarDecl *, 8> Tainted;
    std::string Via;
    dbg::walk(Fn->getBody(), [&](const Stmt *S) {
      const auto *C = dyn_cast<CallExpr>(S);
      if (!C)
        return true;
      llvm::StringRef N = dbg::calleeName(C);
      for (const Source &Src : Sources)
        if (N == Src.Name && Src.Buf < C->getNumArgs())
          if (const VarDecl *V = dbg::baseVar(C->getArg(Src.Buf))) {
            Tainted.insert(V);
            Via = N.str();
          }
      return true;
    });
    // char *line = readline("> ");
    dbg::walk(Fn->getBody(), [&](const Stmt *S) {
      auto fromReturn = [&](const Expr *E) {
        if (const auto *C = dyn_cast<CallExpr>(dbg::strip(E)))
          for (const char *R : ReturnSources)
            if (dbg::calleeName(C) == R) {
              Via = R;
              return true;
            }
        return false;
      };
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            if (V->getInit() && fromReturn(V->getInit()))
              Tainted.insert(V);
      } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->getOpcode() == BO_Assign && fromReturn(B->getRHS()))
          if (const VarDecl *V = dbg::baseVar(B->getLHS()))
            Tainted.insert(V);
      }
      return true;
    });
    if (Tainted.empty())
      return;
    propagate(Fn->getBody(), Tainted);
    bool Reaches = false;
    for (unsigned I = Row.Arg; I < Exec->getNumArgs() && !Reaches; ++I)
      Reaches = (I == static_cast<unsigned>(Row.Arg) || Format) && mentions(Exec->getArg(I), Tainted);
    if (!Reaches)
      return;
    // Put the finding on the verb test that selects this branch, when there is one.
    const Stmt *Child = Exec;
    const Stmt *P = dbg::parentStmt(Exec, ast());
    for (unsigned Guard = 0; P && Guard < 32; ++Guard) {
      if (const auto *If = dyn_cast<IfStmt>(P))
        if (Child != If->getCond())
          if (const CallExpr *Cmp = verbCompare(If->getCond(), Tainted)) {
            std::string VerbText;
            for (const Expr *A : Cmp->arguments())
              if (auto S = dbg::stringValue(A, ast()); S && isa<StringLiteral>(dbg::strip(A)))
                VerbText = *S;
            report(Cmp->getBeginLoc(), Cmp->getSourceRange(),
                   "received text (" + Via + ") selected by the verb '" + dbg::printable(VerbText) +
                       "' is run as a shell command by " + dbg::calleeName(Exec).str() +
                       "(): a network/console command backdoor",
                   "remove the command from release builds; never pass received text to a shell");
            return;
          }
      Child = P;
      P = dbg::parentStmt(P, ast());
    }
    report(Exec->getBeginLoc(), Exec->getSourceRange(),
           "received text (" + Via + ") is run as a shell command by " + dbg::calleeName(Exec).str() +
               "(): a network/console command backdoor",
           "remove the command interpreter from release builds; never pass received text to a shell");
  }

  const CallExpr *verbCompare(const Expr *Cond, const llvm::SmallPtrSetImpl<const VarDecl *> &T) {
    const CallExpr *Found = nullptr;
    dbg::walk(Cond, [&](const Stmt *S) {
      const auto *C = dyn_cast<CallExpr>(S);
      if (!C || C->getNumArgs() < 2)
        return true;
      llvm::StringRef N = dbg::calleeName(C);
      if (N != "strncmp" && N != "strcmp" && N != "memcmp" && N != "strcasecmp" && N != "strncasecmp" &&
          N != "strstr")
        return true;
      bool Lit = isa<StringLiteral>(dbg::strip(C->getArg(0))) || isa<StringLiteral>(dbg::strip(C->getArg(1)));
      if (Lit && (mentions(C->getArg(0), T) || mentions(C->getArg(1), T))) {
        Found = C;
        return false;
      }
      return true;
    });
    return Found;
  }

  dbg::NamePattern Verb, TableName;
  std::vector<const SinkRow *> ExecRows, CliRows;
};

} // namespace

CRA_RULE_FACTORY(DebugCliCommandCheck)

} // namespace cra
