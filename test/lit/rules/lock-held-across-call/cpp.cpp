// The CLI and the clang-tidy plugin run the same check: same messages.
// RUN: not %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="lock-held-across-call]"
// No fix-its: the file is unchanged by --fix.
// RUN: cp %s %t.cpp
// RUN: not %hazardlint check --fix --select lock-held-across-call %t.cpp -- -std=c++17
// RUN: diff %s %t.cpp

#include <hiredis/hiredis.h>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <pthread.h>

namespace store {

struct Listener {
  virtual ~Listener() = default;
  virtual void onChange(const std::string &Key) = 0;
};

struct Plain {
  void touch() {}
};

struct Sealed final : Listener {
  void onChange(const std::string &) override {}
};

class Cache {
public:
  void flush(int fd, const std::string &data) {
    std::lock_guard<std::mutex> guard(mu_);
    ::write(fd, data.data(), data.size());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across blocking call 'write'; every thread waiting for the mutex waits for it too; move the call out of the locked region [{{(hazard-)?}}lock-held-across-call]
  }

  void nap() {
    std::unique_lock lock(mu_);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across blocking call 'std::this_thread::sleep_for'{{.*}}lock-held-across-call]
    lock.unlock();
    // Released: not reported.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  void logLine(const std::string &line) {
    std::scoped_lock lock(mu_);
    log_ << line << '\n';
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across file I/O on 'log_'{{.*}}lock-held-across-call]
  }

  void joinWorker(std::thread &worker, std::future<int> &result) {
    mu_.lock();
    worker.join();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across blocking call 'std::thread::join'{{.*}}lock-held-across-call]
    int v = result.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: mutex 'store::Cache::mu_' is held across blocking call 'std::future::get'{{.*}}lock-held-across-call]
    mu_.unlock();
    (void)v;
    // After unlock(): not reported.
    worker.join();
  }

  void fetch(redisContext *ctx) {
    std::lock_guard<std::mutex> guard(mu_);
    freeReplyObject(redisCommand(ctx, "GET %s", "k"));
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: mutex 'store::Cache::mu_' is held across blocking call 'redisCommand'{{.*}}lock-held-across-call]
  }

  void notify(const std::string &key) {
    std::lock_guard<std::mutex> guard(mu_);
    onChange_(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across callback 'onChange_'; it may block or take other locks and deadlock; call it after releasing the lock [{{(hazard-)?}}lock-held-across-call]
    hook_(key.size());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across call through function pointer 'hook_'{{.*}}lock-held-across-call]
    listener_->onChange(key);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across virtual call 'store::Listener::onChange'{{.*}}lock-held-across-call]
  }

  void notifyRef(Listener &l, Sealed &sealed, Plain &plain) {
    std::lock_guard<std::mutex> guard(mu_);
    l.onChange("x");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across virtual call{{.*}}lock-held-across-call]
    // Final classes and non-virtual methods run known code.
    sealed.onChange("x");
    plain.touch();
    touchLocked();
  }

  void waitOther(std::condition_variable &cv, std::mutex &other) {
    std::lock_guard<std::mutex> guard(mu_);
    std::unique_lock<std::mutex> lk(other);
    cv.wait(lk);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::mu_' is held across a wait on condition variable 'cv' with another lock ('lk'); the wait releases only its own lock, so this one stays held while it sleeps [{{(hazard-)?}}lock-held-across-call]
  }

  void extra() {
    std::lock_guard<std::mutex> guard(mu_);
    std::this_thread::yield();
  }

  // Negatives: members only, cv.wait on the held lock, bounded work.
  int size() {
    std::lock_guard<std::mutex> guard(mu_);
    touchLocked();
    return static_cast<int>(data_.size());
  }

  void put(const std::string &k, int v) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return ready_; });
    cv_.wait_for(lk, std::chrono::seconds(1));
    data_[k] = v;
    cv_.notify_all();
  }

  void deferred(int fd) {
    std::unique_lock<std::mutex> lk(mu_, std::defer_lock);
    ::close(fd);
    char c;
    ::read(fd, &c, 1);
  }

  void scoped(int fd) {
    {
      std::lock_guard<std::mutex> guard(mu_);
      data_.clear();
    }
    char c;
    ::read(fd, &c, 1);
  }

  void later(int fd) {
    std::lock_guard<std::mutex> guard(mu_);
    // The lambda runs later, without the lock.
    auto task = [fd] {
      char c;
      ::read(fd, &c, 1);
    };
    pending_ = task;
    auto local = [](int x) { return x + 1; };
    local(1);
  }

  void lockWithoutUnlock(int fd) {
    // No unlock() in this block: not treated as a region.
    mu_.lock();
    char c;
    ::read(fd, &c, 1);
    if (fd)
      mu_.unlock();
  }

  void shared(int fd) {
    std::shared_lock<std::shared_mutex> lk(rw_);
    char c;
    ::read(fd, &c, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'store::Cache::rw_' is held across blocking call 'read'{{.*}}lock-held-across-call]
  }

private:
  void touchLocked() { ++version_; }

  std::mutex mu_;
  std::shared_mutex rw_;
  std::condition_variable cv_;
  bool ready_ = false;
  int version_ = 0;
  std::map<std::string, int> data_;
  std::ofstream log_;
  std::function<void(const std::string &)> onChange_;
  void (*hook_)(size_t) = nullptr;
  Listener *listener_ = nullptr;
  std::function<void()> pending_;
};

struct Account {
  std::mutex m;
  long balance = 0;
};

// Locking the same member of two objects: the classic transfer deadlock.
void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> a(from.m);
  std::lock_guard<std::mutex> b(to.m);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: mutex 'store::Account::m' is held across acquiring 'store::Account::m' of another object ('to'); two threads that lock two objects in opposite orders deadlock; lock both at once with std::scoped_lock [{{(hazard-)?}}lock-held-across-call]
  from.balance -= amount;
  to.balance += amount;
}

// Negatives: std::scoped_lock and std::lock take both without deadlock.
void transferSafely(Account &from, Account &to, long amount) {
  std::scoped_lock both(from.m, to.m);
  from.balance -= amount;
  to.balance += amount;
}

void transferWithStdLock(Account &from, Account &to, long amount) {
  std::lock(from.m, to.m);
  std::lock_guard<std::mutex> a(from.m, std::adopt_lock);
  std::lock_guard<std::mutex> b(to.m, std::adopt_lock);
  from.balance -= amount;
}

pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t table_cv = PTHREAD_COND_INITIALIZER;
pthread_mutex_t other_mu = PTHREAD_MUTEX_INITIALIZER;

void pthreads(int fd) {
  pthread_mutex_lock(&table_mu);
  fsync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'store::table_mu' is held across blocking call 'fsync'{{.*}}lock-held-across-call]
  pthread_cond_wait(&table_cv, &table_mu);
  pthread_mutex_unlock(&table_mu);
}

// Consistent order everywhere: not reported.
std::mutex first_mu, second_mu;
void consistentA() {
  std::lock_guard<std::mutex> a(first_mu);
  std::lock_guard<std::mutex> b(second_mu);
}
void consistentB() {
  std::lock_guard<std::mutex> a(first_mu);
  std::lock_guard<std::mutex> b(second_mu);
}

} // namespace store
