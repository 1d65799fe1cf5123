//===- FireAndForgetCheck.h - hazard-fire-and-forget ------------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_FIREANDFORGETCHECK_H
#define HAZARDLINT_RULES_FIREANDFORGETCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"

namespace hazard::cpp {

/// Finds work started with no owner: std::thread::detach, pthread_detach,
/// boost::asio::co_spawn(..., detached), and a discarded std::async future
/// (which is no background work at all: its destructor waits). Detached
/// std::threads are handed to hazard::TaskRegistry instead.
class FireAndForgetCheck : public HazardCheck {
public:
  FireAndForgetCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  clang::tidy::utils::IncludeInserter Inserter;
};

} // namespace hazard::cpp

#endif
