//===- BlockingInAsyncCheck.h - hazard-blocking-in-async --------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_BLOCKINGINASYNCCHECK_H
#define HAZARDLINT_RULES_BLOCKINGINASYNCCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"

namespace hazard::cpp {

/// Finds calls that block the thread (sleeps, blocking I/O, future and
/// condition variable waits, synchronous hiredis and curl) inside C++20
/// coroutines, which share their executor's threads with every other task.
class BlockingInAsyncCheck : public HazardCheck {
public:
  BlockingInAsyncCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace hazard::cpp

#endif
