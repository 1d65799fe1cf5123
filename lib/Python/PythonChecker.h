//===- PythonChecker.h - The checker Python detectors receive ---*- C++ -*-===//
#ifndef HAZARDLINT_PYTHON_PYTHONCHECKER_H
#define HAZARDLINT_PYTHON_PYTHONCHECKER_H

#include "Python/SemanticModel.h"
#include "TreeSitter/Checker.h"

namespace hazard::python {

class PythonChecker : public ts::Checker {
public:
  PythonChecker(const SourceFile &File, TSNode Root,
                const knowledge::KnowledgeBase &Knowledge)
      : ts::Checker(File), Model(File.text(), Root, Knowledge) {}
  static const char *semanticQuery() { return SemanticModel::query(); }
  void observe(const ts::Match &M) { Model.observe(M); }
  const SemanticModel &semantic() const { return Model; }

private:
  SemanticModel Model;
};

/// Runs the detectors of Rules over File.
void analyze(const SourceFile &File, const Config &Settings,
             const RuleSet &Rules, RunState &Run, FileResult &Out);
/// For one file on its own (tests): a run of its own.
void analyze(const SourceFile &File, FileResult &Out);

} // namespace hazard::python

/// Registers `Fn(const ts::Match &, PythonChecker &)` as the Python detector of
/// the rule whose folder holds this file.
#define HAZARD_PYTHON_RULE(Id, Fn)                                             \
  static ::hazard::ts::DetectorRegistry<::hazard::python::PythonChecker>::Add  \
      HazardPythonRule##Fn(::hazard::ruleIdName(::hazard::RuleId::Id), Fn)

/// Registers `Fn(PythonChecker &)`, called once per file after the rule's
/// matches.
#define HAZARD_PYTHON_RULE_FINISH(Id, Fn)                                      \
  static ::hazard::ts::DetectorRegistry<::hazard::python::PythonChecker>::     \
      AddFinish HazardPythonRuleFinish##Fn(                                    \
          ::hazard::ruleIdName(::hazard::RuleId::Id), Fn)

#endif
