//===- hazard/single_flight.h - One call per key at a time ------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::SingleFlight<K, V> collapses concurrent calls for the same key
/// into one: the first caller of do_(key, fn) runs fn(); callers that come
/// while it runs wait for it and get the same result (or the same
/// exception). When a cache entry expires under load, every request misses
/// at once and recomputes it (a cache stampede), multiplying the load on the
/// backend exactly when it is busiest. It is the C++ counterpart of the
/// cache-stampede guidance, which no fix-it inserts by itself.
///
///   hazard::SingleFlight<std::string, Profile> flight;
///   Profile p = flight.do_(user, [&] { return db.load_profile(user); });
///
/// Results are not cached: a call that starts after the previous one ended
/// runs fn() again. fn() must not call do_ with the same key (it would wait
/// for itself). Thread-safe.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_SINGLE_FLIGHT_H
#define HAZARD_SINGLE_FLIGHT_H

#include "hazard/errors.h"

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace hazard {

template <class K, class V, class Hash = std::hash<K>,
          class Eq = std::equal_to<K>>
class SingleFlight {
public:
  SingleFlight() = default;
  SingleFlight(const SingleFlight &) = delete;
  SingleFlight &operator=(const SingleFlight &) = delete;

  /// fn()'s result for \p key, shared with every caller that asks for the
  /// same key while fn() runs. Rethrows what fn() threw.
  template <class F> V do_(const K &key, F fn) {
    std::promise<V> Promise;
    std::shared_future<V> Result;
    if (enter(key, Promise, Result))
      lead(key, fn, Promise);
    return Result.get();
  }

  /// As do_, but a caller that joins a call already running waits at most
  /// \p timeout for it and then throws hazard::timeout_error. The caller
  /// that runs fn() is not bounded by \p timeout: bound fn() itself.
  template <class F, class Rep, class Period>
  V do_for(const K &key, F fn, std::chrono::duration<Rep, Period> timeout) {
    std::promise<V> Promise;
    std::shared_future<V> Result;
    if (enter(key, Promise, Result))
      lead(key, fn, Promise);
    else if (Result.wait_for(timeout) == std::future_status::timeout)
      throw timeout_error("hazard::SingleFlight: shared call not done in time");
    return Result.get();
  }

  /// How many callers, the one running fn() included, have joined the call
  /// running for \p key; 0 when none runs.
  std::size_t callers(const K &key) const {
    std::lock_guard<std::mutex> Lock(M);
    auto It = Calls.find(key);
    return It == Calls.end() ? 0 : It->second.Callers;
  }

  /// How many keys have a call running.
  std::size_t in_flight() const {
    std::lock_guard<std::mutex> Lock(M);
    return Calls.size();
  }

private:
  struct Call {
    std::shared_future<V> Result;
    std::size_t Callers;
  };

  /// Joins the call running for \p key, or registers \p Promise as that
  /// call; true when the caller must run it. \p Result is the call's result.
  bool enter(const K &key, std::promise<V> &Promise,
             std::shared_future<V> &Result) {
    std::lock_guard<std::mutex> Lock(M);
    auto It = Calls.find(key);
    if (It != Calls.end()) {
      ++It->second.Callers;
      Result = It->second.Result;
      return false;
    }
    Result = Promise.get_future().share();
    Calls.emplace(key, Call{Result, 1});
    return true;
  }

  /// Runs fn() and publishes its outcome. The call is forgotten before the
  /// outcome is published, so a caller that comes after it starts a fresh
  /// call instead of reading a finished one.
  template <class F> void lead(const K &key, F &fn, std::promise<V> &Promise) {
    try {
      V Value = fn();
      finish(key);
      Promise.set_value(std::move(Value));
    } catch (...) {
      finish(key);
      Promise.set_exception(std::current_exception());
    }
  }

  void finish(const K &key) {
    std::lock_guard<std::mutex> Lock(M);
    Calls.erase(key);
  }

  mutable std::mutex M;
  std::unordered_map<K, Call, Hash, Eq> Calls;
};

} // namespace hazard

#endif // HAZARD_SINGLE_FLIGHT_H
