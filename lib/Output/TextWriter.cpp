#include "Output/Writers.h"

namespace hazard {

static void location(llvm::raw_ostream &OS, const std::string &Path,
                     const Position &P) {
  OS << (Path.empty() ? "hazardlint" : Path);
  if (P.Line)
    OS << ':' << P.Line << ':' << P.Column;
  OS << ": ";
}

void writeText(const RunResult &R, llvm::raw_ostream &OS, bool Color) {
  for (const FileResult &File : R.Files)
    for (const Finding &F : File.Findings) {
      if (F.SuppressedBy)
        continue;
      if (Color)
        OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
      location(OS, F.Path, F.Range.BeginPos);
      if (Color)
        OS.changeColor(F.Level == Severity::Error ? llvm::raw_ostream::RED
                                                  : llvm::raw_ostream::MAGENTA,
                       true);
      OS << severityName(F.Level) << ": ";
      if (Color)
        OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
      OS << F.Message << " [" << F.RuleId << "]\n";
      if (Color)
        OS.resetColor();
      // The snippet, with tabs kept so that the caret lines up.
      OS << F.LineText << '\n';
      // One column per code point: UTF-8 continuation bytes take none.
      std::string Caret;
      for (unsigned I = 1;
           I < F.Range.BeginPos.Column && I <= F.LineText.size(); ++I) {
        unsigned char C = F.LineText[I - 1];
        if ((C & 0xC0) != 0x80)
          Caret += C == '\t' ? '\t' : ' ';
      }
      Caret += '^';
      unsigned EndColumn = F.Range.EndPos.Line == F.Range.BeginPos.Line
                               ? F.Range.EndPos.Column
                               : F.LineText.size() + 1;
      for (unsigned C = F.Range.BeginPos.Column + 1; C < EndColumn; ++C)
        if (C - 1 >= F.LineText.size() ||
            (static_cast<unsigned char>(F.LineText[C - 1]) & 0xC0) != 0x80)
          Caret += '~';
      if (Color)
        OS.changeColor(llvm::raw_ostream::GREEN, true);
      OS << Caret << '\n';
      if (Color)
        OS.resetColor();
      for (const RelatedLocation &R : F.Related) {
        location(OS, R.Path, R.Range.BeginPos);
        OS << "note: " << R.Message << "\n" << R.LineText << "\n";
      }
      if (F.FixIt)
        for (const TextEdit &E : F.FixIt->Edits)
          if (E.Range.BeginPos.Line == F.Range.BeginPos.Line) {
            OS << Caret.substr(0, Caret.find('^')) << E.NewText << '\n';
          }
    }
}

void writeNotifications(const RunResult &R, llvm::raw_ostream &OS) {
  auto Write = [&](const Notification &N) {
    location(OS, N.Path, N.Pos);
    OS << severityName(N.Level) << ": " << N.Message << " [" << N.Id << "]\n";
  };
  for (const Notification &N : R.Notes)
    Write(N);
  for (const FileResult &File : R.Files)
    for (const Notification &N : File.Notifications)
      Write(N);
}

} // namespace hazard
