// Stand-in for protoc-generated inventory.grpc.pb.h.
#pragma once
#include <grpcpp/grpcpp.h>
#include <memory>
#include <string>

namespace inventory {
struct StockRequest {
  std::string sku;
};
struct StockReply {
  int available = 0;
};
struct ReserveRequest {
  std::string sku;
  int quantity = 0;
};
struct ReserveReply {
  bool reserved = false;
};

class Inventory {
public:
  class StubInterface {
  public:
    virtual ~StubInterface() = default;
    virtual grpc::Status GetStock(grpc::ClientContext *context,
                                  const StockRequest &request,
                                  StockReply *response) = 0;
    virtual grpc::Status Reserve(grpc::ClientContext *context,
                                 const ReserveRequest &request,
                                 ReserveReply *response) = 0;
  };
  class Stub final : public StubInterface {
  public:
    grpc::Status GetStock(grpc::ClientContext *context,
                          const StockRequest &request,
                          StockReply *response) override;
    grpc::Status Reserve(grpc::ClientContext *context,
                         const ReserveRequest &request,
                         ReserveReply *response) override;
  };
  static std::unique_ptr<Stub>
  NewStub(const std::shared_ptr<grpc::Channel> &channel);
};
} // namespace inventory
