//===- Driver.h - Runs every frontend over the discovered files -*- C++ -*-===//
//
// The engine: the one place that knows the languages and their frontends.
// Front doors (the CLI, the language server) call it; rules, writers and the
// core never include it.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_ENGINE_DRIVER_H
#define HAZARDLINT_ENGINE_DRIVER_H

#include "Core/Config.h"
#include "Core/Finding.h"
#include "Core/Rule.h"
#include "Cpp/CppFrontend.h"
#include <map>
#include <string>
#include <vector>

namespace hazard {

struct RunOptions {
  std::vector<std::string> Files; // from discoverFiles
  unsigned Jobs = 0;              // 0: one per core
  uint64_t MaxFileSize = 8 << 20;
  cpp::CompileSettings Compile;
  /// The config of each file (parallel to Files); empty: defaults for all.
  std::vector<const Config *> Configs;
  bool ReportUnusedSuppressions = false;
  /// --select / --ignore: rule ids or families, over every config.
  std::vector<std::string> Select, Ignore;
  /// --preview (or HAZARDLINT_PREVIEW=1 in the environment, for every front
  /// door): run the detectors rules mark preview, in every config.
  bool Preview = false;
  /// Where unchanged files' results are kept; "" for no cache.
  std::string CacheDir;
  /// Read and parse Python and Go files with tree-sitter, run no queries
  /// and report nothing: the baseline of the throughput benchmark.
  bool ParseOnly = false;
  /// Texts analysed instead of the files on disk, keyed by path as in Files:
  /// an editor's unsaved buffers.
  std::map<std::string, std::string> UnsavedTexts;
};

/// Analyses every file, in parallel; the result does not depend on Jobs.
RunResult runAnalysis(const RunOptions &Options);

} // namespace hazard

#endif
