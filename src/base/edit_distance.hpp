// SPDX-License-Identifier: Apache-2.0
// The edit distance behind every "did you mean" of the rule compiler, the engine and imports.
#pragma once

#include <cstddef>
#include <string_view>

namespace credo::base {

// Levenshtein distance between `a` and `b` in bytes: insertions, deletions and substitutions
// each cost 1. Identifiers are ASCII, so bytes are characters where it is used.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace credo::base
