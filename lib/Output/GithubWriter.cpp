//===- GithubWriter.cpp - GitHub Actions workflow commands ----------------===//
//
// `::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`,
// which Actions turns into annotations on the pull request, as Ruff's
// --output-format github does.
//
//===----------------------------------------------------------------------===//
#include "Output/Writers.h"

namespace hazard {

/// Workflow-command escaping: data and property values differ.
static std::string escape(llvm::StringRef S, bool Property) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else if (Property && C == ':')
      Out += "%3A";
    else if (Property && C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

static const char *command(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "notice";
  }
  return "warning";
}

void writeGithub(const RunResult &R, llvm::raw_ostream &OS) {
  for (const FileResult &File : R.Files)
    for (const Finding &F : File.Findings) {
      if (F.SuppressedBy)
        continue;
      OS << "::" << command(F.Level) << " file=" << escape(F.Path, true)
         << ",line=" << F.Range.BeginPos.Line
         << ",col=" << F.Range.BeginPos.Column
         << ",endLine=" << F.Range.EndPos.Line
         << ",endColumn=" << F.Range.EndPos.Column
         << ",title=" << escape("hazardlint (" + F.RuleId + ")", true) << "::"
         << escape(F.Path + ":" + std::to_string(F.Range.BeginPos.Line) + ":" +
                       std::to_string(F.Range.BeginPos.Column) + ": " +
                       F.RuleId + " " + F.Message,
                   false)
         << "\n";
    }
}

} // namespace hazard
