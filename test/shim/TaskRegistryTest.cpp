//===- TaskRegistryTest.cpp - hazard::TaskRegistry ------------------------===//
//
// Part of hazardlint's shim tests. Tasks that must outlive a deadline block
// on a Gate that the test opens afterwards, so join_all's short deadline
// always passes first; no timing assertions.
//
//===----------------------------------------------------------------------===//

#include <hazard/task_registry.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr auto Short = 20ms;
constexpr auto Long = 10s;

/// Blocks waiters until open() is called. Shared by pointer so a task left
/// running past its registry never touches a destroyed gate.
class Gate {
public:
  void open() {
    {
      std::lock_guard<std::mutex> L(M);
      Open = true;
    }
    CV.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [this] { return Open; });
  }

private:
  std::mutex M;
  std::condition_variable CV;
  bool Open = false;
};

TEST(TaskRegistry, SpawnRunsTheTaskWithItsArguments) {
  hazard::TaskRegistry R;
  std::atomic<int> Sum{0};
  R.spawn([&Sum](int A, const std::string &B) { Sum += A + int(B.size()); }, 3,
          std::string("four"));
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(Sum, 7);
  EXPECT_EQ(R.size(), 0u);
}

void addTo(int &Target, int Amount) { Target += Amount; }

TEST(TaskRegistry, SpawnLikeStdThread) {
  hazard::TaskRegistry R;
  int Value = 1;
  R.spawn(addTo, std::ref(Value), 2); // Function, std::ref argument.
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(Value, 3);

  struct Counter {
    std::atomic<int> N{0};
    void bump(int By) { N += By; }
  } C;
  R.spawn(&Counter::bump, &C, 5); // Member function pointer.
  auto Owned = std::make_unique<int>(11);
  std::atomic<int> Seen{0};
  R.spawn([&Seen](std::unique_ptr<int> P) { Seen = *P; }, std::move(Owned));
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(C.N, 5);
  EXPECT_EQ(Seen, 11);
}

TEST(TaskRegistry, JoinAllTimesOutWhileATaskRuns) {
  hazard::TaskRegistry R;
  auto G = std::make_shared<Gate>();
  R.spawn([G] { G->wait(); });
  EXPECT_FALSE(R.join_all(Short));
  EXPECT_EQ(R.size(), 1u);
  G->open();
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(R.size(), 0u);
}

TEST(TaskRegistry, AdoptJoinsARunningThread) {
  hazard::TaskRegistry R;
  auto G = std::make_shared<Gate>();
  std::atomic<bool> Ran{false};
  std::thread T([G, &Ran] {
    G->wait();
    Ran = true;
  });
  R.adopt(std::move(T));
  EXPECT_FALSE(T.joinable());
  EXPECT_EQ(R.size(), 1u);
  EXPECT_FALSE(R.join_all(Short));
  G->open();
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_TRUE(Ran);
}

TEST(TaskRegistry, AdoptRejectsAnEmptyThreadLikeDetach) {
  hazard::TaskRegistry R;
  std::thread Empty;
  EXPECT_THROW(R.adopt(std::move(Empty)), std::system_error);
  EXPECT_EQ(R.size(), 0u);
}

TEST(TaskRegistry, FinishedTasksAreJoinedWithoutJoinAll) {
  hazard::TaskRegistry R;
  for (int I = 0; I != 50; ++I)
    R.spawn([] {});
  // Nothing blocks the tasks: size() drops to 0 without join_all.
  while (R.size() != 0)
    std::this_thread::yield();
  EXPECT_TRUE(R.join_all(Long));
}

TEST(TaskRegistry, ConcurrentSpawnAdoptAndJoin) {
  hazard::TaskRegistry R;
  std::atomic<int> Count{0};
  std::vector<std::thread> Spawners;
  for (int S = 0; S != 4; ++S)
    Spawners.emplace_back([&R, &Count, S] {
      for (int I = 0; I != 25; ++I) {
        if ((I + S) % 2)
          R.spawn([&Count] { ++Count; });
        else
          R.adopt(std::thread([&Count] { ++Count; }));
        if (I % 10 == 0)
          R.join_all(0ms); // Reaps concurrently with the other spawners.
      }
    });
  for (std::thread &T : Spawners)
    T.join();
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(Count, 100);
  EXPECT_EQ(R.size(), 0u);
}

TEST(TaskRegistry, TasksMaySpawnTasks) {
  hazard::TaskRegistry R;
  std::atomic<int> Depth{0};
  std::function<void(int)> Nest = [&](int N) {
    ++Depth;
    if (N > 0)
      R.spawn(Nest, N - 1);
  };
  R.spawn(Nest, 5);
  // A task still spawning when join_all starts is waited for too.
  while (Depth != 6)
    std::this_thread::yield();
  EXPECT_TRUE(R.join_all(Long));
  EXPECT_EQ(Depth, 6);
}

TEST(TaskRegistry, DestructorJoinsFinishingTasks) {
  std::atomic<int> Done{0};
  auto G = std::make_shared<Gate>();
  {
    hazard::TaskRegistry R(Long);
    for (int I = 0; I != 4; ++I)
      R.spawn([G, &Done] {
        G->wait();
        ++Done;
      });
    G->open();
  } // Waits for all four.
  EXPECT_EQ(Done, 4);
}

TEST(TaskRegistry, DestructorGivesUpOnAStuckTask) {
  auto G = std::make_shared<Gate>();
  auto Finished = std::make_shared<std::atomic<bool>>(false);
  {
    hazard::TaskRegistry R(Short);
    R.spawn([G, Finished] {
      G->wait();
      *Finished = true;
    });
  } // Gives up after the deadline, without std::terminate.
  EXPECT_FALSE(*Finished);
  G->open(); // The task ends later, on its own.
  while (!*Finished)
    std::this_thread::yield();
}

TEST(TaskRegistry, GlobalIsOneInstance) {
  EXPECT_EQ(&hazard::TaskRegistry::global(), &hazard::TaskRegistry::global());
  std::atomic<bool> Ran{false};
  hazard::TaskRegistry::global().spawn([&Ran] { Ran = true; });
  EXPECT_TRUE(hazard::TaskRegistry::global().join_all(Long));
  EXPECT_TRUE(Ran);
}

} // namespace
