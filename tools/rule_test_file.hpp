// SPDX-License-Identifier: Apache-2.0
// The parser of `credo test` files (*.credo-test, docs/rule-tests.md), reachable without the
// command line: the fuzz target fuzz_rule_test feeds it any bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sema/rule_set.hpp"

namespace credo::cli {

// Parses the text of a rule-test file against `rules` and returns its problems, each as
// `line:column: message`, in file order; empty when the file is well formed. Runs nothing.
std::vector<std::string> rule_test_problems(const sema::rule_set &rules, std::string_view text);

}  // namespace credo::cli
