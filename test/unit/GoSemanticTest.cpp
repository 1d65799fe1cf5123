//===- GoSemanticTest.cpp - The Go semantic model -------------------------===//
//
// Each test parses a snippet, feeds go::SemanticModel through its own query
// and asks the model directly: the type it infers for a receiver (go-redis
// and redigo clients through constructors, declarations, struct fields and
// parameters, with package shadowing scoped as Go scopes it), import paths
// and package names, library results from the knowledge base, and the
// context in scope at a call. Which Redis command forms the redis-keys rule
// reports is tested in test/lit/rules/redis-keys/go.go.
//
//===----------------------------------------------------------------------===//
#include "Go/SemanticModel.h"
#include "ParsedModel.h"

#include "gtest/gtest.h"

extern "C" const TSLanguage *tree_sitter_go();

using namespace hazard;

namespace {

using Model =
    test::ParsedModel<go::SemanticModel, tree_sitter_go, Language::Go>;

/// A file made of `package main`, the given imports and Body.
std::string goFile(const std::vector<std::string> &Imports,
                   const std::string &Body) {
  std::string Code = "package main\n\nimport (\n";
  for (const std::string &I : Imports)
    Code += "\t" + I + "\n";
  return Code + ")\n\n" + Body;
}

/// The type the model infers for the first occurrence of Receiver (an
/// expression) inside the first occurrence of Context.
std::optional<std::string> typeOf(const Model &M, const std::string &Context,
                                  const std::string &Receiver) {
  TSNode N = M.node(Context, Receiver);
  // A node wider than Receiver would make a "no type" answer meaningless.
  EXPECT_EQ(M.text(N), Receiver) << "in " << Context;
  return M->inferType(N);
}

const std::string V9 = "\"github.com/redis/go-redis/v9\"";
const std::string V8 = "\"github.com/go-redis/redis/v8\"";
const std::string Redigo = "\"github.com/gomodule/redigo/redis\"";
const std::string Ctx = "\"context\"";

// The canonical types, whatever the import's version or alias.
const std::string GoRedis = "github.com/redis/go-redis.";
const std::string RedigoPkg = "github.com/gomodule/redigo/redis.";

//===-- go-redis ----------------------------------------------------------===//

TEST(GoSemanticTest, GoRedisV9NewClientIsAClient) {
  Model M(goFile({Ctx, V9}, "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(&redis.Options{})\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(M->qualifiedName(M.node("redis.NewClient")), GoRedis + "NewClient");
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
  EXPECT_EQ(M->resolveCall(M.node("rdb.Keys(ctx, \"*\")")),
            GoRedis + "Client.Keys");
}

TEST(GoSemanticTest, GoRedisV8IsTheSameLibrary) {
  // go-redis/redis/v8 is the same library before its rename.
  Model M(goFile({Ctx, V8}, "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(&redis.Options{})\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(M->importPath("redis"), "github.com/redis/go-redis");
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest, VarDeclarationsGiveTheirTypes) {
  Model M(goFile({Ctx, V9}, "var global = redis.NewClusterClient(nil)\n"
                            "func f(ctx context.Context) {\n"
                            "\tvar rdb *redis.Client\n"
                            "\trdb.Keys(ctx, \"a\")\n"
                            "\tglobal.Keys(ctx, \"b\")\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
  EXPECT_EQ(typeOf(M, "global.Keys", "global"), GoRedis + "ClusterClient");
}

TEST(GoSemanticTest, StructFieldThroughMethodReceiver) {
  Model M(goFile({Ctx, V9}, "type S struct {\n"
                            "\trdb *redis.Client\n"
                            "}\n"
                            "func (s *S) f(ctx context.Context) {\n"
                            "\ts.rdb.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "s.rdb.Keys", "s.rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest, StructFieldDeclaredBelowItsUse) {
  Model M(goFile({Ctx, V9}, "func (s S) f(ctx context.Context) {\n"
                            "\ts.rdb.Keys(ctx, \"*\")\n"
                            "}\n"
                            "type S struct {\n"
                            "\tname string\n"
                            "\trdb  redis.UniversalClient\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "s.rdb.Keys", "s.rdb"), GoRedis + "UniversalClient");
}

TEST(GoSemanticTest, AliasedImportNamesTheLibrary) {
  Model M(goFile({Ctx, "goredis " + V9},
                 "func f(ctx context.Context) {\n"
                 "\trdb := goredis.NewClient(&goredis.Options{})\n"
                 "\trdb.Keys(ctx, \"*\")\n"
                 "}\n"));
  EXPECT_EQ(M->importPath("goredis"), "github.com/redis/go-redis");
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest, UniversalClientParameterHasItsType) {
  Model M(goFile({Ctx, V9},
                 "func f(ctx context.Context, rdb redis.UniversalClient) {\n"
                 "\trdb.Keys(ctx, \"*\")\n"
                 "}\n"));
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "UniversalClient");
}

TEST(GoSemanticTest, PipelineOfAClientIsAPipeliner) {
  Model M(goFile({Ctx, V9}, "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(nil)\n"
                            "\tpipe := rdb.Pipeline()\n"
                            "\tpipe.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "pipe.Keys", "pipe"), GoRedis + "Pipeliner");
}

//===-- redigo ------------------------------------------------------------===//

TEST(GoSemanticTest, RedigoDialResultZeroIsAConn) {
  Model M(goFile({Redigo}, "func f(addr string) {\n"
                           "\tconn, err := redis.Dial(\"tcp\", addr)\n"
                           "\t_ = err\n"
                           "\tconn.Do(\"KEYS\", \"*\")\n"
                           "}\n"));
  EXPECT_EQ(typeOf(M, "conn.Do", "conn"), RedigoPkg + "Conn");
}

TEST(GoSemanticTest, RedigoErrorResultIsNotAConn) {
  // err is result 1 of Dial: not a Conn, whatever its methods are called.
  Model M(goFile({Redigo}, "func f(addr string) {\n"
                           "\tconn, err := redis.Dial(\"tcp\", addr)\n"
                           "\t_ = conn\n"
                           "\terr.Do(\"KEYS\", \"*\")\n"
                           "}\n"));
  EXPECT_EQ(typeOf(M, "_ = conn", "conn"), RedigoPkg + "Conn");
  EXPECT_EQ(typeOf(M, "err.Do", "err"), std::nullopt);
}

TEST(GoSemanticTest, RedigoConnParameterHasItsType) {
  Model M(goFile({Redigo}, "func f(conn redis.Conn) {\n"
                           "\tconn.Send(\"keys\", \"*\")\n"
                           "}\n"));
  EXPECT_EQ(typeOf(M, "conn.Send", "conn"), RedigoPkg + "Conn");
}

TEST(GoSemanticTest, RedigoPoolGetIsAConn) {
  Model M(goFile({Redigo}, "func f() {\n"
                           "\tpool := &redis.Pool{}\n"
                           "\tpool.Get().Do(\"KEYS\", \"*\")\n"
                           "}\n"));
  EXPECT_EQ(M->inferType(M.node("pool.Get()")), RedigoPkg + "Conn");
}

//===-- Receivers that are not Redis clients ------------------------------===//

TEST(GoSemanticTest, AnotherPackagesTypeIsNotAClient) {
  Model M(goFile({Ctx, V9, "\"example.com/other\""},
                 "func f(ctx context.Context) {\n"
                 "\tx := other.New()\n"
                 "\tx.Keys(ctx, \"*\")\n"
                 "\tvar m other.Map\n"
                 "\tm.Keys(ctx, \"*\")\n"
                 "}\n"));
  EXPECT_EQ(typeOf(M, "x.Keys", "x"), std::nullopt);
  EXPECT_EQ(typeOf(M, "m.Keys", "m"), "example.com/other.Map");
}

TEST(GoSemanticTest, LocalVariableShadowsThePackage) {
  // `redis` is a parameter here, so redis.NewClient is its method, not the
  // library constructor.
  Model M(goFile({Ctx, V9}, "type Fake struct{}\n"
                            "func f(ctx context.Context, redis *Fake) {\n"
                            "\trdb := redis.NewClient(nil)\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(M->qualifiedName(M.node("redis.NewClient")), std::nullopt);
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), std::nullopt);
  Model N(goFile({Ctx, V9, "\"example.com/other\""},
                 "func f(ctx context.Context) {\n"
                 "\tredis := other.New()\n"
                 "\trdb := redis.NewClient(nil)\n"
                 "\trdb.Keys(ctx, \"*\")\n"
                 "}\n"));
  EXPECT_EQ(N->qualifiedName(N.node("redis.NewClient")), std::nullopt);
  EXPECT_EQ(typeOf(N, "rdb.Keys", "rdb"), std::nullopt);
}

TEST(GoSemanticTest, ShadowingIsScopedToItsFunction) {
  Model M(goFile({Ctx, V9}, "func g(redis int) {}\n"
                            "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(nil)\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest,
     BlockLocalRedeclarationAfterTheUseDoesNotHideTheParameter) {
  Model M(goFile({Ctx, V9}, "func f(ctx context.Context, rdb *redis.Client) {\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "\tif true {\n"
                            "\t\trdb := 1\n"
                            "\t\t_ = rdb\n"
                            "\t}\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest, ClientCreatedInAClosureHasItsType) {
  Model M(goFile({Ctx, V9}, "func f(ctx context.Context) {\n"
                            "\tgo func() {\n"
                            "\t\trdb := redis.NewClient(nil)\n"
                            "\t\trdb.Keys(ctx, \"*\")\n"
                            "\t}()\n"
                            "}\n"));
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

// In Go a local's scope starts after its declaration: a later `redis := 1`
// does not shadow the package at an earlier use.
TEST(GoSemanticTest, PackageShadowedOnlyAfterTheUse) {
  Model M(goFile({Ctx, V9}, "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(nil)\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "\tredis := 1\n"
                            "\t_ = redis\n"
                            "}\n"));
  EXPECT_EQ(M->qualifiedName(M.node("redis.NewClient")), GoRedis + "NewClient");
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), GoRedis + "Client");
}

TEST(GoSemanticTest, UnimportedPackageIsUnknown) {
  // Without the import, `redis` could be anything.
  Model M(goFile({Ctx}, "func f(ctx context.Context) {\n"
                        "\trdb := redis.NewClient(nil)\n"
                        "\trdb.Keys(ctx, \"*\")\n"
                        "}\n"));
  EXPECT_EQ(M->importPath("redis"), std::nullopt);
  EXPECT_EQ(typeOf(M, "rdb.Keys", "rdb"), std::nullopt);
}

//===-- Import paths ------------------------------------------------------===//

TEST(GoSemanticTest, CanonicalImportPathStripsMajorVersions) {
  EXPECT_EQ(go::canonicalImportPath("github.com/redis/go-redis/v9"),
            "github.com/redis/go-redis");
  EXPECT_EQ(go::canonicalImportPath("example.com/lib/v12"), "example.com/lib");
  // Only a whole trailing path element is a version.
  EXPECT_EQ(go::canonicalImportPath("example.com/v2api"), "example.com/v2api");
  EXPECT_EQ(go::canonicalImportPath("example.com/lib/v2/sub"),
            "example.com/lib/v2/sub");
  EXPECT_EQ(go::canonicalImportPath("gopkg.in/yaml.v3"), "gopkg.in/yaml.v3");
}

TEST(GoSemanticTest, ImportsFollowRenamedModules) {
  Model M("package p\n"
          "import (\n"
          "\t\"github.com/go-redis/redis/v8\"\n"
          "\tredigo \"github.com/garyburd/redigo/redis\"\n"
          "\tnew \"github.com/gomodule/redigo/redis\"\n"
          ")\n");
  EXPECT_EQ(M->importPath("redis"), "github.com/redis/go-redis");
  EXPECT_EQ(M->importPath("redigo"), "github.com/gomodule/redigo/redis");
  EXPECT_EQ(M->importPath("new"), "github.com/gomodule/redigo/redis");
}

TEST(GoSemanticTest, DefaultPackageName) {
  EXPECT_EQ(go::defaultPackageName("github.com/redis/go-redis"), "redis");
  EXPECT_EQ(go::defaultPackageName(
                go::canonicalImportPath("github.com/redis/go-redis/v9")),
            "redis");
  EXPECT_EQ(go::defaultPackageName("gopkg.in/yaml.v3"), "yaml");
  EXPECT_EQ(go::defaultPackageName("github.com/nats-io/nats.go"), "nats");
  EXPECT_EQ(go::defaultPackageName("github.com/mattn/go-sqlite3"), "sqlite3");
  EXPECT_EQ(go::defaultPackageName("github.com/gomodule/redigo/redis"),
            "redis");
  EXPECT_EQ(go::defaultPackageName("context"), "context");
  EXPECT_EQ(go::defaultPackageName("net/http"), "http");
}

TEST(GoSemanticTest, LibraryResultsComeFromTheKnowledgeBase) {
  const auto &KB = knowledge::KnowledgeBase::builtin(Language::Go);
  const std::string Redigo = "github.com/gomodule/redigo/redis.";
  ASSERT_NE(KB.callable(Redigo + "Dial"), nullptr);
  EXPECT_EQ(KB.callable(Redigo + "Dial")->result(0), Redigo + "Conn");
  EXPECT_EQ(KB.callable(Redigo + "Dial")->result(1), ""); // the error
  EXPECT_EQ(KB.callable("NewClient"), nullptr);
  EXPECT_TRUE(
      KB.typeHasTrait("github.com/redis/go-redis.Client", "redis-commands"));
}

//===-- Contexts in scope -------------------------------------------------===//

/// The context the model offers at the first `exec.Command("x")` of a file
/// with Imports and Body (what wait-without-timeout passes to
/// exec.CommandContext).
std::optional<std::string>
contextAtCommand(const std::vector<std::string> &Imports,
                 const std::string &Body) {
  Model M(goFile(Imports, Body));
  return M->contextInScope(M.node("exec.Command(\"x\")"));
}

const std::string Exec = "\"os/exec\"", Time = "\"time\"";

TEST(GoSemanticTest, ContextInScopePrefersTheLatestContextLocal) {
  EXPECT_EQ(contextAtCommand(
                {Ctx, Exec, Time},
                "func f(ctx context.Context) {\n"
                "\ttctx, cancel := context.WithTimeout(ctx, time.Second)\n"
                "\tdefer cancel()\n"
                "\texec.Command(\"x\").Run()\n"
                "}\n"),
            "tctx");
}

TEST(GoSemanticTest, ContextInScopeSkipsInnerBlocksAndBackground) {
  EXPECT_EQ(contextAtCommand({Ctx, Exec},
                             "func f() {\n"
                             "\tif true {\n"
                             "\t\tctx := context.WithValue(nil, 1, 2)\n"
                             "\t\t_ = ctx\n"
                             "\t}\n"
                             "\tbg := context.Background()\n"
                             "\t_ = bg\n"
                             "\texec.Command(\"x\").Run()\n"
                             "}\n"),
            std::nullopt);
}

TEST(GoSemanticTest, ContextInScopeFromAnOuterFunctionOrARequest) {
  EXPECT_EQ(contextAtCommand({Ctx, Exec},
                             "func f(c context.Context) {\n"
                             "\tgo func() { exec.Command(\"x\").Run() }()\n"
                             "}\n"),
            "c");
  EXPECT_EQ(
      contextAtCommand({Exec, "web \"net/http\""},
                       "func h(w web.ResponseWriter, req *web.Request) {\n"
                       "\texec.Command(\"x\").Run()\n"
                       "}\n"),
      "req.Context()");
  EXPECT_EQ(contextAtCommand({Exec, "\"github.com/labstack/echo/v4\""},
                             "func h(c echo.Context) error {\n"
                             "\treturn exec.Command(\"x\").Run()\n"
                             "}\n"),
            "c.Request().Context()");
  // Not a handler: a ResponseWriter alone gives no request context.
  EXPECT_EQ(contextAtCommand({Exec, "\"net/http\""},
                             "func h(w http.ResponseWriter) {\n"
                             "\texec.Command(\"x\").Run()\n"
                             "}\n"),
            std::nullopt);
}

TEST(GoSemanticTest, PackageVariablesComeFromTheKnowledgeBase) {
  const auto &KB = knowledge::KnowledgeBase::builtin(Language::Go);
  EXPECT_EQ(KB.attributeType("net/http", "DefaultClient"), "net/http.Client");
  EXPECT_EQ(KB.attributeType("net/http", "Get"), std::nullopt);
}

} // namespace
