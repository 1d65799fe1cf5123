#include "Output/Writers.h"

#include "Core/Rule.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace hazard {

using nlohmann::json;

std::string fileUri(const std::string &AbsolutePath) {
  std::string Out = "file://";
  for (unsigned char C : AbsolutePath) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

/// A path relative to the source root as a URI reference, or an absolute
/// file URI (with no base) for files outside it.
static json artifactLocation(const std::string &Path,
                             const std::string &SourceRoot) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  llvm::StringRef Rel(Abs);
  std::string Root = SourceRoot;
  if (!Root.empty() && Root.back() != '/')
    Root += '/';
  if (Rel.consume_front(Root)) {
    std::string Uri = fileUri("/" + Rel.str()).substr(strlen("file:///"));
    return {{"uri", Uri}, {"uriBaseId", "%SRCROOT%"}};
  }
  return {{"uri", fileUri(std::string(Abs))}};
}

static json region(const TextRange &R) {
  return {{"startLine", R.BeginPos.Line},
          {"startColumn", R.BeginPos.Utf16Column},
          {"endLine", R.EndPos.Line},
          {"endColumn",
           std::max(R.EndPos.Utf16Column, R.EndPos.Line == R.BeginPos.Line
                                              ? R.BeginPos.Utf16Column
                                              : 1u)}};
}

static const char *sarifLevel(Severity S) {
  return S == Severity::Error     ? "error"
         : S == Severity::Warning ? "warning"
                                  : "note";
}

static json ruleDescriptor(const RuleInfo &R) {
  std::string HelpText = R.Description + "\n\nFix: " + R.FixDescription;
  return {{"id", R.Id},
          {"name", R.Name},
          {"shortDescription", {{"text", R.Summary}}},
          {"fullDescription", {{"text", R.Description}}},
          {"help", {{"text", HelpText}, {"markdown", R.Doc}}},
          {"helpUri", R.helpUri()},
          {"defaultConfiguration", {{"level", sarifLevel(R.DefaultSeverity)}}},
          {"properties",
           {{"tags", {R.tag(), "reliability"}},
            {"precision", R.Precision},
            {"problem.severity", R.DefaultSeverity == Severity::Note
                                     ? "recommendation"
                                     : sarifLevel(R.DefaultSeverity)}}}};
}

static json notification(const Notification &N, const std::string &SourceRoot) {
  json J = {{"level", sarifLevel(N.Level)},
            {"message", {{"text", N.Message}}},
            {"descriptor", {{"id", N.Id}}}};
  if (!N.Path.empty()) {
    json Physical = {
        {"artifactLocation", artifactLocation(N.Path, SourceRoot)}};
    if (N.Pos.Line)
      Physical["region"] = {{"startLine", N.Pos.Line},
                            {"startColumn", N.Pos.Utf16Column}};
    J["locations"] = json::array({{{"physicalLocation", Physical}}});
  }
  return J;
}

static json result(const Finding &F, const std::string &SourceRoot) {
  const auto &Registry = RuleRegistry::get();
  json Region = region(F.Range);
  Region["snippet"] = {{"text", F.LineText}};
  json Location = {{"physicalLocation",
                    {{"artifactLocation", artifactLocation(F.Path, SourceRoot)},
                     {"region", Region}}}};
  json J = {{"ruleId", F.RuleId},
            {"ruleIndex", Registry.indexOf(F.RuleId)},
            {"level", sarifLevel(F.Level)},
            {"message", {{"text", F.Message}}},
            {"locations", json::array({Location})},
            {"partialFingerprints", {{"primaryLocationLineHash", F.LineHash}}}};
  if (!F.Related.empty()) {
    json Related = json::array();
    int Id = 1;
    for (const RelatedLocation &R : F.Related) {
      json Region = region(R.Range);
      Region["snippet"] = {{"text", R.LineText}};
      Related.push_back(
          {{"id", Id++},
           {"message", {{"text", R.Message}}},
           {"physicalLocation",
            {{"artifactLocation", artifactLocation(R.Path, SourceRoot)},
             {"region", Region}}}});
    }
    J["relatedLocations"] = Related;
  }
  if (F.FixIt) {
    json Replacements = json::array();
    for (const TextEdit &E : F.FixIt->Edits)
      Replacements.push_back({{"deletedRegion", region(E.Range)},
                              {"insertedContent", {{"text", E.NewText}}}});
    J["fixes"] = json::array(
        {{{"description", {{"text", F.FixIt->Description}}},
          {"artifactChanges",
           json::array(
               {{{"artifactLocation", artifactLocation(F.Path, SourceRoot)},
                 {"replacements", Replacements}}})}}});
    J["properties"]["fixApplicability"] = F.FixIt->Safe ? "safe" : "unsafe";
  }
  if (F.InTestCode)
    J["properties"]["testCode"] = true;
  if (F.Preview)
    J["properties"]["preview"] = true;
  if (F.SuppressedBy)
    J["suppressions"] = json::array(
        {{{"kind", "inSource"},
          {"justification", "suppressed by `" + *F.SuppressedBy + "`"}}});
  return J;
}

// GitHub code scanning rejects runs with more results than this.
static constexpr size_t MaxResultsPerRun = 25000;

json toSarif(const RunResult &R, const std::string &SourceRoot) {
  json Rules = json::array();
  for (const RuleInfo &Rule : RuleRegistry::get().rules())
    Rules.push_back(ruleDescriptor(Rule));
  std::string RootUri = fileUri(SourceRoot);
  if (RootUri.back() != '/')
    RootUri += '/';

  std::vector<std::optional<Language>> RunLanguages;
  for (const auto &[L, Count] : R.FilesPerLanguage)
    RunLanguages.push_back(L);
  if (RunLanguages.empty())
    RunLanguages.push_back(std::nullopt); // an empty run still says it ran

  json Runs = json::array();
  for (const auto &L : RunLanguages) {
    json Results = json::array(), Notes = json::array();
    size_t Dropped = 0;
    bool First = Runs.empty();
    if (First)
      for (const Notification &N : R.Notes)
        Notes.push_back(notification(N, SourceRoot));
    for (const FileResult &File : R.Files) {
      if (L && languageForPath(File.Path) != L)
        continue;
      for (const Notification &N : File.Notifications)
        Notes.push_back(notification(N, SourceRoot));
      for (const Finding &F : File.Findings) {
        if (Results.size() == MaxResultsPerRun) {
          ++Dropped;
          continue;
        }
        Results.push_back(result(F, SourceRoot));
        if (R.AgainstBaseline)
          Results.back()["baselineState"] = "new";
      }
    }
    if (Dropped)
      Notes.push_back(notification(
          {"results-truncated",
           Severity::Warning,
           "",
           {},
           std::to_string(Dropped) + " results over GitHub's limit of " +
               std::to_string(MaxResultsPerRun) +
               " per run were left out; shard the run (--shard) or use a "
               "baseline"},
          SourceRoot));
    std::string Category =
        std::string("hazardlint/") + (L ? languageName(*L) : "all") + "/";
    Runs.push_back({{"tool",
                     {{"driver",
                       {{"name", "hazardlint"},
                        {"version", hazardlintVersion()},
                        {"semanticVersion", hazardlintVersion()},
                        {"informationUri", hazardlintHomepage()},
                        {"rules", Rules}}}}},
                    {"automationDetails", {{"id", Category}}},
                    {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", RootUri}}}}},
                    {"invocations",
                     json::array({{{"executionSuccessful", true},
                                   {"toolExecutionNotifications", Notes}}})},
                    {"columnKind", "utf16CodeUnits"},
                    {"results", Results}});
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", Runs}};
}

} // namespace hazard

namespace hazard {

json mergeSarif(const std::vector<json> &Logs, std::string &Error) {
  json Runs = json::array();
  std::map<std::string, size_t> RunIndex; // automationDetails.id -> Runs[i]
  for (size_t L = 0; L < Logs.size(); ++L) {
    const json &Log = Logs[L];
    if (!Log.is_object() || Log.value("version", "") != "2.1.0" ||
        !Log.contains("runs") || !Log["runs"].is_array()) {
      Error = "input " + std::to_string(L + 1) + " is not a SARIF 2.1.0 log";
      return nullptr;
    }
    for (const json &Run : Log["runs"]) {
      std::string Id = Run.value("/automationDetails/id"_json_pointer, "");
      auto [It, New] = RunIndex.try_emplace(Id, Runs.size());
      if (New) {
        Runs.push_back(Run);
        continue;
      }
      json &Into = Runs[It->second];
      json &Rules = Into["tool"]["driver"]["rules"];
      if (!Rules.is_array())
        Rules = json::array();
      std::map<std::string, int> RuleIndex;
      for (size_t I = 0; I < Rules.size(); ++I)
        RuleIndex[Rules[I].value("id", "")] = static_cast<int>(I);
      const json FromRules =
          Run.value("/tool/driver/rules"_json_pointer, json::array());
      for (json Result : Run.value("results", json::array())) {
        // ruleIndex points into this run's rules: re-point it into the merged.
        std::string RuleId = Result.value("ruleId", "");
        if (Result.contains("ruleIndex") && Result["ruleIndex"].is_number()) {
          int From = Result["ruleIndex"].get<int>();
          if (From >= 0 && From < static_cast<int>(FromRules.size()))
            RuleId = FromRules[From].value("id", RuleId);
        }
        auto Known = RuleIndex.find(RuleId);
        if (Known == RuleIndex.end()) {
          for (const json &Rule : FromRules)
            if (Rule.value("id", "") == RuleId) {
              Known = RuleIndex.emplace(RuleId, Rules.size()).first;
              Rules.push_back(Rule);
              break;
            }
        }
        if (Known != RuleIndex.end())
          Result["ruleIndex"] = Known->second;
        else
          Result.erase("ruleIndex");
        Into["results"].push_back(std::move(Result));
      }
      // One invocation: successful only if every shard was.
      json &Invocation = Into["invocations"][0];
      for (const json &Other : Run.value("invocations", json::array())) {
        Invocation["executionSuccessful"] =
            Invocation.value("executionSuccessful", true) &&
            Other.value("executionSuccessful", true);
        for (const json &N :
             Other.value("toolExecutionNotifications", json::array()))
          Invocation["toolExecutionNotifications"].push_back(N);
      }
    }
  }
  json Out = Logs.empty() ? json::object() : Logs.front();
  Out["version"] = "2.1.0";
  if (!Out.contains("$schema"))
    Out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  Out["runs"] = Runs;
  return Out;
}

} // namespace hazard
