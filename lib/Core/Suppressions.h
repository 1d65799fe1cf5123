//===- Suppressions.h - In-source suppression comments ----------*- C++ -*-===//
//
//   x = f()  # hazardlint: ignore[<rule>]        this line
//   # hazardlint: ignore[hazard/<family>]         alone: the next line
//   # hazardlint: ignore-file[<rule>]             the whole file
//   f();  // NOLINT(hazard-<rule>)                C/C++, as clang-tidy
//
// Without brackets every rule is meant. Rules are named by id, family or
// `hazard/<family>` tag; NOLINT takes clang-tidy check globs (`hazard-*`).
// Suppressed findings are kept, marked, for SARIF's `suppressions`.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_SUPPRESSIONS_H
#define HAZARDLINT_CORE_SUPPRESSIONS_H

#include "Core/Rule.h"
#include "Core/SourceFile.h"

namespace hazard {

/// Marks the findings of Out that a comment in File suppresses; with
/// ReportUnused, adds an "unused-suppression" note for each comment that
/// suppressed nothing.
void applySuppressions(const SourceFile &File, Language Lang, FileResult &Out,
                       bool ReportUnused);

/// Neutralises NOLINT markers in C/C++ source without moving any offset, so
/// that clang-tidy reports what they cover and applySuppressions keeps it.
std::string disarmNolint(std::string Text);

} // namespace hazard

#endif
