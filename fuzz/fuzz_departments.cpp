// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the departments file reader (rules/departments.csv, department_map) with
// the shipped rules: any bytes as the file. It must load or fail with `file:line...` saying
// where; a loaded map must answer for every pair it holds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shipped_rules.hpp"
#include "workflow/departments.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace credo;
    const sema::rule_set &rules = fuzz::shipped_rules();
    std::string_view text(reinterpret_cast<const char *>(data), size);
    auto loaded = workflow::department_map::parse(text, "departments.csv", rules);
    if (!loaded) {
        if (loaded.error().rfind("departments.csv:", 0) != 0) {
            std::fprintf(stderr, "a problem that does not say where: %s\n", loaded.error().c_str());
            std::abort();
        }
        return 0;
    }
    std::size_t pairs = 0;
    for (const auto &m : rules.measures()) {
        for (const auto &implementer : m.implementers) {
            for (const auto &department : loaded->acting_for(implementer)) {
                if (!loaded->acts_for(department, implementer)) std::abort();
                ++pairs;
            }
        }
    }
    (void)pairs;
    return 0;
}
