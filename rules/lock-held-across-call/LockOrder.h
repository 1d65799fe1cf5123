//===- LockOrder.h - lock-held-across-call: lock-order inversions -*- C++
//-*-===//
//
// The Python, Go and C/C++ detectors record into the run's one lock-order
// graph (Core/LockOrder.h); the run finisher in Python.cpp reports its
// inversions, in the words of each language.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_RULES_LOCKORDER_H
#define HAZARDLINT_RULES_LOCKORDER_H

#include "Core/LockOrder.h"
#include <string>
#include <vector>

namespace hazard::lockorder {

/// The rule message's arguments for Taken acquired while Held is held.
inline std::vector<std::string>
inversionArgs(Language L, const std::string &Held, const std::string &Taken) {
  const char *Noun = L == Language::Go ? "mutex '" : "lock '";
  return {Noun + Held + "'", std::string("acquiring ") + Noun + Taken + "'",
          "elsewhere they are taken in the opposite order, which can "
          "deadlock; take locks in one global order"};
}

/// The message of the other site, where Held is acquired while Taken is
/// held.
inline std::string relatedMessage(Language L, const std::string &Held,
                                  const std::string &Taken) {
  if (L == Language::Go)
    return "mutex '" + Taken + "' is held here while '" + Held +
           "' is acquired";
  return "lock '" + Held + "' is acquired here while '" + Taken + "' is held";
}

} // namespace hazard::lockorder

#endif
