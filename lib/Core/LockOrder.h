//===- LockOrder.h - Which locks are taken while which are held -*- C++ -*-===//
//
// One lock-order graph for every language. Detectors record each lock taken
// while another is held, with where it happened; once every file is read,
// the pairs taken in both orders within one scope are the inversions. A pair
// always taken in the same order is not one, however often it nests.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_LOCKORDER_H
#define HAZARDLINT_CORE_LOCKORDER_H

#include "Core/Finding.h"
#include "Core/Rule.h"
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace hazard::lockorder {

/// The locks whose orders are compared: one language, and within it a part
/// of the program ("" for the whole run, a package directory in Go).
struct Scope {
  Language Lang = Language::Cpp;
  std::string Name;
  bool operator<(const Scope &O) const {
    return std::tie(Lang, Name) < std::tie(O.Lang, O.Name);
  }
  bool operator==(const Scope &O) const {
    return Lang == O.Lang && Name == O.Name;
  }
};

/// One place where a lock is taken while another is held.
struct Site {
  std::string Path;
  TextRange Range;
  std::string LineText;
  /// Whether each lock was seen to be a lock at this site. A site where one
  /// was not counts only if that name is declared a lock in its scope.
  bool HeldKnown = true, TakenKnown = true;
};

/// Two locks taken in both orders: Taken is acquired at Here while Held is
/// held, and the opposite happens at There.
struct Inversion {
  lockorder::Scope Scope;
  std::string Held, Taken;
  Site Here, There;
};

class Graph {
public:
  /// Taken is acquired at S while Held is held. A lock taken again while it
  /// is held is no order and is not recorded.
  void record(const lockorder::Scope &Scope, const std::string &Held,
              const std::string &Taken, Site S);
  /// Name is a lock of Scope (its definition was seen somewhere).
  void declareLock(const lockorder::Scope &Scope, const std::string &Name);

  /// Every pair taken in both orders, once: at the later (by path, then
  /// offset) of the first site of each order, with the earlier as There.
  /// Sorted by scope, then by the pair: the same whatever order files were
  /// read in.
  std::vector<Inversion> inversions() const;
  bool empty() const { return Edges.empty(); }

private:
  using Edge = std::tuple<lockorder::Scope, std::string, std::string>;
  const Site *firstCounted(const Edge &E, const std::vector<Site> &Sites) const;
  std::map<Edge, std::vector<Site>> Edges;
  std::set<std::pair<lockorder::Scope, std::string>> Declared;
};

} // namespace hazard::lockorder

#endif
