//===- hazard/errors.h - Exceptions thrown by the shim ----------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The exceptions the shim throws. hazard::timeout_error is what a bounded
/// wait throws when its time runs out; the wait-without-timeout fix-its
/// (hazard::wait_for_or_throw, hazard::get_for) turn an unbounded wait into
/// one that throws it, so callers catch one type whatever they waited on.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_ERRORS_H
#define HAZARD_ERRORS_H

#include <stdexcept>

namespace hazard {

/// A bounded wait ran out of time before what it waited for happened.
struct timeout_error : std::runtime_error {
  using std::runtime_error::runtime_error;
  timeout_error() : std::runtime_error("hazard: timed out") {}
};

} // namespace hazard

#endif // HAZARD_ERRORS_H
