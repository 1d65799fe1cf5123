#include "Python/PythonChecker.h"

extern "C" const TSLanguage *tree_sitter_python();

namespace hazard::python {

void analyze(const SourceFile &File, RunState &Run, FileResult &Out) {
  ts::analyzeTree<PythonChecker>(File, Language::Python, tree_sitter_python(), Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Run, Out);
}

} // namespace hazard::python
