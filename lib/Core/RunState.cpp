#include "Core/RunState.h"

#include "Core/Driver.h"
#include <algorithm>

namespace hazard {

void addRunFinding(RunResult &Result, Finding F) {
  auto File =
      std::find_if(Result.Files.begin(), Result.Files.end(),
                   [&](const FileResult &R) { return R.Path == F.Path; });
  if (File != Result.Files.end())
    File->Findings.push_back(std::move(F));
}

} // namespace hazard
