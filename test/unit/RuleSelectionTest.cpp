//===- RuleSelectionTest.cpp - Only the rules that run on a file run ------===//
#include "Core/Config.h"
#include "Core/RunState.h"
#include "Core/SourceFile.h"
#include "Go/GoChecker.h"
#include "Python/PythonChecker.h"

#include <gtest/gtest.h>

using namespace hazard;

namespace {

std::set<std::string> rulesFound(const FileResult &Out) {
  std::set<std::string> Ids;
  for (const Finding &F : Out.Findings)
    Ids.insert(F.RuleId);
  return Ids;
}

const char *const PythonSource = "import redis\n"
                                 "r = redis.Redis()\n"
                                 "def f():\n"
                                 "    return r.keys('*')\n";

TEST(RuleSelectionTest, PythonRunsOnlyTheGivenRules) {
  SourceFile File("app.py", PythonSource);
  FileResult All;
  python::analyze(File, All);
  ASSERT_EQ(rulesFound(All), (std::set<std::string>{"redis-keys"}));

  RunState Run;
  FileResult Other;
  python::analyze(File, Config::defaults(), RuleSet{"wait-without-timeout"},
                  Run, Other);
  EXPECT_TRUE(Other.Findings.empty());
}

TEST(RuleSelectionTest, GoRunsOnlyTheGivenRules) {
  SourceFile File("main.go", "package main\n"
                             "import \"net/http\"\n"
                             "func get(u string) {\n"
                             "\tresp, _ := http.Get(u)\n"
                             "\t_ = resp\n"
                             "\tgo work()\n"
                             "}\n"
                             "func work() {}\n");
  FileResult All;
  go::analyze(File, All);
  std::set<std::string> Found = rulesFound(All);
  ASSERT_FALSE(Found.empty());

  for (const std::string &Only : Found) {
    RunState Run;
    FileResult Out;
    go::analyze(File, Config::defaults(), RuleSet{Only}, Run, Out);
    EXPECT_EQ(rulesFound(Out), (std::set<std::string>{Only})) << Only;
  }
}

TEST(RuleSelectionTest, SelectAndIgnoreNarrowTheConfig) {
  const Config &D = Config::defaults();
  RuleSet All = rulesFor(D, "app.py", {}, {}, /*Preview=*/true);
  EXPECT_EQ(All, allRules());
  // Without preview, a rule whose Python detector is preview does not run
  // on a Python file, and one whose Go detector is preview still does.
  RuleSet Stable = rulesFor(D, "app.py", {}, {});
  for (const RuleInfo &R : RuleRegistry::get().rules())
    EXPECT_EQ(Stable.count(R.Id) > 0, !R.isPreview(Language::Python)) << R.Id;
  // Test code: a rule skipped there does not run on a test file.
  RuleSet InTests = rulesFor(D, "tests/test_app.py", {}, {}, true);
  for (const RuleInfo &R : RuleRegistry::get().rules())
    EXPECT_EQ(InTests.count(R.Id) > 0, R.TestCode != TestCodePolicy::Skip)
        << R.Id;
  RuleSet Core = rulesFor(D, "app.py", {"redis-keys", "hazard/linear-scan"},
                          {"linear-scan"});
  EXPECT_EQ(Core, (RuleSet{"redis-keys"}));
}

} // namespace
