//===- SourceFileTest.cpp - Positions, snippets and line fingerprints -----===//
#include "Core/SourceFile.h"

#include "gtest/gtest.h"

using namespace hazard;

namespace {

// Line 2 holds a 2-byte "é" (one UTF-16 unit) and a 4-byte emoji (a
// surrogate pair, two UTF-16 units) before the "x".
const std::string Text = "a = 1\n"
                         "\xC3\xA9 = \"\xF0\x9F\x98\x80x\"\n"
                         "last";

size_t offsetOf(const std::string &Haystack, const std::string &Needle) {
  size_t At = Haystack.find(Needle);
  EXPECT_NE(At, std::string::npos) << Needle;
  return At;
}

TEST(SourceFileTest, PositionOfAsciiText) {
  SourceFile F("t.py", Text);
  Position P = F.position(0);
  EXPECT_EQ(P.Line, 1u);
  EXPECT_EQ(P.Column, 1u);
  EXPECT_EQ(P.Utf16Column, 1u);
  P = F.position(4); // "1"
  EXPECT_EQ(P.Line, 1u);
  EXPECT_EQ(P.Column, 5u);
  EXPECT_EQ(P.Utf16Column, 5u);
  P = F.position(5); // the newline still belongs to line 1
  EXPECT_EQ(P.Line, 1u);
  EXPECT_EQ(P.Column, 6u);
}

TEST(SourceFileTest, ByteAndUtf16ColumnsDifferAfterNonAscii) {
  SourceFile F("t.py", Text);
  Position P = F.position(offsetOf(Text, "x\""));
  EXPECT_EQ(P.Line, 2u);
  // Bytes: é(2) + ' = "'(4) + emoji(4) = 10 before x.
  EXPECT_EQ(P.Column, 11u);
  // UTF-16 units: é(1) + 4 + emoji(2) = 7 before x.
  EXPECT_EQ(P.Utf16Column, 8u);
  // Just after "é": byte column 3, UTF-16 column 2.
  P = F.position(offsetOf(Text, " = \""));
  EXPECT_EQ(P.Column, 3u);
  EXPECT_EQ(P.Utf16Column, 2u);
}

TEST(SourceFileTest, PositionPastTheEndIsClampedToTheEnd) {
  SourceFile F("t.py", Text);
  Position End = F.position(Text.size());
  EXPECT_EQ(End.Line, 3u);
  EXPECT_EQ(End.Column, 5u);
  Position Past = F.position(Text.size() + 100);
  EXPECT_EQ(Past.Line, End.Line);
  EXPECT_EQ(Past.Column, End.Column);
}

TEST(SourceFileTest, LineTextStripsTheLineEnding) {
  SourceFile F("t.py", "one\r\ntwo\n\nfour");
  EXPECT_EQ(F.lineText(1), "one");
  EXPECT_EQ(F.lineText(2), "two");
  EXPECT_EQ(F.lineText(3), "");
  EXPECT_EQ(F.lineText(4), "four");
  EXPECT_EQ(F.lineText(0), "");
  EXPECT_EQ(F.lineText(5), "");
}

TEST(SourceFileTest, RangeFillsBothPositions) {
  SourceFile F("t.py", Text);
  size_t B = offsetOf(Text, "\xC3\xA9"), E = offsetOf(Text, "last") + 2;
  TextRange R = F.range(B, E);
  EXPECT_EQ(R.Begin, B);
  EXPECT_EQ(R.End, E);
  EXPECT_EQ(R.BeginPos.Line, 2u);
  EXPECT_EQ(R.BeginPos.Column, 1u);
  EXPECT_EQ(R.EndPos.Line, 3u);
  EXPECT_EQ(R.EndPos.Column, 3u);
  // A reversed range collapses to an empty one at its start.
  TextRange Empty = F.range(E, B);
  EXPECT_EQ(Empty.End, Empty.Begin);
  EXPECT_EQ(Empty.EndPos.Column, Empty.BeginPos.Column);
}

TEST(SourceFileTest, SliceClampsToTheText) {
  SourceFile F("t.py", "abcdef");
  EXPECT_EQ(F.slice(1, 3), "bc");
  EXPECT_EQ(F.slice(4, 100), "ef");
  EXPECT_EQ(F.slice(5, 2), "");
  EXPECT_EQ(F.slice(100, 200), "");
}

TEST(SourceFileTest, LineHashSurvivesLinesInsertedAbove) {
  SourceFile Before("t.py", "import redis\nr.keys()\n");
  SourceFile After("t.py", "import redis\n\n# a comment\nx = 1\nr.keys()\n");
  EXPECT_EQ(Before.lineHash("redis-keys", 2, 1),
            After.lineHash("redis-keys", 5, 1));
}

TEST(SourceFileTest, LineHashDependsOnTheRule) {
  SourceFile F("t.py", "r.keys()\n");
  EXPECT_NE(F.lineHash("redis-keys", 1, 1), F.lineHash("other-rule", 1, 1));
}

TEST(SourceFileTest, LineHashDependsOnTheLineContent) {
  SourceFile F("t.py", "r.keys()\nr.scan()\n");
  EXPECT_NE(F.lineHash("redis-keys", 1, 1), F.lineHash("redis-keys", 2, 1));
}

TEST(SourceFileTest, LineHashIgnoresWhitespace) {
  SourceFile A("t.py", "r.keys(\"a\", b)\n");
  SourceFile B("t.py", "\t  r.keys( \"a\" ,b )   \r\n");
  EXPECT_EQ(A.lineHash("redis-keys", 1, 1), B.lineHash("redis-keys", 1, 1));
}

TEST(SourceFileTest, LineHashEndsWithTheOccurrence) {
  SourceFile F("t.py", "r.keys()\n");
  std::string H1 = F.lineHash("redis-keys", 1, 1);
  std::string H2 = F.lineHash("redis-keys", 1, 2);
  ASSERT_GE(H1.size(), 2u);
  EXPECT_EQ(H1.substr(H1.size() - 2), ":1");
  EXPECT_EQ(H2.substr(H2.size() - 2), ":2");
  EXPECT_EQ(H1.substr(0, H1.size() - 2), H2.substr(0, H2.size() - 2));
}

Finding findingAt(const std::string &Text, const std::string &Needle,
                  size_t From = 0, const char *Rule = "redis-keys") {
  Finding F;
  F.RuleId = Rule;
  F.Range.Begin = Text.find(Needle, From);
  F.Range.End = F.Range.Begin + Needle.size();
  return F;
}

TEST(SourceFileTest, FinalizeNumbersIdenticalLines) {
  std::string Code = "r.keys()\nx = 1\nr.keys()\n";
  SourceFile F("t.py", Code);
  // Handed over out of order: finalize sorts them first.
  std::vector<Finding> Fs = {findingAt(Code, "r.keys()", 10),
                             findingAt(Code, "r.keys()")};
  F.finalize(Fs);
  ASSERT_EQ(Fs.size(), 2u);
  EXPECT_EQ(Fs[0].Range.BeginPos.Line, 1u);
  EXPECT_EQ(Fs[1].Range.BeginPos.Line, 3u);
  const std::string &H1 = Fs[0].LineHash, &H2 = Fs[1].LineHash;
  EXPECT_EQ(H1.substr(H1.size() - 2), ":1");
  EXPECT_EQ(H2.substr(H2.size() - 2), ":2");
  EXPECT_EQ(H1.substr(0, H1.size() - 2), H2.substr(0, H2.size() - 2));
  EXPECT_EQ(H1, F.lineHash("redis-keys", 1, 1));
}

TEST(SourceFileTest, FinalizeCountsOccurrencesPerRule) {
  std::string Code = "r.keys()\nr.keys()\n";
  SourceFile F("t.py", Code);
  std::vector<Finding> Fs = {findingAt(Code, "r.keys()", 0, "redis-keys"),
                             findingAt(Code, "r.keys()", 5, "other-rule")};
  F.finalize(Fs);
  ASSERT_EQ(Fs.size(), 2u);
  // Different rules on identical lines are each their first occurrence.
  for (const Finding &X : Fs)
    EXPECT_EQ(X.LineHash.substr(X.LineHash.size() - 2), ":1") << X.RuleId;
}

TEST(SourceFileTest, FinalizeFillsSnippetAndFixPositions) {
  std::string Code = "import redis\n  r.keys(\"p\")\n";
  SourceFile F("t.py", Code);
  Finding X = findingAt(Code, "r.keys(\"p\")");
  Fix Fx;
  TextEdit E;
  E.Range.Begin = X.Range.Begin;
  E.Range.End = X.Range.End;
  E.NewText = "list(r.scan_iter(match=\"p\"))";
  Fx.Edits.push_back(E);
  X.FixIt = Fx;
  std::vector<Finding> Fs = {X};
  F.finalize(Fs);
  EXPECT_EQ(Fs[0].LineText, "  r.keys(\"p\")");
  EXPECT_EQ(Fs[0].Range.BeginPos.Column, 3u);
  EXPECT_EQ(Fs[0].Range.EndPos.Column, 14u);
  ASSERT_TRUE(Fs[0].FixIt);
  EXPECT_EQ(Fs[0].FixIt->Edits[0].Range.BeginPos.Line, 2u);
  EXPECT_EQ(Fs[0].FixIt->Edits[0].Range.BeginPos.Column, 3u);
  EXPECT_EQ(Fs[0].FixIt->Edits[0].Range.EndPos.Column, 14u);
}

} // namespace
