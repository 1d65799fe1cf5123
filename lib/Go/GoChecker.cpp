#include "Go/GoChecker.h"

extern "C" const TSLanguage *tree_sitter_go();

namespace hazard::go {

void analyze(const SourceFile &File, const Config &Settings,
             const RuleSet &Rules, RunState &Run, FileResult &Out) {
  ts::analyzeTree<GoChecker>(File, Language::Go, tree_sitter_go(), Settings,
                             Rules, Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Config::defaults(), allRules(), Run, Out);
}

std::string packageDirectory(const std::string &Path) {
  size_t Slash = Path.find_last_of("/\\");
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

} // namespace hazard::go
