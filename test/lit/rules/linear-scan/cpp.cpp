// RUN: %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="linear-scan]"
// RUN: %clang_tidy --load=%tidy_plugin --checks='-*,hazard-*' %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="linear-scan]"
#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

struct Entry {
  long lastUsed;
  std::string value;
};

class Cache {
public:
  void evictOne() {
    auto byAge = [](const auto &a, const auto &b) { return a.second.lastUsed < b.second.lastUsed; };
    auto oldest = std::min_element(entries_.begin(), entries_.end(), byAge);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: {{warning|note}}: std::min_element over 'entries_' is a linear scan of the whole cache on every eviction (line [[@LINE+1]] erases the entry it picks); keep entries in eviction order: a list with a map of iterators (LRU), a priority queue, or hazard::BoundedMap [{{(hazard-)?}}linear-scan]
    entries_.erase(oldest);
  }

  // Negative: a scan that does not evict.
  long newest() const {
    auto it = std::max_element(entries_.begin(), entries_.end(),
                                [](const auto &a, const auto &b) { return a.second.lastUsed < b.second.lastUsed; });
    return it == entries_.end() ? 0 : it->second.lastUsed;
  }

private:
  std::unordered_map<std::string, Entry> entries_;
};

std::vector<int> dedupe(const std::vector<int> &in) {
  std::vector<int> seen;
  for (int x : in) {
    if (std::find(seen.begin(), seen.end(), x) == seen.end())
    // CHECK-MESSAGES: :[[@LINE-1]]:9: {{warning|note}}: std::find over 'seen' is a linear scan of a std::vector inside a loop, O(n) per iteration; keep 'seen' in a std::unordered_set (or a sorted vector with binary search) for fast lookups [{{(hazard-)?}}linear-scan]
      seen.push_back(x);
  }
  return seen;
}

// Negatives: one lookup outside a loop; a container built inside the loop.
bool contains(const std::vector<int> &v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

int perRow(const std::vector<std::vector<int>> &rows) {
  int n = 0;
  for (const auto &row : rows) {
    std::vector<int> local(row.begin(), row.end());
    n += std::count(local.begin(), local.end(), 0);
  }
  return n;
}
