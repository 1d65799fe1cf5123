//===- CheckHelpers.h - Small AST helpers shared by hazard-* checks -*- C++
//-*-===//
#ifndef HAZARDLINT_CPP_CHECKHELPERS_H
#define HAZARDLINT_CPP_CHECKHELPERS_H

#include "Cpp/HazardCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include <optional>
#include <string>

namespace hazard::cpp {

inline llvm::StringRef sourceText(clang::SourceRange R,
                                  const clang::ASTContext &Ctx) {
  return clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(R),
                                     Ctx.getSourceManager(), Ctx.getLangOpts());
}

/// The object of `x.f()` / `p->f()` as an lvalue expression: "x", "*p".
inline std::string objectText(const clang::CXXMemberCallExpr *Call,
                              const clang::ASTContext &Ctx) {
  const clang::Expr *Object = Call->getImplicitObjectArgument();
  std::string Text = sourceText(Object->getSourceRange(), Ctx).str();
  const auto *Member =
      llvm::dyn_cast<clang::MemberExpr>(Call->getCallee()->IgnoreParens());
  if (!Member || !Member->isArrow())
    return Text;
  if (llvm::isa<clang::DeclRefExpr, clang::MemberExpr, clang::CXXThisExpr>(
          Object->IgnoreParenImpCasts()))
    return "*" + Text;
  return "*(" + Text + ")";
}

/// Whether the range can be rewritten: no part of it comes from a macro.
inline bool isRewritable(clang::SourceRange R) {
  return R.isValid() && !R.getBegin().isMacroID() && !R.getEnd().isMacroID();
}

/// The declaration an expression names directly (`x`, `this->x`, `obj.x`),
/// for "the same variable" comparisons; null for anything else.
inline const clang::ValueDecl *referencedDecl(const clang::Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *U = llvm::dyn_cast<clang::UnaryOperator>(E))
    if (U->getOpcode() == clang::UO_AddrOf || U->getOpcode() == clang::UO_Deref)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = llvm::dyn_cast<clang::DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = llvm::dyn_cast<clang::MemberExpr>(E))
    return Member->getMemberDecl();
  return nullptr;
}

/// The innermost function, method or lambda body E belongs to.
inline const clang::FunctionDecl *enclosingFunction(const clang::Stmt *S,
                                                    clang::ASTContext &Ctx) {
  clang::DynTypedNodeList Parents = Ctx.getParents(*S);
  while (!Parents.empty()) {
    const clang::DynTypedNode &P = Parents[0];
    if (const auto *F = P.get<clang::FunctionDecl>())
      return F;
    if (const auto *L = P.get<clang::LambdaExpr>())
      return L->getCallOperator();
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

/// Whether F is a coroutine: its body has co_await, co_yield or co_return.
inline bool isCoroutine(const clang::FunctionDecl *F) {
  return F && F->getBody() && llvm::isa<clang::CoroutineBodyStmt>(F->getBody());
}

/// A call that blocks its thread, as the knowledge base says: the name to
/// show ("read", "std::future::get") and the entry (with what a coroutine
/// does instead). The one notion of "blocks" of the C/C++ checks.
struct BlockingCall {
  std::string Name;
  const knowledge::Callable *Entry = nullptr;
};
std::optional<BlockingCall> blockingCall(const knowledge::KnowledgeBase &KB,
                                         const clang::CallExpr *Call);

/// The record behind an expression's type, through references and pointers.
const clang::CXXRecordDecl *recordOf(clang::QualType T);

} // namespace hazard::cpp

#endif
