//===- UnboundedContainerCheck.h - hazard-unbounded-container ---*- C++ -*-===//
#ifndef HAZARDLINT_RULES_UNBOUNDEDCONTAINERCHECK_H
#define HAZARDLINT_RULES_UNBOUNDEDCONTAINERCHECK_H

#include "Core/Rule.h"
#include "Cpp/HazardCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include <map>
#include <set>

namespace hazard::cpp {

/// Finds std containers owned by a class or a namespace-scope static that
/// code adds to while nothing removes from them. The verdict needs every
/// member function: the CLI records facts from all translation units of the
/// run and reports from a run finisher; under clang-tidy (one TU per
/// process) the check reports only classes whose members are all defined in
/// the TU at hand.
class UnboundedContainerCheck : public HazardCheck {
public:
  UnboundedContainerCheck(llvm::StringRef Name,
                          clang::tidy::ClangTidyContext *Context);
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  /// A place in a file, kept as text so that facts outlive the TU.
  struct Site {
    std::string Path; // absolute
    unsigned Begin = 0, End = 0, Line = 0, Column = 0;
    std::string LineText;
    bool InMainFile = false;
  };
  struct Edit {
    unsigned Begin = 0, End = 0;
    std::string Text;
  };
  /// What the run knows of one container (a member or a static).
  struct Container {
    std::string Shown, Owner; // Owner: the class whose methods must all be seen
    std::optional<Site> Decl, FirstAdd;
    std::string AddMethod;
    bool Removed = false;
    bool FixCompatible = true;
    std::vector<Edit> Fix; // in Decl's file; empty when not mechanical
  };
  struct Facts {
    std::map<std::string, Container> Containers;
    std::map<std::string, std::set<std::string>> Declared, Defined; // by class
  };

private:
  void noteClass(const clang::CXXRecordDecl *RD);
  std::vector<Edit> fixFor(const clang::FieldDecl *FD,
                           const clang::SourceManager &SM);

  clang::tidy::utils::IncludeInserter Inserter;
  const int64_t MaxSize;
  Facts TU;
  std::map<std::string, clang::SourceLocation> DeclLocs, AddLocs;
  std::map<std::string, const clang::FieldDecl *> Fields;
  std::set<const clang::CXXRecordDecl *> SeenClasses;
  const clang::SourceManager *SM = nullptr;
  const clang::LangOptions *LO = nullptr;
};

} // namespace hazard::cpp

#endif
