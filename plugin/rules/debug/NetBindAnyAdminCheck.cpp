//===- NetBindAnyAdminCheck.cpp - net-bind-any-admin: debug/shell/admin services on every interface ===//
//
// Annex I (2)(j): a telnet, debug, factory or admin listener bound to INADDR_ANY / in6addr_any is
// reachable from the WAN side of a router (CVE-2014-0659 port 32764, TR-069 7547, Realtek 9034).
// The address is evaluated, never matched by spelling: INADDR_ANY and htonl(INADDR_ANY) fold to 0, a
// sockaddr cleared with memset/bzero or `= {0}` and never given an address is 0.0.0.0,
// inet_addr/inet_pton/inet_aton("0.0.0.0") are 0, lwIP's IP_ADDR_ANY names the all-zero ip_addr_any
// object (or NULL), mongoose listen URLs with host 0.0.0.0/[::]/empty bind every interface.
// The service must also be a debug/shell/admin one: its port is an admin port (config `admin-ports`),
// the port's macro or variable, the enclosing function, the listener's handler or a function the
// listener calls is named like one, or the function execs a shell.
// BIND rows: `sockaddr` (BSD bind: arg = address), `lwip-addr:P` (address arg, port at P),
// `listen-url:H` (URL arg, handler at H).
//
//===----------------------------------------------------------------------------------------------===//
#include "RuleBase.h"
#include "rules/debug/DebugAst.h"
#include "AstUtil.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace clang;
using namespace clang::ast_matchers;

namespace cra {
namespace {

enum class Addr { Unknown, Any, Specific };

struct Endpoint {
  Addr A = Addr::Unknown;
  std::optional<int64_t> Port;
  std::string PortName; ///< macro or variable the port was spelled with
  std::string AddrHow;  ///< how the any-address was set, for the message
};

bool isSwap(llvm::StringRef N) {
  return N == "htonl" || N == "htons" || N == "ntohl" || N == "ntohs" || N == "__bswap_32" ||
         N == "__bswap_16" || N == "__builtin_bswap32" || N == "__builtin_bswap16" || N == "lwip_htonl" ||
         N == "lwip_htons" || N == "PP_HTONL" || N == "PP_HTONS";
}

class NetBindAnyAdminCheck : public Rule {
public:
  NetBindAnyAdminCheck(const RuleMeta &M, RuleContext &C) : Rule(M, C) {
    Service = dbg::patternOption(C.config(), M.Id, "service-pattern", dbg::AdminServicePattern);
    std::string Ports = C.config().option(M.Id, "admin-ports", "23,2323,5555,7547,9999,32764");
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    llvm::StringRef(Ports).split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts) {
      unsigned N = 0;
      if (!P.trim().getAsInteger(10, N))
        AdminPorts.push_back(N);
    }
    Rows = dbg::rowsWithSemantics(C.sinks(), "BIND", {"sockaddr", "lwip-addr", "listen-url"});
  }

  void registerMatchers(NodeDispatch &Nodes) override {
    std::vector<std::string> Names = dbg::functionNames(Rows);
    if (Names.empty())
      return;
    std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
    Nodes.onCallTo(ast::nameSetOf(Refs), "call", this);
  }

  void run(const MatchFinder::MatchResult &R) override {
    const auto *C = R.Nodes.getNodeAs<CallExpr>("call");
    if (!C)
      return;
    const SinkRow *Row = dbg::rowFor(Rows, dbg::calleeName(C));
    if (!Row || Row->Arg < 0 || static_cast<unsigned>(Row->Arg) >= C->getNumArgs())
      return;
    auto [Kind, Param] = llvm::StringRef(Row->Semantics).split(':');
    unsigned PI = 0;
    bool HaveParam = !Param.getAsInteger(10, PI) && PI < C->getNumArgs();
    Endpoint E;
    const FunctionDecl *Handler = nullptr;
    if (Kind == "sockaddr")
      E = sockaddrEndpoint(C->getArg(Row->Arg), C);
    else if (Kind == "lwip-addr")
      E = lwipEndpoint(C->getArg(Row->Arg), HaveParam ? C->getArg(PI) : nullptr);
    else if (Kind == "listen-url") {
      E = urlEndpoint(C->getArg(Row->Arg));
      if (HaveParam)
        Handler = dbg::functionOf(C->getArg(PI));
    }
    if (E.A != Addr::Any)
      return;
    std::string Why = adminEvidence(C, E, Handler);
    if (Why.empty())
      return;
    std::string PortText = E.Port ? " port " + std::to_string(*E.Port) : std::string();
    report(C->getBeginLoc(), C->getSourceRange(),
           "debug/shell/admin service bound to every interface (" + E.AddrHow + ")" + PortText + ": " + Why,
           "bind the service to the loopback or a management interface only (INADDR_LOOPBACK, a "
           "configured address), or remove it from release builds");
  }

private:
  std::string adminEvidence(const CallExpr *C, const Endpoint &E, const FunctionDecl *Handler) {
    if (E.Port)
      for (unsigned P : AdminPorts)
        if (*E.Port == P)
          return "port " + std::to_string(P) + " is an admin/debug port";
    if (!E.PortName.empty() && Service.matches(dbg::nameWords(E.PortName)))
      return "the port is " + E.PortName;
    if (Handler && Service.matches(dbg::nameWords(Handler->getName())))
      return "its handler is " + Handler->getName().str() + "()";
    const FunctionDecl *Fn = dbg::enclosingFunction(C, ast());
    if (!Fn || !Fn->getBody())
      return "";
    if (Fn->getIdentifier() && Service.matches(dbg::nameWords(Fn->getName())))
      return "it is set up by " + Fn->getName().str() + "()";
    std::string Why;
    dbg::containsCall(Fn->getBody(), [&](const CallExpr *X) {
      if (X == C)
        return false;
      llvm::StringRef N = dbg::calleeName(X);
      if (!N.empty() && Service.matches(dbg::nameWords(N))) {
        Why = "the listener calls " + N.str() + "()";
        return true;
      }
      if ((N.starts_with("exec") || N == "system" || N == "popen") && X->getNumArgs() >= 1)
        if (auto P = dbg::stringValue(X->getArg(0), ast()); P && dbg::isShellProgram(llvm::StringRef(*P).split(' ').first)) {
          Why = "the listener runs a shell (" + N.str() + ")";
          return true;
        }
      return false;
    });
    return Why;
  }

  /// Value of an address expression: 0 -> Any, non-zero -> Specific.
  Addr addrValue(const Expr *E, std::string &How) {
    E = dbg::strip(E);
    // A field a designated initialiser left out (`{.sin_family = AF_INET, .sin_port = ...}`) is zero.
    if (isa<ImplicitValueInitExpr>(E)) {
      How = "an all-zero address";
      return Addr::Any;
    }
    if (const auto *C = dyn_cast<CallExpr>(E)) {
      llvm::StringRef N = dbg::calleeName(C);
      if (isSwap(N) && C->getNumArgs() == 1)
        return addrValue(C->getArg(0), How);
      if ((N == "inet_addr") && C->getNumArgs() == 1) {
        auto S = dbg::stringValue(C->getArg(0), ast());
        if (!S)
          return Addr::Unknown;
        How = N.str() + "(\"" + *S + "\")";
        return *S == "0.0.0.0" ? Addr::Any : Addr::Specific;
      }
      return Addr::Unknown;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        if (!V->hasLocalStorage() && V->getType()->isRecordType()) {
          // in6addr_any (glibc: extern const struct in6_addr, no visible initialiser).
          if (const Expr *Init = V->getAnyInitializer())
            return allZero(Init) ? (How = V->getName().str(), Addr::Any) : Addr::Specific;
          if (V->getName() == "in6addr_any") {
            How = "in6addr_any";
            return Addr::Any;
          }
          return Addr::Specific;
        }
    if (isa<InitListExpr>(E)) {
      if (allZero(E)) {
        How = "an all-zero address";
        return Addr::Any;
      }
      return Addr::Specific;
    }
    auto V = dbg::intValue(E, ast());
    if (!V)
      return Addr::Unknown;
    if (*V == 0) {
      std::vector<std::string> M = dbg::macroNames(E->getBeginLoc(), ast());
      How = M.empty() ? "address 0" : M.back() + " = 0";
      return Addr::Any;
    }
    return Addr::Specific;
  }

  bool allZero(const Expr *E) {
    E = dbg::strip(E);
    if (isa<ImplicitValueInitExpr>(E))
      return true;
    if (const auto *IL = dyn_cast<InitListExpr>(E)) {
      for (const Expr *I : IL->inits())
        if (!allZero(I))
          return false;
      return true;
    }
    auto V = dbg::intValue(E, ast());
    return V && *V == 0;
  }

  std::optional<int64_t> portValue(const Expr *E, std::string &Name) {
    E = dbg::strip(E);
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (isSwap(dbg::calleeName(C)) && C->getNumArgs() == 1)
        return portValue(C->getArg(0), Name);
    std::vector<std::string> M = dbg::macroNames(E->getBeginLoc(), ast());
    for (const std::string &N : M)
      if (N != "htons" && N != "PP_HTONS" && N.find("bswap") == std::string::npos) {
        Name = N;
        break;
      }
    if (Name.empty())
      if (const auto *DR = dyn_cast<DeclRefExpr>(E))
        Name = DR->getDecl()->getName().str();
    return dbg::intValue(E, ast());
  }

  /// Field name of a member chain relative to the sockaddr variable: "sin_addr.s_addr".
  static std::string fieldPath(const Expr *E, const VarDecl *V) {
    std::string Path;
    E = dbg::strip(E);
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      if (U->getOpcode() == UO_AddrOf)
        E = dbg::strip(U->getSubExpr());
    while (const auto *ME = dyn_cast<MemberExpr>(E)) {
      Path = Path.empty() ? ME->getMemberDecl()->getName().str()
                          : ME->getMemberDecl()->getName().str() + "." + Path;
      E = dbg::strip(ME->getBase());
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      if (U->getOpcode() == UO_Deref)
        E = dbg::strip(U->getSubExpr());
    const auto *DR = dyn_cast<DeclRefExpr>(E);
    return DR && DR->getDecl() == V ? Path : std::string("?");
  }

  static bool isAddrField(llvm::StringRef P) {
    return P == "sin_addr" || P == "sin_addr.s_addr" || P == "sin6_addr";
  }
  static bool isPortField(llvm::StringRef P) { return P == "sin_port" || P == "sin6_port"; }

  /// Walks the initialiser and the writes before the bind in source order.
  Endpoint sockaddrEndpoint(const Expr *Arg, const CallExpr *Bind) {
    Endpoint E;
    const VarDecl *V = dbg::baseVar(Arg);
    const FunctionDecl *Fn = dbg::enclosingFunction(Bind, ast());
    if (!V || !Fn || !Fn->getBody())
      return E;
    const RecordDecl *RD = V->getType()->getAsRecordDecl();
    if (!RD && V->getType()->isPointerType())
      RD = V->getType()->getPointeeType()->getAsRecordDecl();
    if (!RD)
      return E;
    llvm::StringRef RN = RD->getName();
    if (RN != "sockaddr_in" && RN != "sockaddr_in6" && RN != "sockaddr_storage")
      return E;
    if (const auto *IL = dyn_cast_or_null<InitListExpr>(V->getInit())) {
      // struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(23)};  (address 0)
      unsigned Idx = 0;
      E.A = Addr::Any;
      E.AddrHow = "an initialiser that leaves the address 0";
      for (const FieldDecl *F : RD->fields()) {
        if (Idx < IL->getNumInits()) {
          if (isAddrField(F->getName())) {
            std::string How;
            Addr A = addrValue(IL->getInit(Idx), How);
            if (A != Addr::Any)
              E.A = A;
            else if (!How.empty() && How != "an all-zero address")
              E.AddrHow = How;
          } else if (isPortField(F->getName())) {
            E.Port = portValue(IL->getInit(Idx), E.PortName);
          }
        }
        ++Idx;
      }
    }
    const SourceManager &SM = ast().getSourceManager();
    SourceLocation BindLoc = SM.getExpansionLoc(Bind->getBeginLoc());
    dbg::walk(Fn->getBody(), [&](const Stmt *S) {
      if (!SM.isBeforeInTranslationUnit(SM.getExpansionLoc(S->getBeginLoc()), BindLoc))
        return false;
      if (const auto *B = dyn_cast<BinaryOperator>(S)) {
        if (B->getOpcode() != BO_Assign)
          return true;
        std::string P = fieldPath(B->getLHS(), V);
        if (isAddrField(P)) {
          std::string How;
          E.A = addrValue(B->getRHS(), How);
          E.AddrHow = How;
        } else if (isPortField(P)) {
          E.PortName.clear();
          E.Port = portValue(B->getRHS(), E.PortName);
        }
        return true;
      }
      const auto *C = dyn_cast<CallExpr>(S);
      if (!C || C->getNumArgs() < 2)
        return true;
      llvm::StringRef N = dbg::calleeName(C);
      if ((N == "memset" && C->getNumArgs() >= 3 && dbg::baseVar(C->getArg(0)) == V &&
           fieldPath(C->getArg(0), V).empty() && dbg::intValue(C->getArg(1), ast()) == 0) ||
          (N == "bzero" && dbg::baseVar(C->getArg(0)) == V && fieldPath(C->getArg(0), V).empty())) {
        E.A = Addr::Any;
        E.AddrHow = N.str() + " leaves the address 0.0.0.0";
        E.Port.reset();
        return true;
      }
      if ((N == "inet_pton" && C->getNumArgs() >= 3 && isAddrField(fieldPath(C->getArg(2), V))) ||
          (N == "inet_aton" && isAddrField(fieldPath(C->getArg(1), V)))) {
        auto Str = dbg::stringValue(C->getArg(N == "inet_pton" ? 1 : 0), ast());
        E.A = !Str ? Addr::Unknown : (*Str == "0.0.0.0" || *Str == "::") ? Addr::Any : Addr::Specific;
        E.AddrHow = N.str() + "(\"" + (Str ? *Str : std::string("?")) + "\")";
        return true;
      }
      if ((N == "memcpy" || N == "memmove") && C->getNumArgs() >= 3 &&
          isAddrField(fieldPath(C->getArg(0), V))) {
        std::string How;
        const Expr *Src = dbg::strip(C->getArg(1));
        if (const auto *U = dyn_cast<UnaryOperator>(Src))
          if (U->getOpcode() == UO_AddrOf)
            Src = U->getSubExpr();
        E.A = addrValue(Src, How);
        E.AddrHow = How;
        return true;
      }
      return true;
    });
    return E;
  }

  /// lwIP: tcp_bind(pcb, IP_ADDR_ANY, port) / netconn_bind(conn, NULL, port).
  Endpoint lwipEndpoint(const Expr *AddrArg, const Expr *PortArg) {
    Endpoint E;
    const Expr *A = dbg::strip(AddrArg);
    if (AddrArg->isNullPointerConstant(ast(), Expr::NPC_ValueDependentIsNotNull)) {
      E.A = Addr::Any;
      E.AddrHow = "a NULL address";
    } else {
      if (const auto *U = dyn_cast<UnaryOperator>(A))
        if (U->getOpcode() == UO_AddrOf)
          A = dbg::strip(U->getSubExpr());
      if (const auto *DR = dyn_cast<DeclRefExpr>(A))
        if (const auto *V = dyn_cast<VarDecl>(DR->getDecl())) {
          if (const Expr *Init = V->getAnyInitializer()) {
            E.A = allZero(Init) ? Addr::Any : Addr::Specific;
          } else if (!V->hasLocalStorage()) {
            // lwIP's shared constant all-zero address objects (declared extern in ip_addr.h).
            llvm::StringRef N = V->getName();
            if (N == "ip_addr_any" || N == "ip4_addr_any" || N == "ip_addr_any_type" || N == "ip6_addr_any")
              E.A = Addr::Any;
          }
          if (E.A == Addr::Any) {
            std::vector<std::string> M = dbg::macroNames(AddrArg->getBeginLoc(), ast());
            E.AddrHow = M.empty() ? V->getName().str() : M.back();
          }
        }
    }
    if (PortArg)
      E.Port = portValue(PortArg, E.PortName);
    return E;
  }

  /// mongoose: "tcp://0.0.0.0:23", "http://[::]:80", ":23", "23" (6.x).
  Endpoint urlEndpoint(const Expr *UrlArg) {
    Endpoint E;
    auto U = dbg::stringValue(UrlArg, ast());
    if (!U || U->find(dbg::Unknown) != std::string::npos)
      return E;
    llvm::StringRef S = *U;
    size_t Scheme = S.find("://");
    if (Scheme != llvm::StringRef::npos)
      S = S.substr(Scheme + 3);
    S = S.split('/').first;
    llvm::StringRef Host, PortText;
    if (S.starts_with("[")) {
      Host = S.substr(1).split(']').first;
      PortText = S.split("]:").second;
    } else if (S.contains(':')) {
      std::tie(Host, PortText) = S.rsplit(':');
    } else if (!S.empty() && std::all_of(S.begin(), S.end(), [](char C) { return C >= '0' && C <= '9'; })) {
      PortText = S;
    } else {
      Host = S;
    }
    unsigned P = 0;
    if (!PortText.empty() && !PortText.getAsInteger(10, P))
      E.Port = P;
    if (Host.empty() || Host == "0.0.0.0" || Host == "::" || Host == "*") {
      E.A = Addr::Any;
      E.AddrHow = "listen URL \"" + *U + "\"";
    } else {
      E.A = Addr::Specific;
    }
    return E;
  }

  dbg::NamePattern Service;
  std::vector<unsigned> AdminPorts;
  std::vector<const SinkRow *> Rows;
};

} // namespace

CRA_RULE_FACTORY(NetBindAnyAdminCheck)

} // namespace cra
