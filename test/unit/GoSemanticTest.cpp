//===- GoSemanticTest.cpp - The Go semantic model -------------------------===//
//
// As for Python, the model is exercised through the real analysis
// (go::analyze): redis-keys is reported only when the receiver's inferred
// type is a go-redis or redigo client, and only in that library's call form.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "Go/SemanticModel.h"
#include "RedisKeysFindings.h"

#include "gtest/gtest.h"

using namespace hazard;

namespace {

using test::Analysis;
using test::expectNone;

/// Analyses a file made of `package main`, the given imports and Body.
Analysis analyze(const std::vector<std::string> &Imports,
                 const std::string &Body) {
  Analysis A;
  A.Code = "package main\n\nimport (\n";
  for (const std::string &I : Imports)
    A.Code += "\t" + I + "\n";
  A.Code += ")\n\n" + Body;
  SourceFile File("test.go", A.Code);
  go::analyze(File, A.Result);
  test::expectNoNotifications(A);
  return A;
}

/// test::expectOne, and Go findings have no automatic fix.
const Finding *expectOneWithoutFix(const Analysis &A, const std::string &Site) {
  const Finding *F = test::expectOne(A, Site);
  if (F)
    EXPECT_EQ(F->FixIt, std::nullopt);
  return F;
}

const std::string V9 = "\"github.com/redis/go-redis/v9\"";
const std::string V8 = "\"github.com/go-redis/redis/v8\"";
const std::string Redigo = "\"github.com/gomodule/redigo/redis\"";
const std::string Ctx = "\"context\"";

//===-- go-redis ----------------------------------------------------------===//

TEST(GoSemanticTest, GoRedisV9NewClient) {
  auto A = analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(&redis.Options{})\n"
                              "\trdb.Keys(ctx, \"*\")\n"
                              "}\n");
  const Finding *F = expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
  ASSERT_TRUE(F);
  EXPECT_NE(F->Message.find("Scan().Iterator()"), std::string::npos)
      << F->Message;
}

TEST(GoSemanticTest, GoRedisV8NewClient) {
  // go-redis/redis/v8 is the same library before its rename.
  auto A = analyze({Ctx, V8}, "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(&redis.Options{})\n"
                              "\trdb.Keys(ctx, \"*\")\n"
                              "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, VarDeclarations) {
  auto A = analyze({Ctx, V9}, "var global = redis.NewClusterClient(nil)\n"
                              "func f(ctx context.Context) {\n"
                              "\tvar rdb *redis.Client\n"
                              "\trdb.Keys(ctx, \"a\")\n"
                              "\tglobal.Keys(ctx, \"b\")\n"
                              "}\n");
  auto Fs = A.keys();
  ASSERT_EQ(Fs.size(), 2u) << A.Code;
  EXPECT_EQ(A.text(*Fs[0]), "rdb.Keys(ctx, \"a\")");
  EXPECT_EQ(A.text(*Fs[1]), "global.Keys(ctx, \"b\")");
}

TEST(GoSemanticTest, StructFieldThroughMethodReceiver) {
  auto A = analyze({Ctx, V9}, "type S struct {\n"
                              "\trdb *redis.Client\n"
                              "}\n"
                              "func (s *S) f(ctx context.Context) {\n"
                              "\ts.rdb.Keys(ctx, \"*\")\n"
                              "}\n");
  expectOneWithoutFix(A, "s.rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, StructFieldDeclaredBelowItsUse) {
  auto A = analyze({Ctx, V9}, "func (s S) f(ctx context.Context) {\n"
                              "\ts.rdb.Keys(ctx, \"*\")\n"
                              "}\n"
                              "type S struct {\n"
                              "\tname string\n"
                              "\trdb  redis.UniversalClient\n"
                              "}\n");
  expectOneWithoutFix(A, "s.rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, AliasedImport) {
  auto A = analyze({Ctx, "goredis " + V9},
                   "func f(ctx context.Context) {\n"
                   "\trdb := goredis.NewClient(&goredis.Options{})\n"
                   "\trdb.Keys(ctx, \"*\")\n"
                   "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, UniversalClientParameter) {
  auto A = analyze({Ctx, V9},
                   "func f(ctx context.Context, rdb redis.UniversalClient) {\n"
                   "\trdb.Keys(ctx, \"*\")\n"
                   "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, GoRedisDoKeys) {
  auto A = analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(nil)\n"
                              "\trdb.Do(ctx, \"KEYS\", \"*\")\n"
                              "}\n");
  expectOneWithoutFix(A, "rdb.Do(ctx, \"KEYS\", \"*\")");
}

TEST(GoSemanticTest, PipelineFromClient) {
  auto A = analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(nil)\n"
                              "\tpipe := rdb.Pipeline()\n"
                              "\tpipe.Keys(ctx, \"*\")\n"
                              "}\n");
  expectOneWithoutFix(A, "pipe.Keys(ctx, \"*\")");
}

//===-- redigo ------------------------------------------------------------===//

TEST(GoSemanticTest, RedigoDialResultZero) {
  auto A = analyze({Redigo}, "func f(addr string) {\n"
                             "\tconn, err := redis.Dial(\"tcp\", addr)\n"
                             "\t_ = err\n"
                             "\tconn.Do(\"KEYS\", \"*\")\n"
                             "}\n");
  const Finding *F = expectOneWithoutFix(A, "conn.Do(\"KEYS\", \"*\")");
  ASSERT_TRUE(F);
  EXPECT_NE(F->Message.find("SCAN cursor loop"), std::string::npos)
      << F->Message;
}

TEST(GoSemanticTest, RedigoErrorResultIsNotAConn) {
  // err is result 1 of Dial: not a Conn, whatever its methods are called.
  auto A = analyze({Redigo}, "func f(addr string) {\n"
                             "\tconn, err := redis.Dial(\"tcp\", addr)\n"
                             "\t_ = conn\n"
                             "\terr.Do(\"KEYS\", \"*\")\n"
                             "}\n");
  expectNone(A);
}

TEST(GoSemanticTest, RedigoSendKeys) {
  auto A = analyze({Redigo}, "func f(conn redis.Conn) {\n"
                             "\tconn.Send(\"keys\", \"*\")\n"
                             "}\n");
  expectOneWithoutFix(A, "conn.Send(\"keys\", \"*\")");
}

TEST(GoSemanticTest, RedigoPoolGet) {
  auto A = analyze({Redigo}, "func f() {\n"
                             "\tpool := &redis.Pool{}\n"
                             "\tpool.Get().Do(\"KEYS\", \"*\")\n"
                             "}\n");
  expectOneWithoutFix(A, "pool.Get().Do(\"KEYS\", \"*\")");
}

//===-- Negatives ---------------------------------------------------------===//

TEST(GoSemanticTest, ScanIsNotReported) {
  expectNone(analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                                "\trdb := redis.NewClient(nil)\n"
                                "\trdb.Scan(ctx, 0, \"*\", 10)\n"
                                "}\n"));
}

TEST(GoSemanticTest, KeysOnAnotherPackagesTypeIsNotReported) {
  expectNone(analyze({Ctx, V9, "\"example.com/other\""},
                     "func f(ctx context.Context) {\n"
                     "\tx := other.New()\n"
                     "\tx.Keys(ctx, \"*\")\n"
                     "\tvar m other.Map\n"
                     "\tm.Keys(ctx, \"*\")\n"
                     "}\n"));
}

TEST(GoSemanticTest, RedigoOtherCommandIsNotReported) {
  expectNone(analyze({Redigo}, "func f(conn redis.Conn) {\n"
                               "\tconn.Do(\"GET\", \"k\")\n"
                               "\tconn.Do(\"KEYSPACE\", \"k\")\n"
                               "}\n"));
}

TEST(GoSemanticTest, RedigoFormOnGoRedisClientIsNotReported) {
  expectNone(analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                                "\trdb := redis.NewClient(nil)\n"
                                "\trdb.Do(\"KEYS\", \"*\")\n"
                                "}\n"));
}

TEST(GoSemanticTest, GoRedisFormOnRedigoConnIsNotReported) {
  expectNone(analyze({Ctx, Redigo},
                     "func f(ctx context.Context) {\n"
                     "\tconn, _ := redis.Dial(\"tcp\", \":6379\")\n"
                     "\tconn.Do(ctx, \"KEYS\", \"*\")\n"
                     "}\n"));
}

TEST(GoSemanticTest, LocalVariableShadowingThePackageIsNotReported) {
  // `redis` is a parameter here, so redis.NewClient is its method, not the
  // library constructor.
  expectNone(analyze({Ctx, V9}, "type Fake struct{}\n"
                                "func f(ctx context.Context, redis *Fake) {\n"
                                "\trdb := redis.NewClient(nil)\n"
                                "\trdb.Keys(ctx, \"*\")\n"
                                "}\n"));
  expectNone(analyze({Ctx, V9, "\"example.com/other\""},
                     "func f(ctx context.Context) {\n"
                     "\tredis := other.New()\n"
                     "\trdb := redis.NewClient(nil)\n"
                     "\trdb.Keys(ctx, \"*\")\n"
                     "}\n"));
}

TEST(GoSemanticTest, ShadowingIsScopedToItsFunction) {
  auto A = analyze({Ctx, V9}, "func g(redis int) {}\n"
                              "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(nil)\n"
                              "\trdb.Keys(ctx, \"*\")\n"
                              "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest,
     BlockLocalRedeclarationAfterTheUseDoesNotHideTheParameter) {
  auto A =
      analyze({Ctx, V9}, "func f(ctx context.Context, rdb *redis.Client) {\n"
                         "\trdb.Keys(ctx, \"*\")\n"
                         "\tif true {\n"
                         "\t\trdb := 1\n"
                         "\t\t_ = rdb\n"
                         "\t}\n"
                         "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, ClientCreatedInAClosure) {
  auto A = analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                              "\tgo func() {\n"
                              "\t\trdb := redis.NewClient(nil)\n"
                              "\t\trdb.Keys(ctx, \"*\")\n"
                              "\t}()\n"
                              "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

// In Go a local's scope starts after its declaration: a later `redis := 1`
// does not shadow the package at an earlier use.
TEST(GoSemanticTest, PackageShadowedOnlyAfterTheUse) {
  auto A = analyze({Ctx, V9}, "func f(ctx context.Context) {\n"
                              "\trdb := redis.NewClient(nil)\n"
                              "\trdb.Keys(ctx, \"*\")\n"
                              "\tredis := 1\n"
                              "\t_ = redis\n"
                              "}\n");
  expectOneWithoutFix(A, "rdb.Keys(ctx, \"*\")");
}

TEST(GoSemanticTest, UnimportedPackageIsNotReported) {
  // Without the import, `redis` could be anything.
  expectNone(analyze({Ctx}, "func f(ctx context.Context) {\n"
                            "\trdb := redis.NewClient(nil)\n"
                            "\trdb.Keys(ctx, \"*\")\n"
                            "}\n"));
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

TEST(GoSemanticTest, CanonicalImportPathFollowsRenamedModules) {
  EXPECT_EQ(go::canonicalImportPath("github.com/go-redis/redis/v8"),
            "github.com/redis/go-redis");
  EXPECT_EQ(go::canonicalImportPath("github.com/go-redis/redis"),
            "github.com/redis/go-redis");
  EXPECT_EQ(go::canonicalImportPath("github.com/garyburd/redigo/redis"),
            "github.com/gomodule/redigo/redis");
  EXPECT_EQ(go::canonicalImportPath("github.com/gomodule/redigo/redis"),
            "github.com/gomodule/redigo/redis");
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

//===-- Contexts in scope, seen through exec.Command's fix ----------------===//

/// The text exec.Command's fix puts in place of `exec.Command(`, or "" when
/// there is no context in scope (and so no fix).
std::string commandFix(const std::vector<std::string> &Imports,
                       const std::string &Body) {
  Analysis A = analyze(Imports, Body);
  for (const Finding &F : A.Result.Findings)
    if (F.RuleId == "wait-without-timeout")
      return F.FixIt ? F.FixIt->Edits.at(0).NewText : "";
  ADD_FAILURE() << "no finding in\n" << A.Code;
  return "";
}

const std::string Exec = "\"os/exec\"", Time = "\"time\"";

TEST(GoSemanticTest, ContextInScopePrefersTheLatestContextLocal) {
  EXPECT_EQ(
      commandFix({Ctx, Exec, Time},
                 "func f(ctx context.Context) {\n"
                 "\ttctx, cancel := context.WithTimeout(ctx, time.Second)\n"
                 "\tdefer cancel()\n"
                 "\texec.Command(\"x\").Run()\n"
                 "}\n"),
      "exec.CommandContext(tctx, ");
}

TEST(GoSemanticTest, ContextInScopeSkipsInnerBlocksAndBackground) {
  EXPECT_EQ(commandFix({Ctx, Exec}, "func f() {\n"
                                    "\tif true {\n"
                                    "\t\tctx := context.WithValue(nil, 1, 2)\n"
                                    "\t\t_ = ctx\n"
                                    "\t}\n"
                                    "\tbg := context.Background()\n"
                                    "\t_ = bg\n"
                                    "\texec.Command(\"x\").Run()\n"
                                    "}\n"),
            "");
}

TEST(GoSemanticTest, ContextInScopeFromAnOuterFunctionOrARequest) {
  EXPECT_EQ(commandFix({Ctx, Exec},
                       "func f(c context.Context) {\n"
                       "\tgo func() { exec.Command(\"x\").Run() }()\n"
                       "}\n"),
            "exec.CommandContext(c, ");
  EXPECT_EQ(commandFix({Exec, "web \"net/http\""},
                       "func h(w web.ResponseWriter, req *web.Request) {\n"
                       "\texec.Command(\"x\").Run()\n"
                       "}\n"),
            "exec.CommandContext(req.Context(), ");
  EXPECT_EQ(commandFix({Exec, "\"github.com/labstack/echo/v4\""},
                       "func h(c echo.Context) error {\n"
                       "\treturn exec.Command(\"x\").Run()\n"
                       "}\n"),
            "exec.CommandContext(c.Request().Context(), ");
  // Not a handler: a ResponseWriter alone gives no request context.
  EXPECT_EQ(commandFix({Exec, "\"net/http\""},
                       "func h(w http.ResponseWriter) {\n"
                       "\texec.Command(\"x\").Run()\n"
                       "}\n"),
            "");
}

TEST(GoSemanticTest, PackageVariablesComeFromTheKnowledgeBase) {
  const auto &KB = knowledge::KnowledgeBase::builtin(Language::Go);
  EXPECT_EQ(KB.attributeType("net/http", "DefaultClient"), "net/http.Client");
  EXPECT_EQ(KB.attributeType("net/http", "Get"), std::nullopt);
}

} // namespace
