//===- LockHeldAcrossCallCheck.h - hazard-lock-held-across-call -*- C++ -*-===//
#ifndef HAZARDLINT_RULES_LOCKHELDACROSSCALLCHECK_H
#define HAZARDLINT_RULES_LOCKHELDACROSSCALLCHECK_H

#include "Core/LockOrder.h"
#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include <map>
#include <string>
#include <vector>

namespace hazard::cpp {

/// Finds mutexes held (lock_guard, unique_lock, scoped_lock, shared_lock, or
/// lock()...unlock() in one block) across blocking calls, callbacks, waits on
/// another mutex and co_await, and lock-order inversions: across the run in
/// the CLI, within the translation unit in the plugin.
class LockHeldAcrossCallCheck : public HazardCheck {
public:
  LockHeldAcrossCallCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  void recordOrder(const std::string &Held, const std::string &Taken,
                   clang::SourceRange Site, const clang::SourceManager &SM);
  bool isExtraBlocking(llvm::StringRef QualifiedName) const;

private:
  std::string BlockingFunctions; // option blocking-functions
  std::vector<std::string> ExtraBlocking;
  /// The lock order of this translation unit, for the plugin; offsets count
  /// from LocalFileStart.
  lockorder::Graph LocalOrder;
  clang::SourceLocation LocalFileStart;
};

} // namespace hazard::cpp

#endif
