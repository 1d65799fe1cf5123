#include "TreeSitter/Query.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <algorithm>

namespace hazard::ts {

std::string_view nodeText(TSNode N, std::string_view Source) {
  if (ts_node_is_null(N))
    return {};
  uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
  if (B > Source.size() || E > Source.size() || E < B)
    return {};
  return Source.substr(B, E - B);
}

std::string_view nodeType(TSNode N) {
  return ts_node_is_null(N) ? std::string_view() : ts_node_type(N);
}

TSNode field(TSNode N, const char *Name) {
  if (ts_node_is_null(N))
    return N;
  return ts_node_child_by_field_name(N, Name, strlen(Name));
}

bool isNull(TSNode N) { return ts_node_is_null(N); }

bool contains(TSNode Outer, TSNode Inner) {
  return !isNull(Outer) &&
         ts_node_start_byte(Outer) <= ts_node_start_byte(Inner) &&
         ts_node_end_byte(Inner) <= ts_node_end_byte(Outer);
}

struct QueryProgram::Predicate {
  enum Kind { Eq, Match, AnyOf } K;
  bool Negated = false;
  uint32_t Capture = 0;
  bool CompareCapture = false; // #eq? @a @b
  uint32_t OtherCapture = 0;
  std::vector<std::string> Values;
  std::shared_ptr<llvm::Regex> Regex;
};

Match::Match(const QueryProgram &P, const TSQueryMatch &M)
    : Program(&P), Pattern(M.pattern_index) {
  for (uint16_t I = 0; I < M.capture_count; ++I)
    Captures.emplace_back(M.captures[I].index, M.captures[I].node);
}

TSNode Match::node(std::string_view Name) const {
  for (const auto &[Id, Node] : Captures)
    if (Program->captureName(Id) == Name)
      return Node;
  return TSNode{};
}

std::vector<TSNode> Match::nodes(std::string_view Name) const {
  std::vector<TSNode> Out;
  for (const auto &[Id, Node] : Captures)
    if (Program->captureName(Id) == Name)
      Out.push_back(Node);
  return Out;
}

std::string_view QueryProgram::captureName(uint32_t Id) const {
  uint32_t Len = 0;
  const char *Name = ts_query_capture_name_for_id(Query, Id, &Len);
  return std::string_view(Name, Len);
}

QueryProgram::~QueryProgram() {
  if (Query)
    ts_query_delete(Query);
}

static const char *queryErrorName(TSQueryError E) {
  switch (E) {
  case TSQueryErrorSyntax:
    return "syntax error";
  case TSQueryErrorNodeType:
    return "unknown node type";
  case TSQueryErrorField:
    return "unknown field";
  case TSQueryErrorCapture:
    return "unknown capture";
  case TSQueryErrorStructure:
    return "impossible pattern structure";
  default:
    return "invalid query";
  }
}

std::unique_ptr<QueryProgram> QueryProgram::build(const TSLanguage *Language,
                                                  std::vector<Source> Sources,
                                                  std::string &Error) {
  std::unique_ptr<QueryProgram> P(new QueryProgram());
  std::string Combined;
  std::vector<size_t> Starts;
  for (const Source &S : Sources) {
    Starts.push_back(Combined.size());
    Combined += S.Text;
    Combined += "\n";
  }
  auto OwnerOf = [&](size_t Offset) {
    return size_t(std::upper_bound(Starts.begin(), Starts.end(), Offset) -
                  Starts.begin()) -
           1;
  };
  uint32_t ErrorOffset = 0;
  TSQueryError ErrorType = TSQueryErrorNone;
  P->Query = ts_query_new(Language, Combined.data(), Combined.size(),
                          &ErrorOffset, &ErrorType);
  if (!P->Query) {
    size_t Owner = OwnerOf(ErrorOffset);
    size_t Local = ErrorOffset - Starts[Owner];
    unsigned Line =
        1 + std::count(Sources[Owner].Text.begin(),
                       Sources[Owner].Text.begin() +
                           std::min(Local, Sources[Owner].Text.size()),
                       '\n');
    Error = "query of '" + Sources[Owner].Owner + "', line " +
            std::to_string(Line) + ": " + queryErrorName(ErrorType);
    return nullptr;
  }
  P->Sources = std::move(Sources);
  uint32_t Patterns = ts_query_pattern_count(P->Query);
  P->PatternOwner.resize(Patterns);
  P->PatternPredicates.resize(Patterns);
  for (uint32_t I = 0; I < Patterns; ++I) {
    P->PatternOwner[I] = OwnerOf(ts_query_start_byte_for_pattern(P->Query, I));
    uint32_t StepCount = 0;
    const TSQueryPredicateStep *Steps =
        ts_query_predicates_for_pattern(P->Query, I, &StepCount);
    auto StringAt = [&](const TSQueryPredicateStep &S) {
      uint32_t Len = 0;
      const char *Str =
          ts_query_string_value_for_id(P->Query, S.value_id, &Len);
      return std::string(Str, Len);
    };
    for (uint32_t S = 0; S < StepCount;) {
      uint32_t End = S;
      while (End < StepCount && Steps[End].type != TSQueryPredicateStepTypeDone)
        ++End;
      const std::string &OwnerName = P->Sources[P->PatternOwner[I]].Owner;
      auto Fail = [&](const std::string &Why) {
        Error = "query of '" + OwnerName + "': " + Why;
      };
      if (End == S || Steps[S].type != TSQueryPredicateStepTypeString) {
        Fail("malformed predicate");
        return nullptr;
      }
      std::string Name = StringAt(Steps[S]);
      Predicate Pred;
      // The C API hands over the name without its '#'.
      std::string Base = Name[0] == '#' ? Name.substr(1) : Name;
      Pred.Negated = Base.rfind("not-", 0) == 0;
      if (Pred.Negated)
        Base = Base.substr(4);
      if (Base == "eq?")
        Pred.K = Predicate::Eq;
      else if (Base == "match?")
        Pred.K = Predicate::Match;
      else if (Base == "any-of?")
        Pred.K = Predicate::AnyOf;
      else {
        Fail("unsupported predicate " + Name);
        return nullptr;
      }
      if (End - S < 3 || Steps[S + 1].type != TSQueryPredicateStepTypeCapture) {
        Fail(Name + " takes a capture and a value");
        return nullptr;
      }
      Pred.Capture = Steps[S + 1].value_id;
      for (uint32_t A = S + 2; A < End; ++A) {
        if (Steps[A].type == TSQueryPredicateStepTypeCapture) {
          if (Pred.K != Predicate::Eq) {
            Fail(Name + " takes strings after its capture");
            return nullptr;
          }
          Pred.CompareCapture = true;
          Pred.OtherCapture = Steps[A].value_id;
        } else {
          Pred.Values.push_back(StringAt(Steps[A]));
        }
      }
      if (Pred.K == Predicate::Match) {
        Pred.Regex =
            std::make_shared<llvm::Regex>(llvm::StringRef(Pred.Values.at(0)));
        std::string RegexError;
        if (!Pred.Regex->isValid(RegexError)) {
          Fail("bad regex in " + Name + ": " + RegexError);
          return nullptr;
        }
      }
      P->PatternPredicates[I].push_back(std::move(Pred));
      S = End + 1;
    }
  }
  return P;
}

bool QueryProgram::holds(const TSQueryMatch &M, std::string_view Text) const {
  auto TextOf = [&](uint32_t Capture, bool &Found) {
    for (uint16_t I = 0; I < M.capture_count; ++I)
      if (M.captures[I].index == Capture) {
        Found = true;
        return nodeText(M.captures[I].node, Text);
      }
    Found = false;
    return std::string_view();
  };
  for (const Predicate &P : PatternPredicates[M.pattern_index]) {
    bool Found = false;
    std::string_view Value = TextOf(P.Capture, Found);
    if (!Found)
      continue; // an optional capture that did not match constrains nothing
    bool Result = false;
    switch (P.K) {
    case Predicate::Eq:
      if (P.CompareCapture) {
        bool OtherFound = false;
        Result = Value == TextOf(P.OtherCapture, OtherFound);
      } else {
        Result = Value == P.Values.at(0);
      }
      break;
    case Predicate::Match:
      Result = P.Regex->match(llvm::StringRef(Value.data(), Value.size()));
      break;
    case Predicate::AnyOf:
      Result =
          std::find(P.Values.begin(), P.Values.end(), Value) != P.Values.end();
      break;
    }
    if (Result == P.Negated)
      return false;
  }
  return true;
}

void QueryProgram::run(
    TSNode Root, std::string_view Text,
    const std::function<void(size_t, const Match &)> &Visit) const {
  TSQueryCursor *Cursor = ts_query_cursor_new();
  ts_query_cursor_exec(Cursor, Query, Root);
  TSQueryMatch M;
  while (ts_query_cursor_next_match(Cursor, &M)) {
    if (!holds(M, Text))
      continue;
    Visit(PatternOwner[M.pattern_index], Match(*this, M));
  }
  ts_query_cursor_delete(Cursor);
}

} // namespace hazard::ts
