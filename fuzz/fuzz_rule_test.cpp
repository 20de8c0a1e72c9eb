// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the parser of `credo test` files (*.credo-test, docs/rule-tests.md) with
// the shipped rules: any bytes as a test file. It must end with the file's problems, each with
// a line and column, or none; it runs nothing.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "rule_test_file.hpp"
#include "shipped_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace credo;
    std::string_view text(reinterpret_cast<const char *>(data), size);
    for (const auto &problem : cli::rule_test_problems(fuzz::shipped_rules(), text)) {
        if (problem.empty() || problem.front() < '1' || problem.front() > '9') {
            std::fprintf(stderr, "a problem without a line: %s\n", problem.c_str());
            std::abort();
        }
    }
    return 0;
}
