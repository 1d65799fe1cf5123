// Minimal stand-in for gRPC's <grpcpp/grpcpp.h> and a generated stub.
#ifndef GRPCPP_GRPCPP_H
#define GRPCPP_GRPCPP_H
#include <chrono>
namespace grpc {
class Status {
public:
  bool ok() const { return true; }
};
class ClientContext {
public:
  void set_deadline(std::chrono::system_clock::time_point) {}
  void TryCancel() {}
};
} // namespace grpc
namespace helloworld {
struct HelloRequest {};
struct HelloReply {};
class Greeter {
public:
  class Stub {
  public:
    ::grpc::Status SayHello(::grpc::ClientContext *context,
                            const HelloRequest &request, HelloReply *response);
  };
};
} // namespace helloworld
#endif
