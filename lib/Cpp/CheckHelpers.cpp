//===- CheckHelpers.cpp - Small AST helpers shared by hazard-* checks -----===//
#include "Cpp/CheckHelpers.h"

using namespace clang;

namespace hazard::cpp {

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  return T.getCanonicalType()->getAsCXXRecordDecl();
}

std::optional<BlockingCall> blockingCall(const knowledge::KnowledgeBase &KB,
                                         const CallExpr *Call) {
  const knowledge::Callable *Entry = calledEntry(KB, Call);
  if (!Entry || !Entry->Blocks)
    return std::nullopt;
  // std::getline blocks when what it reads is a file.
  if (Entry->hasTrait("blocks-on-stream-argument") &&
      !(Call->getNumArgs() > 0 &&
        recordHasTrait(KB, recordOf(Call->getArg(0)->getType()),
                       "file-stream")))
    return std::nullopt;
  const FunctionDecl *Fn = Call->getDirectCallee();
  std::string Name = knowledgeName(Fn);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    if (const CXXRecordDecl *Object =
            recordOf(Member->getImplicitObjectArgument()
                         ->IgnoreParenImpCasts()
                         ->getType()))
      Name = knowledgeName(Object) + "::" + Fn->getNameAsString();
  return BlockingCall{std::move(Name), Entry};
}

} // namespace hazard::cpp
