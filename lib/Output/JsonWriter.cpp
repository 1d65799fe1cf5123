#include "Output/Writers.h"

#include "Core/Rule.h"

namespace hazard {

static nlohmann::json position(const Position &P) {
  return {{"line", P.Line}, {"column", P.Column}};
}

static nlohmann::json notification(const Notification &N) {
  nlohmann::json J = {{"id", N.Id},
                      {"severity", severityName(N.Level)},
                      {"message", N.Message}};
  if (!N.Path.empty())
    J["path"] = N.Path;
  if (N.Pos.Line)
    J["location"] = position(N.Pos);
  return J;
}

nlohmann::json toJson(const RunResult &R) {
  nlohmann::json Findings = nlohmann::json::array();
  nlohmann::json Notes = nlohmann::json::array();
  for (const Notification &N : R.Notes)
    Notes.push_back(notification(N));
  for (const FileResult &File : R.Files) {
    for (const Notification &N : File.Notifications)
      Notes.push_back(notification(N));
    for (const Finding &F : File.Findings) {
      if (F.SuppressedBy)
        continue;
      const RuleInfo *Rule = RuleRegistry::get().find(F.RuleId);
      nlohmann::json J = {{"rule", F.RuleId},
                          {"family", Rule ? Rule->tag() : ""},
                          {"severity", severityName(F.Level)},
                          {"message", F.Message},
                          {"path", F.Path},
                          {"location", position(F.Range.BeginPos)},
                          {"end_location", position(F.Range.EndPos)},
                          {"fingerprint", F.LineHash},
                          {"test_code", F.InTestCode},
                          {"preview", F.Preview},
                          {"fix", nullptr}};
      nlohmann::json Related = nlohmann::json::array();
      for (const RelatedLocation &R : F.Related)
        Related.push_back({{"path", R.Path},
                           {"location", position(R.Range.BeginPos)},
                           {"end_location", position(R.Range.EndPos)},
                           {"message", R.Message}});
      J["related"] = Related;
      if (F.FixIt) {
        nlohmann::json Edits = nlohmann::json::array();
        for (const TextEdit &E : F.FixIt->Edits)
          Edits.push_back({{"location", position(E.Range.BeginPos)},
                           {"end_location", position(E.Range.EndPos)},
                           {"content", E.NewText}});
        J["fix"] = {{"applicability", F.FixIt->Safe ? "safe" : "unsafe"},
                    {"message", F.FixIt->Description},
                    {"edits", Edits}};
      }
      Findings.push_back(std::move(J));
    }
  }
  return {{"version", hazardlintVersion()},
          {"findings", Findings},
          {"notifications", Notes}};
}

} // namespace hazard
