// SPDX-License-Identifier: Apache-2.0
// The shipped rule set (rules/), loaded once for the fuzz targets that check input against it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "diag/diagnostic.hpp"
#include "sema/rule_set.hpp"

namespace credo::fuzz {

inline const sema::rule_set &shipped_rules() {
    static const std::shared_ptr<const sema::rule_set> rules = [] {
        diag::source_map sources;
        diag::diagnostics diags;
        auto loaded = sema::load_rule_set(CREDO_SOURCE_DIR "/rules", sources, diags);
        if (!loaded) {
            std::fputs("fuzz: the shipped rules do not load\n", stderr);
            std::abort();
        }
        return loaded;
    }();
    return *rules;
}

}  // namespace credo::fuzz
