//===- ScriptedRespServer.h - Canned replies for one client -----*- C++ -*-===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//
//
// The shim is tested against a real redis-server. This double exists only for
// what a real server cannot be made to do on demand: return a key on two SCAN
// pages (Redis does so only when its hash table resizes mid-scan), fail on a
// later page, or drop the connection between pages.
//
//===----------------------------------------------------------------------===//

#ifndef HAZARDLINT_TEST_SHIM_SCRIPTEDRESPSERVER_H
#define HAZARDLINT_TEST_SHIM_SCRIPTEDRESPSERVER_H

#include <string>
#include <thread>
#include <vector>

namespace hazard::test {

/// Listens on a free 127.0.0.1 port, accepts one client, answers its
/// commands with \p Replies (raw RESP) in order, recording each command, and
/// closes the connection after the last reply.
class ScriptedRespServer {
public:
  explicit ScriptedRespServer(std::vector<std::string> Replies);
  ~ScriptedRespServer();
  ScriptedRespServer(const ScriptedRespServer &) = delete;
  ScriptedRespServer &operator=(const ScriptedRespServer &) = delete;

  /// -1 if the listening socket could not be set up.
  int port() const { return Port; }

  /// Waits for the conversation to end and returns the commands received,
  /// each as its argument vector.
  const std::vector<std::vector<std::string>> &receivedCommands();

  /// RESP for a SCAN reply: [cursor, [keys...]].
  static std::string scanPage(const std::string &Cursor,
                              const std::vector<std::string> &Keys);

private:
  void serve();

  int ListenFd = -1;
  int Port = -1;
  std::vector<std::string> Replies;
  std::vector<std::vector<std::string>> Received;
  std::thread Worker;
};

} // namespace hazard::test

#endif // HAZARDLINT_TEST_SHIM_SCRIPTEDRESPSERVER_H
