//===- Discovery.h - Which files a run analyses -----------------*- C++ -*-===//
#ifndef HAZARDLINT_CORE_DISCOVERY_H
#define HAZARDLINT_CORE_DISCOVERY_H

#include "Core/Finding.h"
#include <string>
#include <vector>

namespace hazard {

struct Discovery {
  std::vector<std::string> Files; // sorted, unique
  std::vector<Notification> Notes;
  std::vector<std::string> MissingPaths; // a usage error
};

/// Expands directories to the source files below them. Inside a git work
/// tree git decides what is ignored (.gitignore, info/exclude, global
/// excludes), as ripgrep does; everywhere, VCS folders, node_modules and
/// build output are skipped. Files named explicitly are always analysed.
Discovery discoverFiles(const std::vector<std::string> &Paths);

/// A directory name that is never descended into.
bool isExcludedDirectory(const std::string &Name);

} // namespace hazard

#endif
