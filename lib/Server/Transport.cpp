#include "Server/Transport.h"

#include "llvm/ADT/StringRef.h"

namespace hazard::server {

/// One header line without its CRLF (a bare LF is accepted too); false at
/// end of input before any byte.
static bool readLine(std::FILE *In, std::string &Line) {
  Line.clear();
  for (int C; (C = std::fgetc(In)) != EOF;) {
    if (C == '\n') {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    Line.push_back(static_cast<char>(C));
    if (Line.size() > 4096)
      return true; // not a header; reported by the caller
  }
  return !Line.empty();
}

Transport::Status Transport::read(nlohmann::json &Message, std::string &Error) {
  std::string Line;
  bool HaveLength = false;
  unsigned long long Length = 0;
  bool AnyHeader = false;
  while (true) {
    if (!readLine(In, Line)) {
      if (!AnyHeader)
        return Status::EndOfInput;
      Error = "input ended inside a message header";
      return Status::BadHeader;
    }
    if (Line.empty()) {
      if (!AnyHeader)
        continue; // tolerate blank lines between messages
      break;
    }
    AnyHeader = true;
    auto [Name, Value] = llvm::StringRef(Line).split(':');
    if (Value.data() == nullptr || Name.size() == Line.size()) {
      Error = "malformed header line '" + Line.substr(0, 80) + "'";
      return Status::BadHeader;
    }
    if (Name.trim().equals_insensitive("content-length")) {
      if (Value.trim().getAsInteger(10, Length)) {
        Error = "Content-Length is not a number: '" + Value.trim().str() + "'";
        return Status::BadHeader;
      }
      HaveLength = true;
    }
  }
  if (!HaveLength) {
    Error = "message without a Content-Length header";
    return Status::BadHeader;
  }
  if (Length > (1ull << 30)) {
    Error = "Content-Length " + std::to_string(Length) + " is too large";
    return Status::BadHeader;
  }
  std::string Body(Length, '\0');
  if (Length && std::fread(Body.data(), 1, Length, In) != Length) {
    Error =
        "input ended inside a message of " + std::to_string(Length) + " bytes";
    return Status::BadHeader;
  }
  Message = nlohmann::json::parse(Body, nullptr, /*allow_exceptions=*/false);
  if (Message.is_discarded()) {
    Error = "message is not JSON";
    return Status::BadJson;
  }
  return Status::Message;
}

void Transport::send(const nlohmann::json &Message) {
  // Invalid UTF-8 in source text must not stop the server.
  std::string Body =
      Message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> Lock(WriteMutex);
  std::fprintf(Out, "Content-Length: %zu\r\n\r\n", Body.size());
  std::fwrite(Body.data(), 1, Body.size(), Out);
  std::fflush(Out);
}

} // namespace hazard::server
