//===- LinearScanCheck.h - hazard-linear-scan -------------------------------*-
// C++ -*-===//
#ifndef HAZARDLINT_RULES_LINEARSCANCHECK_H
#define HAZARDLINT_RULES_LINEARSCANCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"

namespace hazard::cpp {

class LinearScanCheck : public HazardCheck {
public:
  LinearScanCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace hazard::cpp

#endif
