#include "Core/Fixes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

namespace hazard {

unsigned applyFixes(std::string &Text, const std::vector<Finding> &Findings,
                    bool Unsafe) {
  struct Planned {
    size_t Begin, End;
    std::string NewText;
  };
  std::vector<Planned> Accepted;
  auto Overlaps = [&](const TextEdit &E) {
    for (const Planned &P : Accepted) {
      bool SameEdit = P.Begin == E.Range.Begin && P.End == E.Range.End &&
                      P.NewText == E.NewText;
      // Two insertions at one point (e.g. two #includes) both fit.
      bool BothInsert = P.Begin == P.End && E.Range.Begin == E.Range.End &&
                        P.Begin == E.Range.Begin;
      if (!SameEdit && !BothInsert &&
          E.Range.Begin < std::max(P.End, P.Begin + 1) &&
          P.Begin < std::max(E.Range.End, E.Range.Begin + 1))
        return true;
    }
    return false;
  };
  unsigned Fixed = 0;
  for (const Finding &F : Findings) {
    if (!F.FixIt || F.SuppressedBy || (!F.FixIt->Safe && !Unsafe))
      continue;
    if (std::any_of(F.FixIt->Edits.begin(), F.FixIt->Edits.end(), Overlaps))
      continue;
    for (const TextEdit &E : F.FixIt->Edits) {
      bool Duplicate =
          std::any_of(Accepted.begin(), Accepted.end(), [&](const Planned &P) {
            return P.Begin == E.Range.Begin && P.End == E.Range.End &&
                   P.NewText == E.NewText;
          });
      if (!Duplicate)
        Accepted.push_back({E.Range.Begin, E.Range.End, E.NewText});
    }
    ++Fixed;
  }
  // Apply from the end so that earlier offsets stay valid; insertions at one
  // point end up in the order of their findings.
  std::reverse(Accepted.begin(), Accepted.end());
  std::stable_sort(
      Accepted.begin(), Accepted.end(),
      [](const Planned &A, const Planned &B) { return A.Begin > B.Begin; });
  for (const Planned &P : Accepted)
    if (P.End <= Text.size() && P.Begin <= P.End)
      Text.replace(P.Begin, P.End - P.Begin, P.NewText);
  return Fixed;
}

bool writeFileAtomically(const std::string &Path, const std::string &Text,
                         std::string &Error) {
  llvm::SmallString<256> Model(Path), Temp;
  Model += ".hazardlint-%%%%%%";
  int FD = -1;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
    Error = EC.message();
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      Error = OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return false;
    }
  }
  if (auto Perms = llvm::sys::fs::getPermissions(Path))
    llvm::sys::fs::setPermissions(Temp, *Perms);
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    Error = EC.message();
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

} // namespace hazard
