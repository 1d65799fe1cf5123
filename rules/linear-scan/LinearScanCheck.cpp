//===- LinearScanCheck.cpp - hazard-linear-scan ---------------------------===//
//
// What it does: finds std::min_element / max_element over a whole map or
// set whose result the function then erases (eviction by scanning the
// cache), and std::find / std::count over a whole vector, list or deque
// inside a loop, where the container lives outside the loop.
// Why is this bad: O(n) per eviction, O(n*m) per loop; fast in tests, slow
// as the data grows.
// Use instead: keep entries in eviction order; look up in an unordered_set.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

class LinearScanCheck : public HazardCheck {
public:
  LinearScanCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

LinearScanCheck::LinearScanCheck(llvm::StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::LinearScan) {}

/// c.begin() / c.cbegin() (or std::begin(c)) as argument N, binding c.
static auto wholeRange(llvm::StringRef BeginId, llvm::StringRef EndId) {
  auto Begin =
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("begin", "cbegin"))),
                        on(expr().bind(BeginId)));
  auto End = cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("end", "cend"))),
                               on(expr().bind(EndId)));
  return std::make_pair(Begin, End);
}

void LinearScanCheck::registerMatchers(MatchFinder *Finder) {
  auto [Begin, End] = wholeRange("c1", "c2");
  auto Loop = stmt(anyOf(whileStmt(), doStmt(), forStmt(), cxxForRangeStmt()));
  Finder->addMatcher(
      callExpr(callee(functionDecl(anyNameOf(callablesWithTrait(
                                       Knowledge, "scans-for-extreme")))
                          .bind("fn")),
               hasArgument(0, ignoringImplicit(Begin)),
               hasArgument(1, ignoringImplicit(End)),
               forCallable(functionDecl().bind("caller")),
               unless(isExpansionInSystemHeader()))
          .bind("evict"),
      this);
  Finder->addMatcher(
      callExpr(
          callee(functionDecl(
                     anyNameOf(callablesWithTrait(Knowledge, "linear-search")))
                     .bind("fn")),
          hasArgument(0, ignoringImplicit(Begin)),
          hasArgument(1, ignoringImplicit(End)), hasAncestor(Loop.bind("loop")),
          unless(isExpansionInSystemHeader()))
          .bind("find"),
      this);
}

static std::string text(const Expr *E, const MatchFinder::MatchResult &R) {
  return Lexer::getSourceText(CharSourceRange::getTokenRange(
                                  E->IgnoreParenImpCasts()->getSourceRange()),
                              *R.SourceManager, R.Context->getLangOpts())
      .str();
}

void LinearScanCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *C1 = Result.Nodes.getNodeAs<Expr>("c1");
  const auto *C2 = Result.Nodes.getNodeAs<Expr>("c2");
  const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  std::string Container = text(C1, Result);
  if (Container != text(C2, Result))
    return;
  std::string Algorithm = knowledgeName(Fn);
  const CXXRecordDecl *Range = recordOf(C1->getType());

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("evict")) {
    if (!recordHasTrait(Knowledge, Range, "keyed"))
      return;
    const auto *Caller = Result.Nodes.getNodeAs<FunctionDecl>("caller");
    if (!Caller->getBody())
      return;
    // The entry it picks is erased afterwards: an eviction.
    auto Erases =
        match(findAll(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("erase"))),
                                        on(expr().bind("obj")))
                          .bind("erase")),
              *Caller->getBody(), *Result.Context);
    const SourceManager &SM = *Result.SourceManager;
    for (const BoundNodes &B : Erases) {
      const auto *Erase = B.getNodeAs<CXXMemberCallExpr>("erase");
      if (text(B.getNodeAs<Expr>("obj"), Result) != Container ||
          !SM.isBeforeInTranslationUnit(Call->getBeginLoc(),
                                        Erase->getBeginLoc()))
        continue;
      unsigned Line = SM.getExpansionLineNumber(Erase->getBeginLoc());
      diag(Call->getBeginLoc(), Rule.message(message::LinearScan::CppEviction))
          << Algorithm << Container << Line << Call->getSourceRange();
      return;
    }
    return;
  }

  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("find");
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop");
  if (!recordHasTrait(Knowledge, Range, "sequence"))
    return;
  // A container built inside the loop is not the loop's haystack.
  const Expr *Base = C1->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *R = dyn_cast<DeclRefExpr>(Base))
    D = R->getDecl();
  else if (const auto *M = dyn_cast<MemberExpr>(Base))
    D = M->getMemberDecl();
  if (!D)
    return;
  const SourceManager &SM = *Result.SourceManager;
  SourceRange L = Loop->getSourceRange();
  if (!SM.isBeforeInTranslationUnit(D->getLocation(), L.getBegin()) &&
      SM.isBeforeInTranslationUnit(D->getLocation(), L.getEnd()))
    return;
  diag(Call->getBeginLoc(), Rule.message(message::LinearScan::CppSearchInLoop))
      << Algorithm << Container << knowledgeName(Range)
      << Call->getSourceRange();
}

HAZARD_TIDY_CHECK(LinearScan, LinearScanCheck);

} // namespace hazard::cpp
