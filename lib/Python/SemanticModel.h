//===- SemanticModel.h - Python names, scopes and value types ---*- C++ -*-===//
//
// Built from the semantic patterns of the file's single query pass, then
// asked by detectors: what qualified name does this expression denote (with
// imports and aliases resolved), what type does this value have (through
// assignments, annotated parameters and class members), and is this node in
// an `async def`.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_PYTHON_SEMANTICMODEL_H
#define HAZARDLINT_PYTHON_SEMANTICMODEL_H

#include "Knowledge/KnowledgeBase.h"
#include "TreeSitter/Query.h"
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hazard::python {

class SemanticModel {
public:
  SemanticModel(std::string_view Text, TSNode Root,
                const knowledge::KnowledgeBase &Knowledge =
                    knowledge::KnowledgeBase::builtin(Language::Python))
      : Text(Text), Root(Root), Knowledge(Knowledge) {}
  /// What the libraries' callables and types are.
  const knowledge::KnowledgeBase &knowledge() const { return Knowledge; }

  /// The tree-sitter patterns whose matches feed observe().
  static const char *query();
  void observe(const ts::Match &M);

  /// `t.sleep` -> "time.sleep" after `import time as t`. Unbound names resolve
  /// to themselves (builtins); locally bound non-import names to nothing.
  std::optional<std::string> qualifiedName(TSNode Expr) const;
  /// The qualified type of the value Expr evaluates to, if known.
  std::optional<std::string> inferType(TSNode Expr) const;

  /// The innermost function_definition or lambda around N, or a null node.
  TSNode enclosingFunction(TSNode N) const;
  bool inAsyncFunction(TSNode N) const;
  /// The class whose body N is in (directly or in a method), or null.
  TSNode enclosingClass(TSNode N) const;

  // Calls.
  /// What Call calls, qualified: `subprocess.run`, `time.sleep`, or
  /// `<receiver type>.<method>` when the receiver's type is known, as in
  /// `subprocess.Popen.wait` or `redis.Redis.get`.
  std::optional<std::string> resolveCall(TSNode Call) const;
  /// What the callee expression Fn names, qualified, as resolveCall says
  /// for a call of it (a decorator: `app.on_event`).
  std::optional<std::string> resolveCallee(TSNode Fn) const;
  /// The value of keyword argument Name, or null.
  TSNode keywordArgument(TSNode Call, std::string_view Name) const;
  /// The Index-th positional argument, or null (also when a *args precedes).
  TSNode positionalArgument(TSNode Call, unsigned Index) const;
  /// The argument P of the knowledge base names (by keyword, else by
  /// position), or null.
  TSNode argument(TSNode Call, const knowledge::Parameter &P) const;
  /// Whether Call leaves the bound P unset: omits it where omission means no
  /// bound, or spells one of P's unbounded values (`maxlen=None`).
  bool leavesUnbounded(TSNode Call, const knowledge::Parameter &P) const;
  /// Whether Call passes *args or **kwargs, which may carry any argument.
  bool hasUnpacking(TSNode Call) const;
  /// Whether the value of Call is awaited directly.
  bool isAwaited(TSNode Call) const;

  // Scopes that make a call fine.
  /// Inside `asyncio.wait_for(...)`, `async with asyncio.timeout(...)` (or
  /// timeout_at, async_timeout.timeout, anyio.fail_after/move_on_after).
  bool isTimeoutBounded(TSNode N) const;
  /// Inside a call that runs its arguments elsewhere: `asyncio.to_thread`,
  /// `loop.run_in_executor`, `anyio.to_thread.run_sync`.
  bool isOffloaded(TSNode N) const;

  /// A `with` / `async with` item around a node.
  struct WithScope {
    TSNode Statement; // with_statement
    TSNode Context;   // the context manager expression
    bool Async;
  };
  /// The with-items around N, innermost first, within N's function.
  std::vector<WithScope> enclosingWithScopes(TSNode N) const;

  // Names.
  /// What Local denotes through an import visible at At (`import asyncio`
  /// -> "asyncio"); nullopt if it is not imported or is shadowed.
  std::optional<std::string> importedName(TSNode At,
                                          const std::string &Local) const;
  /// Whether Local is imported or assigned in a scope visible at At.
  bool isBoundName(TSNode At, const std::string &Local) const;

  // Library knowledge.
  /// The knowledge base's entry for what Call calls, or null.
  const knowledge::Callable *knownCallable(TSNode Call) const;
  /// The entry for what the callee expression Fn names, or null.
  const knowledge::Callable *knownCallee(TSNode Fn) const;
  /// Whether a call's flag parameter (`block=False`, `interval=None`) turns
  /// the behaviour off. Off when omitted only if "absent" is an off value; a
  /// value that is not a literal then counts as the default.
  bool flagOff(TSNode Call, const knowledge::Parameter &Flag) const;

  // Blocking calls.
  /// The qualified name of a synchronous call that blocks its thread on I/O,
  /// the network, a sleep, a subprocess or another thread ("time.sleep",
  /// "requests.Session.get", "redis.Redis.get", "open"), or nullopt, also
  /// when the receiver is unknown or the call is explicitly non-blocking
  /// (`q.get(block=False)`, `psutil.cpu_percent()`).
  std::optional<std::string> blockingCall(TSNode Call) const;

  // Locks (`with lock:`, `async with lock:`, `lock.acquire()` ... `release()`).
  /// Threading: a lock held by a thread; Async: one held by a task of an
  /// event loop (asyncio, anyio, trio); Semaphore: one that bounds
  /// concurrency rather than guarding state; Unknown: a context of unknown
  /// type (only when AllowUnknown, for callers that check it otherwise).
  enum class LockKind { None, Threading, Async, Semaphore, Unknown };
  /// The lock kind of Expr's type in the knowledge base.
  LockKind lockKind(TSNode Expr, bool AllowUnknown = false) const;
  struct LockRegion {
    TSNode Lock; // the lock expression
    LockKind Kind;
    std::string Library; // the type's `lock` ("threading", "anyio"), or empty
    TSNode Start;        // the with_statement or the `x.acquire()` statement
    TSNode Container;    // the block holding the guarded statements
    uint32_t Begin, End; // the guarded bytes of Container
  };
  /// The regions a `with` statement or an `x.acquire()` expression
  /// statement opens; an acquire opens one only if `x.release()` follows in
  /// the same block (directly or in a `finally`).
  std::vector<LockRegion> lockRegionsStartedBy(TSNode Start,
                                               bool AllowUnknown = false) const;
  /// The lock regions around N, innermost first, within N's function.
  std::vector<LockRegion> enclosingLockRegions(TSNode N,
                                               bool AllowUnknown = false) const;
  /// Whether N runs with a lock held: in a lock region of any kind within
  /// N's function, a semaphore's included, or in one of a context of unknown
  /// type named like a lock (`self._locks[key]`, `mutex`).
  bool isUnderLock(TSNode N) const;
  /// A name for a lock that is the same wherever it is used: "Class.attr"
  /// for `self.attr`, "<Module>.name" for a module-level name, the imported
  /// name for imports; nullopt for locals and other expressions.
  std::optional<std::string> lockName(TSNode Lock,
                                      const std::string &Module) const;

  // Bindings, definitions and code run off the event loop.
  /// The identifier where the name Identifier reads was last bound before it
  /// (an assignment or with target, or a parameter name), in the nearest
  /// scope that binds it; null when unknown.
  TSNode bindingOf(TSNode Identifier) const;
  /// The values Expr may hold where it is read: for a name, the value of
  /// its nearest binding before it (not a loop target, bound to an item);
  /// for a `self.x` member, every value the class assigns it. Empty when
  /// unknown.
  std::vector<TSNode> assignedValues(TSNode Expr) const;
  /// Whether Identifier is the `self` / `cls` parameter of a method.
  bool isSelf(TSNode Identifier) const {
    return !ts::isNull(classOfSelf(Identifier));
  }
  /// The function_definition a callable expression names: `self.m` (a method
  /// of the enclosing class) or `f` (a def in an enclosing scope); or null.
  TSNode definitionOf(TSNode Callable) const;
  /// Where the file names the method Def (a def in a class body) through
  /// the `self` of a method of that class: the `self.m` attribute nodes of
  /// calls (`self.m(x)`) and of references (`cb(self.m)`). Nullopt when Def
  /// is not a method, or when something else names it too (`other.m`, the
  /// `self` of another class), so its callers are not all known.
  std::optional<std::vector<TSNode>> selfReferences(TSNode Def) const;
  /// The library class with trait `file-event-handler` that Class derives
  /// from (watchdog's, whose methods an observer thread calls), directly or
  /// through classes of this file.
  std::optional<std::string> fileEventHandlerBase(TSNode Class) const;
  /// The methods of Class that a library calls on a thread of its own: the
  /// overrides of its handler base's `called-on-thread` methods (watchdog's
  /// on_created, on_modified, ...).
  std::vector<TSNode> threadCalledMethods(TSNode Class) const;
  /// The function Call hands on to run elsewhere (its knowledge's
  /// `target`: `threading.Thread(target=f)`, `asyncio.to_thread(f)`), or
  /// null.
  TSNode workTarget(TSNode Call) const;
  /// The workTarget of a call that starts a thread, or null.
  TSNode threadTarget(TSNode Call) const;

  // Owned names: class members, module globals and function locals, with
  // every place the file changes them (gathered from the query pass).
  struct Mutation {
    enum Kind {
      Assign,      // x = v (also the creation)
      AugAssign,   // x += v, x |= v (Operator holds the operator)
      ItemStore,   // x[k] = v
      ItemAug,     // x[k] += v
      SliceStore,  // x[a:b] = v
      ItemDelete,  // del x[k]
      SliceDelete, // del x[a:b]
      Delete,      // del x
      Call,        // x.method(...) for a container method (Method)
      ItemCall,    // x[k].method(...), e.g. on a defaultdict's value
      InnerDelete, // del x[k][i], del x[k][a:b]: from the value at k
      Alias,       // y = x: changes through y are not tracked
    } What;
    TSNode Site;  // the statement or call
    TSNode Key;   // the subscript (ItemStore, ItemAug, ItemDelete, ItemCall,
                  // InnerDelete: the outer one)
    TSNode Value; // the assigned value (Assign, AugAssign, ItemStore)
    std::string Method;   // Call, ItemCall
    std::string Operator; // AugAssign, ItemAug: "+=", "|=", ...
    TSNode Target;        // the name as written here: `self.d`, `CACHE`
  };
  struct OwnedName {
    TSNode Owner; // class_definition, module, function_definition or lambda
    std::string Name;
    std::vector<Mutation> Mutations; // in document order
  };
  /// Which owned name Expr denotes: `self.x` / `cls.x` in a method -> (the
  /// class, "x"); a name -> the scope that binds it (module for `global`
  /// names). Nullopt for anything else (imports, `other.x`, builtins).
  std::optional<std::pair<TSNode, std::string>> ownerOf(TSNode Expr) const;
  /// The record of Name in Owner, or null when the file never assigns or
  /// changes it.
  const OwnedName *ownedName(TSNode Owner, std::string_view Name) const;
  /// All owned names of the file, ordered by their first mutation.
  std::vector<const OwnedName *> ownedNames() const;
  /// The names Owner (a class, the module or a function) owns: for a class,
  /// its members (`self.x = ...` in any method, class-level names).
  std::vector<const OwnedName *> ownedNames(TSNode Owner) const;
  /// Changes to `obj.Attribute` where obj is not a method's self (another
  /// object, `other._cache.pop(k)`): the file cannot tell whose member it is.
  const std::vector<Mutation> &
  foreignMutations(std::string_view Attribute) const;

  // Containers and iteration (for-loop targets, `d[k]`, `d.get(k)`).
  /// The type of the items iterating Iterable yields: `list[X]`, a list
  /// filled by `xs.append(X(...))` or `[X(...) for ...]`, `d.values()` of a
  /// `dict[K, V]`, `sorted(xs)`, ...; nullopt when unknown.
  std::optional<std::string> elementType(TSNode Iterable) const;
  /// The calls, in the scope of an `import ... as` / `from ... import ... as`
  /// alias (an aliased_import node), whose callee is that alias: `spawn(c())`
  /// after `from asyncio import create_task as spawn`. Lets a rule query
  /// anchor on the library's name while still seeing renamed imports.
  std::vector<TSNode> callsThroughAlias(TSNode AliasedImport) const;

private:
  /// The canonical type a library callable returns, if known.
  std::optional<std::string> returnType(const std::string &Callable) const;
  struct Binding {
    uint32_t Offset;
    TSNode Value;      // may be null
    TSNode Annotation; // may be null
    /// For-loop targets: Value is the iterable, and the name is bound to an
    /// item of it (Element == -1) or to part Element of a tuple item.
    int Element = NotElement;
    static constexpr int NotElement = -2;
  };
  /// The binding of Identifier visible at its use, in the innermost scope
  /// that binds its name; null if none, or if an import binds it there.
  const Binding *visibleBinding(TSNode Identifier) const;
  /// A container filled in place: `c.append(v)`, `c.add(v)`, `c[k] = v`.
  struct Fill {
    TSNode Container;
    TSNode Key; // null for append / add
    TSNode Value;
  };
  struct ContainerType {
    bool Mapping = false;
    std::optional<std::string> Key, Value; // Value: the element of a sequence
  };
  using ScopeKey = uint64_t;

  std::string_view text(TSNode N) const { return ts::nodeText(N, Text); }
  ScopeKey scopeKey(TSNode Scope) const;
  TSNode enclosingScope(TSNode N) const; // function, lambda, class or module
  std::vector<TSNode> lookupScopes(TSNode N) const;
  void bindName(TSNode At, std::string Name, TSNode Value, TSNode Annotation);
  void bindTarget(TSNode Target, TSNode Value, TSNode Annotation);
  void addImport(TSNode At, std::string Local, std::string Qualified);
  TSNode classOfSelf(TSNode Identifier) const;
  std::optional<std::string> typeFromAnnotation(TSNode Annotation,
                                                int Depth) const;
  std::optional<std::string> inferType(TSNode Expr, int Depth) const;
  std::optional<std::string> typeOfBindings(const std::vector<Binding> &Bs,
                                            uint32_t Before, int Depth) const;
  void bindElements(TSNode Target, TSNode Iterable);
  static bool visibleAt(const Binding &B, uint32_t Use);
  TSNode definingScope(TSNode Identifier) const;
  bool sameContainer(TSNode A, TSNode B) const;
  std::optional<ContainerType> containerFromAnnotation(TSNode A,
                                                       int Depth) const;
  std::optional<ContainerType> containerOf(TSNode Expr, int Depth) const;
  std::optional<std::string> elementType(TSNode Iterable, int Index,
                                         int Depth) const;
  /// Whether identifier Id is bound by a for clause of a comprehension
  /// around it; sets the clause's iterable and the part of an item it is.
  bool comprehensionElement(TSNode Id, TSNode &Iterable, int &Index) const;

  std::string_view Text;
  TSNode Root;
  const knowledge::KnowledgeBase &Knowledge;
  std::map<std::pair<ScopeKey, std::string>, std::string> Imports;
  std::map<std::pair<ScopeKey, std::string>, std::vector<Binding>> Names;
  std::map<std::pair<ScopeKey, std::string>, std::vector<Binding>> Members;
  // Owned names: raw events from observe(), resolved on first use, when all
  // bindings and `global` declarations are known.
  struct RawMutation {
    TSNode Target;
    Mutation M;
  };
  void recordMutation(TSNode Target, Mutation M);
  void resolveOwnedNames() const;
  std::vector<RawMutation> RawMutations;
  std::map<std::pair<ScopeKey, std::string>, bool> Globals;
  mutable bool OwnedResolved = false;
  mutable std::map<std::pair<ScopeKey, std::string>, OwnedName> Owned;
  mutable std::map<std::string, std::vector<Mutation>> Foreign;
  /// Attribute nodes by the name after the dot (`x.m` under "m"), gathered
  /// on first use by selfReferences.
  mutable std::optional<std::map<std::string, std::vector<TSNode>>>
      AttributesByName;

  std::vector<Fill> Fills;
  /// Work done by the current inferType / elementType query: element types
  /// can chain through many containers, so a query gives up (unknown)
  /// rather than explore without bound.
  mutable unsigned Steps = 0;
  static constexpr unsigned MaxSteps = 4000;
  /// Containers whose fills are being read, to cut cycles (a.append(b[0]),
  /// b.append(a[0])).
  mutable std::vector<TSNode> FillsInProgress;
};

/// Calls Visit on each named descendant of N in document order, without
/// entering nested function, lambda or class definitions (they run elsewhere).
void forEachInScope(TSNode N, const std::function<void(TSNode)> &Visit);

/// The methods of a class_definition, decorated or not, in order.
std::vector<TSNode> methodsOf(TSNode Class);
} // namespace hazard::python

#endif
