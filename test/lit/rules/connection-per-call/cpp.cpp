// RUN: not %hazardlint check %s -- -std=c++17 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="connection-per-call]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="connection-per-call]"
#include <curl/curl.h>
#include <grpcpp/grpcpp.h>
#include <hiredis/hiredis.h>
#include <string>

struct HttpRequest {
  std::string path;
};
struct HttpResponse {
  std::string body;
};

void handleGet(const HttpRequest &req, HttpResponse &resp) {
  redisContext *c = redisConnect("127.0.0.1", 6379);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'redisConnect' creates a new Redis connection on every call of 'handleGet'; create one long-lived client (a member set up in the constructor) and reuse it [{{(hazard-)?}}connection-per-call]
  redisFree(c);
}

class Api {
public:
  void Lookup(grpc::ServerContext *ctx, const HttpRequest *req) {
    auto channel = grpc::CreateChannel("backend:50051", grpc::InsecureChannelCredentials());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'grpc::CreateChannel' creates a new gRPC channel on every call of 'Lookup'{{.*}}connection-per-call]
  }

  void onRequestDone() {
    CURL *h = curl_easy_init();
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'curl_easy_init' creates a new curl handle (and its connection cache) on every call of 'onRequestDone'{{.*}}connection-per-call]
    curl_easy_cleanup(h);
  }

  // Negatives: set-up functions, constructors, cached clients.
  Api() { ctx_ = redisConnect("127.0.0.1", 6379); }

  void initClients() { curl_ = curl_easy_init(); }

  void handleCached(const HttpRequest &req) {
    static redisContext *shared = redisConnect("127.0.0.1", 6379);
    if (!ctx_)
      ctx_ = redisConnect("127.0.0.1", 6379);
  }

  void connectBackend(const HttpRequest &req) {
    channel_ = grpc::CreateChannel("backend:50051", grpc::InsecureChannelCredentials());
  }

private:
  redisContext *ctx_ = nullptr;
  CURL *curl_ = nullptr;
  std::shared_ptr<grpc::Channel> channel_;
};

// Not a per-request function.
void refreshInventory() {
  redisContext *c = redisConnect("127.0.0.1", 6379);
  redisFree(c);
}

int main() {
  redisContext *c = redisConnect("127.0.0.1", 6379);
  redisFree(c);
}
