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

#include "TreeSitter/Query.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hazard::go {

class SemanticModel {
public:
  SemanticModel(std::string_view Text, TSNode Root) : Text(Text), Root(Root) {}

  static const char *query();
  void observe(const ts::Match &M);

  /// `redis.NewClient` -> "github.com/redis/go-redis.NewClient".
  std::optional<std::string> qualifiedName(TSNode Expr) const;
  std::optional<std::string> inferType(TSNode Expr) const;
  /// The import path bound to a package name in this file, normalized.
  std::optional<std::string> importPath(std::string_view Name) const;

  // Locks and long-lived containers (lock-held-across-call,
  // unbounded-container).

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
  std::optional<std::string> inferType(TSNode Expr, unsigned Index,
                                       int Depth) const;

  std::string_view Text;
  TSNode Root;
  std::map<std::string, std::string, std::less<>> Imports;
  std::map<std::pair<ScopeKey, std::string>, std::vector<Binding>> Names;
  std::map<std::pair<std::string, std::string>, TSNode> Fields; // (struct, field)
  std::string Package;
  std::map<std::string, TSNode, std::less<>> FuncTypes; // named func types
  std::set<std::string, std::less<>> Types; // declared in this file, ".S"
  const Binding *nearestBinding(TSNode Ident, bool *AtPackageLevel) const;
};

/// Strips module version suffixes and maps renamed modules to one spelling.
std::string canonicalImportPath(std::string Path);
/// The package name an import binds when it has no alias.
std::string defaultPackageName(const std::string &Path);
std::optional<std::string> knownReturnType(const std::string &Callable);

} // namespace hazard::go

#endif
