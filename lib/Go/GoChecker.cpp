#include "Go/GoChecker.h"
#include "Core/Driver.h"

#include <algorithm>

extern "C" const TSLanguage *tree_sitter_go();

namespace hazard::go {

void analyze(const SourceFile &File, const Config &Settings, RunState &Run,
             FileResult &Out) {
  ts::analyzeTree<GoChecker>(File, Language::Go, tree_sitter_go(), Settings,
                             Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Config::defaults(), Run, Out);
}

void addRunFinding(RunResult &Result, Finding F) {
  auto File =
      std::find_if(Result.Files.begin(), Result.Files.end(),
                   [&](const FileResult &R) { return R.Path == F.Path; });
  if (File != Result.Files.end())
    File->Findings.push_back(std::move(F));
}

std::string packageDirectory(const std::string &Path) {
  size_t Slash = Path.find_last_of("/\\");
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

} // namespace hazard::go
