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

  // Control flow and values around a node (decompression-bomb, stream-replay).
  /// The function, method or func literal around N; null at package level.
  TSNode functionAround(TSNode N) const;
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
};

/// Strips module version suffixes and maps renamed modules to one spelling.
std::string canonicalImportPath(std::string Path);
/// The package name an import binds when it has no alias.
std::string defaultPackageName(const std::string &Path);
std::optional<std::string> knownReturnType(const std::string &Callable);
/// A go-redis client, pipeline or transaction type ("...go-redis.Client").
bool isGoRedisClientType(const std::string &Type);

} // namespace hazard::go

#endif
