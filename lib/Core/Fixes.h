//===- Fixes.h - Applying fix-its and writing files safely ------*- C++ -*-===//
#ifndef HAZARDLINT_CORE_FIXES_H
#define HAZARDLINT_CORE_FIXES_H

#include "Core/Finding.h"
#include <string>
#include <vector>

namespace hazard {

/// Applies the fixes of Findings to Text: safe ones, and unsafe ones too when
/// Unsafe is set. Identical edits (an include two fixes both add) apply once;
/// a fix overlapping an earlier one is left for the next run, as Ruff does.
/// Returns the number of findings fixed.
unsigned applyFixes(std::string &Text, const std::vector<Finding> &Findings,
                    bool Unsafe);

/// Writes Text to Path through a temporary file in the same directory and a
/// rename, keeping Path's permissions, so readers never see a partial file.
bool writeFileAtomically(const std::string &Path, const std::string &Text,
                         std::string &Error);

} // namespace hazard

#endif
