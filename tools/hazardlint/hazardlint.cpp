//===- hazardlint.cpp - The hazardlint command line -----------------------===//
//
//   hazardlint check [PATH...] [-p BUILD_DIR] [-- COMPILER_ARGS...]
//   hazardlint baseline FILE [PATH...]
//   hazardlint merge OUT.sarif IN.sarif...
//   hazardlint rules [--format text|json]
//   hazardlint explain RULE
//   hazardlint server                  the Language Server, on stdio
//
// Exit codes: 0 clean, 1 findings at or above --fail-on (or input that could
// not be analysed), 2 usage, configuration or internal error.
//
//===----------------------------------------------------------------------===//
#include "Core/Baseline.h"
#include "Core/Config.h"
#include "Core/Discovery.h"
#include "Core/Fixes.h"
#include "Engine/Driver.h"
#include "Output/Writers.h"
#include "Server/LanguageServer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace hazard;
namespace cl = llvm::cl;

enum ExitCode { Clean = 0, FoundHazards = 1, UsageError = 2 };

static cl::OptionCategory Category("hazardlint options");
static cl::SubCommand CheckCmd("check", "Analyse files and directories");
static cl::SubCommand RulesCmd("rules", "List every rule");
static cl::SubCommand ExplainCmd("explain", "Print a rule's documentation");
static cl::SubCommand
    BaselineCmd("baseline", "Record the current findings in a baseline file");
static cl::SubCommand MergeCmd("merge", "Merge SARIF files into one");
static cl::SubCommand ServerCmd("server",
                                "Serve the Language Server Protocol on stdio");

// Options of both `check` and `baseline`, which analyse the same way.
#define ANALYSIS cl::sub(CheckCmd), cl::sub(BaselineCmd), cl::cat(Category)

static cl::opt<std::string> BaselineOut(cl::Positional, cl::desc("FILE"),
                                        cl::Required, cl::sub(BaselineCmd),
                                        cl::cat(Category));
static cl::list<std::string> Paths(cl::Positional, cl::desc("[PATH...]"),
                                   ANALYSIS);
static cl::list<std::string> MergeFiles(cl::Positional,
                                        cl::desc("OUT.sarif IN.sarif..."),
                                        cl::OneOrMore, cl::sub(MergeCmd),
                                        cl::cat(Category));
static cl::opt<std::string>
    ConfigFile("config",
               cl::desc("Use FILE instead of the nearest .hazardlint.toml"),
               cl::value_desc("FILE"), ANALYSIS);
static cl::opt<std::string>
    BaselineIn("baseline",
               cl::desc("Report only findings not recorded in FILE"),
               cl::value_desc("FILE"), cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> DiffBase(
    "diff-base",
    cl::desc("Report only findings on lines changed since git revision REV"),
    cl::value_desc("REV"), cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string>
    Shard("shard",
          cl::desc("Analyse only shard I of N (1-based), for CI matrix jobs"),
          cl::value_desc("I/N"), ANALYSIS);
static cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("Keep results of unchanged files in DIR (also "
                      "HAZARDLINT_CACHE_DIR, or cache-dir in the config)"),
             cl::value_desc("DIR"), ANALYSIS);
static cl::opt<bool> NoCache("no-cache",
                             cl::desc("Do not read or write the results cache"),
                             ANALYSIS);
static cl::list<std::string> SelectRules(
    "select", cl::desc("Report only these rules or families (comma-separated)"),
    cl::CommaSeparated, cl::value_desc("RULES"), ANALYSIS);
static cl::opt<bool>
    PreviewRules("preview",
                 cl::desc("Also run the detectors marked preview (see "
                          "'hazardlint rules'); or HAZARDLINT_PREVIEW=1"),
                 ANALYSIS);
static cl::list<std::string> IgnoreRules(
    "ignore",
    cl::desc("Do not report these rules or families (comma-separated)"),
    cl::CommaSeparated, cl::value_desc("RULES"), ANALYSIS);
static cl::opt<bool> ReportUnused(
    "report-unused-suppressions",
    cl::desc("Warn about suppression comments that suppress nothing"),
    cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string>
    Format("format", cl::desc("Output format: text, json, sarif or github"),
           cl::init("text"), cl::sub(CheckCmd), cl::sub(RulesCmd),
           cl::cat(Category));
static cl::opt<std::string> OutputFile("output",
                                       cl::desc("Write the report to FILE"),
                                       cl::value_desc("FILE"),
                                       cl::sub(CheckCmd), cl::cat(Category));
static cl::alias OutputShort("o", cl::aliasopt(OutputFile));
static cl::opt<unsigned>
    Jobs("jobs", cl::desc("Files analysed in parallel (default: cores)"),
         cl::init(0), ANALYSIS);
static cl::alias JobsShort("j", cl::aliasopt(Jobs));
static cl::opt<std::string> FailOn(
    "fail-on",
    cl::desc("Exit 1 on findings at or above: note, warning, error, never"),
    cl::init("warning"), cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory with compile_commands.json"),
              cl::value_desc("BUILD_DIR"), ANALYSIS);
static cl::list<std::string>
    ExtraArgs("extra-arg", cl::desc("Compiler argument to append"), ANALYSIS);
static cl::list<std::string>
    ExtraArgsBefore("extra-arg-before",
                    cl::desc("Compiler argument to prepend"), ANALYSIS);
static cl::opt<uint64_t>
    MaxFileSize("max-file-size",
                cl::desc("Skip files larger than this many bytes"),
                cl::init(8 << 20), ANALYSIS);
static cl::opt<std::string> ColorMode("color",
                                      cl::desc("auto, always or never"),
                                      cl::init("auto"), cl::sub(CheckCmd),
                                      cl::cat(Category));
static cl::opt<bool>
    ApplyFixes("fix", cl::desc("Apply safe fixes, then report what remains"),
               cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<bool> UnsafeFixes("unsafe-fixes",
                                 cl::desc("With --fix, apply unsafe fixes too"),
                                 cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<bool> ParseOnly(
    "parse-only",
    cl::desc(
        "Only read and parse Python and Go files; run no rules (benchmarks)"),
    cl::Hidden, cl::sub(CheckCmd), cl::cat(Category));
static cl::SubCommand DocsCmd("docs", "Write the rule pages of docs/rules/");
static cl::opt<std::string> DocsDir("output-dir",
                                    cl::desc("Where to write the pages"),
                                    cl::sub(DocsCmd), cl::cat(Category));
static cl::opt<std::string> ExplainRule(cl::Positional, cl::desc("RULE"),
                                        cl::sub(ExplainCmd), cl::cat(Category));

static int usage(const llvm::Twine &Message) {
  llvm::errs() << "hazardlint: error: " << Message << "\n";
  return UsageError;
}

/// "python,go[preview]": the languages, marking those whose detector is
/// preview.
static std::string languageList(const RuleInfo &R) {
  std::string Out;
  for (Language L : R.Languages)
    Out += std::string(Out.empty() ? "" : ",") + languageName(L) +
           (R.isPreview(L) ? "[preview]" : "");
  return Out;
}

static int listRules() {
  const auto &Rules = RuleRegistry::get().rules();
  if (Format == "json") {
    nlohmann::json J = nlohmann::json::array();
    for (const RuleInfo &R : Rules) {
      nlohmann::json Langs = nlohmann::json::array(),
                     Preview = nlohmann::json::array();
      for (Language L : R.Languages)
        Langs.push_back(languageName(L));
      for (Language L : R.Preview)
        Preview.push_back(languageName(L));
      J.push_back({{"id", R.Id},
                   {"family", R.tag()},
                   {"languages", Langs},
                   {"preview", Preview},
                   {"preview-variants", R.PreviewVariants},
                   {"test-code", testCodePolicyName(R.TestCode)},
                   {"severity", severityName(R.DefaultSeverity)},
                   {"precision", R.Precision},
                   {"summary", R.Summary}});
    }
    llvm::outs() << J.dump(2) << "\n";
    return Clean;
  }
  if (Format != "text")
    return usage("--format for rules must be text or json");
  for (const RuleInfo &R : Rules)
    llvm::outs() << llvm::left_justify(R.Id, 24)
                 << llvm::left_justify(R.tag(), 30)
                 << llvm::left_justify(languageList(R), 40)
                 << llvm::left_justify(severityName(R.DefaultSeverity), 9)
                 << R.Summary << "\n";
  return Clean;
}

/// Where the rule runs by default, from its rule.json, as a page section.
static std::string defaultsSection(const RuleInfo &R) {
  std::string Out =
      "\n## Defaults\n\n- Precision on real code: " + R.Precision +
      " (see docs/benchmarks.md).\n";
  switch (R.TestCode) {
  case TestCodePolicy::Report:
    Out += "- In test code (tests, examples, benchmarks, scripts): reported "
           "as in service code.\n";
    break;
  case TestCodePolicy::Note:
    Out += "- In test code (tests, examples, benchmarks, scripts): reported "
           "as notes, which do not fail the run.\n";
    break;
  case TestCodePolicy::Skip:
    Out += "- In test code (tests, examples, benchmarks, scripts): not "
           "reported.\n";
    break;
  }
  if (!R.Preview.empty()) {
    std::string Langs;
    for (Language L : R.Preview)
      Langs += std::string(Langs.empty() ? "" : ", ") + languageName(L);
    Out += "- Preview in " + Langs +
           ": off unless `preview = true` in .hazardlint.toml or "
           "`--preview`, until its precision on real code reaches 0.80.\n";
  }
  if (!R.PreviewVariants.empty()) {
    std::string Names;
    for (const std::string &V : R.PreviewVariants)
      Names += (Names.empty() ? "`" : ", `") + V + "`";
    Out += "- Preview sub-patterns, off the same way: the findings of the "
           "messages " +
           Names + " (see Messages).\n";
  }
  Out += "\nSee docs/configuration.md (`[test-code]`, `preview`) to change "
         "them.\n";
  return Out;
}

/// Every sentence the rule can say, from its rule.json, as a page section.
static std::string messagesSection(const RuleInfo &R) {
  std::string Out = "\n## Messages\n\n`%0`, `%1`, ... stand for what each "
                    "finding names.\n\n";
  Out += "- `" + R.Message + "`\n";
  for (const auto &[Lang, Text] : R.LanguageMessages)
    Out += std::string("- ") + languageName(Lang) + ": `" + Text + "`\n";
  for (const auto &[Name, Text] : R.Variants)
    Out += "- " + Name + ": `" + Text + "`\n";
  return Out;
}

static int explain() {
  if (ExplainRule.empty())
    return usage("explain needs a rule id; see 'hazardlint rules'");
  const RuleInfo *R = RuleRegistry::get().find(ExplainRule.getValue());
  if (!R)
    return usage("unknown rule '" + ExplainRule + "'; see 'hazardlint rules'");
  llvm::outs() << R->Doc << defaultsSection(*R) << messagesSection(*R);
  return Clean;
}

/// Writes Text to Path atomically, or to stdout when Path is empty.
static bool emit(const std::string &Text, const std::string &Path) {
  if (Path.empty() || Path == "-") {
    llvm::outs() << Text;
    llvm::outs().flush();
    return true;
  }
  std::string Error;
  if (writeFileAtomically(Path, Text, Error))
    return true;
  llvm::errs() << "hazardlint: error: cannot write '" << Path << "': " << Error
               << "\n";
  return false;
}

/// Applies fixes file by file; returns the number of findings fixed.
static unsigned fixFiles(const RunResult &Result, bool Unsafe) {
  unsigned Fixed = 0;
  for (const FileResult &File : Result.Files) {
    if (File.Findings.empty())
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(File.Path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      continue;
    std::string Text = (*Buffer)->getBuffer().str();
    unsigned N = applyFixes(Text, File.Findings, Unsafe);
    if (!N)
      continue;
    std::string Error;
    if (!writeFileAtomically(File.Path, Text, Error)) {
      llvm::errs() << "hazardlint: error: cannot write fixes to '" << File.Path
                   << "': " << Error << "\n";
      continue;
    }
    Fixed += N;
  }
  return Fixed;
}

/// Writes docs/rules/: one page per rule and an index, from rules/.
static int writeDocs() {
  if (DocsDir.empty())
    return usage("docs needs --output-dir DIR");
  if (std::error_code EC = llvm::sys::fs::create_directories(DocsDir))
    return usage("cannot create '" + DocsDir + "': " + EC.message());
  std::string Index =
      "# Rules\n\nGenerated from `rules/` by `hazardlint docs`; "
      "do not edit.\n\n| Rule | Family | Languages | Severity | "
      "In test code | Summary |\n|---|---|---|---|---|---|\n";
  for (const RuleInfo &R : RuleRegistry::get().rules()) {
    Index += "| [" + R.Id + "](" + R.Id + ".md) | `" + R.tag() + "` | " +
             languageList(R) + " | " + severityName(R.DefaultSeverity) + " | " +
             testCodePolicyName(R.TestCode) + " | " + R.Summary + " |\n";
    std::string Page =
        "<!-- Generated from rules/" + R.Id +
        "/ by `hazardlint docs`; edit the rule, not this page. -->\n" + R.Doc +
        defaultsSection(R) + messagesSection(R);
    std::string Error;
    if (!writeFileAtomically(DocsDir + "/" + R.Id + ".md", Page, Error))
      return usage("cannot write docs: " + Error);
  }
  std::string Error;
  if (!writeFileAtomically(DocsDir + "/README.md", Index, Error))
    return usage("cannot write docs: " + Error);
  return Clean;
}

/// Parses --shard I/N; false if malformed.
static bool parseShard(unsigned &Index, unsigned &Count) {
  auto [I, N] = llvm::StringRef(Shard).split('/');
  return !I.getAsInteger(10, Index) && !N.getAsInteger(10, Count) && Count &&
         Index >= 1 && Index <= Count;
}

/// The files to analyse and their configs: discovery, then the configs'
/// excludes, then this job's shard. Returns an exit code on failure.
static std::optional<int> selectFiles(RunOptions &Options,
                                      std::vector<Notification> &Notes,
                                      std::string &ConfigCacheDir) {
  unsigned ShardIndex = 0, ShardCount = 0;
  if (!Shard.empty() && !parseShard(ShardIndex, ShardCount))
    return usage("--shard must be I/N with 1 <= I <= N, e.g. --shard 2/4");
  if (!ConfigFile.empty() && !llvm::sys::fs::exists(ConfigFile))
    return usage("--config: " + ConfigFile + ": no such file");
  std::vector<std::string> Inputs(Paths.begin(), Paths.end());
  if (Inputs.empty())
    Inputs.push_back(".");
  Discovery Found = discoverFiles(Inputs);
  for (const std::string &Missing : Found.MissingPaths)
    llvm::errs() << "hazardlint: error: " << Missing
                 << ": no such file or directory\n";
  if (!Found.MissingPaths.empty())
    return UsageError;
  Notes = Found.Notes;

  // Static: Options.Configs points into it for the rest of the process.
  static ConfigResolver Resolver(ConfigFile);
  for (const std::string &File : Found.Files) {
    std::string Error;
    const Config *Settings = Resolver.configFor(File, Error);
    if (!Settings)
      return usage("invalid configuration: " + Error);
    if (Settings->excludes(File))
      continue;
    // Hashing the path keeps a file in its shard as others come and go.
    if (ShardCount &&
        llvm::xxh3_64bits(llvm::arrayRefFromStringRef(File)) % ShardCount !=
            ShardIndex - 1)
      continue;
    if (ConfigCacheDir.empty())
      ConfigCacheDir = Settings->cacheDir();
    Options.Files.push_back(File);
    Options.Configs.push_back(Settings);
  }
  return std::nullopt;
}

/// Discovers, configures and analyses, for `check` and `baseline`.
static std::optional<int>
analyzeInputs(std::unique_ptr<clang::tooling::FixedCompilationDatabase> &Fixed,
              const std::vector<std::string> &FixedArgs, RunOptions &Options,
              RunResult &Result) {
  std::vector<Notification> DiscoveryNotes;
  std::string ConfigCacheDir;
  if (auto Exit = selectFiles(Options, DiscoveryNotes, ConfigCacheDir))
    return Exit;
  Options.Jobs = Jobs;
  Options.MaxFileSize = MaxFileSize;
  Options.Compile.BuildDir = BuildPath;
  Options.Compile.HaveFixedArgs = Fixed != nullptr;
  Options.Compile.FixedArgs = FixedArgs;
  Options.Compile.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Options.Compile.ExtraArgsBefore.assign(ExtraArgsBefore.begin(),
                                         ExtraArgsBefore.end());
  Options.ReportUnusedSuppressions = ReportUnused;
  Options.ParseOnly = ParseOnly;
  for (auto *List : {&SelectRules, &IgnoreRules})
    for (const std::string &S : *List)
      if (llvm::none_of(RuleRegistry::get().rules(), [&](const RuleInfo &R) {
            return selectorMatches(S, R);
          }))
        return usage("unknown rule or family '" + S +
                     "'; see 'hazardlint rules'");
  Options.Select.assign(SelectRules.begin(), SelectRules.end());
  Options.Ignore.assign(IgnoreRules.begin(), IgnoreRules.end());
  Options.Preview = PreviewRules;
  if (!NoCache) {
    const char *FromEnv = std::getenv("HAZARDLINT_CACHE_DIR");
    Options.CacheDir = !CacheDir.empty()     ? CacheDir.getValue()
                       : FromEnv && *FromEnv ? std::string(FromEnv)
                                             : ConfigCacheDir;
  }
  Result = runAnalysis(Options);
  Result.Notes.insert(Result.Notes.begin(), DiscoveryNotes.begin(),
                      DiscoveryNotes.end());
  return std::nullopt;
}

static int
writeBaseline(std::unique_ptr<clang::tooling::FixedCompilationDatabase> Fixed,
              const std::vector<std::string> &FixedArgs) {
  RunOptions Options;
  RunResult Result;
  if (auto Exit = analyzeInputs(Fixed, FixedArgs, Options, Result))
    return *Exit;
  writeNotifications(Result, llvm::errs());
  if (!emit(Baseline::write(Result.Files), BaselineOut))
    return UsageError;
  unsigned Count = 0;
  for (const FileResult &F : Result.Files)
    for (const Finding &Hit : F.Findings)
      Count += !Hit.SuppressedBy;
  llvm::errs() << "hazardlint: recorded " << Count
               << (Count == 1 ? " finding" : " findings") << " in "
               << BaselineOut << "\n";
  return Clean;
}

/// GitHub code scanning rejects SARIF over 10 MB gzipped (zlib's size is
/// within a few bytes of gzip's).
static void warnIfTooLargeForGithub(const std::string &Sarif) {
  constexpr size_t Limit = 10u << 20;
  if (Sarif.size() <= Limit || !llvm::compression::zlib::isAvailable())
    return;
  llvm::SmallVector<uint8_t, 0> Compressed;
  llvm::compression::zlib::compress(llvm::arrayRefFromStringRef(Sarif),
                                    Compressed);
  if (Compressed.size() > Limit)
    llvm::errs() << "hazardlint: warning: the SARIF is " << Compressed.size()
                 << " bytes gzipped, over GitHub code scanning's 10 MB "
                    "limit; split it with --shard or narrow it with "
                    "--baseline or --select\n";
}

/// Keeps only what the gate asks about: findings not in the baseline, on
/// lines changed since --diff-base.
static void filterNew(RunResult &Result, std::optional<Baseline> &Known,
                      const std::optional<ChangedLines> &Changed) {
  for (FileResult &File : Result.Files) {
    auto &Findings = File.Findings;
    Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                  [&](const Finding &F) {
                                    if (F.SuppressedBy)
                                      return false;
                                    if (Changed && !Changed->touches(F))
                                      return true;
                                    return Known && Known->consume(F);
                                  }),
                   Findings.end());
  }
  Result.AgainstBaseline = Known.has_value();
}

static int
check(std::unique_ptr<clang::tooling::FixedCompilationDatabase> Fixed,
      const std::vector<std::string> &FixedArgs) {
  if (Format != "text" && Format != "json" && Format != "sarif" &&
      Format != "github")
    return usage("--format must be text, json, sarif or github");
  std::optional<Severity> Threshold;
  if (FailOn != "never") {
    Threshold = parseSeverity(FailOn);
    if (!Threshold)
      return usage("--fail-on must be note, warning, error or never");
  }
  if (ColorMode != "auto" && ColorMode != "always" && ColorMode != "never")
    return usage("--color must be auto, always or never");
  if (UnsafeFixes && !ApplyFixes)
    return usage("--unsafe-fixes goes with --fix");
  std::optional<Baseline> Known;
  std::string Error;
  if (!BaselineIn.empty() && !(Known = Baseline::read(BaselineIn, Error)))
    return usage("--baseline: " + Error);
  std::optional<ChangedLines> Changed;
  if (!DiffBase.empty() && !(Changed = ChangedLines::since(DiffBase, Error)))
    return usage(Error);

  RunOptions Options;
  RunResult Result;
  if (auto Exit = analyzeInputs(Fixed, FixedArgs, Options, Result))
    return *Exit;
  if (ApplyFixes) {
    unsigned Fixed = fixFiles(Result, UnsafeFixes);
    if (Fixed) {
      llvm::errs() << "hazardlint: fixed " << Fixed
                   << (Fixed == 1 ? " finding" : " findings") << "\n";
      std::vector<Notification> Notes = Result.Notes;
      Result = runAnalysis(Options); // report what remains
      Result.Notes = Notes;
    }
  }
  filterNew(Result, Known, Changed);

  std::string Report;
  llvm::raw_string_ostream OS(Report);
  bool ToTerminal =
      OutputFile.empty() && llvm::sys::Process::StandardOutIsDisplayed();
  if (Format == "text")
    writeText(Result, OS,
              ColorMode == "always" || (ColorMode == "auto" && ToTerminal));
  else if (Format == "json")
    OS << toJson(Result).dump(2) << "\n";
  else if (Format == "github")
    writeGithub(Result, OS);
  else {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    OS << toSarif(Result, std::string(Cwd)).dump(2) << "\n";
    warnIfTooLargeForGithub(Report);
  }
  writeNotifications(Result, llvm::errs());
  if (!emit(Report, OutputFile))
    return UsageError;

  unsigned Findings = 0, Failing = 0, FilesWithFindings = 0, Suppressed = 0;
  bool InputErrors = false;
  for (const Notification &N : Result.Notes)
    InputErrors |= N.Level == Severity::Error;
  for (const FileResult &F : Result.Files) {
    bool Any = false;
    for (const Finding &Hit : F.Findings) {
      if (Hit.SuppressedBy) {
        ++Suppressed;
        continue;
      }
      Any = true;
      ++Findings;
      Failing += Threshold && Hit.Level >= *Threshold;
    }
    FilesWithFindings += Any;
    for (const Notification &N : F.Notifications) {
      InputErrors |= N.Level == Severity::Error;
      // Asked for, a stale suppression fails the gate like a finding (RUF100).
      Failing +=
          N.Id == "unused-suppression" && Threshold && N.Level >= *Threshold;
    }
  }
  llvm::errs() << "hazardlint: " << Findings << (Known || Changed ? " new" : "")
               << (Findings == 1 ? " finding" : " findings") << " in "
               << FilesWithFindings << " of " << Result.Files.size()
               << (Result.Files.size() == 1 ? " file" : " files");
  if (Suppressed)
    llvm::errs() << " (" << Suppressed << " suppressed)";
  llvm::errs() << "\n";
  return Failing || (Threshold && InputErrors) ? FoundHazards : Clean;
}

static int merge() {
  if (MergeFiles.size() < 2)
    return usage("merge needs OUT.sarif and at least one IN.sarif");
  std::vector<nlohmann::json> Logs;
  for (size_t I = 1; I < MergeFiles.size(); ++I) {
    auto Buffer = llvm::MemoryBuffer::getFile(MergeFiles[I]);
    if (!Buffer)
      return usage(MergeFiles[I] + ": " + Buffer.getError().message());
    Logs.push_back(
        nlohmann::json::parse((*Buffer)->getBuffer(), nullptr, false));
    if (Logs.back().is_discarded())
      return usage(MergeFiles[I] + ": not JSON");
  }
  std::string Error;
  nlohmann::json Merged = mergeSarif(Logs, Error);
  if (Merged.is_null())
    return usage("merge: " + Error);
  return emit(Merged.dump(2) + "\n", MergeFiles[0]) ? Clean : UsageError;
}

int main(int argc, const char **argv) {
  llvm::sys::PrintStackTraceOnErrorSignal(argv[0]);
  // Everything after "--" is compiler arguments, as for clang-tidy.
  std::vector<std::string> FixedArgs;
  for (int I = 1; I < argc; ++I)
    if (llvm::StringRef(argv[I]) == "--") {
      FixedArgs.assign(argv + I + 1, argv + argc);
      break;
    }
  std::string Error;
  auto Fixed = clang::tooling::FixedCompilationDatabase::loadFromCommandLine(
      argc, argv, Error);

  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "hazardlint " << hazardlintVersion()
       << " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::HideUnrelatedOptions(Category);
  std::string Errors;
  llvm::raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "hazardlint: finds resilience hazards in C/C++, Python and Go\n",
          &ErrorStream)) {
    llvm::errs() << Errors;
    return UsageError;
  }
  if (RulesCmd)
    return listRules();
  if (ExplainCmd)
    return explain();
  if (DocsCmd)
    return writeDocs();
  if (CheckCmd)
    return check(std::move(Fixed), FixedArgs);
  if (BaselineCmd)
    return writeBaseline(std::move(Fixed), FixedArgs);
  if (MergeCmd)
    return merge();
  if (ServerCmd)
    return server::runLanguageServer(stdin, stdout);
  llvm::errs()
      << "usage: hazardlint check [PATH...] | baseline FILE [PATH...] | "
         "merge OUT IN... | rules | explain RULE | server | --version\n"
      << "Run 'hazardlint check --help' for the options.\n";
  return UsageError;
}
