// The CLI and the clang-tidy plugin run the same check: same messages.
// RUN: not %hazardlint check %s -- -std=c++20 -I%S/../wait-without-timeout/Inputs 2>&1 | FileCheck %s --implicit-check-not="blocking-in-async]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++20 -I%S/../wait-without-timeout/Inputs 2>&1 | FileCheck %s --implicit-check-not="blocking-in-async]"

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <curl/curl.h>
#include <future>
#include <hiredis/hiredis.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

// A minimal coroutine type: boost::asio::awaitable is not installed.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct Timer {
  bool await_ready() { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

namespace service {
Task handle(int fd, std::future<int> &result, std::condition_variable &cv,
            std::mutex &mu, redisContext *redis, CURL *curl) {
  co_await Timer{};
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'std::this_thread::sleep_for' inside coroutine 'service::handle' stalls the event loop; co_await a timer (e.g. steady_timer::async_wait) instead [{{(hazard-)?}}blocking-in-async]
  usleep(100);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'usleep' inside coroutine 'service::handle'{{.*}}blocking-in-async]
  char buf[16];
  read(fd, buf, sizeof buf);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'read' inside coroutine 'service::handle' stalls the event loop; use the executor's asynchronous I/O (async_read/async_write) instead [{{(hazard-)?}}blocking-in-async]
  recv(fd, buf, sizeof buf, 0);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'recv'{{.*}}blocking-in-async]
  fsync(fd);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'fsync'{{.*}}blocking-in-async]
  int v = result.get();
  // CHECK: :[[@LINE-1]]:11: warning: blocking call 'std::future::get' inside coroutine 'service::handle' stalls the event loop; co_await the result instead of blocking on it [{{(hazard-)?}}blocking-in-async]
  std::unique_lock<std::mutex> lock(mu);
  cv.wait_for(lock, std::chrono::seconds(1));
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'std::condition_variable::wait_for'{{.*}}blocking-in-async]
  freeReplyObject(redisCommand(redis, "GET k%d", v));
  // CHECK: :[[@LINE-1]]:19: warning: blocking call 'redisCommand'{{.*}}blocking-in-async]
  curl_easy_perform(curl);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call 'curl_easy_perform'{{.*}}blocking-in-async]
  // A plain lambda runs wherever it is called (e.g. a thread pool).
  auto offloaded = [fd] { sleep(1); };
  offloaded();
  co_return;
}
} // namespace service

struct Session {
  Task run() {
    co_await Timer{};
    sleep(1);
    // CHECK: :[[@LINE-1]]:5: warning: blocking call 'sleep' inside coroutine 'Session::run'{{.*}}blocking-in-async]
  }
};

void lambdas() {
  auto coro = []() -> Task {
    co_await Timer{};
    std::this_thread::sleep_until(std::chrono::steady_clock::now());
    // CHECK: :[[@LINE-1]]:5: warning: blocking call 'std::this_thread::sleep_until' inside coroutine lambda{{.*}}blocking-in-async]
  };
  coro();
}

// Ordinary functions may block.
void ordinary(int fd, std::future<int> &f) {
  sleep(1);
  char buf[4];
  read(fd, buf, 4);
  f.get();
}

// Methods named read/get/wait on unrelated classes, inside a coroutine.
struct Stream {
  int read(char *, int);
  int get();
  void wait();
};
Task unrelated(Stream &s) {
  char buf[4];
  s.read(buf, 4);
  s.get();
  s.wait();
  co_return;
}
