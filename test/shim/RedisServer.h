//===- RedisServer.h - A throwaway redis-server for tests -------*- C++ -*-===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//

#ifndef HAZARDLINT_TEST_SHIM_REDISSERVER_H
#define HAZARDLINT_TEST_SHIM_REDISSERVER_H

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <sys/types.h>

namespace hazard::test {

/// A real redis-server child process on a free 127.0.0.1 port, with
/// persistence off and its files in a private temporary directory. Stopped
/// (SIGTERM, then SIGKILL) and reaped on destruction.
class RedisServer {
public:
  /// Starts a server and waits (at most 10 s) until it answers PING. Returns
  /// nullptr and explains why in \p Error when it cannot, including when no
  /// redis-server binary is installed.
  static std::unique_ptr<RedisServer> start(std::string &Error);

  ~RedisServer();
  RedisServer(const RedisServer &) = delete;
  RedisServer &operator=(const RedisServer &) = delete;

  int port() const { return Port; }

  /// A new blocking connection; the caller owns it (redisFree).
  redisContext *connect() const;

private:
  RedisServer(pid_t Pid, int Port, std::string Dir)
      : Pid(Pid), Port(Port), Dir(std::move(Dir)) {}

  pid_t Pid;
  int Port;
  std::string Dir; // Working directory and log of the server.
};

/// A 127.0.0.1 TCP port that was free a moment ago: bound to port 0 to let
/// the kernel choose, read back, released. -1 if no socket could be bound.
int pickFreeLoopbackPort();

} // namespace hazard::test

#endif // HAZARDLINT_TEST_SHIM_REDISSERVER_H
