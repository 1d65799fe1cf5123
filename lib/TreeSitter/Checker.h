//===- Checker.h - Per-file state handed to tree-sitter detectors -*- C++
//-*-===//
//
// As in Ruff, a detector is a function of (match, checker): the checker
// carries the file, the semantic model, and collects findings. Detectors
// register themselves with HAZARD_PYTHON_RULE / HAZARD_GO_RULE so that adding
// a rule needs no edit outside its folder.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_TREESITTER_CHECKER_H
#define HAZARDLINT_TREESITTER_CHECKER_H

#include "Core/Config.h"
#include "Core/Finding.h"
#include "Core/Rule.h"
#include "Core/RunState.h"
#include "Core/SourceFile.h"
#include "TreeSitter/Query.h"
#include <map>
#include <memory>
#include <optional>
#include <typeindex>

namespace hazard::ts {

class Checker {
public:
  explicit Checker(const SourceFile &File) : File(File) {}
  void setRunState(RunState *State) { Run = State; }
  void setConfig(const Config *C) { Settings = C; }
  /// State shared with the other files of the run. Using it makes the
  /// file's results uncacheable (see ResultsCache).
  RunState &run() {
    UsedRunState = true;
    return *Run;
  }
  bool usedRunState() const { return UsedRunState; }
  /// The current rule's option (rule.json "options"), as configured.
  nlohmann::json option(std::string_view Name) const {
    return Settings->option(*Rule, Name);
  }
  /// A detector's own state for this file, e.g. facts gathered over all of
  /// its matches and judged in its finish hook. Created on first use.
  template <class T> T &fileState() {
    auto &P = FileStates[std::type_index(typeid(T))];
    if (!P)
      P = std::make_shared<T>();
    return *static_cast<T *>(P.get());
  }
  virtual ~Checker() = default;

  const SourceFile &file() const { return File; }
  std::string_view text(TSNode N) const { return nodeText(N, File.text()); }

  /// Reports the rule being checked at node At.
  void report(TSNode At, const std::vector<std::string> &Args,
              std::optional<Fix> F = std::nullopt);
  /// Reports the rule's message variant Id at node At.
  void report(TSNode At, MessageId Id, const std::vector<std::string> &Args,
              std::optional<Fix> F = std::nullopt);
  /// A fix that replaces N's text.
  Fix replace(TSNode N, std::string NewText, std::string Description,
              bool Safe) const;

  void setRule(const RuleInfo *R) { Rule = R; }
  const RuleInfo &rule() const { return *Rule; }
  std::vector<Finding> &findings() { return Findings; }

private:
  void reportMessage(TSNode At, std::string Message, std::optional<Fix> F);

  const SourceFile &File;
  const RuleInfo *Rule = nullptr;
  RunState *Run = nullptr;
  const Config *Settings = &Config::defaults();
  bool UsedRunState = false;
  std::vector<Finding> Findings;
  std::map<std::type_index, std::shared_ptr<void>> FileStates;
};

template <class CheckerT> class DetectorRegistry {
public:
  using Detector = void (*)(const Match &, CheckerT &);
  using Finish = void (*)(CheckerT &);
  static std::map<std::string, Detector> &detectors() {
    static std::map<std::string, Detector> Map;
    return Map;
  }
  /// Called once per file after all of the rule's matches.
  static std::map<std::string, Finish> &finishers() {
    static std::map<std::string, Finish> Map;
    return Map;
  }
  struct Add {
    Add(const char *RuleId, Detector D) { detectors()[RuleId] = D; }
  };
  struct AddFinish {
    AddFinish(const char *RuleId, Finish F) { finishers()[RuleId] = F; }
  };
};

/// Parses File with Grammar, runs the semantic patterns and every rule's
/// patterns in one query pass, then calls the detectors. CheckerT provides
/// semanticQuery(), observe(match) and a constructor from (file, root).
template <class CheckerT>
void analyzeTree(const SourceFile &File, Language Lang,
                 const TSLanguage *Grammar, const Config &Settings,
                 const RuleSet &Rules, RunState &Run, FileResult &Out);

/// The shared query program for a language (built once, thread-safe).
const QueryProgram &programFor(Language Lang, const TSLanguage *Grammar,
                               const char *SemanticQuery);

/// Reports syntax errors in Root as one notification at the first error.
void noteSyntaxErrors(const SourceFile &File, TSNode Root, FileResult &Out);

template <class CheckerT>
void analyzeTree(const SourceFile &File, Language Lang,
                 const TSLanguage *Grammar, const Config &Settings,
                 const RuleSet &Rules, RunState &Run, FileResult &Out) {
  TSParser *Parser = ts_parser_new();
  ts_parser_set_language(Parser, Grammar);
  TSTree *Tree = ts_parser_parse_string(Parser, nullptr, File.text().data(),
                                        File.text().size());
  TSNode Root = ts_tree_root_node(Tree);
  noteSyntaxErrors(File, Root, Out);

  const QueryProgram &Program =
      programFor(Lang, Grammar, CheckerT::semanticQuery());
  CheckerT Checker(File, Root, Settings.knowledge(Lang));
  Checker.setRunState(&Run);
  Checker.setConfig(&Settings);
  std::vector<std::pair<size_t, Match>> RuleMatches;
  Program.run(Root, File.text(), [&](size_t Owner, const Match &M) {
    if (Owner == 0)
      Checker.observe(M); // the semantic model's patterns come first
    else
      RuleMatches.emplace_back(Owner, M);
  });
  // Deferred like Ruff's checker: detectors see the whole file's bindings.
  // Only the rules that run on this file.
  auto &Detectors = DetectorRegistry<CheckerT>::detectors();
  const auto &Registry = RuleRegistry::get();
  for (const auto &[Owner, M] : RuleMatches) {
    const std::string &Id = Program.sources()[Owner].Owner;
    auto It = Detectors.find(Id);
    if (It == Detectors.end() || !Rules.count(Id))
      continue;
    Checker.setRule(Registry.find(Id));
    It->second(M, Checker);
  }
  for (const auto &[Id, Finish] : DetectorRegistry<CheckerT>::finishers()) {
    if (!Rules.count(Id))
      continue;
    Checker.setRule(Registry.find(Id));
    Finish(Checker);
  }
  File.finalize(Checker.findings());
  // A file that fed run-wide facts must be re-analysed, not replayed, and
  // its findings finalized after the run finishers (see runAnalysis).
  Out.Cacheable = Out.Cacheable && !Checker.usedRunState();
  for (Finding &F : Checker.findings())
    Out.Findings.push_back(std::move(F));
  Out.Cacheable = !Checker.usedRunState();
  ts_tree_delete(Tree);
  ts_parser_delete(Parser);
}

} // namespace hazard::ts

#endif
