//===- LockOrder.h - Run-wide lock order, shared by Python and C++ -*- C++
//-*-===//
//
// Both detectors record (held, taken) edges here; one run finisher (in
// Python.cpp) reports the pairs taken in both orders, whatever the language.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_RULES_LOCKORDER_H
#define HAZARDLINT_RULES_LOCKORDER_H

#include "Core/Finding.h"
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hazard::lockorder {

/// One place where lock Taken is acquired while lock Held is held.
struct OrderSite {
  std::string Path;
  TextRange Range;
  std::string LineText;
  bool HeldKnown, TakenKnown; // typed as locks where they are used
};

/// Run-wide facts for lock-order inversion.
struct LockOrder {
  std::set<std::string> Defined; // lock names defined somewhere in the run
  std::map<std::pair<std::string, std::string>, std::vector<OrderSite>> Edges;
};

/// The rule message's arguments for Taken acquired while Held is held.
inline std::vector<std::string> inversionArgs(const std::string &Held,
                                              const std::string &Taken) {
  return {"lock '" + Held + "'", "acquiring lock '" + Taken + "'",
          "elsewhere they are taken in the opposite order, which can "
          "deadlock; take locks in one global order"};
}

/// The message of the other site, in the opposite order.
inline std::string relatedMessage(const std::string &Held,
                                  const std::string &Taken) {
  return "lock '" + Held + "' is acquired here while '" + Taken + "' is held";
}

} // namespace hazard::lockorder

#endif
