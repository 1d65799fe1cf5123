//===- ConnectionPerCallCheck.h - hazard-connection-per-call
//-------------------------------*- C++ -*-===//
#ifndef HAZARDLINT_RULES_CONNECTIONPERCALLCHECK_H
#define HAZARDLINT_RULES_CONNECTIONPERCALLCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"

namespace hazard::cpp {

class ConnectionPerCallCheck : public HazardCheck {
public:
  ConnectionPerCallCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace hazard::cpp

#endif
