// The CLI and the clang-tidy plugin run the same check: same messages, same fixes.
// RUN: not %hazardlint check %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="fire-and-forget]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="fire-and-forget]"
//
// RUN: cp %s %t.cli.cpp
// RUN: not %hazardlint check --fix --select fire-and-forget %t.cli.cpp -- -std=c++20
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.cli.cpp
// RUN: %clangxx -fsyntax-only -std=c++20 -I%shim_include %t.cli.cpp
// RUN: cp %t.cli.cpp %t.cli.once.cpp
// RUN: not %hazardlint check --fix --select fire-and-forget %t.cli.cpp -- -std=c++20 -I%shim_include
// RUN: diff %t.cli.once.cpp %t.cli.cpp
//
// RUN: cp %s %t.tidy.cpp
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' --fix %t.tidy.cpp -- -std=c++20
// RUN: diff %t.cli.once.cpp %t.tidy.cpp

#include <future>
#include <pthread.h>
#include <thread>
#include <utility>
#include <vector>
// CHECK-FIXES: #include <future>
// CHECK-FIXES-NEXT: #include <hazard/task_registry.h>

// Boost is not installed: just enough of boost::asio to call co_spawn.
namespace boost::asio {
struct detached_t {};
inline constexpr detached_t detached;
struct io_context {};
template <class Executor, class Awaitable, class Token>
void co_spawn(Executor &, Awaitable &&, Token) {}
} // namespace boost::asio

void flush(int);

struct Worker {
  std::thread thread_;
  void start() {
    thread_ = std::thread(flush, 1);
    thread_.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread 'thread_' is dropped; detach() leaves it running with no owner: nothing joins it at shutdown, it can outlive what it uses, and its failures go unseen; hand it to hazard::TaskRegistry, or keep it and join it [{{(hazard-)?}}fire-and-forget]
    // CHECK-FIXES: hazard::TaskRegistry::global().adopt(std::move(thread_));
  }
};

void threads(int n) {
  std::thread t(flush, n);
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 't' is dropped; detach(){{.*}}fire-and-forget]
  // CHECK-FIXES: hazard::TaskRegistry::global().adopt(std::move(t));
  std::thread(flush, n).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: a std::thread is dropped; detach(){{.*}}fire-and-forget]
  // CHECK-FIXES: hazard::TaskRegistry::global().spawn(flush, n);
  std::thread([n] {
    flush(n);
  }).detach();
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: a std::thread is dropped{{.*}}fire-and-forget]
  // CHECK-FIXES: hazard::TaskRegistry::global().spawn([n] {
  // CHECK-FIXES-NEXT: flush(n);
  // CHECK-FIXES-NEXT: });
  std::thread *p = new std::thread(flush, n);
  p->detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 'p' is dropped{{.*}}fire-and-forget]
  // CHECK-FIXES: hazard::TaskRegistry::global().adopt(std::move(*p));
  delete p;
}

void *run(void *);

void posix() {
  pthread_t tid;
  pthread_create(&tid, nullptr, run, nullptr);
  pthread_detach(tid);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 'tid' is dropped; pthread_detach() leaves it running with no owner{{.*}}fire-and-forget]
}

int compute();

void asyncs() {
  std::async(std::launch::async, compute);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the future of 'std::async' is dropped; its destructor blocks until the task finishes, so this call runs synchronously; keep the future and wait for it with a timeout [{{(hazard-)?}}fire-and-forget]
  (void)std::async([] { return compute(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the future of 'std::async'{{.*}}fire-and-forget]
  // Kept futures are fine.
  auto kept = std::async(std::launch::async, compute);
  std::vector<std::future<int>> all;
  all.push_back(std::async(std::launch::async, compute));
  kept.get();
}

struct Task {};
Task session();
struct use_awaitable_t {};

void spawn(boost::asio::io_context &io) {
  boost::asio::co_spawn(io, session(), boost::asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the coroutine started by 'co_spawn(..., detached)' is dropped; 'detached' discards its exception{{.*}}fire-and-forget]
  boost::asio::co_spawn(io, session(), [](std::exception_ptr) {});
}

// Negatives: jthread, joined threads, detach() on other classes.
struct Job {
  void detach();
};
void negatives(Job &job) {
  std::jthread worker(flush, 1);
  std::thread t(flush, 2);
  t.join();
  job.detach();
}
