//===- Transport.h - JSON-RPC 2.0 over a byte stream, LSP framing -*- C++
//-*-===//
//
// Each message is a header block (`Content-Length: N`, optionally
// `Content-Type`, each line ended by CRLF, then an empty line) and N bytes of
// JSON, as the Language Server Protocol's base protocol says.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_SERVER_TRANSPORT_H
#define HAZARDLINT_SERVER_TRANSPORT_H

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace hazard::server {

class Transport {
public:
  enum class Status { Message, EndOfInput, BadHeader, BadJson };

  Transport(std::FILE *In, std::FILE *Out) : In(In), Out(Out) {}

  /// Reads the next message into Message. BadHeader and BadJson say why one
  /// could not be read (Error has the details); reading may go on after
  /// BadJson, whose bytes were consumed, but not after BadHeader.
  Status read(nlohmann::json &Message, std::string &Error);
  /// Frames and writes Message; safe to call from any thread.
  void send(const nlohmann::json &Message);

private:
  std::FILE *In, *Out;
  std::mutex WriteMutex;
};

} // namespace hazard::server

#endif
