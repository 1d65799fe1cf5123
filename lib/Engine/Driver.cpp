#include "Engine/Driver.h"
#include <cstdlib>

#include "Core/ResultsCache.h"
#include "Core/SourceFile.h"
#include "Core/Suppressions.h"
#include "Go/GoChecker.h"
#include "Python/PythonChecker.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include <atomic>

extern "C" const TSLanguage *tree_sitter_go();
extern "C" const TSLanguage *tree_sitter_python();

namespace hazard {

/// Reads a file unless it is too large, binary or unreadable, in which case
/// a notification says why it was skipped.
static std::optional<std::string>
readSource(const std::string &Path, uint64_t MaxSize, FileResult &Out) {
  uint64_t Size = 0;
  if (std::error_code EC = llvm::sys::fs::file_size(Path, Size)) {
    Out.Notifications.push_back({"unreadable-file",
                                 Severity::Error,
                                 Path,
                                 {},
                                 "cannot read file: " + EC.message()});
    return std::nullopt;
  }
  if (Size > MaxSize) {
    Out.Notifications.push_back(
        {"file-too-large",
         Severity::Warning,
         Path,
         {},
         "file is " + std::to_string(Size) + " bytes, over the limit of " +
             std::to_string(MaxSize) + "; skipped (see --max-file-size)"});
    return std::nullopt;
  }
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    Out.Notifications.push_back(
        {"unreadable-file",
         Severity::Error,
         Path,
         {},
         "cannot read file: " + Buffer.getError().message()});
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

/// HAZARDLINT_PREVIEW=1 (or true): preview detectors run, whatever the
/// front door (the CLI, the editor, a baseline).
static bool previewFromEnvironment() {
  const char *Value = std::getenv("HAZARDLINT_PREVIEW");
  return Value &&
         (llvm::StringRef(Value) == "1" || llvm::StringRef(Value) == "true");
}

/// What the project asked for, once every finding of the file is in: only
/// the rules that run on it (run finishers may report any rule) and, unless
/// the run (RunPreview) or the config asks for them, none of their preview
/// sub-patterns, the severities it set, and the suppression comments in the
/// file.
static void applyConfig(const SourceFile &File, Language Lang,
                        const Config &Settings, const RuleSet &Rules,
                        const RunOptions &Options, bool RunPreview,
                        FileResult &Out) {
  auto &Findings = Out.Findings;
  bool Preview = RunPreview || Settings.preview();
  llvm::erase_if(Findings, [&](const Finding &F) {
    const RuleInfo *R = RuleRegistry::get().find(F.RuleId);
    return R && (!Rules.count(F.RuleId) ||
                 (!Preview && R->isPreviewVariant(F.Variant)));
  });
  bool TestCode = Settings.isTestCode(File.path());
  for (Finding &F : Findings)
    if (const RuleInfo *R = RuleRegistry::get().find(F.RuleId)) {
      F.InTestCode = TestCode;
      F.Preview = R->isPreview(Lang) || R->isPreviewVariant(F.Variant);
      F.Level = TestCode && Settings.testCodePolicy(*R) == TestCodePolicy::Note
                    ? Severity::Note
                    : Settings.severityOf(*R);
    }
  applySuppressions(File, Lang, Out, Options.ReportUnusedSuppressions);
}

/// --parse-only: the tree-sitter parse every analysis starts with, alone.
/// C/C++ goes through clang and is not parsed here.
static void parseOnly(const SourceFile &File, Language Lang) {
  if (Lang == Language::Cpp)
    return;
  TSParser *Parser = ts_parser_new();
  ts_parser_set_language(Parser, Lang == Language::Go ? tree_sitter_go()
                                                      : tree_sitter_python());
  TSTree *Tree = ts_parser_parse_string(Parser, nullptr, File.text().data(),
                                        File.text().size());
  ts_tree_delete(Tree);
  ts_parser_delete(Parser);
}

RunResult runAnalysis(const RunOptions &Options) {
  bool Preview = Options.Preview || previewFromEnvironment();
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
  if (AnyCpp && !Options.ParseOnly)
    Cpp = std::make_unique<cpp::CppFrontend>(Options.Compile, CppNotes);

  std::optional<ResultsCache> Cache;
  if (!Options.CacheDir.empty() && !Options.ParseOnly)
    Cache.emplace(Options.CacheDir,
                  llvm::join(Options.Select, ",") + "|" +
                      llvm::join(Options.Ignore, ",") +
                      (Options.ReportUnusedSuppressions ? "|unused" : "") +
                      (Preview ? "|preview" : ""));

  RunState Run;
  std::vector<std::unique_ptr<SourceFile>> Deferred(Options.Files.size());
  std::vector<RuleSet> DeferredRules(Options.Files.size());
  auto ConfigOf = [&](size_t I) -> const Config & {
    return Options.Configs.empty() || !Options.Configs[I] ? Config::defaults()
                                                          : *Options.Configs[I];
  };
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next.fetch_add(1)) < Options.Files.size();) {
      const std::string &Path = Options.Files[I];
      FileResult &Out = Result.Files[I];
      Out.Path = Path;
      auto Unsaved = Options.UnsavedTexts.find(Path);
      auto Text = Unsaved != Options.UnsavedTexts.end()
                      ? std::optional<std::string>(Unsaved->second)
                      : readSource(Path, Options.MaxFileSize, Out);
      if (!Text)
        continue;
      SourceFile File(Path, std::move(*Text));
      Language Lang = *languageForPath(Path);
      if (Options.ParseOnly) {
        parseOnly(File, Lang);
        continue;
      }
      const Config &Settings = ConfigOf(I);
      RuleSet Rules =
          rulesFor(Settings, Path, Options.Select, Options.Ignore, Preview);
      std::string CacheKey;
      if (Cache && Lang != Language::Cpp) {
        // The path decides which rules run (per-file-ignores, test code) and
        // at what level.
        CacheKey = Cache->keyFor(
            File.text(), Settings.digest() + "|" + llvm::join(Rules, ",") +
                             (Settings.isTestCode(Path) ? "|test-code" : ""));
        if (auto Hit = Cache->load(CacheKey, Path)) {
          Out = std::move(*Hit);
          continue;
        }
      }
      // A defect in one detector must not lose the rest of the run.
      try {
        switch (Lang) {
        case Language::Python:
          python::analyze(File, Settings, Rules, Run, Out);
          break;
        case Language::Go:
          go::analyze(File, Settings, Rules, Run, Out);
          break;
        case Language::Cpp:
          Cpp->analyze(File, Settings, Rules, Run, Out);
          break;
        }
        // Run finishers may still add findings to a file that fed them.
        if (!Out.Cacheable) {
          Deferred[I] = std::make_unique<SourceFile>(std::move(File));
          DeferredRules[I] = std::move(Rules);
          continue;
        }
        applyConfig(File, Lang, Settings, Rules, Options, Preview, Out);
        if (!CacheKey.empty())
          Cache->store(CacheKey, Out);
      } catch (const std::exception &E) {
        Out.Findings.clear();
        Out.Notifications.push_back(
            {"internal-error",
             Severity::Error,
             Path,
             {},
             std::string("internal error while analysing this file: ") +
                 E.what() + "; please report it"});
      }
    }
  };
  llvm::ThreadPoolStrategy Strategy = llvm::hardware_concurrency(Options.Jobs);
  unsigned Jobs =
      std::max<unsigned>(1, std::min<size_t>(Strategy.compute_thread_count(),
                                             Options.Files.size()));
  if (Jobs == 1) {
    Work();
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (unsigned J = 0; J < Jobs; ++J)
      Pool.async(Work);
    Pool.wait();
  }
  Result.Notes = std::move(CppNotes);
  RunSink Sink(Result.Files);
  for (RunFinisher Finish : RunFinishers::all())
    Finish(Run, Sink);
  for (size_t I = 0; I < Deferred.size(); ++I)
    if (Deferred[I]) {
      const SourceFile &File = *Deferred[I];
      File.finalize(Result.Files[I].Findings);
      applyConfig(File, *languageForPath(File.path()), ConfigOf(I),
                  DeferredRules[I], Options, Preview, Result.Files[I]);
    }
  return Result;
}

} // namespace hazard
