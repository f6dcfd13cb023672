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
    if (!T.EveryCall.empty())
      SharedMatchers::deliver(T.EveryCall, clang::DynTypedNode::create(*CE), Ast);
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
        SharedMatchers::deliver(T.FunctionDefinitions, clang::DynTypedNode::create(*FD), Ast);
    }
    return true;
  }
  bool VisitVarDecl(clang::VarDecl *VD) {
    if (!T.Vars.empty() && VD->getAnyInitializer())
      SharedMatchers::deliver(T.Vars, clang::DynTypedNode::create(*VD), Ast);
    return true;
  }
  bool VisitFieldDecl(clang::FieldDecl *FD) {
    if (!T.Fields.empty())
      SharedMatchers::deliver(T.Fields, clang::DynTypedNode::create(*FD), Ast);
    return true;
  }
  bool VisitInitListExpr(clang::InitListExpr *IL) {
    if (!T.InitLists.empty())
      SharedMatchers::deliver(T.InitLists, clang::DynTypedNode::create(*IL), Ast);
    return true;
  }
  bool VisitBinaryOperator(clang::BinaryOperator *BO) {
    if (!T.Assignments.empty() && BO->isAssignmentOp())
      SharedMatchers::deliver(T.Assignments, clang::DynTypedNode::create(*BO), Ast);
    return true;
  }
  bool VisitStringLiteral(clang::StringLiteral *SL) {
    if (!T.StringLiterals.empty())
      SharedMatchers::deliver(T.StringLiterals, clang::DynTypedNode::create(*SL), Ast);
    return true;
  }

private:
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
