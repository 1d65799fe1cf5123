//===- FutureTest.cpp - hazard::get_for -----------------------------------===//
//
// Part of hazardlint's shim tests. Short timeouts where nothing will make
// the future ready, long ones where something will; no timing assertions.
//
//===----------------------------------------------------------------------===//

#include <hazard/future.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr auto Short = 20ms;
constexpr auto Long = 10s;

TEST(GetFor, ThrowsWhenNeverReadyAndFutureStaysUsable) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  EXPECT_THROW(hazard::get_for(F, Short), hazard::timeout_error);
  EXPECT_TRUE(F.valid());
  P.set_value(7);
  EXPECT_EQ(hazard::get_for(F, Short), 7);
  EXPECT_FALSE(F.valid()); // Consumed, as by get().
}

TEST(GetFor, ReturnsWhenReadyFromAnotherThread) {
  std::promise<std::string> P;
  std::future<std::string> F = P.get_future();
  std::thread Producer([&] { P.set_value("done"); });
  EXPECT_EQ(hazard::get_for(F, Long), "done");
  Producer.join();
}

TEST(GetFor, AsyncTask) {
  std::future<int> F = std::async(std::launch::async, [] { return 41 + 1; });
  EXPECT_EQ(hazard::get_for(F, Long), 42);
}

TEST(GetFor, DeferredTaskRunsInThisThread) {
  std::thread::id Caller = std::this_thread::get_id();
  std::future<std::thread::id> F = std::async(
      std::launch::deferred, [] { return std::this_thread::get_id(); });
  EXPECT_EQ(hazard::get_for(F, 0ms), Caller);
}

TEST(GetFor, RethrowsTheStoredException) {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  P.set_exception(std::make_exception_ptr(std::logic_error("boom")));
  EXPECT_THROW(hazard::get_for(F, Long), std::logic_error);
}

TEST(GetFor, MoveOnlyValue) {
  std::promise<std::unique_ptr<int>> P;
  auto F = P.get_future();
  P.set_value(std::make_unique<int>(5));
  std::unique_ptr<int> V = hazard::get_for(F, Long);
  ASSERT_TRUE(V);
  EXPECT_EQ(*V, 5);
}

TEST(GetFor, Void) {
  std::promise<void> P;
  std::future<void> F = P.get_future();
  EXPECT_THROW(hazard::get_for(F, Short), hazard::timeout_error);
  std::thread Producer([&] { P.set_value(); });
  EXPECT_NO_THROW(hazard::get_for(F, Long));
  Producer.join();
}

TEST(GetFor, Reference) {
  int Target = 1;
  std::promise<int &> P;
  std::future<int &> F = P.get_future();
  EXPECT_THROW(hazard::get_for(F, Short), hazard::timeout_error);
  P.set_value(Target);
  int &R = hazard::get_for(F, Long);
  EXPECT_EQ(&R, &Target);
}

TEST(GetFor, SharedFuture) {
  std::promise<int> P;
  std::shared_future<int> F = P.get_future().share();
  EXPECT_THROW(hazard::get_for(F, Short), hazard::timeout_error);
  std::thread Producer([&] { P.set_value(9); });
  const int &A = hazard::get_for(F, Long);
  const int &B = hazard::get_for(F, Long);
  EXPECT_EQ(A, 9);
  EXPECT_EQ(&A, &B); // The shared value itself, not a copy.
  EXPECT_TRUE(F.valid());
  Producer.join();
}

TEST(GetFor, SharedFutureManyReaders) {
  std::promise<int> P;
  std::shared_future<int> F = P.get_future().share();
  std::vector<std::thread> Readers;
  std::atomic<int> Sum{0};
  for (int I = 0; I != 8; ++I)
    Readers.emplace_back([F, &Sum] { Sum += hazard::get_for(F, Long); });
  P.set_value(3);
  for (std::thread &T : Readers)
    T.join();
  EXPECT_EQ(Sum, 24);
}

TEST(GetFor, SharedFutureVoidAndReference) {
  std::promise<void> PV;
  std::shared_future<void> FV = PV.get_future().share();
  EXPECT_THROW(hazard::get_for(FV, Short), hazard::timeout_error);
  PV.set_value();
  EXPECT_NO_THROW(hazard::get_for(FV, Long));

  int Target = 0;
  std::promise<int &> PR;
  std::shared_future<int &> FR = PR.get_future().share();
  PR.set_value(Target);
  EXPECT_EQ(&hazard::get_for(FR, Long), &Target);
}

TEST(GetFor, InvalidFutureIsNoState) {
  std::future<int> F;
  try {
    hazard::get_for(F, Short);
    FAIL() << "no exception";
  } catch (const std::future_error &E) {
    EXPECT_EQ(E.code(), std::make_error_code(std::future_errc::no_state));
  }
}

TEST(GetFor, BrokenPromise) {
  std::future<int> F;
  {
    std::promise<int> P;
    F = P.get_future();
  }
  EXPECT_THROW(hazard::get_for(F, Long), std::future_error);
}

} // namespace
