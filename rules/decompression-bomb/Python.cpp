//===- Python.cpp - decompression-bomb for Python -------------------------===//
//
// What it does: finds one-shot decompression (`zlib.decompress`,
// `gzip.decompress`, ...), decompressor objects without `max_length`, and
// size-less `.read()` on gzip/bz2/lzma files, applied to untrusted data: a
// parameter, a network read or an HTTP response.
// Why is this bad: a small compressed payload can expand to gigabytes.
// Example: `zlib.decompress(await request.body())`
// Use instead: `zlib.decompressobj().decompress(data, limit + 1)` and reject
// output over the limit.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

#include <cstring>

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

/// Decides, conservatively, whether an expression carries data from outside
/// the process.
class Taint {
public:
  Taint(const PythonChecker &C) : C(C), M(C.semantic()) {}

  bool isUntrusted(TSNode E, int Depth = 0) const {
    if (isNull(E) || Depth > 8)
      return false;
    std::string_view T = nodeType(E);
    if (T == "parenthesized_expression" || T == "await")
      return isUntrusted(ts_node_named_child(E, 0), Depth + 1);
    if (T == "identifier") {
      TSNode Value;
      if (isParameter(E, Value))
        return true;
      if (isWithTarget(E, Value))
        return false; // a response or file object, not bytes
      return isUntrusted(Value, Depth + 1);
    }
    if (T == "attribute")
      return isSource(field(E, "object"), Depth + 1);
    if (T == "subscript")
      return isSource(field(E, "value"), Depth + 1) ||
             isUntrusted(field(E, "value"), Depth + 1);
    if (T != "call")
      return false;
    TSNode Fn = field(E, "function");
    if (nodeType(Fn) == "attribute") {
      static const char *const Reads[] = {
          "body",       "get_data",    "read",      "recv",    "recvfrom",
          "recv_bytes", "readexactly", "readuntil", "readany", "read_bytes"};
      std::string_view Method = C.text(field(Fn, "attribute"));
      for (const char *R : Reads)
        if (Method == R) {
          TSNode Receiver = field(Fn, "object");
          return isSource(Receiver, Depth + 1) ||
                 isUntrusted(Receiver, Depth + 1);
        }
    }
    if (auto Q = M.resolveCall(E)) {
      static const char *const Wrappers[] = {"base64.b64decode",
                                             "base64.urlsafe_b64decode",
                                             "base64.standard_b64decode",
                                             "binascii.a2b_base64",
                                             "bytes",
                                             "bytearray",
                                             "memoryview"};
      for (const char *W : Wrappers)
        if (*Q == W)
          return isUntrusted(M.positionalArgument(E, 0), Depth + 1);
    }
    return false;
  }

  /// An object whose attributes, items and reads are untrusted: a request,
  /// or what the knowledge base calls a network stream (a socket, a stream
  /// reader, an HTTP response).
  bool isSource(TSNode E, int Depth = 0) const {
    if (isNull(E) || Depth > 8)
      return false;
    std::string_view T = nodeType(E);
    if (T == "parenthesized_expression" || T == "await")
      return isSource(ts_node_named_child(E, 0), Depth + 1);
    if (auto Type = M.inferType(E))
      if (M.knowledge().typeHasTrait(*Type, "network-stream"))
        return true;
    if (T == "identifier") {
      TSNode Value;
      if (isParameter(E, Value))
        return true;
      isWithTarget(E, Value);
      return isSource(Value, Depth + 1);
    }
    if (T == "attribute")
      return isSource(field(E, "object"), Depth + 1);
    if (T == "subscript")
      return isSource(field(E, "value"), Depth + 1);
    return false;
  }

private:
  /// Whether Id reads a parameter (not self/cls); else sets Value to the
  /// value its last assignment gave it (null when unknown).
  bool isParameter(TSNode Id, TSNode &Value) const {
    Value = TSNode{};
    TSNode B = M.bindingOf(Id);
    if (isNull(B))
      return false;
    TSNode P = isNull(B) ? TSNode{} : ts_node_parent(B);
    std::string_view PT = nodeType(P);
    if (PT == "parameters" || PT == "typed_parameter" ||
        PT == "default_parameter" || PT == "typed_default_parameter")
      return !M.isSelf(B);
    if (PT == "assignment" && ts_node_eq(field(P, "left"), B)) {
      Value = field(P, "right");
      while (nodeType(Value) == "assignment")
        Value = field(Value, "right");
    } else if (PT == "as_pattern_target") {
      Value = ts_node_named_child(ts_node_parent(P), 0);
    }
    return false;
  }
  static bool isWithTarget(TSNode Id, TSNode Value) {
    (void)Id;
    return !isNull(Value) && nodeType(ts_node_parent(Value)) == "as_pattern";
  }

  const PythonChecker &C;
  const SemanticModel &M;
};

/// The function as users call it: decompressobj()'s class is private.
std::string displayName(const std::string &Q) {
  if (Q == "zlib._Decompress.decompress")
    return "zlib.decompressobj().decompress";
  return Q;
}

/// The value a receiver expression was created from: the call itself, or
/// the value assigned to (or `with`-bound to) the name.
TSNode creation(TSNode E, const SemanticModel &M) {
  for (int I = 0; I < 4 && !isNull(E); ++I) {
    std::string_view T = nodeType(E);
    if (T == "call")
      return E;
    if (T == "parenthesized_expression") {
      E = ts_node_named_child(E, 0);
      continue;
    }
    if (T != "identifier")
      return TSNode{};
    TSNode B = M.bindingOf(E);
    TSNode P = isNull(B) ? TSNode{} : ts_node_parent(B);
    if (isNull(B))
      return TSNode{};
    if (nodeType(P) == "assignment" && ts_node_eq(field(P, "left"), B))
      E = field(P, "right");
    else if (nodeType(P) == "as_pattern_target")
      E = ts_node_named_child(ts_node_parent(P), 0);
    else
      return TSNode{};
  }
  return TSNode{};
}

/// Whether the call passes its knowledge's `limit` with a bounding value.
bool limited(TSNode Call, const knowledge::Callable &K,
             const PythonChecker &C) {
  return K.Limit && !C.semantic().leavesUnbounded(Call, *K.Limit);
}

/// Whether a decompressing file's source object holds untrusted bytes.
bool untrustedFile(TSNode Source, bool AnyObject, const Taint &T,
                   const SemanticModel &M) {
  if (isNull(Source))
    return false;
  // io.BytesIO(data): a file object over the bytes it is given.
  if (nodeType(Source) == "call")
    if (const knowledge::Callable *W = M.knownCallable(Source);
        W && W->hasTrait("wraps-bytes") && W->Stream)
      return T.isUntrusted(M.argument(Source, *W->Stream));
  // A file object handed in (`fileobj=request.stream`); a bare path is not.
  return AnyObject && (T.isSource(Source) || T.isUntrusted(Source));
}

void checkRead(TSNode Call, const std::string &Q, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  const knowledge::Callable *K = M.knowledge().callable(Q);
  if (!K || !K->hasTrait("decompresses") || M.hasUnpacking(Call) ||
      limited(Call, *K, C))
    return;
  TSNode Receiver = field(field(Call, "function"), "object");
  TSNode Made = creation(Receiver, M);
  if (isNull(Made))
    return;
  auto Ctor = M.resolveCall(Made);
  if (!Ctor)
    return;
  Taint T(C);
  bool Untrusted = false;
  // What the decompressing file reads: a file object (`stream`), whatever
  // it is; a file name or object (`opens`), when it wraps bytes.
  const knowledge::Callable *Opener = M.knowledge().callable(*Ctor);
  if (Opener && Opener->Stream)
    Untrusted |= untrustedFile(M.argument(Made, *Opener->Stream),
                               /*AnyObject=*/true, T, M);
  if (Opener && Opener->Opens)
    Untrusted |= untrustedFile(M.argument(Made, *Opener->Opens),
                               /*AnyObject=*/false, T, M);
  if (Untrusted)
    C.report(Call, message::DecompressionBomb::Call,
             {displayName(Q), std::string(C.text(Receiver))});
}

void checkDecompress(TSNode Call, PythonChecker &C);

void checkDecompressionBomb(const ts::Match &Mt, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  if (TSNode Alias = Mt.node("alias"); !isNull(Alias)) {
    // `decompress(...)` itself is a match of its own.
    if (C.text(field(Alias, "alias")) != "decompress")
      for (TSNode Call : M.callsThroughAlias(Alias))
        checkDecompress(Call, C);
    return;
  }
  if (Mt.has("read")) {
    TSNode Call = Mt.node("read");
    if (auto Q = M.resolveCall(Call))
      checkRead(Call, *Q, C);
    return;
  }
  checkDecompress(Mt.node("call"), C);
}

void checkDecompress(TSNode Call, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  auto Q = M.resolveCall(Call);
  if (!Q)
    return;
  const knowledge::Callable *K = M.knowledge().callable(*Q);
  if (!K || !K->hasTrait("decompresses") || limited(Call, *K, C) ||
      M.hasUnpacking(Call))
    return;
  TSNode Data = M.positionalArgument(Call, 0);
  if (isNull(Data))
    Data = M.keywordArgument(Call, "data");
  if (!Taint(C).isUntrusted(Data))
    return;
  C.report(Call, message::DecompressionBomb::Call,
           {displayName(*Q), std::string(C.text(Data))});
}

} // namespace

HAZARD_PYTHON_RULE(DecompressionBomb, checkDecompressionBomb);
