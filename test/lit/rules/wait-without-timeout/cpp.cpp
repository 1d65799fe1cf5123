// The CLI and the clang-tidy plugin run the same check: same messages, same fixes.
// RUN: not %hazardlint check %s -- -std=c++20 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="wait-without-timeout]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++20 -I%S/Inputs 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="wait-without-timeout]"
//
// The timeout fixes are unsafe (the wait now fails when it expires): only
// --unsafe-fixes applies them, and plain --fix changes nothing.
// RUN: cp %s %t.safe.cpp
// RUN: not %hazardlint check --fix --select wait-without-timeout %t.safe.cpp -- -std=c++20 -I%S/Inputs
// RUN: diff %s %t.safe.cpp
// RUN: cp %s %t.cli.cpp
// RUN: not %hazardlint check --fix --unsafe-fixes --select wait-without-timeout %t.cli.cpp -- -std=c++20 -I%S/Inputs
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.cli.cpp
// RUN: %clangxx -fsyntax-only -std=c++20 -I%S/Inputs -I%shim_include %t.cli.cpp
// RUN: cp %t.cli.cpp %t.cli.once.cpp
// RUN: not %hazardlint check --fix --unsafe-fixes --select wait-without-timeout %t.cli.cpp -- -std=c++20 -I%S/Inputs -I%shim_include
// RUN: diff %t.cli.once.cpp %t.cli.cpp
//
// The plugin applies the same fixes with --fix-notes.
// RUN: cp %s %t.tidy.cpp
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' --fix-notes %t.tidy.cpp -- -std=c++20 -I%S/Inputs
// RUN: diff %t.cli.once.cpp %t.tidy.cpp

#include <condition_variable>
#include <curl/curl.h>
#include <future>
#include <grpcpp/grpcpp.h>
#include <hiredis/hiredis.h>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <thread>
// CHECK-FIXES: #include <hazard/wait.h>
// CHECK-FIXES-NEXT: #include <hazard/future.h>
// CHECK-FIXES-NEXT: #include <hiredis/hiredis.h>

struct Queue {
  std::mutex mu;
  std::condition_variable cv;
  std::condition_variable_any any;
  bool ready = false;

  void take() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [this] { return ready; });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::condition_variable::wait' waits with no timeout; use wait_for/wait_until with a predicate, or hazard::wait_for_or_throw, and handle the timeout [{{(hazard-)?}}wait-without-timeout]
    // CHECK-FIXES: hazard::wait_for_or_throw(cv, lock, std::chrono::seconds(30), [this] { return ready; });
    cv.wait(lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::condition_variable::wait' waits with no timeout; use wait_for/wait_until with a predicate, or hazard::wait_for_or_throw, and handle the timeout [{{(hazard-)?}}wait-without-timeout]
    // CHECK-FIXES: cv.wait(lock);
  }

  void takeAny(Queue *other) {
    std::unique_lock<std::mutex> lock(mu);
    other->any.wait(
        lock,
        [&] { return other->ready; });
    // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: 'std::condition_variable_any::wait' waits{{.*}}wait-without-timeout]
    // CHECK-FIXES: hazard::wait_for_or_throw(other->any, lock, std::chrono::seconds(30), [&] { return other->ready; });
  }

  // Bounded waits are fine.
  bool bounded() {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(1), [this] { return ready; }))
      return false;
    return cv.wait_until(lock, std::chrono::steady_clock::now(),
                         [this] { return ready; });
  }
};

int futures(std::future<int> fut, std::shared_future<int> shared) {
  int a = fut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::future::get' waits with no timeout; call wait_for first, or use hazard::get_for, and handle the timeout [{{(hazard-)?}}wait-without-timeout]
  // CHECK-FIXES: int a = hazard::get_for(fut, std::chrono::seconds(30));
  shared.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::shared_future::wait' waits with no timeout; use wait_for/wait_until and handle the timeout [{{(hazard-)?}}wait-without-timeout]
  int b = shared.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::shared_future::get' waits{{.*}}wait-without-timeout]
  // CHECK-FIXES: int b = hazard::get_for(shared, std::chrono::seconds(30));
  // A temporary future is reported, not rewritten: get_for takes a reference.
  int c = std::async(std::launch::async, [] { return 1; }).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::future::get' waits{{.*}}wait-without-timeout]
  // CHECK-FIXES: int c = std::async(std::launch::async, [] { return 1; }).get();
  return a + b + c;
}

// A wait_for on the same future before get() bounds it.
int checked(std::future<int> &fut) {
  if (fut.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
    return -1;
  return fut.get();
}

void posix(pthread_cond_t *cond, pthread_mutex_t *m, pthread_t t, sem_t *sem,
           pid_t child) {
  pthread_cond_wait(cond, m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_wait' waits with no timeout; use pthread_cond_timedwait and handle ETIMEDOUT [{{(hazard-)?}}wait-without-timeout]
  pthread_join(t, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_join' waits{{.*}}wait-without-timeout]
  sem_wait(sem);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sem_wait' waits with no timeout; use sem_timedwait and handle ETIMEDOUT [{{(hazard-)?}}wait-without-timeout]
  int status = 0;
  waitpid(child, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waitpid' waits with no timeout; poll with WNOHANG until a deadline, then kill the child [{{(hazard-)?}}wait-without-timeout]
  // Bounded forms.
  waitpid(child, &status, WNOHANG);
  struct timespec deadline = {1, 0};
  pthread_cond_timedwait(cond, m, &deadline);
  sem_timedwait(sem, &deadline);
}

redisContext *connect() {
  redisContext *c = redisConnect("127.0.0.1", 6379);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'redisConnect' waits with no timeout; use redisConnectWithTimeout [{{(hazard-)?}}wait-without-timeout]
  // CHECK-FIXES: redisContext *c = redisConnectWithTimeout("127.0.0.1", 6379, timeval{30, 0});
  struct timeval tv = {1, 500000};
  redisFree(redisConnectWithTimeout("127.0.0.1", 6379, tv));
  return c;
}

void curlNoTimeout() {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, "http://example.com");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_perform(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'curl_easy_perform' waits with no timeout; set CURLOPT_TIMEOUT or CURLOPT_TIMEOUT_MS on the handle first [{{(hazard-)?}}wait-without-timeout]
  curl_easy_cleanup(h);
}

void configure(CURL *h);

void curlBounded(CURL *param) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_perform(h);
  CURL *h2 = curl_easy_init();
  curl_easy_setopt(h2, CURLOPT_TIMEOUT, 2L);
  curl_easy_perform(h2);
  // Set up elsewhere: not ours to judge.
  CURL *h3 = curl_easy_init();
  configure(h3);
  curl_easy_perform(h3);
  curl_easy_perform(param);
}

void grpcCalls(helloworld::Greeter::Stub *stub) {
  helloworld::HelloRequest req;
  helloworld::HelloReply reply;
  grpc::ClientContext ctx;
  grpc::Status s = stub->SayHello(&ctx, req, &reply);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'helloworld::Greeter::Stub::SayHello' waits with no timeout; call set_deadline on its grpc::ClientContext first [{{(hazard-)?}}wait-without-timeout]
  grpc::ClientContext bounded;
  bounded.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  s = stub->SayHello(&bounded, req, &reply);
}

// jthread and joined threads do not wait on peers without bound here.
void threads() {
  std::jthread worker([] {});
  std::thread t([] {});
  t.join();
}

// Methods named wait/get on unrelated classes.
struct Barrier {
  void wait();
  int get();
};
int unrelated(Barrier &b) {
  b.wait();
  return b.get();
}
