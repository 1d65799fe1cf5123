//===- hazard/future.h - future::get with a deadline ------------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::get_for(f, timeout) is f.get() that gives up: it returns what
/// f.get() returns (or rethrows what it throws) when the shared state is
/// ready within \p timeout, and throws hazard::timeout_error otherwise. The
/// wait-without-timeout fix-it rewrites
///
///   fut.get()  ->  hazard::get_for(fut, T)
///
/// with T from the rule's timeout option, for std::future<T>,
/// std::future<void>, std::future<T&> and std::shared_future<T>.
///
/// After a timeout the future is untouched: still valid, and it may be
/// waited on again. A deferred future (std::async with std::launch::deferred)
/// has nobody else to wait for: its function runs now, in this thread, as
/// f.get() would run it, and the timeout does not apply to it.
///
/// Only lvalue futures are accepted. `get_for(std::async(...), T)` would not
/// help: the temporary's destructor blocks until the task ends anyway.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_FUTURE_H
#define HAZARD_FUTURE_H

#include "hazard/errors.h"

#include <chrono>
#include <future>

namespace hazard {
namespace detail {

/// Waits for \p f to be ready or deferred; throws on timeout. An invalid
/// future gets the no_state error that libstdc++ and libc++ throw for get().
template <class Future, class Rep, class Period>
void waitReadyOrThrow(const Future &f,
                      std::chrono::duration<Rep, Period> timeout) {
  if (!f.valid())
    throw std::future_error(std::future_errc::no_state);
  if (f.wait_for(timeout) == std::future_status::timeout)
    throw timeout_error("hazard::get_for: future not ready in time");
}

} // namespace detail

/// f.get() if \p f becomes ready within \p timeout; else throws
/// hazard::timeout_error and leaves \p f valid. As with get(), a successful
/// call leaves \p f invalid.
template <class T, class Rep, class Period>
T get_for(std::future<T> &f, std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  return f.get();
}

/// As above, for std::future<T&>.
template <class T, class Rep, class Period>
T &get_for(std::future<T &> &f, std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  return f.get();
}

/// As above, for std::future<void>: returns once the task is done, or
/// rethrows the exception it stored.
template <class Rep, class Period>
void get_for(std::future<void> &f, std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  f.get();
}

/// f.get() on a shared future: a reference to the shared value, valid while
/// any copy of \p f lives. \p f stays valid either way.
template <class T, class Rep, class Period>
const T &get_for(const std::shared_future<T> &f,
                 std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  return f.get();
}

/// As above, for std::shared_future<T&>.
template <class T, class Rep, class Period>
T &get_for(const std::shared_future<T &> &f,
           std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  return f.get();
}

/// As above, for std::shared_future<void>.
template <class Rep, class Period>
void get_for(const std::shared_future<void> &f,
             std::chrono::duration<Rep, Period> timeout) {
  detail::waitReadyOrThrow(f, timeout);
  f.get();
}

} // namespace hazard

#endif // HAZARD_FUTURE_H
