//===- WaitWithoutTimeoutCheck.h - hazard-wait-without-timeout --*- C++ -*-===//
#ifndef HAZARDLINT_RULES_WAITWITHOUTTIMEOUTCHECK_H
#define HAZARDLINT_RULES_WAITWITHOUTTIMEOUTCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"

namespace hazard::cpp {

/// Finds waits that can block forever: condition variable and future waits,
/// pthread/semaphore/waitpid waits, hiredis redisConnect, curl transfers and
/// gRPC calls with no timeout or deadline. Predicate waits, future get() and
/// redisConnect get unsafe fix-its (a timeout changes behaviour on expiry).
class WaitWithoutTimeoutCheck : public HazardCheck {
public:
  WaitWithoutTimeoutCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void report(const clang::Expr *Site, llvm::StringRef Shown,
              llvm::StringRef Advice, std::optional<std::string> Replacement,
              llvm::StringRef Header, clang::ASTContext &Ctx);

  clang::tidy::utils::IncludeInserter Inserter;
  const int64_t TimeoutSeconds;
};

} // namespace hazard::cpp

#endif
