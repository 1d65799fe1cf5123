//===- SourceFile.h - File text with line tables -----------------*- C++ -*-===//
#ifndef HAZARDLINT_CORE_SOURCEFILE_H
#define HAZARDLINT_CORE_SOURCEFILE_H

#include "Core/Finding.h"
#include <string>
#include <string_view>
#include <vector>

namespace hazard {

class SourceFile {
public:
  SourceFile(std::string Path, std::string Text);

  const std::string &path() const { return Path; }
  const std::string &text() const { return Text; }
  std::string_view slice(size_t Begin, size_t End) const;

  Position position(size_t Offset) const;
  TextRange range(size_t Begin, size_t End) const;
  std::string_view lineText(unsigned Line) const;

  /// A hash of the finding's line with whitespace removed, salted with the
  /// rule, plus ":N" for its N-th occurrence: stable when lines move.
  std::string lineHash(const std::string &RuleId, unsigned Line,
                       unsigned Occurrence) const;

  /// Fills a finding's positions, snippet line and fingerprint. Findings must
  /// be finalized in source order so that occurrence counts are stable.
  void finalize(std::vector<Finding> &Findings) const;

private:
  std::string Path;
  std::string Text;
  std::vector<size_t> LineStarts;
};

} // namespace hazard

#endif
