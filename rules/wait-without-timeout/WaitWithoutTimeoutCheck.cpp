//===- WaitWithoutTimeoutCheck.cpp - hazard-wait-without-timeout ----------===//
//
// What it does: finds waits with no timeout: std::condition_variable(_any)
// wait, std::future/shared_future get() and wait(), pthread_cond_wait,
// pthread_join, sem_wait, waitpid(..., 0), hiredis redisConnect, curl
// transfers on a handle with no CURLOPT_TIMEOUT(_MS) and gRPC calls on a
// ClientContext with no set_deadline.
// Why is this bad: one hung peer hangs the waiting thread forever.
// Example: cv.wait(lock, [&] { return ready; });
// Use instead: hazard::wait_for_or_throw(cv, lock, timeout, pred) (and
// hazard::get_for for futures), from shim/include/hazard/.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

/// Finds waits that can block forever: condition variable and future waits,
/// pthread/semaphore/waitpid waits, hiredis redisConnect, curl transfers and
/// gRPC calls with no timeout or deadline. Predicate waits, future get() and
/// redisConnect get unsafe fix-its (a timeout changes behaviour on expiry).
class WaitWithoutTimeoutCheck : public HazardCheck {
public:
  WaitWithoutTimeoutCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  /// Reports message Format, %0.. being Args.
  void report(const clang::Expr *Site, llvm::StringRef Format,
              std::initializer_list<std::string> Args,
              std::optional<std::string> Replacement, llvm::StringRef Header,
              clang::ASTContext &Ctx);

  const int64_t TimeoutSeconds;
};

WaitWithoutTimeoutCheck::WaitWithoutTimeoutCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::WaitWithoutTimeout),
      TimeoutSeconds(integerOption("timeout-seconds")) {}

void WaitWithoutTimeoutCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  HazardCheck::storeOptions(Opts);
  Options.store(Opts, "timeout-seconds", TimeoutSeconds);
}

/// The member of a qualified name: "wait" for "std::future::wait".
static llvm::StringRef memberOf(llvm::StringRef Name) {
  size_t At = Name.rfind("::");
  return At == llvm::StringRef::npos ? Name : Name.drop_front(At + 2);
}

void WaitWithoutTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  // Waits the knowledge base knows: free functions by name, methods by
  // their name here and by their class in check().
  std::vector<std::string> Functions, Methods;
  for (const auto &[Name, C] : Knowledge.callables()) {
    if (C.Waits.empty())
      continue;
    llvm::StringRef N(Name);
    size_t At = N.rfind("::");
    if (At != llvm::StringRef::npos && Knowledge.type(N.take_front(At)))
      Methods.push_back(memberOf(N).str());
    else
      for (std::string &Spelling :
           callableNames(Knowledge, [&](const knowledge::Callable &E) {
             return &E == &C;
           }))
        Functions.push_back(std::move(Spelling));
  }
  llvm::sort(Methods);
  Methods.erase(std::unique(Methods.begin(), Methods.end()), Methods.end());
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               anyOf(callee(functionDecl(anyNameOf(Functions))),
                     cxxMemberCallExpr(callee(cxxMethodDecl(
                         anyNameOf(Methods), unless(isStaticStorageClass()))))))
          .bind("wait"),
      this);
  // Calls that take a call context (gRPC stubs take a ClientContext first),
  // whose deadline bounds them.
  Finder->addMatcher(
      cxxMemberCallExpr(
          unless(isExpansionInSystemHeader()),
          hasArgument(
              0, ignoringParenImpCasts(unaryOperator(
                     hasOperatorName("&"),
                     hasUnaryOperand(declRefExpr(to(
                         varDecl(hasLocalStorage(), unless(parmVarDecl()),
                                 hasType(cxxRecordDecl(anyNameOf(typesWithTrait(
                                     Knowledge, "call-context")))))
                             .bind("ctx"))))))))
          .bind("context-call"),
      this);
}

/// Whether Var is named by E (through &, * and parentheses).
static bool refersTo(const Expr *E, const ValueDecl *Var) {
  return Var && referencedDecl(E) == Var;
}

/// Calls in Body, in source order.
static llvm::SmallVector<const CallExpr *, 16> callsIn(const Stmt *Body,
                                                       ASTContext &Ctx) {
  llvm::SmallVector<const CallExpr *, 16> Out;
  for (const BoundNodes &N :
       match(stmt(forEachDescendant(callExpr().bind("c"))), *Body, Ctx))
    Out.push_back(N.getNodeAs<CallExpr>("c"));
  llvm::sort(Out, [&](const CallExpr *A, const CallExpr *B) {
    return Ctx.getSourceManager().isBeforeInTranslationUnit(A->getBeginLoc(),
                                                            B->getBeginLoc());
  });
  return Out;
}

/// The argument a parameter of the knowledge base names; null if omitted.
static const Expr *argumentAt(const CallExpr *Call,
                              const knowledge::Parameter &P) {
  unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  if (P.Position < 0 || First + P.Position >= Call->getNumArgs() ||
      isa<CXXDefaultArgExpr>(Call->getArg(First + P.Position)))
    return nullptr;
  return Call->getArg(First + P.Position);
}

/// Whether the argument P names is spelled as one of Values.
static bool spelledAs(const CallExpr *Call, const knowledge::Parameter &P,
                      const std::vector<std::string> &Values,
                      const ASTContext &Ctx) {
  const Expr *Arg = argumentAt(Call, P);
  return Arg &&
         llvm::is_contained(
             Values,
             sourceText(Arg->IgnoreParenImpCasts()->getSourceRange(), Ctx)
                 .str());
}

/// The local handle Call acts on when a library call created it here
/// (`CURL *h = curl_easy_init()`); null otherwise.
static const VarDecl *localHandle(const knowledge::KnowledgeBase &KB,
                                  const CallExpr *Call) {
  const auto *Handle = dyn_cast_or_null<VarDecl>(
      Call->getNumArgs() == 1 ? referencedDecl(Call->getArg(0)) : nullptr);
  if (!Handle || !Handle->hasLocalStorage() || isa<ParmVarDecl>(Handle) ||
      !Handle->getInit())
    return nullptr;
  const auto *Init =
      dyn_cast<CallExpr>(Handle->getInit()->IgnoreParenImpCasts());
  const knowledge::Callable *Maker = Init ? calledEntry(KB, Init) : nullptr;
  return Maker && Maker->hasTrait("creates-handle") ? Handle : nullptr;
}

/// Whether code before Call in its function bounds the waits on Object: a
/// bounded wait on it (`f.wait_for(...)` before `f.get()`), or a call that
/// sets its timeout (`set_deadline`, `curl_easy_setopt(h, CURLOPT_TIMEOUT,
/// ...)`). Handed to code the knowledge base does not know, it may be
/// bounded there: Unknown is set.
static bool boundedBefore(const knowledge::KnowledgeBase &KB,
                          const CallExpr *Call, const ValueDecl *Object,
                          bool WholeFunction, bool &HandedOn, ASTContext &Ctx) {
  HandedOn = false;
  const FunctionDecl *Fn = enclosingFunction(Call, Ctx);
  if (!Object || !Fn || !Fn->getBody())
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const CallExpr *Other : callsIn(Fn->getBody(), Ctx)) {
    if (!WholeFunction && !SM.isBeforeInTranslationUnit(Other->getBeginLoc(),
                                                        Call->getBeginLoc()))
      break;
    if (Other == Call)
      continue;
    const auto *M = dyn_cast<CXXMemberCallExpr>(Other);
    bool OnObject = M && refersTo(M->getImplicitObjectArgument(), Object);
    bool Passed = llvm::any_of(
        Other->arguments(), [&](const Expr *A) { return refersTo(A, Object); });
    if (!OnObject && !Passed)
      continue;
    const knowledge::Callable *Entry = calledEntry(KB, Other);
    if (Entry && OnObject && Entry->hasTrait("bounds-wait"))
      return true;
    if (Entry && Entry->SetsTimeout &&
        spelledAs(Other, *Entry->SetsTimeout, Entry->SetsTimeout->When, Ctx))
      return true;
    if (Passed && !OnObject && !(Entry && Entry->hasTrait("handle-api")))
      HandedOn = true;
  }
  return false;
}

/// Fills a bounded-form template of the knowledge base; nullopt when the
/// call does not have the arguments it names.
static std::optional<std::string>
boundedForm(llvm::StringRef Form, const CallExpr *Call, const ValueDecl *Object,
            int64_t Seconds, ASTContext &Ctx) {
  std::string Out;
  unsigned Used = 0;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  while (!Form.empty()) {
    size_t Open = Form.find('{');
    size_t Close = Form.find('}', Open);
    if (Open == llvm::StringRef::npos || Close == llvm::StringRef::npos) {
      Out += Form;
      break;
    }
    Out += Form.take_front(Open);
    llvm::StringRef Hole = Form.slice(Open + 1, Close);
    Form = Form.drop_front(Close + 1);
    std::string N = std::to_string(Seconds);
    unsigned Index;
    if (Hole == "object") {
      // Rewritten by reference: only a named object.
      if (!Member || !Object ||
          !Member->getImplicitObjectArgument()->isGLValue())
        return std::nullopt;
      Out += objectText(Member, Ctx);
    } else if (Hole == "timeout") {
      Out += "std::chrono::seconds(" + N + ")";
    } else if (Hole == "timeval") {
      // A C++ temporary, or a C99 compound literal in C.
      Out += Ctx.getLangOpts().CPlusPlus ? "timeval{" + N + ", 0}"
                                         : "(struct timeval){" + N + ", 0}";
    } else if (!Hole.getAsInteger(10, Index)) {
      if (Index >= Call->getNumArgs())
        return std::nullopt;
      Used = std::max(Used, Index + 1);
      Out += sourceText(Call->getArg(Index)->getSourceRange(), Ctx);
    } else {
      return std::nullopt;
    }
  }
  // The form takes every argument the call has, no more.
  if (Used != Call->getNumArgs())
    return std::nullopt;
  return Out;
}

void WaitWithoutTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("wait")) {
    const knowledge::Callable *Entry = calledEntry(Knowledge, Call);
    if (!Entry || Entry->Waits.empty())
      return;
    if (Entry->Timeout) {
      const Expr *Bound = argumentAt(Call, *Entry->Timeout);
      if (Bound ? !spelledAs(Call, *Entry->Timeout,
                             Entry->Timeout->UnboundedWhen, Ctx)
                : !Entry->Timeout->unboundedWhenAbsent())
        return;
    }
    const ValueDecl *Object = nullptr;
    std::string Shown = knowledgeName(Call->getDirectCallee());
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = referencedDecl(Member->getImplicitObjectArgument());
      Shown = knowledgeName(recordOf(Member->getImplicitObjectArgument()
                                         ->IgnoreParenImpCasts()
                                         ->getType())) +
              "::" + Call->getDirectCallee()->getNameAsString();
    }
    bool HandedOn = false;
    if (Entry->hasTrait("bounded-by-handle")) {
      // Only a handle made here, never handed to code that could bound it.
      Object = localHandle(Knowledge, Call);
      if (!Object ||
          boundedBefore(Knowledge, Call, Object, /*WholeFunction=*/true,
                        HandedOn, Ctx) ||
          HandedOn)
        return;
    } else if (boundedBefore(Knowledge, Call, Object, /*WholeFunction=*/false,
                             HandedOn, Ctx)) {
      return;
    }
    std::optional<std::string> Replacement;
    if (!Entry->BoundedForm.empty())
      Replacement =
          boundedForm(Entry->BoundedForm, Call, Object, TimeoutSeconds, Ctx);
    // The knowledge base gives the advice.
    report(Call, Rule.messageFor(Language::Cpp),
           {Shown, Entry->BoundedAlternative}, Replacement,
           Entry->BoundedFormInclude, Ctx);
    return;
  }

  if (const auto *Call =
          Result.Nodes.getNodeAs<CXXMemberCallExpr>("context-call")) {
    const auto *Context = Result.Nodes.getNodeAs<VarDecl>("ctx");
    const FunctionDecl *Fn = enclosingFunction(Call, Ctx);
    if (!Fn || !Fn->getBody())
      return;
    // Report the first call on this context, unless a deadline is set or the
    // context is handed to code that could set one.
    const CallExpr *First = nullptr;
    std::string Bounding;
    for (const CallExpr *Other : callsIn(Fn->getBody(), Ctx)) {
      const auto *M = dyn_cast<CXXMemberCallExpr>(Other);
      if (M && refersTo(M->getImplicitObjectArgument(), Context)) {
        if (const knowledge::Callable *E = calledEntry(Knowledge, M);
            E && E->hasTrait("bounds-wait"))
          return;
        continue;
      }
      bool Uses = llvm::any_of(Other->arguments(), [&](const Expr *A) {
        return refersTo(A, Context);
      });
      if (!Uses)
        continue;
      if (!M)
        return;
      if (!First)
        First = Other;
    }
    if (First != Call)
      return;
    // The advice names the context's bounding method.
    std::string Type = knowledgeName(recordOf(Context->getType()));
    for (const auto &[Name, E] : Knowledge.callables())
      if (E.hasTrait("bounds-wait") &&
          llvm::StringRef(Name).starts_with(Type + "::"))
        Bounding = memberOf(Name).str();
    std::string Shown = Call->getMethodDecl()->getQualifiedNameAsString();
    if (Bounding.empty())
      report(Call,
             Rule.message(message::WaitWithoutTimeout::ContextWithoutBound),
             {Shown, Type}, std::nullopt, "", Ctx);
    else
      report(Call,
             Rule.message(message::WaitWithoutTimeout::ContextWithoutDeadline),
             {Shown, Bounding, Type}, std::nullopt, "", Ctx);
  }
}

void WaitWithoutTimeoutCheck::report(const Expr *Site, llvm::StringRef Format,
                                     std::initializer_list<std::string> Args,
                                     std::optional<std::string> Replacement,
                                     llvm::StringRef Header, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = Site->getBeginLoc();
  {
    auto D = diag(Loc, Format);
    for (const std::string &A : Args)
      D << A;
    D << Site->getSourceRange();
  }
  if (!Replacement || !isRewritable(Site->getSourceRange()))
    return;
  // A timeout changes what happens when the peer hangs: an unsafe fix, on a
  // note (clang-tidy applies it with --fix-notes, hazardlint with
  // --unsafe-fixes).
  auto N =
      diag(Loc, "unsafe fix: wait at most %0 s, then fail", DiagnosticIDs::Note)
      << std::to_string(TimeoutSeconds);
  N << FixItHint::CreateReplacement(Site->getSourceRange(), *Replacement);
  if (!Header.empty())
    if (auto Include = Inserter.createIncludeInsertion(
            SM.getFileID(Site->getBeginLoc()), Header))
      N << *Include;
}

HAZARD_TIDY_CHECK(WaitWithoutTimeout, WaitWithoutTimeoutCheck);

} // namespace hazard::cpp
