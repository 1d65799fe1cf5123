//===- QueryTest.cpp - The combined tree-sitter query and its predicates --===//
//
// ts::QueryProgram compiles the patterns of several owners into one TSQuery
// and evaluates text predicates itself (the C API leaves them to callers).
// These tests run it over the real Python grammar.
//
//===----------------------------------------------------------------------===//
#include "TreeSitter/Query.h"

#include "gtest/gtest.h"
#include <algorithm>
#include <memory>

extern "C" const TSLanguage *tree_sitter_python();

using namespace hazard::ts;

namespace {

/// A parsed Python snippet that owns its tree.
class Parsed {
public:
  explicit Parsed(std::string Code) : Code(std::move(Code)) {
    TSParser *Parser = ts_parser_new();
    ts_parser_set_language(Parser, tree_sitter_python());
    Tree = ts_parser_parse_string(Parser, nullptr, this->Code.data(),
                                  this->Code.size());
    ts_parser_delete(Parser);
  }
  ~Parsed() { ts_tree_delete(Tree); }
  TSNode root() const { return ts_tree_root_node(Tree); }
  const std::string &code() const { return Code; }

private:
  std::string Code;
  TSTree *Tree = nullptr;
};

std::unique_ptr<QueryProgram> build(std::vector<QueryProgram::Source> Sources,
                                    std::string &Error) {
  return QueryProgram::build(tree_sitter_python(), std::move(Sources), Error);
}

/// The texts captured as @Capture by the matches of a one-source query.
std::vector<std::string> captured(const std::string &Query,
                                  const std::string &Code,
                                  const std::string &Capture) {
  std::string Error;
  auto P = build({{"test", Query}}, Error);
  EXPECT_TRUE(P) << Error;
  if (!P)
    return {};
  Parsed Tree(Code);
  std::vector<std::string> Out;
  P->run(Tree.root(), Tree.code(), [&](size_t, const Match &M) {
    Out.emplace_back(nodeText(M.node(Capture), Tree.code()));
  });
  return Out;
}

using Texts = std::vector<std::string>;

const char *const Identifiers = "foo = bar\nbaz(foo)\nqux\n";

TEST(QueryTest, MatchesAreAttributedToTheirOwner) {
  std::string Error;
  auto P = build({{"semantic", "(import_statement) @import\n"},
                  {"first", "(assignment left: (identifier) @left) @a\n"
                            "(return_statement) @ret\n"},
                  {"second", "(call function: (identifier) @fn) @call"}},
                 Error);
  ASSERT_TRUE(P) << Error;
  ASSERT_EQ(P->sources().size(), 3u);
  EXPECT_EQ(P->sources()[2].Owner, "second");

  Parsed Tree("import os\nx = 1\nf(x)\ndef g():\n    return 2\n");
  std::vector<std::pair<size_t, std::string>> Seen;
  P->run(Tree.root(), Tree.code(), [&](size_t Owner, const Match &M) {
    std::string What = M.has("import") ? "import"
                       : M.has("a")    ? "assign"
                       : M.has("ret")  ? "return"
                       : M.has("call") ? "call"
                                       : "?";
    Seen.emplace_back(Owner, What);
  });
  std::vector<std::pair<size_t, std::string>> Expected = {
      {0, "import"}, {1, "assign"}, {2, "call"}, {1, "return"}};
  EXPECT_EQ(Seen, Expected);
}

TEST(QueryTest, MatchExposesCapturesAndPatternIndex) {
  std::string Error;
  auto P = build({{"a", "(call) @first\n"},
                  {"b", "(call arguments: (argument_list (identifier) @arg))"}},
                 Error);
  ASSERT_TRUE(P) << Error;
  Parsed Tree("f(x, y)\n");
  std::vector<uint32_t> Patterns;
  std::vector<std::string> Args;
  P->run(Tree.root(), Tree.code(), [&](size_t Owner, const Match &M) {
    Patterns.push_back(M.patternIndex());
    EXPECT_FALSE(M.has("missing"));
    EXPECT_TRUE(isNull(M.node("missing")));
    if (Owner == 1)
      for (TSNode N : M.nodes("arg"))
        Args.emplace_back(nodeText(N, Tree.code()));
  });
  // Pattern 1 matches once per argument identifier.
  EXPECT_EQ(Patterns, (std::vector<uint32_t>{0, 1, 1}));
  EXPECT_EQ(Args, (Texts{"x", "y"}));
}

TEST(QueryTest, EqPredicate) {
  EXPECT_EQ(
      captured("((identifier) @id (#eq? @id \"foo\"))", Identifiers, "id"),
      (Texts{"foo", "foo"}));
  EXPECT_EQ(
      captured("((identifier) @id (#eq? @id \"nope\"))", Identifiers, "id"),
      Texts{});
}

TEST(QueryTest, NotEqPredicate) {
  EXPECT_EQ(
      captured("((identifier) @id (#not-eq? @id \"foo\"))", Identifiers, "id"),
      (Texts{"bar", "baz", "qux"}));
}

TEST(QueryTest, MatchPredicate) {
  EXPECT_EQ(captured("((identifier) @id (#match? @id \"^ba[rz]$\"))",
                     Identifiers, "id"),
            (Texts{"bar", "baz"}));
  // Unanchored regexes match anywhere in the text.
  EXPECT_EQ(
      captured("((identifier) @id (#match? @id \"u\"))", Identifiers, "id"),
      (Texts{"qux"}));
}

TEST(QueryTest, NotMatchPredicate) {
  EXPECT_EQ(captured("((identifier) @id (#not-match? @id \"^ba\"))",
                     Identifiers, "id"),
            (Texts{"foo", "foo", "qux"}));
}

TEST(QueryTest, AnyOfPredicate) {
  EXPECT_EQ(captured("((identifier) @id (#any-of? @id \"qux\" \"bar\"))",
                     Identifiers, "id"),
            (Texts{"bar", "qux"}));
  EXPECT_EQ(captured("((identifier) @id (#not-any-of? @id \"qux\" \"bar\"))",
                     Identifiers, "id"),
            (Texts{"foo", "baz", "foo"}));
}

TEST(QueryTest, EqPredicateComparesTwoCaptures) {
  const char *Code = "x = x\ny = z\nw = w\n";
  EXPECT_EQ(
      captured("((assignment left: (identifier) @a right: (identifier) @b)"
               " (#eq? @a @b))",
               Code, "a"),
      (Texts{"x", "w"}));
  EXPECT_EQ(
      captured("((assignment left: (identifier) @a right: (identifier) @b)"
               " (#not-eq? @a @b))",
               Code, "a"),
      (Texts{"y"}));
}

TEST(QueryTest, AllPredicatesOfAPatternMustHold) {
  EXPECT_EQ(captured("((identifier) @id (#match? @id \"^ba\") "
                     "(#not-eq? @id \"bar\"))",
                     Identifiers, "id"),
            (Texts{"baz"}));
}

TEST(QueryTest, PredicatesOnlyConstrainTheirOwnPattern) {
  std::string Error;
  auto P = build({{"a", "((identifier) @id (#eq? @id \"foo\"))"},
                  {"b", "(identifier) @other"}},
                 Error);
  ASSERT_TRUE(P) << Error;
  Parsed Tree(Identifiers);
  unsigned A = 0, B = 0;
  P->run(Tree.root(), Tree.code(),
         [&](size_t Owner, const Match &) { ++(Owner == 0 ? A : B); });
  EXPECT_EQ(A, 2u);
  EXPECT_EQ(B, 5u);
}

TEST(QueryTest, UnsupportedPredicateFailsNamingTheOwner) {
  std::string Error;
  auto P = build({{"semantic", "(identifier) @id"},
                  {"my-rule", "((identifier) @id (#foo? @id \"x\"))"}},
                 Error);
  EXPECT_FALSE(P);
  EXPECT_NE(Error.find("'my-rule'"), std::string::npos) << Error;
  EXPECT_NE(Error.find("foo?"), std::string::npos) << Error;
}

TEST(QueryTest, SyntaxErrorFailsNamingTheOwnerAndLine) {
  std::string Error;
  auto P = build({{"semantic", "(identifier) @id\n"},
                  {"broken", "(call) @c\n(call))\n"},
                  {"last", "(identifier) @x\n"}},
                 Error);
  EXPECT_FALSE(P);
  EXPECT_NE(Error.find("'broken'"), std::string::npos) << Error;
  EXPECT_NE(Error.find("line 2"), std::string::npos) << Error;
  EXPECT_NE(Error.find("syntax error"), std::string::npos) << Error;
}

TEST(QueryTest, UnknownNodeTypeFailsNamingTheOwner) {
  std::string Error;
  auto P = build({{"semantic", "(identifier) @id\n"},
                  {"typo", "\n\n(no_such_node) @n\n"},
                  {"last", "(identifier) @x\n"}},
                 Error);
  EXPECT_FALSE(P);
  EXPECT_NE(Error.find("'typo', line 3"), std::string::npos) << Error;
  EXPECT_NE(Error.find("unknown node type"), std::string::npos) << Error;
}

TEST(QueryTest, BadRegexFails) {
  std::string Error;
  auto P = build({{"regex-rule", "((identifier) @id (#match? @id \"a(b\"))"}},
                 Error);
  EXPECT_FALSE(P);
  EXPECT_NE(Error.find("'regex-rule'"), std::string::npos) << Error;
  EXPECT_NE(Error.find("bad regex"), std::string::npos) << Error;
}

TEST(QueryTest, PredicateWithoutCaptureFails) {
  std::string Error;
  auto P = build({{"r", "((identifier) @id (#eq? \"a\" \"b\"))"}}, Error);
  EXPECT_FALSE(P);
  EXPECT_NE(Error.find("'r'"), std::string::npos) << Error;
}

TEST(QueryTest, MatchesArriveInDocumentOrder) {
  std::string Error;
  // Two owners whose matches interleave in the file.
  auto P =
      build({{"calls", "(call) @node"}, {"assignments", "(assignment) @node"}},
            Error);
  ASSERT_TRUE(P) << Error;
  Parsed Tree("a = 1\nf()\nb = g()\nh(i())\nc = 2\n");
  std::vector<uint32_t> Starts;
  std::vector<size_t> Owners;
  P->run(Tree.root(), Tree.code(), [&](size_t Owner, const Match &M) {
    Starts.push_back(ts_node_start_byte(M.node("node")));
    Owners.push_back(Owner);
  });
  ASSERT_EQ(Starts.size(), 7u);
  EXPECT_TRUE(std::is_sorted(Starts.begin(), Starts.end()));
  EXPECT_EQ(Owners, (std::vector<size_t>{1, 0, 1, 0, 0, 0, 1}));
}

TEST(QueryTest, NodeHelpersTolerateNullNodes) {
  TSNode Null{};
  EXPECT_TRUE(isNull(Null));
  EXPECT_EQ(nodeText(Null, "abc"), "");
  EXPECT_EQ(nodeType(Null), "");
  EXPECT_TRUE(isNull(field(Null, "name")));
}

} // namespace
