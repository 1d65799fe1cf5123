// The blocking-functions option, from .clang-tidy CheckOptions in the plugin
// and from .hazardlint.toml in the CLI.
// RUN: rm -rf %t.d && mkdir -p %t.d && cp %s %t.d/options.cpp
// Without the option, rpc::call is not known to block.
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %t.d/options.cpp -- -std=c++17 2>&1 | FileCheck %s --allow-empty --check-prefix=CHECK-DEFAULT --implicit-check-not="lock-held-across-call]"
// RUN: printf 'CheckOptions:\n  hazard-lock-held-across-call.blocking-functions: "rpc::call, ::rpc::Client::fetch"\n' > %t.d/.clang-tidy
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %t.d/options.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
// RUN: printf '[options.lock-held-across-call]\nblocking-functions = "rpc::call, ::rpc::Client::fetch"\n' > %t.d/.hazardlint.toml
// RUN: not %hazardlint check %t.d/options.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
#include <mutex>
#include <string>

namespace rpc {
std::string call(const std::string &method);
struct Client {
  std::string fetch(const std::string &key);
};
} // namespace rpc

class Catalog {
public:
  void reload(rpc::Client &client) {
    std::lock_guard<std::mutex> guard(mu_);
    names_ = rpc::call("list");
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: mutex 'Catalog::mu_' is held across blocking call 'rpc::call'{{.*}}lock-held-across-call]
    names_ += client.fetch("extra");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: mutex 'Catalog::mu_' is held across blocking call 'rpc::Client::fetch'{{.*}}lock-held-across-call]
  }

private:
  std::mutex mu_;
  std::string names_;
};

// CHECK-DEFAULT-NOT: warning
