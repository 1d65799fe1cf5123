// The CLI and the clang-tidy plugin run the same check: same messages, same fixes.
// RUN: not %hazardlint check %s -- -std=c++17 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="redis-keys]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="redis-keys]"
//
// RUN: cp %s %t.cli.cpp
// RUN: not %hazardlint check --fix %t.cli.cpp -- -std=c++17 -I%S/Inputs -I%shim_include
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.cli.cpp
// RUN: %clangxx -fsyntax-only -std=c++17 -I%S/Inputs -I%shim_include %t.cli.cpp
// RUN: cp %t.cli.cpp %t.cli.once.cpp
// RUN: not %hazardlint check --fix %t.cli.cpp -- -std=c++17 -I%S/Inputs -I%shim_include
// RUN: diff %t.cli.once.cpp %t.cli.cpp
//
// RUN: cp %s %t.tidy.cpp
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' --fix %t.tidy.cpp -- -std=c++17 -I%S/Inputs
// RUN: diff %t.cli.once.cpp %t.tidy.cpp

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <sw/redis++/redis++.h>
#include <iterator>
#include <string>
#include <vector>
// CHECK-FIXES: #include <hazard/scan_keys.h>
// CHECK-FIXES-NEXT: #include <hiredis/async.h>

void formats(redisContext *ctx, const std::string &service) {
  auto *all = static_cast<redisReply *>(redisCommand(ctx, "KEYS %s", service.c_str()));
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: Redis KEYS on 'ctx' blocks the server while it walks every key; iterate with SCAN (hazard::scan_keys) instead [{{(hazard-)?}}redis-keys]
  // CHECK-FIXES: auto *all = static_cast<redisReply *>(hazard::scan_keys(ctx, service.c_str()));
  freeReplyObject(all);
  void *literal = redisCommand(ctx, "keys user:*");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Redis KEYS on 'ctx'{{.*}}redis-keys]
  // CHECK-FIXES: void *literal = hazard::scan_keys(ctx, "user:*");
  freeReplyObject(literal);
  freeReplyObject(redisCommand(ctx, "KEYS"));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Redis KEYS on 'ctx'{{.*}}redis-keys]
  // CHECK-FIXES: freeReplyObject(hazard::scan_keys(ctx, "*"));
  // A shape with more arguments is reported, not rewritten.
  freeReplyObject(redisCommand(ctx, "KEYS %s:%s", "a", "b"));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Redis KEYS on 'ctx'{{.*}}redis-keys]
  // CHECK-FIXES: freeReplyObject(redisCommand(ctx, "KEYS %s:%s", "a", "b"));
  redisAppendCommand(ctx, "KEYS *");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Redis KEYS on 'ctx'{{.*}}redis-keys]
}

void onReply(redisAsyncContext *, void *, void *);

void async(redisAsyncContext *ac) {
  redisAsyncCommand(ac, onReply, nullptr, "KEYS session:*");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Redis KEYS on 'ac'{{.*}}redis-keys]
}

void argv(redisContext *ctx) {
  const char *args[] = {"KEYS", "*"};
  size_t lens[] = {4, 1};
  freeReplyObject(redisCommandArgv(ctx, 2, args, lens));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: Redis KEYS on 'ctx'{{.*}}redis-keys]
}

void plusplus(sw::redis::Redis &redis, sw::redis::Redis *shared) {
  std::vector<std::string> out;
  redis.keys("user:*", std::back_inserter(out));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Redis KEYS on 'redis'{{.*}}redis-keys]
  // CHECK-FIXES: hazard::scan_keys(redis, "user:*", std::back_inserter(out));
  shared->keys("job:*", std::back_inserter(out));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: Redis KEYS on 'shared'{{.*}}redis-keys]
  // CHECK-FIXES: hazard::scan_keys(*shared, "job:*", std::back_inserter(out));
}

// Suppressions work in both front doors.
void suppressed(redisContext *ctx) {
  freeReplyObject(redisCommand(ctx, "KEYS *")); // NOLINT(hazard-redis-keys)
  // NOLINTNEXTLINE
  freeReplyObject(redisCommand(ctx, "KEYS *"));
  // NOLINTBEGIN(hazard-*)
  freeReplyObject(redisCommand(ctx, "KEYS a*"));
  freeReplyObject(redisCommand(ctx, "KEYS b*"));
  // NOLINTEND(hazard-*)
}

// Negatives: SCAN, other commands, other classes' keys(), look-alike names.
void negatives(redisContext *ctx, Catalog &catalog) {
  freeReplyObject(redisCommand(ctx, "SCAN 0 MATCH user:* COUNT 100"));
  freeReplyObject(redisCommand(ctx, "KEYSPACE"));
  freeReplyObject(redisCommand(ctx, "GET keys"));
  const char *args[] = {"SCAN", "0"};
  size_t lens[] = {4, 1};
  freeReplyObject(redisCommandArgv(ctx, 2, args, lens));
  std::vector<std::string> out;
  catalog.keys("*", std::back_inserter(out));
}
