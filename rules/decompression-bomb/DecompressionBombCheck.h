//===- DecompressionBombCheck.h - hazard-decompression-bomb
//-------------------------------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_DECOMPRESSIONBOMBCHECK_H
#define HAZARDLINT_RULES_DECOMPRESSIONBOMBCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"

namespace hazard::cpp {

class DecompressionBombCheck : public HazardCheck {
public:
  DecompressionBombCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace hazard::cpp

#endif
