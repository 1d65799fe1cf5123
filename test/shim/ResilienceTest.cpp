//===- ResilienceTest.cpp - Backoff, CircuitBreaker, SingleFlight ---------===//
//
// Part of hazardlint's shim tests. Where time matters, a wait is either long
// enough that it cannot pass during the test (the breaker must stay open)
// or already over (we sleep past a short open duration); no test asserts
// how long anything took.
//
//===----------------------------------------------------------------------===//

#include <hazard/backoff.h>
#include <hazard/circuit_breaker.h>
#include <hazard/single_flight.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

// Backoff ------------------------------------------------------------------

TEST(Backoff, DoublesUpToTheCapWithoutJitter) {
  hazard::Backoff B(10ms, 100ms, 2.0, 0.0);
  std::vector<long> Delays;
  for (int I = 0; I != 7; ++I)
    Delays.push_back(long(B.next().count()));
  EXPECT_EQ(Delays, (std::vector<long>{10, 20, 40, 80, 100, 100, 100}));
  EXPECT_EQ(B.attempts(), 7u);
}

TEST(Backoff, ResetStartsOver) {
  hazard::Backoff B(5ms, 1000ms, 3.0, 0.0);
  B.next();
  B.next();
  B.reset();
  EXPECT_EQ(B.attempts(), 0u);
  EXPECT_EQ(B.next(), 5ms);
  EXPECT_EQ(B.next(), 15ms);
}

TEST(Backoff, JitterStaysInItsBand) {
  hazard::Backoff B(100ms, 100ms, 2.0, 0.5);
  B.seed(1234);
  bool Varied = false;
  milliseconds First = B.next();
  for (int I = 0; I != 200; ++I) {
    milliseconds D = B.next();
    EXPECT_GE(D, 50ms);
    EXPECT_LE(D, 100ms);
    Varied |= D != First;
  }
  EXPECT_TRUE(Varied);
}

TEST(Backoff, SameSeedSameDelays) {
  hazard::Backoff A(10ms, 10000ms, 2.0, 1.0), B(10ms, 10000ms, 2.0, 1.0);
  A.seed(7);
  B.seed(7);
  for (int I = 0; I != 20; ++I)
    EXPECT_EQ(A.next(), B.next());
}

TEST(Backoff, ManyAttemptsDoNotOverflow) {
  hazard::Backoff B(1ms, 60000ms, 10.0, 0.0);
  milliseconds Last{};
  for (int I = 0; I != 10000; ++I)
    Last = B.next();
  EXPECT_EQ(Last, 60000ms);
}

TEST(Backoff, RejectsBadParameters) {
  EXPECT_THROW(hazard::Backoff(10ms, 5ms), std::invalid_argument);
  EXPECT_THROW(hazard::Backoff(-1ms, 5ms), std::invalid_argument);
  EXPECT_THROW(hazard::Backoff(1ms, 5ms, 0.5), std::invalid_argument);
  EXPECT_THROW(hazard::Backoff(1ms, 5ms, 2.0, 1.5), std::invalid_argument);
  EXPECT_NO_THROW(hazard::Backoff());
}

// CircuitBreaker -----------------------------------------------------------

using State = hazard::CircuitBreaker::State;

TEST(CircuitBreaker, OpensAfterConsecutiveFailures) {
  hazard::CircuitBreaker CB(3, 10s);
  EXPECT_TRUE(CB.allow());
  CB.record_failure();
  CB.record_failure();
  CB.record_success(); // Not consecutive any more.
  EXPECT_EQ(CB.failures(), 0u);
  CB.record_failure();
  CB.record_failure();
  EXPECT_EQ(CB.state(), State::Closed);
  CB.record_failure();
  EXPECT_EQ(CB.state(), State::Open);
  // The open duration cannot pass during the test.
  EXPECT_FALSE(CB.allow());
  EXPECT_FALSE(CB.allow());
}

TEST(CircuitBreaker, HalfOpenProbeSuccessCloses) {
  hazard::CircuitBreaker CB(1, 20ms);
  CB.record_failure();
  EXPECT_EQ(CB.state(), State::Open);
  std::this_thread::sleep_for(50ms); // Past the open duration.
  EXPECT_TRUE(CB.allow());           // The probe.
  EXPECT_EQ(CB.state(), State::HalfOpen);
  CB.record_success();
  EXPECT_EQ(CB.state(), State::Closed);
  EXPECT_TRUE(CB.allow());
  EXPECT_TRUE(CB.allow());
}

/// A clock that moves only when told to, for the probe rules.
struct ManualClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ManualClock>;
  static constexpr bool is_steady = true;
  static inline time_point Now{};
  static time_point now() { return Now; }
  static void advance(duration D) { Now += D; }
};
using ManualBreaker = hazard::BasicCircuitBreaker<ManualClock>;

TEST(CircuitBreaker, HalfOpenAdmitsLimitedProbes) {
  ManualBreaker CB(1, 100ms, 2);
  CB.record_failure();
  ManualClock::advance(99ms);
  EXPECT_FALSE(CB.allow());
  ManualClock::advance(1ms);
  EXPECT_TRUE(CB.allow()); // Two probes at a time.
  EXPECT_TRUE(CB.allow());
  EXPECT_FALSE(CB.allow());
  EXPECT_EQ(CB.state(), State::HalfOpen);
  // Probes whose results never came stop blocking after the open duration.
  ManualClock::advance(100ms);
  EXPECT_TRUE(CB.allow());
  CB.record_success();
  EXPECT_EQ(CB.state(), State::Closed);
}

TEST(CircuitBreaker, ProbeFailureReopensForAFullDuration) {
  ManualBreaker CB(2, 100ms);
  CB.record_failure();
  CB.record_failure();
  ManualClock::advance(100ms);
  ASSERT_TRUE(CB.allow());
  ManualClock::advance(50ms);
  CB.record_failure();
  EXPECT_EQ(CB.state(), State::Open);
  ManualClock::advance(99ms);
  EXPECT_FALSE(CB.allow());
  ManualClock::advance(1ms);
  EXPECT_TRUE(CB.allow());
}

TEST(CircuitBreaker, LateResultsWhileOpenAreIgnored) {
  hazard::CircuitBreaker CB(1, 10s);
  CB.record_failure();
  CB.record_success(); // Started before it opened.
  EXPECT_EQ(CB.state(), State::Open);
  EXPECT_FALSE(CB.allow());
}

TEST(CircuitBreaker, RejectsZeroCounts) {
  EXPECT_THROW(hazard::CircuitBreaker(0), std::invalid_argument);
  EXPECT_THROW(hazard::CircuitBreaker(1, 1s, 0), std::invalid_argument);
}

TEST(CircuitBreaker, SharedByManyThreads) {
  hazard::CircuitBreaker CB(5, 10s);
  std::atomic<int> Allowed{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T != 4; ++T)
    Threads.emplace_back([&, T] {
      for (int I = 0; I != 500; ++I) {
        if (!CB.allow())
          continue;
        ++Allowed;
        if ((I + T) % 3)
          CB.record_success();
        else
          CB.record_failure();
        (void)CB.state();
      }
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_GT(Allowed, 0);
  // Every path ends in one of the three states; force it open and check
  // that it refuses.
  for (int I = 0; I != 5; ++I)
    CB.record_failure();
  if (CB.state() == State::Open) {
    EXPECT_FALSE(CB.allow());
  }
}

// SingleFlight -------------------------------------------------------------

/// Lets the test hold the leader inside fn() until every caller has joined.
struct Hold {
  std::mutex M;
  std::condition_variable CV;
  bool Released = false;
  void release() {
    {
      std::lock_guard<std::mutex> L(M);
      Released = true;
    }
    CV.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [this] { return Released; });
  }
};

TEST(SingleFlight, ConcurrentCallersShareOneCall) {
  hazard::SingleFlight<std::string, int> Flight;
  Hold H;
  std::atomic<int> Calls{0};
  auto Fn = [&] {
    ++Calls;
    H.wait();
    return 42;
  };
  constexpr int N = 8;
  std::vector<int> Results(N);
  std::vector<std::thread> Threads;
  for (int I = 0; I != N; ++I)
    Threads.emplace_back([&, I] { Results[I] = Flight.do_("k", Fn); });
  while (Flight.callers("k") != N)
    std::this_thread::yield();
  H.release();
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Calls, 1);
  EXPECT_EQ(Results, std::vector<int>(N, 42));
  EXPECT_EQ(Flight.in_flight(), 0u);
}

TEST(SingleFlight, SharedExceptionReachesEveryCaller) {
  hazard::SingleFlight<int, int> Flight;
  Hold H;
  auto Fn = [&]() -> int {
    H.wait();
    throw std::runtime_error("backend down");
  };
  std::atomic<int> Failed{0};
  std::vector<std::thread> Threads;
  for (int I = 0; I != 4; ++I)
    Threads.emplace_back([&] {
      try {
        Flight.do_(1, Fn);
      } catch (const std::runtime_error &) {
        ++Failed;
      }
    });
  while (Flight.callers(1) != 4)
    std::this_thread::yield();
  H.release();
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Failed, 4);
  EXPECT_EQ(Flight.in_flight(), 0u);
}

TEST(SingleFlight, DifferentKeysRunConcurrently) {
  hazard::SingleFlight<int, int> Flight;
  std::mutex M;
  std::condition_variable CV;
  int Started = 0;
  // Each call waits for the other to start: they must overlap.
  auto Fn = [&](int V) {
    return [&, V] {
      std::unique_lock<std::mutex> L(M);
      ++Started;
      CV.notify_all();
      bool Both = CV.wait_for(L, 10s, [&] { return Started == 2; });
      return Both ? V : -1;
    };
  };
  int A = 0, B = 0;
  std::thread TA([&] { A = Flight.do_(1, Fn(10)); });
  std::thread TB([&] { B = Flight.do_(2, Fn(20)); });
  TA.join();
  TB.join();
  EXPECT_EQ(A, 10);
  EXPECT_EQ(B, 20);
}

TEST(SingleFlight, NoCachingAcrossCalls) {
  hazard::SingleFlight<int, int> Flight;
  int Calls = 0;
  EXPECT_EQ(Flight.do_(1, [&] { return ++Calls; }), 1);
  EXPECT_EQ(Flight.do_(1, [&] { return ++Calls; }), 2);
  EXPECT_EQ(Flight.in_flight(), 0u);
  EXPECT_EQ(Flight.callers(1), 0u);
}

TEST(SingleFlight, DoForTimesOutAJoinerNotTheLeader) {
  hazard::SingleFlight<int, std::string> Flight;
  Hold H;
  std::string LeaderResult;
  std::thread Leader([&] {
    LeaderResult = Flight.do_(1, [&] {
      H.wait();
      return std::string("slow");
    });
  });
  while (Flight.callers(1) != 1)
    std::this_thread::yield();
  EXPECT_THROW(Flight.do_for(
                   1, [] { return std::string("unused"); }, 20ms),
               hazard::timeout_error);
  H.release();
  Leader.join();
  EXPECT_EQ(LeaderResult, "slow");
  // With nothing running, do_for leads the call itself.
  EXPECT_EQ(Flight.do_for(
                1, [] { return std::string("fresh"); }, 20ms),
            "fresh");
}

TEST(SingleFlight, DoForJoinerGetsTheResultWhenInTime) {
  hazard::SingleFlight<int, int> Flight;
  Hold H;
  std::thread Leader([&] {
    Flight.do_(1, [&] {
      H.wait();
      return 5;
    });
  });
  while (Flight.callers(1) != 1)
    std::this_thread::yield();
  int Joined = 0;
  std::thread Joiner([&] {
    Joined = Flight.do_for(
        1, [] { return -1; }, 10s);
  });
  while (Flight.callers(1) != 2)
    std::this_thread::yield();
  H.release();
  Leader.join();
  Joiner.join();
  EXPECT_EQ(Joined, 5);
}

} // namespace
