#include <thread>

void flush(int);

struct Worker {
  std::thread thread_;
  void start() { thread_ = std::thread(flush, 1); }
  ~Worker() { thread_.join(); }
};
