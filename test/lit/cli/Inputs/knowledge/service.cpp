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

namespace acme {
struct SpinLock {
  void acquire();
  void release();
};
struct Buffer {
  void write(const unsigned char *data, unsigned size);
};
} // namespace acme

acme::SpinLock spin;

int guarded_fetch(acme::Client &c) {
  spin.acquire();
  int v = c.fetch("k");
  spin.release();
  return v;
}

extern "C" int inflate(struct z_stream_s *strm, int flush);
struct z_stream_s {
  unsigned char *next_out;
  unsigned avail_out;
  unsigned long total_out;
};

void inflate_into(z_stream_s &zs, acme::Buffer &out) {
  unsigned char chunk[256];
  for (;;) {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    int ret = inflate(&zs, 0);
    out.write(chunk, sizeof chunk - zs.avail_out);
    if (ret != 0)
      return;
  }
}
