//===- KnowledgeTest.cpp - The knowledge bases and their vocabulary -------===//
#include "Core/Config.h"
#include "Knowledge/KnowledgeBase.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <fstream>
#include <gtest/gtest.h>

using namespace hazard;
using namespace hazard::knowledge;

namespace {

KnowledgeBase parsed(Language L, const char *Text) {
  KnowledgeBase KB(L);
  std::string Error;
  EXPECT_TRUE(KB.addToml(Text, "test.toml", Error)) << Error;
  return KB;
}

std::string problem(const char *Text) {
  KnowledgeBase KB(Language::Python);
  std::string Error;
  EXPECT_FALSE(KB.addToml(Text, "bad.toml", Error));
  EXPECT_TRUE(KB.callables().empty() && KB.types().empty())
      << "a bad document must leave the base unchanged";
  return Error;
}

TEST(KnowledgeTest, BuiltinBasesLoadForEveryLanguage) {
  for (Language L : {Language::Python, Language::Go, Language::Cpp})
    EXPECT_EQ(KnowledgeBase::builtin(L).language(), L);
  const KnowledgeBase &Py = KnowledgeBase::builtin(Language::Python);
  ASSERT_NE(Py.type("redis.StrictRedis"), nullptr);
  EXPECT_EQ(Py.type("redis.StrictRedis")->Name, "redis.Redis");
}

TEST(KnowledgeTest, CallableKeys) {
  auto KB = parsed(Language::Python, R"(
[callables."subprocess.Popen.wait"]
blocks = "subprocess"
waits = "child"
timeout = { keyword = "timeout", position = 0 }

[callables."queue.Queue.get"]
waits = "queue"
block-flag = { keyword = "block", position = 0, off-when = ["False", 0] }

[callables."asyncio.create_task"]
spawns = "task"
returns = "asyncio.Task"
traits = ["schedules"]

[callables."redis.Redis.setex"]
stores = { keyword = "value", position = 2 }
)");
  const Callable *Wait = KB.callable("subprocess.Popen.wait");
  ASSERT_NE(Wait, nullptr);
  EXPECT_EQ(Wait->Blocks, Blocking::Subprocess);
  EXPECT_EQ(Wait->Waits, "child");
  ASSERT_TRUE(Wait->Timeout);
  EXPECT_EQ(Wait->Timeout->Position, 0);
  // Python timeouts default to "an omitted or None timeout is unbounded".
  EXPECT_TRUE(Wait->Timeout->unboundedWhenAbsent());
  EXPECT_TRUE(Wait->Timeout->isUnboundedValue("None"));
  EXPECT_FALSE(Wait->Timeout->isUnboundedValue("5"));

  const Callable *Get = KB.callable("queue.Queue.get");
  ASSERT_TRUE(Get && Get->BlockFlag);
  EXPECT_TRUE(Get->BlockFlag->isOffValue("False"));
  EXPECT_TRUE(Get->BlockFlag->isOffValue("0"));
  EXPECT_FALSE(Get->BlockFlag->isOffValue("True"));
  EXPECT_FALSE(Get->Blocks) << "not every key is implied";

  const Callable *Task = KB.callable("asyncio.create_task");
  ASSERT_NE(Task, nullptr);
  EXPECT_EQ(Task->Spawns, "task");
  EXPECT_EQ(Task->result(), "asyncio.Task");
  EXPECT_EQ(Task->result(1), "");
  EXPECT_TRUE(Task->hasTrait("schedules"));
  EXPECT_EQ(Task->Origin, "test.toml");
  EXPECT_EQ(KB.callable("asyncio.gather"), nullptr);

  const Callable *SetEx = KB.callable("redis.Redis.setex");
  ASSERT_TRUE(SetEx && SetEx->Stores);
  EXPECT_EQ(SetEx->Stores->Keyword, "value");
  EXPECT_EQ(SetEx->Stores->Position, 2);

  // A trait by the last part of a name, for a receiver of unknown type.
  EXPECT_TRUE(KB.memberHasTrait("create_task", "schedules"));
  EXPECT_FALSE(KB.memberHasTrait("create_task", "stores"));
  EXPECT_FALSE(KB.memberHasTrait("Task", "schedules"));
}

TEST(KnowledgeTest, AliasesBasesAndMethodsOfTypes) {
  auto KB = parsed(Language::Python, R"(
[types."redis.Redis"]
aliases = ["redis.StrictRedis"]
client = "redis"
connects = "pool"
noun = "Redis connection pool"
methods = { blocks = "network" }
local-methods = ["pipeline"]
attributes = { connection_pool = "redis.ConnectionPool" }

[types."app.JobRedis"]
bases = ["redis.StrictRedis"]

[callables."redis.Redis.pipeline"]
returns = "redis.client.Pipeline"
)");
  EXPECT_EQ(KB.canonical("redis.StrictRedis"), "redis.Redis");
  EXPECT_EQ(KB.type("redis.StrictRedis")->Noun, "Redis connection pool");
  EXPECT_EQ(KB.canonical("redis.StrictRedis.get"), "redis.Redis.get");
  EXPECT_EQ(KB.canonical("other.thing"), "other.thing");
  EXPECT_TRUE(KB.derivesFrom("app.JobRedis", "redis.Redis"));
  EXPECT_TRUE(KB.derivesFrom("redis.StrictRedis", "redis.Redis"));
  EXPECT_FALSE(KB.derivesFrom("redis.Redis", "app.JobRedis"));

  // Any public method blocks, through aliases and bases, except local ones.
  const Callable *Get = KB.callable("app.JobRedis.get");
  ASSERT_NE(Get, nullptr);
  EXPECT_EQ(Get->Blocks, Blocking::Network);
  EXPECT_EQ(KB.callable("redis.StrictRedis._private"), nullptr);
  const Callable *Pipe = KB.callable("app.JobRedis.pipeline");
  ASSERT_NE(Pipe, nullptr);
  EXPECT_EQ(Pipe->result(), "redis.client.Pipeline");
  EXPECT_FALSE(Pipe->Blocks);
  EXPECT_EQ(KB.attributeType("app.JobRedis", "connection_pool"),
            "redis.ConnectionPool");
  EXPECT_EQ(KB.attributeType("app.JobRedis", "nothing"), std::nullopt);
}

TEST(KnowledgeTest, LaterDocumentsUpdateEntriesKeyByKey) {
  auto KB = parsed(Language::Python, R"(
[callables."app.fetch"]
returns = "bytes"
)");
  std::string Error;
  ASSERT_TRUE(KB.addToml("[callables.\"app.fetch\"]\nblocks = \"network\"\n",
                         "project.toml", Error))
      << Error;
  const Callable *Fetch = KB.callable("app.fetch");
  ASSERT_NE(Fetch, nullptr);
  EXPECT_EQ(Fetch->Blocks, Blocking::Network);
  EXPECT_EQ(Fetch->result(), "bytes");
}

TEST(KnowledgeTest, ContainersSayWhatAddsRemovesAndBoundsThem) {
  auto KB = parsed(Language::Cpp, R"(
[types."acme::Ring"]
container = []
adds = ["push"]
removes = ["drop", "reset"]
bounded-form = "acme::BoundedRing<{args}>"
bounded-form-include = "<acme/bounded_ring.h>"
bounded-form-arguments = 1

[types."acme::NamedRing"]
bases = ["acme::Ring"]

[types."acme::BoundedRing"]
provides = ["push", "drop"]

[callables."acme::decode"]
counts-output = "produced"
)");
  EXPECT_TRUE(KB.addsEntries("acme::NamedRing", "push"));
  EXPECT_FALSE(KB.addsEntries("acme::NamedRing", "drop"));
  EXPECT_TRUE(KB.removesEntries("acme::NamedRing", "reset"));
  EXPECT_FALSE(KB.removesEntries("acme::Other", "reset"));
  const Type *Ring = KB.type("acme::Ring");
  ASSERT_NE(Ring, nullptr);
  EXPECT_EQ(Ring->BoundedForm, "acme::BoundedRing<{args}>");
  EXPECT_EQ(Ring->BoundedFormInclude, "<acme/bounded_ring.h>");
  EXPECT_EQ(Ring->BoundedFormArguments, 1u);
  EXPECT_EQ(KB.type("acme::BoundedRing")->Provides,
            (std::vector<std::string>{"push", "drop"}));
  EXPECT_EQ(KB.callable("acme::decode")->CountsOutput, "produced");

  // The built-in base knows the standard containers.
  const auto &Std = KnowledgeBase::builtin(Language::Cpp);
  EXPECT_TRUE(Std.addsEntries("std::vector", "push_back"));
  EXPECT_TRUE(Std.removesEntries("std::unordered_map", "erase"));
  EXPECT_TRUE(Std.typeHasTrait("std::map", "subscript-adds"));
  EXPECT_FALSE(Std.typeHasTrait("std::set", "subscript-adds"));

  knowledge::KnowledgeBase Bad(Language::Cpp);
  std::string Error;
  EXPECT_FALSE(Bad.addToml("[types.\"a::B\"]\nbounded-form-arguments = -1\n",
                           "bad.toml", Error));
  EXPECT_NE(Error.find("bounded-form-arguments"), std::string::npos) << Error;
}

TEST(KnowledgeTest, CppNamesSplitOnScopes) {
  auto KB = parsed(Language::Cpp, R"(
[types."::std::condition_variable"]
aliases = ["::std::__1::condition_variable"]

[callables."::std::condition_variable::wait"]
waits = "event"
)");
  EXPECT_NE(KB.callable("::std::__1::condition_variable::wait"), nullptr);
}

TEST(KnowledgeTest, ErrorsNameTheFileLineAndProblem) {
  EXPECT_EQ(problem("[callables.\"f\"]\nblocks = \"disk\"\n"),
            "bad.toml:2:10: 'blocks' is 'disk'; expected one of network, "
            "file, sleep, subprocess, lock, thread, cpu");
  EXPECT_EQ(problem("[callables.\"f\"]\nblock = \"file\"\n"),
            "bad.toml:2:9: unknown key 'block' in callable 'f'");
  EXPECT_EQ(problem("[types.\"T\"]\nconnects = \"socket\"\n"),
            "bad.toml:2:12: 'connects' is 'socket'; expected one of "
            "connection, pool");
  EXPECT_EQ(problem("[callables.\"f\"]\ntimeout = {}\n"),
            "bad.toml:2:11: 'timeout' needs a keyword or a position");
  EXPECT_EQ(problem("[callables.\"f\"]\nspawns = 3\n"),
            "bad.toml:2:10: 'spawns' must be a string");
  EXPECT_EQ(problem("funcs = 1\n"), "bad.toml:1:9: unknown key 'funcs' "
                                    "(expected library, callables or types)");
  EXPECT_NE(problem("[callables.\"f\"\n").find("bad.toml:1:"),
            std::string::npos);
  EXPECT_EQ(problem("[callables.\"f\"]\naliases = [\"g\"]\n"
                    "[callables.\"g\"]\nblocks = \"file\"\n"),
            "bad.toml: 'g' has an entry and is an alias of 'f'");
}

class KnowledgeConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hz-kb", Dir));
    Root = std::string(Dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Root); }
  std::unique_ptr<Config> load(const std::string &Text, std::string &Error) {
    std::string Path = Root + "/.hazardlint.toml";
    std::ofstream(Path) << Text;
    return Config::load(Path, Error);
  }
  std::string Root;
};

TEST_F(KnowledgeConfigTest, ProjectEntriesExtendTheBuiltinBase) {
  std::string Error;
  auto C = load("[knowledge.python.callables.\"app.fetch\"]\n"
                "blocks = \"network\"\n",
                Error);
  ASSERT_TRUE(C) << Error;
  const KnowledgeBase &KB = C->knowledge(Language::Python);
  ASSERT_NE(KB.callable("app.fetch"), nullptr);
  EXPECT_NE(KB.type("redis.Redis"), nullptr) << "built-in entries stay";
  EXPECT_EQ(&C->knowledge(Language::Go), &KnowledgeBase::builtin(Language::Go));
  EXPECT_NE(C->knowledgeText(Language::Python).find("app.fetch"),
            std::string::npos);
  EXPECT_EQ(C->knowledgeText(Language::Go), "");
  EXPECT_EQ(KnowledgeBase::builtin(Language::Python).callable("app.fetch"),
            nullptr)
      << "a project's entries never leak into the built-in base";
}

TEST_F(KnowledgeConfigTest, BadEntriesStopTheLoadWithTheirPosition) {
  std::string Error;
  EXPECT_FALSE(load("[knowledge.python.callables.\"app.fetch\"]\n"
                    "blocks = \"always\"\n",
                    Error));
  EXPECT_EQ(Error, Root + "/.hazardlint.toml:2:10: 'blocks' is 'always'; "
                          "expected one of network, file, sleep, "
                          "subprocess, lock, thread, cpu");
  EXPECT_FALSE(load("[knowledge.rust]\n", Error));
  EXPECT_NE(Error.find("unknown language 'rust'"), std::string::npos) << Error;
}

} // namespace
