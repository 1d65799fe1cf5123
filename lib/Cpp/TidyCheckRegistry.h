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

} // namespace hazard::cpp

#define HAZARD_TIDY_CHECK(RuleId, CheckClass)                                   \
  static ::hazard::cpp::RegisterCheck<CheckClass> HazardTidyCheck##CheckClass(  \
      RuleId)

#endif
