// A minimal stand-in for gRPC's header.
#pragma once
#include <memory>
#include <string>
namespace grpc {
class Channel {};
class ChannelCredentials {};
class ServerContext {};
std::shared_ptr<ChannelCredentials> InsecureChannelCredentials();
std::shared_ptr<Channel> CreateChannel(const std::string &target,
                                       const std::shared_ptr<ChannelCredentials> &creds);
} // namespace grpc
