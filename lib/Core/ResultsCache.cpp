#include "Core/ResultsCache.h"

#include "Core/Fixes.h"
#include "Core/Rule.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>

namespace hazard {

NLOHMANN_JSON_SERIALIZE_ENUM(Severity, {{Severity::Note, "note"},
                                        {Severity::Warning, "warning"},
                                        {Severity::Error, "error"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Position, Line, Column, Utf16Column)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextRange, Begin, End, BeginPos, EndPos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextEdit, Range, NewText)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Fix, Description, Safe, Edits)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RelatedLocation, Path, Range, LineText,
                                   Message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Notification, Id, Level, Path, Pos, Message)

static nlohmann::json toJson(const Finding &F) {
  nlohmann::json J = {{"RuleId", F.RuleId},     {"Level", F.Level},
                      {"Message", F.Message},   {"Range", F.Range},
                      {"LineText", F.LineText}, {"LineHash", F.LineHash},
                      {"Related", F.Related}};
  if (F.FixIt)
    J["FixIt"] = *F.FixIt;
  if (F.SuppressedBy)
    J["SuppressedBy"] = *F.SuppressedBy;
  if (F.InTestCode)
    J["InTestCode"] = true;
  if (!F.Variant.empty())
    J["Variant"] = F.Variant;
  if (F.Preview)
    J["Preview"] = true;
  return J;
}

static Finding fromJson(const nlohmann::json &J, const std::string &Path) {
  Finding F;
  J.at("RuleId").get_to(F.RuleId);
  J.at("Level").get_to(F.Level);
  J.at("Message").get_to(F.Message);
  J.at("Range").get_to(F.Range);
  J.at("LineText").get_to(F.LineText);
  J.at("LineHash").get_to(F.LineHash);
  J.at("Related").get_to(F.Related);
  F.Path = Path;
  if (J.contains("FixIt"))
    F.FixIt = J["FixIt"].get<Fix>();
  if (J.contains("SuppressedBy"))
    F.SuppressedBy = J["SuppressedBy"].get<std::string>();
  F.InTestCode = J.value("InTestCode", false);
  F.Variant = J.value("Variant", "");
  F.Preview = J.value("Preview", false);
  return F;
}

static std::string executableDigest() {
  static const std::string Digest = [] {
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable("hazardlint", &Anchor);
    auto Buffer = llvm::MemoryBuffer::getFile(Exe);
    uint64_t H = Buffer ? llvm::xxh3_64bits(llvm::arrayRefFromStringRef(
                              (*Buffer)->getBuffer()))
                        : 0;
    return std::string(hazardlintVersion()) + ":" + llvm::utohexstr(H);
  }();
  return Digest;
}

ResultsCache::ResultsCache(std::string Dir, std::string Salt)
    : Dir(std::move(Dir)), Salt(executableDigest() + "|" + Salt) {}

std::string ResultsCache::keyFor(const std::string &Text,
                                 const std::string &ConfigDigest) const {
  std::string Material = Salt + "|" + ConfigDigest + "|";
  uint64_t A = llvm::xxh3_64bits(llvm::arrayRefFromStringRef(Material + Text));
  uint64_t B = llvm::xxh3_64bits(llvm::arrayRefFromStringRef(Text + Material));
  return llvm::utohexstr(A, false, 16) + llvm::utohexstr(B, false, 16);
}

std::string ResultsCache::entryPath(const std::string &Key) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key.substr(0, 2), Key + ".json");
  return std::string(P);
}

std::optional<FileResult> ResultsCache::load(const std::string &Key,
                                             const std::string &Path) const {
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(Key));
  if (!Buffer)
    return std::nullopt;
  nlohmann::json J =
      nlohmann::json::parse((*Buffer)->getBuffer(), nullptr, false);
  if (J.is_discarded() || !J.is_object())
    return std::nullopt;
  try {
    FileResult R;
    R.Path = Path;
    for (const nlohmann::json &F : J.at("findings"))
      R.Findings.push_back(fromJson(F, Path));
    J.at("notifications").get_to(R.Notifications);
    for (Notification &N : R.Notifications)
      N.Path = Path;
    return R;
  } catch (const nlohmann::json::exception &) {
    return std::nullopt; // an entry from another version: recompute
  }
}

void ResultsCache::store(const std::string &Key, const FileResult &R) const {
  nlohmann::json Findings = nlohmann::json::array();
  for (const Finding &F : R.Findings)
    Findings.push_back(toJson(F));
  nlohmann::json J = {{"findings", Findings},
                      {"notifications", R.Notifications}};
  std::string Path = entryPath(Key), Error;
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path));
  writeFileAtomically(Path, J.dump(), Error);
}

} // namespace hazard
