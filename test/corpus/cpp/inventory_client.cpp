// gRPC client of the inventory service, used by the checkout service.
#include "inventory.grpc.pb.h"

#include <chrono>
#include <memory>
#include <string>

namespace checkout {

class InventoryClient {
public:
  explicit InventoryClient(const std::string &target)
      : stub_(inventory::Inventory::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))) {} // ok: connection-per-call

  int available(const std::string &sku) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    inventory::StockRequest req{sku};
    inventory::StockReply reply;
    grpc::Status status = stub_->GetStock(&ctx, req, &reply); // ok: wait-without-timeout
    return status.ok() ? reply.available : -1;
  }

  bool reserve(const std::string &sku, int quantity) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-request-source", "checkout");
    inventory::ReserveRequest req{sku, quantity};
    inventory::ReserveReply reply;
    grpc::Status status = stub_->Reserve(&ctx, req, &reply); // expect: wait-without-timeout
    return status.ok() && reply.reserved;
  }

private:
  std::unique_ptr<inventory::Inventory::Stub> stub_;
};

// Builds a channel for each lookup and never sets a deadline.
int handleStockRequest(const std::string &target, const std::string &sku) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials()); // expect: connection-per-call
  auto stub = inventory::Inventory::NewStub(channel);
  grpc::ClientContext ctx;
  inventory::StockRequest req{sku};
  inventory::StockReply reply;
  grpc::Status status = stub->GetStock(&ctx, req, &reply); // expect: wait-without-timeout
  return status.ok() ? reply.available : -1;
}

} // namespace checkout
