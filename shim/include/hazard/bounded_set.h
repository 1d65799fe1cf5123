//===- hazard/bounded_set.h - An unordered_set with a size cap --*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::BoundedSet is a hash set that holds at most `capacity` keys:
/// adding one more evicts the least recently used. The unbounded-container
/// fix-it rewrites
///
///   std::unordered_set<K> seen_;  ->  hazard::BoundedSet<K> seen_{N};
///
/// with N from the rule's max-size option. The fix is unsafe: an evicted key
/// is forgotten (a "seen" set may then let a duplicate through), so it suits
/// de-duplication windows and caches, not sets that must be exact. It has
/// the std operations such code uses: insert, emplace, find, count,
/// contains, erase, size, empty, clear, iteration.
///
/// As with hazard::BoundedMap: inserting a new key may evict the least
/// recently used one; insert, emplace and find make a key the most recently
/// used, count and contains do not; iteration runs from most to least
/// recently used; not thread-safe.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_BOUNDED_SET_H
#define HAZARD_BOUNDED_SET_H

#include "hazard/detail/lru_list.h"

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <utility>

namespace hazard {

template <class K, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class BoundedSet {
  struct KeyOf {
    const K &operator()(const K &Key) const { return Key; }
  };
  using Core = detail::LruList<K, K, KeyOf, Hash, Eq>;

public:
  using key_type = K;
  using value_type = K;
  using size_type = std::size_t;
  using hasher = Hash;
  using key_equal = Eq;
  // Keys cannot be changed in place, as in std::unordered_set.
  using iterator = typename Core::const_iterator;
  using const_iterator = typename Core::const_iterator;

  /// A set that keeps at most \p capacity keys. Throws
  /// std::invalid_argument when \p capacity is 0.
  explicit BoundedSet(std::size_t capacity, const Hash &hash = Hash(),
                      const Eq &eq = Eq())
      : C(capacity, hash, eq) {}

  BoundedSet(std::size_t capacity, std::initializer_list<K> init)
      : C(capacity) {
    insert(init);
  }

  // Iteration: most recently used first.
  const_iterator begin() const noexcept { return C.begin(); }
  const_iterator end() const noexcept { return C.end(); }
  const_iterator cbegin() const noexcept { return C.begin(); }
  const_iterator cend() const noexcept { return C.end(); }

  std::size_t size() const noexcept { return C.size(); }
  bool empty() const noexcept { return C.size() == 0; }
  std::size_t capacity() const noexcept { return C.capacity(); }
  std::size_t max_size() const noexcept { return C.capacity(); }

  const_iterator find(const K &key) { return C.findAndTouch(key); }
  const_iterator find(const K &key) const { return C.peek(key); }
  std::size_t count(const K &key) const { return C.peek(key) != C.end(); }
  bool contains(const K &key) const { return C.peek(key) != C.end(); }

  std::pair<const_iterator, bool> insert(const K &key) {
    return C.emplaceFront(key);
  }
  std::pair<const_iterator, bool> insert(K &&key) {
    return C.emplaceFront(std::move(key));
  }
  template <class InputIt> void insert(InputIt first, InputIt last) {
    for (; first != last; ++first)
      C.emplaceFront(*first);
  }
  void insert(std::initializer_list<K> keys) {
    insert(keys.begin(), keys.end());
  }

  template <class... Args>
  std::pair<const_iterator, bool> emplace(Args &&...args) {
    return C.emplaceFront(std::forward<Args>(args)...);
  }

  std::size_t erase(const K &key) { return C.erase(key); }
  const_iterator erase(const_iterator pos) { return C.erase(pos); }

  void clear() noexcept { C.clear(); }
  void reserve(std::size_t n) { C.reserve(n); }
  void swap(BoundedSet &other) noexcept { C.swap(other.C); }
  hasher hash_function() const { return C.hash_function(); }
  key_equal key_eq() const { return C.key_eq(); }

private:
  Core C;
};

template <class K, class Hash, class Eq>
void swap(BoundedSet<K, Hash, Eq> &a, BoundedSet<K, Hash, Eq> &b) noexcept {
  a.swap(b);
}

} // namespace hazard

#endif // HAZARD_BOUNDED_SET_H
