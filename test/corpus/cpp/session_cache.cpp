// Per-process state of the session service: caches, rate counters, history.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <hazard/bounded_map.h>

namespace sessions {

using Clock = std::chrono::steady_clock;

struct Session {
  std::string user;
  Clock::time_point seen;
};

// Every login adds a session; nothing ever removes one.
class SessionRegistry {
public:
  void login(const std::string &token, const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[token] = Session{user, Clock::now()};
    byUser_[user].push_back(token);
    auditTrail_.push_back(user + " logged in");
  }

  const Session *find(const std::string &token) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(token);
    return it == sessions_.end() ? nullptr : &it->second;
  }

private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_; // expect: unbounded-container
  std::map<std::string, std::vector<std::string>> byUser_; // expect: unbounded-container
  std::vector<std::string> auditTrail_; // expect: unbounded-container
};

// Entries expire: logout and the sweeper erase them.
class ExpiringSessions {
public:
  void login(const std::string &token, const std::string &user) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.emplace(token, Session{user, Clock::now()});
  }

  void logout(const std::string &token) {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(token);
  }

  void sweep(Clock::duration ttl) {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = Clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();)
      it = now - it->second.seen > ttl ? sessions_.erase(it) : std::next(it);
  }

private:
  std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_; // ok: unbounded-container
};

// A bounded LRU in front of the user store.
class ProfileCache {
public:
  void put(std::uint64_t id, std::string name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_.insert_or_assign(id, std::move(name));
  }

private:
  std::mutex mu_;
  hazard::BoundedMap<std::uint64_t, std::string> names_{4096}; // ok: unbounded-container
};

// Work items are queued and drained by the dispatcher.
class Dispatcher {
public:
  void enqueue(int task) { pending_.push(task); }

  bool next(int &task) {
    if (pending_.empty())
      return false;
    task = pending_.front();
    pending_.pop();
    return true;
  }

  void markSeen(const std::string &requestId) { seen_.insert(requestId); }

  void remember(int task) { history_.push_back(task); }

  void resetHistory() { history_.clear(); }

private:
  std::queue<int> pending_; // ok: unbounded-container
  std::unordered_set<std::string> seen_; // expect: unbounded-container
  std::list<int> history_; // ok: unbounded-container
};

// The rate limiter keeps one window per client, reset by swapping.
class RateLimiter {
public:
  bool allow(const std::string &client) { return ++current_[client] <= 100; }

  void rotate() {
    std::map<std::string, int> fresh;
    current_.swap(fresh);
  }

private:
  std::map<std::string, int> current_; // ok: unbounded-container
};

// Every distinct error message ever seen, for the /debug page.
static std::set<std::string> g_errorKinds; // expect: unbounded-container
static std::deque<std::string> g_recentErrors; // ok: unbounded-container

void recordError(const std::string &message) {
  g_errorKinds.insert(message);
  g_recentErrors.push_back(message);
  if (g_recentErrors.size() > 100)
    g_recentErrors.pop_front();
}

std::size_t distinctErrors() {
  std::vector<std::string> scratch; // ok: unbounded-container
  for (const auto &kind : g_errorKinds)
    scratch.push_back(kind);
  std::sort(scratch.begin(), scratch.end());
  return scratch.size();
}

// A TTL cache that evicts by scanning every entry for the oldest.
class TtlCache {
public:
  void put(const std::string &key, std::string value) {
    if (entries_.size() >= capacity_ && !entries_.count(key))
      evictOldest();
    entries_[key] = Entry{std::move(value), Clock::now()};
  }

  void erase(const std::string &key) { entries_.erase(key); }

private:
  struct Entry {
    std::string value;
    Clock::time_point stamp;
  };

  void evictOldest() {
    auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto &a, const auto &b) { return a.second.stamp < b.second.stamp; }); // expect: linear-scan
    if (oldest != entries_.end())
      entries_.erase(oldest);
  }

  std::size_t capacity_ = 1024;
  std::unordered_map<std::string, Entry> entries_; // ok: unbounded-container
};

} // namespace sessions
