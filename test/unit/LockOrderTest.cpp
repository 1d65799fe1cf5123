//===- LockOrderTest.cpp - The lock-order graph and its one policy --------===//
#include "Core/LockOrder.h"

#include <gtest/gtest.h>

using namespace hazard;
using namespace hazard::lockorder;

namespace {

Site at(const std::string &Path, size_t Offset, bool Known = true) {
  Site S;
  S.Path = Path;
  S.Range.Begin = Offset;
  S.Range.End = Offset + 1;
  S.HeldKnown = S.TakenKnown = Known;
  return S;
}

const Scope WholeRun{Language::Python, ""};

TEST(LockOrderTest, OneOrderIsNoInversion) {
  Graph G;
  G.record(WholeRun, "A", "B", at("a.py", 10));
  G.record(WholeRun, "A", "B", at("b.py", 20));
  G.record(WholeRun, "B", "C", at("b.py", 30));
  EXPECT_TRUE(G.inversions().empty());
}

TEST(LockOrderTest, BothOrdersAreOneInversionAtTheLaterFirstSite) {
  Graph G;
  G.record(WholeRun, "B", "A", at("b.py", 50));
  G.record(WholeRun, "A", "B", at("a.py", 90));
  G.record(WholeRun, "B", "A", at("b.py", 5));
  G.record(WholeRun, "A", "B", at("a.py", 40));
  auto I = G.inversions();
  ASSERT_EQ(I.size(), 1u);
  // First sites: a.py:40 (A then B) and b.py:5 (B then A); b.py is later.
  EXPECT_EQ(I[0].Held, "B");
  EXPECT_EQ(I[0].Taken, "A");
  EXPECT_EQ(I[0].Here.Path, "b.py");
  EXPECT_EQ(I[0].Here.Range.Begin, 5u);
  EXPECT_EQ(I[0].There.Path, "a.py");
  EXPECT_EQ(I[0].There.Range.Begin, 40u);
}

TEST(LockOrderTest, SameLockIsNoOrder) {
  Graph G;
  G.record(WholeRun, "A", "A", at("a.py", 1));
  EXPECT_TRUE(G.empty());
}

TEST(LockOrderTest, ScopesAreNotCompared) {
  Graph G;
  G.record({Language::Go, "pkg"}, "A", "B", at("pkg/a.go", 1));
  G.record({Language::Go, "other"}, "B", "A", at("other/b.go", 1));
  G.record({Language::Cpp, ""}, "B", "A", at("c.cpp", 1));
  EXPECT_TRUE(G.inversions().empty());
  G.record({Language::Go, "pkg"}, "B", "A", at("pkg/b.go", 7));
  auto I = G.inversions();
  ASSERT_EQ(I.size(), 1u);
  EXPECT_EQ(I[0].Scope, (Scope{Language::Go, "pkg"}));
  EXPECT_EQ(I[0].Here.Path, "pkg/b.go");
}

TEST(LockOrderTest, UnknownLocksCountOnceDeclared) {
  Graph G;
  G.record(WholeRun, "A", "B", at("a.py", 1, /*Known=*/false));
  G.record(WholeRun, "B", "A", at("b.py", 1));
  EXPECT_TRUE(G.inversions().empty());
  G.declareLock(WholeRun, "A");
  EXPECT_TRUE(G.inversions().empty());
  G.declareLock(WholeRun, "B");
  EXPECT_EQ(G.inversions().size(), 1u);
}

TEST(LockOrderTest, OrderOfRecordingDoesNotMatter) {
  Graph X, Y;
  X.record(WholeRun, "A", "B", at("a.py", 1));
  X.record(WholeRun, "B", "A", at("b.py", 2));
  Y.record(WholeRun, "B", "A", at("b.py", 2));
  Y.record(WholeRun, "A", "B", at("a.py", 1));
  auto IX = X.inversions(), IY = Y.inversions();
  ASSERT_EQ(IX.size(), 1u);
  ASSERT_EQ(IY.size(), 1u);
  EXPECT_EQ(IX[0].Here.Path, IY[0].Here.Path);
  EXPECT_EQ(IX[0].Held, IY[0].Held);
}

} // namespace
