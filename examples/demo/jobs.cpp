// A job runner with the C++ shapes of the same hazards.
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

class JobRunner {
public:
  void start() {
    std::thread t([this] { loop(); });
    t.detach(); // nothing joins it at shutdown
  }

  int next() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !jobs_.empty(); }); // waits forever
    int job = jobs_.front();
    jobs_.pop_front();
    return job;
  }

  int result(std::future<int> &pending) { return pending.get(); }

private:
  void loop() {}
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> jobs_;
};
