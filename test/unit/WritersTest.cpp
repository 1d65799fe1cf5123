//===- WritersTest.cpp - SARIF, JSON and text output ----------------------===//
//
// A RunResult is built by hand (one Python finding with an unsafe fix, one
// run-wide notification), finalized through SourceFile so that positions are
// what the analysis would produce, then written.
//
//===----------------------------------------------------------------------===//
#include "Output/Writers.h"
#include "Core/Rule.h"
#include "Core/SourceFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <set>

using namespace hazard;
using nlohmann::json;

namespace {

const std::string Root = "/src/proj";
// "é" before the call makes byte and UTF-16 columns differ on line 3.
const std::string DefaultCode = "import redis\n"
                                "r = redis.Redis()\n"
                                "x = \"\xC3\xA9\"; r.keys(\"p\")\n";
const std::string Call = "r.keys(\"p\")";
const std::string Replacement = "list(r.scan_iter(match=\"p\"))";

Finding makeFinding(const std::string &Path,
                    const std::string &Code = DefaultCode) {
  const RuleInfo *Rule = RuleRegistry::get().find("redis-keys");
  EXPECT_TRUE(Rule);
  Finding F;
  F.RuleId = "redis-keys";
  F.Level = Severity::Warning;
  F.Message = Rule ? Rule->formatMessage({"r", "scan_iter()"}) : "m";
  F.Path = Path;
  F.Range.Begin = Code.find(Call);
  F.Range.End = F.Range.Begin + Call.size();
  Fix Fx;
  Fx.Description = "Iterate with SCAN: " + Replacement;
  Fx.Safe = false;
  TextEdit E;
  E.Range = F.Range;
  E.NewText = Replacement;
  Fx.Edits.push_back(E);
  F.FixIt = Fx;
  std::vector<Finding> Fs = {F};
  SourceFile(Path, Code).finalize(Fs);
  return Fs[0];
}

RunResult makeRun(const std::string &PyPath,
                  const std::string &Code = DefaultCode) {
  RunResult R;
  FileResult PyFile;
  PyFile.Path = PyPath;
  PyFile.Findings.push_back(makeFinding(PyPath, Code));
  R.Files.push_back(PyFile);
  FileResult GoFile;
  GoFile.Path = Root + "/cmd/main.go";
  R.Files.push_back(GoFile);
  R.Notes.push_back({"compilation-database",
                     Severity::Warning,
                     "",
                     {},
                     "no compile_commands.json found"});
  R.FilesPerLanguage[Language::Python] = 1;
  R.FilesPerLanguage[Language::Go] = 1;
  return R;
}

const json &runFor(const json &Sarif, const std::string &Language) {
  for (const json &Run : Sarif["runs"])
    if (Run["automationDetails"]["id"] == "hazardlint/" + Language + "/")
      return Run;
  ADD_FAILURE() << "no run for " << Language;
  static const json Empty = json::object();
  return Empty;
}

TEST(WritersTest, SarifVersionAndOneRunPerLanguage) {
  json S = toSarif(makeRun(Root + "/app/main.py"), Root);
  EXPECT_EQ(S["version"], "2.1.0");
  ASSERT_EQ(S["runs"].size(), 2u);
  std::set<std::string> Ids;
  for (const json &Run : S["runs"]) {
    Ids.insert(Run["automationDetails"]["id"].get<std::string>());
    EXPECT_EQ(Run["tool"]["driver"]["name"], "hazardlint");
    EXPECT_EQ(Run["columnKind"], "utf16CodeUnits");
    EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
              "file:///src/proj/");
  }
  EXPECT_EQ(Ids,
            (std::set<std::string>{"hazardlint/go/", "hazardlint/python/"}));
  // The Python finding belongs to the Python run only.
  EXPECT_EQ(runFor(S, "python")["results"].size(), 1u);
  EXPECT_EQ(runFor(S, "go")["results"].size(), 0u);
}

TEST(WritersTest, SarifEmptyRunStillReportsOneRun) {
  json S = toSarif(RunResult(), Root);
  ASSERT_EQ(S["runs"].size(), 1u);
  EXPECT_EQ(S["runs"][0]["automationDetails"]["id"], "hazardlint/all/");
  EXPECT_EQ(S["runs"][0]["results"].size(), 0u);
}

TEST(WritersTest, SarifRunWideNotificationAppearsOnce) {
  json S = toSarif(makeRun(Root + "/app/main.py"), Root);
  size_t Count = 0;
  for (const json &Run : S["runs"])
    for (const json &N : Run["invocations"][0]["toolExecutionNotifications"]) {
      ++Count;
      EXPECT_EQ(N["descriptor"]["id"], "compilation-database");
      EXPECT_EQ(N["level"], "warning");
      EXPECT_FALSE(N.contains("locations"));
    }
  EXPECT_EQ(Count, 1u);
}

TEST(WritersTest, SarifRuleDescriptors) {
  json S = toSarif(makeRun(Root + "/app/main.py"), Root);
  const json &Rules = runFor(S, "python")["tool"]["driver"]["rules"];
  ASSERT_EQ(Rules.size(), RuleRegistry::get().rules().size());
  int Index = RuleRegistry::get().indexOf("redis-keys");
  ASSERT_GE(Index, 0);
  const json &Rule = Rules[Index];
  const RuleInfo &Info = *RuleRegistry::get().find("redis-keys");
  EXPECT_EQ(Rule["id"], "redis-keys");
  EXPECT_EQ(Rule["name"], Info.Name);
  EXPECT_EQ(Rule["fullDescription"]["text"], Info.Description);
  EXPECT_NE(Rule["help"]["text"].get<std::string>().find(Info.FixDescription),
            std::string::npos);
  EXPECT_EQ(Rule["help"]["markdown"], Info.Doc);
  EXPECT_EQ(Rule["helpUri"], Info.helpUri());
  const json &Tags = Rule["properties"]["tags"];
  EXPECT_NE(std::find(Tags.begin(), Tags.end(), "hazard/redis-keys"),
            Tags.end());
  EXPECT_EQ(Rule["properties"]["precision"], Info.Precision);
  EXPECT_EQ(Rule["properties"]["problem.severity"], "warning");
  EXPECT_EQ(Rule["defaultConfiguration"]["level"], "warning");
}

TEST(WritersTest, SarifResultUnderTheSourceRoot) {
  json S = toSarif(makeRun(Root + "/app/main.py"), Root);
  const json &Runs = runFor(S, "python");
  ASSERT_EQ(Runs["results"].size(), 1u);
  const json &R = Runs["results"][0];
  EXPECT_EQ(R["ruleId"], "redis-keys");
  // ruleIndex points at this rule in rules[].
  ASSERT_TRUE(R["ruleIndex"].is_number_integer());
  int Index = R["ruleIndex"];
  ASSERT_GE(Index, 0);
  EXPECT_EQ(Runs["tool"]["driver"]["rules"][Index]["id"], "redis-keys");
  EXPECT_EQ(R["level"], "warning");

  const json &Loc = R["locations"][0]["physicalLocation"];
  EXPECT_EQ(Loc["artifactLocation"]["uri"], "app/main.py");
  EXPECT_EQ(Loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  // Line 3 is `x = "é"; r.keys("p")`: the call starts after 10 bytes but
  // 9 UTF-16 units, and SARIF columns are UTF-16.
  const json &Region = Loc["region"];
  EXPECT_EQ(Region["startLine"], 3);
  EXPECT_EQ(Region["startColumn"], 10);
  EXPECT_EQ(Region["endLine"], 3);
  EXPECT_EQ(Region["endColumn"], 10 + int(Call.size()));
  EXPECT_EQ(Region["snippet"]["text"], "x = \"\xC3\xA9\"; " + Call);

  std::string Hash = R["partialFingerprints"]["primaryLocationLineHash"];
  EXPECT_EQ(Hash, SourceFile("x", DefaultCode).lineHash("redis-keys", 3, 1));

  const json &Change = R["fixes"][0]["artifactChanges"][0];
  EXPECT_EQ(Change["artifactLocation"]["uri"], "app/main.py");
  const json &Rep = Change["replacements"][0];
  EXPECT_EQ(Rep["insertedContent"]["text"], Replacement);
  EXPECT_EQ(Rep["deletedRegion"]["startLine"], 3);
  EXPECT_EQ(Rep["deletedRegion"]["startColumn"], 10);
  EXPECT_EQ(Rep["deletedRegion"]["endColumn"], 10 + int(Call.size()));
  EXPECT_EQ(R["properties"]["fixApplicability"], "unsafe");
}

TEST(WritersTest, SarifResultOutsideTheSourceRootIsAnAbsoluteUri) {
  json S = toSarif(makeRun("/elsewhere/my app/main.py"), Root);
  const json &Art = runFor(S, "python")["results"][0]["locations"][0]
                                       ["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Art["uri"], "file:///elsewhere/my%20app/main.py");
  EXPECT_FALSE(Art.contains("uriBaseId"));
}

TEST(WritersTest, SarifSiblingOfTheSourceRootIsOutsideIt) {
  // /src/project is not below /src/proj although it shares a prefix.
  json S = toSarif(makeRun("/src/project/main.py"), Root);
  const json &Art = runFor(S, "python")["results"][0]["locations"][0]
                                       ["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Art["uri"], "file:///src/project/main.py");
  EXPECT_FALSE(Art.contains("uriBaseId"));
}

TEST(WritersTest, SarifRelativePathIsResolvedAgainstTheWorkingDirectory) {
  llvm::SmallString<256> Cwd;
  ASSERT_FALSE(llvm::sys::fs::current_path(Cwd));
  json S = toSarif(makeRun("./pkg/../app/main.py"), std::string(Cwd));
  const json &Art = runFor(S, "python")["results"][0]["locations"][0]
                                       ["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Art["uri"], "app/main.py");
  EXPECT_EQ(Art["uriBaseId"], "%SRCROOT%");
}

TEST(WritersTest, FileUriPercentEncodes) {
  EXPECT_EQ(fileUri("/a/b-c_d.e~f/x.py"), "file:///a/b-c_d.e~f/x.py");
  EXPECT_EQ(fileUri("/my dir/x.py"), "file:///my%20dir/x.py");
  EXPECT_EQ(fileUri("/caf\xC3\xA9.py"), "file:///caf%C3%A9.py");
  EXPECT_EQ(fileUri("/a#b?c%d"), "file:///a%23b%3Fc%25d");
}

TEST(WritersTest, JsonFindingWithUnsafeFix) {
  json J = toJson(makeRun("app/main.py"));
  EXPECT_EQ(J["version"], hazardlintVersion());
  ASSERT_EQ(J["findings"].size(), 1u);
  const json &F = J["findings"][0];
  EXPECT_EQ(F["rule"], "redis-keys");
  EXPECT_EQ(F["family"], "hazard/redis-keys");
  EXPECT_EQ(F["severity"], "warning");
  EXPECT_EQ(F["path"], "app/main.py");
  // JSON columns are bytes, like the text output.
  EXPECT_EQ(F["location"]["line"], 3);
  EXPECT_EQ(F["location"]["column"], 11);
  EXPECT_EQ(F["end_location"]["column"], 11 + int(Call.size()));
  EXPECT_FALSE(F["fingerprint"].get<std::string>().empty());
  EXPECT_EQ(F["fix"]["applicability"], "unsafe");
  EXPECT_EQ(F["fix"]["edits"][0]["content"], Replacement);
  ASSERT_EQ(J["notifications"].size(), 1u);
  EXPECT_EQ(J["notifications"][0]["id"], "compilation-database");
  EXPECT_FALSE(J["notifications"][0].contains("path"));
}

TEST(WritersTest, JsonFindingWithoutFixHasNullFix) {
  RunResult R = makeRun("app/main.py");
  R.Files[0].Findings[0].FixIt.reset();
  json J = toJson(R);
  EXPECT_TRUE(J["findings"][0]["fix"].is_null());
}

std::string text(const RunResult &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeText(R, OS, /*Color=*/false);
  OS.flush();
  return Out;
}

TEST(WritersTest, TextShowsLocationSnippetCaretAndFix) {
  const std::string Ascii =
      "import redis\nr = redis.Redis()\nx = 1; " + Call + "\n";
  RunResult R = makeRun("app/main.py", Ascii);
  const Finding &F = R.Files[0].Findings[0];
  std::string Expected = "app/main.py:3:8: warning: " + F.Message +
                         " [redis-keys]\n" + "x = 1; " + Call + "\n" +
                         std::string(7, ' ') + "^" +
                         std::string(Call.size() - 1, '~') + "\n" +
                         std::string(7, ' ') + Replacement + "\n";
  EXPECT_EQ(text(R), Expected);
}

// Regression: the caret line used to have one space per byte before the
// range, so "é" (2 bytes, 1 column) pushed the caret and the fix-it line one
// column right. The location itself stays in bytes, as clang prints it.
TEST(WritersTest, TextCaretIsAlignedAfterNonAsciiText) {
  RunResult R = makeRun("app/main.py");
  std::string Out = text(R);
  // `x = "é"; ` is 9 characters wide.
  EXPECT_NE(Out.find("\n" + std::string(9, ' ') + "^" +
                     std::string(Call.size() - 1, '~') + "\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("\n" + std::string(9, ' ') + Replacement),
            std::string::npos)
      << Out;
}

TEST(WritersTest, TextLocationUsesByteColumns) {
  std::string Out = text(makeRun("app/main.py"));
  EXPECT_EQ(Out.rfind("app/main.py:3:11: warning: ", 0), 0u) << Out;
}

TEST(WritersTest, TextCaretKeepsTabs) {
  const std::string Tabbed = "\tr.keys()\n";
  Finding F;
  F.RuleId = "redis-keys";
  F.Message = "m";
  F.Path = "t.py";
  F.Range.Begin = 1;
  F.Range.End = Tabbed.size() - 1;
  std::vector<Finding> Fs = {F};
  SourceFile("t.py", Tabbed).finalize(Fs);
  RunResult R;
  R.Files.push_back({"t.py", Fs, {}});
  // One tilde per character of "r.keys()" after the caret's.
  EXPECT_EQ(text(R), "t.py:1:2: warning: m [redis-keys]\n\tr.keys()\n\t^" +
                         std::string(7, '~') + "\n");
}

TEST(WritersTest, NotificationsText) {
  RunResult R = makeRun("app/main.py");
  R.Files[0].Notifications.push_back(
      {"syntax-error", Severity::Error, "app/main.py", {2, 5, 5}, "bad"});
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeNotifications(R, OS);
  OS.flush();
  EXPECT_EQ(Out, "hazardlint: warning: no compile_commands.json found "
                 "[compilation-database]\n"
                 "app/main.py:2:5: error: bad [syntax-error]\n");
}

} // namespace
