// SPDX-License-Identifier: Apache-2.0
// The rule directory that `credo lint`, `credo rules` (and later commands that read rules) share,
// and loading a compiled rule set from it with every diagnostic printed.
#pragma once

#include <fmt/format.h>
#include <iostream>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cli.hpp"
#include "diag/diagnostic.hpp"
#include "sema/rule_set.hpp"

namespace credo::cli {

// The directory given, else `$CREDO_RULES`, else `./rules` when there is one (a checkout), else
// the rules installed beside this `credo` (`<prefix>/share/credo/rules`), else `rules` (whose
// absence the caller reports).
inline std::string rules_directory(const std::string &option) {
    if (!option.empty()) return option;
    const char *rules = std::getenv("CREDO_RULES");
    if (rules && *rules) return rules;
    std::error_code ec;
    if (std::filesystem::is_directory("rules", ec)) return "rules";
#ifdef CREDO_RULES_FROM_BIN
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = (self.parent_path() / CREDO_RULES_FROM_BIN).lexically_normal();
        if (std::filesystem::is_directory(installed, ec)) return installed.string();
    }
#endif
    return "rules";
}

// Writes every diagnostic, rendered with its source excerpt, to stderr in file and position order.
inline void print_diagnostics(diag::diagnostics &diags, const diag::source_map &sources) {
    diags.sort();
    for (const auto &d : diags.items()) std::cerr << diag::render(d, sources);
}

// Loads the rule set; an unreadable directory throws usage_error (exit 2).
inline std::shared_ptr<const sema::rule_set> load_rules(const std::string &directory, diag::source_map &sources,
                                                        diag::diagnostics &diags) {
    try {
        return sema::load_rule_set(directory, sources, diags);
    } catch (const sema::load_error &e) {
        throw usage_error(e.what());
    }
}

// Loads the rule set or prints its diagnostics and throws usage_error (exit 2): for commands that
// need working rules rather than commands that check them.
inline std::shared_ptr<const sema::rule_set> load_rules_or_throw(const std::string &directory) {
    diag::source_map sources;
    diag::diagnostics diags;
    auto rules = load_rules(directory, sources, diags);
    if (!rules) {
        print_diagnostics(diags, sources);
        throw usage_error(fmt::format("the rules in `{}` have {} {}; run `credo lint {}`", directory,
                                      diags.error_count(), diags.error_count() == 1 ? "error" : "errors", directory));
    }
    return rules;
}

}  // namespace credo::cli
