//===- ConnectionPerCallCheck.cpp - hazard-connection-per-call ------------===//
//
// What it does: finds redisConnect*, curl_easy_init and
// grpc::Create(Custom)Channel called in a per-request function: one named
// like a handler (handle*, *Handler, on_request, serve*, process_request) or
// taking a request or response parameter, and not a constructor, main or an
// init/setup/connect function. A result kept in a static local or assigned
// to a member (a lazily created, long-lived client) is not reported.
// Why is this bad: every request pays TCP/TLS setup and leaves sockets in
// TIME_WAIT; under load it exhausts ports and the server's connections.
// Use instead: create the client once and reuse it.
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

class ConnectionPerCallCheck : public HazardCheck {
public:
  ConnectionPerCallCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

ConnectionPerCallCheck::ConnectionPerCallCheck(llvm::StringRef Name,
                                               tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::ConnectionPerCall) {}

void ConnectionPerCallCheck::registerMatchers(MatchFinder *Finder) {
  // Calls the knowledge base says build a client.
  std::vector<std::string> Builders =
      callableNames(Knowledge, [&](const knowledge::Callable &C) {
        return Knowledge.clientBuiltBy(C.Name).has_value();
      });
  Finder->addMatcher(
      callExpr(callee(functionDecl(anyNameOf(Builders)).bind("callee")),
               forCallable(functionDecl().bind("fn")),
               unless(isExpansionInSystemHeader()))
          .bind("call"),
      this);
}

/// Functions that set up long-lived state.
static bool setupName(llvm::StringRef Name) {
  std::string L = Name.lower();
  llvm::StringRef N(L);
  return N.contains("init") || N.contains("setup") || N.contains("connect") ||
         N.contains("create") || N.contains("make") || N.contains("build") ||
         N.contains("open") || N.contains("start") || N == "main";
}

static bool handlerName(llvm::StringRef Name) {
  std::string L = Name.lower();
  llvm::StringRef N(L);
  return N.starts_with("handle") || N.ends_with("handler") ||
         N.starts_with("on_request") || N.starts_with("onrequest") ||
         N.starts_with("serve") || N.contains("process_request") ||
         N.contains("processrequest");
}

/// A parameter of a request or response type (HttpRequest, or a type the
/// knowledge base calls a request context: grpc's ServerContext).
static bool takesRequest(const knowledge::KnowledgeBase &KB,
                         const FunctionDecl *F) {
  for (const ParmVarDecl *P : F->parameters()) {
    QualType T = P->getType().getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const auto *RD = T.getCanonicalType()->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier())
      continue;
    llvm::StringRef N = RD->getName();
    if (N.contains("Request") || N.contains("Response") ||
        recordHasTrait(KB, RD, "request-context"))
      return true;
  }
  return false;
}

void ConnectionPerCallCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  const auto *Callee = Result.Nodes.getNodeAs<FunctionDecl>("callee");
  if (!Fn->getIdentifier() || isa<CXXConstructorDecl, CXXDestructorDecl>(Fn) ||
      Fn->isMain())
    return;
  if (setupName(Fn->getName()) ||
      !(handlerName(Fn->getName()) || takesRequest(Knowledge, Fn)))
    return;
  // Kept for later calls: `static auto *c = redisConnect(...)` or
  // `ctx_ = redisConnect(...)`.
  ASTContext &Ctx = *Result.Context;
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (int Depth = 0; Depth < 4; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      break;
    Node = Parents[0];
    if (const auto *VD = Node.get<VarDecl>(); VD && VD->isStaticLocal())
      return;
    if (const auto *BO = Node.get<BinaryOperator>();
        BO && BO->getOpcode() == BO_Assign &&
        isa<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      return;
  }
  auto Client = Knowledge.clientBuiltBy(knowledgeName(Callee));
  if (!Client)
    return;
  diag(Call->getBeginLoc(),
       Rule.message(message::ConnectionPerCall::CppPerCall))
      << Callee->getQualifiedNameAsString()
      << (Client->Noun.empty() ? Client->Client + " client" : Client->Noun)
      << Fn->getName() << Call->getSourceRange();
}

HAZARD_TIDY_CHECK(ConnectionPerCall, ConnectionPerCallCheck);

} // namespace hazard::cpp
