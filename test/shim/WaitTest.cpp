//===- WaitTest.cpp - hazard::wait_for_or_throw ---------------------------===//
//
// Part of hazardlint's shim tests. Timeouts are short when nothing will
// signal (the wait must give up) and long when something will (the wait must
// return when signalled); no test asserts how long anything took.
//
//===----------------------------------------------------------------------===//

#include <hazard/wait.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr auto Short = 20ms;
constexpr auto Long = 10s;

TEST(WaitForOrThrow, ThrowsWhenNothingSignals) {
  std::mutex M;
  std::condition_variable CV;
  std::unique_lock<std::mutex> Lock(M);
  EXPECT_THROW(hazard::wait_for_or_throw(CV, Lock, Short, [] { return false; }),
               hazard::timeout_error);
  // The caller's lock is held again after the throw.
  EXPECT_TRUE(Lock.owns_lock());
}

TEST(WaitForOrThrow, TimeoutErrorIsARuntimeError) {
  std::mutex M;
  std::condition_variable CV;
  std::unique_lock<std::mutex> Lock(M);
  try {
    hazard::wait_for_or_throw(CV, Lock, 1ms, [] { return false; });
    FAIL() << "no timeout";
  } catch (const std::runtime_error &E) {
    EXPECT_NE(std::string(E.what()).find("wait_for_or_throw"),
              std::string::npos);
  }
}

TEST(WaitForOrThrow, ReturnsAtOnceWhenPredicateHolds) {
  std::mutex M;
  std::condition_variable CV;
  std::unique_lock<std::mutex> Lock(M);
  // A zero timeout still succeeds: the predicate is checked first.
  EXPECT_NO_THROW(
      hazard::wait_for_or_throw(CV, Lock, 0ms, [] { return true; }));
  EXPECT_TRUE(Lock.owns_lock());
}

TEST(WaitForOrThrow, ReturnsWhenSignalled) {
  std::mutex M;
  std::condition_variable CV;
  bool Ready = false;
  std::thread Producer([&] {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
    CV.notify_one();
  });
  {
    std::unique_lock<std::mutex> Lock(M);
    EXPECT_NO_THROW(
        hazard::wait_for_or_throw(CV, Lock, Long, [&] { return Ready; }));
    EXPECT_TRUE(Ready);
  }
  Producer.join();
}

TEST(WaitForOrThrow, NotificationsWithoutThePredicateStillTimeOut) {
  std::mutex M;
  std::condition_variable CV;
  std::atomic<bool> Done{false};
  // Wakes the waiter again and again; the predicate never holds.
  std::thread Noise([&] {
    while (!Done) {
      CV.notify_all();
      std::this_thread::yield();
    }
  });
  {
    std::unique_lock<std::mutex> Lock(M);
    EXPECT_THROW(
        hazard::wait_for_or_throw(CV, Lock, 50ms, [] { return false; }),
        hazard::timeout_error);
  }
  Done = true;
  Noise.join();
}

TEST(WaitForOrThrow, ConditionVariableAnyWithSharedLock) {
  std::shared_mutex M;
  std::condition_variable_any CV;
  std::atomic<bool> Ready{false};
  {
    std::shared_lock<std::shared_mutex> Lock(M);
    EXPECT_THROW(hazard::wait_for_or_throw(CV, Lock, Short,
                                           [&] { return Ready.load(); }),
                 hazard::timeout_error);
    EXPECT_TRUE(Lock.owns_lock());
  }
  std::thread Producer([&] {
    std::unique_lock<std::shared_mutex> G(M);
    Ready = true;
    CV.notify_all();
  });
  {
    std::shared_lock<std::shared_mutex> Lock(M);
    EXPECT_NO_THROW(hazard::wait_for_or_throw(CV, Lock, Long,
                                              [&] { return Ready.load(); }));
  }
  Producer.join();
}

TEST(WaitForOrThrow, ConditionVariableAnyWithTimedMutex) {
  std::timed_mutex M;
  std::condition_variable_any CV;
  std::unique_lock<std::timed_mutex> Lock(M);
  EXPECT_THROW(hazard::wait_for_or_throw(CV, Lock, Short, [] { return false; }),
               hazard::timeout_error);
}

TEST(WaitForOrThrow, WithoutPredicateThrowsWhenNobodyNotifies) {
  std::mutex M;
  std::condition_variable CV;
  std::unique_lock<std::mutex> Lock(M);
  // A spurious wakeup would return early: allow it, but never hang.
  try {
    hazard::wait_for_or_throw(CV, Lock, Short);
  } catch (const hazard::timeout_error &) {
  }
  EXPECT_TRUE(Lock.owns_lock());
}

TEST(WaitForOrThrow, WithoutPredicateReturnsWhenNotified) {
  std::mutex M;
  std::condition_variable CV;
  std::atomic<bool> Waiting{false}, Done{false};
  std::thread Notifier([&] {
    // Notify until the waiter is back: a notify before it waits is lost.
    while (!Done) {
      if (Waiting) {
        std::lock_guard<std::mutex> G(M);
        CV.notify_all();
      }
      std::this_thread::yield();
    }
  });
  {
    std::unique_lock<std::mutex> Lock(M);
    Waiting = true;
    EXPECT_NO_THROW(hazard::wait_for_or_throw(CV, Lock, Long));
  }
  Done = true;
  Notifier.join();
}

TEST(WaitForOrThrow, ManyWaitersOneBroadcast) {
  std::mutex M;
  std::condition_variable CV;
  bool Go = false;
  std::atomic<int> Woke{0}, TimedOut{0};
  std::vector<std::thread> Waiters;
  for (int I = 0; I != 8; ++I)
    Waiters.emplace_back([&] {
      std::unique_lock<std::mutex> Lock(M);
      try {
        hazard::wait_for_or_throw(CV, Lock, Long, [&] { return Go; });
        ++Woke;
      } catch (const hazard::timeout_error &) {
        ++TimedOut;
      }
    });
  {
    std::lock_guard<std::mutex> G(M);
    Go = true;
  }
  CV.notify_all();
  for (std::thread &T : Waiters)
    T.join();
  EXPECT_EQ(Woke, 8);
  EXPECT_EQ(TimedOut, 0);
}

} // namespace
