//===- hazard/bounded_map.h - An unordered_map with a size cap --*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::BoundedMap is a hash map that holds at most `capacity` entries:
/// adding one more evicts the least recently used. A member map that code
/// only ever adds to grows for as long as the process lives; this one
/// cannot. The unbounded-container fix-it rewrites
///
///   std::unordered_map<K, V> m_;  ->  hazard::BoundedMap<K, V> m_{N};
///
/// with N from the rule's max-size option. The fix is unsafe: an evicted
/// entry is gone, so it suits caches and memo tables, not data that must be
/// kept. Code that uses the map keeps compiling: it has the std operations
/// such code uses (operator[], at, find, count, contains, insert,
/// insert_or_assign, emplace, try_emplace, erase, size, empty, clear,
/// iteration with `auto &[k, v]`).
///
/// Differences from std::unordered_map:
/// - Any insertion of a new key may evict the least recently used entry,
///   invalidating references and iterators to it (and only to it).
/// - operator[], at, find and the insertions (also of a key that is already
///   there) make the entry the most recently used; count, contains and the
///   const overloads do not.
/// - Iteration runs from the most to the least recently used entry. Do not
///   look keys up while iterating: the lookup reorders the entries.
/// - Not thread-safe, like the std containers: guard it with a mutex.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_BOUNDED_MAP_H
#define HAZARD_BOUNDED_MAP_H

#include "hazard/detail/lru_list.h"

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>

namespace hazard {

template <class K, class V, class Hash = std::hash<K>,
          class Eq = std::equal_to<K>>
class BoundedMap {
  struct KeyOf {
    const K &operator()(const std::pair<const K, V> &P) const {
      return P.first;
    }
  };
  using Core = detail::LruList<K, std::pair<const K, V>, KeyOf, Hash, Eq>;

public:
  using key_type = K;
  using mapped_type = V;
  using value_type = std::pair<const K, V>;
  using size_type = std::size_t;
  using hasher = Hash;
  using key_equal = Eq;
  using reference = value_type &;
  using const_reference = const value_type &;
  using iterator = typename Core::iterator;
  using const_iterator = typename Core::const_iterator;

  /// A map that keeps at most \p capacity entries. Throws
  /// std::invalid_argument when \p capacity is 0.
  explicit BoundedMap(std::size_t capacity, const Hash &hash = Hash(),
                      const Eq &eq = Eq())
      : C(capacity, hash, eq) {}

  BoundedMap(std::size_t capacity, std::initializer_list<value_type> init)
      : C(capacity) {
    insert(init);
  }

  // Iteration: most recently used first.
  iterator begin() noexcept { return C.begin(); }
  iterator end() noexcept { return C.end(); }
  const_iterator begin() const noexcept { return C.begin(); }
  const_iterator end() const noexcept { return C.end(); }
  const_iterator cbegin() const noexcept { return C.begin(); }
  const_iterator cend() const noexcept { return C.end(); }

  std::size_t size() const noexcept { return C.size(); }
  bool empty() const noexcept { return C.size() == 0; }
  std::size_t capacity() const noexcept { return C.capacity(); }
  std::size_t max_size() const noexcept { return C.capacity(); }

  V &operator[](const K &key) { return try_emplace(key).first->second; }
  V &operator[](K &&key) { return try_emplace(std::move(key)).first->second; }

  /// The value for \p key; throws std::out_of_range if there is none.
  V &at(const K &key) {
    iterator It = C.findAndTouch(key);
    if (It == C.end())
      throw std::out_of_range("hazard::BoundedMap::at: no such key");
    return It->second;
  }
  const V &at(const K &key) const {
    const_iterator It = C.peek(key);
    if (It == C.end())
      throw std::out_of_range("hazard::BoundedMap::at: no such key");
    return It->second;
  }

  iterator find(const K &key) { return C.findAndTouch(key); }
  const_iterator find(const K &key) const { return C.peek(key); }
  std::size_t count(const K &key) const { return C.peek(key) != C.end(); }
  bool contains(const K &key) const { return C.peek(key) != C.end(); }

  std::pair<iterator, bool> insert(const value_type &value) {
    return C.emplaceFront(value);
  }
  std::pair<iterator, bool> insert(value_type &&value) {
    return C.emplaceFront(std::move(value));
  }
  template <class P, std::enable_if_t<std::is_constructible_v<value_type, P &&>,
                                      int> = 0>
  std::pair<iterator, bool> insert(P &&value) {
    return C.emplaceFront(std::forward<P>(value));
  }
  template <class InputIt> void insert(InputIt first, InputIt last) {
    for (; first != last; ++first)
      C.emplaceFront(*first);
  }
  void insert(std::initializer_list<value_type> values) {
    insert(values.begin(), values.end());
  }

  template <class M>
  std::pair<iterator, bool> insert_or_assign(const K &key, M &&value) {
    auto Result = try_emplace(key, std::forward<M>(value));
    if (!Result.second)
      Result.first->second = std::forward<M>(value);
    return Result;
  }
  template <class M>
  std::pair<iterator, bool> insert_or_assign(K &&key, M &&value) {
    if (iterator It = C.findAndTouch(key); It != C.end()) {
      It->second = std::forward<M>(value);
      return {It, false};
    }
    return try_emplace(std::move(key), std::forward<M>(value));
  }

  template <class... Args> std::pair<iterator, bool> emplace(Args &&...args) {
    return C.emplaceFront(std::forward<Args>(args)...);
  }

  /// Inserts V(args...) under \p key unless \p key is there; then it leaves
  /// \p args alone, as std::unordered_map::try_emplace does.
  template <class... Args>
  std::pair<iterator, bool> try_emplace(const K &key, Args &&...args) {
    if (iterator It = C.findAndTouch(key); It != C.end())
      return {It, false};
    return C.emplaceFront(std::piecewise_construct, std::forward_as_tuple(key),
                          std::forward_as_tuple(std::forward<Args>(args)...));
  }
  template <class... Args>
  std::pair<iterator, bool> try_emplace(K &&key, Args &&...args) {
    if (iterator It = C.findAndTouch(key); It != C.end())
      return {It, false};
    return C.emplaceFront(std::piecewise_construct,
                          std::forward_as_tuple(std::move(key)),
                          std::forward_as_tuple(std::forward<Args>(args)...));
  }

  std::size_t erase(const K &key) { return C.erase(key); }
  iterator erase(iterator pos) { return C.erase(pos); }
  iterator erase(const_iterator pos) { return C.erase(pos); }

  void clear() noexcept { C.clear(); }
  void reserve(std::size_t n) { C.reserve(n); }
  void swap(BoundedMap &other) noexcept { C.swap(other.C); }
  hasher hash_function() const { return C.hash_function(); }
  key_equal key_eq() const { return C.key_eq(); }

private:
  Core C;
};

template <class K, class V, class Hash, class Eq>
void swap(BoundedMap<K, V, Hash, Eq> &a,
          BoundedMap<K, V, Hash, Eq> &b) noexcept {
  a.swap(b);
}

} // namespace hazard

#endif // HAZARD_BOUNDED_MAP_H
