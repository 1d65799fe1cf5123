//===- ScriptedRespServer.cpp - Canned RESP replies for one client --------===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//

#include "ScriptedRespServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hazard::test {
namespace {

// Bounds every wait, so a test that never connects cannot hang the suite.
constexpr int kIoTimeoutMs = 10000;

bool waitReadable(int Fd) {
  pollfd Poll{Fd, POLLIN, 0};
  return poll(&Poll, 1, kIoTimeoutMs) == 1;
}

/// Parses "<Marker><number>\r\n" at \p Pos; advances Pos past it.
std::optional<long> takeNumberLine(const std::string &Buffer, std::size_t &Pos,
                                   char Marker) {
  if (Pos >= Buffer.size() || Buffer[Pos] != Marker)
    return std::nullopt;
  std::size_t End = Buffer.find("\r\n", Pos);
  if (End == std::string::npos)
    return std::nullopt;
  long Number = std::stol(Buffer.substr(Pos + 1, End - Pos - 1));
  Pos = End + 2;
  return Number;
}

/// Removes one complete RESP command (an array of bulk strings, which is all
/// hiredis sends) from the front of \p Buffer; nullopt if more bytes are due.
std::optional<std::vector<std::string>> takeCommand(std::string &Buffer) {
  std::size_t Pos = 0;
  std::optional<long> Count = takeNumberLine(Buffer, Pos, '*');
  if (!Count)
    return std::nullopt;
  std::vector<std::string> Args;
  for (long I = 0; I != *Count; ++I) {
    std::optional<long> Length = takeNumberLine(Buffer, Pos, '$');
    if (!Length || Buffer.size() < Pos + *Length + 2)
      return std::nullopt;
    Args.push_back(Buffer.substr(Pos, *Length));
    Pos += *Length + 2;
  }
  Buffer.erase(0, Pos);
  return Args;
}

} // namespace

ScriptedRespServer::ScriptedRespServer(std::vector<std::string> Replies)
    : Replies(std::move(Replies)) {
  ListenFd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in Addr{};
  Addr.sin_family = AF_INET;
  Addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t Len = sizeof(Addr);
  if (ListenFd < 0 ||
      bind(ListenFd, reinterpret_cast<sockaddr *>(&Addr), sizeof(Addr)) != 0 ||
      listen(ListenFd, 1) != 0 ||
      getsockname(ListenFd, reinterpret_cast<sockaddr *>(&Addr), &Len) != 0)
    return;
  Port = ntohs(Addr.sin_port);
  Worker = std::thread([this] { serve(); });
}

ScriptedRespServer::~ScriptedRespServer() {
  if (Worker.joinable())
    Worker.join();
  if (ListenFd >= 0)
    close(ListenFd);
}

const std::vector<std::vector<std::string>> &
ScriptedRespServer::receivedCommands() {
  if (Worker.joinable())
    Worker.join();
  return Received;
}

void ScriptedRespServer::serve() {
  if (!waitReadable(ListenFd))
    return;
  int Client = accept4(ListenFd, nullptr, nullptr, SOCK_CLOEXEC);
  if (Client < 0)
    return;
  std::string Buffer;
  for (const std::string &Reply : Replies) {
    std::optional<std::vector<std::string>> Command;
    while (!(Command = takeCommand(Buffer))) {
      char Chunk[4096];
      ssize_t Got =
          waitReadable(Client) ? read(Client, Chunk, sizeof(Chunk)) : 0;
      if (Got <= 0) {
        close(Client);
        return;
      }
      Buffer.append(Chunk, Got);
    }
    Received.push_back(std::move(*Command));
    if (write(Client, Reply.data(), Reply.size()) !=
        static_cast<ssize_t>(Reply.size()))
      break;
  }
  close(Client);
}

std::string ScriptedRespServer::scanPage(const std::string &Cursor,
                                         const std::vector<std::string> &Keys) {
  auto Bulk = [](const std::string &Text) {
    return "$" + std::to_string(Text.size()) + "\r\n" + Text + "\r\n";
  };
  std::string Page =
      "*2\r\n" + Bulk(Cursor) + "*" + std::to_string(Keys.size()) + "\r\n";
  for (const std::string &Key : Keys)
    Page += Bulk(Key);
  return Page;
}

} // namespace hazard::test
