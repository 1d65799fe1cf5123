//===- BlockingInAsyncCheck.cpp - hazard-blocking-in-async ----------------===//
//
// What it does: finds blocking calls inside coroutines (functions whose body
// has co_await, co_yield or co_return, e.g. boost::asio::awaitable<T>).
// Why is this bad: the coroutine runs on its executor's thread; a sleep, a
// blocking read or a future wait there stalls every task on that thread.
// Example: std::this_thread::sleep_for(1s); inside an awaitable.
// Use instead: co_await a timer or an asynchronous operation, or offload the
// call to a thread pool.
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

/// Finds calls that block the thread (sleeps, blocking I/O, future and
/// condition variable waits, synchronous hiredis and curl) inside C++20
/// coroutines, which share their executor's threads with every other task.
class BlockingInAsyncCheck : public HazardCheck {
public:
  BlockingInAsyncCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

BlockingInAsyncCheck::BlockingInAsyncCheck(llvm::StringRef Name,
                                           tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::BlockingInAsync) {}

void BlockingInAsyncCheck::registerMatchers(MatchFinder *Finder) {
  // forCallable stops at the innermost function or lambda, so a plain lambda
  // inside a coroutine (e.g. one posted to a thread pool) is not judged here.
  Finder->addMatcher(
      callExpr(
          unless(isExpansionInSystemHeader()),
          forCallable(functionDecl(hasBody(coroutineBodyStmt())).bind("fn")))
          .bind("call"),
      this);
}

void BlockingInAsyncCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  auto Blocking = blockingCall(Knowledge, Call);
  if (!Blocking)
    return;
  std::string Where = "coroutine ";
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Fn);
      Method && Method->getParent()->isLambda())
    Where += "lambda";
  else
    Where += "'" + Fn->getQualifiedNameAsString() + "'";
  const std::string &Advice = Blocking->Entry->AsyncAlternative;
  if (Advice.empty())
    diag(Call->getBeginLoc(),
         Rule.message(message::BlockingInAsync::CppNoAsyncAlternative))
        << Blocking->Name << Where << Call->getSourceRange();
  else
    diag(Call->getBeginLoc(), Rule.messageFor(Language::Cpp))
        << Blocking->Name << Where << Advice << Call->getSourceRange();
}

HAZARD_TIDY_CHECK(BlockingInAsync, BlockingInAsyncCheck);

} // namespace hazard::cpp
