//===- DecompressionBombCheck.cpp - hazard-decompression-bomb -------------===//
//
// What it does: finds zlib inflate() loops that append the output to a
// growing buffer (insert, append, push_back, resize, memcpy) and never
// compare the total output (total_out, size(), or a running total) with a
// bound.
// Why is this bad: a few kilobytes of deflate input can expand to gigabytes.
// Use instead: stop (or fail) once the output passes a maximum size.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

class DecompressionBombCheck : public HazardCheck {
public:
  DecompressionBombCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

DecompressionBombCheck::DecompressionBombCheck(llvm::StringRef Name,
                                               tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::DecompressionBomb) {}

void DecompressionBombCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasName("::inflate"))),
               hasAncestor(stmt(
                   anyOf(whileStmt(), doStmt(), forStmt(), cxxForRangeStmt()))),
               unless(isExpansionInSystemHeader()))
          .bind("inflate"),
      this);
}

namespace {

/// What the outermost loop around an inflate() call does with the output.
struct LoopFacts : RecursiveASTVisitor<LoopFacts> {
  bool Appends = false;
  bool Capped = false;
  std::set<const Decl *> Totals; // variables the loop adds to (`n += got`)
  std::vector<const BinaryOperator *> Comparisons;

  bool VisitCallExpr(CallExpr *C) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      if (const CXXMethodDecl *M = MC->getMethodDecl(); M && M->getIdentifier())
        Appends |= llvm::is_contained(
            {"insert", "append", "push_back", "emplace_back", "resize"},
            M->getName());
    } else if (const FunctionDecl *F = C->getDirectCallee();
               F && F->getIdentifier()) {
      Appends |=
          llvm::is_contained({"memcpy", "memmove", "copy"}, F->getName());
    }
    return true;
  }
  bool VisitCompoundAssignOperator(CompoundAssignOperator *O) {
    if (O->getOpcode() == BO_AddAssign)
      if (const auto *R =
              dyn_cast<DeclRefExpr>(O->getLHS()->IgnoreParenImpCasts()))
        Totals.insert(R->getDecl());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *O) {
    if (O->isRelationalOp())
      Comparisons.push_back(O);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
};

/// Whether E reads a size: `strm.total_out`, `out.size()`, or a running
/// total of the loop.
struct MentionsSize : RecursiveASTVisitor<MentionsSize> {
  const std::set<const Decl *> &Totals;
  bool Found = false;
  explicit MentionsSize(const std::set<const Decl *> &Totals)
      : Totals(Totals) {}
  bool VisitMemberExpr(MemberExpr *M) {
    if (const auto *ID = M->getMemberDecl()->getIdentifier())
      Found |=
          llvm::is_contained({"total_out", "size", "length"}, ID->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *R) {
    Found |= Totals.count(R->getDecl()) > 0;
    return true;
  }
};

} // namespace

void DecompressionBombCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("inflate");
  ASTContext &Ctx = *Result.Context;
  // The outermost loop of the function: the cap is often checked once per
  // chunk, outside the inner loop that drains the stream.
  const Stmt *Loop = nullptr;
  DynTypedNode Node = DynTypedNode::create(*Call);
  while (true) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      break;
    Node = Parents[0];
    if (Node.get<FunctionDecl>() || Node.get<LambdaExpr>())
      break;
    if (const auto *S = Node.get<Stmt>())
      if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt>(S))
        Loop = S;
  }
  if (!Loop || Call->getNumArgs() == 0)
    return;
  LoopFacts Facts;
  Facts.TraverseStmt(const_cast<Stmt *>(Loop));
  if (!Facts.Appends)
    return;
  for (const BinaryOperator *O : Facts.Comparisons) {
    MentionsSize M(Facts.Totals);
    M.TraverseStmt(const_cast<BinaryOperator *>(O));
    if (M.Found)
      return;
  }
  const Expr *Stream = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Stream);
      U && U->getOpcode() == UO_AddrOf)
    Stream = U->getSubExpr()->IgnoreParenImpCasts();
  std::string Text =
      Lexer::getSourceText(
          CharSourceRange::getTokenRange(Stream->getSourceRange()),
          *Result.SourceManager, Ctx.getLangOpts())
          .str();
  diag(Call->getBeginLoc(), Rule.messageFor(Language::Cpp))
      << "this zlib inflate() loop" << Text << Call->getSourceRange();
}

HAZARD_TIDY_CHECK(DecompressionBomb, DecompressionBombCheck);

} // namespace hazard::cpp
