//===- ScanKeysTest.cpp - hazard::scan_keys against a real redis-server ---===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//

#include "RedisServer.h"
#include "ScriptedRespServer.h"

#include <hazard/scan_keys.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// From FixItCompiles.cpp.
redisReply *fixedKeysWithPattern(redisContext *ctx, const char *service);
void *fixedKeysWithoutPattern(redisContext *ctx);

namespace hazard::test {
namespace {

struct ReplyDeleter {
  void operator()(redisReply *Reply) const { freeReplyObject(Reply); }
};
// Every reply, scan_keys's included, is released through freeReplyObject:
// that is the contract, and valgrind (shim.valgrind) checks it.
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command(redisContext *C, const char *Format, ...) {
  va_list Args;
  va_start(Args, Format);
  void *Raw = redisvCommand(C, Format, Args);
  va_end(Args);
  return Reply(static_cast<redisReply *>(Raw));
}

/// The keys of a KEYS-shaped reply, sorted. Fails the test on another shape.
std::vector<std::string> sortedKeys(const redisReply *R) {
  std::vector<std::string> Keys;
  EXPECT_NE(R, nullptr);
  if (!R)
    return Keys;
  EXPECT_EQ(R->type, REDIS_REPLY_ARRAY)
      << (R->type == REDIS_REPLY_ERROR ? std::string(R->str, R->len) : "");
  if (R->type != REDIS_REPLY_ARRAY)
    return Keys;
  for (std::size_t I = 0; I != R->elements; ++I) {
    const redisReply *Key = R->element[I];
    EXPECT_NE(Key, nullptr);
    if (!Key)
      continue;
    EXPECT_EQ(Key->type, REDIS_REPLY_STRING);
    Keys.emplace_back(Key->str, Key->len);
  }
  std::sort(Keys.begin(), Keys.end());
  return Keys;
}

bool hasDuplicates(const std::vector<std::string> &Sorted) {
  return std::adjacent_find(Sorted.begin(), Sorted.end()) != Sorted.end();
}

std::vector<std::string> sortedKeysOfKeysCommand(redisContext *C,
                                                 const std::string &Pattern) {
  Reply R = command(C, "KEYS %b", Pattern.data(), Pattern.size());
  return sortedKeys(R.get());
}

/// SETs each key (pipelined: one round trip per batch, not per key).
void setKeys(redisContext *C, const std::vector<std::string> &Keys) {
  for (const std::string &Key : Keys)
    redisAppendCommand(C, "SET %b 1", Key.data(), Key.size());
  for (std::size_t I = 0; I != Keys.size(); ++I) {
    void *Raw = nullptr;
    ASSERT_EQ(redisGetReply(C, &Raw), REDIS_OK) << C->errstr;
    Reply R(static_cast<redisReply *>(Raw));
    ASSERT_EQ(R->type, REDIS_REPLY_STATUS);
  }
}

std::vector<std::string> numberedKeys(const std::string &Prefix, int Count) {
  std::vector<std::string> Keys;
  for (int I = 0; I != Count; ++I)
    Keys.push_back(Prefix + std::to_string(I));
  return Keys;
}

class ScanKeysTest : public ::testing::Test {
protected:
  // One server for the suite; each test starts from an empty database.
  static void SetUpTestSuite() { Server = RedisServer::start(StartError); }
  static void TearDownTestSuite() { Server.reset(); }

  void SetUp() override {
    ASSERT_NE(Server, nullptr) << StartError;
    Ctx = Server->connect();
    ASSERT_TRUE(Ctx && !Ctx->err)
        << "cannot connect to redis-server: " << (Ctx ? Ctx->errstr : "");
    Reply Flushed = command(Ctx, "FLUSHALL");
    ASSERT_TRUE(Flushed && Flushed->type == REDIS_REPLY_STATUS);
  }

  void TearDown() override {
    if (Ctx)
      redisFree(Ctx);
  }

  // 1000 user:*, 1000 session:*, 500 other:*.
  void setMixedKeys() {
    setKeys(Ctx, numberedKeys("user:", 1000));
    setKeys(Ctx, numberedKeys("session:", 1000));
    setKeys(Ctx, numberedKeys("other:", 500));
  }

  static inline std::unique_ptr<RedisServer> Server;
  static inline std::string StartError;
  redisContext *Ctx = nullptr;
};

TEST_F(ScanKeysTest, MatchesKeysForAPattern) {
  setMixedKeys();
  std::vector<std::string> Expected = sortedKeysOfKeysCommand(Ctx, "user:*");
  ASSERT_EQ(Expected.size(), 1000u);

  for (long long Count : {kDefaultScanCount, 100LL, 10LL, 1LL}) {
    Reply R(scan_keys(Ctx, "user:*", Count));
    EXPECT_EQ(sortedKeys(R.get()), Expected) << "COUNT " << Count;
  }
}

TEST_F(ScanKeysTest, SmallCountNeedsSeveralScanPages) {
  setMixedKeys();
  // The premise of the COUNT 10 case above: one SCAN call does not finish.
  Reply FirstPage = command(Ctx, "SCAN 0 MATCH user:* COUNT 10");
  ASSERT_TRUE(FirstPage && FirstPage->type == REDIS_REPLY_ARRAY);
  EXPECT_STRNE(FirstPage->element[0]->str, "0");
}

TEST_F(ScanKeysTest, DefaultPatternReturnsAllKeys) {
  setMixedKeys();
  std::vector<std::string> All = sortedKeysOfKeysCommand(Ctx, "*");
  ASSERT_EQ(All.size(), 2500u);

  Reply Defaulted(scan_keys(Ctx));
  EXPECT_EQ(sortedKeys(Defaulted.get()), All);
  Reply Star(scan_keys(Ctx, "*", 7));
  EXPECT_EQ(sortedKeys(Star.get()), All);
}

TEST_F(ScanKeysTest, StringOverloadsMatchKeys) {
  setMixedKeys();
  std::vector<std::string> Expected =
      sortedKeysOfKeysCommand(Ctx, "session:1*");
  ASSERT_FALSE(Expected.empty());

  std::string Pattern = "session:1*";
  Reply FromString(scan_keys(Ctx, Pattern, 50));
  EXPECT_EQ(sortedKeys(FromString.get()), Expected);
  Reply FromView(scan_keys(Ctx, std::string_view(Pattern), 50));
  EXPECT_EQ(sortedKeys(FromView.get()), Expected);
}

TEST_F(ScanKeysTest, ReturnsEachKeyOnce) {
  setMixedKeys();
  std::vector<std::string> Keys =
      sortedKeys(Reply(scan_keys(Ctx, "*", 10)).get());
  EXPECT_EQ(Keys.size(), 2500u);
  EXPECT_FALSE(hasDuplicates(Keys));
}

// While another client adds and deletes keys, every key present throughout
// is still returned, once. (Redis repeats a key only when its table shrinks
// mid-scan, which cannot be timed from here: ScanKeysScriptedTest checks the
// de-duplication itself.)
TEST_F(ScanKeysTest, KeysPresentThroughoutSurviveConcurrentChanges) {
  std::vector<std::string> Stable = numberedKeys("stable:", 1000);
  setKeys(Ctx, Stable);
  std::sort(Stable.begin(), Stable.end());

  std::atomic<bool> Stop{false};
  redisContext *Churner = Server->connect();
  ASSERT_TRUE(Churner && !Churner->err);
  std::thread Churn([&] {
    std::vector<std::string> Churned = numberedKeys("churn:", 1000);
    while (!Stop) {
      for (const std::string &Key : Churned)
        redisAppendCommand(Churner, "SET %b 1", Key.data(), Key.size());
      for (const std::string &Key : Churned)
        redisAppendCommand(Churner, "DEL %b", Key.data(), Key.size());
      for (std::size_t I = 0; I != 2 * Churned.size(); ++I) {
        void *Raw = nullptr;
        if (redisGetReply(Churner, &Raw) != REDIS_OK)
          return;
        freeReplyObject(Raw);
      }
    }
  });

  for (int Round = 0; Round != 3; ++Round) {
    Reply R(scan_keys(Ctx, "*", 50));
    std::vector<std::string> Keys = sortedKeys(R.get());
    EXPECT_FALSE(hasDuplicates(Keys)) << "round " << Round;
    EXPECT_TRUE(
        std::includes(Keys.begin(), Keys.end(), Stable.begin(), Stable.end()))
        << "round " << Round;
  }
  Stop = true;
  Churn.join();
  redisFree(Churner);
}

TEST_F(ScanKeysTest, NoMatchGivesAnEmptyArray) {
  Reply OnEmptyDatabase(scan_keys(Ctx));
  ASSERT_NE(OnEmptyDatabase, nullptr);
  EXPECT_EQ(OnEmptyDatabase->type, REDIS_REPLY_ARRAY);
  EXPECT_EQ(OnEmptyDatabase->elements, 0u);

  setMixedKeys();
  Reply NoMatch(scan_keys(Ctx, "nothing:*", 10));
  ASSERT_NE(NoMatch, nullptr);
  EXPECT_EQ(NoMatch->type, REDIS_REPLY_ARRAY);
  EXPECT_EQ(NoMatch->elements, 0u);
}

TEST_F(ScanKeysTest, EveryResultShapeIsFreedByFreeReplyObject) {
  setKeys(Ctx, numberedKeys("k:", 50));
  // Keys, no keys, and an error (COUNT must be positive): plain
  // freeReplyObject calls, which valgrind checks in shim.valgrind.
  redisReply *Keys = scan_keys(Ctx, "k:*", 3);
  ASSERT_NE(Keys, nullptr);
  EXPECT_EQ(Keys->elements, 50u);
  freeReplyObject(Keys);
  redisReply *Empty = scan_keys(Ctx, "none:*");
  ASSERT_NE(Empty, nullptr);
  freeReplyObject(Empty);
  redisReply *Error = scan_keys(Ctx, "k:*", 0);
  ASSERT_NE(Error, nullptr);
  freeReplyObject(Error);
}

TEST_F(ScanKeysTest, ScanErrorIsReturnedLikeKeysWould) {
  setKeys(Ctx, numberedKeys("k:", 5));
  Reply R(scan_keys(Ctx, "k:*", 0));
  ASSERT_NE(R, nullptr);
  ASSERT_EQ(R->type, REDIS_REPLY_ERROR);
  EXPECT_EQ(std::string(R->str, R->len), "ERR syntax error");
  // The connection stays usable, as after any error reply.
  Reply Again(scan_keys(Ctx, "k:*"));
  EXPECT_EQ(sortedKeys(Again.get()).size(), 5u);
}

TEST_F(ScanKeysTest, ClosedConnectionReturnsNull) {
  Reply Id = command(Ctx, "CLIENT ID");
  ASSERT_TRUE(Id && Id->type == REDIS_REPLY_INTEGER);
  redisContext *Admin = Server->connect();
  ASSERT_TRUE(Admin && !Admin->err);
  Reply Killed = command(Admin, "CLIENT KILL ID %lld", Id->integer);
  redisFree(Admin);
  ASSERT_TRUE(Killed && Killed->type == REDIS_REPLY_INTEGER &&
              Killed->integer == 1);

  EXPECT_EQ(scan_keys(Ctx, "*"), nullptr);
  EXPECT_NE(Ctx->err, 0);
}

TEST_F(ScanKeysTest, FailedConnectionReturnsNull) {
  // Nothing listens on a port we just released.
  redisContext *Refused = redisConnect("127.0.0.1", pickFreeLoopbackPort());
  ASSERT_NE(Refused, nullptr);
  ASSERT_NE(Refused->err, 0);
  EXPECT_EQ(scan_keys(Refused), nullptr);
  EXPECT_NE(Refused->err, 0);
  redisFree(Refused);

  EXPECT_EQ(scan_keys(static_cast<redisContext *>(nullptr)), nullptr);
}

TEST_F(ScanKeysTest, PatternWithSpacesAndQuotesIsOneArgument) {
  setKeys(Ctx,
          {"we ird \"key\"", "we ird \"key\"1", "we ird \"key\" two",
           // Decoys, which a split or re-quoted pattern would match.
           "we", "ird", "we ird key1", "weird \"key\"1", "we ird \"kez\""});
  const char *Pattern = "we ird \"key\"*";
  std::vector<std::string> Expected = {"we ird \"key\"", "we ird \"key\" two",
                                       "we ird \"key\"1"};
  ASSERT_EQ(sortedKeysOfKeysCommand(Ctx, Pattern), Expected);

  Reply R(scan_keys(Ctx, Pattern, 2));
  EXPECT_EQ(sortedKeys(R.get()), Expected);
}

TEST_F(ScanKeysTest, PatternWithNulBytesIsBinarySafe) {
  const std::string WithNul("nul\0key", 7);
  setKeys(Ctx, {WithNul, "nul"});
  Reply R(scan_keys(Ctx, std::string("nul\0*", 5)));
  EXPECT_EQ(sortedKeys(R.get()), std::vector<std::string>{WithNul});
}

TEST_F(ScanKeysTest, FixItOutputWorks) {
  setMixedKeys();
  Reply WithPattern(fixedKeysWithPattern(Ctx, "other:*"));
  EXPECT_EQ(sortedKeys(WithPattern.get()),
            sortedKeysOfKeysCommand(Ctx, "other:*"));
  Reply WithoutPattern(static_cast<redisReply *>(fixedKeysWithoutPattern(Ctx)));
  EXPECT_EQ(sortedKeys(WithoutPattern.get()).size(), 2500u);
}

// Against ScriptedRespServer: replies a real server gives only by chance.
class ScanKeysScriptedTest : public ::testing::Test {
protected:
  redisContext *connectTo(ScriptedRespServer &Script) {
    EXPECT_GE(Script.port(), 0);
    Ctx = redisConnect("127.0.0.1", Script.port());
    EXPECT_TRUE(Ctx && !Ctx->err);
    return Ctx;
  }
  void TearDown() override {
    if (Ctx)
      redisFree(Ctx);
  }
  redisContext *Ctx = nullptr;
};

TEST_F(ScanKeysScriptedTest, KeyOnTwoPagesIsReturnedOnce) {
  ScriptedRespServer Script(
      {ScriptedRespServer::scanPage("7", {"a", "b"}),
       ScriptedRespServer::scanPage("3", {}),
       ScriptedRespServer::scanPage("0", {"b", "c", "a"})});
  ASSERT_TRUE(connectTo(Script));
  Reply R(scan_keys(Ctx, "x y*", 5));
  EXPECT_EQ(sortedKeys(R.get()), (std::vector<std::string>{"a", "b", "c"}));

  // One SCAN per page, each resuming from the previous cursor, with the
  // pattern as a single argument.
  using Args = std::vector<std::string>;
  EXPECT_EQ(
      Script.receivedCommands(),
      (std::vector<Args>{Args{"SCAN", "0", "MATCH", "x y*", "COUNT", "5"},
                         Args{"SCAN", "7", "MATCH", "x y*", "COUNT", "5"},
                         Args{"SCAN", "3", "MATCH", "x y*", "COUNT", "5"}}));
}

TEST_F(ScanKeysScriptedTest, ErrorOnALaterPageIsReturned) {
  ScriptedRespServer Script({ScriptedRespServer::scanPage("9", {"a", "b"}),
                             "-ERR something broke\r\n"});
  ASSERT_TRUE(connectTo(Script));
  Reply R(scan_keys(Ctx));
  ASSERT_NE(R, nullptr);
  ASSERT_EQ(R->type, REDIS_REPLY_ERROR);
  EXPECT_EQ(std::string(R->str, R->len), "ERR something broke");
}

TEST_F(ScanKeysScriptedTest, ConnectionLostBetweenPagesReturnsNull) {
  // The server hangs up after the first page.
  ScriptedRespServer Script({ScriptedRespServer::scanPage("9", {"a", "b"})});
  ASSERT_TRUE(connectTo(Script));
  EXPECT_EQ(scan_keys(Ctx), nullptr);
  EXPECT_NE(Ctx->err, 0);
}

TEST_F(ScanKeysScriptedTest, MalformedScanReplyBecomesAnError) {
  ScriptedRespServer Script({":42\r\n"});
  ASSERT_TRUE(connectTo(Script));
  Reply R(scan_keys(Ctx));
  ASSERT_NE(R, nullptr);
  ASSERT_EQ(R->type, REDIS_REPLY_ERROR);
  EXPECT_NE(std::string(R->str, R->len).find("unexpected SCAN reply"),
            std::string::npos);
}

} // namespace
} // namespace hazard::test
