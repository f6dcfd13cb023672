//===- SharedMatchers.h - one walk of the AST, each node handed to the rules that asked for it ------===//
//
// The engine's implementation of NodeDispatch (RuleBase.h). walk() visits every node of the traversal
// scope once, in the order and with the settings of a MatchFinder (pre-order, implicit code and
// template instantiations included), and calls run() of the rules registered for the node's kind, with
// the node bound to the id they chose. A call goes only to the rules that named its callee: one hash
// lookup per call, whatever the number of rules.
//
//===----------------------------------------------------------------------------------------------===//
#ifndef CRA_PLUGIN_SHAREDMATCHERS_H
#define CRA_PLUGIN_SHAREDMATCHERS_H

#include "RuleBase.h"

#include "clang/AST/ASTTypeTraits.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace cra {

class SharedMatchers : public NodeDispatch {
public:
  void onCallTo(const llvm::StringSet<> &Names, llvm::StringRef Id, Rule *R, unsigned MinArgs = 0) override;
  void onEveryCall(llvm::StringRef Id, Rule *R) override;
  void onFunctionDefinition(llvm::StringRef Id, Rule *R) override;
  void onVarWithInitializer(llvm::StringRef Id, Rule *R) override;
  void onFieldDecl(llvm::StringRef Id, Rule *R) override;
  void onInitList(llvm::StringRef Id, Rule *R) override;
  void onAssignment(llvm::StringRef Id, Rule *R) override;
  void onStringLiteral(llvm::StringRef Id, Rule *R) override;
  clang::ast_matchers::MatchFinder &finder() override;

  /// Walks Ast's traversal scope once, then runs the MatchFinder when some rule used finder().
  void walk(clang::ASTContext &Ast);

  /// The rules that asked for one kind of node under the same id (and minimum argument count): they
  /// share one set of bound nodes per node, which is most of what a delivery costs.
  struct Group {
    std::string Id;
    unsigned MinArgs;
    std::vector<Rule *> Rules;
  };
  using Groups = std::vector<Group>;
  struct Targets {
    llvm::StringMap<Groups> CallsByCallee;
    Groups EveryCall, FunctionDefinitions, Vars, Fields, InitLists, Assignments, StringLiterals;
  };

  /// Calls run() of each group's rules with Node bound to the group's id (NumArgs: the call's
  /// argument count).
  static void deliver(const Groups &To, const clang::DynTypedNode &Node, clang::ASTContext &Ast,
                      unsigned NumArgs = 0);

private:
  Targets T;
  clang::ast_matchers::MatchFinder Finder;
  bool FinderUsed = false;
};

} // namespace cra

#endif
