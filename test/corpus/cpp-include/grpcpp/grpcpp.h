// Stand-in for <grpcpp/grpcpp.h>: the client-side types the corpus uses.
#pragma once
#include <chrono>
#include <memory>
#include <string>

namespace grpc {
class Status {
public:
  bool ok() const { return Ok; }
  std::string error_message() const { return {}; }

private:
  bool Ok = true;
};

class ClientContext {
public:
  template <class T> void set_deadline(const T &deadline) { (void)deadline; }
  void AddMetadata(const std::string &key, const std::string &value);
};

class ChannelCredentials {};
class Channel {};
std::shared_ptr<ChannelCredentials> InsecureChannelCredentials();
std::shared_ptr<Channel>
CreateChannel(const std::string &target,
              const std::shared_ptr<ChannelCredentials> &creds);
} // namespace grpc
