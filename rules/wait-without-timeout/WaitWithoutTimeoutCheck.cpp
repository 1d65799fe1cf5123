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
// hazard::get_for for futures), from lib/Shim/include/hazard/.
//
//===----------------------------------------------------------------------===//
#include "WaitWithoutTimeoutCheck.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/TidyCheckRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

WaitWithoutTimeoutCheck::WaitWithoutTimeoutCheck(
    llvm::StringRef Name, tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, "wait-without-timeout"),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()),
      TimeoutSeconds(Options.get<int64_t>("timeout-seconds", 30)) {}

void WaitWithoutTimeoutCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Options.store(Opts, "timeout-seconds", TimeoutSeconds);
}

void WaitWithoutTimeoutCheck::registerPPCallbacks(
    const SourceManager &SM, Preprocessor *PP, Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void WaitWithoutTimeoutCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(cxxMemberCallExpr(unless(isExpansionInSystemHeader()),
                                       callee(cxxMethodDecl(hasName("wait"))),
                                       thisPointerType(cxxRecordDecl(hasAnyName(
                                           "::std::condition_variable",
                                           "::std::condition_variable_any"))))
                         .bind("cv"),
                     this);
  // wait() lives in a base class of std::future: match on the type of the
  // object as written, before the derived-to-base cast.
  auto Future =
      cxxRecordDecl(hasAnyName("::std::future", "::std::shared_future"));
  Finder->addMatcher(
      cxxMemberCallExpr(unless(isExpansionInSystemHeader()),
                        callee(cxxMethodDecl(hasAnyName("get", "wait"))),
                        on(ignoringParenImpCasts(expr(anyOf(
                            hasType(Future), hasType(pointsTo(Future)))))))
          .bind("future"),
      this);
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               callee(functionDecl(hasAnyName(
                   "::pthread_cond_wait", "::pthread_join", "::sem_wait",
                   "::waitpid", "::redisConnect", "::curl_easy_perform"))))
          .bind("call"),
      this);
  // Generated gRPC stub methods take the ClientContext first.
  Finder->addMatcher(
      cxxMemberCallExpr(
          unless(isExpansionInSystemHeader()),
          hasArgument(
              0, ignoringParenImpCasts(unaryOperator(
                     hasOperatorName("&"),
                     hasUnaryOperand(declRefExpr(
                         to(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                                    hasType(cxxRecordDecl(
                                        hasName("::grpc::ClientContext"))))
                                .bind("ctx"))))))))
          .bind("grpc"),
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

/// "std::future" for a std::future<int> object (or pointer to one).
static std::string recordName(const Expr *Object) {
  QualType T = Object->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *R = T->getAsCXXRecordDecl();
  return R ? R->getQualifiedNameAsString() : "";
}

static llvm::StringRef calleeName(const CallExpr *Call) {
  const FunctionDecl *Fn = Call->getDirectCallee();
  return Fn && Fn->getIdentifier() ? Fn->getName() : "";
}

void WaitWithoutTimeoutCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  std::string Timeout =
      "std::chrono::seconds(" + std::to_string(TimeoutSeconds) + ")";

  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("cv")) {
    // wait(lock), wait(lock, pred); C++20's stop_token overload has three.
    std::string Shown =
        recordName(Call->getImplicitObjectArgument()) + "::wait";
    if (Call->getNumArgs() == 1) {
      report(Call, Shown,
             "use wait_for/wait_until with a predicate and handle the timeout",
             std::nullopt, "", Ctx);
      return;
    }
    if (Call->getNumArgs() != 2)
      return;
    std::string Replacement =
        "hazard::wait_for_or_throw(" + objectText(Call, Ctx) + ", " +
        sourceText(Call->getArg(0)->getSourceRange(), Ctx).str() + ", " +
        Timeout + ", " +
        sourceText(Call->getArg(1)->getSourceRange(), Ctx).str() + ")";
    report(Call, Shown,
           "use wait_for/wait_until, or hazard::wait_for_or_throw, and handle "
           "the timeout",
           Replacement, "<hazard/wait.h>", Ctx);
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("future")) {
    const Expr *Object = Call->getImplicitObjectArgument();
    const ValueDecl *Future = referencedDecl(Object);
    bool IsGet = Call->getMethodDecl()->getName() == "get";
    // A bounded wait_for/wait_until on the same future earlier in the
    // function means the caller already knows it is ready (or gave up).
    if (Future)
      if (const FunctionDecl *Fn = enclosingFunction(Call, Ctx))
        if (Fn->getBody())
          for (const CallExpr *Other : callsIn(Fn->getBody(), Ctx)) {
            if (!SM.isBeforeInTranslationUnit(Other->getBeginLoc(),
                                              Call->getBeginLoc()))
              break;
            const auto *M = dyn_cast<CXXMemberCallExpr>(Other);
            llvm::StringRef N = calleeName(Other);
            if (M && (N == "wait_for" || N == "wait_until") &&
                refersTo(M->getImplicitObjectArgument(), Future))
              return;
          }
    std::string Class = recordName(Object);
    if (!IsGet) {
      report(Call, Class + "::wait",
             "use wait_for/wait_until and handle the timeout", std::nullopt, "",
             Ctx);
      return;
    }
    // get_for takes the future by reference: only a named one is rewritten.
    std::optional<std::string> Replacement;
    if (Future && Object->isGLValue())
      Replacement =
          "hazard::get_for(" + objectText(Call, Ctx) + ", " + Timeout + ")";
    report(
        Call, Class + "::get",
        "call wait_for first, or use hazard::get_for, and handle the timeout",
        Replacement, "<hazard/future.h>", Ctx);
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call")) {
    llvm::StringRef Name = calleeName(Call);
    if (Name == "pthread_cond_wait") {
      report(Call, Name, "use pthread_cond_timedwait and handle ETIMEDOUT",
             std::nullopt, "", Ctx);
    } else if (Name == "pthread_join") {
      report(Call, Name,
             "tell the thread to stop and join with a deadline "
             "(pthread_timedjoin_np)",
             std::nullopt, "", Ctx);
    } else if (Name == "sem_wait") {
      report(Call, Name, "use sem_timedwait and handle ETIMEDOUT", std::nullopt,
             "", Ctx);
    } else if (Name == "waitpid") {
      // Only the blocking form: options a literal 0.
      Expr::EvalResult Options;
      if (Call->getNumArgs() != 3 ||
          !isa<IntegerLiteral>(Call->getArg(2)->IgnoreParenImpCasts()) ||
          !Call->getArg(2)->EvaluateAsInt(Options, Ctx) ||
          Options.Val.getInt() != 0)
        return;
      report(Call, Name,
             "poll with WNOHANG until a deadline, then kill the child",
             std::nullopt, "", Ctx);
    } else if (Name == "redisConnect") {
      std::optional<std::string> Replacement;
      if (Call->getNumArgs() == 2) {
        std::string Seconds = std::to_string(TimeoutSeconds);
        // A C++ temporary, or a C99 compound literal in C.
        std::string Tv = LO.CPlusPlus ? "timeval{" + Seconds + ", 0}"
                                      : "(struct timeval){" + Seconds + ", 0}";
        Replacement = "redisConnectWithTimeout(" +
                      sourceText(Call->getArg(0)->getSourceRange(), Ctx).str() +
                      ", " +
                      sourceText(Call->getArg(1)->getSourceRange(), Ctx).str() +
                      ", " + Tv + ")";
      }
      report(Call, Name, "use redisConnectWithTimeout", Replacement, "", Ctx);
    } else if (Name == "curl_easy_perform") {
      // Only a handle created here, with curl_easy_init, and never handed to
      // other code that could have set the timeout.
      const auto *Handle = dyn_cast_or_null<VarDecl>(
          Call->getNumArgs() == 1 ? referencedDecl(Call->getArg(0)) : nullptr);
      if (!Handle || !Handle->hasLocalStorage() || isa<ParmVarDecl>(Handle) ||
          !Handle->getInit())
        return;
      const auto *Init =
          dyn_cast<CallExpr>(Handle->getInit()->IgnoreParenImpCasts());
      if (!Init || calleeName(Init) != "curl_easy_init")
        return;
      const FunctionDecl *Fn = enclosingFunction(Call, Ctx);
      if (!Fn || !Fn->getBody())
        return;
      for (const CallExpr *Other : callsIn(Fn->getBody(), Ctx)) {
        llvm::StringRef N = calleeName(Other);
        bool Uses = llvm::any_of(Other->arguments(), [&](const Expr *A) {
          return refersTo(A, Handle);
        });
        if (!Uses)
          continue;
        if (!N.starts_with("curl_easy_"))
          return;
        if (N == "curl_easy_setopt" && Other->getNumArgs() >= 2)
          if (const auto *Opt = dyn_cast<DeclRefExpr>(
                  Other->getArg(1)->IgnoreParenImpCasts()))
            if (Opt->getDecl()->getName() == "CURLOPT_TIMEOUT" ||
                Opt->getDecl()->getName() == "CURLOPT_TIMEOUT_MS")
              return;
      }
      report(Call, Name,
             "set CURLOPT_TIMEOUT or CURLOPT_TIMEOUT_MS on the handle first",
             std::nullopt, "", Ctx);
    }
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("grpc")) {
    const auto *Context = Result.Nodes.getNodeAs<VarDecl>("ctx");
    const FunctionDecl *Fn = enclosingFunction(Call, Ctx);
    if (!Fn || !Fn->getBody())
      return;
    // Report the first call on this context, unless a deadline is set or the
    // context is handed to code that could set one.
    const CallExpr *First = nullptr;
    for (const CallExpr *Other : callsIn(Fn->getBody(), Ctx)) {
      const auto *M = dyn_cast<CXXMemberCallExpr>(Other);
      if (M && refersTo(M->getImplicitObjectArgument(), Context)) {
        if (calleeName(M) == "set_deadline")
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
    report(Call, Call->getMethodDecl()->getQualifiedNameAsString(),
           "call set_deadline on its grpc::ClientContext first", std::nullopt,
           "", Ctx);
  }
}

void WaitWithoutTimeoutCheck::report(const Expr *Site, llvm::StringRef Shown,
                                     llvm::StringRef Advice,
                                     std::optional<std::string> Replacement,
                                     llvm::StringRef Header, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = Site->getBeginLoc();
  diag(Loc, Rule.messageFor(Language::Cpp))
      << Shown << Advice << Site->getSourceRange();
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

HAZARD_TIDY_CHECK("wait-without-timeout", WaitWithoutTimeoutCheck);

} // namespace hazard::cpp
