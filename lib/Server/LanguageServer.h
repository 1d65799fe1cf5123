//===- LanguageServer.h - `hazardlint server`, the LSP server ---*- C++ -*-===//
//
// Lints open Python, Go and C/C++ buffers as they change (debounced), with
// the rules, configs and messages of `check`; offers each finding's fix and
// suppression comments as code actions and the rule's page on hover. Facts
// that need the whole workspace (lock order, members bounded elsewhere) come
// from a background run over the workspace, repeated on save.
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_SERVER_LANGUAGESERVER_H
#define HAZARDLINT_SERVER_LANGUAGESERVER_H

#include <cstdio>

namespace hazard::server {

/// Speaks LSP on In and Out until the client's `exit`; returns the exit
/// code the protocol asks for (0 after `shutdown`, else 1).
int runLanguageServer(std::FILE *In, std::FILE *Out);

} // namespace hazard::server

#endif
