#include "Output/Writers.h"

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
          {"endColumn", std::max(R.EndPos.Utf16Column,
                                 R.EndPos.Line == R.BeginPos.Line
                                     ? R.BeginPos.Utf16Column
                                     : 1u)}};
}

static const char *sarifLevel(Severity S) {
  return S == Severity::Error ? "error" : S == Severity::Warning ? "warning" : "note";
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
    json Physical = {{"artifactLocation", artifactLocation(N.Path, SourceRoot)}};
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
           json::array({{{"artifactLocation", artifactLocation(F.Path, SourceRoot)},
                         {"replacements", Replacements}}})}}});
    J["properties"] = {{"fixApplicability", F.FixIt->Safe ? "safe" : "unsafe"}};
  }
  return J;
}

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
    bool First = Runs.empty();
    if (First)
      for (const Notification &N : R.Notes)
        Notes.push_back(notification(N, SourceRoot));
    for (const FileResult &File : R.Files) {
      if (L && languageForPath(File.Path) != L)
        continue;
      for (const Notification &N : File.Notifications)
        Notes.push_back(notification(N, SourceRoot));
      for (const Finding &F : File.Findings)
        Results.push_back(result(F, SourceRoot));
    }
    std::string Category = std::string("hazardlint/") + (L ? languageName(*L) : "all") + "/";
    Runs.push_back(
        {{"tool",
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
