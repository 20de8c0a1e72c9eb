// SPDX-License-Identifier: Apache-2.0
// `credo repair --db DB --entry ID --on DATE --reason TEXT --approved-by WHO`: credit repair
// (信用修复): an active entry leaves early.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct repair_args {
    std::string db, on, reason, approved_by;
    std::int64_t entry = 0;
};

int run_repair(const repair_args &a) {
    auto db = open_database(a.db, false);
    auto on = date_or_today(a.on, "--on");
    auto id = value_or_refusal(db.record_repair(a.entry, on, a.reason, a.approved_by));
    std::cout << fmt::format("repair {}: entry {} no longer counts from {}\n", id, a.entry, on.to_string());
    return exit_ok;
}

void add_repair_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<repair_args>();
    auto *cmd = app.add_subcommand("repair", "record a credit repair: the entry stops counting from --on");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--entry", args->entry, "entry id")->required();
    cmd->add_option("--on", args->on, "YYYY-MM-DD")->required();
    cmd->add_option("--reason", args->reason, "why the repair is granted")->required();
    cmd->add_option("--approved-by", args->approved_by, "who approved it")->required();
    cmd->callback([args, &ctx] { ctx.result = run_repair(*args); });
}

const command_registration registration{"repair", add_repair_command};

}  // namespace
}  // namespace credo::cli
