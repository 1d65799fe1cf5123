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

using namespace hazard;
using namespace hazard::go;

/// The limit the fix inserts: 10 MiB, documented in doc.md.
static constexpr const char *DefaultLimit = "10<<20";

static bool isDecompressorConstructor(const std::string &Q) {
  static const char *const Known[] = {
      "compress/gzip.NewReader",
      "compress/zlib.NewReader",
      "compress/zlib.NewReaderDict",
      "compress/flate.NewReader",
      "compress/flate.NewReaderDict",
      "compress/bzip2.NewReader",
      "compress/lzw.NewReader",
      "github.com/klauspost/compress/gzip.NewReader",
      "github.com/klauspost/compress/zlib.NewReader",
      "github.com/klauspost/compress/flate.NewReader",
      "github.com/klauspost/compress/zstd.NewReader",
      "github.com/klauspost/pgzip.NewReader",
  };
  for (const char *K : Known)
    if (Q == K)
      return true;
  return false;
}

static bool isDecompressorType(const std::string &T) {
  return T == "compress/gzip.Reader" || T == "compress/lzw.Reader" ||
         T == "github.com/klauspost/compress/gzip.Reader" ||
         T == "github.com/klauspost/compress/zstd.Decoder" ||
         T == "github.com/klauspost/pgzip.Reader";
}

/// Wrappers that pass the whole stream through: their first argument is
/// read to the end as well.
static bool isPassThrough(const std::string &Q) {
  return Q == "bufio.NewReader" || Q == "bufio.NewReaderSize" ||
         Q == "io.TeeReader" || Q == "io.NopCloser" ||
         Q == "io/ioutil.NopCloser";
}

/// Argument I of a call's argument list, comments skipped.
static TSNode argumentAt(TSNode Args, unsigned I) {
  for (unsigned J = 0, E = ts_node_named_child_count(Args); J < E; ++J) {
    TSNode A = ts_node_named_child(Args, J);
    if (ts::nodeType(A) != "comment" && I-- == 0)
      return A;
  }
  return TSNode{};
}

/// The constructor that made Expr's reader, e.g. "compress/gzip.NewReader",
/// or "" when Expr is not known to be a decompressing reader.
static std::string decompressorOrigin(const SemanticModel &S, TSNode Expr,
                                      int Depth = 0) {
  if (ts::isNull(Expr) || Depth > 8)
    return "";
  std::string_view T = ts::nodeType(Expr);
  if (T == "parenthesized_expression")
    return decompressorOrigin(S, ts_node_named_child(Expr, 0), Depth + 1);
  if (T == "call_expression") {
    auto Q = S.qualifiedName(ts::field(Expr, "function"));
    if (!Q)
      return "";
    if (isDecompressorConstructor(*Q))
      return *Q;
    if (isPassThrough(*Q))
      return decompressorOrigin(S, argumentAt(ts::field(Expr, "arguments"), 0),
                                Depth + 1);
    return "";
  }
  if (T != "identifier" && T != "selector_expression")
    return "";
  if (auto Type = S.inferType(Expr); Type && isDecompressorType(*Type))
    return *Type;
  if (T != "identifier")
    return "";
  auto [Value, Index] = S.lastAssignedValue(Expr);
  // zr, err := gzip.NewReader(r): only result 0 is the reader.
  if (Index != 0)
    return "";
  return decompressorOrigin(S, Value, Depth + 1);
}

static void checkDecompressionBomb(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Call = M.node("call");
  TSNode Args = ts::field(Call, "arguments");
  unsigned SourceIndex = 0;
  if (M.has("package")) {
    auto Q = S.qualifiedName(ts::field(Call, "function"));
    if (!Q)
      return;
    if (*Q == "io.ReadAll" || *Q == "io/ioutil.ReadAll")
      SourceIndex = 0;
    else if (*Q == "io.Copy" || *Q == "io.CopyBuffer")
      SourceIndex = 1;
    else
      return;
    // Inflating into io.Discard costs CPU but holds nothing.
    if (SourceIndex == 1)
      if (auto Dst = S.qualifiedName(argumentAt(Args, 0));
          Dst && (*Dst == "io.Discard" || *Dst == "io/ioutil.Discard"))
        return;
  }
  TSNode Source = argumentAt(Args, SourceIndex);
  std::string Origin = decompressorOrigin(S, Source);
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
  C.report(Call, {Callee + "()", std::string(C.text(Source))}, std::move(F));
}

HAZARD_GO_RULE(DecompressionBomb, checkDecompressionBomb);
