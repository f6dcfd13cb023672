//===- CredUrlUserinfoCheck.cpp - cred-url-userinfo -----------------------------------------------===//
//
// A literal URL carries a password in its userinfo: "ftp://fwupd:s3cret@10.0.0.2/", "mqtt://dev:pw@broker",
// "redis://:pw@host". RFC 3986 3.2.1 deprecates "user:password" in userinfo because the URL is logged,
// shown and stored in the clear; in firmware it is also the same password on every unit. A password
// that is a placeholder or a format conversion ("%s", "${PASS}", "<password>") is not flagged, nor are
// documentation hosts (RFC 2606 / RFC 6761: example.com, *.example, *.test, *.invalid).
// docs/rules/cred-url-userinfo.md.
//
//===----------------------------------------------------------------------------------------------===//
#include "AstUtil.h"
#include "CredUtil.h"
#include "RuleBase.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <cctype>

namespace cra {

namespace {
using namespace clang::ast_matchers;

struct Userinfo {
  std::string Scheme, User, Password, Host;
};

bool isDocumentationHost(llvm::StringRef H) {
  std::string L = H.lower();
  llvm::StringRef S(L);
  for (const char *D : {"example.com", "example.net", "example.org"})
    if (S == D || S.ends_with(std::string(".") + D))
      return true;
  for (const char *T : {".example", ".test", ".invalid"})
    if (S.ends_with(T))
      return true;
  return S == "example" || S == "host" || S == "hostname" || S == "server";
}

/// Every scheme://user:password@host in V.
std::vector<Userinfo> findUserinfo(llvm::StringRef V) {
  std::vector<Userinfo> Out;
  size_t From = 0;
  while (true) {
    size_t P = V.find("://", From);
    if (P == llvm::StringRef::npos)
      break;
    From = P + 3;
    size_t B = P;
    while (B > 0 && (std::isalnum(static_cast<unsigned char>(V[B - 1])) || V[B - 1] == '+' || V[B - 1] == '-' ||
                     V[B - 1] == '.'))
      --B;
    if (B == P || !std::isalpha(static_cast<unsigned char>(V[B])))
      continue;
    llvm::StringRef Rest = V.drop_front(P + 3);
    size_t End = Rest.find_first_of("/?# \t\r\n\"'<>");
    llvm::StringRef Authority = Rest.take_front(End);
    size_t At = Authority.rfind('@');
    if (At == llvm::StringRef::npos)
      continue;
    llvm::StringRef Info = Authority.take_front(At);
    size_t Colon = Info.find(':');
    if (Colon == llvm::StringRef::npos)
      continue;
    Userinfo U;
    U.Scheme = V.slice(B, P).lower();
    U.User = Info.take_front(Colon).str();
    U.Password = Info.drop_front(Colon + 1).str();
    llvm::StringRef Host = Authority.drop_front(At + 1);
    if (Host.starts_with("[")) // IPv6 literal
      Host = Host.take_until([](char C) { return C == ']'; }).drop_front();
    else
      Host = Host.take_until([](char C) { return C == ':'; });
    U.Host = Host.str();
    Out.push_back(U);
  }
  return Out;
}

bool isSecretPassword(llvm::StringRef P) {
  if (P.empty() || P.contains('%') || P.contains('$') || P.contains('{') || P.contains('<'))
    return false; // format conversions, templates, placeholders
  if (P.size() < 3)
    return !std::all_of(P.begin(), P.end(), [](char C) { return C == '*' || C == 'x' || C == 'X'; });
  return !cred::isPlaceholder(P);
}

class CredUrlUserinfoCheck : public Rule {
public:
  using Rule::Rule;

  void registerMatchers(NodeDispatch &Nodes) override { Nodes.onStringLiteral("lit", this); }

  void run(const MatchFinder::MatchResult &Result) override {
    const auto *SL = Result.Nodes.getNodeAs<clang::StringLiteral>("lit");
    if (SL->getCharByteWidth() != 1)
      return;
    llvm::StringRef V = SL->getBytes();
    if (!V.contains("://") || !V.contains('@'))
      return;
    for (const Userinfo &U : findUserinfo(V)) {
      if (!isSecretPassword(U.Password) || U.Host.empty() || isDocumentationHost(U.Host))
        continue;
      if (cred::inTestCode(SL, ast(), ctx().config()))
        return;
      clang::SourceRange W = cred::writtenRange(SL, ast());
      report(W.getBegin(), W,
             U.Scheme + " URL embeds the password " + cred::redact(U.Password) + " for user '" + U.User +
                 "' of host '" + U.Host + "'",
             "keep the URL without userinfo and pass the credential through the client's authentication API "
             "(e.g. CURLOPT_USERNAME/CURLOPT_PASSWORD), read at run time from provisioned storage (RFC 3986 "
             "3.2.1; CRA Annex I Part I (2)(d))");
      return;
    }
  }
};

} // namespace

CRA_RULE_FACTORY(CredUrlUserinfoCheck)

} // namespace cra
