//===- HazardTidyModule.cpp - The hazard-* clang-tidy module ----------===//
#include "Cpp/TidyCheckRegistry.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace hazard::cpp {

std::vector<RegisteredCheck> &registeredChecks() {
  static std::vector<RegisteredCheck> Checks;
  return Checks;
}

RunContext *&currentRunContext() {
  static thread_local RunContext *Context = nullptr;
  return Context;
}

namespace {
class HazardModule : public clang::tidy::ClangTidyModule {
public:
  void
  addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    for (const RegisteredCheck &C : registeredChecks())
      Factories.registerCheckFactory("hazard-" + C.RuleId, C.Factory);
  }
};
} // namespace

static clang::tidy::ClangTidyModuleRegistry::Add<HazardModule>
    Registration("hazard-module", "hazardlint: resilience hazard checks.");

} // namespace hazard::cpp

// Referenced by the CLI so that the linker keeps this module.
volatile int HazardTidyModuleAnchorSource = 0;
