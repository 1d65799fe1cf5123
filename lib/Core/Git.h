//===- Git.h - Running git for discovery and changed lines ------*- C++ -*-===//
#ifndef HAZARDLINT_CORE_GIT_H
#define HAZARDLINT_CORE_GIT_H

#include <optional>
#include <string>
#include <vector>

namespace hazard {

/// Runs `git -C Dir Args...`; its stdout, or nullopt with Error set (git's
/// own message) if git is missing or fails.
std::optional<std::string> runGit(const std::string &Dir,
                                  const std::vector<std::string> &Args,
                                  std::string &Error);

} // namespace hazard

#endif
