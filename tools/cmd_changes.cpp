// SPDX-License-Identifier: Apache-2.0
// `credo changes --db DB --since CURSOR [--implementer DEPT]`: push (信息推送) of the listings,
// repairs, revocations and objection changes that concern an implementer's measures.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli.hpp"
#include "rules_option.hpp"
#include "workflow/changes.hpp"
#include "workflow_options.hpp"

namespace credo::cli {
namespace {

struct changes_args {
    std::string db;
    std::string rules;
    std::int64_t since = 0;
    std::string implementer;
    std::size_t limit = 0;
    bool json = false;
    bool show_ids = false;
};

int run_changes(const changes_args &args) {
    if (args.since < 0) throw usage_error("--since: a cursor is 0 or a number returned by an earlier call");
    std::string rules_dir = rules_directory(args.rules);
    auto rules = load_rules_or_throw(rules_dir);
    auto departments = load_departments_or_throw(rules_dir, *rules);
    auto db = open_store_or_throw(args.db);
    workflow::changes_options o;
    o.since = args.since;
    o.implementer = args.implementer;
    o.departments = &departments;
    o.limit = args.limit;
    auto r = workflow::changes_since(db, *rules, o);
    if (args.json) std::cout << workflow::to_json(r, args.show_ids) << '\n';
    else std::cout << workflow::to_text(r, args.show_ids);
    return exit_ok;
}

void add_changes_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<changes_args>();
    auto *cmd = app.add_subcommand(
        "changes", "push: listings, repairs, revocations and objection changes since a cursor, with the measures "
                   "an implementer must now apply or stop applying");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_option("--since", args->since, "the cursor printed by the previous call (0: from the start)")->required();
    cmd->add_option("--implementer", args->implementer, "only the measures this department implements or acts for "
                    "(rules/departments.csv)");
    cmd->add_option("--limit", args->limit, "read at most N events (0: all); the cursor says where to go on");
    cmd->add_flag("--json", args->json, "print JSON (the cursor is its `cursor` member)");
    cmd->add_flag("--show-ids", args->show_ids, "print personal ID numbers unmasked");
    cmd->callback([args, &ctx] { ctx.result = run_changes(*args); });
}

const command_registration registration{"changes", add_changes_command};

}  // namespace
}  // namespace credo::cli
