//===- Go.cpp - decompression-bomb for compress/* readers -----------------===//
//
// What it does: finds io.ReadAll, ioutil.ReadAll, io.Copy, io.CopyBuffer and
// ReadFrom reading a gzip, zlib, flate, bzip2, lzw or zstd reader to its end
// without io.LimitReader, following the reader through assignments and
// bufio / TeeReader / NopCloser wrappers.
// Why is this bad: a few kilobytes of compressed input can inflate to
// gigabytes; reading it all exhausts memory (or disk, for io.Copy to a file).
// Example: zr, _ := gzip.NewReader(r.Body); data, _ := io.ReadAll(zr)
// Use instead: io.ReadAll(io.LimitReader(zr, limit)) and reject on overflow.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::go;

/// The limit the fix inserts: 10 MiB, documented in doc.md.
static constexpr const char *DefaultLimit = "10<<20";

/// Argument I of a call's argument list, comments skipped.
static TSNode argumentAt(TSNode Args, unsigned I) {
  for (unsigned J = 0, E = ts_node_named_child_count(Args); J < E; ++J) {
    TSNode A = ts_node_named_child(Args, J);
    if (ts::nodeType(A) != "comment" && I-- == 0)
      return A;
  }
  return TSNode{};
}

static void checkDecompressionBomb(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Call = M.node("call");
  TSNode Args = ts::field(Call, "arguments");
  TSNode Source{};
  std::string Origin;
  if (M.has("package")) {
    // A call that reads to the end each reader it is given: the one that
    // decompresses is the source (io.Copy(dst, zr)).
    auto Q = S.qualifiedName(ts::field(Call, "function"));
    const knowledge::Callable *E = Q ? S.knowledge().callable(*Q) : nullptr;
    if (!E || !E->hasTrait("reads-to-end"))
      return;
    for (unsigned I = 0; Origin.empty(); ++I) {
      TSNode A = argumentAt(Args, I);
      if (ts::isNull(A))
        return;
      Origin = S.decompressingReader(A);
      if (!Origin.empty())
        Source = A;
    }
    // Inflating into io.Discard costs CPU but holds nothing.
    for (unsigned I = 0; !ts::isNull(argumentAt(Args, I)); ++I)
      if (S.isDiscardingWriter(argumentAt(Args, I)))
        return;
  } else {
    Source = argumentAt(Args, 0);
    Origin = S.decompressingReader(Source);
  }
  if (Origin.empty())
    return;
  std::string Callee(C.text(ts::field(Call, "function")));
  // The fix wraps the source where `io` is imported under its own name;
  // unsafe, as a stream over the limit is then silently truncated.
  std::optional<Fix> F;
  if (M.has("package") &&
      S.importPath("io") == std::optional<std::string>("io")) {
    std::string Wrapped = "io.LimitReader(" + std::string(C.text(Source)) +
                          ", " + DefaultLimit + ")";
    F = C.replace(Source, Wrapped,
                  "Wrap the reader in io.LimitReader(..., " +
                      std::string(DefaultLimit) + ")",
                  /*Safe=*/false);
  }
  C.report(Call, message::DecompressionBomb::Call,
           {Callee, std::string(C.text(Source))}, std::move(F));
}

HAZARD_GO_RULE(DecompressionBomb, checkDecompressionBomb);
