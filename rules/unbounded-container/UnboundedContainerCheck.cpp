//===- UnboundedContainerCheck.cpp - hazard-unbounded-container -----------===//
//
// What it does: finds std::map, unordered_map, set, unordered_set, vector,
// deque, list, queue and multimap data members (and namespace-scope statics)
// that code adds to (insert, emplace, push_back, map operator[], ...) while
// no code removes from them (erase, clear, pop_*, extract, swap, assignment,
// resize, or handing them out by non-const reference).
// Why is this bad: the container lives as long as its owner, often the
// process, and grows with every request until memory runs out.
// Example: std::unordered_map<std::string, Session> sessions_; filled by
// login() and never erased.
// Use instead: hazard::BoundedMap<K, V> sessions_{N}; (LRU eviction), or
// erase entries when they are done.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Core/RunState.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

/// Finds std containers owned by a class or a namespace-scope static that
/// code adds to while nothing removes from them. The verdict needs every
/// member function: the CLI records facts from all translation units of the
/// run and reports from a run finisher; under clang-tidy (one TU per
/// process) the check reports only classes whose members are all defined in
/// the TU at hand.
class UnboundedContainerCheck : public HazardCheck {
public:
  UnboundedContainerCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  /// A place in a file, kept as text so that facts outlive the TU.
  struct Site {
    std::string Path; // absolute
    unsigned Begin = 0, End = 0, Line = 0, Column = 0;
    std::string LineText;
    bool InMainFile = false;
  };
  struct Edit {
    unsigned Begin = 0, End = 0;
    std::string Text;
  };
  /// What the run knows of one container (a member or a static).
  struct Container {
    // What kind of container it is (member, static), and its name.
    MessageId Says = message::UnboundedContainer::CppMember;
    std::string Shown;
    std::string Owner; // the class whose methods must all be seen
    std::optional<Site> Decl, FirstAdd;
    std::string AddMethod;
    bool Removed = false;
    bool FixCompatible = true;
    std::vector<Edit> Fix; // in Decl's file; empty when not mechanical
  };
  struct Facts {
    std::map<std::string, Container> Containers;
    std::map<std::string, std::set<std::string>> Declared, Defined; // by class
  };

private:
  void noteClass(const clang::CXXRecordDecl *RD);
  std::vector<Edit> fixFor(const clang::FieldDecl *FD,
                           const clang::SourceManager &SM);

  const int64_t MaxSize;
  Facts TU;
  std::map<std::string, clang::SourceLocation> DeclLocs, AddLocs;
  std::map<std::string, const clang::FieldDecl *> Fields;
  std::set<const clang::CXXRecordDecl *> SeenClasses;
  const clang::SourceManager *SM = nullptr;
  const clang::LangOptions *LO = nullptr;
};

using Check = UnboundedContainerCheck;

UnboundedContainerCheck::UnboundedContainerCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::UnboundedContainer),
      MaxSize(integerOption("max-size")) {}

void UnboundedContainerCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  HazardCheck::storeOptions(Opts);
  Options.store(Opts, "max-size", MaxSize);
}

void UnboundedContainerCheck::registerMatchers(MatchFinder *Finder) {
  auto Container = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(
          anyNameOf(typeNames(Knowledge, [](const knowledge::Type &T) {
            return T.Container.has_value();
          })))))));
  // Members of class templates are skipped: their uses are dependent.
  auto Tracked =
      anyOf(fieldDecl(hasType(Container),
                      hasParent(cxxRecordDecl(unless(isTemplateInstantiation()),
                                              unless(isInStdNamespace())))),
            varDecl(hasType(Container), hasGlobalStorage(),
                    unless(isStaticLocal()), unless(isInStdNamespace())));
  Finder->addMatcher(
      fieldDecl(unless(isExpansionInSystemHeader()), Tracked).bind("field"),
      this);
  Finder->addMatcher(
      varDecl(unless(isExpansionInSystemHeader()), Tracked).bind("var"), this);
  Finder->addMatcher(memberExpr(unless(isExpansionInSystemHeader()),
                                member(fieldDecl(Tracked).bind("d")))
                         .bind("use"),
                     this);
  Finder->addMatcher(declRefExpr(unless(isExpansionInSystemHeader()),
                                 to(varDecl(Tracked).bind("d")))
                         .bind("use"),
                     this);
}

/// Files are compared by absolute path across TUs.
static std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Out(Path);
  llvm::sys::fs::make_absolute(Out);
  llvm::sys::path::remove_dots(Out, true);
  return std::string(Out);
}

static Check::Site siteOf(SourceRange R, const SourceManager &SM,
                          const LangOptions &LO) {
  Check::Site S;
  SourceLocation B = SM.getExpansionLoc(R.getBegin());
  SourceLocation E =
      Lexer::getLocForEndOfToken(SM.getExpansionLoc(R.getEnd()), 0, SM, LO);
  S.Path = absolute(SM.getFilename(B));
  S.Begin = SM.getFileOffset(B);
  S.End = E.isValid() && SM.getFileID(E) == SM.getFileID(B)
              ? SM.getFileOffset(E)
              : S.Begin;
  S.Line = SM.getExpansionLineNumber(B);
  S.Column = SM.getExpansionColumnNumber(B);
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(B));
  size_t LineStart = S.Begin - (S.Column - 1);
  S.LineText = Buffer.substr(LineStart).split('\n').first.rtrim("\r").str();
  S.InMainFile = SM.isInMainFile(B);
  return S;
}

/// The run-wide name of a declaration; internal ones are qualified by file.
static std::string keyOf(const NamedDecl *D, const SourceManager &SM) {
  std::string Name = D->getQualifiedNameAsString();
  if (!D->isExternallyVisible())
    Name = absolute(SM.getFilename(SM.getExpansionLoc(D->getLocation()))) +
           ":" + Name;
  return Name;
}

static std::string methodKey(const CXXMethodDecl *M) {
  return M->getQualifiedNameAsString() + M->getType().getAsString();
}

/// Records which methods RD declares and which this TU defines.
void UnboundedContainerCheck::noteClass(const CXXRecordDecl *RD) {
  if (!SeenClasses.insert(RD).second)
    return;
  std::string Key = keyOf(RD, *SM);
  auto &Declared = TU.Declared[Key];
  auto &Defined = TU.Defined[Key];
  for (const CXXMethodDecl *M : RD->methods()) {
    if (M->isImplicit() || M->isDefaulted() || M->isDeleted() ||
        M->isPureVirtual())
      continue;
    Declared.insert(methodKey(M));
    if (M->isDefined())
      Defined.insert(methodKey(M));
  }
}

/// The knowledge-base entry of a container type (or of one of its bases).
static const knowledge::Type *containerEntry(const knowledge::KnowledgeBase &KB,
                                             QualType T) {
  return recordEntry(KB, recordOf(T), [](const knowledge::Type &E) {
    return E.Container.has_value();
  });
}

/// The type a container's bounded form declares ("hazard::BoundedMap").
static std::string boundedTypeOf(const knowledge::Type &E) {
  return E.BoundedForm.substr(0, E.BoundedForm.find('<'));
}

void UnboundedContainerCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  SM = Result.SourceManager;
  LO = &Ctx.getLangOpts();

  if (const auto *FD = Result.Nodes.getNodeAs<FieldDecl>("field")) {
    std::string Key = keyOf(FD, *SM);
    Container &C = TU.Containers[Key];
    C.Says = message::UnboundedContainer::CppMember;
    C.Shown = FD->getParent()->getNameAsString() + "::" + FD->getNameAsString();
    C.Owner = keyOf(FD->getParent(), *SM);
    C.Decl = siteOf(SourceRange(FD->getLocation()), *SM, *LO);
    DeclLocs[Key] = FD->getLocation();
    Fields[Key] = FD;
    noteClass(cast<CXXRecordDecl>(FD->getParent()));
    return;
  }
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("var")) {
    // Namespace-scope: only internal linkage, whose every use is in this TU.
    bool Member = VD->isStaticDataMember();
    if (!Member && VD->isExternallyVisible())
      return;
    std::string Key = keyOf(VD, *SM);
    Container &C = TU.Containers[Key];
    C.Says = Member ? message::UnboundedContainer::CppStaticMember
                    : message::UnboundedContainer::CppStatic;
    C.Shown = VD->getQualifiedNameAsString();
    if (Member) {
      const auto *RD = cast<CXXRecordDecl>(VD->getDeclContext());
      C.Owner = keyOf(RD, *SM);
      noteClass(RD);
    }
    if (!C.Decl || VD->isThisDeclarationADefinition() == VarDecl::Definition)
      C.Decl = siteOf(SourceRange(VD->getLocation()), *SM, *LO);
    DeclLocs[Key] = VD->getLocation();
    C.FixCompatible = false; // the fix rewrites members only
    return;
  }

  const auto *Use = Result.Nodes.getNodeAs<Expr>("use");
  const auto *D = Result.Nodes.getNodeAs<ValueDecl>("d");
  if (const auto *VD = dyn_cast<VarDecl>(D);
      VD && !VD->isStaticDataMember() && VD->isExternallyVisible())
    return;
  // Filling in a constructor is bounded; emptying in a destructor bounds
  // nothing.
  const FunctionDecl *Fn = enclosingFunction(Use, Ctx);
  if (isa_and_nonnull<CXXConstructorDecl, CXXDestructorDecl>(Fn))
    return;
  std::string Key = keyOf(D, *SM);
  Container &C = TU.Containers[Key];
  if (const auto *FD = dyn_cast<FieldDecl>(D))
    noteClass(cast<CXXRecordDecl>(FD->getParent()));

  // Walk up to what the use is for.
  DynTypedNode Node = DynTypedNode::create(*Use);
  DynTypedNodeList Parents = Ctx.getParents(Node);
  while (Parents.size() == 1 &&
         (Parents[0].get<ImplicitCastExpr>() || Parents[0].get<ParenExpr>())) {
    Node = Parents[0];
    Parents = Ctx.getParents(Node);
  }
  if (Parents.size() != 1) {
    C.FixCompatible = false;
    return;
  }
  const DynTypedNode &P = Parents[0];
  const Expr *Self = Node.get<Expr>();
  auto Added = [&](const Expr *Site, llvm::StringRef Method) {
    Check::Site S = siteOf(Site->getSourceRange(), *SM, *LO);
    if (!C.FirstAdd || std::tie(S.Path, S.Begin) <
                           std::tie(C.FirstAdd->Path, C.FirstAdd->Begin)) {
      C.FirstAdd = S;
      C.AddMethod = Method.str();
      AddLocs[Key] = Site->getBeginLoc();
    }
  };

  if (const auto *Member = P.get<MemberExpr>()) {
    auto Up = Ctx.getParents(*Member);
    const auto *Call =
        Up.size() == 1 ? Up[0].get<CXXMemberCallExpr>() : nullptr;
    const auto *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier()) {
      C.FixCompatible = false;
      return;
    }
    std::string Name = Method->getName().str();
    const knowledge::Type *Entry = containerEntry(Knowledge, D->getType());
    if (Entry && llvm::is_contained(Entry->Adds, Name))
      Added(Call, Name);
    else if (Entry && llvm::is_contained(Entry->Removes, Name))
      C.Removed = true;
    const knowledge::Type *Bounded =
        Entry ? Knowledge.type(boundedTypeOf(*Entry)) : nullptr;
    if (!Bounded || !llvm::is_contained(Bounded->Provides, Name))
      C.FixCompatible = false;
    return;
  }
  if (const auto *Op = P.get<CXXOperatorCallExpr>()) {
    bool Object =
        Op->getNumArgs() > 0 &&
        Op->getArg(0)->IgnoreParenImpCasts() == Self->IgnoreParenImpCasts();
    if (Object && Op->getOperator() == OO_Subscript &&
        recordHasTrait(Knowledge, recordOf(D->getType()), "subscript-adds"))
      Added(Op, "operator[]");
    else if (Object && Op->isAssignmentOp())
      C.Removed = true, C.FixCompatible = false;
    else
      C.FixCompatible = false;
    return;
  }
  C.FixCompatible = false;
  // Handed out for modification: someone else may remove from it.
  auto Modifiable = [](QualType T) {
    return T->isReferenceType() &&
           (T->isRValueReferenceType() ||
            !T.getNonReferenceType().isConstQualified());
  };
  if (const auto *Call = P.get<CallExpr>()) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() ==
              Self->IgnoreParenImpCasts() &&
          (!Callee || I >= Callee->getNumParams() ||
           Modifiable(Callee->getParamDecl(I)->getType())))
        C.Removed = true;
    return;
  }
  if (const auto *Construct = P.get<CXXConstructExpr>()) {
    // Moved from (e.g. `auto batch = std::move(queue_)` after the cast).
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      if (Ctor->isMoveConstructor())
        C.Removed = true;
    return;
  }
  if (const auto *Unary = P.get<UnaryOperator>()) {
    if (Unary->getOpcode() == UO_AddrOf)
      C.Removed = true;
    return;
  }
  if (const auto *Var = P.get<VarDecl>()) {
    // A range-for's hidden __range binds by reference only to read.
    if (!Var->isImplicit() && Modifiable(Var->getType()))
      C.Removed = true;
    return;
  }
  if (P.get<ReturnStmt>() && Fn && Modifiable(Fn->getReturnType()))
    C.Removed = true;
}

/// `std::unordered_map<K, V> m_;` → `hazard::BoundedMap<K, V> m_{N};`, when
/// the type is spelled that way and nothing else initialises the member.
std::vector<Check::Edit>
UnboundedContainerCheck::fixFor(const FieldDecl *FD, const SourceManager &SM) {
  const auto *R = FD->getType()->getAsCXXRecordDecl();
  if (!R || FD->hasInClassInitializer() || !isRewritable(FD->getSourceRange()))
    return {};
  const knowledge::Type *Entry = Knowledge.type(knowledgeName(R));
  if (!Entry || Entry->BoundedForm.empty())
    return {};
  TypeLoc TL = FD->getTypeSourceInfo()->getTypeLoc();
  llvm::StringRef Type = sourceText(TL.getSourceRange(), FD->getASTContext());
  std::string Prefix = Entry->Name + "<";
  if (!Type.starts_with(Prefix) || !Type.ends_with(">"))
    return {};
  // Arguments the bounded type has no counterpart for (allocators).
  if (const auto *S = FD->getType()->getAs<TemplateSpecializationType>())
    if (Entry->BoundedFormArguments &&
        S->template_arguments().size() > Entry->BoundedFormArguments)
      return {};
  for (const CXXConstructorDecl *Ctor :
       cast<CXXRecordDecl>(FD->getParent())->ctors())
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getMember() == FD)
        return {};
  // One declarator per declaration.
  SourceLocation NameEnd = Lexer::getLocForEndOfToken(
      FD->getLocation(), 0, SM, FD->getASTContext().getLangOpts());
  auto Next = Lexer::findNextToken(FD->getLocation(), SM,
                                   FD->getASTContext().getLangOpts());
  if (!Next || !Next->is(tok::semi))
    return {};
  std::string NewType = Entry->BoundedForm;
  llvm::StringRef Args = Type.drop_front(Prefix.size()).drop_back();
  if (size_t At = NewType.find("{args}"); At != std::string::npos)
    NewType.replace(At, 6, Args.str());
  SourceLocation TypeBegin = TL.getSourceRange().getBegin();
  unsigned B = SM.getFileOffset(TypeBegin);
  return {{B, B + unsigned(Type.size()), NewType},
          {SM.getFileOffset(NameEnd), SM.getFileOffset(NameEnd),
           "{" + std::to_string(MaxSize) + "}"}};
}

void UnboundedContainerCheck::onEndOfTranslationUnit() {
  if (!SM)
    return;
  // Fix-its, while the AST is alive; the include goes with the first edit.
  for (auto &[Key, C] : TU.Containers) {
    auto F = Fields.find(Key);
    if (F == Fields.end() || !C.FixCompatible || !C.Decl || !C.Decl->InMainFile)
      continue;
    C.Fix = fixFor(F->second, *SM);
    if (C.Fix.empty())
      continue;
    const knowledge::Type *Entry = Knowledge.type(
        knowledgeName(F->second->getType()->getAsCXXRecordDecl()));
    if (!Entry || Entry->BoundedFormInclude.empty())
      continue;
    if (auto Include = Inserter.createIncludeInsertion(
            SM->getMainFileID(), Entry->BoundedFormInclude)) {
      unsigned At = SM->getFileOffset(Include->RemoveRange.getBegin());
      C.Fix.push_back({At, At, Include->CodeToInsert});
    }
  }

  if (RunContext *Run = currentRunContext()) {
    // The CLI: merge into the run; the finisher judges with every TU seen.
    Run->UsedRun = true;
    Run->Run->update<Facts>([&](Facts &All) {
      for (auto &[Key, C] : TU.Containers) {
        Container &Into = All.Containers[Key];
        if (Into.Shown.empty())
          Into.Says = C.Says, Into.Shown = C.Shown, Into.Owner = C.Owner;
        if (C.Decl &&
            (!Into.Decl || (C.Decl->InMainFile && !Into.Decl->InMainFile)))
          Into.Decl = C.Decl;
        if (!C.Fix.empty())
          Into.Fix = C.Fix;
        if (C.FirstAdd &&
            (!Into.FirstAdd ||
             std::tie(C.FirstAdd->Path, C.FirstAdd->Begin) <
                 std::tie(Into.FirstAdd->Path, Into.FirstAdd->Begin)))
          Into.FirstAdd = C.FirstAdd, Into.AddMethod = C.AddMethod;
        Into.Removed |= C.Removed;
        Into.FixCompatible &= C.FixCompatible;
      }
      for (auto &[Class, Methods] : TU.Declared)
        All.Declared[Class].insert(Methods.begin(), Methods.end());
      for (auto &[Class, Methods] : TU.Defined)
        All.Defined[Class].insert(Methods.begin(), Methods.end());
    });
    return;
  }

  // clang-tidy: this TU is all there is.
  for (auto &[Key, C] : TU.Containers) {
    if (!C.FirstAdd || C.Removed || !C.Decl)
      continue;
    if (!C.Owner.empty()) {
      const auto &Declared = TU.Declared[C.Owner];
      const auto &Defined = TU.Defined[C.Owner];
      if (!std::includes(Defined.begin(), Defined.end(), Declared.begin(),
                         Declared.end()))
        continue;
    }
    bool AtDecl = C.Decl->InMainFile;
    if (!AtDecl && !C.FirstAdd->InMainFile)
      continue;
    SourceLocation Loc = AtDecl ? DeclLocs[Key] : AddLocs[Key];
    diag(Loc, Rule.message(C.Says)) << C.Shown << C.AddMethod;
    if (AtDecl)
      diag(AddLocs[Key], "added to here", DiagnosticIDs::Note);
    if (C.Fix.empty())
      continue;
    FileID Main = SM->getMainFileID();
    auto N = diag(DeclLocs[Key], "unsafe fix: evict beyond %0 entries",
                  DiagnosticIDs::Note)
             << std::to_string(MaxSize);
    for (const Edit &E : C.Fix)
      N << FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(SM->getComposedLoc(Main, E.Begin),
                                        SM->getComposedLoc(Main, E.End)),
          E.Text);
  }
  TU = Facts();
  DeclLocs.clear();
  AddLocs.clear();
  Fields.clear();
  SeenClasses.clear();
}

/// The CLI's verdict over all translation units of the run.
static void reportUnboundedContainers(RunState &State, RunSink &Sink) {
  auto &All = State.get<Check::Facts>();
  const RuleInfo &Rule = RuleRegistry::get().rule(RuleId::UnboundedContainer);
  for (auto &[Key, C] : All.Containers) {
    if (!C.FirstAdd || C.Removed || !C.Decl)
      continue;
    if (!C.Owner.empty()) {
      const auto &Declared = All.Declared[C.Owner];
      const auto &Defined = All.Defined[C.Owner];
      if (!std::includes(Defined.begin(), Defined.end(), Declared.begin(),
                         Declared.end()))
        continue;
    }
    bool AtDecl = Sink.contains(C.Decl->Path);
    const Check::Site &Here = AtDecl ? *C.Decl : *C.FirstAdd;
    Finding F;
    F.RuleId = Rule.Id;
    F.Message = Rule.formatMessage(C.Says, {C.Shown, C.AddMethod});
    F.Path = Here.Path;
    F.Range.Begin = Here.Begin;
    F.Range.End = Here.End;
    if (AtDecl) {
      RelatedLocation R;
      R.Path = C.FirstAdd->Path;
      R.Range.Begin = C.FirstAdd->Begin;
      R.Range.End = C.FirstAdd->End;
      R.Range.BeginPos = {C.FirstAdd->Line, C.FirstAdd->Column,
                          C.FirstAdd->Column};
      R.Range.EndPos = R.Range.BeginPos;
      R.LineText = C.FirstAdd->LineText;
      R.Message = "added to here";
      F.Related.push_back(std::move(R));
      if (!C.Fix.empty() && C.FixCompatible) {
        F.FixIt.emplace();
        F.FixIt->Safe = false;
        F.FixIt->Description = "Apply the fix-it of hazard-unbounded-container";
        for (const Check::Edit &E : C.Fix) {
          TextEdit T;
          T.Range.Begin = E.Begin;
          T.Range.End = E.End;
          T.NewText = E.Text;
          F.FixIt->Edits.push_back(std::move(T));
        }
        std::sort(F.FixIt->Edits.begin(), F.FixIt->Edits.end(),
                  [](const TextEdit &A, const TextEdit &B) {
                    return A.Range.Begin < B.Range.Begin;
                  });
      }
    }
    Sink.add(std::move(F));
  }
  All = Check::Facts();
}

HAZARD_RUN_FINISHER(reportUnboundedContainers);
HAZARD_TIDY_CHECK(UnboundedContainer, UnboundedContainerCheck);

} // namespace hazard::cpp
