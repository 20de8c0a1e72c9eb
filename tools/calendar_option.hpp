// SPDX-License-Identifier: Apache-2.0
// The `--calendar DIR` option that `credo deadline` and `credo calendar` share, and loading it.
#pragma once

#include <fmt/format.h>
#include <iostream>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli.hpp"
#include "credo/calendar.hpp"

namespace credo::cli {

// `--calendar DIR` when given, else `$CREDO_RULES/calendar`, else `./rules/calendar`.
inline std::string calendar_directory(const std::string &option) {
    if (!option.empty()) return option;
    const char *rules = std::getenv("CREDO_RULES");
    if (rules && *rules) return std::string(rules) + "/calendar";
    return "rules/calendar";
}

// Loads the calendar or prints every problem in it and throws usage_error (exit 2).
inline workflow::working_calendar load_calendar_or_throw(const std::string &directory) {
    auto loaded = workflow::load_calendar(directory);
    if (!loaded.calendar) {
        for (const auto &problem : loaded.problems) std::cerr << workflow::to_string(problem);
        throw usage_error(fmt::format("the working-day calendar in `{}` has {} {}", directory, loaded.problems.size(),
                                      loaded.problems.size() == 1 ? "problem" : "problems"));
    }
    return std::move(*loaded.calendar);
}

}  // namespace credo::cli
