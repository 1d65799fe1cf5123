// In C the check reports, but offers no fix: the shim is C++.
// RUN: not %hazardlint check %s -- 2>&1 | FileCheck %s --implicit-check-not="[redis-keys]"
// RUN: cp %s %t.c
// RUN: not %hazardlint check --fix --unsafe-fixes %t.c --
// RUN: diff %s %t.c
#include <hiredis/hiredis.h>
#include <stddef.h>

void purge(redisContext *c) {
  redisReply *reply = redisCommand(c, "KEYS %s", "tmp:*");
  // CHECK: :[[@LINE-1]]:23: warning: Redis KEYS on 'c' blocks the server while it walks every key; iterate with SCAN (hazard::scan_keys) instead [redis-keys]
  freeReplyObject(reply);
  freeReplyObject(redisCommand(c, "SCAN %d", 0));
}
