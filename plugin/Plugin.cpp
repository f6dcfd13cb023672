//===- Plugin.cpp - cra-plugin.so: the rule engine inside clang -----------------------------------===//
//
// clang -fplugin=/abs/lib/cra-harden/cra-plugin.so [-fplugin-arg-cra-KEY=VALUE ...] -c a.c
// The action runs after the main action (AddAfterMainAction), so the object file is produced exactly
// as without the plugin; the engine only reads the AST. Arguments: docs/plugin.md, docs/man/cra-plugin.7.
//
//===----------------------------------------------------------------------------------------------===//
#include "Engine.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>
#include <string>

namespace {

class CraAction : public clang::PluginASTAction {
protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &CI, llvm::StringRef) override {
    // The action object is destroyed right after this call under -fplugin (toolchain.md): the consumer
    // owns everything it needs.
    return cra::createEngineConsumer(CI, Opts);
  }

  bool ParseArgs(const clang::CompilerInstance &CI, const std::vector<std::string> &Args) override {
    clang::DiagnosticsEngine &D = CI.getDiagnostics();
    bool Ok = true;
    for (const std::string &A : Args) {
      std::string Error;
      if (!cra::parsePluginArg(A, Opts, Error)) {
        D.Report(D.getCustomDiagID(clang::DiagnosticsEngine::Error, "cra: %0")) << Error;
        Ok = false;
      }
    }
    // Returning false stops the compilation: a misspelt argument must not silently disable checks.
    return Ok;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  cra::EngineOptions Opts;
};

/// The version of the clang that loaded us, read through a symbol every clang exports (resolved by
/// name at run time, so a missing or different symbol cannot break loading).
std::string hostClangVersion() {
  using Fn = std::string (*)();
  for (const char *Sym : {"_ZN5clang19getClangFullVersionB5cxx11Ev", "_ZN5clang19getClangFullVersionEv"}) {
    if (void *P = dlsym(RTLD_DEFAULT, Sym))
      return reinterpret_cast<Fn>(P)();
  }
  return "";
}

/// Registers the plugin only when the host clang has the major version we were built for: a plugin
/// built for clang N crashes clang M (different AST layout), so refuse with a clear message instead.
bool registerIfCompatible() {
  std::string Host = hostClangVersion();
  unsigned HostMajor = cra::clangMajorFromVersionString(Host);
  if (HostMajor != CLANG_VERSION_MAJOR) {
    llvm::errs() << "cra-plugin: built for clang " << CLANG_VERSION_MAJOR << " but loaded into "
                 << (Host.empty() ? std::string("an unknown clang") : "clang " + std::to_string(HostMajor))
                 << "; not registering (use the cra-plugin.so built for this compiler, or cra-check)\n";
    return false;
  }
  static clang::FrontendPluginRegistry::Add<CraAction> X(
      "cra", "cra-harden: CRA Annex I source rules (hardcoded credentials, update paths, debug endpoints)");
  return true;
}

[[maybe_unused]] const bool Registered = registerIfCompatible();

} // namespace
