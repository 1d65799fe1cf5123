//===- hazard/task_registry.h - Threads joined at shutdown ------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::TaskRegistry owns threads that code would otherwise detach. A
/// detached thread is fire-and-forget: nobody learns when it ends or how,
/// and at exit it is killed mid-write or runs on while statics are torn
/// down. The registry keeps every thread it is given, joins each one as soon
/// as it finishes (so finished threads do not pile up unjoined), and at
/// shutdown joins the rest within a deadline. The fire-and-forget fix-it
/// rewrites
///
///   t.detach();
///     -> hazard::TaskRegistry::global().adopt(std::move(t));
///   std::thread(f, a).detach();
///     -> hazard::TaskRegistry::global().spawn(f, a);
///
/// spawn(f, args...) runs f(args...) on a new thread exactly as
/// std::thread(f, args...) would (arguments are decay-copied; use std::ref
/// to pass a reference; an escaping exception calls std::terminate).
/// adopt(t) takes a thread that is already running. The registry cannot see
/// inside it, so it starts a small joiner thread that waits for it: prefer
/// spawn where the thread is created right there.
///
/// The destructor calls join_all(shutdown deadline). Threads still running
/// at the deadline are detached as a last resort, since destroying a
/// joinable std::thread would call std::terminate. global()'s registry is a
/// function-local static, destroyed at exit; threads must not call global()
/// after that.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_TASK_REGISTRY_H
#define HAZARD_TASK_REGISTRY_H

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace hazard {

class TaskRegistry {
public:
  /// How long the destructor waits for running threads by default.
  static constexpr std::chrono::milliseconds kDefaultShutdownDeadline{5000};

  explicit TaskRegistry(
      std::chrono::milliseconds shutdown_deadline = kDefaultShutdownDeadline)
      : S(std::make_shared<State>()), ShutdownDeadline(shutdown_deadline) {}

  TaskRegistry(const TaskRegistry &) = delete;
  TaskRegistry &operator=(const TaskRegistry &) = delete;

  /// The process-wide registry the fix-its use, joined at exit.
  static TaskRegistry &global() {
    static TaskRegistry Registry;
    return Registry;
  }

  /// Takes ownership of the running thread \p t. Throws std::system_error
  /// (invalid_argument) if \p t is not joinable, as t.detach() would.
  void adopt(std::thread t) {
    if (!t.joinable())
      throw std::system_error(
          std::make_error_code(std::errc::invalid_argument),
          "hazard::TaskRegistry::adopt: thread is not joinable");
    spawn(Joiner{std::move(t)});
  }

  /// Runs f(args...) on a new thread the registry owns.
  template <class F, class... Args> void spawn(F &&f, Args &&...args) {
    reap();
    std::lock_guard<std::mutex> Lock(S->M);
    // The list node exists before the thread does, so the thread can always
    // find itself; it cannot finish before we unlock.
    S->Running.emplace_back();
    auto Self = std::prev(S->Running.end());
    try {
      *Self = std::thread(Runner{S, Self}, std::forward<F>(f),
                          std::forward<Args>(args)...);
    } catch (...) {
      S->Running.erase(Self);
      throw;
    }
  }

  /// Waits until every thread adopted or spawned so far has finished, for at
  /// most \p deadline, and joins them. Returns true when none is left
  /// running, false when the deadline passed first (the stragglers stay
  /// owned and a later call may join them).
  bool join_all(std::chrono::milliseconds deadline) {
    reap();
    bool Done;
    {
      std::unique_lock<std::mutex> Lock(S->M);
      Done = S->Changed.wait_for(Lock, deadline,
                                 [this] { return S->Running.empty(); });
    }
    reap();
    return Done;
  }

  /// Number of threads adopted or spawned that have not finished yet.
  std::size_t size() const {
    std::lock_guard<std::mutex> Lock(S->M);
    return S->Running.size();
  }

  ~TaskRegistry() {
    if (join_all(ShutdownDeadline))
      return;
    {
      // Last resort. The threads keep S alive until they end.
      std::lock_guard<std::mutex> Lock(S->M);
      for (std::thread &T : S->Running)
        T.detach();
    }
    reap(); // Those that ended since join_all gave up.
  }

private:
  using ThreadList = std::list<std::thread>;

  struct State {
    mutable std::mutex M;
    std::condition_variable Changed;
    ThreadList Running;  // Not finished yet.
    ThreadList Finished; // Finished, waiting to be joined.
  };

  /// The body of every registry thread: runs the task, then moves its own
  /// std::thread to Finished (a splice: no allocation, cannot fail).
  struct Runner {
    std::shared_ptr<State> S;
    ThreadList::iterator Self;

    template <class F, class... Args> void operator()(F &&f, Args &&...args) {
      std::invoke(std::forward<F>(f), std::forward<Args>(args)...);
      {
        std::lock_guard<std::mutex> Lock(S->M);
        S->Finished.splice(S->Finished.end(), S->Running, Self);
      }
      S->Changed.notify_all();
    }
  };

  /// Waits for an adopted thread. If the joiner thread cannot be started,
  /// the adopted thread is detached, which is what the code did before.
  struct Joiner {
    std::thread T;
    Joiner(std::thread t) : T(std::move(t)) {}
    Joiner(Joiner &&) = default;
    ~Joiner() {
      if (T.joinable())
        T.detach();
    }
    void operator()() { T.join(); }
  };

  /// Joins the threads that have finished their task. They are past their
  /// last use of S, so join returns at once; it runs unlocked all the same.
  void reap() {
    ThreadList Done;
    {
      std::lock_guard<std::mutex> Lock(S->M);
      Done.swap(S->Finished);
    }
    for (std::thread &T : Done)
      if (T.joinable())
        T.join();
  }

  std::shared_ptr<State> S;
  std::chrono::milliseconds ShutdownDeadline;
};

} // namespace hazard

#endif // HAZARD_TASK_REGISTRY_H
