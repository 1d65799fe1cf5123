//===- hazard/backoff.h - Exponential backoff with jitter -------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::Backoff computes retry delays: each failure doubles the delay (up
/// to a cap) and jitter spreads the clients out, so a fleet that failed
/// together does not retry together. reset() after a success starts over.
/// Fixed-interval or immediate retry loops hammer a recovering dependency;
/// the retry guidance in hazardlint's docs, and the retry loops that
/// hazardlint's C++ examples use around a hazard::get_for or
/// hazard::wait_for_or_throw that timed out, use this class.
///
///   hazard::Backoff backoff(std::chrono::milliseconds(100),
///                           std::chrono::seconds(10));
///   while (!try_send()) std::this_thread::sleep_for(backoff.next());
///   backoff.reset();
///
/// One instance per retry loop; not thread-safe.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_BACKOFF_H
#define HAZARD_BACKOFF_H

#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace hazard {

class Backoff {
public:
  /// Delays start at \p initial and are multiplied by \p multiplier after
  /// each next(), up to \p max. With \p jitter j, each delay is drawn
  /// uniformly from [(1 - j) * d, d], d being the un-jittered delay: 0 gives
  /// exact delays, 1 "full jitter". Throws std::invalid_argument unless
  /// 0 <= initial <= max, multiplier >= 1 and 0 <= jitter <= 1.
  explicit Backoff(
      std::chrono::milliseconds initial = std::chrono::milliseconds(100),
      std::chrono::milliseconds max = std::chrono::milliseconds(30000),
      double multiplier = 2.0, double jitter = 0.5)
      : Initial(initial), Max(max), Multiplier(multiplier), Jitter(jitter),
        Current(static_cast<double>(initial.count())),
        Random(std::random_device{}()) {
    if (initial.count() < 0 || max < initial || !(multiplier >= 1.0) ||
        !(jitter >= 0.0 && jitter <= 1.0))
      throw std::invalid_argument("hazard::Backoff: need 0 <= initial <= max, "
                                  "multiplier >= 1, 0 <= jitter <= 1");
  }

  /// The delay to wait before the next attempt; grows with every call.
  std::chrono::milliseconds next() {
    double Delay = Current;
    ++Attempts;
    // Once at the cap, stay there: repeated multiplication would overflow.
    double Cap = static_cast<double>(Max.count());
    Current = Current * Multiplier < Cap ? Current * Multiplier : Cap;
    if (Jitter > 0.0)
      Delay *= 1.0 - Jitter * std::uniform_real_distribution<double>(0.0, 1.0)(
                                  Random);
    return std::chrono::milliseconds(static_cast<std::int64_t>(Delay));
  }

  /// Starts over from the initial delay; call it after a success.
  void reset() noexcept {
    Current = static_cast<double>(Initial.count());
    Attempts = 0;
  }

  /// How many delays next() has handed out since the last reset().
  unsigned attempts() const noexcept { return Attempts; }

  /// Makes the jitter reproducible (tests, simulations).
  void seed(std::uint32_t value) { Random.seed(value); }

private:
  std::chrono::milliseconds Initial;
  std::chrono::milliseconds Max;
  double Multiplier;
  double Jitter;
  double Current; // Next un-jittered delay, in milliseconds.
  unsigned Attempts = 0;
  std::minstd_rand Random;
};

} // namespace hazard

#endif // HAZARD_BACKOFF_H
