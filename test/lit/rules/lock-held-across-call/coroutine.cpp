// co_await while a mutex is held.
// RUN: not %hazardlint check %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
#include <coroutine>
#include <mutex>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

struct Tick {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

class Session {
public:
  Task refresh() {
    std::lock_guard<std::mutex> guard(mu_);
    co_await Tick{};
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'Session::mu_' is held across 'co_await'; threads that need it wait until the coroutine resumes, maybe on another thread that cannot unlock it; release it before suspending [{{(hazard-)?}}lock-held-across-call]
    ++version_;
  }

  // Negative: the lock is released before suspending.
  Task refreshSafely() {
    {
      std::lock_guard<std::mutex> guard(mu_);
      ++version_;
    }
    co_await Tick{};
  }

private:
  std::mutex mu_;
  int version_ = 0;
};
