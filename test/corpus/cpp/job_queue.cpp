// A job queue shared by the ingest threads and the scheduler.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <semaphore.h>
#include <string>
#include <thread>
#include <vector>

#include <hazard/wait.h>

namespace ingest {

struct Job {
  std::string id;
  std::string payload;
};

class JobQueue {
public:
  void push(Job job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job)); // ok: lock-held-across-call
    }
    ready_.notify_one();
  }

  // Blocks until a job arrives, however long that takes.
  Job pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [this] { return !jobs_.empty() || closed_; }); // expect: wait-without-timeout
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  std::optional<Job> tryPop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!ready_.wait_for(lock, timeout, [this] { return !jobs_.empty(); })) // ok: wait-without-timeout
      return std::nullopt;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  Job popBounded() {
    std::unique_lock<std::mutex> lock(mu_);
    hazard::wait_for_or_throw(ready_, lock, std::chrono::seconds(30), [this] { return !jobs_.empty(); }); // ok: wait-without-timeout
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  void waitDrained() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!jobs_.empty())
      drained_.wait(lock); // expect: wait-without-timeout
  }

  void waitDrainedUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    drained_.wait_until(lock, deadline, [this] { return jobs_.empty(); }); // ok: wait-without-timeout
  }

  // Runs the subscribers' callbacks while holding the queue lock.
  void publish(const Job &job) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto &subscriber : subscribers_)
      subscriber(job); // expect: lock-held-across-call
  }

  void subscribe(std::function<void(const Job &)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    subscribers_.push_back(std::move(fn)); // ok: lock-held-across-call
  }

  void unsubscribeAll() {
    std::lock_guard<std::mutex> lock(mu_);
    subscribers_.clear();
  }

  void close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    jobs_.clear();
  }

  std::size_t depth() const {
    std::lock_guard<std::mutex> lock(mu_); // ok: lock-held-across-call
    return jobs_.size();
  }

private:
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable drained_;
  std::deque<Job> jobs_;
  std::vector<std::function<void(const Job &)>> subscribers_;
  bool closed_ = false;
};

// The legacy C interface used by the metrics exporter.
struct CQueue {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t nonEmpty = PTHREAD_COND_INITIALIZER;
  sem_t slots;
  int count = 0;
};

int cqueueTake(CQueue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->count == 0)
    pthread_cond_wait(&q->nonEmpty, &q->mu); // expect: wait-without-timeout
  int item = --q->count;
  pthread_mutex_unlock(&q->mu);
  return item;
}

int cqueueTakeTimed(CQueue *q, const struct timespec *deadline) {
  pthread_mutex_lock(&q->mu);
  int rc = 0;
  while (q->count == 0 && rc == 0)
    rc = pthread_cond_timedwait(&q->nonEmpty, &q->mu, deadline); // ok: wait-without-timeout
  int item = rc == 0 ? --q->count : -1;
  pthread_mutex_unlock(&q->mu);
  return item;
}

void cqueueReserveSlot(CQueue *q) {
  sem_wait(&q->slots); // expect: wait-without-timeout
}

bool cqueueReserveSlotTimed(CQueue *q, const struct timespec *deadline) {
  return sem_timedwait(&q->slots, deadline) == 0; // ok: wait-without-timeout
}

bool cqueueTryReserveSlot(CQueue *q) {
  return sem_trywait(&q->slots) == 0; // ok: wait-without-timeout
}

// Results of the batch compactor.
int compactedBytes(std::future<int> &pending) {
  return pending.get(); // expect: wait-without-timeout
}

int compactedBytesBounded(std::future<int> &pending) {
  if (pending.wait_for(std::chrono::seconds(5)) != std::future_status::ready) // ok: wait-without-timeout
    return -1;
  return pending.get(); // ok: wait-without-timeout
}

void awaitSnapshot(const std::shared_future<void> &snapshot) {
  snapshot.wait(); // expect: wait-without-timeout
}

} // namespace ingest
