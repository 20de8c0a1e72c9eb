// SPDX-License-Identifier: Apache-2.0
// `credo gen --entries N --relations M --out DIR`: synthetic list and relation files with valid
// identifiers, one list file per list of the rule set, for benchmarks.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store/generate.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct gen_args {
    std::string rules, out;
    std::uint64_t entries = 1000, relations = 1000, seed = 20161230;
};

int run_gen(const gen_args &a) {
    auto catalog = catalog_from_rules(a.rules);
    store::generate_options o;
    o.entries = a.entries;
    o.relations = a.relations;
    o.seed = a.seed;
    store::generated_files files;
    try {
        files = store::generate_data(catalog, a.out, o);
    } catch (const store::error &e) {
        throw usage_error(e.what());
    }
    for (const auto &[list, path] : files.lists) std::cout << fmt::format("{}  {}\n", list, path);
    std::cout << fmt::format("relations  {}\n", files.relations);
    std::cout << fmt::format("{} entries, {} relations\n", files.entries, files.relations_written);
    return exit_ok;
}

void add_gen_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<gen_args>();
    auto *cmd = app.add_subcommand("gen", "write synthetic list and relation CSV files for benchmarks");
    cmd->add_option("--entries", args->entries, "list entries over all lists");
    cmd->add_option("--relations", args->relations, "relations");
    cmd->add_option("--out", args->out, "output directory")->required();
    cmd->add_option("--seed", args->seed, "random seed (the same seed writes the same files)");
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->callback([args, &ctx] { ctx.result = run_gen(*args); });
}

const command_registration registration{"gen", add_gen_command};

}  // namespace
}  // namespace credo::cli
