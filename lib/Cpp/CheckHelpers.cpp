//===- CheckHelpers.cpp - Small AST helpers shared by hazard-* checks -----===//
#include "Cpp/CheckHelpers.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace hazard::cpp {

static const char *const TimerAdvice =
    "co_await a timer (e.g. steady_timer::async_wait) instead";
static const char *const IoAdvice =
    "use the executor's asynchronous I/O (async_read/async_write) instead";
static const char *const AwaitAdvice =
    "co_await an asynchronous equivalent, or run it on a thread pool";

std::optional<BlockingCall> blockingCall(const CallExpr *Call) {
  const FunctionDecl *Fn = Call->getDirectCallee();
  if (!Fn || !Fn->getIdentifier())
    return std::nullopt;
  llvm::StringRef Name = Fn->getName();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    QualType T = Member->getImplicitObjectArgument()->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
    if (!Record || !Record->getIdentifier())
      return std::nullopt;
    std::string Class = Record->getQualifiedNameAsString();
    bool Wait = Name == "wait" || Name == "wait_for" || Name == "wait_until";
    if ((Class == "std::future" || Class == "std::shared_future") &&
        (Wait || Name == "get"))
      return BlockingCall{Class + "::" + Name.str(),
                          "co_await the result instead of blocking on it"};
    if ((Class == "std::condition_variable" ||
         Class == "std::condition_variable_any") &&
        Wait)
      return BlockingCall{Class + "::" + Name.str(),
                          "co_await an asynchronous signal (a channel or a "
                          "timer cancelled on notify) instead"};
    if (Class == "std::thread" && Name == "join")
      return BlockingCall{"std::thread::join", AwaitAdvice};
    return std::nullopt;
  }
  const DeclContext *DC = Fn->getDeclContext()->getRedeclContext();
  if (DC->isTranslationUnit() ||
      (isa<LinkageSpecDecl>(Fn->getDeclContext()) &&
       Fn->getDeclContext()->getRedeclContext()->isTranslationUnit())) {
    const char *Advice =
        llvm::StringSwitch<const char *>(Name)
            .Cases("sleep", "usleep", "nanosleep", TimerAdvice)
            .Cases("read", "recv", "write", "send", IoAdvice)
            .Case("fsync", AwaitAdvice)
            .Cases("redisCommand", "redisCommandArgv", "redisGetReply",
                   "redisConnect",
                   "use hiredis's async API (redisAsyncCommand) "
                   "instead")
            .Case("curl_easy_perform",
                  "drive it with curl_multi, or run it on a "
                  "thread pool")
            .Cases("pthread_join", "pthread_cond_wait", "sem_wait", AwaitAdvice)
            .Default(nullptr);
    if (Advice)
      return BlockingCall{Name.str(), Advice};
    return std::nullopt;
  }
  const auto *NS = dyn_cast<NamespaceDecl>(DC);
  if (NS && NS->getName() == "this_thread" &&
      (Name == "sleep_for" || Name == "sleep_until") &&
      NS->getParent()->getRedeclContext()->isStdNamespace())
    return BlockingCall{"std::this_thread::" + Name.str(), TimerAdvice};
  return std::nullopt;
}

} // namespace hazard::cpp
