#include "Core/Suppressions.h"

#include "Core/Config.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"
#include <regex>

namespace hazard {

namespace {

struct Suppression {
  unsigned CommentLine = 0;
  unsigned FirstLine = 0, LastLine = 0; // 0, 0: the whole file
  bool Nolint = false;
  std::vector<std::string> Names; // empty: every rule
  std::string Text;
  size_t Offset = 0;
  bool Used = false;

  bool covers(const Finding &F) const {
    unsigned Line = F.Range.BeginPos.Line;
    if (FirstLine && (Line < FirstLine || Line > LastLine))
      return false;
    if (Names.empty())
      return true;
    const RuleInfo *Rule = RuleRegistry::get().find(F.RuleId);
    for (const std::string &N : Names) {
      if (!Nolint) {
        if (Rule && selectorMatches(N, *Rule))
          return true;
        continue;
      }
      auto Glob = llvm::GlobPattern::create(N);
      if (Glob && Glob->match("hazard-" + F.RuleId))
        return true;
      if (!Glob)
        llvm::consumeError(Glob.takeError());
    }
    return false;
  }
};

std::vector<std::string> splitNames(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ',', -1, false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

/// Whether Column starts inside a comment of Line (a cheap lexical check:
/// the marker must follow `#` in Python, `//` or `/*` in C/C++ and Go).
bool inComment(llvm::StringRef Before, Language Lang) {
  if (Lang == Language::Python)
    return Before.contains('#');
  return Before.contains("//") || Before.contains("/*");
}

std::vector<Suppression> findSuppressions(const SourceFile &File,
                                          Language Lang) {
  static const std::regex Ours(
      R"(hazardlint:\s*ignore(-file)?(\[([^\]]*)\])?)");
  static const std::regex Nolint(
      R"(NOLINT(NEXTLINE|BEGIN|END)?(\(([^)]*)\))?)");
  std::vector<Suppression> Out;
  std::vector<Suppression> OpenBlocks;
  llvm::StringRef Text = File.text();
  if (Text.find("hazardlint:") == llvm::StringRef::npos &&
      (Lang != Language::Cpp || Text.find("NOLINT") == llvm::StringRef::npos))
    return Out;
  unsigned LineNo = 0;
  size_t LineStart = 0;
  while (LineStart <= Text.size()) {
    ++LineNo;
    size_t End = Text.find('\n', LineStart);
    if (End == llvm::StringRef::npos)
      End = Text.size();
    llvm::StringRef Line = Text.slice(LineStart, End);
    std::string LineStr = Line.str();
    for (std::sregex_iterator It(LineStr.begin(), LineStr.end(), Ours), E;
         It != E; ++It) {
      const std::smatch &M = *It;
      llvm::StringRef Before = Line.take_front(M.position(0));
      if (!inComment(Before, Lang))
        continue;
      Suppression S;
      S.CommentLine = LineNo;
      S.Text = M.str(0);
      S.Offset = LineStart + M.position(0);
      S.Names = splitNames(M.str(3));
      if (!M[1].matched) {
        // Alone on its line, it covers the next line.
        bool Alone = Before.trim().size() <= 2 &&
                     (Before.trim().empty() || Before.trim() == "#" ||
                      Before.trim() == "//" || Before.trim() == "/*");
        S.FirstLine = S.LastLine = Alone ? LineNo + 1 : LineNo;
      }
      Out.push_back(std::move(S));
    }
    if (Lang == Language::Cpp)
      for (std::sregex_iterator It(LineStr.begin(), LineStr.end(), Nolint), E;
           It != E; ++It) {
        const std::smatch &M = *It;
        if (!inComment(Line.take_front(M.position(0)), Lang))
          continue;
        Suppression S;
        S.Nolint = true;
        S.CommentLine = LineNo;
        S.Text = M.str(0);
        S.Offset = LineStart + M.position(0);
        S.Names = splitNames(M.str(3));
        std::string Kind = M.str(1);
        if (Kind == "BEGIN") {
          S.FirstLine = LineNo;
          OpenBlocks.push_back(std::move(S));
          continue;
        }
        if (Kind == "END") {
          // Closes the innermost BEGIN with the same check list.
          for (auto B = OpenBlocks.rbegin(); B != OpenBlocks.rend(); ++B)
            if (B->Names == S.Names) {
              B->LastLine = LineNo;
              Out.push_back(std::move(*B));
              OpenBlocks.erase(std::next(B).base());
              break;
            }
          continue;
        }
        S.FirstLine = S.LastLine = Kind == "NEXTLINE" ? LineNo + 1 : LineNo;
        Out.push_back(std::move(S));
      }
    LineStart = End + 1;
  }
  // An unterminated NOLINTBEGIN runs to the end of the file.
  for (Suppression &B : OpenBlocks) {
    B.LastLine = LineNo;
    Out.push_back(std::move(B));
  }
  return Out;
}

} // namespace

void applySuppressions(const SourceFile &File, Language Lang, FileResult &Out,
                       bool ReportUnused) {
  std::vector<Suppression> All = findSuppressions(File, Lang);
  if (All.empty())
    return;
  for (Finding &F : Out.Findings)
    for (Suppression &S : All)
      if (S.covers(F)) {
        S.Used = true;
        if (!F.SuppressedBy)
          F.SuppressedBy = S.Text;
      }
  if (!ReportUnused)
    return;
  for (const Suppression &S : All) {
    // A NOLINT may be meant for other clang-tidy checks.
    bool ForUs =
        !S.Nolint ||
        (!S.Names.empty() && llvm::all_of(S.Names, [](const std::string &N) {
          return llvm::StringRef(N).starts_with("hazard-");
        }));
    if (!S.Used && ForUs)
      Out.Notifications.push_back(
          {"unused-suppression", Severity::Warning, File.path(),
           File.position(S.Offset),
           "'" + S.Text + "' suppresses nothing; remove it"});
  }
}

std::string disarmNolint(std::string Text) {
  // Same length, so every offset clang reports still holds.
  for (size_t At = 0; (At = Text.find("NOLINT", At)) != std::string::npos;
       At += 6)
    Text[At + 5] = '_';
  return Text;
}

} // namespace hazard
