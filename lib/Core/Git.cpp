#include "Core/Git.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace hazard {

std::optional<std::string> runGit(const std::string &Dir,
                                  const std::vector<std::string> &Args,
                                  std::string &Error) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Error = "git is not installed";
    return std::nullopt;
  }
  llvm::SmallString<128> Stdout, Stderr;
  if (llvm::sys::fs::createTemporaryFile("hazardlint-git", "out", Stdout) ||
      llvm::sys::fs::createTemporaryFile("hazardlint-git", "err", Stderr)) {
    Error = "cannot create a temporary file";
    return std::nullopt;
  }
  std::vector<llvm::StringRef> Argv = {*Git, "-C", Dir};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      std::nullopt, llvm::StringRef(Stdout), llvm::StringRef(Stderr)};
  int Status = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects);
  std::optional<std::string> Out;
  auto Read = [](llvm::StringRef Path) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    return Buffer ? (*Buffer)->getBuffer().str() : std::string();
  };
  if (Status == 0)
    Out = Read(Stdout);
  else
    Error = llvm::StringRef(Read(Stderr)).trim().str();
  llvm::sys::fs::remove(Stdout);
  llvm::sys::fs::remove(Stderr);
  return Out;
}

} // namespace hazard
