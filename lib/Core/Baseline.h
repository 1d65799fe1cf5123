//===- Baseline.h - Known findings, and findings on changed lines -*- C++
//-*-===//
//
// A CI gate adopts hazardlint on an old code base by failing only on what a
// change introduces: findings not in a recorded baseline (matched by rule,
// path and line fingerprint, so edits elsewhere do not make them new), or
// findings on lines changed since a git revision (--diff-base).
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_BASELINE_H
#define HAZARDLINT_CORE_BASELINE_H

#include "Core/Finding.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hazard {

class Baseline {
public:
  /// The baseline of the findings in Files (suppressed ones excluded).
  static std::string write(const std::vector<FileResult> &Files);
  static std::optional<Baseline> read(const std::string &Path,
                                      std::string &Error);
  /// Takes F's entry out of the baseline if it is there: each recorded
  /// finding matches once.
  bool consume(const Finding &F);

private:
  std::map<std::string, unsigned> Remaining; // key -> count
};

/// The lines of each file changed since a git revision, including the whole
/// of untracked files. Keys are absolute paths.
class ChangedLines {
public:
  static std::optional<ChangedLines> since(const std::string &Revision,
                                           std::string &Error);
  /// Whether any line of F's range changed.
  bool touches(const Finding &F) const;

private:
  std::map<std::string, std::set<unsigned>> Lines;
  std::set<std::string> WholeFiles;
};

} // namespace hazard

#endif
