//===- HazardCheck.h - Base of the hazard-* clang-tidy checks ---*- C++ -*-===//
//
// What every hazard-* check shares: its rule's metadata (messages, options)
// and the C/C++ knowledge base it reads library facts from. The base is the
// built-in one plus the entries of the HazardKnowledge option, the check's
// own or the global one: the CLI fills it from [knowledge.cpp] in
// .hazardlint.toml, the plugin takes it from CheckOptions in .clang-tidy.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_CPP_HAZARDCHECK_H
#define HAZARDLINT_CPP_HAZARDCHECK_H

#include "Core/Rule.h"
#include "Knowledge/KnowledgeBase.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "clang/ASTMatchers/ASTMatchers.h"

namespace hazard::cpp {

class HazardCheck : public clang::tidy::ClangTidyCheck {
public:
  HazardCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
              RuleId Id);

  const RuleInfo &rule() const { return Rule; }
  const knowledge::KnowledgeBase &knowledge() const { return Knowledge; }

  /// Registers Inserter; a check that overrides it calls this one.
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  /// Stores IncludeStyle; a check with options of its own calls this one.
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// The check option Name, a rule option of rule.json, which gives its
  /// default.
  int64_t integerOption(llvm::StringRef Name) const;
  std::string stringOption(llvm::StringRef Name) const;

  const RuleInfo &Rule;
  const knowledge::KnowledgeBase &Knowledge;
  /// Adds the #include a fix-it needs (the runtime shim's headers), in the
  /// IncludeStyle option's order.
  clang::tidy::utils::IncludeInserter Inserter;

private:
  const knowledge::KnowledgeBase &loadKnowledge();
};

/// The name the knowledge base knows a declaration by: "std::mutex",
/// "redisCommand", "sw::redis::Redis::keys" (inline namespaces such as
/// std::__1 and template arguments left out).
std::string knowledgeName(const clang::NamedDecl *D);

/// "::name", and "::alias" for each alias, of every entry of Entries (the
/// callables or the types of KB) for which Has(entry) holds: the names a
/// hasAnyName matcher takes.
template <class EntryMap, class Pred>
std::vector<std::string> matcherNames(const knowledge::KnowledgeBase &KB,
                                      const EntryMap &Entries, Pred Has) {
  std::vector<std::string> Out;
  for (const auto &[Name, E] : Entries)
    if (Has(E)) {
      Out.push_back("::" + Name);
      for (const std::string &A : KB.aliasesOf(Name))
        Out.push_back("::" + A);
    }
  return Out;
}
template <class Pred>
std::vector<std::string> callableNames(const knowledge::KnowledgeBase &KB,
                                       Pred Has) {
  return matcherNames(KB, KB.callables(), Has);
}
template <class Pred>
std::vector<std::string> typeNames(const knowledge::KnowledgeBase &KB,
                                   Pred Has) {
  return matcherNames(KB, KB.types(), Has);
}
/// The names of the callables, or the types, that have trait Trait.
std::vector<std::string> callablesWithTrait(const knowledge::KnowledgeBase &KB,
                                            llvm::StringRef Trait);
std::vector<std::string> typesWithTrait(const knowledge::KnowledgeBase &KB,
                                        llvm::StringRef Trait);

/// hasAnyName over Names, which may be empty (then it matches nothing).
inline clang::ast_matchers::internal::Matcher<clang::NamedDecl>
anyNameOf(const std::vector<std::string> &Names) {
  if (Names.empty())
    return clang::ast_matchers::unless(clang::ast_matchers::anything());
  std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
  return clang::ast_matchers::hasAnyName(Refs);
}

/// The entry of the record (or one of its bases, in the program or in the
/// knowledge base) for which Has holds.
const knowledge::Type *
recordEntry(const knowledge::KnowledgeBase &KB, const clang::CXXRecordDecl *RD,
            llvm::function_ref<bool(const knowledge::Type &)> Has);
inline bool recordHasTrait(const knowledge::KnowledgeBase &KB,
                           const clang::CXXRecordDecl *RD,
                           llvm::StringRef Trait) {
  return recordEntry(
      KB, RD, [&](const knowledge::Type &T) { return T.hasTrait(Trait); });
}

/// The entry of the function a call calls: a free function by its name, a
/// method on the record of the object it is called on (so a method of a base
/// class is found as the derived class's), then on the method's own class.
const knowledge::Callable *calledEntry(const knowledge::KnowledgeBase &KB,
                                       const clang::CallExpr *Call);

} // namespace hazard::cpp

#endif
