//===- TextPositions.h - LSP positions, buffer edits, comments --*- C++ -*-===//
//
// LSP counts lines from 0 and characters in UTF-16 code units unless client
// and server agree on UTF-8. These functions convert between those positions
// and byte offsets of a buffer, and build the suppression comments of each
// language (see Core/Suppressions.h).
//
//===----------------------------------------------------------------------===//
#ifndef HAZARDLINT_SERVER_TEXTPOSITIONS_H
#define HAZARDLINT_SERVER_TEXTPOSITIONS_H

#include "Core/Finding.h"
#include "Core/Rule.h"
#include <string>
#include <string_view>
#include <vector>

namespace hazard::server {

/// A 0-based line and a character in the negotiated encoding.
struct LspPosition {
  unsigned Line = 0, Character = 0;
};

/// A line's length in UTF-16 code units (Utf8: in bytes).
unsigned lineLength(std::string_view Line, bool Utf8);
/// The byte offset of Pos in Text; a character past the end of its line is
/// the line's end, a line past the end of Text is its end.
size_t offsetAt(std::string_view Text, LspPosition Pos, bool Utf8);
/// The text of each line, without line terminators.
std::vector<std::string_view> splitLines(std::string_view Text);

/// An edit in LSP terms: the range it replaces and the new text.
struct LineEdit {
  LspPosition Begin, End;
  std::string NewText;
};

/// Adds a suppression of Rule for line Line (0-based) of Lines: a trailing
/// comment, or the rule added to the one already there.
LineEdit suppressOnLine(const std::vector<std::string_view> &Lines,
                        unsigned Line, Language Lang, const std::string &Rule,
                        bool Utf8);
/// Adds a file-wide suppression of Rule: a comment at the top (after a
/// shebang or encoding line), or the rule added to the one already there.
LineEdit suppressInFile(const std::vector<std::string_view> &Lines,
                        Language Lang, const std::string &Rule, bool Utf8);

} // namespace hazard::server

#endif
