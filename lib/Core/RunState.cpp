#include "Core/RunState.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace hazard {

static std::string absolutePath(std::string_view Path) {
  llvm::SmallString<256> Out(Path);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, true);
  return std::string(Out);
}

RunSink::RunSink(std::vector<FileResult> &Files) {
  for (FileResult &F : Files) {
    ByPath.emplace(F.Path, &F);
    ByAbsolutePath.emplace(absolutePath(F.Path), &F);
  }
}

FileResult *RunSink::fileOf(std::string_view Path) const {
  if (auto It = ByPath.find(Path); It != ByPath.end())
    return It->second;
  auto It = ByAbsolutePath.find(absolutePath(Path));
  return It != ByAbsolutePath.end() ? It->second : nullptr;
}

void RunSink::add(Finding F) {
  FileResult *File = fileOf(F.Path);
  if (!File)
    return;
  F.Path = File->Path;
  for (RelatedLocation &R : F.Related)
    if (const FileResult *Other = fileOf(R.Path))
      R.Path = Other->Path;
  File->Findings.push_back(std::move(F));
}

} // namespace hazard
