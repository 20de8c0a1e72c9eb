// SPDX-License-Identifier: Apache-2.0
// `credo lint [DIR] [--werror]`: parse and check a rule set and print every problem in it.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli.hpp"
#include "rules_option.hpp"

namespace credo::cli {
namespace {

struct lint_args {
    std::string directory;
    bool werror = false;
};

std::string plural(std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

int run_lint(const lint_args &args) {
    std::string directory = rules_directory(args.directory);
    diag::source_map sources;
    diag::diagnostics diags;
    auto rules = load_rules(directory, sources, diags);
    print_diagnostics(diags, sources);
    std::size_t errors = diags.error_count();
    std::size_t warnings = diags.warning_count();
    std::string files = plural(sources.size(), "file");
    if (errors == 0 && warnings == 0) {
        std::fputs(fmt::format("{}: {} checked, no problems; rules version {}\n", directory, files,
                               rules ? rules->version() : std::string("-"))
                       .c_str(),
                   stderr);
        return exit_ok;
    }
    std::fputs(fmt::format("{}: {} checked, {}, {}{}\n", directory, files, plural(errors, "error"),
                           plural(warnings, "warning"), args.werror && warnings > 0 ? " (warnings are errors)" : "")
                   .c_str(),
               stderr);
    return errors > 0 || (args.werror && warnings > 0) ? exit_findings : exit_ok;
}

void add_lint_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<lint_args>();
    auto *cmd = app.add_subcommand("lint", "check a rule set and print every problem in it");
    cmd->add_option("dir", args->directory, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_flag("--werror", args->werror, "exit 1 on warnings too");
    cmd->callback([args, &ctx] { ctx.result = run_lint(*args); });
}

const command_registration registration{"lint", add_lint_command};

}  // namespace
}  // namespace credo::cli
