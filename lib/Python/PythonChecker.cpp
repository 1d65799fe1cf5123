#include "Python/PythonChecker.h"

extern "C" const TSLanguage *tree_sitter_python();

namespace hazard::python {

void analyze(const SourceFile &File, FileResult &Out) {
  ts::analyzeTree<PythonChecker>(File, Language::Python, tree_sitter_python(),
                                 Out);
}

} // namespace hazard::python
