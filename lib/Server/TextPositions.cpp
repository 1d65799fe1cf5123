#include "Server/TextPositions.h"

#include "llvm/ADT/StringRef.h"

namespace hazard::server {

/// The length of the UTF-8 sequence that Lead starts (1 for a stray byte).
static unsigned sequenceLength(unsigned char Lead) {
  if (Lead >= 0xF0)
    return 4;
  if (Lead >= 0xE0)
    return 3;
  if (Lead >= 0xC0)
    return 2;
  return 1;
}

unsigned lineLength(std::string_view Line, bool Utf8) {
  if (Utf8)
    return Line.size();
  unsigned Units = 0;
  for (size_t I = 0; I < Line.size();) {
    unsigned N = sequenceLength(Line[I]);
    Units += N == 4 ? 2 : 1; // astral characters are surrogate pairs
    I += N;
  }
  return Units;
}

size_t offsetAt(std::string_view Text, LspPosition Pos, bool Utf8) {
  size_t Start = 0;
  for (unsigned L = 0; L < Pos.Line; ++L) {
    size_t NewLine = Text.find('\n', Start);
    if (NewLine == std::string_view::npos)
      return Text.size();
    Start = NewLine + 1;
  }
  size_t End = Text.find('\n', Start);
  if (End == std::string_view::npos)
    End = Text.size();
  if (End > Start && Text[End - 1] == '\r')
    --End;
  size_t At = Start;
  for (unsigned Units = 0; At < End && Units < Pos.Character;) {
    unsigned N = Utf8 ? 1 : sequenceLength(Text[At]);
    Units += N == 4 ? 2 : 1;
    At = std::min(End, At + N);
  }
  return At;
}

std::vector<std::string_view> splitLines(std::string_view Text) {
  std::vector<std::string_view> Lines;
  size_t Start = 0;
  while (true) {
    size_t End = Text.find('\n', Start);
    if (End == std::string_view::npos) {
      Lines.push_back(Text.substr(Start));
      return Lines;
    }
    std::string_view Line = Text.substr(Start, End - Start);
    if (!Line.empty() && Line.back() == '\r')
      Line.remove_suffix(1);
    Lines.push_back(Line);
    Start = End + 1;
  }
}

static const char *commentLeader(Language Lang) {
  return Lang == Language::Python ? "#" : "//";
}

/// Where Marker's list closes in Line (the offset of its `]` or `)`), if
/// Line has one in a comment.
static std::optional<size_t> existingList(std::string_view Line,
                                          std::string_view Marker, char Close) {
  size_t At = Line.find(Marker);
  if (At == std::string_view::npos)
    return std::nullopt;
  size_t End = Line.find(Close, At + Marker.size());
  if (End == std::string_view::npos)
    return std::nullopt;
  return End;
}

static LineEdit insertAt(const std::vector<std::string_view> &Lines,
                         unsigned Line, size_t ByteColumn, std::string Text,
                         bool Utf8) {
  unsigned Character = lineLength(Lines[Line].substr(0, ByteColumn), Utf8);
  return {{Line, Character}, {Line, Character}, std::move(Text)};
}

LineEdit suppressOnLine(const std::vector<std::string_view> &Lines,
                        unsigned Line, Language Lang, const std::string &Rule,
                        bool Utf8) {
  std::string_view Text = Lines[Line];
  std::string Leader = commentLeader(Lang);
  if (Lang == Language::Cpp) {
    if (auto Close = existingList(Text, "NOLINT(", ')'))
      return insertAt(Lines, Line, *Close, ",hazard-" + Rule, Utf8);
  } else if (auto Close = existingList(Text, "hazardlint: ignore[", ']')) {
    return insertAt(Lines, Line, *Close, "," + Rule, Utf8);
  }
  std::string Comment = Lang == Language::Cpp
                            ? "// NOLINT(hazard-" + Rule + ")"
                            : Leader + " hazardlint: ignore[" + Rule + "]";
  // After a line continuation a comment would end the statement: comment
  // the line above instead, which then covers this one.
  if (llvm::StringRef(Text.data(), Text.size()).rtrim().ends_with("\\")) {
    size_t Indent = Text.find_first_not_of(" \t");
    std::string Before(Text.substr(0, std::min(Indent, Text.size())));
    if (Lang == Language::Cpp)
      Comment = "// NOLINTNEXTLINE(hazard-" + Rule + ")";
    return {{Line, 0}, {Line, 0}, Before + Comment + "\n"};
  }
  size_t End = llvm::StringRef(Text.data(), Text.size()).rtrim().size();
  return insertAt(Lines, Line, End, "  " + Comment, Utf8);
}

LineEdit suppressInFile(const std::vector<std::string_view> &Lines,
                        Language Lang, const std::string &Rule, bool Utf8) {
  for (unsigned L = 0; L < Lines.size(); ++L)
    if (auto Close = existingList(Lines[L], "hazardlint: ignore-file[", ']'))
      return insertAt(Lines, L, *Close, "," + Rule, Utf8);
  unsigned Line = 0;
  if (Lang == Language::Python)
    // A shebang and a coding declaration must stay on the first lines.
    while (Line < Lines.size() && Line < 2 &&
           (llvm::StringRef(Lines[Line].data(), Lines[Line].size())
                .starts_with("#!") ||
            (Lines[Line].find("coding") != std::string_view::npos &&
             llvm::StringRef(Lines[Line].data(), Lines[Line].size())
                 .starts_with("#"))))
      ++Line;
  std::string Comment = std::string(commentLeader(Lang)) +
                        " hazardlint: ignore-file[" + Rule + "]\n";
  return {{Line, 0}, {Line, 0}, Comment};
}

} // namespace hazard::server
