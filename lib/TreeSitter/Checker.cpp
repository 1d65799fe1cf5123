#include "TreeSitter/Checker.h"

#include <map>
#include <mutex>

namespace hazard::ts {

void Checker::report(TSNode At, const std::vector<std::string> &Args,
                     std::optional<Fix> F) {
  reportMessage(At, Rule->formatMessage(Args, languageForPath(File.path())),
                std::move(F));
}

void Checker::report(TSNode At, MessageId Id,
                     const std::vector<std::string> &Args,
                     std::optional<Fix> F) {
  reportMessage(At, Rule->formatMessage(Id, Args), std::move(F));
  Findings.back().Variant = Id.Variant;
}

void Checker::reportMessage(TSNode At, std::string Message,
                            std::optional<Fix> F) {
  Finding Out;
  Out.RuleId = Rule->Id;
  Out.Level = Rule->DefaultSeverity;
  Out.Message = std::move(Message);
  Out.Path = File.path();
  Out.Range.Begin = ts_node_start_byte(At);
  Out.Range.End = ts_node_end_byte(At);
  Out.FixIt = std::move(F);
  Findings.push_back(std::move(Out));
}

Fix Checker::replace(TSNode N, std::string NewText, std::string Description,
                     bool Safe) const {
  Fix F;
  F.Description = std::move(Description);
  F.Safe = Safe;
  TextEdit E;
  E.Range.Begin = ts_node_start_byte(N);
  E.Range.End = ts_node_end_byte(N);
  E.NewText = std::move(NewText);
  F.Edits.push_back(std::move(E));
  return F;
}

const QueryProgram &programFor(Language Lang, const TSLanguage *Grammar,
                               const char *SemanticQuery) {
  static std::mutex Mutex;
  static std::map<Language, std::unique_ptr<QueryProgram>> Programs;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &Slot = Programs[Lang];
  if (!Slot) {
    std::vector<QueryProgram::Source> Sources{{"semantic", SemanticQuery}};
    for (const RuleInfo &R : RuleRegistry::get().rules()) {
      auto Q = R.Queries.find(Lang);
      if (Q != R.Queries.end())
        Sources.push_back({R.Id, Q->second});
    }
    std::string Error;
    Slot = QueryProgram::build(Grammar, std::move(Sources), Error);
    if (!Slot) {
      fprintf(stderr, "hazardlint: internal error: %s\n", Error.c_str());
      abort();
    }
  }
  return *Slot;
}

static TSNode firstError(TSNode N) {
  if (ts_node_is_error(N) || ts_node_is_missing(N))
    return N;
  uint32_t Count = ts_node_child_count(N);
  for (uint32_t I = 0; I < Count; ++I) {
    TSNode C = ts_node_child(N, I);
    if (ts_node_has_error(C)) {
      TSNode E = firstError(C);
      if (!ts_node_is_null(E))
        return E;
    }
  }
  return TSNode{};
}

void noteSyntaxErrors(const SourceFile &File, TSNode Root, FileResult &Out) {
  if (!ts_node_has_error(Root))
    return;
  TSNode E = firstError(Root);
  Notification N;
  N.Id = "syntax-error";
  N.Level = Severity::Error;
  N.Path = File.path();
  N.Pos = File.position(ts_node_is_null(E) ? 0 : ts_node_start_byte(E));
  N.Message = ts_node_is_null(E) || !ts_node_is_missing(E)
                  ? "syntax error; findings in this file may be incomplete"
                  : std::string("syntax error: missing '") + ts_node_type(E) +
                        "'; findings in this file may be incomplete";
  Out.Notifications.push_back(std::move(N));
}

} // namespace hazard::ts
