//===- TidyCheckRegistry.h - Self-registering hazard-* checks ---*- C++ -*-===//
//
// Each rule's *Check.cpp registers its clang-tidy check here with
// HAZARD_TIDY_CHECK; HazardTidyModule exposes them all as hazard-<rule>, to
// clang-tidy (the plugin) and to the hazardlint CLI alike.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CPP_TIDYCHECKREGISTRY_H
#define HAZARDLINT_CPP_TIDYCHECKREGISTRY_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "Core/Rule.h"
#include "Core/RunState.h"
#include <string>
#include <vector>

namespace hazard::cpp {

struct RegisteredCheck {
  std::string RuleId;
  clang::tidy::ClangTidyCheckFactories::CheckFactory Factory;
};
std::vector<RegisteredCheck> &registeredChecks();

template <class CheckT> struct RegisterCheck {
  explicit RegisterCheck(const char *RuleId) {
    registeredChecks().push_back(
        {RuleId, [](llvm::StringRef Name, clang::tidy::ClangTidyContext *Ctx) {
           return std::make_unique<CheckT>(Name, Ctx);
         }});
  }
};

/// The metadata of a rule, for checks to take their message from.
const RuleInfo &ruleInfo(llvm::StringRef RuleId);

/// Set by the CLI on the thread that runs the checks on one translation unit.
/// A check whose verdict needs every TU of the run (unbounded-container)
/// records facts in Run, sets FedRunState, and leaves the reporting to a run
/// finisher. Null under clang-tidy (the plugin), which sees one TU per
/// process: there checks report the single-TU verdict themselves.
struct TidyRunContext {
  RunState *Run = nullptr;
  bool FedRunState = false;
};
TidyRunContext *&currentRunContext();

} // namespace hazard::cpp

#define HAZARD_TIDY_CHECK(RuleId, CheckClass)                                   \
  static ::hazard::cpp::RegisterCheck<CheckClass> HazardTidyCheck##CheckClass(  \
      RuleId)

#endif
