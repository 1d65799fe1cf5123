// The CLI and the clang-tidy plugin run the same check: same messages, same fixes.
// RUN: not %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="unbounded-container]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="unbounded-container]"
//
// The fix is unsafe (entries get evicted): --unsafe-fixes, or --fix-notes.
// RUN: cp %s %t.cli.cpp
// RUN: not %hazardlint check --fix --unsafe-fixes --select unbounded-container %t.cli.cpp -- -std=c++17
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.cli.cpp
// RUN: %clangxx -fsyntax-only -std=c++17 -I%shim_include %t.cli.cpp
// RUN: cp %t.cli.cpp %t.cli.once.cpp
// RUN: not %hazardlint check --fix --unsafe-fixes --select unbounded-container %t.cli.cpp -- -std=c++17 -I%shim_include
// RUN: diff %t.cli.once.cpp %t.cli.cpp
//
// RUN: cp %s %t.tidy.cpp
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' --fix-notes %t.tidy.cpp -- -std=c++17
// RUN: diff %t.cli.once.cpp %t.tidy.cpp
//
// Options reach the check: the capacity comes from max-size.
// RUN: cp %s %t.opt.cpp
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' --config="{CheckOptions: {hazard-unbounded-container.max-size: 64}}" --fix-notes %t.opt.cpp -- -std=c++17
// RUN: FileCheck %s --check-prefix=CHECK-OPTION --input-file=%t.opt.cpp

#include <deque>
#include <map>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>
// CHECK-FIXES: #include <hazard/bounded_map.h>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include <hazard/bounded_set.h>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include <deque>

class SessionCache {
public:
  void login(const std::string &user, int id) { sessions_[user] = id; }
  int find(const std::string &user) const {
    auto It = sessions_.find(user);
    return It == sessions_.end() ? -1 : It->second;
  }
  void remember(const std::string &token) { seen_.insert(token); }
  bool known(const std::string &token) const { return seen_.count(token) != 0; }
  void log(const std::string &line) { lines_.push_back(line); }

private:
  std::unordered_map<std::string, int> sessions_;
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: member 'SessionCache::sessions_' grows without bound: operator[]() adds to it and nothing erases, clears or pops it; bound it (hazard::BoundedMap / BoundedSet evict the least recently used entry) or remove entries when they are done [{{(hazard-)?}}unbounded-container]
  // CHECK-FIXES: hazard::BoundedMap<std::string, int> sessions_{1000};
  // CHECK-OPTION: hazard::BoundedMap<std::string, int> sessions_{64};
  std::unordered_set<std::string> seen_;
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: member 'SessionCache::seen_' grows without bound: insert() adds{{.*}}unbounded-container]
  // CHECK-FIXES: hazard::BoundedSet<std::string> seen_{1000};
  std::vector<std::string> lines_;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: member 'SessionCache::lines_' grows without bound: push_back() adds{{.*}}unbounded-container]
  // CHECK-FIXES: std::vector<std::string> lines_;
};

namespace {
std::map<int, std::string> names;
// CHECK-MESSAGES: :[[@LINE-1]]:28: warning: static '(anonymous namespace)::names' grows without bound: emplace() adds{{.*}}unbounded-container]
}
void name(int id, std::string n) { names.emplace(id, std::move(n)); }

// Negatives: containers that something empties.
class Bounded {
public:
  void add(int v) {
    queue_.push(v);
    items_[v] = v;
    batch_.push_back(v);
    history_.push_back(v);
    ids_.insert(v);
    shared_.insert(v);
  }
  void drain() {
    while (!queue_.empty())
      queue_.pop();
    auto sent = std::move(batch_);
    if (history_.size() > 100)
      history_.erase(history_.begin());
    ids_ = {};
    trim(shared_);
  }
  void forget(int v) { items_.erase(v); }

private:
  static void trim(std::unordered_set<int> &s);
  std::queue<int> queue_;
  std::map<int, int> items_;
  std::vector<int> batch_;
  std::deque<int> history_;
  std::unordered_set<int> ids_;
  std::unordered_set<int> shared_;
};

// Filled once in the constructor; read afterwards.
class Table {
public:
  Table() {
    for (int i = 0; i < 10; ++i)
      squares_.push_back(i * i);
  }
  int at(int i) const { return squares_[i]; }

private:
  std::vector<int> squares_;
};

// A method defined elsewhere might erase: the plugin cannot tell, so it does
// not report (the CLI judges with every file of the run).
class Partial {
public:
  void add(int v) { values_.push_back(v); }
  void prune();

private:
  std::vector<int> values_;
};

// Function-local containers die with the call.
int local() {
  std::vector<int> v;
  std::unordered_map<int, int> m;
  for (int i = 0; i < 10; ++i) {
    v.push_back(i);
    m[i] = i;
  }
  return v.size() + m.size();
}

// Methods named insert/push_back on unrelated classes.
struct Log {
  void push_back(int);
  void insert(int);
};
class UsesLog {
public:
  void f() { log_.push_back(1); log_.insert(2); }

private:
  Log log_;
};
