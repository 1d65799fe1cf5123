//===- HazardCheck.cpp - Base of the hazard-* clang-tidy checks -----------===//
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include <map>
#include <memory>
#include <mutex>

using namespace clang;

namespace hazard::cpp {

HazardCheck::HazardCheck(llvm::StringRef Name, tidy::ClangTidyContext *Context,
                         RuleId Id)
    : ClangTidyCheck(Name, Context), Rule(RuleRegistry::get().rule(Id)),
      Knowledge(loadKnowledge()),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void HazardCheck::registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                                      Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void HazardCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

/// Name's default in rule.json; an option missing there is a defect of the
/// rule folder, which the rule's tests catch.
static const nlohmann::json &defaultOf(const RuleInfo &Rule,
                                       llvm::StringRef Name) {
  static const nlohmann::json None;
  const RuleOption *O = Rule.option(std::string_view(Name.data(), Name.size()));
  assert(O && "a check option that rule.json does not declare");
  return O ? O->Default : None;
}

int64_t HazardCheck::integerOption(llvm::StringRef Name) const {
  const nlohmann::json &D = defaultOf(Rule, Name);
  return Options.get<int64_t>(Name,
                              D.is_number_integer() ? D.get<int64_t>() : 0);
}

std::string HazardCheck::stringOption(llvm::StringRef Name) const {
  const nlohmann::json &D = defaultOf(Rule, Name);
  return Options.get(Name, D.is_string() ? D.get<std::string>() : "").str();
}

const knowledge::KnowledgeBase &HazardCheck::loadKnowledge() {
  const auto &Builtin = knowledge::KnowledgeBase::builtin(Language::Cpp);
  llvm::StringRef Text = Options.getLocalOrGlobal("HazardKnowledge", "");
  if (Text.trim().empty())
    return Builtin;
  // Every check of every translation unit sees the same text: parse it once.
  struct Parsed {
    std::unique_ptr<knowledge::KnowledgeBase> Base; // null: it did not parse
    std::string Error;
  };
  static std::mutex Lock;
  static std::map<std::string, Parsed, std::less<>> Cache;
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = Cache.find(Text);
  if (It == Cache.end()) {
    Parsed P;
    P.Base = std::make_unique<knowledge::KnowledgeBase>(Builtin);
    if (!P.Base->addToml(Text, "HazardKnowledge", P.Error))
      P.Base.reset();
    It = Cache.emplace(Text.str(), std::move(P)).first;
  }
  if (It->second.Base)
    return *It->second.Base;
  configurationDiag("invalid HazardKnowledge: %0; using the built-in "
                    "knowledge base")
      << It->second.Error;
  return Builtin;
}

std::string knowledgeName(const NamedDecl *D) {
  if (!D)
    return "";
  PrintingPolicy Policy(D->getASTContext().getLangOpts());
  Policy.SuppressInlineNamespace = true;
  Policy.SuppressUnwrittenScope = true;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  D->printQualifiedName(OS, Policy);
  return Out;
}

std::vector<std::string> callablesWithTrait(const knowledge::KnowledgeBase &KB,
                                            llvm::StringRef Trait) {
  return callableNames(
      KB, [&](const knowledge::Callable &C) { return C.hasTrait(Trait); });
}

std::vector<std::string> typesWithTrait(const knowledge::KnowledgeBase &KB,
                                        llvm::StringRef Trait) {
  return typeNames(KB,
                   [&](const knowledge::Type &T) { return T.hasTrait(Trait); });
}

const knowledge::Type *
recordEntry(const knowledge::KnowledgeBase &KB, const CXXRecordDecl *RD,
            llvm::function_ref<bool(const knowledge::Type &)> Has) {
  if (!RD || !RD->getIdentifier())
    return nullptr;
  if (const knowledge::Type *T = KB.nearestType(knowledgeName(RD), Has))
    return T;
  if (const auto *Def = RD->getDefinition())
    for (const CXXBaseSpecifier &B : Def->bases())
      if (const auto *Base = B.getType()->getAsCXXRecordDecl())
        if (const knowledge::Type *T = recordEntry(KB, Base, Has))
          return T;
  return nullptr;
}

/// The record behind an object expression's type (through pointers).
static const CXXRecordDecl *objectRecord(const Expr *Object) {
  QualType T = Object->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  return T.getCanonicalType()->getAsCXXRecordDecl();
}

/// The entry of member Name on RD or, nearest first, on its bases.
static const knowledge::Callable *
memberEntry(const knowledge::KnowledgeBase &KB, const CXXRecordDecl *RD,
            llvm::StringRef Name, int Depth = 0) {
  if (!RD || !RD->getIdentifier() || Depth > 16)
    return nullptr;
  if (const knowledge::Callable *C =
          KB.callable(knowledgeName(RD) + "::" + Name.str()))
    return C;
  if (const auto *Def = RD->getDefinition())
    for (const CXXBaseSpecifier &B : Def->bases())
      if (const knowledge::Callable *C = memberEntry(
              KB, B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
        return C;
  return nullptr;
}

const knowledge::Callable *calledEntry(const knowledge::KnowledgeBase &KB,
                                       const CallExpr *Call) {
  const FunctionDecl *Fn = Call->getDirectCallee();
  if (!Fn || !Fn->getIdentifier())
    return nullptr;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Fn);
      Method && !Method->isStatic()) {
    const Expr *Object = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Object = MC->getImplicitObjectArgument();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
             Op && Op->getNumArgs() > 0)
      Object = Op->getArg(0);
    if (Object)
      if (const knowledge::Callable *C =
              memberEntry(KB, objectRecord(Object), Fn->getName()))
        return C;
    return memberEntry(KB, Method->getParent(), Fn->getName());
  }
  return KB.callable(knowledgeName(Fn));
}

} // namespace hazard::cpp
