// SPDX-License-Identifier: Apache-2.0
// `credo repair --db DB --entry ID --on DATE --reason TEXT --approved-by WHO`: credit repair
// (信用修复): an active entry leaves early, not before the list's minimum publication period.
// `credo repair --db DB --entry ID --on DATE --performed --by WHO [--reason TEXT]`: performance
// (履行完毕) on a list whose entries end with it (court lists).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct repair_args {
    std::string db, rules, on, reason, approved_by;
    std::int64_t entry = 0;
    bool performed = false;
};

int run_repair(const repair_args &a) {
    if (!a.performed && a.reason.empty()) throw usage_error("--reason is required (or --performed for 履行完毕)");
    if (a.approved_by.empty()) {
        throw usage_error(a.performed ? "--by is required: who records the performance"
                                      : "--approved-by is required: who approved the repair");
    }
    auto catalog = catalog_from_rules(a.rules);
    auto db = open_database(a.db, false);
    auto on = date_or_today(a.on, "--on");
    if (a.performed) {
        auto id = value_or_refusal(db.record_performance(catalog, a.entry, on, a.approved_by, a.reason));
        std::cout << fmt::format("repair {}: performance (履行完毕) recorded; entry {} no longer counts from {}\n", id,
                                 a.entry, on.to_string());
        return exit_ok;
    }
    auto id = value_or_refusal(db.record_repair(catalog, a.entry, on, a.reason, a.approved_by));
    std::cout << fmt::format("repair {}: entry {} no longer counts from {}\n", id, a.entry, on.to_string());
    return exit_ok;
}

void add_repair_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<repair_args>();
    auto *cmd = app.add_subcommand(
        "repair",
        "record a credit repair, or with --performed the performance (履行完毕) that ends an entry on a court "
        "list: the entry stops counting from --on. A repair before the list's minimum publication period is "
        "refused");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_option("--entry", args->entry, "entry id")->required();
    cmd->add_option("--on", args->on, "YYYY-MM-DD")->required();
    cmd->add_option("--reason", args->reason, "why the repair is granted (with --performed: an optional note)");
    cmd->add_option("--approved-by,--by", args->approved_by, "who approved the repair, or recorded the performance");
    cmd->add_flag("--performed", args->performed,
                  "performance (履行完毕): only on a list whose entries end with it; never refused for the minimum "
                  "publication period");
    cmd->callback([args, &ctx] { ctx.result = run_repair(*args); });
}

const command_registration registration{"repair", add_repair_command};

}  // namespace
}  // namespace credo::cli
