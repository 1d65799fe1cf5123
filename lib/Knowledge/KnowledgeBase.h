//===- KnowledgeBase.h - What library callables and types do ----*- C++ -*-===//
//
// One knowledge base per language, in one vocabulary, read by every rule:
// how a callable blocks, whether it waits and how its bound is given, what it
// returns, whether it builds a client, spawns work or is a lock, which types
// are containers and what bounds them, and which spellings name the same
// type. The built-in entries are the data files under knowledge/<language>/
// (one per library, embedded at build time); a project adds its own under
// [knowledge.<language>] in .hazardlint.toml, and the clang-tidy plugin takes
// the same text through the HazardKnowledge check option.
//
// docs/knowledge.md describes every key.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_KNOWLEDGE_KNOWLEDGEBASE_H
#define HAZARDLINT_KNOWLEDGE_KNOWLEDGEBASE_H

#include "Core/Rule.h"
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hazard::knowledge {

/// What a call blocks its thread on.
enum class Blocking { Network, File, Sleep, Subprocess, Lock, Thread, Cpu };
const char *blockingName(Blocking B);
std::optional<Blocking> parseBlocking(std::string_view Name);

/// Where a call takes a value that matters to a rule: its timeout, or a flag
/// such as `block=False`. Position is the index among positional arguments
/// (-1: keyword only; for methods, not counting the receiver).
struct Parameter {
  std::string Keyword;
  int Position = -1;
  /// Values (source spellings) that mean "no bound" / "not set", and
  /// "absent" for an omitted argument. Defaults to ["absent", "None"] for
  /// Python timeouts.
  std::vector<std::string> UnboundedWhen;
  /// For flags: the spellings that turn the behaviour off ("False").
  std::vector<std::string> OffWhen;
  /// The spellings for which the entry's fact holds.
  std::vector<std::string> When;

  bool unboundedWhenAbsent() const;
  bool isUnboundedValue(std::string_view Spelling) const;
  bool isOffValue(std::string_view Spelling) const;
};

struct Callable {
  std::string Name; // qualified, canonical
  std::optional<Blocking> Blocks;
  /// What the call waits for ("child", "thread", "process", "event", "lock",
  /// "queue", "future", "server", ...), "" if it does not wait. Rules pick
  /// their message by it.
  std::string Waits;
  std::optional<Parameter> Timeout;
  /// The parameter that bounds how much it produces (`max_length`, `size`).
  std::optional<Parameter> Limit;
  /// Where it takes the function it runs elsewhere (`Thread(target=f)`).
  std::optional<Parameter> Target;
  /// A flag that makes the call return at once (`q.get(block=False)`).
  std::optional<Parameter> BlockFlag;
  /// Where the call takes the command it sends (a Redis command).
  std::optional<Parameter> Command;
  /// The stream the call reads or writes. In Go the call blocks only when
  /// that argument is a stream (a type with the trait `stream`: a connection,
  /// a file); neither keyword nor position: any argument (`io.Copy(dst,
  /// src)`). For a file object's constructor, the source it reads
  /// (`io.BytesIO(data)`, `gzip.GzipFile(fileobj=...)`).
  std::optional<Parameter> Stream;
  /// The argument naming the file the call opens: a path, or a file object
  /// (`gzip.open(filename)`).
  std::optional<Parameter> Opens;
  /// The lock the call releases while it waits (`cv.wait(lock)`).
  std::optional<Parameter> Releases;
  /// The value the call stores under the key it is given first (a Redis
  /// `SET`).
  std::optional<Parameter> Stores;
  /// Where a client's constructor takes the pool, transport or connector it
  /// shares instead of opening its own (`connection_pool=`).
  std::optional<Parameter> SharedPool;
  /// The types it returns, one per result (Go); empty when unknown.
  std::vector<std::string> Returns;
  std::string Client;   // the kind of client it builds: "redis", "http", ...
  std::string Connects; // "connection" or "pool": what building it opens
  /// What messages call the value it builds ("Redis connection pool"), or
  /// the call itself ("zlib inflate()").
  std::string Noun;
  /// The field of its stream argument that counts the output so far
  /// (z_stream's total_out).
  std::string CountsOutput;
  std::string Spawns; // "task", "thread", "process" or "goroutine"
  /// What async code uses instead, as advice ("use 'await asyncio.sleep()'").
  std::string AsyncAlternative;
  /// The awaitable that does the same with the same arguments
  /// ("asyncio.sleep" for time.sleep): a fix-it's replacement.
  std::string AsyncEquivalent;
  /// How to bound its wait, as advice ("use sem_timedwait").
  std::string BoundedAlternative;
  /// The call rewritten with a bound, as a template: {object}, {0}, {1}...
  /// (the arguments), {timeout}, {timeval}; and the header it needs.
  std::string BoundedForm, BoundedFormInclude;
  /// The argument that, spelled as one of its `when` values, bounds the
  /// waits of the object the call configures (curl_easy_setopt's
  /// CURLOPT_TIMEOUT).
  std::optional<Parameter> SetsTimeout;
  /// The argument that, spelled as one of its `when` values, makes the call
  /// end the process whose id is its first argument (os.kill's SIGKILL).
  std::optional<Parameter> EndsPid;
  /// The argument whose presence means the call cannot reasonably raise
  /// (dict.pop's default): the trait `never-raises` for such calls.
  std::optional<Parameter> NeverRaisesWith;
  /// The package variable whose value does the waiting, when the call has no
  /// bound of its own (Go's http.Get sends with http.DefaultClient).
  std::string WaitsThrough;
  /// The same call taking a context first, which bounds what it starts
  /// (exec.Command -> exec.CommandContext).
  std::string ContextVariant;
  std::vector<std::string> Traits;
  std::string Origin; // the data file or config it came from

  bool hasTrait(std::string_view T) const;
  /// Returns[I], or "" if unknown.
  const std::string &result(size_t I = 0) const;
};

struct Type {
  std::string Name; // qualified, canonical
  std::vector<std::string> Bases;
  std::string Client;   // a client of this kind of service
  std::string Connects; // building it opens a "connection" or a "pool"
  std::string Noun;     // what messages call a value of it ("gRPC channel")
  std::string Lock; // "threading", "asyncio", "rw", ...: a lock of that kind
  /// A container whose size the listed parameters of its constructor bound
  /// (`maxsize`, `maxlen`); an empty list: unbounded by construction.
  std::optional<std::vector<Parameter>> Container;
  /// The methods that add entries to the container, and those that remove
  /// entries (or all of them).
  std::vector<std::string> Adds, Removes;
  /// The methods the type offers, when a rule needs to know that a
  /// replacement supports every use (hazard::BoundedMap).
  std::vector<std::string> Provides;
  /// The declaration rewritten to a bounded type, as a template: {args} (the
  /// template arguments as written); the header it needs; and how many
  /// template arguments the bounded type takes (0: any).
  std::string BoundedForm, BoundedFormInclude;
  unsigned BoundedFormArguments = 0;
  /// Every public method blocks this way, except LocalMethods.
  Callable AnyMethod;
  std::vector<std::string> LocalMethods;
  std::map<std::string, std::string> Attributes; // attribute -> its type
  /// The field that bounds the waits of its methods, given in the literal or
  /// set later (Go's http.Client{Timeout: ...}).
  std::optional<Parameter> Timeout;
  /// A function taking a value of this type (or a pointer to it) serves one
  /// request: what messages call it ("HTTP handler", "gin handler").
  std::string Handler;
  /// The fields and methods through which other code can stop or bound a
  /// value of this type (exec.Cmd's Process, Cancel, WaitDelay).
  std::vector<std::string> StoppedThrough;
  /// The fields through which a value may carry its bound instead of its
  /// `timeout` field (http.Client's Transport, with its own deadlines).
  std::vector<std::string> TimeoutThrough;
  std::vector<std::string> Traits;
  std::string Origin;

  bool hasTrait(std::string_view T) const;
};

class KnowledgeBase {
public:
  explicit KnowledgeBase(Language Lang);

  /// The entries compiled in from knowledge/<language>/*.toml.
  static const KnowledgeBase &builtin(Language Lang);

  Language language() const { return Lang; }
  /// Adds the entries of a TOML document in the knowledge vocabulary. An
  /// entry already present is updated key by key, so a project can add
  /// `blocks` to a library's callable. On error returns false and sets Error
  /// to "ORIGIN:LINE:COL: problem"; the base is then unchanged.
  bool addToml(std::string_view Text, std::string_view Origin,
               std::string &Error);

  /// The canonical spelling of a type or callable name: aliases resolved,
  /// also of the owner in "Owner.member".
  std::string canonical(std::string_view Name) const;
  const Type *type(std::string_view Name) const;
  /// Name's canonical spelling, then its bases, nearest first.
  std::vector<std::string> lineage(std::string_view Name) const;
  /// The nearest entry of Name's lineage for which Has(entry) holds.
  template <class Pred>
  const Type *nearestType(std::string_view Name, Pred Has) const {
    for (const std::string &T : lineage(Name))
      if (const Type *E = type(T); E && Has(*E))
        return E;
    return nullptr;
  }
  /// Whether the type Name or one of its bases has trait Trait.
  bool typeHasTrait(std::string_view Name, std::string_view Trait) const;
  /// Whether Method of the container type Name (or of a base) adds entries,
  /// or removes them.
  bool addsEntries(std::string_view Name, std::string_view Method) const;
  bool removesEntries(std::string_view Name, std::string_view Method) const;
  /// Whether Method adds or removes entries of some container type: a call
  /// of it may change a container whatever the receiver's type turns out to
  /// be.
  bool isContainerMethod(std::string_view Method) const;
  /// Whether Name is Base, an alias of it, or derives from it.
  bool derivesFrom(std::string_view Name, std::string_view Base) const;
  /// The entry of a callable. For "Owner.member" the owner's canonical name
  /// and then its bases are searched; a type whose methods all block gives
  /// its AnyMethod entry for a public method not in LocalMethods.
  const Callable *callable(std::string_view Name) const;
  /// What calling Callable builds when it is a client: the entry of the
  /// callable itself, of the class it instantiates, or of the type it
  /// returns, whichever says `client`.
  struct ClientInfo {
    std::string Client, Connects, Noun;
  };
  std::optional<ClientInfo> clientBuiltBy(std::string_view Callable) const;
  /// The method with trait `known-by-method-name` called Method: a name no
  /// other library uses, so that a call on a receiver of unknown type is it
  /// (`loop.run_in_executor`).
  const Callable *callableByMethodName(std::string_view Method) const;
  /// The callables whose name ends in Member (`create_task`, `set`): what a
  /// call of that name may be when its receiver is unknown.
  const std::vector<const Callable *> &
  callablesNamed(std::string_view Member) const;
  /// Whether one of callablesNamed(Member) has trait Trait.
  bool memberHasTrait(std::string_view Member, std::string_view Trait) const;
  /// The type of attribute Member of a value of type Owner (also inherited).
  std::optional<std::string> attributeType(std::string_view Owner,
                                           std::string_view Member) const;
  /// The other spellings of the type or callable Canonical.
  std::vector<std::string> aliasesOf(std::string_view Canonical) const;
  /// Where a qualified name splits into owner and member ("." or "::").
  std::string_view memberSeparator() const;

  /// All callables and types, by canonical name (for listings and tests).
  const std::map<std::string, Callable, std::less<>> &callables() const {
    return Callables;
  }
  const std::map<std::string, Type, std::less<>> &types() const {
    return Types;
  }

private:
  friend struct TomlIngest; // addTable of KnowledgeToml.h

  const Callable *ownOrInherited(std::string_view Owner,
                                 std::string_view Member, int Depth) const;
  Language Lang;
  std::map<std::string, Callable, std::less<>> Callables;
  std::map<std::string, Type, std::less<>> Types;
  std::map<std::string, std::string, std::less<>> Aliases;
  std::map<std::string, std::string, std::less<>> ByMethodName; // -> name
  /// The last part of each callable's name -> those callables.
  std::map<std::string, std::vector<const Callable *>, std::less<>> ByMember;
  std::set<std::string, std::less<>> ContainerMethods;
};

} // namespace hazard::knowledge

#endif
