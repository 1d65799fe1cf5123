//===- BoundedContainersTest.cpp - hazard::BoundedMap and BoundedSet ------===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//

#include <hazard/bounded_map.h>
#include <hazard/bounded_set.h>

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

template <class Map> std::vector<int> keysOf(const Map &M) {
  std::vector<int> Keys;
  for (const auto &[K, V] : M)
    Keys.push_back(K);
  return Keys;
}

using Keys = std::vector<int>;

TEST(BoundedMap, EvictsTheLeastRecentlyUsed) {
  hazard::BoundedMap<int, std::string> M(3);
  M[1] = "a";
  M[2] = "b";
  M[3] = "c";
  EXPECT_EQ(keysOf(M), (Keys{3, 2, 1}));
  M[4] = "d"; // Evicts 1.
  EXPECT_EQ(M.size(), 3u);
  EXPECT_FALSE(M.contains(1));
  EXPECT_EQ(keysOf(M), (Keys{4, 3, 2}));
}

TEST(BoundedMap, LookupsRefreshButCountAndContainsDoNot) {
  hazard::BoundedMap<int, int> M(3);
  M.insert({1, 10});
  M.insert({2, 20});
  M.insert({3, 30});
  EXPECT_EQ(M.count(1), 1u); // Peek only: 1 is still the oldest.
  EXPECT_TRUE(M.contains(1));
  EXPECT_EQ(keysOf(M), (Keys{3, 2, 1}));
  EXPECT_EQ(M.find(1)->second, 10); // Now the newest.
  EXPECT_EQ(keysOf(M), (Keys{1, 3, 2}));
  EXPECT_EQ(M.at(2), 20);
  EXPECT_EQ(keysOf(M), (Keys{2, 1, 3}));
  M[4] = 40; // Evicts 3, the least recently used.
  EXPECT_EQ(keysOf(M), (Keys{4, 2, 1}));

  const auto &CM = M; // Const lookups do not reorder.
  EXPECT_EQ(CM.at(1), 10);
  EXPECT_EQ(CM.find(2)->second, 20);
  EXPECT_EQ(CM.find(3), CM.end());
  EXPECT_EQ(keysOf(M), (Keys{4, 2, 1}));
}

TEST(BoundedMap, StdLikeInsertions) {
  hazard::BoundedMap<std::string, int> M(10);
  auto [It, Inserted] = M.insert({"a", 1});
  EXPECT_TRUE(Inserted);
  EXPECT_EQ(It->first, "a");
  EXPECT_FALSE(M.insert(std::make_pair(std::string("a"), 2)).second);
  EXPECT_EQ(M["a"], 1); // insert does not overwrite.

  EXPECT_FALSE(M.insert_or_assign("a", 3).second);
  EXPECT_EQ(M["a"], 3);
  EXPECT_TRUE(M.insert_or_assign(std::string("b"), 4).second);

  EXPECT_TRUE(M.emplace("c", 5).second);
  EXPECT_FALSE(M.emplace("c", 6).second);
  EXPECT_EQ(M.at("c"), 5);

  EXPECT_TRUE(M.try_emplace("d", 7).second);
  EXPECT_FALSE(M.try_emplace("d", 8).second);
  EXPECT_EQ(M.at("d"), 7);

  M.insert({{"e", 9}, {"f", 10}});
  EXPECT_EQ(M.size(), 6u);
  EXPECT_THROW(M.at("zz"), std::out_of_range);
}

TEST(BoundedMap, TryEmplaceLeavesArgumentsAloneWhenPresent) {
  hazard::BoundedMap<int, std::unique_ptr<int>> M(4);
  M.try_emplace(1, std::make_unique<int>(1));
  auto P = std::make_unique<int>(2);
  EXPECT_FALSE(M.try_emplace(1, std::move(P)).second);
  EXPECT_TRUE(P); // Not moved from.
  EXPECT_EQ(*M.at(1), 1);
}

TEST(BoundedMap, Erase) {
  hazard::BoundedMap<int, int> M(4);
  for (int I = 0; I != 4; ++I)
    M[I] = I * I;
  EXPECT_EQ(M.erase(2), 1u);
  EXPECT_EQ(M.erase(2), 0u);
  auto Next = M.erase(M.find(3)); // find makes 3 the first entry.
  EXPECT_EQ(Next->first, 1);
  EXPECT_EQ(keysOf(M), (Keys{1, 0}));
  // Erasing while iterating, as with std containers.
  for (auto It = M.begin(); It != M.end();)
    It = It->second == 0 ? M.erase(It) : std::next(It);
  EXPECT_EQ(keysOf(M), (Keys{1}));
  M.clear();
  EXPECT_TRUE(M.empty());
  M[9] = 9; // Usable after clear.
  EXPECT_EQ(M.size(), 1u);
}

TEST(BoundedMap, ZeroCapacityIsRejected) {
  EXPECT_THROW((hazard::BoundedMap<int, int>(0)), std::invalid_argument);
  EXPECT_THROW((hazard::BoundedSet<int>(0)), std::invalid_argument);
}

TEST(BoundedMap, CapacityOne) {
  hazard::BoundedMap<int, int> M(1);
  M[1] = 1;
  M[2] = 2;
  EXPECT_EQ(keysOf(M), (Keys{2}));
  M.emplace(2, 5); // Present: no eviction, no overwrite.
  EXPECT_EQ(M.at(2), 2);
}

TEST(BoundedMap, CopyIsIndependentAndMoveKeepsEntries) {
  hazard::BoundedMap<int, int> A(3);
  A[1] = 1;
  A[2] = 2;
  hazard::BoundedMap<int, int> B = A;
  B[3] = 3;
  B[1] = 10;
  EXPECT_EQ(keysOf(A), (Keys{2, 1}));
  EXPECT_EQ(keysOf(B), (Keys{1, 3, 2}));
  EXPECT_EQ(A.at(1), 1);

  hazard::BoundedMap<int, int> C = std::move(B);
  EXPECT_EQ(keysOf(C), (Keys{1, 3, 2}));
  EXPECT_EQ(C.find(3)->second, 3); // The index still points at C's nodes.
  C[4] = 4;                        // Evicts 2.
  EXPECT_FALSE(C.contains(2));

  A = C;
  EXPECT_EQ(keysOf(A), keysOf(C));
  A.swap(C);
  EXPECT_EQ(A.capacity(), 3u);
}

struct CaseInsensitiveHash {
  std::size_t operator()(const std::string &S) const {
    std::string L;
    for (char Ch : S)
      L += char(std::tolower(static_cast<unsigned char>(Ch)));
    return std::hash<std::string>()(L);
  }
};
struct CaseInsensitiveEq {
  bool operator()(const std::string &A, const std::string &B) const {
    if (A.size() != B.size())
      return false;
    for (std::size_t I = 0; I != A.size(); ++I)
      if (std::tolower(static_cast<unsigned char>(A[I])) !=
          std::tolower(static_cast<unsigned char>(B[I])))
        return false;
    return true;
  }
};

TEST(BoundedMap, CustomHashAndEquality) {
  hazard::BoundedMap<std::string, int, CaseInsensitiveHash, CaseInsensitiveEq>
      M(2);
  M["Key"] = 1;
  EXPECT_EQ(M.at("KEY"), 1);
  EXPECT_FALSE(M.emplace("key", 2).second);
  EXPECT_EQ(M.size(), 1u);
}

TEST(BoundedMap, ChurnNeverExceedsCapacity) {
  hazard::BoundedMap<int, std::string> M(64);
  for (int I = 0; I != 10000; ++I) {
    M[I % 997] = std::to_string(I);
    if (I % 7 == 0)
      M.erase(I % 13);
    ASSERT_LE(M.size(), 64u);
  }
  // Every key that is left is findable, and iteration sees each once.
  std::size_t Seen = 0;
  for (const auto &[K, V] : M) {
    EXPECT_TRUE(M.contains(K));
    ++Seen;
  }
  EXPECT_EQ(Seen, M.size());
}

TEST(BoundedMap, SharedUnderAMutex) {
  hazard::BoundedMap<int, int> M(100);
  std::mutex Mu;
  std::vector<std::thread> Threads;
  for (int T = 0; T != 4; ++T)
    Threads.emplace_back([&, T] {
      for (int I = 0; I != 2000; ++I) {
        std::lock_guard<std::mutex> L(Mu);
        M[(I * 31 + T) % 500] += 1;
        if (I % 50 == 0)
          M.erase(I % 500);
      }
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_LE(M.size(), 100u);
}

TEST(BoundedSet, EvictsTheLeastRecentlyUsed) {
  hazard::BoundedSet<int> S(3);
  EXPECT_TRUE(S.insert(1).second);
  EXPECT_TRUE(S.insert(2).second);
  EXPECT_TRUE(S.insert(3).second);
  EXPECT_FALSE(S.insert(1).second); // Present: now the newest.
  EXPECT_TRUE(S.emplace(4).second); // Evicts 2.
  EXPECT_EQ(std::vector<int>(S.begin(), S.end()), (Keys{4, 1, 3}));
  EXPECT_EQ(S.count(2), 0u);
  EXPECT_TRUE(S.contains(3)); // Peek: 3 stays the oldest.
  S.insert(5);
  EXPECT_FALSE(S.contains(3));
}

TEST(BoundedSet, FindEraseClear) {
  hazard::BoundedSet<std::string> S(4, {"a", "b", "c"});
  EXPECT_EQ(S.size(), 3u);
  EXPECT_EQ(*S.find("a"), "a");
  EXPECT_EQ(*S.begin(), "a"); // find refreshed it.
  EXPECT_EQ(S.find("zz"), S.end());
  EXPECT_EQ(S.erase("b"), 1u);
  EXPECT_EQ(S.erase("b"), 0u);
  S.erase(S.find("c"));
  EXPECT_EQ(std::vector<std::string>(S.begin(), S.end()),
            (std::vector<std::string>{"a"}));
  S.clear();
  EXPECT_TRUE(S.empty());
}

TEST(BoundedSet, MoveOnlyKeys) {
  struct Hash {
    std::size_t operator()(const std::unique_ptr<int> &P) const {
      return std::hash<int>()(*P);
    }
  };
  struct Eq {
    bool operator()(const std::unique_ptr<int> &A,
                    const std::unique_ptr<int> &B) const {
      return *A == *B;
    }
  };
  hazard::BoundedSet<std::unique_ptr<int>, Hash, Eq> S(2);
  S.insert(std::make_unique<int>(1));
  S.insert(std::make_unique<int>(2));
  S.insert(std::make_unique<int>(3));
  EXPECT_EQ(S.size(), 2u);
  EXPECT_EQ(S.count(std::make_unique<int>(1)), 0u);
  EXPECT_EQ(S.count(std::make_unique<int>(3)), 1u);
}

} // namespace
