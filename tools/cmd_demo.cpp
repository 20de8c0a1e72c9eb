// SPDX-License-Identifier: Apache-2.0
// `credo demo`: the main job a new user runs first; shows what credo does on sample input.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "credo/ids.hpp"

namespace credo::cli {
namespace {

struct sample {
    const char *code;
    const char *what;
};

int run_demo() {
    // Real, published codes of well-known organisations, textbook resident IDs, and mistakes
    // of the kinds an operator makes when typing them.
    const sample samples[] = {
        {"914403001922038216", "华为技术有限公司"},
        {"9144030071526726XG", "腾讯科技（深圳）有限公司"},
        {"92371000MA3MXH0E3W", "an individual business"},
        {"91350100M000100Y43", "a Fujian enterprise"},
        {"９１１１０１０８５５１３８５０８２ｑ", "小米 typed in full-width, lower case"},
        {"11010519491231002X", "the GB 11643 example ID"},
        {"110105491231002", "the same person's legacy 15-digit ID"},
        {"91350100M000100Y4X", "a wrong check character"},
        {"110105199002301231", "a birth date of 30 February"},
        {"9144030071526726XO", "the letter O, never used in credit codes"},
        {"91350100M0001TGQXM", "an early pilot code that fails its check"},
    };
    std::cout << "credo demo: identifier validation (GB 32100-2015, GB 11643-1999)\n\n";
    int valid = 0;
    int invalid = 0;
    for (const auto &s : samples) {
        auto r = ids::validate(s.code);
        std::string shown = ids::mask(r.normalized.empty() ? std::string(s.code) : r.normalized);
        std::cout << fmt::format("  {:<20} {:<20} ", shown, s.what);
        if (r.valid) {
            ++valid;
            std::cout << fmt::format("valid {} ({})\n", ids::to_string(*r.kind), ids::to_string(*r.scheme));
        } else {
            ++invalid;
            std::cout << fmt::format("invalid: {}\n", r.reason);
        }
        for (const auto &warning : r.warnings) std::cout << fmt::format("  {:<20} warning: {}\n", "", warning);
    }
    auto pilot = ids::validate("91350100M0001TGQXM", ids::options{.lenient = true});
    std::cout << fmt::format("\n  in lenient mode the pilot code is {}: {}\n", pilot.valid ? "accepted" : "rejected",
                             pilot.warnings.empty() ? std::string("no warning") : pilot.warnings.front());
    std::cout << fmt::format("\n{} valid, {} invalid\n", valid, invalid);
    return exit_ok;
}

void add_demo_command(CLI::App &app, context &ctx) {
    auto *cmd = app.add_subcommand("demo", "show credo at work on sample data");
    cmd->callback([&ctx] { ctx.result = run_demo(); });
}

const command_registration registration{"demo", add_demo_command};

}  // namespace
}  // namespace credo::cli
