// The ledger: balances in memory, a journal on disk.
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unistd.h>

namespace ledger {

class Observer {
public:
  virtual ~Observer() = default;
  virtual void onPosted(const std::string &account, long cents) = 0;
};

using AlertFn = void (*)(const std::string &account);

class Ledger {
public:
  void post(const std::string &account, long cents) {
    std::lock_guard<std::mutex> lock(balancesMu_);
    balances_[account] += cents; // ok: lock-held-across-call
    ++posted_;
  }

  // The journal write and its fsync happen under the balances lock.
  void postDurable(const std::string &account, long cents) {
    std::string line = account + " " + std::to_string(cents) + "\n";
    balancesMu_.lock();
    balances_[account] += cents;
    ::write(journalFd_, line.data(), line.size()); // expect: lock-held-across-call
    balancesMu_.unlock();
  }

  // Same, but the I/O happens after the lock is released.
  void postThenJournal(const std::string &account, long cents) {
    std::string line = account + " " + std::to_string(cents) + "\n";
    {
      std::lock_guard<std::mutex> lock(balancesMu_);
      balances_[account] += cents; // ok: lock-held-across-call
    }
    ::write(journalFd_, line.data(), line.size()); // ok: lock-held-across-call
    ::fsync(journalFd_); // ok: lock-held-across-call
  }

  void flushJournal() {
    std::unique_lock<std::mutex> lock(journalMu_);
    ::fsync(journalFd_); // expect: lock-held-across-call
  }

  void notifyObservers(const std::string &account, long cents) {
    std::lock_guard<std::mutex> lock(balancesMu_);
    if (observer_)
      observer_->onPosted(account, cents); // expect: lock-held-across-call
  }

  void checkOverdraft(const std::string &account) {
    std::scoped_lock lock(balancesMu_);
    if (balances_[account] < 0 && alert_)
      alert_(account); // expect: lock-held-across-call
  }

  void throttle() {
    std::lock_guard<std::mutex> lock(journalMu_);
    std::this_thread::sleep_for(std::chrono::milliseconds(5)); // expect: lock-held-across-call
  }

  // Balances, then journal ...
  void transfer(const std::string &from, const std::string &to, long cents) {
    std::lock_guard<std::mutex> balances(balancesMu_);
    std::lock_guard<std::mutex> journal(journalMu_); // expect: lock-held-across-call@ledger-order
    balances_[from] -= cents;
    balances_[to] += cents;
    ++journaled_;
  }

  // ... and journal, then balances: the two can deadlock.
  void rotateJournal() {
    std::lock_guard<std::mutex> journal(journalMu_);
    std::lock_guard<std::mutex> balances(balancesMu_); // expect: lock-held-across-call@ledger-order
    journaled_ = 0;
    snapshot_ = balances_;
  }

  // Both at once, deadlock-free.
  void audit() {
    std::scoped_lock both(balancesMu_, journalMu_); // ok: lock-held-across-call
    snapshot_ = balances_;
  }

  long balance(const std::string &account) const {
    std::shared_lock<std::shared_mutex> lock(readMu_); // ok: lock-held-across-call
    auto it = balances_.find(account);
    return it == balances_.end() ? 0 : it->second;
  }

  void closeAccount(const std::string &account) {
    std::lock_guard<std::mutex> lock(balancesMu_);
    balances_.erase(account);
  }

  void setObserver(Observer *o) { observer_ = o; }
  void setAlert(AlertFn fn) { alert_ = fn; }

private:
  std::mutex balancesMu_;
  std::mutex journalMu_;
  mutable std::shared_mutex readMu_;
  std::map<std::string, long> balances_; // ok: unbounded-container
  std::map<std::string, long> snapshot_;
  Observer *observer_ = nullptr;
  AlertFn alert_ = nullptr;
  long posted_ = 0;
  long journaled_ = 0;
  int journalFd_ = -1;
};

} // namespace ledger
