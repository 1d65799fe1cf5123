#include "Python/PythonChecker.h"

extern "C" const TSLanguage *tree_sitter_python();

namespace hazard::python {

void analyze(const SourceFile &File, const Config &Settings, RunState &Run,
             FileResult &Out) {
  ts::analyzeTree<PythonChecker>(File, Language::Python, tree_sitter_python(),
                                 Settings, Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Config::defaults(), Run, Out);
}

} // namespace hazard::python
