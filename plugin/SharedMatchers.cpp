//===- SharedMatchers.cpp - one walk of the AST, each node handed to the rules that asked for it ----===//
#include "SharedMatchers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace cra {

using namespace clang::ast_matchers;

namespace {

/// Hands one set of bound nodes to rules, as a MatchFinder would.
class Delivery : public internal::BoundNodesTreeBuilder::Visitor {
public:
  Delivery(const std::vector<Rule *> &Rules, clang::ASTContext &Ast) : Rules(Rules), Ast(Ast) {}
  void visitMatch(const BoundNodes &Nodes) override {
    MatchFinder::MatchResult Result(Nodes, &Ast);
    for (Rule *R : Rules)
      R->run(Result);
  }

private:
  const std::vector<Rule *> &Rules;
  clang::ASTContext &Ast;
};

void add(SharedMatchers::Groups &To, llvm::StringRef Id, Rule *R, unsigned MinArgs = 0) {
  for (SharedMatchers::Group &G : To)
    if (G.Id == Id && G.MinArgs == MinArgs) {
      G.Rules.push_back(R);
      return;
    }
  To.push_back({Id.str(), MinArgs, {R}});
}

/// The settings are a MatchFinder's (its MatchASTVisitor is a RecursiveASTVisitor too), so the rules
/// see the same nodes in the same order as they did as matchers.
class Walker : public clang::RecursiveASTVisitor<Walker> {
public:
  Walker(const SharedMatchers::Targets &T, clang::ASTContext &Ast) : T(T), Ast(Ast), SM(Ast.getSourceManager()) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitCallExpr(clang::CallExpr *CE) {
    offer(T.EveryCall, *CE);
    if (T.CallsByCallee.empty())
      return true;
    const clang::FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return true;
    auto It = T.CallsByCallee.find(FD->getName());
    if (It != T.CallsByCallee.end())
      SharedMatchers::deliver(It->second, clang::DynTypedNode::create(*CE), Ast, CE->getNumArgs());
    return true;
  }
  bool VisitFunctionDecl(clang::FunctionDecl *FD) {
    // isExpansionInSystemHeader(): the expansion location of the declaration's start.
    if (!T.FunctionDefinitions.empty() && FD->isThisDeclarationADefinition()) {
      clang::SourceLocation L = FD->getBeginLoc();
      if (L.isInvalid() || !SM.isInSystemHeader(SM.getExpansionLoc(L)))
        offer(T.FunctionDefinitions, *FD);
    }
    return true;
  }
  bool VisitVarDecl(clang::VarDecl *VD) {
    if (VD->getAnyInitializer())
      offer(T.Vars, *VD);
    return true;
  }
  bool VisitFieldDecl(clang::FieldDecl *FD) {
    offer(T.Fields, *FD);
    return true;
  }
  bool VisitInitListExpr(clang::InitListExpr *IL) {
    offer(T.InitLists, *IL);
    return true;
  }
  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      offer(T.Assignments, *BO);
    return true;
  }
  bool VisitStringLiteral(clang::StringLiteral *SL) {
    offer(T.StringLiterals, *SL);
    return true;
  }

private:
  /// Hands Node to the rules of Groups, when any asked (the common case is none: skip the binding).
  template <typename NodeT> void offer(const SharedMatchers::Groups &Groups, const NodeT &Node) {
    if (!Groups.empty())
      SharedMatchers::deliver(Groups, clang::DynTypedNode::create(Node), Ast);
  }

  const SharedMatchers::Targets &T;
  clang::ASTContext &Ast;
  const clang::SourceManager &SM;
};

} // namespace

void SharedMatchers::onCallTo(const llvm::StringSet<> &Names, llvm::StringRef Id, Rule *R, unsigned MinArgs) {
  for (const auto &N : Names)
    add(T.CallsByCallee[N.getKey()], Id, R, MinArgs);
}
void SharedMatchers::onEveryCall(llvm::StringRef Id, Rule *R) { add(T.EveryCall, Id, R); }
void SharedMatchers::onFunctionDefinition(llvm::StringRef Id, Rule *R) { add(T.FunctionDefinitions, Id, R); }
void SharedMatchers::onVarWithInitializer(llvm::StringRef Id, Rule *R) { add(T.Vars, Id, R); }
void SharedMatchers::onFieldDecl(llvm::StringRef Id, Rule *R) { add(T.Fields, Id, R); }
void SharedMatchers::onInitList(llvm::StringRef Id, Rule *R) { add(T.InitLists, Id, R); }
void SharedMatchers::onAssignment(llvm::StringRef Id, Rule *R) { add(T.Assignments, Id, R); }
void SharedMatchers::onStringLiteral(llvm::StringRef Id, Rule *R) { add(T.StringLiterals, Id, R); }

MatchFinder &SharedMatchers::finder() {
  FinderUsed = true;
  return Finder;
}

void SharedMatchers::deliver(const Groups &To, const clang::DynTypedNode &Node, clang::ASTContext &Ast,
                             unsigned NumArgs) {
  for (const Group &G : To) {
    if (NumArgs < G.MinArgs)
      continue;
    internal::BoundNodesTreeBuilder Bound;
    Bound.setBinding(G.Id, Node);
    Delivery D(G.Rules, Ast);
    Bound.visitMatches(&D);
  }
}

void SharedMatchers::walk(clang::ASTContext &Ast) {
  Walker W(T, Ast);
  W.TraverseAST(Ast);
  if (FinderUsed)
    Finder.matchAST(Ast);
}

} // namespace cra
