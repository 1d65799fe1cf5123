//===- ParsedModel.h - A semantic model fed by its own query ----*- C++ -*-===//
//
// The semantic-model tests parse a snippet with tree-sitter, run the model's
// own query over it and call observe() on each match, as the checkers do,
// then ask the model about nodes found by their source text.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_TEST_UNIT_PARSEDMODEL_H
#define HAZARDLINT_TEST_UNIT_PARSEDMODEL_H

#include "Knowledge/KnowledgeBase.h"
#include "TreeSitter/Query.h"

#include "gtest/gtest.h"
#include <memory>
#include <string>

namespace hazard::test {

/// A parsed snippet with a ModelT (python::SemanticModel, go::SemanticModel)
/// built from it.
template <class ModelT, const TSLanguage *(*Grammar)(), Language Lang>
class ParsedModel {
public:
  explicit ParsedModel(std::string Code,
                       const knowledge::KnowledgeBase &Knowledge =
                           knowledge::KnowledgeBase::builtin(Lang))
      : Code(std::move(Code)) {
    TSParser *Parser = ts_parser_new();
    ts_parser_set_language(Parser, Grammar());
    Tree = ts_parser_parse_string(Parser, nullptr, this->Code.data(),
                                  this->Code.size());
    ts_parser_delete(Parser);
    // The snippets are meant to parse: an error node is a test bug.
    EXPECT_FALSE(ts_node_has_error(root())) << this->Code;
    std::string Error;
    Program = ts::QueryProgram::build(Grammar(),
                                      {{"semantic", ModelT::query()}}, Error);
    EXPECT_TRUE(Program) << Error;
    M = std::make_unique<ModelT>(this->Code, root(), Knowledge);
    if (Program)
      Program->run(root(), this->Code,
                   [&](size_t, const ts::Match &Match) { M->observe(Match); });
  }
  ParsedModel(const ParsedModel &) = delete;
  ParsedModel &operator=(const ParsedModel &) = delete;
  ~ParsedModel() { ts_tree_delete(Tree); }

  TSNode root() const { return ts_tree_root_node(Tree); }
  /// The smallest named node spanning Sub, the first occurrence of it
  /// inside the first occurrence of Context (Sub defaults to all of Context).
  TSNode node(const std::string &Context, std::string Sub = "") const {
    if (Sub.empty())
      Sub = Context;
    size_t At = Code.find(Context);
    size_t In = At == std::string::npos ? At : Context.find(Sub);
    EXPECT_NE(In, std::string::npos) << Context << " / " << Sub;
    if (In == std::string::npos)
      return TSNode{};
    At += In;
    return ts_node_named_descendant_for_byte_range(root(), At, At + Sub.size());
  }
  const ModelT &operator*() const { return *M; }
  const ModelT *operator->() const { return M.get(); }
  std::string text(TSNode N) const {
    return std::string(ts::nodeText(N, Code));
  }
  const std::string &code() const { return Code; }

private:
  std::string Code;
  TSTree *Tree = nullptr;
  std::unique_ptr<ts::QueryProgram> Program;
  std::unique_ptr<ModelT> M;
};

} // namespace hazard::test

#endif
