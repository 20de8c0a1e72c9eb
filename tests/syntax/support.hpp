// SPDX-License-Identifier: Apache-2.0
// Helpers of the syntax tests: parse a string, look at diagnostics by line and column.
#pragma once

#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "syntax/format.hpp"
#include "syntax/parser.hpp"

namespace credo::test {

struct parsed {
    diag::source_map sources;
    diag::diagnostics diags;
    syntax::rule_file file;
};

inline parsed parse_text(const std::string &text, const std::string &path = "test.credo") {
    parsed p;
    auto id = p.sources.add(path, text);
    p.file = syntax::parse(p.sources, id, p.diags);
    return p;
}

// One line a diagnostic: `line:column code message`.
inline std::vector<std::string> diagnostic_lines(const parsed &p) {
    std::vector<std::string> out;
    for (const auto &d : p.diags.items()) {
        auto loc = p.sources.locate(d.primary);
        out.push_back(std::to_string(loc.line) + ":" + std::to_string(loc.column) + " " + d.code + " " + d.message);
    }
    return out;
}

inline std::string all_rendered(const parsed &p) {
    std::string out;
    for (const auto &d : p.diags.items()) out += diag::render(d, p.sources);
    return out;
}

inline std::string format_text(const std::string &text) {
    auto p = parse_text(text);
    REQUIRE_MESSAGE(!p.diags.has_errors(), all_rendered(p));
    return syntax::format(p.file, p.sources);
}

}  // namespace credo::test
