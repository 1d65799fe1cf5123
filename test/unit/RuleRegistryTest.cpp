//===- RuleRegistryTest.cpp - Rule metadata parsing and the registry ------===//
//
// The registry aborts on a malformed embedded rule, so the embedded sources
// are also parsed here one by one: a broken rule.json then fails one test
// naming its folder instead of killing the test binary.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "RuleMessages.h"

#include "gtest/gtest.h"
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

using namespace hazard;

namespace {

// Same layout as the struct in Core/Rule.cpp that RuleSources.inc fills in.
struct EmbeddedRule {
  const char *Folder;
  const char *Json;
  const char *Doc;
  const char *PythonQuery;
  const char *GoQuery;
};
#include "RuleSources.inc"

std::map<Language, std::string> queriesOf(const EmbeddedRule &E) {
  std::map<Language, std::string> Queries;
  if (E.PythonQuery)
    Queries[Language::Python] = E.PythonQuery;
  if (E.GoQuery)
    Queries[Language::Go] = E.GoQuery;
  return Queries;
}

/// A rule.json that parseRule accepts; each rejection test breaks one field.
nlohmann::json validRuleJson() {
  return {{"id", "demo-rule"},   {"family", "redis-keys"},
          {"name", "DemoRule"},  {"severity", "warning"},
          {"precision", "high"}, {"languages", {"python", "cpp"}},
          {"summary", "s"},      {"description", "d"},
          {"message", "m %0"},   {"fix", "f"}};
}

std::string parse(const std::string &Json,
                  std::string_view Folder = "demo-rule",
                  std::map<Language, std::string> Queries = {
                      {Language::Python, "(call) @call"}}) {
  RuleInfo Out;
  return parseRule(Folder, Json, "# doc\n", Queries, Out);
}

TEST(RuleRegistryTest, EveryEmbeddedRuleParses) {
  ASSERT_GT(std::size(EmbeddedRules), 0u);
  for (const EmbeddedRule &E : EmbeddedRules) {
    RuleInfo Info;
    EXPECT_EQ(
        parseRule(E.Folder, E.Json, E.Doc ? E.Doc : "", queriesOf(E), Info), "")
        << "rules/" << E.Folder;
  }
}

TEST(RuleRegistryTest, RegistryHoldsEveryEmbeddedRuleSortedById) {
  const auto &Rules = RuleRegistry::get().rules();
  ASSERT_EQ(Rules.size(), std::size(EmbeddedRules));
  for (size_t I = 1; I < Rules.size(); ++I)
    EXPECT_LT(Rules[I - 1].Id, Rules[I].Id);
  for (size_t I = 0; I < Rules.size(); ++I) {
    EXPECT_EQ(RuleRegistry::get().indexOf(Rules[I].Id), int(I));
    EXPECT_EQ(RuleRegistry::get().find(Rules[I].Id), &Rules[I]);
  }
  EXPECT_EQ(RuleRegistry::get().indexOf("no-such-rule"), -1);
  EXPECT_EQ(RuleRegistry::get().find("no-such-rule"), nullptr);
}

TEST(RuleRegistryTest, IdsAreUniqueAndEqualTheirFolder) {
  std::set<std::string> Ids;
  for (const EmbeddedRule &E : EmbeddedRules) {
    RuleInfo Info;
    ASSERT_EQ(
        parseRule(E.Folder, E.Json, E.Doc ? E.Doc : "", queriesOf(E), Info),
        "");
    EXPECT_EQ(Info.Id, E.Folder);
    EXPECT_TRUE(Ids.insert(Info.Id).second) << "duplicate id " << Info.Id;
  }
}

TEST(RuleRegistryTest, EveryFolderIsARuleId) {
  const auto &Rules = RuleRegistry::get().rules();
  ASSERT_EQ(Rules.size(), std::size(EmbeddedRules));
  for (const EmbeddedRule &E : EmbeddedRules)
    EXPECT_TRUE(RuleRegistry::get().find(E.Folder)) << E.Folder;
  EXPECT_STREQ(ruleIdName(RuleId::RedisKeys), "redis-keys");
  EXPECT_EQ(RuleRegistry::get().rule(RuleId::LockHeldAcrossCall).Id,
            "lock-held-across-call");
}

TEST(RuleRegistryTest, EveryRuleHasAFamilyAndTag) {
  for (const RuleInfo &R : RuleRegistry::get().rules()) {
    EXPECT_FALSE(R.Family.empty()) << R.Id;
    EXPECT_EQ(R.tag(), "hazard/" + R.Family);
    EXPECT_NE(R.helpUri().find("/docs/rules/" + R.Id + ".md"),
              std::string::npos);
  }
}

TEST(RuleRegistryTest, EveryRuleDocHasTheRuffStyleSections) {
  for (const RuleInfo &R : RuleRegistry::get().rules())
    for (const char *Section :
         {"## What it finds", "## Why is this bad?", "## Example",
          "## Use instead", "## When it is fine"})
      EXPECT_NE(R.Doc.find(std::string("\n") + Section + "\n"),
                std::string::npos)
          << R.Id << " lacks " << Section;
}

TEST(RuleRegistryTest, EveryTreeSitterLanguageOfARuleHasAQuery) {
  for (const RuleInfo &R : RuleRegistry::get().rules()) {
    EXPECT_FALSE(R.Languages.empty()) << R.Id;
    for (Language L : R.Languages)
      if (L != Language::Cpp)
        EXPECT_TRUE(R.Queries.count(L)) << R.Id << " " << languageName(L);
  }
}

TEST(RuleRegistryTest, ParseRuleAcceptsAValidRuleAndFillsItsFields) {
  RuleInfo Out;
  std::map<Language, std::string> Queries = {
      {Language::Python, "(call) @call"}};
  ASSERT_EQ(
      parseRule("demo-rule", validRuleJson().dump(), "# doc\n", Queries, Out),
      "");
  EXPECT_EQ(Out.Id, "demo-rule");
  EXPECT_EQ(Out.Name, "DemoRule");
  EXPECT_EQ(Out.DefaultSeverity, Severity::Warning);
  EXPECT_EQ(Out.Precision, "high");
  EXPECT_EQ(Out.Doc, "# doc\n");
  EXPECT_TRUE(Out.appliesTo(Language::Python));
  EXPECT_TRUE(Out.appliesTo(Language::Cpp));
  EXPECT_FALSE(Out.appliesTo(Language::Go));
  EXPECT_EQ(Out.Queries.at(Language::Python), "(call) @call");
}

TEST(RuleRegistryTest, ParseRuleRejectsNonObjectJson) {
  EXPECT_NE(parse("[1, 2]"), "");
  EXPECT_NE(parse("\"a string\""), "");
  EXPECT_NE(parse("{ not json"), "");
  EXPECT_NE(parse(""), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsAMissingMessage) {
  auto J = validRuleJson();
  J.erase("message");
  std::string Err = parse(J.dump());
  EXPECT_NE(Err.find("'message'"), std::string::npos) << Err;
  // An empty or non-string message is no better than a missing one.
  J["message"] = "";
  EXPECT_NE(parse(J.dump()), "");
  J["message"] = 42;
  EXPECT_NE(parse(J.dump()), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsAMalformedFamily) {
  auto J = validRuleJson();
  for (const char *Bad : {"hazard/redis-keys", "Redis-Keys", "-redis", ""}) {
    J["family"] = Bad;
    EXPECT_NE(parse(J.dump()), "") << Bad;
  }
  J["family"] = "made-up-family"; // a new family needs no edit outside rules/
  EXPECT_EQ(parse(J.dump()), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsABadSeverity) {
  auto J = validRuleJson();
  J["severity"] = "fatal";
  EXPECT_NE(parse(J.dump()).find("severity"), std::string::npos);
  J["severity"] = "Warning"; // case matters
  EXPECT_NE(parse(J.dump()), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsABadPrecision) {
  auto J = validRuleJson();
  J["precision"] = "certain";
  EXPECT_NE(parse(J.dump()).find("precision"), std::string::npos);
}

TEST(RuleRegistryTest, ParseRuleRejectsAnIdDifferingFromTheFolder) {
  std::string Err = parse(validRuleJson().dump(), "other-folder");
  EXPECT_NE(Err.find("demo-rule"), std::string::npos) << Err;
  EXPECT_NE(Err.find("folder"), std::string::npos) << Err;
}

TEST(RuleRegistryTest, ParseRuleRejectsALanguageWithoutItsQuery) {
  auto J = validRuleJson();
  // "python" is listed but only a Go query is given.
  std::string Err =
      parse(J.dump(), "demo-rule", {{Language::Go, "(call_expression) @c"}});
  EXPECT_NE(Err.find("python.scm"), std::string::npos) << Err;
  J["languages"] = {"go"};
  Err = parse(J.dump(), "demo-rule", {});
  EXPECT_NE(Err.find("go.scm"), std::string::npos) << Err;
  // C/C++ detectors are clang-tidy checks and need no query.
  J["languages"] = {"cpp"};
  EXPECT_EQ(parse(J.dump(), "demo-rule", {}), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsBadLanguageLists) {
  auto J = validRuleJson();
  J["languages"] = nlohmann::json::array();
  EXPECT_NE(parse(J.dump()), "");
  J["languages"] = {"rust"};
  EXPECT_NE(parse(J.dump()), "");
  J["languages"] = "python";
  EXPECT_NE(parse(J.dump()), "");
}

TEST(RuleRegistryTest, ParseRuleRejectsAMissingDoc) {
  RuleInfo Out;
  EXPECT_NE(parseRule("demo-rule", validRuleJson().dump(), "",
                      {{Language::Python, "(call) @call"}}, Out),
            "");
}

TEST(RuleRegistryTest, FormatMessageSubstitutesPlaceholders) {
  RuleInfo R;
  R.Message = "KEYS on '%0' is 100% slow; use %1 (%0)";
  EXPECT_EQ(R.formatMessage({"rdb", "SCAN"}),
            "KEYS on 'rdb' is 100% slow; use SCAN (rdb)");
}

TEST(RuleRegistryTest, FormatMessageDoesNotRescanSubstitutedText) {
  RuleInfo R;
  R.Message = "%0 and %1";
  // An argument that looks like a placeholder stays as it is.
  EXPECT_EQ(R.formatMessage({"%1", "x"}), "%1 and x");
  R.Message = "trailing %";
  EXPECT_EQ(R.formatMessage({}), "trailing %");
}

TEST(RuleRegistryTest, LanguageForPathMapsSourceExtensions) {
  EXPECT_EQ(languageForPath("a.py"), Language::Python);
  EXPECT_EQ(languageForPath("dir/sub/a.go"), Language::Go);
  for (const char *Path :
       {"a.c", "a.cc", "a.cpp", "a.cxx", "a.h", "a.hpp", "x/y.z/a.cpp"})
    EXPECT_EQ(languageForPath(Path), Language::Cpp) << Path;
}

TEST(RuleRegistryTest, LanguageForPathRejectsOtherFiles) {
  for (const char *Path :
       {"notes.txt", "Makefile", "dir.py/file", "a.py.bak", "a.PY", "a."})
    EXPECT_EQ(languageForPath(Path), std::nullopt) << Path;
}

TEST(RuleRegistryTest, LanguageNamesRoundTrip) {
  for (Language L : {Language::Python, Language::Go, Language::Cpp})
    EXPECT_EQ(parseLanguage(languageName(L)), L);
  EXPECT_EQ(parseLanguage("c++"), std::nullopt);
  EXPECT_EQ(parseLanguage("Python"), std::nullopt);
}

TEST(RuleRegistryTest, SeverityNamesRoundTrip) {
  for (Severity S : {Severity::Note, Severity::Warning, Severity::Error})
    EXPECT_EQ(parseSeverity(severityName(S)), S);
  EXPECT_EQ(parseSeverity("info"), std::nullopt);
}

} // namespace

TEST(RuleRegistryTest, LanguageMessagesOverrideTheMessage) {
  auto J = validRuleJson();
  J["messages"] = {{"go", "goroutine %0"}};
  RuleInfo R;
  ASSERT_EQ(parseRule("demo-rule", J.dump(), "# doc\n",
                      {{Language::Python, "(call) @call"}}, R),
            "");
  EXPECT_EQ(R.formatMessage({"x"}, Language::Go), "goroutine x");
  EXPECT_EQ(R.formatMessage({"x"}, Language::Python), "m x");
  EXPECT_EQ(R.formatMessage({"x"}, std::nullopt), "m x");
  // Not a language, or not a message: rejected.
  J["messages"] = {{"rust", "m"}};
  EXPECT_NE(parse(J.dump()), "");
  J["messages"] = {{"go", ""}};
  EXPECT_NE(parse(J.dump()), "");
  J["messages"] = "go";
  EXPECT_NE(parse(J.dump()), "");
}

TEST(RuleRegistryTest, VariantsAreNamedMessages) {
  auto J = validRuleJson();
  J["variants"] = {{"held-across-await", "%0 across await"}};
  RuleInfo R;
  ASSERT_EQ(parseRule("demo-rule", J.dump(), "# doc\n",
                      {{Language::Python, "(call) @call"}}, R),
            "");
  ASSERT_EQ(R.Variants.size(), 1u);
  EXPECT_EQ(R.Variants.at("held-across-await"), "%0 across await");
  // A name must read like a rule id, and a message must be given.
  for (const char *Bad : {"Held", "held_across", "-held", ""}) {
    J["variants"] = {{Bad, "m"}};
    EXPECT_NE(parse(J.dump()), "") << Bad;
  }
  J["variants"] = {{"held", ""}};
  EXPECT_NE(parse(J.dump()), "");
  J["variants"] = {"held"};
  EXPECT_NE(parse(J.dump()), "");
}

TEST(RuleRegistryTest, GeneratedMessageIdsNameTheirRulesVariants) {
  const RuleInfo &Rule = RuleRegistry::get().rule(RuleId::LockHeldAcrossCall);
  MessageId Id = message::LockHeldAcrossCall::Callback;
  EXPECT_EQ(Rule.message(Id), Rule.Variants.at("callback"));
  EXPECT_EQ(Rule.formatMessage(Id, {"threading lock 'L'", "cb"}),
            "threading lock 'L' is held across callback 'cb'; it may block or "
            "take other locks and deadlock; call it after releasing the lock");
}

TEST(RuleRegistryDeathTest, AnotherRulesVariantIsAnInternalError) {
  const RuleInfo &Rule = RuleRegistry::get().rule(RuleId::RedisKeys);
  EXPECT_DEATH(Rule.message(message::LockHeldAcrossCall::Callback),
               "rule 'redis-keys' has no message variant 'callback'");
}
