#include "Go/GoChecker.h"

extern "C" const TSLanguage *tree_sitter_go();

namespace hazard::go {

void analyze(const SourceFile &File, FileResult &Out) {
  ts::analyzeTree<GoChecker>(File, Language::Go, tree_sitter_go(), Out);
}

} // namespace hazard::go
