#include "Core/SourceFile.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <map>

namespace hazard {

SourceFile::SourceFile(std::string P, std::string T)
    : Path(std::move(P)), Text(std::move(T)) {
  LineStarts.push_back(0);
  for (size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n')
      LineStarts.push_back(I + 1);
}

std::string_view SourceFile::slice(size_t Begin, size_t End) const {
  Begin = std::min(Begin, Text.size());
  End = std::clamp(End, Begin, Text.size());
  return std::string_view(Text).substr(Begin, End - Begin);
}

Position SourceFile::position(size_t Offset) const {
  Offset = std::min(Offset, Text.size());
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  size_t LineIndex = (It - LineStarts.begin()) - 1;
  size_t Start = LineStarts[LineIndex];
  Position P;
  P.Line = LineIndex + 1;
  P.Column = Offset - Start + 1;
  // UTF-16 code units before Offset on this line: SARIF's default column kind.
  unsigned Units = 0;
  for (size_t I = Start; I < Offset;) {
    unsigned char C = Text[I];
    unsigned Len = C < 0x80 ? 1 : C < 0xE0 ? 2 : C < 0xF0 ? 3 : 4;
    Units += Len == 4 ? 2 : 1;
    I += Len;
  }
  P.Utf16Column = Units + 1;
  return P;
}

TextRange SourceFile::range(size_t Begin, size_t End) const {
  TextRange R;
  R.Begin = Begin;
  R.End = std::max(Begin, End);
  R.BeginPos = position(R.Begin);
  R.EndPos = position(R.End);
  return R;
}

std::string_view SourceFile::lineText(unsigned Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return {};
  size_t Start = LineStarts[Line - 1];
  size_t End = Line < LineStarts.size() ? LineStarts[Line] : Text.size();
  std::string_view S = std::string_view(Text).substr(Start, End - Start);
  while (!S.empty() && (S.back() == '\n' || S.back() == '\r'))
    S.remove_suffix(1);
  return S;
}

std::string SourceFile::lineHash(const std::string &RuleId, unsigned Line,
                                 unsigned Occurrence) const {
  std::string Key = RuleId + '\0';
  for (char C : lineText(Line))
    if (!isspace(static_cast<unsigned char>(C)))
      Key += C;
  uint64_t H = llvm::xxh3_64bits(llvm::StringRef(Key));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::format_hex_no_prefix(H, 16) << ':' << Occurrence;
  return Out;
}

void SourceFile::finalize(std::vector<Finding> &Findings) const {
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     return std::tie(A.Range.Begin, A.RuleId) <
                            std::tie(B.Range.Begin, B.RuleId);
                   });
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    F.Range = range(F.Range.Begin, F.Range.End);
    F.LineText = std::string(lineText(F.Range.BeginPos.Line));
    std::string Base = lineHash(F.RuleId, F.Range.BeginPos.Line, 0);
    unsigned N = ++Seen[F.RuleId + Base];
    F.LineHash = lineHash(F.RuleId, F.Range.BeginPos.Line, N);
    if (F.FixIt)
      for (TextEdit &E : F.FixIt->Edits)
        E.Range = range(E.Range.Begin, E.Range.End);
  }
}

} // namespace hazard
