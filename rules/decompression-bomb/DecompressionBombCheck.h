//===- DecompressionBombCheck.h - hazard-decompression-bomb
//-------------------------------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_DECOMPRESSIONBOMBCHECK_H
#define HAZARDLINT_RULES_DECOMPRESSIONBOMBCHECK_H

#include "Core/Rule.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace hazard::cpp {

class DecompressionBombCheck : public clang::tidy::ClangTidyCheck {
public:
  DecompressionBombCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const RuleInfo &Rule;
};

} // namespace hazard::cpp

#endif
