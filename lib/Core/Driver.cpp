#include "Core/Driver.h"

#include "Core/SourceFile.h"
#include "Go/GoChecker.h"
#include "Python/PythonChecker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <atomic>
#include <thread>

namespace hazard {

/// Reads a file unless it is too large, binary or unreadable, in which case
/// a notification says why it was skipped.
static std::optional<std::string> readSource(const std::string &Path,
                                             uint64_t MaxSize, FileResult &Out) {
  uint64_t Size = 0;
  if (std::error_code EC = llvm::sys::fs::file_size(Path, Size)) {
    Out.Notifications.push_back({"unreadable-file", Severity::Error, Path, {},
                                 "cannot read file: " + EC.message()});
    return std::nullopt;
  }
  if (Size > MaxSize) {
    Out.Notifications.push_back(
        {"file-too-large", Severity::Warning, Path, {},
         "file is " + std::to_string(Size) + " bytes, over the limit of " +
             std::to_string(MaxSize) + "; skipped (see --max-file-size)"});
    return std::nullopt;
  }
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    Out.Notifications.push_back({"unreadable-file", Severity::Error, Path, {},
                                 "cannot read file: " +
                                     Buffer.getError().message()});
    return std::nullopt;
  }
  llvm::StringRef Text = (*Buffer)->getBuffer();
  if (Text.take_front(8192).contains('\0')) {
    Out.Notifications.push_back(
        {"binary-file", Severity::Warning, Path, {}, "binary file; skipped"});
    return std::nullopt;
  }
  return Text.str();
}

RunResult runAnalysis(const RunOptions &Options) {
  RunResult Result;
  Result.Files.resize(Options.Files.size());
  bool AnyCpp = false;
  for (const std::string &F : Options.Files) {
    Language L = *languageForPath(F);
    ++Result.FilesPerLanguage[L];
    AnyCpp |= L == Language::Cpp;
  }
  std::vector<Notification> CppNotes;
  std::unique_ptr<cpp::CppFrontend> Cpp;
  if (AnyCpp)
    Cpp = std::make_unique<cpp::CppFrontend>(Options.Compile, CppNotes);

  RunState Run;
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next.fetch_add(1)) < Options.Files.size();) {
      const std::string &Path = Options.Files[I];
      FileResult &Out = Result.Files[I];
      Out.Path = Path;
      auto Text = readSource(Path, Options.MaxFileSize, Out);
      if (!Text)
        continue;
      SourceFile File(Path, std::move(*Text));
      // A defect in one detector must not lose the rest of the run.
      try {
        switch (*languageForPath(Path)) {
        case Language::Python:
          python::analyze(File, Run, Out);
          break;
        case Language::Go:
          go::analyze(File, Run, Out);
          break;
        case Language::Cpp:
          Cpp->analyze(File, Out);
          break;
        }
      } catch (const std::exception &E) {
        Out.Findings.clear();
        Out.Notifications.push_back(
            {"internal-error", Severity::Error, Path, {},
             std::string("internal error while analysing this file: ") + E.what() +
                 "; please report it"});
      }
    }
  };
  unsigned Jobs = Options.Jobs ? Options.Jobs : std::thread::hardware_concurrency();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Options.Files.size()));
  std::vector<std::thread> Threads;
  for (unsigned J = 1; J < Jobs; ++J)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
  Result.Notes = std::move(CppNotes);
  for (RunFinisher Finish : RunFinishers::all())
    Finish(Run, Result);
  return Result;
}

} // namespace hazard
