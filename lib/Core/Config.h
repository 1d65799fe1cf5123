//===- Config.h - The project configuration, .hazardlint.toml ---*- C++ -*-===//
//
// A project says which rules run where, at what severity and with which
// options in a `.hazardlint.toml`, found by walking up from each analysed
// file (the nearest one wins, as for Ruff's and clang-tidy's files), or given
// with --config. Paths in it are relative to its directory. See
// docs/configuration.md for the keys.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CORE_CONFIG_H
#define HAZARDLINT_CORE_CONFIG_H

#include "Core/Rule.h"
#include "Knowledge/KnowledgeBase.h"
#include "llvm/Support/GlobPattern.h"
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hazard {

class Config {
public:
  static constexpr const char *FileName = ".hazardlint.toml";

  /// Parses and validates File; on failure returns null and sets Error to
  /// "FILE:LINE:COL: problem".
  static std::unique_ptr<Config> load(const std::string &File,
                                      std::string &Error);
  /// The configuration of a project without a file: every rule, defaults.
  static const Config &defaults();

  /// The file it was read from, "" for the defaults.
  const std::string &path() const { return Path; }
  /// Whether Rule runs on File (select, ignore and per-file-ignores).
  bool enables(const RuleInfo &Rule, const std::string &File) const;
  /// Whether File is excluded from analysis.
  bool excludes(const std::string &File) const;
  Severity severityOf(const RuleInfo &Rule) const;
  /// Whether File is test code: a test, an example, a benchmark or a script
  /// ([test-code] paths, or the built-in ones).
  bool isTestCode(const std::string &File) const;
  /// What Rule's findings in test code become ([test-code] report, note and
  /// skip, else the rule's own default).
  TestCodePolicy testCodePolicy(const RuleInfo &Rule) const;
  /// `preview = true`: the detectors a rule marks preview run too.
  bool preview() const { return Preview; }
  /// The option's configured value, or its default from rule.json.
  nlohmann::json option(const RuleInfo &Rule, std::string_view Name) const;
  /// Everything that changes results, for the results cache key.
  const std::string &digest() const { return Digest; }
  /// `cache-dir`, resolved against the config's directory; "" if unset.
  const std::string &cacheDir() const { return CacheDir; }
  /// The knowledge base of L: the built-in one with the project's
  /// [knowledge.<language>] entries added.
  const knowledge::KnowledgeBase &knowledge(Language L) const;
  /// The project's [knowledge.<language>] table as TOML text ("" if none),
  /// as the C/C++ checks take it through the HazardKnowledge option.
  const std::string &knowledgeText(Language L) const;

private:
  /// A path pattern of the file, compiled once. `*` crosses directories; a
  /// pattern without '/' also matches a basename; "dir/" and "dir" name
  /// everything below the directory.
  class PathGlob {
  public:
    /// The compiled Glob, or an error saying why it is malformed.
    static llvm::Expected<PathGlob> create(std::string Glob);
    bool matches(llvm::StringRef RelativePath) const;

  private:
    PathGlob(std::unique_ptr<std::string> Text, llvm::GlobPattern Pattern)
        : Text(std::move(Text)), Pattern(std::move(Pattern)) {}
    std::unique_ptr<std::string> Text; // the compiled pattern points into it
    llvm::GlobPattern Pattern;
  };
  struct PathRules {
    PathGlob Glob;
    std::vector<std::string> Selectors;
  };
  /// A pattern of test code. One without a '/' inside names a file, or with
  /// a trailing '/' a directory, at any depth (`test_*.py`, `tests/`);
  /// another is matched against the path from the config's directory.
  struct TestPattern {
    PathGlob Glob;
    bool Anywhere = false, DirectoryOnly = false;
    static llvm::Expected<TestPattern> create(std::string Text);
    bool matches(llvm::StringRef RelativePath) const;
  };
  static std::vector<TestPattern> builtinTestPatterns();
  /// File relative to the config's directory, with '/' separators kept.
  std::string relativePath(const std::string &File) const;
  /// File relative to the project: the config's directory, or for the
  /// defaults the working directory; its name alone if it is outside.
  std::string projectPath(const std::string &File) const;

  std::string Path, Root, Digest, CacheDir;
  std::vector<std::string> Select, Ignore;
  std::vector<PathGlob> Exclude;
  std::vector<PathRules> PerFileIgnores;
  std::vector<TestPattern> TestPatterns = builtinTestPatterns();
  std::vector<std::pair<TestCodePolicy, std::vector<std::string>>>
      TestCodePolicies; // [test-code] report, note, skip
  bool Preview = false;
  std::map<std::string, Severity> Severities;
  std::map<std::string, std::map<std::string, nlohmann::json, std::less<>>>
      Options;
  std::map<Language, std::shared_ptr<const knowledge::KnowledgeBase>> Knowledge;
  std::map<Language, std::string> KnowledgeText;
};

/// Whether Selector (a rule id, a family or its `hazard/<family>` tag, or
/// "all") names Rule.
bool selectorMatches(std::string_view Selector, const RuleInfo &Rule);

/// The ids of the rules that run on one file.
using RuleSet = std::set<std::string, std::less<>>;
/// The rules Settings enables on File, narrowed by the run's --select (when
/// not empty) and --ignore selectors, less those skipped in test code and,
/// unless Settings or the run (Preview) asks for them, the detectors for
/// File's language that are preview.
RuleSet rulesFor(const Config &Settings, const std::string &File,
                 const std::vector<std::string> &Select,
                 const std::vector<std::string> &Ignore, bool Preview = false);
/// Every rule: for a file analysed on its own.
const RuleSet &allRules();

/// Finds and loads the config of each analysed file, once per directory.
class ConfigResolver {
public:
  /// With Override (--config), every file uses that file.
  explicit ConfigResolver(std::string Override = "") : Override(Override) {}
  /// The config governing File, or null with Error set if one is invalid.
  const Config *configFor(const std::string &File, std::string &Error);

private:
  const Config *loadOnce(const std::string &ConfigPath, std::string &Error);
  std::string Override;
  std::map<std::string, const Config *> ByDirectory;
  std::map<std::string, std::unique_ptr<Config>> Loaded;
};

} // namespace hazard

#endif
