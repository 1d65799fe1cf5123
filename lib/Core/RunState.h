//===- RunState.h - State shared by all files of one run --------*- C++ -*-===//
//
// Most rules judge one file at a time. A few need the whole run, such as
// lock-order inversion, where A-then-B and B-then-A sit in different files.
// Their detectors record facts here while files are analysed in parallel;
// a run finisher turns the facts into findings once every file is done.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_RUNSTATE_H
#define HAZARDLINT_CORE_RUNSTATE_H

#include "Core/Finding.h"
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <vector>

namespace hazard {

class RunState {
public:
  /// Calls Fn(T &) under the run's lock; T is created on first use.
  template <class T, class Fn> void update(Fn &&F) {
    std::lock_guard<std::mutex> Lock(Mutex);
    F(slot<T>());
  }
  /// For finishers, which run after all workers have stopped.
  template <class T> T &get() {
    std::lock_guard<std::mutex> Lock(Mutex);
    return slot<T>();
  }

private:
  template <class T> T &slot() {
    auto &P = Items[std::type_index(typeid(T))];
    if (!P)
      P = std::make_shared<T>();
    return *static_cast<T *>(P.get());
  }
  std::mutex Mutex;
  std::map<std::type_index, std::shared_ptr<void>> Items;
};

/// Where run finishers put their findings: into the files of the run only.
/// A file is named as the run names it or by its absolute path. Only a
/// finding's Range offsets need to be set: the driver finalizes the files
/// that fed the run state after the finishers (positions, snippet,
/// fingerprint, order, severity) and applies their config and suppressions.
class RunSink {
public:
  explicit RunSink(std::vector<FileResult> &Files);
  /// Whether Path is a file of the run.
  bool contains(std::string_view Path) const { return fileOf(Path); }
  /// Adds F to the result of F.Path, with its paths and those of its related
  /// locations spelled as the run names them. A finding in a file outside
  /// the run is dropped.
  void add(Finding F);

private:
  FileResult *fileOf(std::string_view Path) const;
  std::map<std::string, FileResult *, std::less<>> ByPath, ByAbsolutePath;
};

/// Turns a run's recorded facts into findings.
using RunFinisher = void (*)(RunState &State, RunSink &Sink);

struct RunFinishers {
  static std::vector<RunFinisher> &all() {
    static std::vector<RunFinisher> List;
    return List;
  }
  struct Add {
    explicit Add(RunFinisher F) { all().push_back(F); }
  };
};

} // namespace hazard

/// Registers a run finisher (see RunState).
#define HAZARD_RUN_FINISHER(Fn)                                                \
  static ::hazard::RunFinishers::Add HazardRunFinisher##Fn(Fn)

#endif
