// Request handlers of the notification gateway, as Boost.Asio coroutines.
#include <boost/asio.hpp>
#include <curl/curl.h>
#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <time.h>
#include <unistd.h>

namespace gateway {

namespace asio = boost::asio;

struct Notification {
  std::string user;
  std::string text;
};

class Gateway {
public:
  explicit Gateway(asio::io_context &io) : io_(io) {}

  asio::awaitable<void> retryLater() {
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // expect: blocking-in-async
    co_return;
  }

  asio::awaitable<void> retryLaterProperly() {
    asio::steady_timer timer(io_);
    timer.expires_after(std::chrono::milliseconds(200));
    co_await timer.async_wait(asio::use_awaitable); // ok: blocking-in-async
  }

  asio::awaitable<int> readFrame(int fd) {
    char header[8];
    ssize_t n = ::read(fd, header, sizeof header); // expect: blocking-in-async
    co_return static_cast<int>(n);
  }

  asio::awaitable<int> readFrameAsync(asio::ip::tcp::socket &sock) {
    char header[8];
    std::size_t n = co_await sock.async_read_some(asio::buffer(header, sizeof header), asio::use_awaitable); // ok: blocking-in-async
    co_return static_cast<int>(n);
  }

  asio::awaitable<void> ack(int fd) {
    char buf[64];
    ::recv(fd, buf, sizeof buf, 0); // expect: blocking-in-async
    co_return;
  }

  asio::awaitable<void> backoff(unsigned attempt) {
    ::usleep(1000u << attempt); // expect: blocking-in-async
    timespec ts{0, 1000000};
    ::nanosleep(&ts, nullptr); // expect: blocking-in-async
    co_return;
  }

  asio::awaitable<std::string> render(std::future<std::string> &templ) {
    std::string body = templ.get(); // expect: blocking-in-async, wait-without-timeout
    co_return body;
  }

  asio::awaitable<void> waitForSlot() {
    std::unique_lock<std::mutex> lock(mu_);
    slots_.wait_for(lock, std::chrono::seconds(1), [this] { return free_ > 0; }); // expect: blocking-in-async
    --free_;
    co_return;
  }

  asio::awaitable<bool> storeInRedis(const Notification &n) {
    auto *reply = static_cast<redisReply *>(redisCommand(redis_, "LPUSH inbox:%s %s", n.user.c_str(), n.text.c_str())); // expect: blocking-in-async
    bool ok = reply && reply->type != REDIS_REPLY_ERROR;
    freeReplyObject(reply);
    co_return ok;
  }

  asio::awaitable<bool> pushToProvider() {
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 500L);
    co_return curl_easy_perform(curl_) == CURLE_OK; // expect: blocking-in-async
  }

  // The lock is held while the coroutine is suspended.
  asio::awaitable<void> deliverLocked(Notification n) {
    std::lock_guard<std::mutex> lock(mu_);
    co_await retryLaterProperly(); // expect: lock-held-across-call
    pending_ = std::move(n.text);
  }

  asio::awaitable<void> deliverUnlocked(Notification n) {
    co_await retryLaterProperly(); // ok: lock-held-across-call
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = std::move(n.text);
  }

  void start() {
    asio::co_spawn(io_, retryLater(), asio::detached); // expect: fire-and-forget
  }

private:
  asio::io_context &io_;
  std::mutex mu_;
  std::condition_variable slots_;
  int free_ = 4;
  std::string pending_;
  redisContext *redis_ = nullptr;
  CURL *curl_ = nullptr;
};

// Not a coroutine: runs on the worker pool, where blocking is fine.
int readConfigBlocking(int fd) {
  char buf[256];
  std::this_thread::sleep_for(std::chrono::milliseconds(10)); // ok: blocking-in-async
  return static_cast<int>(::read(fd, buf, sizeof buf)); // ok: blocking-in-async
}

} // namespace gateway
