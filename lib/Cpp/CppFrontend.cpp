#include "Cpp/CppFrontend.h"

#include "Core/Rule.h"
#include "Core/Suppressions.h"
#include "Cpp/TidyCheckRegistry.h"
#include "HazardlintConfig.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <map>
#include <mutex>

extern volatile int HazardTidyModuleAnchorSource;
static int HazardTidyModuleAnchor = HazardTidyModuleAnchorSource;

using namespace clang;
using namespace clang::tooling;

namespace hazard::cpp {

/// Clang's builtin headers (stddef.h, ...): the configured LLVM's, or those
/// beside an installed binary.
static std::string resourceDir() {
  if (llvm::sys::fs::is_directory(HAZARDLINT_CLANG_RESOURCE_DIR))
    return HAZARDLINT_CLANG_RESOURCE_DIR;
  std::string Exe =
      llvm::sys::fs::getMainExecutable(nullptr, (void *)&resourceDir);
  llvm::SmallString<256> Dir(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Dir, "lib", "clang", LLVM_VERSION_MAJOR_STRING);
  return std::string(Dir);
}

/// Flags for a file no compilation database describes.
static std::vector<std::string> defaultFlags(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  if (Ext == ".c")
    return {"-xc", "-std=gnu17"};
  if (Ext == ".h")
    return {"-xc++-header", "-std=c++17"};
  return {"-std=c++17"};
}

/// Lends a shared database to ArgumentsAdjustingCompilations, which insists
/// on owning what it wraps.
class BorrowedDatabase : public CompilationDatabase {
public:
  explicit BorrowedDatabase(const CompilationDatabase &DB) : DB(DB) {}
  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    return DB.getCompileCommands(File);
  }
  std::vector<std::string> getAllFiles() const override {
    return DB.getAllFiles();
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    return DB.getAllCompileCommands();
  }

private:
  const CompilationDatabase &DB;
};

struct CppFrontend::Impl {
  CompileSettings Settings;
  std::string ResourceDir = resourceDir();
  std::unique_ptr<CompilationDatabase> Explicit; // from -p or --
  std::mutex Mutex;
  std::map<std::string, std::shared_ptr<CompilationDatabase>> Detected;
  bool WarnedNoDatabase = false;
  std::vector<Notification> *RunNotes = nullptr;

  std::shared_ptr<CompilationDatabase> databaseFor(llvm::StringRef Path,
                                                   bool &Fallback);
  ArgumentsAdjuster adjuster() const;
};

CppFrontend::CppFrontend(CompileSettings Settings,
                         std::vector<Notification> &RunNotes)
    : P(std::make_unique<Impl>()) {
  P->Settings = std::move(Settings);
  P->RunNotes = &RunNotes;
  if (P->Settings.HaveFixedArgs) {
    P->Explicit =
        std::make_unique<FixedCompilationDatabase>(".", P->Settings.FixedArgs);
  } else if (!P->Settings.BuildDir.empty()) {
    std::string Error;
    // Exactly the directory named: a typo must not pick up a parent's database.
    auto DB =
        CompilationDatabase::loadFromDirectory(P->Settings.BuildDir, Error);
    if (DB) {
      P->Explicit = inferMissingCompileCommands(std::move(DB));
    } else {
      Notification N;
      N.Id = "compilation-database";
      N.Level = Severity::Error;
      llvm::SmallString<256> Json(P->Settings.BuildDir);
      llvm::sys::path::append(Json, "compile_commands.json");
      std::string Why =
          llvm::sys::fs::exists(Json)
              ? "cannot read '" + std::string(Json) +
                    "': " + llvm::StringRef(Error).split('\n').first.str()
              : "no compile_commands.json in '" + P->Settings.BuildDir + "'";
      N.Message = Why + "; C/C++ files are analysed with default flags";
      RunNotes.push_back(N);
    }
  }
}

CppFrontend::~CppFrontend() = default;

std::shared_ptr<CompilationDatabase>
CppFrontend::Impl::databaseFor(llvm::StringRef Path, bool &Fallback) {
  Fallback = false;
  if (Explicit)
    return std::shared_ptr<CompilationDatabase>(Explicit.get(), [](auto *) {});
  std::lock_guard<std::mutex> Lock(Mutex);
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  std::string Dir(llvm::sys::path::parent_path(Abs));
  auto It = Detected.find(Dir);
  if (It == Detected.end()) {
    std::string Error;
    std::shared_ptr<CompilationDatabase> DB;
    if (Settings.BuildDir.empty())
      if (auto Found = CompilationDatabase::autoDetectFromSource(Abs, Error))
        DB = inferMissingCompileCommands(std::move(Found));
    It = Detected.emplace(Dir, std::move(DB)).first;
  }
  if (It->second)
    return It->second;
  Fallback = true;
  if (!WarnedNoDatabase) {
    WarnedNoDatabase = true;
    Notification N;
    N.Id = "compilation-database";
    N.Level = Severity::Note;
    N.Message = "no compile_commands.json found for the C/C++ files; using "
                "default flags (pass -p BUILD_DIR, or compiler flags after --)";
    RunNotes->push_back(N);
  }
  return std::make_shared<FixedCompilationDatabase>(".", defaultFlags(Path));
}

ArgumentsAdjuster CppFrontend::Impl::adjuster() const {
  ArgumentsAdjuster A = getInsertArgumentAdjuster(
      Settings.ExtraArgsBefore, ArgumentInsertPosition::BEGIN);
  A = combineAdjusters(A, getInsertArgumentAdjuster(
                              Settings.ExtraArgs, ArgumentInsertPosition::END));
  // Clang prints "N warnings generated." unless carets are off; hazardlint
  // renders its own diagnostics.
  A = combineAdjusters(A,
                       getInsertArgumentAdjuster("-fno-caret-diagnostics",
                                                 ArgumentInsertPosition::END));
  std::string Resource = "-resource-dir=" + ResourceDir;
  return combineAdjusters(
      A, [Resource](const CommandLineArguments &Args, llvm::StringRef) {
        for (const std::string &Arg : Args)
          if (llvm::StringRef(Arg).starts_with("-resource-dir"))
            return Args;
        // Before any "--", after which everything is an input file.
        CommandLineArguments Out = Args;
        Out.insert(llvm::find(Out, "--"), Resource);
        return Out;
      });
}

/// Clang reports paths relative to the compile command's directory.
static std::string absolutePath(llvm::StringRef Path,
                                llvm::StringRef Directory) {
  llvm::SmallString<256> Out;
  if (llvm::sys::path::is_relative(Path))
    Out = Directory;
  llvm::sys::path::append(Out, Path);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, true);
  return std::string(Out);
}

void CppFrontend::analyze(const SourceFile &File, const Config &Settings,
                          const RuleSet &Rules, RunState &Run,
                          FileResult &Out) {
  bool Fallback = false;
  auto DB = P->databaseFor(File.path(), Fallback);
  ArgumentsAdjustingCompilations Adjusted(
      std::make_unique<BorrowedDatabase>(*DB));
  Adjusted.appendArgumentsAdjuster(P->adjuster());

  tidy::ClangTidyGlobalOptions Global;
  tidy::ClangTidyOptions Options = tidy::ClangTidyOptions::getDefaults();
  // Only the checks of the rules that run on this file.
  std::string Checks = "-*";
  for (const std::string &Id : Rules) {
    const RuleInfo *Rule = RuleRegistry::get().find(Id);
    if (!Rule || !Rule->appliesTo(Language::Cpp))
      continue;
    Checks += ",hazard-" + Id;
    for (const RuleOption &O : Rule->Options) {
      nlohmann::json V = Settings.option(*Rule, O.Name);
      Options.CheckOptions["hazard-" + Id + "." + O.Name] = {
          V.is_string() ? V.get<std::string>() : V.dump(), 0};
    }
  }
  Options.Checks = Checks;
  Options.WarningsAsErrors = "";
  Options.HeaderFilterRegex = "";
  Options.SystemHeaders = false;
  // The project's [knowledge.cpp] entries, as the plugin takes them.
  if (const std::string &Knowledge = Settings.knowledgeText(Language::Cpp);
      !Knowledge.empty())
    Options.CheckOptions["HazardKnowledge"] = {Knowledge, 0};
  tidy::ClangTidyContext Context(
      std::make_unique<tidy::DefaultOptionsProvider>(Global, Options));
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::createPhysicalFileSystem()));
  // Clang parses File's text, which may be an editor's unsaved buffer.
  // clang-tidy would drop what NOLINT covers; hazardlint keeps it, marked
  // suppressed, for SARIF (see applySuppressions).
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Main(
      new llvm::vfs::InMemoryFileSystem);
  Main->addFile(absolutePath(File.path(), ""), 0,
                llvm::MemoryBuffer::getMemBufferCopy(
                    File.text().find("NOLINT") != std::string::npos
                        ? disarmNolint(File.text())
                        : File.text(),
                    File.path()));
  FS->pushOverlay(Main);
  // runClangTidy runs the checks on this thread.
  RunContext TU;
  TU.Run = &Run;
  TU.Path = File.path();
  TU.Range = [&File](size_t Begin, size_t End) {
    return File.range(Begin, End);
  };
  TU.LineText = [&File](unsigned Line) {
    return std::string(File.lineText(Line));
  };
  RunContext *Outer = currentRunContext();
  currentRunContext() = &TU;
  auto Restore = llvm::make_scope_exit([&] { currentRunContext() = Outer; });
  std::vector<tidy::ClangTidyError> Errors = tidy::runClangTidy(
      Context, Adjusted, {File.path()}, FS, /*ApplyAnyFix=*/true);
  // A run finisher may still add findings to this file.
  Out.Cacheable = !TU.UsedRun;

  unsigned CompilerErrors = 0;
  Notification FirstError;
  std::vector<Finding> Findings;
  std::string MainPath = absolutePath(File.path(), "");
  for (const tidy::ClangTidyError &E : Errors) {
    bool InMainFile =
        absolutePath(E.Message.FilePath, E.BuildDirectory) == MainPath;
    if (E.DiagnosticName.rfind("clang-diagnostic-", 0) == 0) {
      if (E.DiagLevel < tooling::Diagnostic::Error)
        continue;
      if (CompilerErrors++ == 0) {
        FirstError.Id = "clang-diagnostic-error";
        FirstError.Level = Severity::Error;
        FirstError.Path = File.path();
        if (InMainFile)
          FirstError.Pos = File.position(E.Message.FileOffset);
        else if (!E.Message.FilePath.empty())
          FirstError.Message = E.Message.FilePath + ": ";
        FirstError.Message += E.Message.Message;
      }
      continue;
    }
    if (!InMainFile || E.DiagnosticName.rfind("hazard-", 0) != 0)
      continue;
    Finding F;
    F.RuleId = E.DiagnosticName.substr(strlen("hazard-"));
    const RuleInfo *Rule = RuleRegistry::get().find(F.RuleId);
    F.Level = Rule ? Rule->DefaultSeverity : Severity::Warning;
    F.Message = E.Message.Message;
    F.Path = File.path();
    F.Range.Begin = E.Message.FileOffset;
    F.Range.End = E.Message.FileOffset;
    for (const auto &R : E.Message.Ranges)
      if (R.FileOffset == E.Message.FileOffset)
        F.Range.End = R.FileOffset + R.Length;
    // A fix-it on the warning keeps the meaning. An unsafe one rides on a
    // note, which clang-tidy applies only with --fix-notes.
    const auto *FixSource = &E.Message.Fix;
    bool Safe = true;
    if (FixSource->empty())
      for (const tooling::DiagnosticMessage &Note : E.Notes)
        if (!Note.Fix.empty()) {
          FixSource = &Note.Fix;
          Safe = false;
          break;
        }
    for (const auto &[FixPath, Replacements] : *FixSource) {
      if (absolutePath(FixPath, E.BuildDirectory) != MainPath ||
          Replacements.empty())
        continue;
      if (!F.FixIt) {
        F.FixIt.emplace();
        F.FixIt->Safe = Safe;
      }
      for (const tooling::Replacement &R : Replacements) {
        TextEdit Edit;
        Edit.Range.Begin = R.getOffset();
        Edit.Range.End = R.getOffset() + R.getLength();
        Edit.NewText = R.getReplacementText().str();
        F.FixIt->Edits.push_back(std::move(Edit));
      }
    }
    if (F.FixIt) {
      std::sort(F.FixIt->Edits.begin(), F.FixIt->Edits.end(),
                [](const TextEdit &A, const TextEdit &B) {
                  return A.Range.Begin < B.Range.Begin;
                });
      F.FixIt->Description = "Apply the fix-it of " + E.DiagnosticName;
    }
    Findings.push_back(std::move(F));
  }
  if (CompilerErrors) {
    if (CompilerErrors > 1)
      FirstError.Message += " (and " + std::to_string(CompilerErrors - 1) +
                            " more errors; findings may be incomplete)";
    Out.Notifications.push_back(FirstError);
  }
  File.finalize(Findings);
  for (Finding &F : Findings)
    Out.Findings.push_back(std::move(F));
}

} // namespace hazard::cpp
