//===- RedisKeysCheck.cpp - hazard-redis-keys -----------------------------===//
//
// What it does: finds KEYS sent through hiredis and redis-plus-plus.
// Why is this bad: KEYS walks the whole keyspace and blocks the server.
// Use instead: hazard::scan_keys (shim/include/hazard/scan_keys.h).
//
//===----------------------------------------------------------------------===//
#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "RuleMessages.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {

/// Finds the Redis KEYS command sent through hiredis (format and argv forms)
/// and redis-plus-plus, and rewrites the synchronous forms to the runtime
/// shim's hazard::scan_keys, which runs a SCAN cursor loop.
class RedisKeysCheck : public HazardCheck {
public:
  RedisKeysCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const clang::Expr *Site, llvm::StringRef Receiver,
              std::optional<std::string> Replacement,
              const clang::SourceManager &SM);
};

RedisKeysCheck::RedisKeysCheck(llvm::StringRef Name,
                               tidy::ClangTidyContext *Context)
    : HazardCheck(Name, Context, RuleId::RedisKeys) {}

void RedisKeysCheck::registerMatchers(MatchFinder *Finder) {
  // Command functions of C clients, by how they take the command, and the
  // keys() method of C++ clients, from the knowledge base.
  Finder->addMatcher(callExpr(callee(functionDecl(anyNameOf(callablesWithTrait(
                                  Knowledge, "redis-format-command")))))
                         .bind("format-call"),
                     this);
  Finder->addMatcher(callExpr(callee(functionDecl(anyNameOf(callablesWithTrait(
                                  Knowledge, "redis-argv-command")))))
                         .bind("argv-call"),
                     this);
  Finder->addMatcher(
      cxxMemberCallExpr(
          callee(cxxMethodDecl(hasName("keys"),
                               ofClass(cxxRecordDecl(anyNameOf(typesWithTrait(
                                   Knowledge, "redis-commands")))))),
          on(expr().bind("object")))
          .bind("member-call"),
      this);
}

/// "KEYS", "keys user:*", "KEYS %s": the command name, any case, then a
/// space or the end. Sets Rest to what follows the name.
static bool isKeysCommand(llvm::StringRef Format, llvm::StringRef &Rest) {
  Format = Format.ltrim();
  if (!Format.starts_with_insensitive("keys"))
    return false;
  Rest = Format.drop_front(4);
  if (!Rest.empty() && !isspace(static_cast<unsigned char>(Rest.front())))
    return false;
  Rest = Rest.trim();
  return true;
}

static const StringLiteral *stringArg(const CallExpr *Call, unsigned Index) {
  if (Index >= Call->getNumArgs())
    return nullptr;
  return dyn_cast<StringLiteral>(Call->getArg(Index)->IgnoreParenImpCasts());
}

static llvm::StringRef sourceText(const Expr *E, const SourceManager &SM,
                                  const LangOptions &LO) {
  return Lexer::getSourceText(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM, LO);
}

void RedisKeysCheck::check(const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LO = Result.Context->getLangOpts();

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("format-call")) {
    const knowledge::Callable *Entry = calledEntry(Knowledge, Call);
    if (!Entry || !Entry->Command || Entry->Command->Position < 0)
      return;
    llvm::StringRef Rest;
    const StringLiteral *Format = stringArg(Call, Entry->Command->Position);
    if (!Format || !Format->isOrdinary() ||
        !isKeysCommand(Format->getString(), Rest))
      return;
    llvm::StringRef Context = sourceText(Call->getArg(0), SM, LO);
    // Rewrite only the synchronous call, in C++, in the shapes that map
    // one-to-one onto scan_keys(context, pattern).
    std::optional<std::string> Pattern;
    if (Entry->hasTrait("scan-keys-form") && LO.CPlusPlus) {
      if (Rest.empty() && Call->getNumArgs() == 2)
        Pattern = "\"*\"";
      else if (Rest == "%s" && Call->getNumArgs() == 3)
        Pattern = sourceText(Call->getArg(2), SM, LO).str();
      else if (!Rest.contains_insensitive("%") && !Rest.contains(' ') &&
               !Rest.contains('"') && !Rest.contains('\\') &&
               Call->getNumArgs() == 2)
        Pattern = "\"" + Rest.str() + "\"";
    }
    std::optional<std::string> Replacement;
    if (Pattern)
      Replacement =
          "hazard::scan_keys(" + Context.str() + ", " + *Pattern + ")";
    report(Call, Context, Replacement, SM);
    return;
  }

  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("argv-call")) {
    const knowledge::Callable *Entry = calledEntry(Knowledge, Call);
    if (!Entry || !Entry->Command || Entry->Command->Position < 0)
      return;
    unsigned ArgvIndex = Entry->Command->Position;
    if (ArgvIndex >= Call->getNumArgs())
      return;
    // argv names a local array whose first element is "KEYS".
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Call->getArg(ArgvIndex)->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    const auto *Init =
        Var && Var->getInit()
            ? dyn_cast<InitListExpr>(Var->getInit()->IgnoreParenImpCasts())
            : nullptr;
    if (!Init || Init->getNumInits() == 0)
      return;
    const auto *First =
        dyn_cast<StringLiteral>(Init->getInit(0)->IgnoreParenImpCasts());
    llvm::StringRef Rest;
    if (!First || !First->isOrdinary() ||
        !isKeysCommand(First->getString(), Rest) || !Rest.empty())
      return;
    report(Call, sourceText(Call->getArg(0), SM, LO), std::nullopt, SM);
    return;
  }

  if (const auto *Call =
          Result.Nodes.getNodeAs<CXXMemberCallExpr>("member-call")) {
    const auto *Object = Result.Nodes.getNodeAs<Expr>("object");
    const auto *Member =
        dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
    llvm::StringRef ObjectText = sourceText(Object, SM, LO);
    std::optional<std::string> Replacement;
    if (Member && Call->getNumArgs() == 2) {
      std::string Client = ObjectText.str();
      if (Member->isArrow())
        Client = isa<DeclRefExpr, MemberExpr>(Object->IgnoreParenImpCasts())
                     ? "*" + Client
                     : "*(" + Client + ")";
      Replacement = "hazard::scan_keys(" + Client + ", " +
                    sourceText(Call->getArg(0), SM, LO).str() + ", " +
                    sourceText(Call->getArg(1), SM, LO).str() + ")";
    }
    report(Call, ObjectText, Replacement, SM);
  }
}

void RedisKeysCheck::report(const Expr *Site, llvm::StringRef Receiver,
                            std::optional<std::string> Replacement,
                            const SourceManager &SM) {
  auto D = diag(Site->getBeginLoc(), Rule.message(message::RedisKeys::ScanKeys))
           << Receiver << Site->getSourceRange();
  if (!Replacement || Site->getBeginLoc().isMacroID() ||
      Site->getEndLoc().isMacroID())
    return;
  D << FixItHint::CreateReplacement(Site->getSourceRange(), *Replacement);
  if (auto Include = Inserter.createIncludeInsertion(
          SM.getFileID(Site->getBeginLoc()), "<hazard/scan_keys.h>"))
    D << *Include;
}

HAZARD_TIDY_CHECK(RedisKeys, RedisKeysCheck);

} // namespace hazard::cpp
