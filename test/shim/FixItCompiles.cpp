//===- FixItCompiles.cpp - The redis-keys fix-it's output, verbatim -------===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//
//
// Code exactly as hazardlint's redis-keys fix-it leaves it, so a change to the
// shim that breaks fixed user code breaks this build. Compiled with -Werror.
// ScanKeysTest.cpp runs these against the real server.
//
//===----------------------------------------------------------------------===//

#include <hazard/scan_keys.h>

// Was: static_cast<redisReply *>(redisCommand(ctx, "KEYS %s", service))
redisReply *fixedKeysWithPattern(redisContext *ctx, const char *service) {
  auto *reply = static_cast<redisReply *>(hazard::scan_keys(ctx, service));
  return reply;
}

// Was: void *raw = redisCommand(ctx, "KEYS");
void *fixedKeysWithoutPattern(redisContext *ctx) {
  void *raw = hazard::scan_keys(ctx, "*");
  return raw;
}
