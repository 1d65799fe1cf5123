//===- Finding.h - What an analysis reports ---------------------*- C++ -*-===//
//
// Findings are rule violations; notifications are problems with the input
// (syntax errors, skipped files, missing compilation databases). Positions are
// 1-based, columns in bytes as clang prints them; SARIF columns are derived.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_FINDING_H
#define HAZARDLINT_CORE_FINDING_H

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hazard {

enum class Language { Python, Go, Cpp };
const char *languageName(Language L); // "python", "go", "cpp"
std::optional<Language> parseLanguage(std::string_view Name);
/// The language a file belongs to, from its extension.
std::optional<Language> languageForPath(std::string_view Path);

enum class Severity { Note, Warning, Error };
const char *severityName(Severity S);
std::optional<Severity> parseSeverity(const std::string &Name);

struct Position {
  unsigned Line = 0;   // 1-based
  unsigned Column = 0; // 1-based, in bytes
  unsigned Utf16Column = 0;
};

/// A byte range in one file, with its positions filled in by SourceFile.
struct TextRange {
  size_t Begin = 0, End = 0;
  Position BeginPos, EndPos;
};

struct TextEdit {
  TextRange Range;
  std::string NewText;
};

struct Fix {
  std::string Description;
  bool Safe = false; // Ruff's distinction: safe fixes keep the meaning.
  std::vector<TextEdit> Edits;
};

/// Another place a finding involves, e.g. the other half of a lock-order
/// inversion (SARIF relatedLocations; a clang-style note in text).
struct RelatedLocation {
  std::string Path;
  TextRange Range;
  std::string LineText;
  std::string Message;
};

struct Finding {
  std::string RuleId;
  Severity Level = Severity::Warning;
  std::string Message;
  std::string
      Path; // as displayed: relative to the working directory if below it
  TextRange Range;
  std::string LineText; // the source line of Range.Begin, for snippets
  std::string LineHash; // partialFingerprints.primaryLocationLineHash
  std::optional<hazard::Fix> FixIt;
  std::vector<RelatedLocation> Related;
  /// The comment that suppresses it in source, if any. Suppressed findings
  /// appear only in SARIF (with `suppressions`) and do not fail the run.
  std::optional<std::string> SuppressedBy;
  /// In test code (see Config::isTestCode), where its rule's test-code
  /// policy applies.
  bool InTestCode = false;
  /// The rule.json variant it says, "" for the rule's own message.
  std::string Variant;
  /// Reported by a preview detector or sub-pattern (asked for with
  /// --preview).
  bool Preview = false;
};

struct Notification {
  std::string
      Id; // e.g. "syntax-error", "binary-file", "clang-diagnostic-error"
  Severity Level = Severity::Warning;
  std::string Path; // empty for run-wide notes
  Position Pos;     // Line 0 when not tied to a line
  std::string Message;
};

struct FileResult {
  std::string Path;
  std::vector<Finding> Findings;
  std::vector<Notification> Notifications;
  /// False when the file fed run-wide facts (see RunState), which a results
  /// cache could not replay.
  bool Cacheable = true;
};

/// What a run reports: every file's result, and notes about the run.
struct RunResult {
  std::vector<FileResult> Files;   // in the order the run was given them
  std::vector<Notification> Notes; // about the run, not one file
  std::map<Language, unsigned> FilesPerLanguage;
  /// Findings were filtered against a baseline: those left are new.
  bool AgainstBaseline = false;
};

} // namespace hazard

#endif
