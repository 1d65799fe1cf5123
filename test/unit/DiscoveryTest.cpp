//===- DiscoveryTest.cpp - Which files a run analyses ---------------------===//
#include "Core/Discovery.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <cstdlib>

using namespace hazard;

namespace {

/// A fresh directory under the system temp dir, removed afterwards.
class DiscoveryTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Path;
    ASSERT_FALSE(
        llvm::sys::fs::createUniqueDirectory("hazardlint-discovery", Path));
    Dir = std::string(Path);
  }
  void TearDown() override {
    if (!Dir.empty())
      llvm::sys::fs::remove_directories(Dir);
  }

  std::string path(const std::string &Relative) const {
    return Dir + "/" + Relative;
  }
  void write(const std::string &Relative, const std::string &Text = "x = 1\n") {
    std::string P = path(Relative);
    ASSERT_FALSE(
        llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P)));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    ASSERT_FALSE(EC) << P << ": " << EC.message();
    OS << Text;
  }
  /// Found files relative to Dir.
  std::vector<std::string> relative(const Discovery &D) const {
    std::vector<std::string> Out;
    for (const std::string &F : D.Files) {
      llvm::StringRef S(F);
      EXPECT_TRUE(S.consume_front(Dir + "/")) << F;
      Out.push_back(S.str());
    }
    return Out;
  }
  bool runGit(const std::string &Args) const {
    std::string Command = "git -C '" + Dir + "' " + Args + " >/dev/null 2>&1";
    return std::system(Command.c_str()) == 0;
  }

  std::string Dir;
};

using Paths = std::vector<std::string>;

TEST_F(DiscoveryTest, FindsSourceFilesRecursively) {
  write("a.py");
  write("sub/b.go", "package sub\n");
  write("sub/deep/c.cpp", "int c;\n");
  write("sub/deep/d.h", "int d;\n");
  write("notes.txt");
  write("Makefile");
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D),
            (Paths{"a.py", "sub/b.go", "sub/deep/c.cpp", "sub/deep/d.h"}));
  EXPECT_TRUE(D.Notes.empty());
  EXPECT_TRUE(D.MissingPaths.empty());
}

TEST_F(DiscoveryTest, SkipsVendoredAndBuildDirectories) {
  write("keep.py");
  write("node_modules/pkg/x.py");
  write(".git/hooks/y.py");
  write("build/gen.cpp");
  write("sub/__pycache__/z.py");
  write(".venv/lib/site.py");
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D), (Paths{"keep.py"}));
}

TEST_F(DiscoveryTest, SkipsCMakeBuildTreesWhateverTheirName) {
  write("keep.cpp");
  write("out-release/CMakeCache.txt", "# cache\n");
  write("out-release/generated.cpp");
  write("out-release/sub/more.cpp");
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D), (Paths{"keep.cpp"}));
}

TEST_F(DiscoveryTest, HonoursGitignoreInAGitRepository) {
  ASSERT_TRUE(runGit("init -q")) << "git init failed in " << Dir;
  write(".gitignore", "ignored.py\ngen/\n");
  write("kept.py");
  write("ignored.py");
  write("gen/out.go", "package gen\n");
  write("src/tracked.go", "package src\n");
  write("node_modules/m.py"); // not in .gitignore, still skipped
  ASSERT_TRUE(runGit("add src/tracked.go"));
  Discovery D = discoverFiles({Dir});
  // Both tracked and untracked-but-not-ignored files are analysed.
  EXPECT_EQ(relative(D), (Paths{"kept.py", "src/tracked.go"}));
}

TEST_F(DiscoveryTest, SkipsCMakeBuildTreesInAGitRepository) {
  ASSERT_TRUE(runGit("init -q"));
  write("keep.cpp");
  write("out/CMakeCache.txt", "# cache\n"); // not in any .gitignore
  write("out/gen/generated.cpp");
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D), (Paths{"keep.cpp"}));
}

TEST_F(DiscoveryTest, ExplicitlyNamedIgnoredDirectoryIsAnalysed) {
  ASSERT_TRUE(runGit("init -q"));
  write(".gitignore", "gen/\n");
  write("gen/out.py");
  write("gen/node_modules/m.py"); // exclusions still apply below it
  Discovery D = discoverFiles({path("gen")});
  EXPECT_EQ(relative(D), (Paths{"gen/out.py"}));
}

TEST_F(DiscoveryTest, GitignoreIsNotHonouredOutsideARepository) {
  write(".gitignore", "ignored.py\n");
  write("ignored.py");
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D), (Paths{"ignored.py"}));
}

TEST_F(DiscoveryTest, ExplicitFilesAreAnalysedEvenIfIgnored) {
  ASSERT_TRUE(runGit("init -q"));
  write(".gitignore", "ignored.py\n");
  write("ignored.py");
  write("node_modules/m.py");
  Discovery D = discoverFiles({path("ignored.py"), path("node_modules/m.py")});
  EXPECT_EQ(relative(D), (Paths{"ignored.py", "node_modules/m.py"}));
}

TEST_F(DiscoveryTest, ExplicitUnsupportedFileGivesANote) {
  write("notes.txt");
  Discovery D = discoverFiles({path("notes.txt")});
  EXPECT_TRUE(D.Files.empty());
  ASSERT_EQ(D.Notes.size(), 1u);
  EXPECT_EQ(D.Notes[0].Id, "unsupported-file");
  EXPECT_EQ(D.Notes[0].Path, path("notes.txt"));
  EXPECT_EQ(D.Notes[0].Level, Severity::Note);
  EXPECT_TRUE(D.MissingPaths.empty());
}

TEST_F(DiscoveryTest, MissingPathIsReported) {
  write("a.py");
  Discovery D = discoverFiles({path("nope.py"), path("a.py"), path("gone/")});
  EXPECT_EQ(D.MissingPaths, (Paths{path("nope.py"), path("gone/")}));
  EXPECT_EQ(relative(D), (Paths{"a.py"}));
  EXPECT_TRUE(D.Notes.empty());
}

TEST_F(DiscoveryTest, ResultsAreSortedAndUnique) {
  write("z.py");
  write("m/b.go", "package m\n");
  write("a.cpp", "int a;\n");
  // The same files reached three ways.
  Discovery D = discoverFiles({path("z.py"), Dir, path("m"), Dir});
  EXPECT_EQ(relative(D), (Paths{"a.cpp", "m/b.go", "z.py"}));
  EXPECT_TRUE(std::is_sorted(D.Files.begin(), D.Files.end()));
}

TEST_F(DiscoveryTest, LeadingDotSlashIsRemovedFromExplicitFiles) {
  write("a.py");
  llvm::SmallString<256> Cwd;
  ASSERT_FALSE(llvm::sys::fs::current_path(Cwd));
  ASSERT_FALSE(llvm::sys::fs::set_current_path(Dir));
  Discovery D = discoverFiles({"./a.py"});
  ASSERT_FALSE(llvm::sys::fs::set_current_path(Cwd));
  EXPECT_EQ(D.Files, (Paths{"a.py"}));
}

// Outside a git work tree, directory symlinks are not followed (as in Ruff
// and ripgrep): a link back to an ancestor must not repeat or hang the walk.
TEST_F(DiscoveryTest, SymlinkLoopDoesNotDuplicateFiles) {
  write("a.py");
  write("sub/b.py");
  ASSERT_FALSE(llvm::sys::fs::create_link("..", path("sub/loop")));
  Discovery D = discoverFiles({Dir});
  EXPECT_EQ(relative(D), (Paths{"a.py", "sub/b.py"}));
}

TEST(DiscoveryNamesTest, ExcludedDirectoryNames) {
  for (const char *Name : {".git", "node_modules", "build", "__pycache__",
                           "vendor", ".venv", "CMakeFiles"})
    EXPECT_TRUE(isExcludedDirectory(Name)) << Name;
  for (const char *Name : {"src", "builder", "lib", "git", "Build"})
    EXPECT_FALSE(isExcludedDirectory(Name)) << Name;
}

} // namespace
