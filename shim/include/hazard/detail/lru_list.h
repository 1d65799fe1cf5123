//===- hazard/detail/lru_list.h - Core of BoundedMap/BoundedSet -*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The LRU machinery behind hazard::BoundedMap and hazard::BoundedSet, which
/// the unbounded-container fix-it substitutes for std::unordered_map and
/// std::unordered_set: a list of values, most recently used first, and a hash
/// index from each key to its list node. The index refers to the key inside
/// the node, so keys are stored once and need not be copyable.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_DETAIL_LRU_LIST_H
#define HAZARD_DETAIL_LRU_LIST_H

#include <cstddef>
#include <functional>
#include <list>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace hazard {
namespace detail {

/// Values of type Value, each with a distinct key KeyOf()(value), at most
/// capacity() of them; adding one more evicts the least recently used.
template <class Key, class Value, class KeyOf, class Hash, class Eq>
class LruList {
  using KeyRef = std::reference_wrapper<const Key>;

  struct RefHash {
    Hash H;
    std::size_t operator()(KeyRef K) const { return H(K.get()); }
  };
  struct RefEq {
    Eq E;
    bool operator()(KeyRef A, KeyRef B) const { return E(A.get(), B.get()); }
  };

public:
  using List = std::list<Value>;
  using iterator = typename List::iterator;
  using const_iterator = typename List::const_iterator;

  explicit LruList(std::size_t Capacity, const Hash &H = Hash(),
                   const Eq &E = Eq())
      : Index(0, RefHash{H}, RefEq{E}), Capacity(Capacity) {
    if (Capacity == 0)
      throw std::invalid_argument("hazard: a bounded container needs a "
                                  "capacity of at least 1");
  }

  LruList(const LruList &Other)
      : Index(0, Other.Index.hash_function(), Other.Index.key_eq()),
        Capacity(Other.Capacity) {
    for (const Value &V : Other.Items)
      appendNew(V);
  }
  LruList &operator=(const LruList &Other) {
    if (this != &Other) {
      LruList Copy(Other);
      swap(Copy);
    }
    return *this;
  }
  // Moving the list moves its nodes, so the index stays right.
  LruList(LruList &&) = default;
  LruList &operator=(LruList &&) = default;

  void swap(LruList &Other) noexcept {
    Items.swap(Other.Items);
    Index.swap(Other.Index);
    std::swap(Capacity, Other.Capacity);
  }

  iterator begin() noexcept { return Items.begin(); }
  iterator end() noexcept { return Items.end(); }
  const_iterator begin() const noexcept { return Items.begin(); }
  const_iterator end() const noexcept { return Items.end(); }
  std::size_t size() const noexcept { return Items.size(); }
  std::size_t capacity() const noexcept { return Capacity; }

  /// The value with key \p K, made the most recently used; end() if none.
  iterator findAndTouch(const Key &K) {
    auto It = Index.find(std::cref(K));
    if (It == Index.end())
      return Items.end();
    Items.splice(Items.begin(), Items, It->second);
    return It->second;
  }

  /// The value with key \p K, recency unchanged; end() if none.
  const_iterator peek(const Key &K) const {
    auto It = Index.find(std::cref(K));
    return It == Index.end() ? Items.end() : const_iterator(It->second);
  }
  iterator peek(const Key &K) {
    auto It = Index.find(std::cref(K));
    return It == Index.end() ? Items.end() : It->second;
  }

  /// Builds a value in front from \p Args. If its key is already present
  /// the new value is dropped and the old one touched: {old, false}.
  /// Otherwise it stays, evicting the least recently used value if the
  /// list was full: {new, true}.
  template <class... Args> std::pair<iterator, bool> emplaceFront(Args &&...A) {
    Items.emplace_front(std::forward<Args>(A)...);
    iterator New = Items.begin();
    if (iterator Old = findAndTouchExcept(New); Old != Items.end()) {
      Items.erase(New);
      return {Old, false};
    }
    try {
      Index.emplace(std::cref(KeyOf()(*New)), New);
    } catch (...) {
      Items.erase(New);
      throw;
    }
    evictOverflow();
    return {New, true};
  }

  iterator erase(const_iterator Pos) {
    Index.erase(std::cref(KeyOf()(*Pos)));
    return Items.erase(Pos);
  }

  std::size_t erase(const Key &K) {
    auto It = Index.find(std::cref(K));
    if (It == Index.end())
      return 0;
    iterator Pos = It->second;
    Index.erase(It);
    Items.erase(Pos);
    return 1;
  }

  void clear() noexcept {
    Index.clear();
    Items.clear();
  }

  void reserve(std::size_t N) { Index.reserve(N < Capacity ? N : Capacity); }

  Hash hash_function() const { return Index.hash_function().H; }
  Eq key_eq() const { return Index.key_eq().E; }

private:
  /// Like findAndTouch(KeyOf()(*New)), for a New node that is not indexed.
  iterator findAndTouchExcept(iterator New) {
    auto It = Index.find(std::cref(KeyOf()(*New)));
    if (It == Index.end())
      return Items.end();
    Items.splice(std::next(New), Items, It->second);
    return It->second;
  }

  void appendNew(const Value &V) {
    Items.push_back(V);
    try {
      Index.emplace(std::cref(KeyOf()(Items.back())), std::prev(Items.end()));
    } catch (...) {
      Items.pop_back();
      throw;
    }
  }

  void evictOverflow() {
    while (Items.size() > Capacity) {
      Index.erase(std::cref(KeyOf()(Items.back())));
      Items.pop_back();
    }
  }

  List Items; // Most recently used first.
  std::unordered_map<KeyRef, iterator, RefHash, RefEq> Index;
  std::size_t Capacity;
};

} // namespace detail
} // namespace hazard

#endif // HAZARD_DETAIL_LRU_LIST_H
