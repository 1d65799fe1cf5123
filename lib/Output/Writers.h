//===- Writers.h - Text, JSON and SARIF 2.1.0 output ------------*- C++ -*-===//
#ifndef HAZARDLINT_OUTPUT_WRITERS_H
#define HAZARDLINT_OUTPUT_WRITERS_H

#include "Core/Finding.h"
#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

namespace hazard {

/// clang-style: `path:line:col: warning: message [rule]`, the source line, a
/// caret under the range and the fix-it text.
void writeText(const RunResult &R, llvm::raw_ostream &OS, bool Color);
/// Notifications (syntax errors, skipped files) in the same style.
void writeNotifications(const RunResult &R, llvm::raw_ostream &OS);
nlohmann::json toJson(const RunResult &R);
/// GitHub Actions workflow commands, one annotation per finding.
void writeGithub(const RunResult &R, llvm::raw_ostream &OS);
/// Merges SARIF logs (e.g. from --shard jobs): runs with the same
/// automationDetails.id become one, their rules and results combined.
/// Returns null and sets Error on input that is not SARIF 2.1.0.
nlohmann::json mergeSarif(const std::vector<nlohmann::json> &Logs,
                          std::string &Error);
/// One run per language analysed, each with its own automationDetails.id.
/// Paths are relative to SourceRoot (an absolute directory) where possible.
nlohmann::json toSarif(const RunResult &R, const std::string &SourceRoot);

std::string fileUri(const std::string &AbsolutePath);

} // namespace hazard

#endif
