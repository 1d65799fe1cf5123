//===- hazard/wait.h - Condition waits that give up -------------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// hazard::wait_for_or_throw is cv.wait(lock, pred) with a deadline: it
/// returns when pred() holds, as cv.wait does, and throws
/// hazard::timeout_error when the timeout passes with pred() still false,
/// instead of blocking forever on a notify that never comes. The
/// wait-without-timeout fix-it rewrites
///
///   cv.wait(lock, pred)  ->  hazard::wait_for_or_throw(cv, lock, T, pred)
///
/// with T from the rule's timeout option. It works for std::condition_variable
/// with std::unique_lock<std::mutex> and for std::condition_variable_any with
/// any lock, since it only needs cv.wait_for(lock, timeout, pred).
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_WAIT_H
#define HAZARD_WAIT_H

#include "hazard/errors.h"

#include <chrono>
#include <condition_variable>
#include <utility>

namespace hazard {

/// Waits on \p cv until \p pred returns true, like cv.wait(lock, pred), but
/// for at most \p timeout (measured on the steady clock, so changes to the
/// wall clock do not stretch it). \p lock must be locked by the caller; it
/// is locked again when this returns or throws, so the caller's scope
/// releases it as before. pred() is checked first: no wait when it already
/// holds. Spurious wakeups are absorbed, as with the predicate form of wait.
/// Throws hazard::timeout_error if pred() is still false at the deadline.
template <class CV, class Lock, class Rep, class Period, class Pred>
void wait_for_or_throw(CV &cv, Lock &lock,
                       std::chrono::duration<Rep, Period> timeout, Pred pred) {
  if (!cv.wait_for(lock, timeout, std::move(pred)))
    throw timeout_error("hazard::wait_for_or_throw: condition not met in time");
}

/// The predicate-less form, for cv.wait(lock): waits for one notification
/// (or a spurious wakeup, exactly like cv.wait) for at most \p timeout and
/// throws hazard::timeout_error if none came. Prefer the predicate form: a
/// wait without a predicate misses a notify that happened before it.
template <class CV, class Lock, class Rep, class Period>
void wait_for_or_throw(CV &cv, Lock &lock,
                       std::chrono::duration<Rep, Period> timeout) {
  if (cv.wait_for(lock, timeout) == std::cv_status::timeout)
    throw timeout_error("hazard::wait_for_or_throw: no notification in time");
}

} // namespace hazard

#endif // HAZARD_WAIT_H
