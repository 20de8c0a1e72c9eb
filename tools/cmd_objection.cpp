// SPDX-License-Identifier: Apache-2.0
// `credo objection open|resolve`: objections (异议) to an entry, pending → accepted | dismissed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct objection_args {
    std::string db, by, grounds, on, outcome, note;
    std::int64_t entry = 0;
    std::int64_t objection = 0;
};

int run_open(const objection_args &a) {
    auto db = open_database(a.db, false);
    auto id = value_or_refusal(db.open_objection(a.entry, date_or_today(a.on, "--on"), a.by, a.grounds));
    std::cout << id << '\n';
    return exit_ok;
}

int run_resolve(const objection_args &a) {
    auto db = open_database(a.db, false);
    auto outcome = *store::objection_status_from_string(a.outcome);
    auto on = date_or_today(a.on, "--on");
    value_or_refusal(db.resolve_objection(a.objection, outcome, on, a.by, a.note));
    auto o = db.find_objection(a.objection);
    std::cout << fmt::format("objection {} {} on {}", a.objection, a.outcome, on.to_string());
    if (outcome == store::objection_status::accepted && o) {
        std::cout << fmt::format("; entry {} revoked from {}", o->entry_id, on.to_string());
    }
    std::cout << '\n';
    return exit_ok;
}

void add_objection_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<objection_args>();
    auto *cmd = app.add_subcommand("objection", "file and resolve objections to list entries");
    cmd->require_subcommand(1);
    auto *open = cmd->add_subcommand("open", "file an objection; prints its id");
    open->add_option("--db", args->db, "the SQLite database")->required();
    open->add_option("--entry", args->entry, "entry id")->required();
    open->add_option("--by", args->by, "who objects")->required();
    open->add_option("--grounds", args->grounds, "the grounds")->required();
    open->add_option("--on", args->on, "YYYY-MM-DD (default: today)");
    open->callback([args, &ctx] { ctx.result = run_open(*args); });

    auto *resolve = cmd->add_subcommand("resolve", "resolve a pending objection");
    resolve->add_option("--db", args->db, "the SQLite database")->required();
    resolve->add_option("--objection", args->objection, "objection id")->required();
    resolve->add_option("--outcome", args->outcome, "accepted (the entry is revoked) or dismissed (it stands)")
        ->required()
        ->check(CLI::IsMember({"accepted", "dismissed"}));
    resolve->add_option("--by", args->by, "who resolves it")->required();
    resolve->add_option("--note", args->note, "the resolution")->required();
    resolve->add_option("--on", args->on, "YYYY-MM-DD (default: today)");
    resolve->callback([args, &ctx] { ctx.result = run_resolve(*args); });
}

const command_registration registration{"objection", add_objection_command};

}  // namespace
}  // namespace credo::cli
