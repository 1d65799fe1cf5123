//===- DecompressionBombCheck.cpp - hazard-decompression-bomb -------------===//
//
// What it does: finds loops around a streaming decompressor of the knowledge
// base (zlib's inflate()) that append the output to a growing buffer (a
// method the knowledge base says adds to or resizes its object, or a copy
// such as memcpy) and never compare the total output (the stream's output
// count such as total_out, a buffer's size(), or a running total) with a
// bound.
// Why is this bad: a few kilobytes of deflate input can expand to gigabytes.
// Use instead: stop (or fail) once the output passes a maximum size.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/CheckHelpers.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
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
      callExpr(callee(functionDecl(
                   anyNameOf(callablesWithTrait(Knowledge, "decompresses")))),
               hasAncestor(stmt(
                   anyOf(whileStmt(), doStmt(), forStmt(), cxxForRangeStmt()))),
               unless(isExpansionInSystemHeader()))
          .bind("inflate"),
      this);
}

namespace {

/// What the outermost loop around a decompressor call does with the output:
/// grows a buffer (a method that adds to a container or string or resizes
/// it, or a copy, as the knowledge base says), and compares what with a
/// bound.
struct LoopFacts : RecursiveASTVisitor<LoopFacts> {
  const knowledge::KnowledgeBase &KB;
  explicit LoopFacts(const knowledge::KnowledgeBase &KB) : KB(KB) {}
  bool Appends = false;
  bool Capped = false;
  std::set<const Decl *> Totals; // variables the loop adds to (`n += got`)
  std::vector<const BinaryOperator *> Comparisons;

  bool VisitCallExpr(CallExpr *C) {
    const knowledge::Callable *E = calledEntry(KB, C);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      if (M && M->getIdentifier())
        Appends |= (E && E->hasTrait("resizes")) ||
                   recordEntry(
                       KB, recordOf(MC->getImplicitObjectArgument()->getType()),
                       [&](const knowledge::Type &T) {
                         return llvm::is_contained(T.Adds, M->getName());
                       });
    } else if (E) {
      Appends |= E->hasTrait("copies-into");
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

/// Whether E reads a size: the decompressor's output count
/// (`strm.total_out`), a buffer's size (a `reports-size` method), or a
/// running total of the loop.
struct MentionsSize : RecursiveASTVisitor<MentionsSize> {
  const knowledge::KnowledgeBase &KB;
  const std::set<const Decl *> &Totals;
  llvm::StringRef CountsOutput;
  bool Found = false;
  MentionsSize(const knowledge::KnowledgeBase &KB,
               const std::set<const Decl *> &Totals,
               llvm::StringRef CountsOutput)
      : KB(KB), Totals(Totals), CountsOutput(CountsOutput) {}
  bool VisitMemberExpr(MemberExpr *M) {
    if (const auto *ID = M->getMemberDecl()->getIdentifier())
      Found |= !CountsOutput.empty() && ID->getName() == CountsOutput;
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
    const knowledge::Callable *E = calledEntry(KB, C);
    Found |= E && E->hasTrait("reports-size");
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
  const knowledge::Callable *Decompressor = calledEntry(Knowledge, Call);
  if (!Decompressor)
    return;
  LoopFacts Facts(Knowledge);
  Facts.TraverseStmt(const_cast<Stmt *>(Loop));
  if (!Facts.Appends)
    return;
  for (const BinaryOperator *O : Facts.Comparisons) {
    MentionsSize M(Knowledge, Facts.Totals, Decompressor->CountsOutput);
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
  bool Named = !Decompressor->Noun.empty();
  diag(Call->getBeginLoc(),
       Rule.message(Named ? message::DecompressionBomb::CppLoop
                          : message::DecompressionBomb::CppCallLoop))
      << (Named ? Decompressor->Noun : Decompressor->Name) << Text
      << Call->getSourceRange();
}

HAZARD_TIDY_CHECK(DecompressionBomb, DecompressionBombCheck);

} // namespace hazard::cpp
