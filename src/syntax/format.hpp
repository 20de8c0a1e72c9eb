// SPDX-License-Identifier: Apache-2.0
// The canonical printer of rule files (`credo fmt`) and AST equality for round-trip checks.
#pragma once

#include <string>

#include "diag/diagnostic.hpp"
#include "syntax/ast.hpp"

namespace credo::syntax {

// Canonical text: 2-space indentation, properties one a line in the order of the language
// reference's tables, a blank line between top-level declarations (except within a run of
// one-line vocabulary declarations of one keyword, `role a "A"` / `role b "B"`) and before each
// nested measure, `a, b` lists, canonical string escapes, comments kept (a comment on a line of
// its own goes before the next declaration or property, keeping one blank line after it if the
// source had one; a comment after code stays at the end of that line), a final newline.
// `sources` supplies the text that comments are placed by.
// Idempotent: format(parse(format(x))) == format(x).
std::string format(const rule_file &file, const diag::source_map &sources);

// Equal ignoring spans and comments.
bool same_meaning(const rule_file &a, const rule_file &b);

}  // namespace credo::syntax
