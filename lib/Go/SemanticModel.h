//===- SemanticModel.h - Go imports, bindings and value types ---*- C++ -*-===//
//
// The Go counterpart of the Python model: import aliases (with module version
// suffixes normalized), variables bound by :=, var and parameters, struct
// field types, and the type an expression evaluates to. Types are spelled
// "<import path>.<Name>"; types of this package are ".<Name>".
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_GO_SEMANTICMODEL_H
#define HAZARDLINT_GO_SEMANTICMODEL_H

#include "Knowledge/KnowledgeBase.h"
#include "TreeSitter/Query.h"
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hazard::go {

class SemanticModel {
public:
  SemanticModel(std::string_view Text, TSNode Root,
                const knowledge::KnowledgeBase &Knowledge =
                    knowledge::KnowledgeBase::builtin(Language::Go))
      : Text(Text), Root(Root), Knowledge(Knowledge),
        EmbeddedLockNames(embeddedLockNames(Knowledge)) {}
  /// What the libraries' callables and types are.
  const knowledge::KnowledgeBase &knowledge() const { return Knowledge; }

  static const char *query();
  void observe(const ts::Match &M);

  /// `redis.NewClient` -> "github.com/redis/go-redis.NewClient".
  std::optional<std::string> qualifiedName(TSNode Expr) const;
  std::optional<std::string> inferType(TSNode Expr) const;
  /// The import path bound to a package name in this file, normalized.
  std::optional<std::string> importPath(std::string_view Name) const;

  // Control flow and values around a node.
  /// The innermost `for` whose body holds N, not looking past the function
  /// (a func literal starts afresh); null when N is not in a loop body.
  TSNode loopBodyAround(TSNode N) const;
  /// The expression last given to identifier Ident before it is used, by :=,
  /// var or a plain `=` in the same function, with its result index. Null
  /// when unknown (a parameter, a range variable, a tuple from a call).
  std::pair<TSNode, unsigned> lastAssignedValue(TSNode Ident) const;
  /// Whether Region assigns Name (`Name = ...`, `Name := ...`, `Name++`,
  /// or to a field or element of it: `Name.f = ...`, `Name[i] = ...`).
  bool isAssignedWithin(TSNode Region, std::string_view Name) const;

  // Functions, contexts, loops and handlers.

  /// The innermost func declaration, method or func literal around N; null
  /// at package level.
  TSNode enclosingFunction(TSNode N) const;
  /// The innermost `for` around N that runs in N's own function.
  TSNode enclosingLoop(TSNode N) const;
  /// What Fn serves when it serves one request: the `handler` of a
  /// parameter's type ("HTTP handler" for a *http.Request, "gin handler"),
  /// or "gRPC method" for a unary gRPC method; Fn is a function node.
  std::optional<std::string> handlerKind(TSNode Fn) const;
  /// The handler N runs in: its function or one it is nested in (func
  /// literals are followed outward, except one that runs once); null if none.
  TSNode enclosingHandler(TSNode N) const;
  /// Whether a func literal is handed to a method that runs it once
  /// (sync.Once.Do).
  bool runsOnce(TSNode Literal) const;
  /// A function's name ("Get", "Server.Get"); "func literal" for literals.
  std::string functionName(TSNode Fn) const;
  /// A context usable at N: a context.Context parameter or local of N's
  /// function or of one it is nested in (locals bound to a bare
  /// context.Background() or TODO() do not count), else the request's
  /// context of an enclosing handler (`r.Context()`). Spelled as an
  /// expression valid at N.
  /// With OwnFunctionOnly, only N's innermost function counts: a func
  /// literal may run after the function around it has returned.
  std::optional<std::string> contextInScope(TSNode N,
                                            bool OwnFunctionOnly = false) const;
  /// The callee of a call: "net/http.Get", a method on a typed receiver
  /// ("net/http.Client.Do"), or either reached through a local bound to a
  /// function or method value (`get := http.Get; get(u)`).
  std::optional<std::string> resolveCall(TSNode Call) const;
  /// The expression an identifier was last bound to before Use by :=, var
  /// or =, and which result of it; null for parameters and unknown names.
  std::pair<TSNode, unsigned> bindingValue(TSNode Use) const;
  /// Whether the binding of Use (a declaration or assignment) is in a block
  /// that also holds Use.
  bool declaredInScopeOf(TSNode Decl, TSNode Use) const;
  /// The identifiers in Within, after Decl (the name in a :=, var or
  /// parameter), that refer to Decl's variable.
  std::vector<TSNode> usesOf(TSNode Decl, TSNode Within) const;
  /// For a value bound by `x := v`, `var x = v` or `x = v`: the name x
  /// (for `x, err := f()`, x).
  static TSNode boundName(TSNode Value);

  // Locks and long-lived containers.

  /// The name in this file's package clause.
  const std::string &packageName() const { return Package; }
  /// Whether Ident's nearest binding is inside a function (a local or a
  /// parameter), as opposed to package level or another file of the package.
  bool isLocalVariable(TSNode Ident) const;
  /// The type Ident was declared with (`var x T`, a parameter), or null.
  TSNode declaredType(TSNode Ident) const;
  /// Whether this file declares type Type (spelled ".S").
  bool declaresType(std::string_view Type) const;
  /// The type node of field Field of struct Struct (".S"), or null.
  TSNode fieldType(std::string_view Struct, std::string_view Field) const;
  /// `func(...)`, or a named func type declared in this file.
  bool isFuncType(TSNode Type) const;

  /// A region where a sync.Mutex / sync.RWMutex is held: the statements of
  /// Container in [Begin, End), after `mu.Lock()` up to the `mu.Unlock()` of
  /// the same block, or to the end of the block after `defer mu.Unlock()`.
  struct MutexRegion {
    TSNode Call;      // the Lock() / RLock() call
    TSNode Mutex;     // its receiver
    TSNode Container; // the statement_list holding the region
    uint32_t Begin, End;
    bool Read;     // RLock
    bool Deferred; // released by a defer
  };
  /// The region a `mu.Lock()` expression statement starts, when its receiver
  /// is a mutex and the block releases it.
  std::optional<MutexRegion> mutexRegionStartedBy(TSNode Statement) const;
  /// The receiver of a `x.Lock()` / `x.RLock()` / `x.Unlock()` call, or null.
  TSNode mutexCallReceiver(TSNode Call, bool Release) const;
  /// Whether Receiver is a mutex: typed sync.Mutex / sync.RWMutex, a struct
  /// embedding one, or a field / package variable of this package declared in
  /// another file (whose type this file cannot see).
  bool isMutex(TSNode Receiver) const;
  /// A name for Receiver stable across the files of a package: "Type.field",
  /// "Type" for an embedded mutex, "pkg.var"; none for locals.
  std::optional<std::string> mutexName(TSNode Receiver) const;
  /// Whether an unlock of R's mutex runs before N inside R (an early
  /// `mu.Unlock(); return` branch).
  bool releasedBefore(const MutexRegion &R, TSNode N) const;

  // Contexts and their deadlines, as the knowledge base's traits say
  // (root-context, drops-deadline, keeps-deadline, sets-deadline).

  /// Whether E is a context: of a type with the knowledge base's trait
  /// `context` (context.Context), or a call that returns one on a receiver
  /// of unknown type, by a known method of that name (`r.Context()`,
  /// `c.UserContext()`).
  bool isContext(TSNode E) const;
  /// Whether some library method called Method has trait Trait: what a call
  /// of that name does on a receiver whose type is not known here.
  bool isMethodWithTrait(std::string_view Method, std::string_view Trait) const;
  /// Whether E is a call that makes a root context (context.Background(),
  /// context.TODO()): no deadline, no cancellation.
  bool isDetachedContext(TSNode E) const;
  /// Whether the context Ctx is known to carry no deadline: a root, a
  /// derivation that drops the deadline, one that keeps its parent's when
  /// the parent has none, or a local bound to one of those.
  bool hasNoDeadline(TSNode Ctx) const;
  /// Whether Ctx (or the local it names) is a derivation that sets a
  /// deadline (context.WithTimeout(...)).
  bool setsDeadline(TSNode Ctx) const;

  // Blocking.

  /// Whether E is a stream, whose reads and writes wait on a peer or a disk:
  /// of a type with the knowledge base's trait `stream` (net.Conn, os.File),
  /// or an attribute of such a type (`resp.Body`).
  bool isStream(TSNode E) const;
  /// A call that blocks its goroutine, as the knowledge base says: its entry,
  /// and the name messages give it ("net/http.Client.Do",
  /// "encoding/json.NewEncoder(...).Encode"). A call whose entry has a
  /// `stream` blocks only when that argument is a stream; a method of a
  /// generated gRPC client blocks when called with a context.
  struct BlockingCall {
    const knowledge::Callable *Entry = nullptr; // null: a generated stub
    std::string Name;
    std::string Noun; // "network call", "file I/O", ...
  };
  std::optional<BlockingCall> blockingCall(TSNode Call) const;

  // Readers and writers.

  /// The reader Call wraps when its callee has the knowledge base's trait
  /// `wraps-reader` (bufio.NewReader(r), io.TeeReader(r, w)): the argument
  /// at its `stream` position, whose bytes it yields unchanged. Null
  /// otherwise.
  TSNode wrappedReader(TSNode Call) const;
  /// What makes Expr a decompressing reader, whose reads inflate its input:
  /// the constructor with trait `decompresses` that built it, followed
  /// through assignments and wrapping readers (`gzip.NewReader(r)`,
  /// `bufio.NewReader(zr)`), or its declared type with that trait
  /// (`*gzip.Reader`). "" when Expr is not known to be one.
  std::string decompressingReader(TSNode Expr) const;
  /// Whether E is a writer that drops what it is given: a value of a type
  /// with trait `discards` (io.Discard).
  bool isDiscardingWriter(TSNode E) const;

  // Per-operation functions.

  /// Whether Fn is a method that runs once per operation: it takes a
  /// context.Context, is not a constructor (New...), and has no loop of its
  /// own (a long-running worker loops; a call per request does not).
  bool isPerOperationMethod(TSNode Fn) const;
  /// Whether Type ("path.Name") is a client generated by protoc-gen-go-grpc:
  /// a `<Service>Client` of a package whose path ends in "pb" or holds
  /// "/proto", "/gen/" or "grpc", or that this file imports under a "...pb"
  /// alias.
  bool isGeneratedClientType(const std::string &Type) const;

private:
  struct Binding {
    uint32_t Offset;
    TSNode Value; // an expression, may be null
    unsigned ValueIndex;
    TSNode Type; // a type node, may be null
  };
  using ScopeKey = uint64_t;

  std::string_view text(TSNode N) const { return ts::nodeText(N, Text); }
  TSNode enclosingScope(TSNode N) const;
  ScopeKey scopeKey(TSNode N) const;
  void bind(TSNode Name, TSNode Value, unsigned Index, TSNode Type);
  std::optional<std::string> typeFromTypeNode(TSNode Type) const;
  /// Result Index of a library callable, from the knowledge base.
  std::optional<std::string> returnType(const std::string &Callable,
                                        unsigned Index) const;
  std::optional<std::string> inferType(TSNode Expr, unsigned Index,
                                       int Depth) const;

  /// The names a lock type is embedded under: the last part of every known
  /// type with a `lock` ("Mutex", "RWMutex").
  static std::vector<std::string>
  embeddedLockNames(const knowledge::KnowledgeBase &K);
  /// Whether struct type T embeds one of EmbeddedLockNames whose type
  /// satisfies IsLock.
  template <class Pred>
  bool embedsLock(const std::string &T, Pred IsLock) const;

  std::string_view Text;
  TSNode Root;
  const knowledge::KnowledgeBase &Knowledge;
  std::vector<std::string> EmbeddedLockNames;
  std::map<std::string, std::string, std::less<>> Imports;
  std::map<std::pair<ScopeKey, std::string>, std::vector<Binding>> Names;
  std::map<std::pair<std::string, std::string>, TSNode>
      Fields; // (struct, field)
  // `x = v` assignments, kept apart from Names so that inferType keeps
  // preferring declared types.
  std::map<std::pair<ScopeKey, std::string>, std::vector<Binding>> Assigned;
  const Binding *nearestBinding(TSNode Use, bool WithAssignments) const;
  std::optional<std::string> bindingType(const Binding &B) const;
  std::string Package;
  std::map<std::string, TSNode, std::less<>> FuncTypes; // named func types
  std::set<std::string, std::less<>> Types; // declared in this file, ".S"
  const Binding *nearestBinding(TSNode Ident, bool *AtPackageLevel) const;
};

/// Strips module version suffixes. Renamed modules are the knowledge base's
/// aliases of the package.
std::string canonicalImportPath(std::string Path);
/// The package name an import binds when it has no alias.
std::string defaultPackageName(const std::string &Path);

/// Calls Visit on N and its descendants, pre-order; Visit returns false to
/// skip a node's children.
void forEachNode(TSNode N, const std::function<bool(TSNode)> &Visit);

} // namespace hazard::go

#endif
