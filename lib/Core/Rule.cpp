#include "Core/Rule.h"

#include "HazardlintConfig.h"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace hazard {

namespace {
struct EmbeddedRule {
  const char *Folder;
  const char *Json;
  const char *Doc;
  const char *PythonQuery; // nullptr when the rule has no Python detector
  const char *GoQuery;
};
#include "RuleSources.inc" // generated: const EmbeddedRule EmbeddedRules[]
} // namespace

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

std::optional<Severity> parseSeverity(const std::string &Name) {
  if (Name == "note")
    return Severity::Note;
  if (Name == "warning")
    return Severity::Warning;
  if (Name == "error")
    return Severity::Error;
  return std::nullopt;
}

const char *hazardlintVersion() { return HAZARDLINT_VERSION; }
const char *hazardlintHomepage() { return HAZARDLINT_HOMEPAGE; }

const char *languageName(Language L) {
  switch (L) {
  case Language::Python:
    return "python";
  case Language::Go:
    return "go";
  case Language::Cpp:
    return "cpp";
  }
  return "";
}

std::optional<Language> parseLanguage(std::string_view Name) {
  for (Language L : {Language::Python, Language::Go, Language::Cpp})
    if (Name == languageName(L))
      return L;
  return std::nullopt;
}

std::optional<Language> languageForPath(std::string_view Path) {
  size_t Dot = Path.rfind('.');
  size_t Slash = Path.rfind('/');
  if (Dot == std::string_view::npos ||
      (Slash != std::string_view::npos && Dot < Slash))
    return std::nullopt;
  std::string_view Ext = Path.substr(Dot + 1);
  if (Ext == "py" || Ext == "pyi")
    return Language::Python;
  if (Ext == "go")
    return Language::Go;
  for (const char *E : {"c", "cc", "cpp", "cxx", "h", "hh", "hpp", "hxx"})
    if (Ext == E)
      return Language::Cpp;
  return std::nullopt;
}

std::string RuleInfo::helpUri() const {
  return std::string(HAZARDLINT_HOMEPAGE) + "/blob/main/docs/rules/" + Id +
         ".md";
}

const char *testCodePolicyName(TestCodePolicy P) {
  switch (P) {
  case TestCodePolicy::Report:
    return "report";
  case TestCodePolicy::Note:
    return "note";
  case TestCodePolicy::Skip:
    return "skip";
  }
  return "report";
}

std::optional<TestCodePolicy> parseTestCodePolicy(std::string_view Name) {
  for (TestCodePolicy P :
       {TestCodePolicy::Report, TestCodePolicy::Note, TestCodePolicy::Skip})
    if (Name == testCodePolicyName(P))
      return P;
  return std::nullopt;
}

bool RuleInfo::isPreview(Language L) const {
  return std::find(Preview.begin(), Preview.end(), L) != Preview.end();
}

bool RuleInfo::isPreviewVariant(std::string_view Variant) const {
  return !Variant.empty() &&
         std::find(PreviewVariants.begin(), PreviewVariants.end(), Variant) !=
             PreviewVariants.end();
}

bool RuleInfo::appliesTo(Language L) const {
  return std::find(Languages.begin(), Languages.end(), L) != Languages.end();
}

/// Template with %0..%9 replaced by Args.
static std::string substitute(std::string_view Template,
                              const std::vector<std::string> &Args) {
  std::string Out;
  for (size_t I = 0; I < Template.size(); ++I) {
    char Next = I + 1 < Template.size() ? Template[I + 1] : 0;
    if (Template[I] == '%' && Next >= '0' && Next <= '9') {
      size_t Index = Next - '0';
      if (Index < Args.size())
        Out += Args[Index];
      ++I;
      continue;
    }
    Out += Template[I];
  }
  return Out;
}

std::string
RuleInfo::formatMessage(const std::vector<std::string> &Args) const {
  return substitute(Message, Args);
}

std::string RuleInfo::formatMessage(const std::vector<std::string> &Args,
                                    std::optional<Language> L) const {
  auto It = L ? LanguageMessages.find(*L) : LanguageMessages.end();
  return substitute(It == LanguageMessages.end() ? Message : It->second, Args);
}

const std::string &RuleInfo::message(MessageId Id) const {
  auto It = Variants.find(Id.Variant);
  // The generated ids come from the same rule.json files: a mismatch is a
  // detector reporting another rule's variant.
  if (ruleIdName(Id.Rule) != this->Id || It == Variants.end()) {
    std::fprintf(stderr,
                 "hazardlint: internal error: rule '%s' has no message "
                 "variant '%s'\n",
                 this->Id.c_str(), Id.Variant);
    std::abort();
  }
  return It->second;
}

std::string
RuleInfo::formatMessage(MessageId Id,
                        const std::vector<std::string> &Args) const {
  return substitute(message(Id), Args);
}

/// Families and variants are named like rules: lower-case words joined by '-'.
static bool isKebabName(std::string_view Family) {
  if (Family.empty() || Family.front() == '-' || Family.back() == '-')
    return false;
  for (char C : Family)
    if (!(C >= 'a' && C <= 'z') && C != '-')
      return false;
  return Family.find("--") == std::string_view::npos;
}

bool optionValueHasType(const nlohmann::json &Value, std::string_view Type) {
  if (Type == "integer")
    return Value.is_number_integer();
  if (Type == "string")
    return Value.is_string();
  if (Type == "boolean")
    return Value.is_boolean();
  return false;
}

const std::string &RuleInfo::messageFor(Language L) const {
  auto It = LanguageMessages.find(L);
  return It == LanguageMessages.end() ? Message : It->second;
}

const RuleOption *RuleInfo::option(std::string_view Name) const {
  for (const RuleOption &O : Options)
    if (O.Name == Name)
      return &O;
  return nullptr;
}

std::string parseRule(std::string_view Folder, std::string_view Json,
                      std::string_view Doc,
                      const std::map<Language, std::string> &Queries,
                      RuleInfo &Out) {
  nlohmann::json J = nlohmann::json::parse(Json, nullptr, false);
  if (J.is_discarded() || !J.is_object())
    return "rule.json is not a JSON object";
  auto Str = [&](const char *Key, std::string &Field) -> std::string {
    auto It = J.find(Key);
    if (It == J.end() || !It->is_string() || It->get<std::string>().empty())
      return std::string("missing string field '") + Key + "'";
    Field = It->get<std::string>();
    return "";
  };
  std::string SeverityName, Err;
  for (auto [Key, Field] :
       std::initializer_list<std::pair<const char *, std::string *>>{
           {"id", &Out.Id},
           {"family", &Out.Family},
           {"name", &Out.Name},
           {"severity", &SeverityName},
           {"precision", &Out.Precision},
           {"summary", &Out.Summary},
           {"description", &Out.Description},
           {"message", &Out.Message},
           {"fix", &Out.FixDescription}})
    if (!(Err = Str(Key, *Field)).empty())
      return Err;
  if (Out.Id != Folder)
    return "id '" + Out.Id + "' differs from its folder name";
  if (!isKebabName(Out.Family))
    return "family '" + Out.Family + "' is not lower-case words joined by '-'";
  auto Sev = parseSeverity(SeverityName);
  if (!Sev)
    return "severity must be note, warning or error";
  Out.DefaultSeverity = *Sev;
  static const char *const Precisions[] = {"very-high", "high", "medium",
                                           "low"};
  if (std::find_if(std::begin(Precisions), std::end(Precisions),
                   [&](const char *P) { return Out.Precision == P; }) ==
      std::end(Precisions))
    return "precision must be very-high, high, medium or low";
  auto Langs = J.find("languages");
  if (Langs == J.end() || !Langs->is_array() || Langs->empty())
    return "missing array field 'languages'";
  for (const auto &L : *Langs) {
    auto Lang =
        L.is_string() ? parseLanguage(L.get<std::string>()) : std::nullopt;
    if (!Lang)
      return "languages must be python, go or cpp";
    Out.Languages.push_back(*Lang);
    if (*Lang != Language::Cpp && !Queries.count(*Lang))
      return std::string("lists ") + languageName(*Lang) + " but has no " +
             languageName(*Lang) + ".scm";
  }
  if (auto Msgs = J.find("messages"); Msgs != J.end()) {
    if (!Msgs->is_object())
      return "messages must be an object of language: message";
    for (const auto &[Name, Text] : Msgs->items()) {
      auto Lang = parseLanguage(Name);
      if (!Lang || !Text.is_string() || Text.get<std::string>().empty())
        return "messages: '" + Name + "' must be a language with a message";
      Out.LanguageMessages[*Lang] = Text.get<std::string>();
    }
  }
  if (auto Vars = J.find("variants"); Vars != J.end()) {
    if (!Vars->is_object())
      return "variants must be an object of name: message";
    for (const auto &[Name, Text] : Vars->items()) {
      if (!isKebabName(Name) || !Text.is_string() ||
          Text.get<std::string>().empty())
        return "variants: '" + Name +
               "' must be a lower-case name with a message";
      Out.Variants[Name] = Text.get<std::string>();
    }
  }
  if (auto P = J.find("test-code"); P != J.end()) {
    auto Policy = P->is_string() ? parseTestCodePolicy(P->get<std::string>())
                                 : std::nullopt;
    if (!Policy)
      return "test-code must be report, note or skip";
    Out.TestCode = *Policy;
  }
  if (auto P = J.find("preview"); P != J.end()) {
    if (!P->is_array())
      return "preview must be an array of languages";
    for (const auto &L : *P) {
      auto Lang =
          L.is_string() ? parseLanguage(L.get<std::string>()) : std::nullopt;
      if (!Lang || std::find(Out.Languages.begin(), Out.Languages.end(),
                             *Lang) == Out.Languages.end())
        return "preview must list languages of the rule";
      Out.Preview.push_back(*Lang);
    }
  }
  if (auto P = J.find("preview-variants"); P != J.end()) {
    if (!P->is_array())
      return "preview-variants must be an array of variant names";
    for (const auto &V : *P) {
      if (!V.is_string() || !Out.Variants.count(V.get<std::string>()))
        return "preview-variants must name variants of the rule";
      Out.PreviewVariants.push_back(V.get<std::string>());
    }
  }
  if (auto Opts = J.find("options"); Opts != J.end()) {
    if (!Opts->is_object())
      return "options must be an object of name: {type, default, description}";
    for (const auto &[Name, Spec] : Opts->items()) {
      RuleOption O;
      O.Name = Name;
      if (!Spec.is_object() || !Spec.contains("type") ||
          !Spec.contains("default") || !Spec["type"].is_string())
        return "option '" + Name + "' needs a type and a default";
      O.Type = Spec["type"].get<std::string>();
      O.Default = Spec["default"];
      if (!optionValueHasType(O.Default, O.Type))
        return "option '" + Name + "': default is not of type '" + O.Type + "'";
      O.Description = Spec.value("description", "");
      Out.Options.push_back(std::move(O));
    }
  }
  if (Doc.empty())
    return "missing doc.md";
  Out.Doc = std::string(Doc);
  Out.Queries = Queries;
  return "";
}

const RuleRegistry &RuleRegistry::get() {
  static const RuleRegistry Registry = [] {
    RuleRegistry R;
    for (const EmbeddedRule &E : EmbeddedRules) {
      std::map<Language, std::string> Queries;
      if (E.PythonQuery)
        Queries[Language::Python] = E.PythonQuery;
      if (E.GoQuery)
        Queries[Language::Go] = E.GoQuery;
      RuleInfo Info;
      std::string Err = parseRule(E.Folder, E.Json, E.Doc, Queries, Info);
      if (!Err.empty()) {
        std::fprintf(stderr, "hazardlint: internal error: rules/%s: %s\n",
                     E.Folder, Err.c_str());
        std::abort();
      }
      R.Rules.push_back(std::move(Info));
    }
    std::sort(R.Rules.begin(), R.Rules.end(),
              [](const RuleInfo &A, const RuleInfo &B) { return A.Id < B.Id; });
    return R;
  }();
  return Registry;
}

const RuleInfo *RuleRegistry::find(std::string_view Id) const {
  int I = indexOf(Id);
  return I < 0 ? nullptr : &Rules[I];
}

int RuleRegistry::indexOf(std::string_view Id) const {
  for (size_t I = 0; I < Rules.size(); ++I)
    if (Rules[I].Id == Id)
      return static_cast<int>(I);
  return -1;
}

} // namespace hazard
