//===- KnowledgeToml.h - Knowledge entries from a parsed TOML table -*- C++
//-*-===//
//
// For readers that already hold a TOML document, such as the project config
// with its [knowledge.<language>] tables: positions in errors are those of
// the document's own source.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_KNOWLEDGE_KNOWLEDGETOML_H
#define HAZARDLINT_KNOWLEDGE_KNOWLEDGETOML_H

#include "Knowledge/KnowledgeBase.h"
#include <toml++/toml.h>

namespace hazard::knowledge {

/// Adds Doc's entries to KB; see KnowledgeBase::addToml.
bool addTable(KnowledgeBase &KB, const toml::table &Doc,
              std::string_view Origin, std::string &Error);

} // namespace hazard::knowledge

#endif
