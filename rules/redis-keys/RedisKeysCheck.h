//===- RedisKeysCheck.h - hazard-redis-keys ---------------------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_REDISKEYSCHECK_H
#define HAZARDLINT_RULES_REDISKEYSCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"

namespace hazard::cpp {

/// Finds the Redis KEYS command sent through hiredis (format and argv forms)
/// and redis-plus-plus, and rewrites the synchronous forms to the runtime
/// shim's hazard::scan_keys, which runs a SCAN cursor loop.
class RedisKeysCheck : public HazardCheck {
public:
  RedisKeysCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void report(const clang::Expr *Site, llvm::StringRef Receiver,
              std::optional<std::string> Replacement,
              const clang::SourceManager &SM);

  clang::tidy::utils::IncludeInserter Inserter;
};

} // namespace hazard::cpp

#endif
