//===- PythonSemanticTest.cpp - The Python semantic model ----------------===//
//
// Each test parses a snippet, feeds python::SemanticModel through its own
// query and asks the model directly: the type it infers for a receiver
// (Redis clients through imports, aliases, annotations, members, with
// targets), the names it resolves, the calls that block, lock regions, owned
// names and container element types. What the redis-keys rule does with
// those answers is tested in test/lit/rules/redis-keys.
//
//===----------------------------------------------------------------------===//
#include "ParsedModel.h"
#include "Python/SemanticModel.h"

#include "gtest/gtest.h"

extern "C" const TSLanguage *tree_sitter_python();

using namespace hazard;

namespace {

using Model = test::ParsedModel<python::SemanticModel, tree_sitter_python,
                                Language::Python>;

/// The type the model infers for the first occurrence of Receiver (an
/// expression) inside the first occurrence of Context.
std::optional<std::string> typeOf(const Model &M, const std::string &Context,
                                  const std::string &Receiver) {
  TSNode N = M.node(Context, Receiver);
  // A node wider than Receiver would make a "no type" answer meaningless.
  EXPECT_EQ(M.text(N), Receiver) << "in " << Context;
  return M->inferType(N);
}

//===-- Receivers whose type is a Redis client ---------------------------===//

TEST(PythonSemanticTest, ModuleLevelClientIsARedisClient) {
  Model M("import redis\nr = redis.Redis()\nr.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
  EXPECT_EQ(M->resolveCall(M.node("r.keys()")), "redis.Redis.keys");
}

TEST(PythonSemanticTest, StrictRedisThroughAnAliasedModuleIsRedis) {
  Model M("import redis as rd\nrd.StrictRedis().keys(\"*\")\n");
  EXPECT_EQ(M->qualifiedName(M.node("rd.StrictRedis")), "redis.StrictRedis");
  // StrictRedis is an alias of redis.Redis in the knowledge base.
  EXPECT_EQ(M->inferType(M.node("rd.StrictRedis()")), "redis.Redis");
}

TEST(PythonSemanticTest, FromImportWithAliasIsRedis) {
  Model M("from redis import Redis as R\nc = R()\nc.keys()\n");
  EXPECT_EQ(typeOf(M, "c.keys()", "c"), "redis.Redis");
}

TEST(PythonSemanticTest, AsyncioModuleAliasGivesTheAsyncClient) {
  Model M("import redis.asyncio as aioredis\n"
          "async def f(u):\n"
          "    c = aioredis.from_url(u)\n"
          "    await c.keys(\"x\")\n");
  EXPECT_EQ(typeOf(M, "c.keys(", "c"), "redis.asyncio.Redis");
  EXPECT_TRUE(M->isAwaited(M.node("c.keys(\"x\")")));
}

TEST(PythonSemanticTest, FromUrlFactoryReturnsRedis) {
  Model M("import redis\nr = redis.from_url(URL)\nr.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, ParameterAnnotationGivesTheType) {
  Model M("import redis\ndef f(r: redis.Redis):\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, OptionalParameterAnnotationGivesTheType) {
  Model M("from typing import Optional\nimport redis\n"
          "def f(r: Optional[redis.Redis] = None):\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, UnionWithNoneAnnotationGivesTheType) {
  Model M("import redis\n"
          "def f(r: None | redis.Redis):\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, StringAnnotationGivesTheType) {
  Model M("import redis\ndef f(r: \"redis.Redis\"):\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, SelfAttributeSetInInitHasItsType) {
  Model M("import redis\n"
          "class Store:\n"
          "    def __init__(self):\n"
          "        self._r = redis.Redis()\n"
          "    def all(self):\n"
          "        return self._r.keys()\n");
  EXPECT_EQ(typeOf(M, "self._r.keys()", "self._r"), "redis.Redis");
}

TEST(PythonSemanticTest, SelfAttributeUsedInAMethodAboveInitHasItsType) {
  Model M("import redis\n"
          "class Store:\n"
          "    def all(self):\n"
          "        return self._r.keys()\n"
          "    def __init__(self):\n"
          "        self._r = redis.Redis()\n");
  EXPECT_EQ(typeOf(M, "self._r.keys()", "self._r"), "redis.Redis");
}

TEST(PythonSemanticTest, SelfAttributeTypeFromClassLevelAnnotation) {
  Model M("import redis\n"
          "class Store:\n"
          "    _r: redis.Redis\n"
          "    def all(self):\n"
          "        return self._r.keys()\n");
  EXPECT_EQ(typeOf(M, "self._r.keys()", "self._r"), "redis.Redis");
}

TEST(PythonSemanticTest, SelfAttributeInADecoratedMethodHasItsType) {
  Model M("import redis\n"
          "class Store:\n"
          "    def __init__(self):\n"
          "        self._r = redis.Redis()\n"
          "    @property\n"
          "    def all(self):\n"
          "        return self._r.keys()\n");
  EXPECT_EQ(typeOf(M, "self._r.keys()", "self._r"), "redis.Redis");
}

TEST(PythonSemanticTest, LocalAliasOfSelfAttributeHasItsType) {
  Model M("import redis\n"
          "class Store:\n"
          "    def __init__(self):\n"
          "        self._r = redis.Redis()\n"
          "    def all(self):\n"
          "        r = self._r\n"
          "        return r.keys()\n");
  EXPECT_EQ(typeOf(M, " r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, WithStatementTargetHasTheContextsType) {
  Model M("import redis\nwith redis.Redis() as r:\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, AsyncWithStatementTargetHasTheContextsType) {
  Model M("import redis.asyncio as aioredis\n"
          "async def f(u):\n"
          "    async with aioredis.from_url(u) as c:\n"
          "        await c.keys(\"x\")\n");
  EXPECT_EQ(typeOf(M, "c.keys(", "c"), "redis.asyncio.Redis");
}

TEST(PythonSemanticTest, DefaultParameterValueGivesTheType) {
  Model M("import redis\ndef f(r=redis.Redis()):\n    r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, ChainedAssignmentBindsEveryTarget) {
  Model M("import redis\na = b = redis.Redis()\na.keys()\nb.keys()\n");
  EXPECT_EQ(typeOf(M, "a.keys()", "a"), "redis.Redis");
  EXPECT_EQ(typeOf(M, "b.keys()", "b"), "redis.Redis");
}

TEST(PythonSemanticTest, ModuleClientUsedInsideAFunctionHasItsType) {
  Model M("import redis\nr = redis.Redis()\n"
          "def f():\n    return r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, PipelineOfAClientIsAPipeline) {
  Model M("import redis\nr = redis.Redis()\nr.pipeline().keys()\n");
  EXPECT_EQ(M->inferType(M.node("r.pipeline()")), "redis.client.Pipeline");
}

//===-- Receivers that are not Redis clients -----------------------------===//

TEST(PythonSemanticTest, DictLiteralIsADict) {
  Model M("d = {}\nd.keys()\n");
  EXPECT_EQ(typeOf(M, "d.keys()", "d"), "dict");
}

TEST(PythonSemanticTest, OsEnvironIsNotARedisClient) {
  Model M("import os\nos.environ.keys()\n");
  EXPECT_EQ(M->qualifiedName(M.node("os.environ")), "os.environ");
  EXPECT_EQ(M->inferType(M.node("os.environ")), std::nullopt);
}

TEST(PythonSemanticTest, OwnClassWithKeysMethodIsNotARedisClient) {
  // Through a module attribute here; bare `Index()` is covered by
  // BareConstructorCallGivesNoLibraryType.
  Model M("import mylib\n"
          "class Index:\n"
          "    def keys(self):\n"
          "        return []\n"
          "idx = mylib.Index()\n"
          "idx.keys()\n"
          "def f(i: Index):\n"
          "    return i.keys()\n");
  EXPECT_EQ(typeOf(M, "idx.keys()", "idx"), "mylib.Index");
  // The model gives a class of this file no type.
  EXPECT_EQ(typeOf(M, "i.keys()", "i"), std::nullopt);
}

TEST(PythonSemanticTest, LocalVariableShadowsTheModule) {
  Model M("import redis\n"
          "def f():\n"
          "    redis = {}\n"
          "    redis.keys()\n");
  EXPECT_EQ(typeOf(M, "redis.keys()", "redis"), "dict");
  EXPECT_EQ(M->qualifiedName(M.node("redis.keys")), std::nullopt);
  // A stronger form: `redis.Redis()` must not resolve to the library class
  // once `redis` is a local.
  Model N("import redis\n"
          "def f():\n"
          "    redis = fake_module\n"
          "    r = redis.Redis()\n"
          "    r.keys()\n");
  EXPECT_EQ(N->qualifiedName(N.node("redis.Redis()", "redis.Redis")),
            std::nullopt);
  EXPECT_EQ(typeOf(N, "r.keys()", "r"), std::nullopt);
}

TEST(PythonSemanticTest, ModuleShadowingIsScopedToItsFunction) {
  // The local `redis` in g() does not hide the import from f().
  Model M("import redis\n"
          "def g():\n"
          "    redis = {}\n"
          "def f():\n"
          "    r = redis.Redis()\n"
          "    r.keys()\n");
  EXPECT_EQ(M->qualifiedName(M.node("redis.Redis()", "redis.Redis")),
            "redis.Redis");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), "redis.Redis");
}

TEST(PythonSemanticTest, UnannotatedParameterHasNoType) {
  Model M("def f(r):\n    return r.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), std::nullopt);
}

TEST(PythonSemanticTest, ModuleItselfIsNotAClientInstance) {
  Model M("import redis\nredis.keys()\n");
  EXPECT_EQ(M->qualifiedName(M.node("redis.keys()", "redis")), "redis");
  EXPECT_EQ(typeOf(M, "redis.keys()", "redis"), std::nullopt);
}

TEST(PythonSemanticTest, RelativeImportIsNotTheLibrary) {
  Model M("from .redis import Redis\nr = Redis()\nr.keys()\n");
  EXPECT_EQ(typeOf(M, "r.keys()", "r"), std::nullopt);
}

//===-- Constructors of bare names ---------------------------------------===//

// Regression: a call of an unqualified name (`dict()`, `Index()`) used to make
// knownReturnType throw std::out_of_range (substr(npos)) while typing the
// receiver; it must simply give no library type.
TEST(PythonSemanticTest, BareConstructorCallGivesNoLibraryType) {
  Model A("d = dict()\nd.keys()\n");
  EXPECT_NO_THROW(EXPECT_EQ(typeOf(A, "d.keys()", "d"), "dict"));
  Model B("class Index:\n"
          "    def keys(self):\n"
          "        return []\n"
          "idx = Index()\n"
          "idx.keys()\n");
  EXPECT_NO_THROW(EXPECT_EQ(typeOf(B, "idx.keys()", "idx"), std::nullopt));
  Model C("import redis\n"
          "def f():\n"
          "    redis = make()\n"
          "    r = redis.Redis()\n"
          "    r.keys()\n");
  EXPECT_NO_THROW(EXPECT_EQ(typeOf(C, "r.keys()", "r"), std::nullopt));
}

//===-- Library types, names and scopes ----------------------------------===//

TEST(PythonSemanticTest, LibraryTypesComeFromTheKnowledgeBase) {
  Model M("import redis, redis.asyncio\n"
          "r1 = redis.from_url(u)\n"
          "r2 = redis.StrictRedis.from_url(u)\n"
          "r3 = redis.StrictRedis()\n"
          "r4 = redis.asyncio.StrictRedis()\n"
          "r5 = r1.get('k')\n"
          "r6 = make_thing()\n"
          "r7 = dict()\n"
          "sink(r1, r2, r3, r4, r5, r6, r7)\n");
  auto TypeOf = [&](const char *Name) {
    return M->inferType(M.node("sink(r1, r2, r3, r4, r5, r6, r7)", Name));
  };
  EXPECT_EQ(TypeOf("r1"), "redis.Redis");
  EXPECT_EQ(TypeOf("r2"), "redis.Redis"); // an alias's factory
  EXPECT_EQ(TypeOf("r3"), "redis.Redis");
  EXPECT_EQ(TypeOf("r4"), "redis.asyncio.Redis");
  EXPECT_EQ(TypeOf("r5"), std::nullopt);
  EXPECT_EQ(TypeOf("r6"), std::nullopt);
  EXPECT_EQ(TypeOf("r7"), "dict"); // a class spelled in lower case
}

TEST(PythonSemanticTest, BlockingCallsAndFlagsComeFromTheKnowledgeBase) {
  knowledge::KnowledgeBase KB =
      knowledge::KnowledgeBase::builtin(Language::Python);
  std::string Error;
  ASSERT_TRUE(KB.addToml(R"(
[callables."acme.fetch"]
blocks = "network"
block-flag = { keyword = "wait", off-when = ["False"] }
)",
                         "scratch.toml", Error))
      << Error;
  Model M("import acme, queue, psutil\n"
          "q = queue.Queue()\n"
          "acme.fetch(u)\n"
          "acme.fetch(u, wait=False)\n"
          "q.get(block=False)\n"
          "q.get()\n"
          "psutil.cpu_percent()\n"
          "psutil.cpu_percent(interval=n)\n"
          "psutil.cpu_percent(interval=1)\n",
          KB);
  auto Blocking = [&](const char *Call) {
    return M->blockingCall(M.node(Call));
  };
  EXPECT_EQ(Blocking("acme.fetch(u)"), "acme.fetch");
  EXPECT_EQ(Blocking("acme.fetch(u, wait=False)"), std::nullopt);
  EXPECT_EQ(Blocking("q.get(block=False)"), std::nullopt);
  EXPECT_EQ(Blocking("q.get()"), "queue.Queue.get");
  // Off unless a literal interval is given.
  EXPECT_EQ(Blocking("psutil.cpu_percent()"), std::nullopt);
  EXPECT_EQ(Blocking("psutil.cpu_percent(interval=n)"), std::nullopt);
  EXPECT_EQ(Blocking("psutil.cpu_percent(interval=1)"), "psutil.cpu_percent");
}

TEST(PythonSemanticTest, InAsyncFunction) {
  Model M("async def f():\n"
          "    alpha = 1\n"
          "    def inner():\n"
          "        beta = 2\n"
          "    g = lambda: gamma\n"
          "def h():\n"
          "    delta = 3\n"
          "epsilon = 4\n");
  EXPECT_EQ(M.text(M.node("alpha")), "alpha");
  EXPECT_TRUE(M->inAsyncFunction(M.node("alpha")));
  // A nested def and a lambda are their own (synchronous) functions.
  EXPECT_FALSE(M->inAsyncFunction(M.node("beta")));
  EXPECT_FALSE(M->inAsyncFunction(M.node("gamma")));
  EXPECT_FALSE(M->inAsyncFunction(M.node("delta")));
  EXPECT_FALSE(M->inAsyncFunction(M.node("epsilon")));
}

TEST(PythonSemanticTest, EnclosingFunction) {
  Model M("def outer():\n"
          "    alpha = 1\n"
          "    f = lambda: beta\n"
          "    class K:\n"
          "        gamma = 2\n"
          "delta = 3\n");
  TSNode A = M->enclosingFunction(M.node("alpha"));
  ASSERT_FALSE(ts::isNull(A));
  EXPECT_EQ(ts::nodeType(A), "function_definition");
  EXPECT_EQ(M.text(ts::field(A, "name")), "outer");
  EXPECT_EQ(ts::nodeType(M->enclosingFunction(M.node("beta"))), "lambda");
  // A class body is not inside the function for this purpose.
  EXPECT_TRUE(ts::isNull(M->enclosingFunction(M.node("gamma"))));
  EXPECT_TRUE(ts::isNull(M->enclosingFunction(M.node("delta"))));
}

TEST(PythonSemanticTest, QualifiedNameResolvesImports) {
  Model M("import os.path\n"
          "import numpy as np\n"
          "from a.b import c as d, e\n"
          "os.path.join\n"
          "np.array\n"
          "d.f\n"
          "e\n"
          "len\n"
          "local = 1\n"
          "local.attr\n");
  EXPECT_EQ(M->qualifiedName(M.node("\nos.path.join", "os.path.join")),
            "os.path.join");
  EXPECT_EQ(M->qualifiedName(M.node("np.array")), "numpy.array");
  EXPECT_EQ(M->qualifiedName(M.node("d.f")), "a.b.c.f");
  EXPECT_EQ(M->qualifiedName(M.node("\ne\n", "e")), "a.b.e");
  EXPECT_EQ(M->qualifiedName(M.node("len")), "len"); // a builtin
  EXPECT_EQ(M->qualifiedName(M.node("local.attr")), std::nullopt);
}

TEST(PythonSemanticTest, QualifiedNameHonoursFunctionScopes) {
  Model M("def f():\n"
          "    import json as j\n"
          "    j.dumps\n"
          "j.loads\n");
  EXPECT_EQ(M->qualifiedName(M.node("j.dumps")), "json.dumps");
  // Outside f, `j` is unbound and resolves to itself.
  EXPECT_EQ(M->qualifiedName(M.node("j.loads")), "j.loads");
}

TEST(PythonSemanticTest, InferTypeUsesTheNearestEarlierBinding) {
  Model M("import redis\n"
          "client = redis.Redis()\n"
          "use1 = client\n"
          "client = redis.asyncio.Redis()\n"
          "use2 = client\n");
  EXPECT_EQ(M->inferType(M.node("use1 = client", "client")), "redis.Redis");
  EXPECT_EQ(M->inferType(M.node("use2 = client", "client")),
            "redis.asyncio.Redis");
  EXPECT_EQ(M->inferType(M.node("use2")), "redis.asyncio.Redis");
}

TEST(PythonSemanticTest, GenericAnnotationIsItsHead) {
  Model M("import queue\n"
          "from typing import Optional\n"
          "from concurrent.futures import Future\n"
          "def f(a: queue.Queue[str], b: \"queue.Queue[int]\",\n"
          "      c: Optional[Future[int]], d: list[Future]):\n"
          "    return a, b, c, d\n");
  EXPECT_EQ(M->inferType(M.node("a, b, c, d", "a")), "queue.Queue");
  EXPECT_EQ(M->inferType(M.node("a, b, c, d", "b")), "queue.Queue");
  EXPECT_EQ(M->inferType(M.node("a, b, c, d", "c")),
            "concurrent.futures.Future");
  EXPECT_NE(M->inferType(M.node("a, b, c, d", "d")),
            "concurrent.futures.Future");
}

//===-- Blocking calls and locks (blocking-in-async, lock-held-across-call)===//

TEST(PythonSemanticTest, BlockingCallResolvesAliasesAndFlags) {
  Model M("import time as t\n"
          "import queue, psutil, threading\n"
          "from subprocess import run as sh\n"
          "q = queue.Queue()\n"
          "lock = threading.Lock()\n"
          "t.sleep(1)\n"
          "sh(['ls'])\n"
          "q.get()\n"
          "q.get(block=False)\n"
          "q.put(1, False)\n"
          "lock.acquire()\n"
          "lock.acquire(blocking=False)\n"
          "psutil.cpu_percent(interval=1)\n"
          "psutil.cpu_percent(0)\n"
          "psutil.cpu_percent(interval=None)\n"
          "len([])\n");
  auto Blocking = [&](const char *Call) {
    return M->blockingCall(M.node(Call));
  };
  EXPECT_EQ(Blocking("t.sleep(1)"), "time.sleep");
  EXPECT_EQ(Blocking("sh(['ls'])"), "subprocess.run");
  EXPECT_EQ(Blocking("q.get()"), "queue.Queue.get");
  EXPECT_EQ(Blocking("q.get(block=False)"), std::nullopt);
  EXPECT_EQ(Blocking("q.put(1, False)"), std::nullopt);
  EXPECT_EQ(Blocking("lock.acquire()"), "threading.Lock.acquire");
  EXPECT_EQ(Blocking("lock.acquire(blocking=False)"), std::nullopt);
  EXPECT_EQ(Blocking("psutil.cpu_percent(interval=1)"), "psutil.cpu_percent");
  EXPECT_EQ(Blocking("psutil.cpu_percent(0)"), std::nullopt);
  EXPECT_EQ(Blocking("psutil.cpu_percent(interval=None)"), std::nullopt);
  EXPECT_EQ(Blocking("len([])"), std::nullopt);
}

TEST(PythonSemanticTest, LockRegionsOfWithAndAcquire) {
  Model M("import asyncio, threading\n"
          "class C:\n"
          "    def __init__(self):\n"
          "        self._lock = threading.Lock()\n"
          "        self._alock = asyncio.Lock()\n"
          "        self._sem = threading.Semaphore()\n"
          "    def a(self):\n"
          "        with self._lock:\n"
          "            inside_with()\n"
          "        self._lock.acquire()\n"
          "        try:\n"
          "            inside_try()\n"
          "        finally:\n"
          "            self._lock.release()\n"
          "        after_release()\n"
          "        with self._sem:\n"
          "            under_semaphore()\n"
          "    async def b(self):\n"
          "        async with self._alock:\n"
          "            inside_async()\n"
          "            def nested():\n"
          "                in_nested()\n");
  using Kind = python::SemanticModel::LockKind;
  auto Regions = [&](const char *Name) {
    return M->enclosingLockRegions(M.node(Name));
  };
  ASSERT_EQ(Regions("inside_with").size(), 1u);
  EXPECT_EQ(Regions("inside_with")[0].Kind, Kind::Threading);
  EXPECT_EQ(M.text(Regions("inside_with")[0].Lock), "self._lock");
  ASSERT_EQ(Regions("inside_try").size(), 1u);
  EXPECT_EQ(M.text(Regions("inside_try")[0].Start), "self._lock.acquire()");
  EXPECT_TRUE(Regions("after_release").empty());
  ASSERT_EQ(Regions("under_semaphore").size(), 1u);
  EXPECT_EQ(Regions("under_semaphore")[0].Kind, Kind::Semaphore);
  ASSERT_EQ(Regions("inside_async").size(), 1u);
  EXPECT_EQ(Regions("inside_async")[0].Kind, Kind::Async);
  EXPECT_EQ(Regions("inside_async")[0].Library, "asyncio");
  EXPECT_TRUE(Regions("in_nested").empty()); // runs when called
  for (const char *Guarded :
       {"inside_with", "inside_try", "under_semaphore", "inside_async"})
    EXPECT_TRUE(M->isUnderLock(M.node(Guarded))) << Guarded;
  EXPECT_FALSE(M->isUnderLock(M.node("after_release")));
  EXPECT_FALSE(M->isUnderLock(M.node("in_nested")));
  EXPECT_EQ(M->lockName(M.node("with self._lock", "self._lock"), "mod"),
            "C._lock");
}

TEST(PythonSemanticTest, ContextsOfUnknownTypeNamedLikeLocks) {
  Model M("def f(self, key, conn):\n"
          "    with self._locks[key]:\n"
          "        keyed()\n"
          "    with self.mutex:\n"
          "        named()\n"
          "    conn.acquire()\n"
          "    try:\n"
          "        acquired()\n"
          "    finally:\n"
          "        conn.release()\n"
          "    with conn:\n"
          "        connected()\n");
  EXPECT_TRUE(M->isUnderLock(M.node("keyed")));
  EXPECT_TRUE(M->isUnderLock(M.node("named")));
  EXPECT_FALSE(M->isUnderLock(M.node("acquired")));
  EXPECT_FALSE(M->isUnderLock(M.node("connected")));
}

TEST(PythonSemanticTest, LockNamesAreStableAcrossFiles) {
  Model M("import threading\n"
          "import pkg.locks\n"
          "from locks import B as b_lock\n"
          "A = threading.Lock()\n"
          "def f():\n"
          "    local = threading.Lock()\n"
          "    with A, b_lock, pkg.locks.C, local:\n"
          "        pass\n");
  EXPECT_EQ(M->lockName(M.node("A, b_lock", "A"), "mod"), "mod.A");
  EXPECT_EQ(M->lockName(M.node("b_lock, pkg", "b_lock"), "mod"), "locks.B");
  EXPECT_EQ(M->lockName(M.node("pkg.locks.C"), "mod"), "pkg.locks.C");
  EXPECT_EQ(M->lockName(M.node("C, local", "local"), "mod"), std::nullopt);
  EXPECT_EQ(M->importedName(M.node("b_lock, pkg", "b_lock"), "b_lock"),
            "locks.B");
  EXPECT_EQ(M->importedName(M.node("b_lock, pkg", "b_lock"), "asyncio"),
            std::nullopt);
  EXPECT_TRUE(M->isBoundName(M.node("C, local", "local"), "local"));
  EXPECT_FALSE(M->isBoundName(M.node("C, local", "local"), "asyncio"));
}

//===-- Owned names and their mutations -----------------------------------===//

using Mutation = python::SemanticModel::Mutation;

/// The kinds (and methods) of Name's mutations in Owner, in document order.
std::vector<std::string> mutations(const Model &M, TSNode Owner,
                                   const std::string &Name) {
  std::vector<std::string> Out;
  const auto *O = M->ownedName(Owner, Name);
  if (!O)
    return Out;
  static const char *const Kinds[] = {
      "assign",    "aug", "item-store", "item-aug",  "slice-store", "item-del",
      "slice-del", "del", "call",       "item-call", "inner-del",   "alias"};
  for (const Mutation &Mu : O->Mutations)
    Out.push_back(std::string(Kinds[Mu.What]) +
                  (Mu.Method.empty() ? "" : ":" + Mu.Method) +
                  (Mu.Operator.empty() ? "" : ":" + Mu.Operator));
  return Out;
}

TEST(PythonSemanticTest, ClassMembersAndTheirMutations) {
  Model M("class C:\n"
          "    shared = {}\n"
          "    def __init__(self):\n"
          "        self.d = {}\n"
          "    def put(self, k, v):\n"
          "        self.d[k] = v\n"
          "        self.d[k] += 1\n"
          "        self.shared.setdefault(k, v)\n"
          "        fn = lambda: self.d.pop(k)\n"
          "    def trim(self):\n"
          "        del self.d[:10], self.shared[0]\n"
          "        self.d |= {}\n"
          "        cb(self.d.clear)\n"
          "        other.d.pop(1)\n"
          "        del self.d[k][0]\n"
          "        alias = self.d\n");
  TSNode Class = M.node("class C");
  while (!ts::isNull(Class) && ts::nodeType(Class) != "class_definition")
    Class = ts_node_parent(Class);
  EXPECT_EQ(mutations(M, Class, "d"),
            (std::vector<std::string>{
                "assign", "item-store", "item-aug:+=", "call:pop", "slice-del",
                "aug:|=", "call:clear", "inner-del", "alias"}));
  EXPECT_EQ(
      mutations(M, Class, "shared"),
      (std::vector<std::string>{"assign", "call:setdefault", "item-del"}));
  auto Owner = M->ownerOf(M.node("self.d[k] = v", "self.d"));
  ASSERT_TRUE(Owner);
  EXPECT_TRUE(ts_node_eq(Owner->first, Class));
  EXPECT_EQ(Owner->second, "d");
  std::vector<std::string> Members;
  for (const auto *O : M->ownedNames(Class))
    Members.push_back(O->Name);
  // Methods are definitions, not assigned members.
  EXPECT_EQ(Members, (std::vector<std::string>{"shared", "d"}));
  ASSERT_EQ(M->foreignMutations("d").size(), 1u);
  EXPECT_EQ(M->foreignMutations("d")[0].Method, "pop");
}

TEST(PythonSemanticTest, ModuleNamesMutatedInFunctions) {
  Model M("import collections\n"
          "CACHE = {}\n"
          "LOG = []\n"
          "def f(k, LOG2):\n"
          "    CACHE[k] = 1\n"
          "    global LOG\n"
          "    LOG = LOG[-10:]\n"
          "    local = []\n"
          "    local.append(k)\n"
          "    collections.deque().append(1)\n");
  EXPECT_EQ(mutations(M, M.root(), "CACHE"),
            (std::vector<std::string>{"assign", "item-store"}));
  EXPECT_EQ(mutations(M, M.root(), "LOG"),
            (std::vector<std::string>{"assign", "assign"}));
  // A local is owned by its function; imports and calls own nothing.
  auto Local = M->ownerOf(M.node("local.append", "local"));
  ASSERT_TRUE(Local);
  EXPECT_EQ(ts::nodeType(Local->first), "function_definition");
  EXPECT_EQ(mutations(M, Local->first, "local"),
            (std::vector<std::string>{"assign", "call:append"}));
  EXPECT_FALSE(M->ownerOf(M.node("collections.deque", "collections")));
  EXPECT_FALSE(M->ownedName(M.root(), "collections"));
}

TEST(PythonSemanticTest, ContainerAnnotationsAndShadowedBuiltins) {
  Model M("from typing import List\n"
          "def f(a: list[int], b: List[str], c: dict[str, int]):\n"
          "    def min(x):\n"
          "        return x\n"
          "    use = (a, b, c, min)\n");
  EXPECT_EQ(M->inferType(M.node("use = (a", "a")), "list");
  EXPECT_EQ(M->inferType(M.node("b, c", "b")), "list");
  EXPECT_EQ(M->inferType(M.node("c, min", "c")), "dict");
  EXPECT_EQ(M->qualifiedName(M.node("c, min", "min")), std::nullopt);
}

//===-- Containers, paths and library attributes -------------------------===//

TEST(PythonSemanticTest, ForLoopTargetsOfAnnotatedContainers) {
  Model M("import threading, redis\n"
          "from typing import Optional\n"
          "clients: dict[str, redis.Redis] = {}\n"
          "def f(ts: list[threading.Thread], o: Optional[set[redis.Redis]]):\n"
          "    for t in ts:\n"
          "        t.join()\n"
          "    for c in clients.values():\n"
          "        c.close()\n"
          "    for name, c2 in clients.items():\n"
          "        c2.ping()\n"
          "    for i, t2 in enumerate(sorted(ts)):\n"
          "        t2.start()\n"
          "    for r in o:\n"
          "        r.get()\n"
          "    for k in clients:\n"
          "        k.upper()\n");
  EXPECT_EQ(M->inferType(M.node("t.join()", "t")), "threading.Thread");
  EXPECT_EQ(M->inferType(M.node("c.close()", "c")), "redis.Redis");
  EXPECT_EQ(M->inferType(M.node("c2.ping()", "c2")), "redis.Redis");
  EXPECT_EQ(M->inferType(M.node("name, c2", "name")), "str");
  EXPECT_EQ(M->inferType(M.node("t2.start()", "t2")), "threading.Thread");
  EXPECT_EQ(M->inferType(M.node("r.get()", "r")), "redis.Redis");
  EXPECT_EQ(M->inferType(M.node("k.upper()", "k")), "str");
  EXPECT_EQ(M->resolveCall(M.node("t.join()")), "threading.Thread.join");
}

TEST(PythonSemanticTest, ContainersFilledByTheCode) {
  Model M("import threading, redis\n"
          "class Pool:\n"
          "    def __init__(self):\n"
          "        self._threads = []\n"
          "        self._clients = {}\n"
          "    def start(self, n):\n"
          "        for _ in range(n):\n"
          "            self._threads.append(threading.Thread(target=f))\n"
          "        self._clients['a'] = redis.Redis()\n"
          "    def stop(self):\n"
          "        for t in self._threads:\n"
          "            t.join()\n"
          "        for c in self._clients.values():\n"
          "            c.close()\n"
          "        self._clients['a'].ping()\n"
          "        self._clients.get('a').ping()\n"
          "def g():\n"
          "    ws = [threading.Thread(target=f) for _ in range(3)]\n"
          "    for w in ws:\n"
          "        w.join()\n"
          "    mixed = [threading.Thread(), redis.Redis()]\n"
          "    for m in mixed:\n"
          "        m.close()\n"
          "    other = []\n"
          "    other.append(1)\n"
          "    other.append(threading.Thread())\n"
          "    for o in other:\n"
          "        o.join()\n");
  EXPECT_EQ(M->inferType(M.node("t.join()", "t")), "threading.Thread");
  EXPECT_EQ(M->inferType(M.node("c.close()", "c")), "redis.Redis");
  EXPECT_EQ(
      M->inferType(M.node("self._clients['a'].ping", "self._clients['a']")),
      "redis.Redis");
  EXPECT_EQ(M->resolveCall(M.node("self._clients.get('a').ping()")),
            "redis.Redis.ping");
  EXPECT_EQ(M->inferType(M.node("w.join()", "w")), "threading.Thread");
  // Elements that disagree give no type.
  EXPECT_EQ(M->inferType(M.node("m.close()", "m")), std::nullopt);
  EXPECT_EQ(M->inferType(M.node("o.join()", "o")), std::nullopt);
}

TEST(PythonSemanticTest, DefaultdictHoldsWhatItsFactoryMakes) {
  Model M("import collections\n"
          "from collections import defaultdict, deque\n"
          "class C:\n"
          "    def __init__(self):\n"
          "        self.a = collections.defaultdict(list)\n"
          "        self.b = defaultdict(lambda: deque(maxlen=3))\n"
          "        self.c = defaultdict(int)\n"
          "        self.d = defaultdict()\n"
          "    def use(self, k):\n"
          "        sink(self.a[k], self.b[k], self.c[k], self.d[k])\n");
  EXPECT_EQ(M->inferType(M.node("self.a[k]")), "list");
  EXPECT_EQ(M->inferType(M.node("self.b[k]")), "collections.deque");
  EXPECT_EQ(M->inferType(M.node("self.c[k]")), std::nullopt);
  EXPECT_EQ(M->inferType(M.node("self.d[k]")), std::nullopt);
}

TEST(PythonSemanticTest, SelfReferencesOfAMethod) {
  Model M("class C:\n"
          "    def __init__(self):\n"
          "        self._a(1)\n"
          "        cb(self._a)\n"
          "    def _a(self, x):\n"
          "        pass\n"
          "    def _b(self):\n"
          "        pass\n"
          "    def _c(self):\n"
          "        pass\n"
          "def f(other):\n"
          "    other._c()\n");
  auto Def = [&](const char *Name) {
    TSNode N = M.node(Name);
    while (!ts::isNull(N) && ts::nodeType(N) != "function_definition")
      N = ts_node_parent(N);
    return N;
  };
  auto A = M->selfReferences(Def("def _a"));
  ASSERT_TRUE(A);
  ASSERT_EQ(A->size(), 2u);
  EXPECT_EQ(ts::nodeType(ts_node_parent((*A)[0])), "call");
  EXPECT_EQ(ts::nodeType(ts_node_parent((*A)[1])), "argument_list");
  auto B = M->selfReferences(Def("def _b"));
  ASSERT_TRUE(B);
  EXPECT_TRUE(B->empty());
  // Called on another object: its callers are not all known.
  EXPECT_FALSE(M->selfReferences(Def("def _c")));
  EXPECT_FALSE(M->selfReferences(Def("def f")));
}

TEST(PythonSemanticTest, ReassignmentReadsThePreviousBinding) {
  Model M("import redis\n"
          "def f(body: bytes):\n"
          "    client = redis.Redis()\n"
          "    client = wrap(client)\n"
          "    for x in items(x):\n"
          "        pass\n");
  // The `client` inside wrap(...) is the redis client, not wrap's result.
  EXPECT_EQ(M->inferType(M.node("wrap(client)", "client")), "redis.Redis");
  TSNode B = M->bindingOf(M.node("wrap(client)", "client"));
  ASSERT_FALSE(ts::isNull(B));
  EXPECT_EQ(ts::nodeType(ts::field(ts_node_parent(B), "right")), "call");
  EXPECT_EQ(M.text(ts::field(ts_node_parent(B), "right")), "redis.Redis()");
}

TEST(PythonSemanticTest, PathArithmeticAndAttributes) {
  Model M("import asyncio, subprocess\n"
          "from pathlib import Path\n"
          "def f(root: Path, p: asyncio.subprocess.Process, name: str):\n"
          "    a = (root / 'x' / name).resolve()\n"
          "    b = a.parent.with_suffix('.json')\n"
          "    c = 'base' / root\n"
          "    d = name / root\n"
          "    e = Path.home().joinpath('x')\n"
          "    out = p.stdout\n"
          "    q = subprocess.Popen(['ls'])\n"
          "    use(a, b, c, d, e, out, q.stdout)\n");
  EXPECT_EQ(M->inferType(M.node("use(a", "a")), "pathlib.Path");
  EXPECT_EQ(M->inferType(M.node("use(a, b", "b")), "pathlib.Path");
  EXPECT_EQ(M->inferType(M.node("use(a, b, c", "c")), "pathlib.Path");
  // An unknown left operand may define __truediv__ itself.
  EXPECT_EQ(M->inferType(M.node("name / root")), std::nullopt);
  EXPECT_EQ(M->inferType(M.node("d, e, out", "e")), "pathlib.Path");
  EXPECT_EQ(M->inferType(M.node("out, q", "out")), "asyncio.StreamReader");
  EXPECT_EQ(M->inferType(M.node("q.stdout")), "io.BufferedReader");
  EXPECT_EQ(M->resolveCall(M.node("a.parent.with_suffix('.json')")),
            "pathlib.Path.with_suffix");
}

TEST(PythonSemanticTest, WatchdogObserversAreThreads) {
  Model M("from watchdog.observers import Observer\n"
          "from watchdog.observers.polling import PollingObserver as PO\n"
          "o = Observer()\n"
          "o.join()\n"
          "o.schedule(h, '.')\n"
          "PO().join()\n");
  EXPECT_EQ(M->resolveCall(M.node("o.join()")), "threading.Thread.join");
  EXPECT_EQ(M->resolveCall(M.node("o.schedule(h, '.')")),
            "watchdog.observers.Observer.schedule");
  EXPECT_EQ(M->resolveCall(M.node("PO().join()")), "threading.Thread.join");
}

TEST(PythonSemanticTest, CallsThroughAlias) {
  Model M("from asyncio import create_task as spawn\n"
          "spawn(a())\n"
          "def f():\n"
          "    spawn(b())\n"
          "def g(spawn):\n"
          "    spawn(c())\n");
  TSNode Alias = ts_node_parent(M.node("create_task as spawn", "spawn"));
  ASSERT_EQ(ts::nodeType(Alias), "aliased_import");
  auto Calls = M->callsThroughAlias(Alias);
  ASSERT_EQ(Calls.size(), 2u);
  EXPECT_EQ(M.text(Calls[0]), "spawn(a())");
  EXPECT_EQ(M.text(Calls[1]), "spawn(b())"); // not g's parameter
}

TEST(PythonSemanticTest, ContainerFillsThatReferToEachOtherTerminate) {
  std::string Code = "import threading\n";
  for (int I = 0; I < 12; ++I)
    Code += "c" + std::to_string(I) + " = []\n";
  Code += "def fill():\n";
  for (int I = 0; I < 12; ++I)
    for (int J = 0; J < 12; ++J)
      if (I != J)
        Code += "    c" + std::to_string(I) + ".append(c" + std::to_string(J) +
                "[0])\n";
  Code += "for t in c0:\n    t.join()\n";
  Model M(Code);
  EXPECT_EQ(M->inferType(M.node("t.join()", "t")), std::nullopt);
}

TEST(PythonSemanticTest, ComprehensionVariables) {
  Model M("import threading\n"
          "t = 1\n"
          "def f(ts: list[threading.Thread], d: dict[str, threading.Thread]):\n"
          "    done = [t.join() for t in ts]\n"
          "    alive = {k: w.is_alive() for k, w in d.items()}\n"
          "    return done, alive, t\n");
  EXPECT_EQ(M->resolveCall(M.node("t.join()")), "threading.Thread.join");
  EXPECT_EQ(M->resolveCall(M.node("w.is_alive()")),
            "threading.Thread.is_alive");
  // The comprehension's variable does not leak out of it.
  EXPECT_EQ(M->inferType(M.node("alive, t", "t")), std::nullopt);
}

} // namespace
