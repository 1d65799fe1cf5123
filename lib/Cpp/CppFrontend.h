//===- CppFrontend.h - C/C++ through Clang and the hazard-* checks -*- C++
//-*-===//
#ifndef HAZARDLINT_CPP_CPPFRONTEND_H
#define HAZARDLINT_CPP_CPPFRONTEND_H

#include "Core/Config.h"
#include "Core/Finding.h"
#include "Core/RunState.h"
#include "Core/SourceFile.h"
#include <memory>
#include <string>
#include <vector>

namespace hazard::cpp {

struct CompileSettings {
  std::string BuildDir;               // -p
  bool HaveFixedArgs = false;         // "--" was given
  std::vector<std::string> FixedArgs; // after "--"
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
};

class CppFrontend {
public:
  /// Problems found up front (e.g. an unreadable -p) go to RunNotes.
  CppFrontend(CompileSettings Settings, std::vector<Notification> &RunNotes);
  ~CppFrontend();
  /// Thread-safe: each call parses one translation unit. Rule options of
  /// Settings reach the checks as CheckOptions `hazard-<id>.<option>`;
  /// checks that judge the whole run record their facts in Run.
  void analyze(const SourceFile &File, const Config &Settings,
               const RuleSet &Rules, RunState &Run, FileResult &Out);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace hazard::cpp

#endif
