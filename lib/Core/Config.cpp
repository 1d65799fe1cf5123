#include "Core/Config.h"

#include "Knowledge/KnowledgeToml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include <sstream>
#include <toml++/toml.h>

namespace hazard {

namespace {

/// A config error at a node's position.
struct ConfigError {
  toml::source_region Where;
  std::string Message;
};

std::string position(const toml::source_region &R) {
  return std::to_string(R.begin.line) + ":" + std::to_string(R.begin.column);
}

std::vector<std::string> stringList(const toml::node &N, std::string_view Key) {
  const toml::array *A = N.as_array();
  if (!A)
    throw ConfigError{N.source(),
                      "'" + std::string(Key) + "' must be an array of strings"};
  std::vector<std::string> Out;
  for (const toml::node &Item : *A) {
    auto S = Item.value<std::string>();
    if (!S)
      throw ConfigError{Item.source(), "'" + std::string(Key) +
                                           "' must be an array of strings"};
    Out.push_back(*S);
  }
  return Out;
}

/// Rule selectors must name something, so that a typo is not silently inert.
void checkSelectors(const toml::node &N, const std::vector<std::string> &List,
                    std::string_view Key) {
  const toml::array &A = *N.as_array();
  for (size_t I = 0; I < List.size(); ++I) {
    bool Known = false;
    for (const RuleInfo &R : RuleRegistry::get().rules())
      Known |= selectorMatches(List[I], R);
    if (!Known)
      throw ConfigError{A[I].source(),
                        "'" + std::string(Key) + "': unknown rule or family '" +
                            List[I] + "'; see 'hazardlint rules'"};
  }
}

const toml::table &tableOf(const toml::node &N, std::string_view Key) {
  if (const toml::table *T = N.as_table())
    return *T;
  throw ConfigError{N.source(), "'" + std::string(Key) + "' must be a table"};
}

nlohmann::json jsonOf(const toml::node &N) {
  if (auto I = N.value_exact<int64_t>())
    return *I;
  if (auto B = N.value_exact<bool>())
    return *B;
  if (auto S = N.value_exact<std::string>())
    return *S;
  return nullptr;
}

} // namespace

bool selectorMatches(std::string_view Selector, const RuleInfo &Rule) {
  return Selector == "all" || Selector == Rule.Id || Selector == Rule.Family ||
         Selector == Rule.tag();
}

const Config &Config::defaults() {
  static const Config Defaults;
  return Defaults;
}

std::unique_ptr<Config> Config::load(const std::string &File,
                                     std::string &Error) {
  auto C = std::make_unique<Config>();
  C->Path = File;
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  C->Root = std::string(Dir);
  toml::table Doc;
  try {
    Doc = toml::parse_file(File);
  } catch (const toml::parse_error &E) {
    Error =
        File + ":" + position(E.source()) + ": " + std::string(E.description());
    return nullptr;
  }
  // A malformed path pattern is a bad value, reported where it stands.
  auto compileGlob = [](std::string Glob, const toml::source_region &Where) {
    auto Compiled = PathGlob::create(Glob);
    if (!Compiled)
      throw ConfigError{Where, "invalid path pattern '" + Glob + "': " +
                                   llvm::toString(Compiled.takeError())};
    return std::move(*Compiled);
  };
  try {
    for (const auto &[Key, Node] : Doc) {
      std::string_view K = Key.str();
      if (K == "select" || K == "ignore") {
        auto List = stringList(Node, K);
        checkSelectors(Node, List, K);
        (K == "select" ? C->Select : C->Ignore) = List;
      } else if (K == "exclude") {
        auto List = stringList(Node, K);
        for (size_t I = 0; I < List.size(); ++I)
          C->Exclude.push_back(
              compileGlob(std::move(List[I]), (*Node.as_array())[I].source()));
      } else if (K == "cache-dir") {
        auto S = Node.value<std::string>();
        if (!S)
          throw ConfigError{Node.source(), "'cache-dir' must be a string"};
        llvm::SmallString<256> P(*S);
        llvm::sys::fs::make_absolute(C->Root, P);
        C->CacheDir = std::string(P);
      } else if (K == "per-file-ignores") {
        for (const auto &[Glob, Rules] : tableOf(Node, K)) {
          auto List = stringList(Rules, "per-file-ignores");
          checkSelectors(Rules, List, "per-file-ignores");
          C->PerFileIgnores.push_back(
              {compileGlob(std::string(Glob.str()), Glob.source()), List});
        }
      } else if (K == "preview") {
        auto B = Node.value_exact<bool>();
        if (!B)
          throw ConfigError{Node.source(), "'preview' must be true or false"};
        C->Preview = *B;
      } else if (K == "test-code") {
        for (const auto &[Sub, Value] : tableOf(Node, K)) {
          std::string_view S = Sub.str();
          if (S == "paths" || S == "extend-paths") {
            if (S == "paths")
              C->TestPatterns.clear();
            auto List = stringList(Value, "test-code." + std::string(S));
            for (size_t I = 0; I < List.size(); ++I) {
              auto Pattern = TestPattern::create(List[I]);
              if (!Pattern)
                throw ConfigError{(*Value.as_array())[I].source(),
                                  "invalid path pattern '" + List[I] + "': " +
                                      llvm::toString(Pattern.takeError())};
              C->TestPatterns.push_back(std::move(*Pattern));
            }
          } else if (auto Policy = parseTestCodePolicy(S)) {
            auto List = stringList(Value, "test-code." + std::string(S));
            checkSelectors(Value, List, "test-code." + std::string(S));
            C->TestCodePolicies.push_back({*Policy, List});
          } else {
            throw ConfigError{Sub.source(),
                              "test-code: unknown key '" + std::string(S) +
                                  "'; expected paths, extend-paths, report, "
                                  "note or skip"};
          }
        }
      } else if (K == "severity") {
        for (const auto &[Id, Value] : tableOf(Node, K)) {
          const RuleInfo *R = RuleRegistry::get().find(Id.str());
          if (!R)
            throw ConfigError{Id.source(), "severity: unknown rule '" +
                                               std::string(Id.str()) + "'"};
          auto Name = Value.value<std::string>();
          auto Level = Name ? parseSeverity(*Name) : std::nullopt;
          if (!Level)
            throw ConfigError{Value.source(), "severity of '" + R->Id +
                                                  "' must be note, warning "
                                                  "or error"};
          C->Severities[R->Id] = *Level;
        }
      } else if (K == "options") {
        for (const auto &[Id, Table] : tableOf(Node, K)) {
          const RuleInfo *R = RuleRegistry::get().find(Id.str());
          if (!R)
            throw ConfigError{Id.source(), "options: unknown rule '" +
                                               std::string(Id.str()) + "'"};
          for (const auto &[Name, Value] : tableOf(Table, "options." + R->Id)) {
            const RuleOption *O = R->option(Name.str());
            if (!O) {
              std::string Known;
              for (const RuleOption &Each : R->Options)
                Known += (Known.empty() ? "" : ", ") + Each.Name;
              throw ConfigError{Name.source(),
                                "rule '" + R->Id + "' has no option '" +
                                    std::string(Name.str()) + "'" +
                                    (Known.empty() ? " (it has none)"
                                                   : "; it has: " + Known)};
            }
            nlohmann::json V = jsonOf(Value);
            if (!optionValueHasType(V, O->Type))
              throw ConfigError{Value.source(), "option '" + O->Name +
                                                    "' of '" + R->Id +
                                                    "' must be " + O->Type};
            C->Options[R->Id][O->Name] = V;
          }
        }
      } else if (K == "knowledge") {
        for (const auto &[Name, Table] : tableOf(Node, K)) {
          auto L = parseLanguage(Name.str());
          if (!L)
            throw ConfigError{Name.source(),
                              "knowledge: unknown language '" +
                                  std::string(Name.str()) +
                                  "'; expected python, go or cpp"};
          const toml::table &Entries =
              tableOf(Table, "knowledge." + std::string(Name.str()));
          auto KB = std::make_shared<knowledge::KnowledgeBase>(
              knowledge::KnowledgeBase::builtin(*L));
          std::string Problem;
          if (!knowledge::addTable(*KB, Entries, File, Problem)) {
            Error = Problem;
            return nullptr;
          }
          C->Knowledge[*L] = std::move(KB);
          std::ostringstream Text;
          Text << toml::toml_formatter(Entries);
          C->KnowledgeText[*L] = Text.str();
        }
      } else {
        throw ConfigError{Key.source(),
                          "unknown key '" + std::string(K) +
                              "'; expected select, ignore, exclude, "
                              "per-file-ignores, test-code, preview, "
                              "severity, options, knowledge or cache-dir"};
      }
    }
  } catch (const ConfigError &E) {
    Error = File + ":" + position(E.Where) + ": " + E.Message;
    return nullptr;
  }
  std::ostringstream Digest;
  Digest << toml::json_formatter(Doc);
  C->Digest = Digest.str();
  return C;
}

llvm::Expected<Config::PathGlob> Config::PathGlob::create(std::string Glob) {
  auto Text = std::make_unique<std::string>(std::move(Glob));
  auto Pattern = llvm::GlobPattern::create(*Text);
  if (!Pattern)
    return Pattern.takeError();
  return PathGlob(std::move(Text), std::move(*Pattern));
}

bool Config::PathGlob::matches(llvm::StringRef Rel) const {
  if (Pattern.match(Rel))
    return true;
  if (Text->find('/') == std::string::npos)
    return Pattern.match(llvm::sys::path::filename(Rel));
  llvm::StringRef Dir = llvm::StringRef(*Text).rtrim('/');
  return Rel.starts_with(Dir) && Rel.size() > Dir.size() &&
         Rel[Dir.size()] == '/';
}

llvm::Expected<Config::TestPattern>
Config::TestPattern::create(std::string Text) {
  llvm::StringRef Name = llvm::StringRef(Text).rtrim('/');
  bool Anywhere = !Name.contains('/');
  bool DirectoryOnly = Anywhere && Name.size() < Text.size();
  auto Glob = PathGlob::create(Anywhere ? Name.str() : Text);
  if (!Glob)
    return Glob.takeError();
  return TestPattern{std::move(*Glob), Anywhere, DirectoryOnly};
}

bool Config::TestPattern::matches(llvm::StringRef Rel) const {
  if (!Anywhere)
    return Glob.matches(Rel);
  llvm::SmallVector<llvm::StringRef> Parts;
  Rel.split(Parts, '/', -1, false);
  if (DirectoryOnly && !Parts.empty())
    Parts.pop_back(); // the file's own name
  return llvm::any_of(Parts,
                      [&](llvm::StringRef Part) { return Glob.matches(Part); });
}

std::vector<Config::TestPattern> Config::builtinTestPatterns() {
  std::vector<TestPattern> Out;
  for (const char *P :
       {"tests/",        "test/",     "testing/",   "testdata/",
        "examples/",     "example/",  "_examples/", "benchmarks/",
        "benchmark/",    "bench/",    "scripts/",   "script/",
        "tools/",        "bin/",      "hack/",      "docs/",
        "doc/",          "test_*.py", "*_test.py",  "conftest.py",
        "*_test.go",     "*_test.cc", "*_test.cpp", "*_unittest.cc",
        "*_unittest.cpp"})
    Out.push_back(cantFail(TestPattern::create(P)));
  return Out;
}

std::string Config::relativePath(const std::string &File) const {
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  llvm::StringRef Rel = Abs;
  if (!Root.empty() && Rel.starts_with(Root))
    Rel = Rel.drop_front(Root.size()).ltrim('/');
  return Rel.str();
}

std::string Config::projectPath(const std::string &File) const {
  llvm::SmallString<256> Abs(File), Base(Root);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  if (Base.empty())
    llvm::sys::fs::current_path(Base);
  llvm::StringRef Rel = Abs, Prefix = llvm::StringRef(Base).rtrim('/');
  if (!Prefix.empty() && Rel.starts_with(Prefix) &&
      Rel.size() > Prefix.size() && Rel[Prefix.size()] == '/')
    return Rel.drop_front(Prefix.size() + 1).str();
  return llvm::sys::path::filename(Abs).str();
}

bool Config::isTestCode(const std::string &File) const {
  if (TestPatterns.empty())
    return false;
  std::string Rel = projectPath(File);
  return llvm::any_of(TestPatterns,
                      [&](const TestPattern &P) { return P.matches(Rel); });
}

TestCodePolicy Config::testCodePolicy(const RuleInfo &Rule) const {
  // The most specific selector wins: the rule's id, then its family or tag,
  // then "all"; among equals, the one that reports more.
  auto Specificity = [&](const std::string &S) {
    return S == Rule.Id ? 3 : S == "all" ? 1 : selectorMatches(S, Rule) ? 2 : 0;
  };
  int Best = 0;
  TestCodePolicy Chosen = Rule.TestCode;
  for (const auto &[Policy, Selectors] : TestCodePolicies)
    for (const std::string &S : Selectors)
      if (int N = Specificity(S);
          N > Best || (N == Best && N > 0 && Policy < Chosen)) {
        Best = N;
        Chosen = Policy;
      }
  return Chosen;
}

/// Whether one of Selectors names Rule.
static bool namedBy(const std::vector<std::string> &Selectors,
                    const RuleInfo &Rule) {
  return llvm::any_of(Selectors, [&](const std::string &S) {
    return selectorMatches(S, Rule);
  });
}

bool Config::enables(const RuleInfo &Rule, const std::string &File) const {
  auto Named = [&](const std::vector<std::string> &Selectors) {
    return namedBy(Selectors, Rule);
  };
  if (!Select.empty() && !Named(Select))
    return false;
  if (Named(Ignore))
    return false;
  if (PerFileIgnores.empty())
    return true;
  std::string Rel = relativePath(File);
  for (const PathRules &P : PerFileIgnores)
    if (Named(P.Selectors) && P.Glob.matches(Rel))
      return false;
  return true;
}

RuleSet rulesFor(const Config &Settings, const std::string &File,
                 const std::vector<std::string> &Select,
                 const std::vector<std::string> &Ignore, bool Preview) {
  RuleSet Rules;
  auto Lang = languageForPath(File);
  bool TestCode = Settings.isTestCode(File);
  Preview |= Settings.preview();
  for (const RuleInfo &R : RuleRegistry::get().rules())
    if ((Select.empty() || namedBy(Select, R)) && !namedBy(Ignore, R) &&
        Settings.enables(R, File) &&
        (Preview || !Lang || !R.isPreview(*Lang)) &&
        !(TestCode && Settings.testCodePolicy(R) == TestCodePolicy::Skip))
      Rules.insert(R.Id);
  return Rules;
}

const RuleSet &allRules() {
  static const RuleSet All = [] {
    RuleSet Rules;
    for (const RuleInfo &R : RuleRegistry::get().rules())
      Rules.insert(R.Id);
    return Rules;
  }();
  return All;
}

bool Config::excludes(const std::string &File) const {
  if (Exclude.empty())
    return false;
  std::string Rel = relativePath(File);
  for (const PathGlob &Glob : Exclude)
    if (Glob.matches(Rel))
      return true;
  return false;
}

Severity Config::severityOf(const RuleInfo &Rule) const {
  auto It = Severities.find(Rule.Id);
  return It == Severities.end() ? Rule.DefaultSeverity : It->second;
}

nlohmann::json Config::option(const RuleInfo &Rule,
                              std::string_view Name) const {
  auto R = Options.find(Rule.Id);
  if (R != Options.end())
    if (auto O = R->second.find(Name); O != R->second.end())
      return O->second;
  const RuleOption *O = Rule.option(Name);
  return O ? O->Default : nlohmann::json();
}

const knowledge::KnowledgeBase &Config::knowledge(Language L) const {
  auto It = Knowledge.find(L);
  return It == Knowledge.end() ? knowledge::KnowledgeBase::builtin(L)
                               : *It->second;
}

const std::string &Config::knowledgeText(Language L) const {
  static const std::string None;
  auto It = KnowledgeText.find(L);
  return It == KnowledgeText.end() ? None : It->second;
}

const Config *ConfigResolver::loadOnce(const std::string &ConfigPath,
                                       std::string &Error) {
  auto It = Loaded.find(ConfigPath);
  if (It == Loaded.end())
    It = Loaded.emplace(ConfigPath, Config::load(ConfigPath, Error)).first;
  return It->second.get();
}

const Config *ConfigResolver::configFor(const std::string &File,
                                        std::string &Error) {
  if (!Override.empty())
    return loadOnce(Override, Error);
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, true);
  llvm::sys::path::remove_filename(Dir);
  std::vector<std::string> Visited;
  const Config *Found = &Config::defaults();
  for (llvm::StringRef D = Dir; !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    if (auto Known = ByDirectory.find(D.str()); Known != ByDirectory.end()) {
      Found = Known->second;
      break;
    }
    Visited.push_back(D.str());
    llvm::SmallString<256> Candidate(D);
    llvm::sys::path::append(Candidate, Config::FileName);
    if (llvm::sys::fs::exists(Candidate)) {
      Found = loadOnce(std::string(Candidate), Error);
      if (!Found)
        return nullptr;
      break;
    }
  }
  for (const std::string &D : Visited)
    ByDirectory[D] = Found;
  return Found;
}

} // namespace hazard
