//===- ResultsCache.h - Results of unchanged files, from disk ----*- C++
//-*-===//
//
// A file's results depend only on its text, the hazardlint binary (rules and
// detectors) and its configuration, so a re-run can take them from disk.
// Entries live in <dir>/<first two hex digits>/<key>.json. C/C++ results
// also depend on headers and flags and are never cached; nor are files that
// contributed run-wide facts (lock order), which a finisher needs afresh.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_RESULTSCACHE_H
#define HAZARDLINT_CORE_RESULTSCACHE_H

#include "Core/Finding.h"
#include <optional>
#include <string>

namespace hazard {

class ResultsCache {
public:
  /// Salt: everything run-wide that changes results (option flags).
  ResultsCache(std::string Dir, std::string Salt);

  std::string keyFor(const std::string &Text,
                     const std::string &ConfigDigest) const;
  std::optional<FileResult> load(const std::string &Key,
                                 const std::string &Path) const;
  /// Best effort: a cache that cannot be written only costs speed.
  void store(const std::string &Key, const FileResult &Result) const;

private:
  std::string entryPath(const std::string &Key) const;
  std::string Dir, Salt;
};

} // namespace hazard

#endif
