// Redis access for the presence service (hiredis and redis-plus-plus).
#include <hiredis/hiredis.h>
#include <sw/redis++/redis++.h>

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <sys/time.h>
#include <unordered_set>
#include <vector>

#include <hazard/scan_keys.h>

namespace presence {

struct Request {
  std::string user;
  std::string room;
};

// A product catalog with a keys() method of its own: not Redis.
class Catalog {
public:
  template <typename Output> void keys(const std::string &prefix, Output out) {
    for (const auto &name : names_)
      if (name.rfind(prefix, 0) == 0)
        *out++ = name;
  }

private:
  std::vector<std::string> names_;
};

class PresenceStore {
public:
  PresenceStore(const char *host, int port) {
    timeval timeout{1, 500000};
    ctx_ = redisConnectWithTimeout(host, port, timeout); // ok: wait-without-timeout
  }
  ~PresenceStore() { redisFree(ctx_); }

  std::vector<std::string> onlineUsers() {
    std::vector<std::string> users;
    auto *reply = static_cast<redisReply *>(redisCommand(ctx_, "KEYS presence:*")); // expect: redis-keys
    if (reply && reply->type == REDIS_REPLY_ARRAY)
      for (size_t i = 0; i != reply->elements; ++i)
        users.emplace_back(reply->element[i]->str, reply->element[i]->len);
    freeReplyObject(reply);
    return users;
  }

  std::vector<std::string> onlineUsersScanned() {
    std::vector<std::string> users;
    redisReply *reply = hazard::scan_keys(ctx_, "presence:*"); // ok: redis-keys
    if (reply && reply->type == REDIS_REPLY_ARRAY)
      for (size_t i = 0; i != reply->elements; ++i)
        users.emplace_back(reply->element[i]->str, reply->element[i]->len);
    freeReplyObject(reply);
    return users;
  }

  long long roomCursorPage(long long cursor) {
    auto *reply = static_cast<redisReply *>(redisCommand(ctx_, "SCAN %lld MATCH room:* COUNT 100", cursor)); // ok: redis-keys
    long long next = 0;
    if (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 2)
      next = std::strtoll(reply->element[0]->str, nullptr, 10);
    freeReplyObject(reply);
    return next;
  }

  void touch(const std::string &user) {
    freeReplyObject(redisCommand(ctx_, "SET presence:%s 1 EX 60", user.c_str())); // ok: redis-keys
  }

private:
  redisContext *ctx_ = nullptr;
};

// Opens a connection for every request it serves.
bool handleJoinRequest(const Request &req) {
  redisContext *c = redisConnect("presence-redis", 6379); // expect: wait-without-timeout, connection-per-call
  if (!c || c->err)
    return false;
  freeReplyObject(redisCommand(c, "SADD room:%s %s", req.room.c_str(), req.user.c_str()));
  redisFree(c);
  return true;
}

std::unique_ptr<redisContext, void (*)(redisContext *)> connectAdmin() {
  timeval timeout{2, 0};
  return {redisConnectWithTimeout("presence-redis", 6379, timeout), redisFree}; // ok: wait-without-timeout, connection-per-call
}

std::unordered_set<std::string> roomsWithPrefix(sw::redis::Redis &redis, const std::string &prefix) {
  std::unordered_set<std::string> rooms;
  redis.keys(prefix + "*", std::inserter(rooms, rooms.end())); // expect: redis-keys
  return rooms;
}

std::vector<std::string> catalogSection(Catalog &catalog, const std::string &prefix) {
  std::vector<std::string> names;
  catalog.keys(prefix, std::back_inserter(names)); // ok: redis-keys
  return names;
}

} // namespace presence
