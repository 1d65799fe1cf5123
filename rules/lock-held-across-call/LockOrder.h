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
#include "RuleMessages.h"

namespace hazard::lockorder {

/// The message for Taken (%1) acquired while Held (%0) is held, in the
/// words of language L.
inline MessageId inversionMessage(Language L) {
  return L == Language::Go ? message::LockHeldAcrossCall::MutexOrderInversion
                           : message::LockHeldAcrossCall::LockOrderInversion;
}

/// The message of the other site, where Held (%0) is acquired while Taken
/// (%1) is held.
inline MessageId relatedMessage(Language L) {
  return L == Language::Go ? message::LockHeldAcrossCall::MutexOrderOtherSite
                           : message::LockHeldAcrossCall::LockOrderOtherSite;
}

} // namespace hazard::lockorder

#endif
