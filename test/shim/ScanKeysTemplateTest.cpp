//===- ScanKeysTemplateTest.cpp - The redis-plus-plus-style SCAN loop -----===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//
//
// FakeClient is a test double for the generic loop only: it has
// redis-plus-plus's scan() signature over an in-memory map. The hiredis path
// is tested against a real redis-server in ScanKeysTest.cpp.
//
//===----------------------------------------------------------------------===//

#include <hazard/scan_keys.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fnmatch.h>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hazard::test {
namespace {

/// Stands in for sw::redis::StringView: implicitly made from C strings and
/// std::string, like the real one.
struct FakeStringView {
  FakeStringView(const char *Text) : Text(Text) {}
  FakeStringView(const std::string &Text) : Text(Text) {}
  std::string Text;
};

struct ScanCall {
  long long Cursor;
  std::string Pattern;
  long long Count;
};

/// Pages through its keys like SCAN: the cursor is the position of the next
/// key to examine, COUNT keys are examined per call (so a page can have no
/// match while the cursor is not 0 yet), and cursor 0 means done.
class FakeClient {
public:
  explicit FakeClient(std::vector<std::string> Keys) {
    for (std::string &Key : Keys)
      Store.emplace(std::move(Key), "1");
  }

  template <class Output>
  long long scan(long long Cursor, const FakeStringView &Pattern,
                 long long Count, Output Out) {
    Calls.push_back({Cursor, Pattern.Text, Count});
    auto It = std::next(Store.begin(), Cursor);
    for (long long I = 0; I != Count && It != Store.end(); ++I, ++It, ++Cursor)
      if (fnmatch(Pattern.Text.c_str(), It->first.c_str(), 0) == 0) {
        *Out = It->first;
        ++Out;
      }
    return It == Store.end() ? 0 : Cursor;
  }

  std::vector<ScanCall> Calls;

private:
  std::map<std::string, std::string> Store;
};

std::vector<std::string> numberedKeys(const std::string &Prefix, int Count) {
  std::vector<std::string> Keys;
  for (int I = 0; I != Count; ++I)
    Keys.push_back(Prefix + std::to_string(I));
  return Keys;
}

// 25 keys; the 10 user:* keys sort after the 15 a:* keys, so with COUNT 4
// the first three pages match nothing.
FakeClient makeClient() {
  std::vector<std::string> Keys = numberedKeys("a:", 15);
  for (std::string &Key : numberedKeys("user:", 10))
    Keys.push_back(Key);
  return FakeClient(Keys);
}

TEST(ScanKeysTemplateTest, VisitsEveryPageAndStopsAtCursorZero) {
  FakeClient Client = makeClient();
  std::vector<std::string> Found;
  scan_keys(Client, "user:*", std::back_inserter(Found), 4);

  // ceil(25 / 4) = 7 calls, each resuming where the last one stopped.
  ASSERT_EQ(Client.Calls.size(), 7u);
  for (std::size_t I = 0; I != Client.Calls.size(); ++I) {
    EXPECT_EQ(Client.Calls[I].Cursor, static_cast<long long>(I * 4));
    EXPECT_EQ(Client.Calls[I].Pattern, "user:*");
    EXPECT_EQ(Client.Calls[I].Count, 4);
  }
  std::sort(Found.begin(), Found.end());
  std::vector<std::string> Expected = numberedKeys("user:", 10);
  std::sort(Expected.begin(), Expected.end());
  EXPECT_EQ(Found, Expected);
}

TEST(ScanKeysTemplateTest, DefaultCountIsForwarded) {
  FakeClient Client = makeClient();
  std::set<std::string> Found;
  scan_keys(Client, "*", std::inserter(Found, Found.end()));
  ASSERT_EQ(Client.Calls.size(), 1u);
  EXPECT_EQ(Client.Calls[0].Count, kDefaultScanCount);
  EXPECT_EQ(Found.size(), 25u);
}

TEST(ScanKeysTemplateTest, EmptyKeyspaceTakesOneCall) {
  FakeClient Client({});
  std::vector<std::string> Found;
  scan_keys(Client, "*", std::back_inserter(Found), 10);
  EXPECT_EQ(Client.Calls.size(), 1u);
  EXPECT_TRUE(Found.empty());
}

TEST(ScanKeysTemplateTest, AcceptsTheFixItsPatternTypes) {
  FakeClient Client = makeClient();
  std::vector<std::string> Found;
  const std::string Owned = "user:1*";
  scan_keys(Client, "user:1*", std::back_inserter(Found), 100);
  scan_keys(Client, Owned, std::back_inserter(Found), 100);
  scan_keys(Client, FakeStringView(Owned), std::back_inserter(Found), 100);
  ASSERT_EQ(Client.Calls.size(), 3u);
  for (const ScanCall &Call : Client.Calls)
    EXPECT_EQ(Call.Pattern, "user:1*");
  EXPECT_EQ(Found, (std::vector<std::string>{"user:1", "user:1", "user:1"}));
}

TEST(ScanKeysTemplateTest, FixItFormsThroughAPointerCompile) {
  // `ptr->keys(p, out)` is rewritten to `hazard::scan_keys(*ptr, p, out)`.
  auto Ptr = std::make_unique<FakeClient>(makeClient());
  std::vector<std::string> Out;
  const char *P = "a:1*";
  hazard::scan_keys(*Ptr, P, std::back_inserter(Out));
  std::sort(Out.begin(), Out.end());
  EXPECT_EQ(Out, (std::vector<std::string>{"a:1", "a:10", "a:11", "a:12",
                                           "a:13", "a:14"}));
}

// The template is for clients by reference; a pointer is not taken as one.
template <class C, class = void> struct TemplateAccepts : std::false_type {};
template <class C>
struct TemplateAccepts<
    C,
    std::void_t<decltype(hazard::scan_keys(
        std::declval<C &>(), "*",
        std::declval<std::back_insert_iterator<std::vector<std::string>>>()))>>
    : std::true_type {};
static_assert(TemplateAccepts<FakeClient>::value);
static_assert(!TemplateAccepts<FakeClient *>::value);

} // namespace
} // namespace hazard::test
