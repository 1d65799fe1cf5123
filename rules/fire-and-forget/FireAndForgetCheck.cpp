//===- FireAndForgetCheck.cpp - hazard-fire-and-forget --------------------===//
//
// What it does: finds std::thread::detach, pthread_detach,
// boost::asio::co_spawn(..., detached) and discarded std::async results.
// Why is this bad: nothing joins a detached thread or task at shutdown, it can
// outlive what it uses, and its failures go unseen. A discarded std::async
// future blocks in its destructor, so the "background" call is synchronous.
// Example: std::thread(flush, buf).detach();
// Use instead: hazard::TaskRegistry::global().spawn(flush, buf), which joins
// with a deadline at shutdown (shim/include/hazard/task_registry.h).
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

/// Finds work started with no owner: std::thread::detach, pthread_detach,
/// boost::asio::co_spawn(..., detached), and a discarded std::async future
/// (which is no background work at all: its destructor waits). Detached
/// std::threads are handed to hazard::TaskRegistry instead.
class FireAndForgetCheck : public HazardCheck {
public:
  FireAndForgetCheck(llvm::StringRef Name,
                     clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
};

FireAndForgetCheck::FireAndForgetCheck(llvm::StringRef Name,
                                       tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::FireAndForget) {}

void FireAndForgetCheck::registerMatchers(MatchFinder *Finder) {
  // Calls that leave a thread running with no owner: methods (only
  // std::thread's: std::jthread joins in its destructor) and functions.
  std::vector<std::string> Owners, Functions;
  for (const auto &[Name, C] : Knowledge.callables()) {
    if (!C.hasTrait("detaches"))
      continue;
    llvm::StringRef N(Name);
    size_t At = N.rfind("::");
    if (At != llvm::StringRef::npos && Knowledge.type(N.take_front(At)))
      Owners.push_back("::" + N.take_front(At).str());
    else
      Functions.push_back("::" + Name);
  }
  Finder->addMatcher(
      cxxMemberCallExpr(unless(isExpansionInSystemHeader()),
                        callee(cxxMethodDecl(hasName("detach"))),
                        thisPointerType(cxxRecordDecl(anyNameOf(Owners))))
          .bind("detach"),
      this);
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              callee(functionDecl(anyNameOf(Functions))))
                         .bind("pthread"),
                     this);
  // A spawner whose future waits for the work when it is destroyed.
  Finder->addMatcher(callExpr(unless(isExpansionInSystemHeader()),
                              callee(functionDecl(anyNameOf(callablesWithTrait(
                                  Knowledge, "future-joins-on-destruction")))))
                         .bind("async"),
                     this);
  // A coroutine spawned with a completion token that drops its result.
  auto Dropping = declRefExpr(to(varDecl(hasType(cxxRecordDecl(
      anyNameOf(typesWithTrait(Knowledge, "drops-completion")))))));
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               callee(functionDecl(
                   anyNameOf(callableNames(Knowledge,
                                           [](const knowledge::Callable &C) {
                                             return C.Spawns == "task";
                                           })))),
               hasAnyArgument(expr(anyOf(ignoringParenImpCasts(Dropping),
                                         hasDescendant(Dropping)))))
          .bind("co_spawn"),
      this);
}

/// Whether the value of E is thrown away: E is a statement of its own, or is
/// cast to void.
static bool isDiscarded(const Expr *E, ASTContext &Ctx) {
  DynTypedNode Node = DynTypedNode::create(*E);
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.size() != 1)
      return false;
    const DynTypedNode &P = Parents[0];
    if (const auto *Cast = P.get<ExplicitCastExpr>())
      return Cast->getType()->isVoidType();
    if (P.get<ExprWithCleanups>() || P.get<MaterializeTemporaryExpr>() ||
        P.get<CXXBindTemporaryExpr>() || P.get<ImplicitCastExpr>() ||
        P.get<ParenExpr>() || P.get<CXXFunctionalCastExpr>()) {
      Node = P;
      continue;
    }
    // Statement position: a compound statement or the body of a branch or
    // loop (but not its condition, which is an Expr's parent too).
    if (const auto *S = P.get<Stmt>()) {
      if (isa<Expr, ReturnStmt, DeclStmt, CoreturnStmt>(S))
        return false;
      if (const auto *If = dyn_cast<IfStmt>(S))
        return If->getCond() != Node.get<Expr>();
      if (isa<CompoundStmt, ForStmt, WhileStmt, DoStmt, CXXForRangeStmt,
              LabelStmt, CaseStmt, DefaultStmt>(S))
        return true;
      return false;
    }
    return false;
  }
}

void FireAndForgetCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = Ctx.getSourceManager();
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach")) {
    const Expr *Object =
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    // std::thread(f, a).detach(): the temporary's constructor arguments.
    const CXXConstructExpr *Temporary = nullptr;
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Object))
      Object = M->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Object))
      Object = B->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Object))
      Object = F->getSubExpr()->IgnoreParenImpCasts();
    Temporary = dyn_cast<CXXConstructExpr>(Object);
    const ValueDecl *Named = referencedDecl(Object);
    auto D = diag(
        Call->getBeginLoc(),
        Rule.message(Named ? message::FireAndForget::DetachedThread
                           : message::FireAndForget::DetachedUnnamedThread));
    if (Named)
      D << Named->getNameAsString();
    D << Call->getSourceRange();
    std::optional<std::string> Replacement;
    if (Temporary && Temporary->getNumArgs() > 0 &&
        !Temporary->getArg(0)->getType()->isRecordType()) {
      // Not a move or copy of another thread.
      SourceRange Args(
          Temporary->getArg(0)->getBeginLoc(),
          Temporary->getArg(Temporary->getNumArgs() - 1)->getEndLoc());
      if (isRewritable(Args))
        Replacement = "hazard::TaskRegistry::global().spawn(" +
                      sourceText(Args, Ctx).str() + ")";
    } else if (Temporary && Temporary->getNumArgs() > 0) {
      Replacement = std::nullopt;
    } else if (Named && Call->getImplicitObjectArgument()->isGLValue()) {
      Replacement = "hazard::TaskRegistry::global().adopt(std::move(" +
                    objectText(Call, Ctx) + "))";
    }
    if (!Replacement || !isRewritable(Call->getSourceRange()))
      return;
    D << FixItHint::CreateReplacement(Call->getSourceRange(), *Replacement);
    if (auto Include = Inserter.createIncludeInsertion(
            SM.getFileID(Call->getBeginLoc()), "<hazard/task_registry.h>"))
      D << *Include;
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("pthread")) {
    if (Call->getNumArgs() == 1)
      diag(Call->getBeginLoc(),
           Rule.message(message::FireAndForget::PthreadDetach))
          << sourceText(Call->getArg(0)->getSourceRange(), Ctx).str()
          << Call->getSourceRange();
    else
      diag(Call->getBeginLoc(),
           Rule.message(message::FireAndForget::PthreadDetachUnnamed))
          << Call->getSourceRange();
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("async")) {
    if (!isDiscarded(Call, Ctx))
      return;
    diag(Call->getBeginLoc(),
         Rule.message(message::FireAndForget::DiscardedAsyncFuture))
        << Call->getSourceRange();
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("co_spawn")) {
    diag(Call->getBeginLoc(),
         Rule.message(message::FireAndForget::DetachedCoSpawn))
        << Call->getSourceRange();
  }
}

HAZARD_TIDY_CHECK(FireAndForget, FireAndForgetCheck);

} // namespace hazard::cpp
