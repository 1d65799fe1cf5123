#include <coroutine>
#include <mutex>

namespace acme {
struct Client {
  int fetch(const char *key);
};
Client *connect(const char *host);
} // namespace acme

struct HttpRequest {};

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

std::mutex mu;

int handle_request(const HttpRequest &) {
  acme::Client *c = acme::connect("db");
  std::lock_guard<std::mutex> lock(mu);
  return c->fetch("k");
}

Task poll(acme::Client &c) {
  c.fetch("k");
  co_return;
}

namespace acme {
template <class T> struct Registry {
  void add(T);
  void forget(T);
};
} // namespace acme

class Sessions {
public:
  void open(int id) { live_.add(id); }

private:
  acme::Registry<int> live_;
};
