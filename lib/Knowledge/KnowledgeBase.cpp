#include "Knowledge/KnowledgeBase.h"
#include "Knowledge/KnowledgeToml.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <toml++/toml.h>

namespace hazard::knowledge {

namespace {
struct EmbeddedKnowledge {
  const char *Language; // "python", "go", "cpp"
  const char *File;     // "knowledge/python/redis.toml"
  const char *Text;
};
#include "KnowledgeSources.inc" // generated: EmbeddedKnowledgeFiles[]

constexpr std::array<std::pair<Blocking, const char *>, 7> BlockingNames = {{
    {Blocking::Network, "network"},
    {Blocking::File, "file"},
    {Blocking::Sleep, "sleep"},
    {Blocking::Subprocess, "subprocess"},
    {Blocking::Lock, "lock"},
    {Blocking::Thread, "thread"},
    {Blocking::Cpu, "cpu"},
}};

bool contains(const std::vector<std::string> &List, std::string_view Item) {
  return std::find(List.begin(), List.end(), Item) != List.end();
}

/// A problem in a knowledge document, with the position of the node at fault.
struct BadEntry {
  toml::source_region Where;
  std::string What;
};

class Reader {
public:
  Reader(Language Lang, std::string_view Origin) : Lang(Lang), Origin(Origin) {}

  void document(const toml::table &Doc,
                std::map<std::string, Callable, std::less<>> &Callables,
                std::map<std::string, Type, std::less<>> &Types,
                std::map<std::string, std::string, std::less<>> &Aliases) {
    for (const auto &[Key, Node] : Doc) {
      if (Key == "library") {
        text(Node, "library");
      } else if (Key == "callables") {
        for (const auto &[Name, Entry] : table(Node, "callables")) {
          std::string Id(Name.str());
          Callable &C = Callables[Id];
          C.Name = Id;
          // An entry belongs to the file that first described it; later
          // files (generated ones, the user's) complete it.
          if (C.Origin.empty())
            C.Origin = std::string(Origin);
          callable(table(Entry, Id), Id, C, Aliases);
        }
      } else if (Key == "types") {
        for (const auto &[Name, Entry] : table(Node, "types")) {
          std::string Id(Name.str());
          Type &T = Types[Id];
          T.Name = Id;
          if (T.Origin.empty())
            T.Origin = std::string(Origin);
          T.AnyMethod.Name = Id;
          T.AnyMethod.Origin = T.Origin;
          type(table(Entry, Id), Id, T, Aliases);
        }
      } else {
        fail(Node, "unknown key '" + std::string(Key.str()) +
                       "' (expected library, callables or types)");
      }
    }
  }

private:
  [[noreturn]] void fail(const toml::node &N, std::string What) {
    throw BadEntry{N.source(), std::move(What)};
  }

  const toml::table &table(const toml::node &N, std::string_view Key) {
    if (const toml::table *T = N.as_table())
      return *T;
    fail(N, "'" + std::string(Key) + "' must be a table");
  }
  std::string text(const toml::node &N, std::string_view Key) {
    if (auto S = N.value<std::string>(); S && N.is_string()) {
      if (S->empty())
        fail(N, "'" + std::string(Key) + "' must not be empty");
      return *S;
    }
    fail(N, "'" + std::string(Key) + "' must be a string");
  }
  std::string oneOf(const toml::node &N, std::string_view Key,
                    std::initializer_list<const char *> Allowed) {
    std::string S = text(N, Key);
    std::string List;
    for (const char *A : Allowed) {
      if (S == A)
        return S;
      List += List.empty() ? "" : ", ";
      List += A;
    }
    fail(N,
         "'" + std::string(Key) + "' is '" + S + "'; expected one of " + List);
  }
  std::vector<std::string> texts(const toml::node &N, std::string_view Key) {
    const toml::array *A = N.as_array();
    if (!A)
      fail(N, "'" + std::string(Key) + "' must be an array of strings");
    std::vector<std::string> Out;
    for (const toml::node &Item : *A)
      Out.push_back(text(Item, Key));
    return Out;
  }
  /// A string, a string array ("returns"), or for spellings also integers
  /// and booleans written bare (`unbounded-when = [0, -1]`).
  std::vector<std::string> spellings(const toml::node &N,
                                     std::string_view Key) {
    const toml::array *A = N.as_array();
    if (!A)
      fail(N, "'" + std::string(Key) + "' must be an array");
    std::vector<std::string> Out;
    for (const toml::node &Item : *A) {
      if (Item.is_string())
        Out.push_back(text(Item, Key));
      else if (auto I = Item.value<int64_t>(); I && Item.is_integer())
        Out.push_back(std::to_string(*I));
      else if (Item.is_boolean())
        Out.push_back(*Item.value<bool>() ? "true" : "false");
      else
        fail(Item, "'" + std::string(Key) +
                       "' items must be strings, integers or booleans");
    }
    return Out;
  }
  int position(const toml::node &N) {
    auto I = N.value<int64_t>();
    if (!N.is_integer() || !I || *I < -1 || *I > 64)
      fail(N, "'position' must be an integer from -1 to 64");
    return static_cast<int>(*I);
  }

  Parameter parameter(const toml::node &N, std::string_view Key, bool Timeout) {
    Parameter P;
    if (Timeout && Lang == Language::Python)
      P.UnboundedWhen = {"absent", "None"};
    for (const auto &[K, V] : table(N, Key)) {
      if (K == "keyword")
        P.Keyword = text(V, "keyword");
      else if (K == "position")
        P.Position = position(V);
      else if (K == "unbounded-when")
        P.UnboundedWhen = spellings(V, "unbounded-when");
      else if (K == "off-when")
        P.OffWhen = spellings(V, "off-when");
      else if (K == "when")
        P.When = spellings(V, "when");
      else
        fail(V, "unknown key '" + std::string(K.str()) + "' in '" +
                    std::string(Key) +
                    "' (expected keyword, position, unbounded-when, "
                    "off-when or when)");
    }
    // A stream given neither way is any argument.
    if (P.Keyword.empty() && P.Position < 0 && Key != "stream")
      fail(N, "'" + std::string(Key) + "' needs a keyword or a position");
    return P;
  }

  void aliases(const toml::node &N, const std::string &Id,
               std::map<std::string, std::string, std::less<>> &Aliases) {
    for (std::string &A : texts(N, "aliases")) {
      if (A == Id)
        fail(N, "'" + Id + "' is listed as its own alias");
      Aliases[A] = Id;
    }
  }

  /// Reads a callable's keys; false if Key is not one of them.
  bool callableKey(std::string_view Key, const toml::node &V, Callable &C) {
    if (Key == "blocks") {
      std::string B = text(V, "blocks");
      auto Parsed = parseBlocking(B);
      if (!Parsed)
        fail(V, "'blocks' is '" + B +
                    "'; expected one of network, file, sleep, subprocess, "
                    "lock, thread, cpu");
      C.Blocks = Parsed;
    } else if (Key == "waits") {
      C.Waits = text(V, "waits");
    } else if (Key == "timeout") {
      C.Timeout = parameter(V, "timeout", /*Timeout=*/true);
    } else if (Key == "opens") {
      C.Opens = parameter(V, "opens", /*Timeout=*/false);
    } else if (Key == "stream") {
      C.Stream = parameter(V, "stream", /*Timeout=*/false);
    } else if (Key == "counts-output") {
      C.CountsOutput = text(V, "counts-output");
    } else if (Key == "limit") {
      C.Limit = parameter(V, "limit", /*Timeout=*/false);
    } else if (Key == "target") {
      C.Target = parameter(V, "target", /*Timeout=*/false);
    } else if (Key == "block-flag") {
      C.BlockFlag = parameter(V, "block-flag", /*Timeout=*/false);
    } else if (Key == "command") {
      C.Command = parameter(V, "command", /*Timeout=*/false);
    } else if (Key == "releases") {
      C.Releases = parameter(V, "releases", /*Timeout=*/false);
    } else if (Key == "stores") {
      C.Stores = parameter(V, "stores", /*Timeout=*/false);
    } else if (Key == "shared-pool") {
      C.SharedPool = parameter(V, "shared-pool", /*Timeout=*/false);
    } else if (Key == "returns") {
      C.Returns = V.is_array() ? texts(V, "returns")
                               : std::vector<std::string>{text(V, "returns")};
    } else if (Key == "client") {
      C.Client = text(V, "client");
    } else if (Key == "connects") {
      C.Connects = oneOf(V, "connects", {"connection", "pool"});
    } else if (Key == "noun") {
      C.Noun = text(V, "noun");
    } else if (Key == "async-alternative") {
      C.AsyncAlternative = text(V, "async-alternative");
    } else if (Key == "async-equivalent") {
      C.AsyncEquivalent = text(V, "async-equivalent");
    } else if (Key == "bounded-alternative") {
      C.BoundedAlternative = text(V, "bounded-alternative");
    } else if (Key == "bounded-form") {
      C.BoundedForm = text(V, "bounded-form");
    } else if (Key == "bounded-form-include") {
      C.BoundedFormInclude = text(V, "bounded-form-include");
    } else if (Key == "sets-timeout") {
      C.SetsTimeout = parameter(V, "sets-timeout", /*Timeout=*/false);
    } else if (Key == "ends-pid") {
      C.EndsPid = parameter(V, "ends-pid", /*Timeout=*/false);
    } else if (Key == "never-raises-with") {
      C.NeverRaisesWith = parameter(V, "never-raises-with", /*Timeout=*/false);
    } else if (Key == "waits-through") {
      C.WaitsThrough = text(V, "waits-through");
    } else if (Key == "context-variant") {
      C.ContextVariant = text(V, "context-variant");
    } else if (Key == "spawns") {
      C.Spawns = oneOf(V, "spawns", {"task", "thread", "process", "goroutine"});
    } else if (Key == "traits") {
      for (std::string &T : texts(V, "traits"))
        if (!contains(C.Traits, T))
          C.Traits.push_back(std::move(T));
    } else {
      return false;
    }
    return true;
  }

  void callable(const toml::table &Entry, const std::string &Id, Callable &C,
                std::map<std::string, std::string, std::less<>> &Aliases) {
    for (const auto &[K, V] : Entry) {
      if (K == "aliases")
        aliases(V, Id, Aliases);
      else if (!callableKey(K.str(), V, C))
        fail(V, "unknown key '" + std::string(K.str()) + "' in callable '" +
                    Id + "'");
    }
  }

  void type(const toml::table &Entry, const std::string &Id, Type &T,
            std::map<std::string, std::string, std::less<>> &Aliases) {
    for (const auto &[K, V] : Entry) {
      std::string_view Key = K.str();
      if (Key == "aliases") {
        aliases(V, Id, Aliases);
      } else if (Key == "bases") {
        for (std::string &B : texts(V, "bases"))
          if (!contains(T.Bases, B))
            T.Bases.push_back(std::move(B));
      } else if (Key == "client") {
        T.Client = text(V, "client");
      } else if (Key == "connects") {
        T.Connects = oneOf(V, "connects", {"connection", "pool"});
      } else if (Key == "noun") {
        T.Noun = text(V, "noun");
      } else if (Key == "lock") {
        T.Lock = text(V, "lock");
      } else if (Key == "container") {
        const toml::array *A = V.as_array();
        if (!A)
          fail(V, "'container' must be an array of bounding parameters "
                  "(empty: never bounded)");
        std::vector<Parameter> Bounds;
        for (const toml::node &P : *A)
          Bounds.push_back(parameter(P, "container", /*Timeout=*/false));
        T.Container = std::move(Bounds);
      } else if (Key == "methods") {
        for (const auto &[MK, MV] : table(V, "methods"))
          if (!callableKey(MK.str(), MV, T.AnyMethod))
            fail(MV, "unknown key '" + std::string(MK.str()) +
                         "' in 'methods' of type '" + Id + "'");
      } else if (Key == "adds" || Key == "removes" || Key == "provides") {
        auto &List = Key == "adds"      ? T.Adds
                     : Key == "removes" ? T.Removes
                                        : T.Provides;
        for (std::string &M : texts(V, Key))
          if (!contains(List, M))
            List.push_back(std::move(M));
      } else if (Key == "bounded-form") {
        T.BoundedForm = text(V, "bounded-form");
      } else if (Key == "bounded-form-include") {
        T.BoundedFormInclude = text(V, "bounded-form-include");
      } else if (Key == "bounded-form-arguments") {
        auto N = V.value<int64_t>();
        if (!V.is_integer() || !N || *N < 0 || *N > 64)
          fail(V, "'bounded-form-arguments' must be an integer from 0 to 64");
        T.BoundedFormArguments = unsigned(*N);
      } else if (Key == "local-methods") {
        for (std::string &M : texts(V, "local-methods"))
          if (!contains(T.LocalMethods, M))
            T.LocalMethods.push_back(std::move(M));
      } else if (Key == "attributes") {
        for (const auto &[AK, AV] : table(V, "attributes"))
          T.Attributes[std::string(AK.str())] = text(AV, AK.str());
      } else if (Key == "timeout") {
        T.Timeout = parameter(V, "timeout", /*Timeout=*/false);
      } else if (Key == "handler") {
        T.Handler = text(V, "handler");
      } else if (Key == "timeout-through") {
        for (std::string &M : texts(V, "timeout-through"))
          if (!contains(T.TimeoutThrough, M))
            T.TimeoutThrough.push_back(std::move(M));
      } else if (Key == "stopped-through") {
        for (std::string &M : texts(V, "stopped-through"))
          if (!contains(T.StoppedThrough, M))
            T.StoppedThrough.push_back(std::move(M));
      } else if (Key == "traits") {
        for (std::string &Tr : texts(V, "traits"))
          if (!contains(T.Traits, Tr))
            T.Traits.push_back(std::move(Tr));
      } else {
        fail(V, "unknown key '" + std::string(Key) + "' in type '" + Id + "'");
      }
    }
  }

  Language Lang;
  std::string_view Origin;
};

std::string where(std::string_view Origin, const toml::source_region &R) {
  return std::string(Origin) + ":" + std::to_string(R.begin.line) + ":" +
         std::to_string(R.begin.column);
}

} // namespace

const char *blockingName(Blocking B) {
  for (const auto &[K, Name] : BlockingNames)
    if (K == B)
      return Name;
  return "";
}

std::optional<Blocking> parseBlocking(std::string_view Name) {
  for (const auto &[K, N] : BlockingNames)
    if (Name == N)
      return K;
  return std::nullopt;
}

bool Parameter::unboundedWhenAbsent() const {
  return contains(UnboundedWhen, "absent");
}
/// Whether Spelling is an integer literal at most zero (`0`, `-1`, `0_0`).
static bool isIntegerAtMostZero(std::string_view Spelling) {
  bool Negative = !Spelling.empty() && Spelling.front() == '-';
  std::string_view Digits = Spelling.substr(Negative ? 1 : 0);
  if (Digits.empty() ||
      Digits.find_first_not_of("0123456789_") != std::string_view::npos)
    return false;
  return Negative || Digits.find_first_not_of("0_") == std::string_view::npos;
}

bool Parameter::isUnboundedValue(std::string_view Spelling) const {
  if (Spelling == "absent")
    return false;
  return contains(UnboundedWhen, Spelling) ||
         (contains(UnboundedWhen, "<=0") && isIntegerAtMostZero(Spelling));
}
bool Parameter::isOffValue(std::string_view Spelling) const {
  return contains(OffWhen, Spelling);
}

bool Callable::hasTrait(std::string_view T) const {
  return contains(Traits, T);
}
const std::string &Callable::result(size_t I) const {
  static const std::string None;
  return I < Returns.size() ? Returns[I] : None;
}
bool Type::hasTrait(std::string_view T) const { return contains(Traits, T); }

KnowledgeBase::KnowledgeBase(Language Lang) : Lang(Lang) {}

const KnowledgeBase &KnowledgeBase::builtin(Language Lang) {
  static std::once_flag Once;
  static std::map<Language, KnowledgeBase> Bases;
  std::call_once(Once, [] {
    for (Language L : {Language::Python, Language::Go, Language::Cpp})
      Bases.emplace(L, KnowledgeBase(L));
    for (const EmbeddedKnowledge &E : EmbeddedKnowledgeFiles) {
      auto L = parseLanguage(E.Language);
      std::string Error;
      if (!L || !Bases.at(*L).addToml(E.Text, E.File, Error)) {
        // A build defect the unit tests catch; never a user's input.
        std::fprintf(stderr,
                     "hazardlint: embedded knowledge is malformed: %s\n",
                     Error.c_str());
        std::abort();
      }
    }
  });
  return Bases.at(Lang);
}

bool KnowledgeBase::addToml(std::string_view Text, std::string_view Origin,
                            std::string &Error) {
  toml::table Doc;
  try {
    Doc = toml::parse(Text, Origin);
  } catch (const toml::parse_error &E) {
    Error = where(Origin, E.source()) + ": " + std::string(E.description());
    return false;
  }
  return addTable(*this, Doc, Origin, Error);
}

struct TomlIngest {
  static bool add(KnowledgeBase &KB, const toml::table &Doc,
                  std::string_view Origin, std::string &Error);
};

bool addTable(KnowledgeBase &KB, const toml::table &Doc,
              std::string_view Origin, std::string &Error) {
  return TomlIngest::add(KB, Doc, Origin, Error);
}

bool TomlIngest::add(KnowledgeBase &KB, const toml::table &Doc,
                     std::string_view Origin, std::string &Error) {
  // Read into copies, so that a bad document leaves the base unchanged.
  auto Callables = KB.Callables;
  auto Types = KB.Types;
  auto Aliases = KB.Aliases;
  try {
    Reader(KB.Lang, Origin).document(Doc, Callables, Types, Aliases);
  } catch (const BadEntry &E) {
    Error = where(Origin, E.Where) + ": " + E.What;
    return false;
  }
  // A name with its own entry is not an alias of another.
  auto Clash = [&](const std::string &Name) {
    auto It = Aliases.find(Name);
    if (It == Aliases.end())
      return false;
    Error = std::string(Origin) + ": '" + Name +
            "' has an entry and is an alias of '" + It->second + "'";
    return true;
  };
  for (const auto &Entry : Callables)
    if (Clash(Entry.first))
      return false;
  for (const auto &Entry : Types)
    if (Clash(Entry.first))
      return false;
  KB.Callables = std::move(Callables);
  KB.Types = std::move(Types);
  KB.Aliases = std::move(Aliases);
  KB.ByMethodName.clear();
  std::string_view Sep = KB.memberSeparator();
  for (const auto &[Name, C] : KB.Callables)
    if (C.hasTrait("known-by-method-name"))
      if (size_t At = Name.rfind(Sep); At != std::string::npos)
        KB.ByMethodName[Name.substr(At + Sep.size())] = Name;
  KB.ByMember.clear();
  for (const auto &[Name, C] : KB.Callables) {
    size_t At = Name.rfind(Sep);
    std::string Member =
        At == std::string::npos ? Name : Name.substr(At + Sep.size());
    KB.ByMember[Member].push_back(&C);
  }
  KB.ContainerMethods.clear();
  for (const auto &Entry : KB.Types) {
    KB.ContainerMethods.insert(Entry.second.Adds.begin(),
                               Entry.second.Adds.end());
    KB.ContainerMethods.insert(Entry.second.Removes.begin(),
                               Entry.second.Removes.end());
  }
  return true;
}

bool KnowledgeBase::isContainerMethod(std::string_view Method) const {
  return ContainerMethods.count(Method) > 0;
}

const Callable *
KnowledgeBase::callableByMethodName(std::string_view Method) const {
  auto It = ByMethodName.find(Method);
  if (It == ByMethodName.end())
    return nullptr;
  auto Entry = Callables.find(It->second);
  return Entry == Callables.end() ? nullptr : &Entry->second;
}

const std::vector<const Callable *> &
KnowledgeBase::callablesNamed(std::string_view Member) const {
  static const std::vector<const Callable *> None;
  auto It = ByMember.find(Member);
  return It == ByMember.end() ? None : It->second;
}

bool KnowledgeBase::memberHasTrait(std::string_view Member,
                                   std::string_view Trait) const {
  const auto &Named = callablesNamed(Member);
  return std::any_of(Named.begin(), Named.end(),
                     [&](const Callable *C) { return C->hasTrait(Trait); });
}

std::vector<std::string>
KnowledgeBase::aliasesOf(std::string_view Canonical) const {
  std::vector<std::string> Out;
  for (const auto &[Alias, Name] : Aliases)
    if (Name == Canonical)
      Out.push_back(Alias);
  return Out;
}

std::string_view KnowledgeBase::memberSeparator() const {
  return Lang == Language::Cpp ? "::" : ".";
}

std::string KnowledgeBase::canonical(std::string_view Name) const {
  if (auto It = Aliases.find(Name); It != Aliases.end())
    return It->second;
  std::string_view Sep = memberSeparator();
  size_t At = Name.rfind(Sep);
  if (At == std::string_view::npos || At == 0)
    return std::string(Name);
  std::string_view Owner = Name.substr(0, At);
  if (auto It = Aliases.find(Owner); It != Aliases.end()) {
    std::string Full = It->second + std::string(Name.substr(At));
    if (auto Again = Aliases.find(Full); Again != Aliases.end())
      return Again->second;
    return Full;
  }
  return std::string(Name);
}

const Type *KnowledgeBase::type(std::string_view Name) const {
  auto It = Types.find(canonical(Name));
  return It == Types.end() ? nullptr : &It->second;
}

std::vector<std::string> KnowledgeBase::lineage(std::string_view Name) const {
  std::vector<std::string> Work{canonical(Name)};
  for (size_t I = 0; I < Work.size() && I < 64; ++I)
    if (const Type *T = type(Work[I]))
      for (const std::string &B : T->Bases)
        if (std::string C = canonical(B); !contains(Work, C))
          Work.push_back(std::move(C));
  return Work;
}

bool KnowledgeBase::typeHasTrait(std::string_view Name,
                                 std::string_view Trait) const {
  return nearestType(Name, [&](const Type &T) { return T.hasTrait(Trait); });
}

bool KnowledgeBase::addsEntries(std::string_view Name,
                                std::string_view Method) const {
  return nearestType(Name,
                     [&](const Type &T) { return contains(T.Adds, Method); });
}

bool KnowledgeBase::removesEntries(std::string_view Name,
                                   std::string_view Method) const {
  return nearestType(
      Name, [&](const Type &T) { return contains(T.Removes, Method); });
}

bool KnowledgeBase::derivesFrom(std::string_view Name,
                                std::string_view Base) const {
  return contains(lineage(Name), canonical(Base));
}

const Callable *KnowledgeBase::ownOrInherited(std::string_view Owner,
                                              std::string_view Member,
                                              int Depth) const {
  if (Depth > 16)
    return nullptr;
  std::string Name =
      canonical(std::string(Owner) + std::string(memberSeparator()) +
                std::string(Member));
  if (auto It = Callables.find(Name); It != Callables.end())
    return &It->second;
  const Type *T = type(Owner);
  if (!T)
    return nullptr;
  for (const std::string &B : T->Bases)
    if (const Callable *C = ownOrInherited(B, Member, Depth + 1))
      return C;
  return nullptr;
}

const Callable *KnowledgeBase::callable(std::string_view Name) const {
  std::string Full = canonical(Name);
  if (auto It = Callables.find(Full); It != Callables.end())
    return &It->second;
  std::string_view Sep = memberSeparator();
  size_t At = Full.rfind(Sep);
  if (At == std::string::npos || At == 0)
    return nullptr;
  std::string Owner = Full.substr(0, At);
  std::string Member = Full.substr(At + Sep.size());
  if (const Callable *C = ownOrInherited(Owner, Member, 0))
    return C;
  // A type whose public methods all block, nearest first.
  if (Member.empty() || Member[0] == '_')
    return nullptr;
  for (const std::string &N : lineage(Owner)) {
    const Type *T = type(N);
    if (!T)
      continue;
    if (contains(T->LocalMethods, Member))
      return nullptr;
    if (T->AnyMethod.Blocks || !T->AnyMethod.Waits.empty())
      return &T->AnyMethod;
  }
  return nullptr;
}

std::optional<KnowledgeBase::ClientInfo>
KnowledgeBase::clientBuiltBy(std::string_view Callable) const {
  auto Info = [](const auto &E) {
    return ClientInfo{E.Client, E.Connects, E.Noun};
  };
  auto OfType = [&](std::string_view Name) -> std::optional<ClientInfo> {
    if (const Type *T =
            nearestType(Name, [](const Type &E) { return !E.Client.empty(); }))
      return Info(*T);
    return std::nullopt;
  };
  std::string Name = canonical(Callable);
  if (auto It = Callables.find(Name); It != Callables.end()) {
    const knowledge::Callable &C = It->second;
    if (!C.Client.empty())
      return Info(C);
    if (!C.result().empty())
      return OfType(C.result());
  }
  // A class's constructor: the class says.
  return OfType(Name);
}

std::optional<std::string>
KnowledgeBase::attributeType(std::string_view Owner,
                             std::string_view Member) const {
  const Type *T = nearestType(Owner, [&](const Type &E) {
    return E.Attributes.count(std::string(Member)) > 0;
  });
  if (!T)
    return std::nullopt;
  return T->Attributes.at(std::string(Member));
}

} // namespace hazard::knowledge
