// Both orders in one translation unit: the CLI and the plugin agree.
// RUN: not %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
#include <mutex>

class Pair {
public:
  void forward() {
    std::lock_guard<std::mutex> a(a_);
    std::unique_lock<std::mutex> b(b_);
    ++n_;
  }

  void backward() {
    std::lock_guard<std::mutex> b(b_);
    std::lock_guard<std::mutex> a(a_);
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: lock 'Pair::b_' is held across acquiring lock 'Pair::a_'; elsewhere they are taken in the opposite order, which can deadlock; take locks in one global order [{{(hazard-)?}}lock-held-across-call]
    // CHECK-MESSAGES: :[[@LINE-8]]:36: note: lock 'Pair::b_' is acquired here while 'Pair::a_' is held
    --n_;
  }

  // Locals have no stable name: no order is recorded.
  void locals() {
    std::mutex x, y;
    {
      std::lock_guard<std::mutex> lx(x);
      std::lock_guard<std::mutex> ly(y);
    }
    std::lock_guard<std::mutex> ly(y);
    std::lock_guard<std::mutex> lx(x);
  }

private:
  std::mutex a_, b_;
  int n_ = 0;
};
