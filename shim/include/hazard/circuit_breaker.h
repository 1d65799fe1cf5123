//===- hazard/circuit_breaker.h - Stop calling a failing service *- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::CircuitBreaker fails fast while a dependency is down: after
/// `failure_threshold` consecutive failures it opens and allow() says no
/// for `open_duration`; then it lets a probe call through (half-open); a
/// probe success closes it, a probe failure opens it again. Callers that
/// keep sending requests, each waiting out its own timeout, to a service
/// that is down pile up threads and connections. It is the companion of the
/// timeouts the wait-without-timeout fix-its add: once calls time out, the
/// breaker stops making them. No fix-it inserts it by itself, since where to
/// put allow() and record_*() is a design decision.
///
///   if (!breaker.allow()) return cached_or_error();
///   try { auto r = call(); breaker.record_success(); return r; }
///   catch (const hazard::timeout_error &) { breaker.record_failure(); throw; }
///
/// Thread-safe: one breaker is meant to be shared by all callers of one
/// dependency.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_CIRCUIT_BREAKER_H
#define HAZARD_CIRCUIT_BREAKER_H

#include <chrono>
#include <cstddef>
#include <mutex>
#include <stdexcept>

namespace hazard {

/// The states of a circuit breaker.
enum class CircuitState { Closed, Open, HalfOpen };

/// A circuit breaker that reads time from \p ClockT (std::chrono clock
/// interface); tests substitute a manual clock. Use hazard::CircuitBreaker.
template <class ClockT> class BasicCircuitBreaker {
public:
  using State = CircuitState;
  using Clock = ClockT;

  /// Opens after \p failure_threshold consecutive failures, stays open for
  /// \p open_duration, then admits up to \p half_open_max_calls probes at a
  /// time. Throws std::invalid_argument if a count is 0.
  explicit BasicCircuitBreaker(std::size_t failure_threshold = 5,
                               std::chrono::milliseconds open_duration =
                                   std::chrono::milliseconds(30000),
                               std::size_t half_open_max_calls = 1)
      : Threshold(failure_threshold), OpenDuration(open_duration),
        MaxProbes(half_open_max_calls) {
    if (failure_threshold == 0 || half_open_max_calls == 0)
      throw std::invalid_argument(
          "hazard::CircuitBreaker: counts must be at least 1");
  }

  BasicCircuitBreaker(const BasicCircuitBreaker &) = delete;
  BasicCircuitBreaker &operator=(const BasicCircuitBreaker &) = delete;

  /// Whether to make the call now. In the half-open state a true answer
  /// admits a probe, whose outcome the caller must record.
  bool allow() {
    std::lock_guard<std::mutex> Lock(M);
    typename Clock::time_point Now = Clock::now();
    switch (Current) {
    case State::Closed:
      return true;
    case State::Open:
      if (Now - OpenedAt < OpenDuration)
        return false;
      Current = State::HalfOpen;
      Probes = 0;
      [[fallthrough]];
    case State::HalfOpen:
      // A probe whose result never came does not block the breaker forever.
      if (Probes >= MaxProbes && Now - ProbeStartedAt < OpenDuration)
        return false;
      if (Probes >= MaxProbes)
        Probes = 0;
      ++Probes;
      ProbeStartedAt = Now;
      return true;
    }
    return false;
  }

  /// The call succeeded: clears the failure count; closes a half-open
  /// breaker.
  void record_success() {
    std::lock_guard<std::mutex> Lock(M);
    if (Current == State::Open)
      return; // A late result from before it opened.
    Current = State::Closed;
    Failures = 0;
    Probes = 0;
  }

  /// The call failed: counts towards opening; reopens a half-open breaker.
  void record_failure() {
    std::lock_guard<std::mutex> Lock(M);
    switch (Current) {
    case State::Closed:
      if (++Failures >= Threshold)
        open();
      return;
    case State::HalfOpen:
      open();
      return;
    case State::Open:
      return;
    }
  }

  /// The state as of the last call; an open breaker whose time is up still
  /// says Open until allow() moves it to HalfOpen.
  State state() const {
    std::lock_guard<std::mutex> Lock(M);
    return Current;
  }

  /// Consecutive failures counted while closed.
  std::size_t failures() const {
    std::lock_guard<std::mutex> Lock(M);
    return Failures;
  }

private:
  void open() {
    Current = State::Open;
    OpenedAt = Clock::now();
    Failures = 0;
    Probes = 0;
  }

  mutable std::mutex M;
  std::size_t Threshold;
  std::chrono::milliseconds OpenDuration;
  std::size_t MaxProbes;
  State Current = State::Closed;
  std::size_t Failures = 0;
  std::size_t Probes = 0;
  typename Clock::time_point OpenedAt;
  typename Clock::time_point ProbeStartedAt;
};

/// The circuit breaker on the steady clock.
using CircuitBreaker = BasicCircuitBreaker<std::chrono::steady_clock>;

} // namespace hazard

#endif // HAZARD_CIRCUIT_BREAKER_H
