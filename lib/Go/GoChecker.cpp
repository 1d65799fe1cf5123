#include "Go/GoChecker.h"

extern "C" const TSLanguage *tree_sitter_go();

namespace hazard::go {

void analyze(const SourceFile &File, RunState &Run, FileResult &Out) {
  ts::analyzeTree<GoChecker>(File, Language::Go, tree_sitter_go(), Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Run, Out);
}

} // namespace hazard::go
