#include "Python/PythonChecker.h"

extern "C" const TSLanguage *tree_sitter_python();

namespace hazard::python {

void analyze(const SourceFile &File, const Config &Settings,
             const RuleSet &Rules, RunState &Run, FileResult &Out) {
  ts::analyzeTree<PythonChecker>(File, Language::Python, tree_sitter_python(),
                                 Settings, Rules, Run, Out);
}

void analyze(const SourceFile &File, FileResult &Out) {
  RunState Run;
  analyze(File, Config::defaults(), allRules(), Run, Out);
}

} // namespace hazard::python
