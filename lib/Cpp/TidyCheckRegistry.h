//===- TidyCheckRegistry.h - Self-registering hazard-* checks ---*- C++ -*-===//
//
// Each rule's *Check.cpp registers its clang-tidy check here with
// HAZARD_TIDY_CHECK; HazardTidyModule exposes them all as hazard-<rule>, to
// clang-tidy (the plugin) and to the hazardlint CLI alike.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CPP_TIDYCHECKREGISTRY_H
#define HAZARDLINT_CPP_TIDYCHECKREGISTRY_H

#include "Core/Finding.h"
#include "Core/Rule.h"
#include "Core/RunState.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include <functional>
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

/// The hazardlint run a translation unit belongs to. The CLI sets it on the
/// thread that runs the checks of one of its files, so that checks needing
/// the whole run (lock order) record facts for a run finisher; the plugin
/// sees one translation unit per process and leaves it null.
struct RunContext {
  RunState *Run = nullptr;
  std::string Path; // the main file, as the run names it
  /// Positions and the source line of a byte range of the main file.
  std::function<TextRange(size_t Begin, size_t End)> Range;
  std::function<std::string(unsigned Line)> LineText;
  bool UsedRun = false; // the file fed run-wide facts
};
/// The current thread's run context, or null (in the plugin).
RunContext *&currentRunContext();

} // namespace hazard::cpp

#define HAZARD_TIDY_CHECK(Id, CheckClass)                                      \
  static ::hazard::cpp::RegisterCheck<CheckClass> HazardTidyCheck##CheckClass( \
      ::hazard::ruleIdName(::hazard::RuleId::Id))

#endif
