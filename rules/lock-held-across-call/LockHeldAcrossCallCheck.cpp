//===- LockHeldAcrossCallCheck.cpp - hazard-lock-held-across-call ---------===//
//
// What it does: walks each function body in statement order, tracking the
// mutexes held by lock_guard / unique_lock / scoped_lock / shared_lock
// declarations (to the end of their block, or lk.unlock()) and by
// m.lock() ... m.unlock() in one block, and reports what runs under them:
// blocking calls (I/O, sleep, join, future::get, hiredis, curl), callbacks
// (std::function, function pointers, virtual calls), a condition wait on
// another mutex, co_await, and taking the same mutex of another object.
// Nested acquisitions of two named mutexes are recorded as order edges; a
// pair taken in both orders is an inversion.
// Why is this bad: every thread that needs the mutex waits for the slowest
// dependency; callbacks may take other locks; opposite orders deadlock.
// Example: `std::lock_guard g(mu_); ::write(fd_, buf, n);`
// Use instead: copy under the lock, release it, then write.
//
//===----------------------------------------------------------------------===//
#include "Core/LockOrder.h"
#include "Core/Rule.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "LockOrder.h"
#include "RuleMessages.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <map>
#include <string>
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

/// Finds mutexes held (lock_guard, unique_lock, scoped_lock, shared_lock, or
/// lock()...unlock() in one block) across blocking calls, callbacks, waits on
/// another mutex and co_await, and lock-order inversions: across the run in
/// the CLI, within the translation unit in the plugin.
class LockHeldAcrossCallCheck : public HazardCheck {
public:
  LockHeldAcrossCallCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  void recordOrder(const std::string &Held, const std::string &Taken,
                   clang::SourceRange Site, const clang::SourceManager &SM);
  bool isExtraBlocking(llvm::StringRef QualifiedName) const;

private:
  std::string BlockingFunctions; // option blocking-functions
  std::vector<std::string> ExtraBlocking;
  /// The lock order of this translation unit, for the plugin; offsets count
  /// from LocalFileStart.
  lockorder::Graph LocalOrder;
  clang::SourceLocation LocalFileStart;
};

LockHeldAcrossCallCheck::LockHeldAcrossCallCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::LockHeldAcrossCall),
      BlockingFunctions(stringOption("blocking-functions")) {
  llvm::SmallVector<llvm::StringRef> Names;
  llvm::StringRef(BlockingFunctions).split(Names, ',', -1, false);
  for (llvm::StringRef N : Names)
    if (!(N = N.trim().ltrim(':')).empty())
      ExtraBlocking.push_back(N.str());
}

void LockHeldAcrossCallCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  HazardCheck::storeOptions(Opts);
  Options.store(Opts, "blocking-functions", BlockingFunctions);
}

bool LockHeldAcrossCallCheck::isExtraBlocking(llvm::StringRef Name) const {
  return llvm::is_contained(ExtraBlocking, Name);
}

void LockHeldAcrossCallCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), unless(isInstantiated()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("fn"),
                     this);
  // A lambda's body runs later, maybe elsewhere: nothing is held when it
  // starts.
  Finder->addMatcher(lambdaExpr(unless(isInTemplateInstantiation()),
                                unless(isExpansionInSystemHeader()))
                         .bind("lambda"),
                     this);
}

namespace {

/// A mutex expression: its run-wide name if it has one (a data member or a
/// variable with static storage), and its identity within the function.
struct MutexRef {
  std::string Name;    // "ns::Class::mu_", "ns::g_mu"; empty for locals
  std::string Key;     // Name plus the object it belongs to
  std::string Display; // for messages
  std::string Object;  // the object text of a data member ("this", "to")
  SourceRange Range;
};

struct Held {
  MutexRef Mutex;
  const VarDecl *LockVar; // the RAII lock holding it; null for m.lock()
  bool Active = true;
};

std::string sourceText(SourceRange R, const ASTContext &Ctx) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                              Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

bool inStd(const Decl *D) { return D && D->isInStdNamespace(); }

using knowledge::KnowledgeBase;

/// A mutex: a type the knowledge base calls a lock.
bool isMutexType(const KnowledgeBase &KB, QualType T) {
  return recordEntry(KB, recordOf(T),
                     [](const knowledge::Type &E) { return !E.Lock.empty(); });
}

bool isFileStream(const KnowledgeBase &KB, QualType T) {
  return recordHasTrait(KB, recordOf(T), "file-stream");
}

MutexRef mutexOf(const Expr *E, const ASTContext &Ctx) {
  MutexRef M;
  M.Range = E->getSourceRange();
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  M.Display = sourceText(E->getSourceRange(), Ctx);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *D = ME->getMemberDecl();
    M.Name = D->getQualifiedNameAsString();
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    M.Object = isa<CXXThisExpr>(Base) ? "this"
                                      : sourceText(Base->getSourceRange(), Ctx);
    if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isStaticDataMember())
      M.Object.clear();
    M.Key = M.Name + "@" + M.Object;
    M.Display = M.Name;
    return M;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasGlobalStorage()) {
      M.Name = VD->getQualifiedNameAsString();
      M.Key = M.Name;
      M.Display = M.Name;
      return M;
    }
    M.Key =
        "decl:" + std::to_string(reinterpret_cast<uintptr_t>(DRE->getDecl()));
    return M;
  }
  M.Key = "expr:" + M.Display;
  return M;
}

/// The mutexes a lock declaration holds from its declaration on; empty for
/// defer_lock, try_to_lock and timed tries. Adopt is set for adopt_lock:
/// the mutex was taken before (by std::lock or lock()).
bool lockDeclaration(const KnowledgeBase &KB, const VarDecl *VD,
                     std::vector<const Expr *> &Mutexes, bool &Adopt) {
  const CXXRecordDecl *RD =
      VD->getType().getCanonicalType()->getAsCXXRecordDecl();
  if (!recordHasTrait(KB, RD, "lock-guard") || !VD->getInit())
    return false;
  const Expr *Init = VD->getInit()->IgnoreImplicit();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init))
    Init = Cast->getSubExpr()->IgnoreImplicit();
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
  if (!Construct)
    return false;
  Adopt = false;
  for (const Expr *Arg : Construct->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    const CXXRecordDecl *ArgType = recordOf(Arg->getType());
    if (recordHasTrait(KB, ArgType, "guard-may-not-lock"))
      return false;
    if (recordHasTrait(KB, ArgType, "adopts-lock")) {
      Adopt = true;
      continue;
    }
    // Moving another lock in: nothing new is taken.
    if (recordHasTrait(KB, ArgType, "movable-lock"))
      return false;
    Mutexes.push_back(Arg);
  }
  return !Mutexes.empty();
}

const Expr *stripStatement(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return nullptr;
  return E->IgnoreImplicit()->IgnoreParens();
}

/// Whether Call locks (Lock true) or unlocks a mutex, as the knowledge base
/// says (`acquires-lock`, `releases-lock`).
bool locksOrUnlocks(const KnowledgeBase &KB, const CallExpr *Call, bool &Lock) {
  // Every call statement is asked: look up only a name that some lock
  // method or function of the knowledge base has.
  const FunctionDecl *Fn = Call->getDirectCallee();
  if (!Fn || !Fn->getIdentifier() ||
      (!KB.memberHasTrait(Fn->getName(), "acquires-lock") &&
       !KB.memberHasTrait(Fn->getName(), "releases-lock")))
    return false;
  const knowledge::Callable *Entry = calledEntry(KB, Call);
  if (!Entry ||
      (!Entry->hasTrait("acquires-lock") && !Entry->hasTrait("releases-lock")))
    return false;
  Lock = Entry->hasTrait("acquires-lock");
  return true;
}

/// `m.lock()` / `m.unlock_shared()` on a mutex, or pthread_mutex_(un)lock(&m):
/// the mutex expression, with Lock telling which.
const Expr *mutexCall(const KnowledgeBase &KB, const Stmt *S, bool &Lock) {
  const auto *C = dyn_cast_or_null<CallExpr>(stripStatement(S));
  if (!C || !locksOrUnlocks(KB, C, Lock))
    return nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
    return isMutexType(KB, MC->getImplicitObjectArgument()->getType())
               ? MC->getImplicitObjectArgument()
               : nullptr;
  return C->getNumArgs() == 1 ? C->getArg(0) : nullptr;
}

/// `lk.lock()` / `lk.unlock()` on a unique_lock or shared_lock variable.
const VarDecl *lockVarCall(const KnowledgeBase &KB, const Stmt *S, bool &Lock) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(stripStatement(S));
  if (!MC || !locksOrUnlocks(KB, MC, Lock))
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(
      MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
  const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!VD || !recordHasTrait(KB, recordOf(VD->getType()), "movable-lock"))
    return nullptr;
  return VD;
}

/// Walks one function body in statement order.
class Walker {
public:
  Walker(LockHeldAcrossCallCheck &Check, const ASTContext &Ctx)
      : Check(Check), KB(Check.knowledge()), Ctx(Ctx),
        SM(Ctx.getSourceManager()) {}

  void visit(const Stmt *S) {
    if (!S || isa<LambdaExpr, BlockExpr, CXXDefaultArgExpr>(S))
      return;
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return walkBlock(CS);
    if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
      return visit(Coro->getBody());
    if (innermost())
      classify(S);
    for (const Stmt *Child : S->children())
      visit(Child);
  }

private:
  LockHeldAcrossCallCheck &Check;
  const KnowledgeBase &KB;
  const ASTContext &Ctx;
  const SourceManager &SM;
  std::vector<Held> Stack;

  const Held *innermost(const VarDecl *ExceptVar = nullptr,
                        const std::string *ExceptKey = nullptr) const {
    for (auto It = Stack.rbegin(); It != Stack.rend(); ++It)
      if (It->Active && !(ExceptVar && It->LockVar == ExceptVar) &&
          !(ExceptKey && It->Mutex.Key == *ExceptKey))
        return &*It;
    return nullptr;
  }

  void walkBlock(const CompoundStmt *CS) {
    size_t Mark = Stack.size();
    for (auto It = CS->body_begin(), End = CS->body_end(); It != End; ++It) {
      const Stmt *S = *It;
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls()) {
          const auto *VD = dyn_cast<VarDecl>(D);
          std::vector<const Expr *> Mutexes;
          bool Adopt = false;
          if (VD && lockDeclaration(KB, VD, Mutexes, Adopt)) {
            std::vector<MutexRef> Refs;
            for (const Expr *M : Mutexes)
              Refs.push_back(mutexOf(M, Ctx));
            acquire(Refs, VD, Adopt);
          } else if (VD) {
            visit(VD->getInit());
          }
        }
        continue;
      }
      bool Lock = false;
      if (const Expr *M = mutexCall(KB, S, Lock)) {
        MutexRef Ref = mutexOf(M, Ctx);
        if (Lock && unlockedLater(It, End, Ref.Key))
          acquire({Ref}, nullptr, false);
        else if (!Lock)
          for (auto H = Stack.rbegin(); H != Stack.rend(); ++H)
            if (!H->LockVar && H->Active && H->Mutex.Key == Ref.Key) {
              H->Active = false;
              break;
            }
        continue;
      }
      if (const VarDecl *LockVar = lockVarCall(KB, S, Lock)) {
        for (Held &H : Stack)
          if (H.LockVar == LockVar)
            H.Active = Lock;
        continue;
      }
      visit(S);
    }
    Stack.resize(Mark);
  }

  bool unlockedLater(CompoundStmt::const_body_iterator It,
                     CompoundStmt::const_body_iterator End,
                     const std::string &Key) {
    for (++It; It != End; ++It) {
      bool Lock = true;
      if (const Expr *M = mutexCall(KB, *It, Lock);
          M && !Lock && mutexOf(M, Ctx).Key == Key)
        return true;
    }
    return false;
  }

  void acquire(const std::vector<MutexRef> &Taken, const VarDecl *LockVar,
               bool Adopt) {
    for (const MutexRef &T : Taken) {
      // adopt_lock: taken earlier, by std::lock or lock(), which we saw.
      if (!Adopt)
        for (const Held &H : Stack) {
          if (!H.Active || H.Mutex.Key == T.Key)
            continue;
          if (!H.Mutex.Name.empty() && H.Mutex.Name == T.Name) {
            report(T.Range.getBegin(), H,
                   message::LockHeldAcrossCall::MutexOfAnotherObject,
                   {T.Name, T.Object});
            continue;
          }
          if (!H.Mutex.Name.empty() && !T.Name.empty())
            Check.recordOrder(H.Mutex.Name, T.Name, T.Range, SM);
        }
    }
    for (const MutexRef &T : Taken)
      Stack.push_back({T, LockVar, true});
  }

  /// Reports variant Id: %0 is H's mutex, Args the rest.
  void report(SourceLocation Loc, const Held &H, MessageId Id,
              std::initializer_list<std::string> Args) {
    auto D = Check.diag(Loc, Check.rule().message(Id));
    D << ("mutex '" + H.Mutex.Display + "'");
    for (const std::string &A : Args)
      D << A;
  }

  std::string calleeText(const Expr *E) {
    return sourceText(E->IgnoreParenImpCasts()->getSourceRange(), Ctx);
  }

  void classify(const Stmt *S) {
    if (isa<CoawaitExpr, CoyieldExpr>(S)) {
      report(S->getBeginLoc(), *innermost(),
             message::LockHeldAcrossCall::CoroutineSuspension,
             {isa<CoawaitExpr>(S) ? "co_await" : "co_yield"});
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || Call->isTypeDependent())
      return;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
      OverloadedOperatorKind K = Op->getOperator();
      if (K == OO_Call && Op->getNumArgs() > 0 &&
          recordHasTrait(KB, recordOf(Op->getArg(0)->getType()), "callback")) {
        report(Call->getBeginLoc(), *innermost(),
               message::LockHeldAcrossCall::Callback,
               {calleeText(Op->getArg(0))});
      } else if ((K == OO_LessLess || K == OO_GreaterGreater) &&
                 Op->getNumArgs() == 2 &&
                 isFileStream(KB, Op->getArg(0)->IgnoreImpCasts()->getType())) {
        report(Call->getBeginLoc(), *innermost(),
               message::LockHeldAcrossCall::FileIo,
               {calleeText(Op->getArg(0))});
      }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      classifyMember(MC);
      return;
    }
    const FunctionDecl *F = Call->getDirectCallee();
    if (!F) {
      // A call through a function pointer held in a variable or member.
      const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(Callee);
          U && U->getOpcode() == UO_Deref)
        Callee = U->getSubExpr()->IgnoreParenImpCasts();
      if (isa<DeclRefExpr, MemberExpr>(Callee) &&
          Callee->getType()->isFunctionPointerType())
        report(Call->getBeginLoc(), *innermost(),
               message::LockHeldAcrossCall::FunctionPointerCall,
               {calleeText(Callee)});
      return;
    }
    if (!F->getIdentifier())
      return;
    const knowledge::Callable *Entry = calledEntry(KB, Call);
    if (Entry && Entry->Releases) {
      // A wait that releases the mutex it is given, and only that one.
      if (const Expr *Arg = argument(Call, *Entry->Releases)) {
        std::string Key = mutexOf(Arg, Ctx).Key;
        if (const Held *H = innermost(nullptr, &Key))
          report(Call->getBeginLoc(), *H,
                 message::LockHeldAcrossCall::WaitOnAnotherMutex,
                 {knowledgeName(F), calleeText(Arg)});
      }
      return;
    }
    if (auto Blocking = blockingCall(KB, Call))
      report(Call->getBeginLoc(), *innermost(),
             message::LockHeldAcrossCall::MutexBlockingCall, {Blocking->Name});
    else if (Check.isExtraBlocking(F->getQualifiedNameAsString()))
      report(Call->getBeginLoc(), *innermost(),
             message::LockHeldAcrossCall::MutexBlockingCall,
             {F->getQualifiedNameAsString()});
  }

  /// The argument a parameter of the knowledge base names, if given.
  static const Expr *argument(const CallExpr *Call,
                              const knowledge::Parameter &P) {
    if (P.Position < 0 ||
        static_cast<unsigned>(P.Position) >= Call->getNumArgs())
      return nullptr;
    return Call->getArg(P.Position);
  }

  void classifyMember(const CXXMemberCallExpr *MC) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!M) {
      // (obj.*pmf)(...)
      report(MC->getBeginLoc(), *innermost(),
             message::LockHeldAcrossCall::MemberFunctionPointerCall,
             {calleeText(MC->getCallee())});
      return;
    }
    if (!M->getIdentifier() || !Object)
      return;
    std::string Qualified = M->getQualifiedNameAsString();
    const knowledge::Callable *Entry = calledEntry(KB, MC);
    if (Entry && Entry->Releases) {
      // Waiting releases the lock passed to it, and only that one.
      const Expr *LockArg = argument(MC, *Entry->Releases);
      if (!LockArg)
        return;
      LockArg = LockArg->IgnoreParenImpCasts();
      const auto *Ref = dyn_cast<DeclRefExpr>(LockArg);
      const auto *LockVar = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      std::string Key;
      if (LockVar) {
        std::vector<const Expr *> Mutexes;
        bool Adopt;
        if (lockDeclaration(KB, LockVar, Mutexes, Adopt) && Mutexes.size() == 1)
          Key = mutexOf(Mutexes.front(), Ctx).Key;
      }
      if (const Held *H = innermost(LockVar, Key.empty() ? nullptr : &Key))
        report(MC->getBeginLoc(), *H,
               message::LockHeldAcrossCall::WaitWithAnotherLock,
               {calleeText(Object), calleeText(LockArg)});
      return;
    }
    if (auto Blocking = blockingCall(KB, MC)) {
      if (isFileStream(KB, Object->getType()))
        report(MC->getBeginLoc(), *innermost(),
               message::LockHeldAcrossCall::FileIo, {calleeText(Object)});
      else
        report(MC->getBeginLoc(), *innermost(),
               message::LockHeldAcrossCall::MutexBlockingCall,
               {Blocking->Name});
      return;
    }
    if (Check.isExtraBlocking(Qualified)) {
      report(MC->getBeginLoc(), *innermost(),
             message::LockHeldAcrossCall::MutexBlockingCall, {Qualified});
      return;
    }
    // A virtual call dispatched at run time runs code this class does not
    // control. A call on an object of known dynamic type, a qualified call
    // (Base::f()) or a final method is not dispatched.
    if (!M->isVirtual() || isa<CXXDestructorDecl>(M) || inStd(M->getParent()) ||
        M->hasAttr<FinalAttr>() || M->getParent()->hasAttr<FinalAttr>())
      return;
    const auto *Member = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    if (!Member || Member->hasQualifier())
      return;
    const Expr *Base = Object->IgnoreParenImpCasts();
    if (!isa<CXXThisExpr>(Base) && !Object->getType()->isPointerType() &&
        isa<DeclRefExpr, MemberExpr>(Base) &&
        !cast<ValueDecl>(isa<DeclRefExpr>(Base)
                             ? cast<DeclRefExpr>(Base)->getDecl()
                             : cast<MemberExpr>(Base)->getMemberDecl())
             ->getType()
             ->isReferenceType())
      return;
    report(MC->getBeginLoc(), *innermost(),
           message::LockHeldAcrossCall::VirtualCall, {Qualified});
  }
};

} // namespace

void LockHeldAcrossCallCheck::check(const MatchFinder::MatchResult &Result) {
  Walker W(*this, *Result.Context);
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("fn")) {
    // Lambda call operators are walked from their LambdaExpr.
    if (const auto *M = dyn_cast<CXXMethodDecl>(F);
        M && M->getParent()->isLambda())
      return;
    W.visit(F->getBody());
  } else if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda")) {
    W.visit(L->getBody());
  }
}

/// C/C++ mutex names are compared across the whole run.
static const lockorder::Scope CppLocks{Language::Cpp, ""};

void LockHeldAcrossCallCheck::recordOrder(const std::string &Held,
                                          const std::string &Taken,
                                          SourceRange Site,
                                          const SourceManager &SM) {
  SourceLocation Begin = SM.getExpansionLoc(Site.getBegin());
  SourceLocation End = SM.getExpansionLoc(Site.getEnd());
  if (!SM.isInMainFile(Begin))
    return;
  unsigned BeginOffset = SM.getFileOffset(Begin);
  RunContext *Run = currentRunContext();
  if (!Run || !Run->Run) {
    LocalFileStart = SM.getLocForStartOfFile(SM.getMainFileID());
    lockorder::Site S;
    S.Range.Begin = S.Range.End = BeginOffset;
    LocalOrder.record(CppLocks, Held, Taken, S);
    return;
  }
  unsigned EndOffset =
      SM.getFileOffset(End) + Lexer::MeasureTokenLength(End, SM, LangOptions());
  TextRange Range = Run->Range(BeginOffset, std::max(BeginOffset, EndOffset));
  lockorder::Site S{Run->Path, Range, Run->LineText(Range.BeginPos.Line)};
  Run->UsedRun = true;
  Run->Run->update<lockorder::Graph>(
      [&](lockorder::Graph &G) { G.record(CppLocks, Held, Taken, S); });
}

/// The plugin sees one translation unit: report the pairs taken in both
/// orders within it, as the CLI's run finisher does across files.
void LockHeldAcrossCallCheck::onEndOfTranslationUnit() {
  for (const lockorder::Inversion &I : LocalOrder.inversions()) {
    diag(LocalFileStart.getLocWithOffset(I.Here.Range.Begin),
         Rule.message(lockorder::inversionMessage(Language::Cpp)))
        << I.Held << I.Taken;
    diag(LocalFileStart.getLocWithOffset(I.There.Range.Begin),
         Rule.message(lockorder::relatedMessage(Language::Cpp)),
         DiagnosticIDs::Note)
        << I.Held << I.Taken;
  }
  LocalOrder = lockorder::Graph();
}

HAZARD_TIDY_CHECK(LockHeldAcrossCall, LockHeldAcrossCallCheck);

} // namespace hazard::cpp
