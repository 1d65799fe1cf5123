#include "Core/Discovery.h"

#include "Core/Git.h"
#include "Core/Rule.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>
#include <set>

namespace hazard {

bool isExcludedDirectory(const std::string &Name) {
  // Ruff's default excludes, plus Go's vendor and CMake's build trees.
  static const std::set<std::string> Names = {
      ".git",           ".hg",         ".svn",          ".bzr",
      "node_modules",   "build",       "dist",          "__pycache__",
      ".venv",          "venv",        ".tox",          ".nox",
      ".mypy_cache",    ".ruff_cache", ".pytest_cache", "site-packages",
      "__pypackages__", "vendor",      "CMakeFiles",    ".direnv",
      "_build",         "buck-out"};
  return Names.count(Name) != 0;
}

static bool underExcludedDirectory(llvm::StringRef Relative) {
  for (auto It = llvm::sys::path::begin(Relative),
            End = llvm::sys::path::end(Relative);
       It != End; ++It) {
    if (std::next(It) == End)
      break; // the file name itself
    if (isExcludedDirectory(std::string(*It)))
      return true;
  }
  return false;
}

/// Whether a directory of Relative, below Root, is a CMake build tree.
static bool inBuildTree(const std::string &Root, llvm::StringRef Relative,
                        std::map<std::string, bool> &Memo) {
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(Relative);
       !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    auto [It, New] = Memo.try_emplace(Dir.str(), false);
    if (New) {
      llvm::SmallString<256> Cache(Root);
      llvm::sys::path::append(Cache, Dir, "CMakeCache.txt");
      It->second = llvm::sys::fs::exists(Cache);
    }
    if (It->second)
      return true;
  }
  return false;
}

static std::string joinPath(const std::string &Dir, llvm::StringRef Name) {
  if (Dir == ".")
    return Name.str();
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Name);
  return std::string(P);
}

/// Files below Dir that git does not ignore; false if Dir is not in a work
/// tree or git is unavailable.
static bool gitFiles(const std::string &Dir, std::vector<std::string> &Out) {
  std::string Error;
  auto Listing = runGit(Dir,
                        {"ls-files", "-z", "--cached", "--others",
                         "--exclude-standard", "--", "."},
                        Error);
  if (!Listing)
    return false;
  llvm::SmallVector<llvm::StringRef, 64> Names;
  llvm::StringRef(*Listing).split(Names, '\0', -1, false);
  std::map<std::string, bool> BuildTrees;
  for (llvm::StringRef Name : Names)
    if (!underExcludedDirectory(Name) && !inBuildTree(Dir, Name, BuildTrees))
      Out.push_back(joinPath(Dir, Name));
  return true;
}

static void walk(const std::string &Dir, std::vector<std::string> &Out) {
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    // Directory symlinks are not followed, as in Ruff and ripgrep: a link to
    // an ancestor would repeat every file until ELOOP.
    if (It->type() == llvm::sys::fs::file_type::symlink_file &&
        llvm::sys::fs::is_directory(It->path())) {
      It.no_push();
      continue;
    }
    if (llvm::sys::fs::is_directory(It->path())) {
      llvm::SmallString<256> Cache(It->path());
      llvm::sys::path::append(Cache, "CMakeCache.txt");
      if (isExcludedDirectory(Name.str()) || llvm::sys::fs::exists(Cache))
        It.no_push();
      continue;
    }
    Out.push_back(It->path());
  }
}

Discovery discoverFiles(const std::vector<std::string> &Paths) {
  Discovery D;
  std::set<std::string> Files;
  for (const std::string &Path : Paths) {
    llvm::sys::fs::file_status Status;
    if (llvm::sys::fs::status(Path, Status) || !llvm::sys::fs::exists(Status)) {
      D.MissingPaths.push_back(Path);
      continue;
    }
    if (!llvm::sys::fs::is_directory(Status)) {
      if (languageForPath(Path))
        Files.insert(llvm::sys::path::remove_leading_dotslash(Path).str());
      else
        D.Notes.push_back({"unsupported-file",
                           Severity::Note,
                           Path,
                           {},
                           "not a Python, Go or C/C++ file; skipped"});
      continue;
    }
    // A directory named explicitly is analysed even where git ignores it
    // (then git lists nothing in it); exclusions apply below it.
    std::vector<std::string> Found;
    if (!gitFiles(Path, Found) || Found.empty())
      walk(Path, Found);
    for (std::string &F : Found)
      if (languageForPath(F) && llvm::sys::fs::is_regular_file(F))
        Files.insert(llvm::sys::path::remove_leading_dotslash(F).str());
  }
  D.Files.assign(Files.begin(), Files.end());
  return D;
}

} // namespace hazard
