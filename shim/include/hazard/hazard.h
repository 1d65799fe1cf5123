//===- hazard/hazard.h - The whole runtime shim -----------------*- C++ -*-===//
//
// Part of hazardlint's runtime shim. Header-only, C++17.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Includes every component of the shim that hazardlint's C++ fix-its call
/// (each fix-it includes only the header it needs; this one is for code that
/// uses several). See docs/shim.md.
///
//===----------------------------------------------------------------------===//

#ifndef HAZARD_HAZARD_H
#define HAZARD_HAZARD_H

#include "hazard/backoff.h"
#include "hazard/bounded_map.h"
#include "hazard/bounded_set.h"
#include "hazard/circuit_breaker.h"
#include "hazard/errors.h"
#include "hazard/future.h"
#include "hazard/scan_keys.h"
#include "hazard/single_flight.h"
#include "hazard/task_registry.h"
#include "hazard/wait.h"

#endif // HAZARD_HAZARD_H
