// SPDX-License-Identifier: Apache-2.0
// Parsing a rule file into the AST, reporting every syntax error (E01xx) it finds.
#pragma once

#include <cstddef>

#include "diag/diagnostic.hpp"
#include "syntax/ast.hpp"

namespace credo::syntax {

// Limits that keep hostile input from exhausting memory, stack or patience.
inline constexpr std::size_t max_file_size = 64u * 1024 * 1024;  // bytes
inline constexpr int max_nesting_depth = 200;                     // parentheses and `not` in a condition
inline constexpr std::size_t max_errors_per_file = 50;

// Parses one file of `sources`. Syntax errors go to `out`; after an error the parser skips to
// the next declaration keyword at the start of a line (or the next `measure`), so one run
// reports every error. The returned AST holds every declaration that parsed cleanly and
// every comment of the file.
rule_file parse(const diag::source_map &sources, diag::file_id file, diag::diagnostics &out);

}  // namespace credo::syntax
