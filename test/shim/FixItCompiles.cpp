//===- FixItCompiles.cpp - The C++ fix-its' output, verbatim --------------===//
//
// Part of hazardlint's shim tests.
//
//===----------------------------------------------------------------------===//
//
// Code exactly as hazardlint's C++ fix-its leave it, in user-like code, so a
// change to the shim that breaks fixed user code breaks this build. Compiled
// with -Wall -Wextra -Wpedantic -Werror. Each "Was:" shows the code before
// the fix; 30 s and 1000 stand for the rules' timeout and max-size
// options. ScanKeysTest.cpp runs the redis-keys forms against the real
// server; the other components have their own tests.
//
//===----------------------------------------------------------------------===//

#include <hazard/bounded_map.h>
#include <hazard/bounded_set.h>
#include <hazard/future.h>
#include <hazard/scan_keys.h>
#include <hazard/task_registry.h>
#include <hazard/wait.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// Was: static_cast<redisReply *>(redisCommand(ctx, "KEYS %s", service))
redisReply *fixedKeysWithPattern(redisContext *ctx, const char *service) {
  auto *reply = static_cast<redisReply *>(hazard::scan_keys(ctx, service));
  return reply;
}

// Was: void *raw = redisCommand(ctx, "KEYS");
void *fixedKeysWithoutPattern(redisContext *ctx) {
  void *raw = hazard::scan_keys(ctx, "*");
  return raw;
}

// wait-without-timeout: condition variable waits.
class JobQueue {
public:
  std::string pop() {
    std::unique_lock<std::mutex> lock(mu_);
    // Was: cv_.wait(lock, [this] { return !jobs_.empty(); });
    hazard::wait_for_or_throw(cv_, lock, std::chrono::seconds(30),
                              [this] { return !jobs_.empty(); });
    std::string job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  void waitForWork() {
    std::unique_lock<std::mutex> lk{mu_};
    // Was: cv_.wait(lk);
    hazard::wait_for_or_throw(cv_, lk, std::chrono::seconds(30));
  }

  void waitAny(std::condition_variable_any &cv, std::mutex &m, bool &ready) {
    std::unique_lock<std::mutex> lock(m);
    // Was: cv.wait(lock, [&] { return ready; });
    hazard::wait_for_or_throw(cv, lock, std::chrono::seconds(30),
                              [&] { return ready; });
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> jobs_;
};

// wait-without-timeout: future get.
struct Row {
  int id;
};

int fetchCount(std::future<int> &pending) {
  // Was: return pending.get();
  return hazard::get_for(pending, std::chrono::seconds(30));
}

void finishFlush(std::future<void> done) {
  // Was: done.get();
  hazard::get_for(done, std::chrono::seconds(30));
}

Row &pickRow(std::future<Row &> &row) {
  // Was: return row.get();
  return hazard::get_for(row, std::chrono::seconds(30));
}

int sharedConfigVersion(const std::shared_future<int> &config) {
  // Was: const int &v = config.get();
  const int &v = hazard::get_for(config, std::chrono::seconds(30));
  return v;
}

std::vector<Row> loadRows() {
  auto rows = std::async(std::launch::async, [] { return std::vector<Row>{}; });
  // Was: auto result = rows.get();
  auto result = hazard::get_for(rows, std::chrono::seconds(30));
  return result;
}

// fire-and-forget: detached threads.
void flushMetrics(int shard) { (void)shard; }

void startBackground() {
  std::thread t(flushMetrics, 3);
  // Was: t.detach();
  hazard::TaskRegistry::global().adopt(std::move(t));

  // Was: std::thread(flushMetrics, 4).detach();
  hazard::TaskRegistry::global().spawn(flushMetrics, 4);

  // Was: std::thread([] { flushMetrics(5); }).detach();
  hazard::TaskRegistry::global().spawn([] { flushMetrics(5); });
}

// unbounded-container: grow-only members.
class SessionCache {
public:
  void put(const std::string &id, int user) {
    users_[id] = user;
    users_.emplace(id + "-alias", user);
    users_.insert({id + "-copy", user});
    users_.try_emplace(id + "-try", user);
    users_.insert_or_assign(id, user + 1);
    seen_.insert(id);
    seen_.emplace(id + "-seen");
  }

  int get(const std::string &id) const {
    auto it = users_.find(id);
    if (it != users_.end())
      return it->second;
    return users_.count(id) ? users_.at(id) : -1;
  }

  bool seen(const std::string &id) const { return seen_.count(id) != 0; }

  std::size_t total() const {
    std::size_t n = 0;
    for (const auto &[id, user] : users_)
      n += id.size() + static_cast<std::size_t>(user);
    for (const auto &id : seen_)
      n += id.size();
    return n + (users_.empty() ? 0 : users_.size()) + seen_.size();
  }

private:
  // Was: std::unordered_map<std::string, int> users_;
  hazard::BoundedMap<std::string, int> users_{1000};
  // Was: std::unordered_set<std::string> seen_;
  hazard::BoundedSet<std::string> seen_{1000};
};

// Namespace-scope static.
// Was: static std::unordered_map<int, std::string> g_names;
static hazard::BoundedMap<int, std::string> g_names{1000};

void remember(int id, std::string name) { g_names[id] = std::move(name); }
