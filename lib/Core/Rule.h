//===- Rule.h - Rule metadata and the registry built from rules/ -*- C++
//-*-===//
//
// Every rule lives in rules/<id>/: rule.json (metadata), doc.md (its page),
// and a detector per language. The build embeds those files (see
// rules/CMakeLists.txt); this registry parses them once and is the single
// source for the CLI listing, `explain`, SARIF rules[] and docs/rules/.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_RULE_H
#define HAZARDLINT_CORE_RULE_H

#include "Core/Finding.h"
#include "RuleIds.h" // generated from rules/: enum class RuleId
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hazard {

/// A setting a project may change in its config (`[options.<rule>]`), such as
/// the timeout a fix inserts. Declared in rule.json with type and default.
struct RuleOption {
  std::string Name;       // kebab-case, e.g. "default-timeout"
  std::string Type;       // "integer", "string" or "boolean"
  nlohmann::json Default; // of that type
  std::string Description;
};

/// What a rule's findings in test code (tests, examples, benchmarks and
/// scripts) become: reported as usual, lowered to notes, or not looked for.
enum class TestCodePolicy { Report, Note, Skip };
const char *testCodePolicyName(TestCodePolicy P);
std::optional<TestCodePolicy> parseTestCodePolicy(std::string_view Name);

/// A named message of a rule: an entry of its rule.json "variants". The
/// generated RuleMessages.h has one per entry, so that a misspelt variant
/// fails to compile.
struct MessageId {
  RuleId Rule;
  const char *Variant;
};

struct RuleInfo {
  std::string Id;     // the folder name under rules/
  std::string Family; // tagged "hazard/<family>"
  std::string Name;   // "RedisKeys", SARIF rules[].name
  Severity DefaultSeverity = Severity::Warning;
  std::string Precision; // SARIF precision: very-high, high, medium, low
  std::vector<Language> Languages;
  std::string Summary;     // shortDescription
  std::string Description; // fullDescription
  std::string Message;     // clang-style: %0, %1 are filled in by detectors
  /// rule.json "messages": {"go": ...}, for a language whose hazard needs
  /// other words than Message (a goroutine is not an asyncio task).
  std::map<Language, std::string> LanguageMessages;
  /// rule.json "variants": {"await": ...}, the other messages a detector
  /// reports by name when the hazard found needs its own words.
  std::map<std::string, std::string> Variants;
  std::string FixDescription;
  std::string Doc;                         // markdown page, doc.md
  std::map<Language, std::string> Queries; // tree-sitter detector queries
  std::vector<RuleOption> Options;
  /// rule.json "test-code": its default in test code.
  TestCodePolicy TestCode = TestCodePolicy::Report;
  /// rule.json "preview": the languages whose detector is opt-in (`preview`
  /// in the config, --preview) while its precision on real code is low.
  std::vector<Language> Preview;
  /// rule.json "preview-variants": the message variants whose findings are
  /// preview, a sub-pattern whose precision on real code is low.
  std::vector<std::string> PreviewVariants;

  const RuleOption *option(std::string_view Name) const;
  bool isPreview(Language L) const;
  /// Whether a finding saying Variant is preview.
  bool isPreviewVariant(std::string_view Variant) const;
  /// L's message: its entry of "messages", else Message.
  const std::string &messageFor(Language L) const;

  std::string tag() const { return "hazard/" + Family; }
  std::string helpUri() const;
  bool appliesTo(Language L) const;
  /// Message with %0..%9 replaced by Args.
  std::string formatMessage(const std::vector<std::string> &Args) const;
  /// The same, with L's own message if rule.json gives one.
  std::string formatMessage(const std::vector<std::string> &Args,
                            std::optional<Language> L) const;
  /// The message of variant Id, which must be this rule's.
  const std::string &message(MessageId Id) const;
  /// That message with %0..%9 replaced by Args.
  std::string formatMessage(MessageId Id,
                            const std::vector<std::string> &Args) const;
};

class RuleRegistry {
public:
  /// The registry of the rules compiled in; aborts with a message naming the
  /// rule folder if an embedded rule.json is malformed (a build defect that
  /// the unit tests catch).
  static const RuleRegistry &get();

  const std::vector<RuleInfo> &rules() const { return Rules; }
  const RuleInfo *find(std::string_view Id) const;
  /// The rule of Id: every RuleId has one.
  const RuleInfo &rule(RuleId Id) const { return *find(ruleIdName(Id)); }
  /// Index in rules(), the SARIF ruleIndex; -1 if unknown.
  int indexOf(std::string_view Id) const;

private:
  std::vector<RuleInfo> Rules;
};

/// Parses one rule folder's files; returns an error message on failure.
std::string parseRule(std::string_view Folder, std::string_view Json,
                      std::string_view Doc,
                      const std::map<Language, std::string> &Queries,
                      RuleInfo &Out);

/// Whether Value fits a RuleOption type ("integer", "string", "boolean").
bool optionValueHasType(const nlohmann::json &Value, std::string_view Type);

const char *hazardlintVersion();
const char *hazardlintHomepage();

} // namespace hazard

#endif
