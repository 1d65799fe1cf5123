// Stand-in for <boost/asio.hpp>: C++20 coroutine support (awaitable,
// co_spawn, detached, use_awaitable, steady_timer) as the corpus uses it.
#pragma once
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <string>

namespace boost {
namespace asio {

template <class T = void> class awaitable;

namespace detail {
template <class T> struct promise_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() { std::terminate(); }
};
} // namespace detail

template <class T> class awaitable {
public:
  struct promise_type : detail::promise_base<T> {
    awaitable get_return_object() { return {}; }
    void return_value(T) {}
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};

template <> class awaitable<void> {
public:
  struct promise_type : detail::promise_base<void> {
    awaitable get_return_object() { return {}; }
    void return_void() {}
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};
struct detached_t {};
inline constexpr detached_t detached{};

class io_context {
public:
  void run();
  void stop();
};

template <class T, class Token>
void co_spawn(io_context &ctx, awaitable<T> task, Token token);

class steady_timer {
public:
  explicit steady_timer(io_context &ctx);
  void expires_after(std::chrono::steady_clock::duration d);
  awaitable<void> async_wait(use_awaitable_t);
};

namespace ip {
namespace tcp {
class socket {
public:
  explicit socket(io_context &ctx);
  int native_handle();
  template <class Buffer>
  awaitable<std::size_t> async_read_some(Buffer b, use_awaitable_t);
};
} // namespace tcp
} // namespace ip

struct mutable_buffer {
  void *data;
  std::size_t size;
};
inline mutable_buffer buffer(void *data, std::size_t size) {
  return {data, size};
}

} // namespace asio
} // namespace boost
