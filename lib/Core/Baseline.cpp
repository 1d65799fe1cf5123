#include "Core/Baseline.h"

#include "Core/Git.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

namespace hazard {

static std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

/// Rule, path and the line fingerprint, which ignores the line's position.
static std::string keyOf(const std::string &Rule, llvm::StringRef Path,
                         const std::string &LineHash) {
  return Rule + "|" + llvm::sys::path::convert_to_slash(Path) + "|" + LineHash;
}

std::string Baseline::write(const std::vector<FileResult> &Files) {
  nlohmann::json Entries = nlohmann::json::array();
  for (const FileResult &File : Files)
    for (const Finding &F : File.Findings)
      if (!F.SuppressedBy)
        Entries.push_back({{"rule", F.RuleId},
                           {"path", llvm::sys::path::convert_to_slash(F.Path)},
                           {"fingerprint", F.LineHash},
                           {"line", F.Range.BeginPos.Line},
                           {"message", F.Message}});
  nlohmann::json J = {
      {"version", 1}, {"tool", "hazardlint"}, {"findings", Entries}};
  return J.dump(2) + "\n";
}

std::optional<Baseline> Baseline::read(const std::string &Path,
                                       std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = Path + ": " + Buffer.getError().message();
    return std::nullopt;
  }
  nlohmann::json J =
      nlohmann::json::parse((*Buffer)->getBuffer(), nullptr, false);
  if (J.is_discarded() || !J.is_object() || J.value("version", 0) != 1 ||
      !J.contains("findings") || !J["findings"].is_array()) {
    Error = Path + ": not a hazardlint baseline (write one with 'hazardlint "
                   "baseline FILE')";
    return std::nullopt;
  }
  Baseline B;
  for (const nlohmann::json &E : J["findings"]) {
    if (!E.is_object() || !E.value("rule", nlohmann::json()).is_string() ||
        !E.value("path", nlohmann::json()).is_string() ||
        !E.value("fingerprint", nlohmann::json()).is_string()) {
      Error = Path + ": malformed entry " + E.dump();
      return std::nullopt;
    }
    ++B.Remaining[keyOf(E["rule"], E["path"].get<std::string>(),
                        E["fingerprint"])];
  }
  return B;
}

bool Baseline::consume(const Finding &F) {
  auto It = Remaining.find(keyOf(F.RuleId, F.Path, F.LineHash));
  if (It == Remaining.end() || It->second == 0)
    return false;
  --It->second;
  return true;
}

std::optional<ChangedLines> ChangedLines::since(const std::string &Revision,
                                                std::string &Error) {
  std::string GitError;
  auto Top = runGit(".", {"rev-parse", "--show-toplevel"}, GitError);
  if (!Top) {
    Error = "--diff-base needs a git work tree: " + GitError;
    return std::nullopt;
  }
  std::string Root = llvm::StringRef(*Top).trim().str();
  if (!runGit(Root,
              {"rev-parse", "--verify", "--quiet", Revision + "^{commit}"},
              GitError)) {
    Error = "--diff-base: unknown revision '" + Revision + "'";
    return std::nullopt;
  }
  auto Diff = runGit(Root,
                     {"diff", "--no-color", "--no-ext-diff", "--unified=0",
                      "--relative", "--no-renames", Revision, "--"},
                     GitError);
  auto Untracked = runGit(
      Root, {"ls-files", "-z", "--others", "--exclude-standard"}, GitError);
  if (!Diff || !Untracked) {
    Error = "--diff-base: " + GitError;
    return std::nullopt;
  }
  auto InRoot = [&](llvm::StringRef Rel) {
    llvm::SmallString<256> P(Root);
    llvm::sys::path::append(P, Rel);
    return absolutePath(P);
  };
  ChangedLines Out;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  llvm::StringRef(*Diff).split(Lines, '\n');
  std::string Current;
  for (llvm::StringRef L : Lines) {
    if (L.consume_front("+++ ")) {
      Current = L == "/dev/null" ? "" : InRoot(L.drop_front(2)); // "b/"
      continue;
    }
    // @@ -a,b +c,d @@: d lines from c were added or changed.
    if (!L.consume_front("@@ ") || Current.empty())
      continue;
    llvm::StringRef New = L.split(' ').second.split(' ').first;
    New.consume_front("+");
    auto [StartText, CountText] = New.split(',');
    unsigned Start = 0, Count = 1;
    if (StartText.getAsInteger(10, Start) ||
        (!CountText.empty() && CountText.getAsInteger(10, Count)))
      continue;
    for (unsigned I = 0; I < Count; ++I)
      Out.Lines[Current].insert(Start + I);
  }
  llvm::SmallVector<llvm::StringRef, 16> Files;
  llvm::StringRef(*Untracked).split(Files, '\0', -1, false);
  for (llvm::StringRef F : Files)
    Out.WholeFiles.insert(InRoot(F));
  return Out;
}

bool ChangedLines::touches(const Finding &F) const {
  std::string Path = absolutePath(F.Path);
  if (WholeFiles.count(Path))
    return true;
  auto It = Lines.find(Path);
  if (It == Lines.end())
    return false;
  unsigned Last = std::max(F.Range.EndPos.Line, F.Range.BeginPos.Line);
  auto Hit = It->second.lower_bound(F.Range.BeginPos.Line);
  return Hit != It->second.end() && *Hit <= Last;
}

} // namespace hazard
