//===- GoChecker.h - The checker Go detectors receive -----------*- C++ -*-===//
#ifndef HAZARDLINT_GO_GOCHECKER_H
#define HAZARDLINT_GO_GOCHECKER_H

#include "Go/SemanticModel.h"
#include "TreeSitter/Checker.h"

namespace hazard::go {

class GoChecker : public ts::Checker {
public:
  GoChecker(const SourceFile &File, TSNode Root,
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

/// The directory of Path: the files of one Go package.
std::string packageDirectory(const std::string &Path);

} // namespace hazard::go

/// Registers `Fn(const ts::Match &, GoChecker &)` as a rule's Go detector.
#define HAZARD_GO_RULE(Id, Fn)                                                 \
  static ::hazard::ts::DetectorRegistry<::hazard::go::GoChecker>::Add          \
      HazardGoRule##Fn(::hazard::ruleIdName(::hazard::RuleId::Id), Fn)

/// Registers `Fn(GoChecker &)`, called once per file after the rule's matches.
#define HAZARD_GO_RULE_FINISH(Id, Fn)                                          \
  static ::hazard::ts::DetectorRegistry<::hazard::go::GoChecker>::AddFinish    \
      HazardGoRuleFinish##Fn(::hazard::ruleIdName(::hazard::RuleId::Id), Fn)

#endif
