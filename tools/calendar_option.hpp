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
#include "rules_option.hpp"

namespace credo::cli {

// `--calendar DIR` when given, else the `calendar` folder of the rule directory credo would use
// (`$CREDO_RULES`, `./rules`, or the installed rules: see rules_directory).
inline std::string calendar_directory(const std::string &option) {
    if (!option.empty()) return option;
    return rules_directory({}) + "/calendar";
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
