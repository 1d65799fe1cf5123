//===- Query.h - One combined tree-sitter query per language ----*- C++ -*-===//
//
// All detectors of a language (and the semantic model's own patterns) are
// compiled into one TSQuery, so that a file's tree is walked once however
// many rules run. The C API leaves text predicates to the caller; this file
// evaluates #eq?, #not-eq?, #match?, #not-match?, #any-of? and #not-any-of?.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_TREESITTER_QUERY_H
#define HAZARDLINT_TREESITTER_QUERY_H

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tree_sitter/api.h>
#include <vector>

namespace hazard::ts {

std::string_view nodeText(TSNode N, std::string_view Source);
std::string_view nodeType(TSNode N);
TSNode field(TSNode N, const char *Name);
bool isNull(TSNode N);
/// Whether Inner lies within Outer's bytes (Outer itself included); false
/// for a null Outer.
bool contains(TSNode Outer, TSNode Inner);

class QueryProgram;

/// One match of one pattern, handed to a detector.
class Match {
public:
  Match(const QueryProgram &P, const TSQueryMatch &M);
  /// The first node captured as @Name, or a null node.
  TSNode node(std::string_view Name) const;
  bool has(std::string_view Name) const { return !isNull(node(Name)); }
  std::vector<TSNode> nodes(std::string_view Name) const;
  uint32_t patternIndex() const { return Pattern; }

private:
  const QueryProgram *Program;
  uint32_t Pattern;
  std::vector<std::pair<uint32_t, TSNode>> Captures;
};

class QueryProgram {
public:
  struct Source {
    std::string Owner; // a rule id, or "semantic"
    std::string Text;
  };
  /// Compiles all sources into one query. On failure returns null and sets
  /// Error to a message naming the owner and line.
  static std::unique_ptr<QueryProgram> build(const TSLanguage *Language,
                                             std::vector<Source> Sources,
                                             std::string &Error);
  ~QueryProgram();

  /// Runs the query over Root once, calling Visit(ownerIndex, match) for each
  /// match whose predicates hold. Matches arrive in order of completion (a
  /// pattern spanning a function comes after the nodes inside it); callers
  /// that need document order sort by position.
  void run(TSNode Root, std::string_view Text,
           const std::function<void(size_t, const Match &)> &Visit) const;

  const std::vector<Source> &sources() const { return Sources; }
  std::string_view captureName(uint32_t Id) const;

private:
  struct Predicate;
  QueryProgram() = default;
  bool holds(const TSQueryMatch &M, std::string_view Text) const;

  TSQuery *Query = nullptr;
  std::vector<Source> Sources;
  std::vector<size_t> PatternOwner;
  std::vector<std::vector<Predicate>> PatternPredicates;
};

} // namespace hazard::ts

#endif
