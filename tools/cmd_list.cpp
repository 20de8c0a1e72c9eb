// SPDX-License-Identifier: Apache-2.0
// `credo list add|revoke`: list or delist a single subject by hand, with who and when.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct list_args {
    std::string db, rules, list, subject, name, listed_on, expires_on, document, initiator, reason, by, on, established_on;
    std::int64_t entry = 0;
};

int run_add(const list_args &a) {
    auto catalog = catalog_from_rules(a.rules);
    auto db = open_database(a.db, true);
    auto id = value_or_refusal(db.add_entry(
        catalog, {a.list, a.subject, a.name, a.listed_on, a.expires_on, a.document, a.initiator, a.reason, a.by,
                  a.established_on}));
    std::cout << id << '\n';
    return exit_ok;
}

int run_revoke(const list_args &a) {
    auto db = open_database(a.db, false);
    auto on = date_or_today(a.on, "--on");
    value_or_refusal(db.revoke_entry(a.entry, on, a.by, a.reason));
    std::cout << fmt::format("entry {} revoked from {}\n", a.entry, on.to_string());
    return exit_ok;
}

void add_list_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<list_args>();
    auto *cmd = app.add_subcommand("list", "list or delist a subject by hand");
    cmd->require_subcommand(1);
    auto *add = cmd->add_subcommand("add", "put a subject on a list; prints the entry id");
    add->add_option("--db", args->db, "the SQLite database")->required();
    add->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    add->add_option("--list", args->list, "list id")->required();
    add->add_option("--subject", args->subject, "credit code or resident ID")->required();
    add->add_option("--name", args->name, "the subject's name")->required();
    add->add_option("--listed-on", args->listed_on, "YYYY-MM-DD")->required();
    add->add_option("--expires-on", args->expires_on,
                    "YYYY-MM-DD, exclusive (default: listed-on + the list's term in force on listed-on; a list "
                    "without one: no end date, the entry counts until repaired or revoked)");
    add->add_option("--document", args->document, "the listing decision's document number")->required();
    add->add_option("--initiator", args->initiator, "the initiating department")->required();
    add->add_option("--reason", args->reason, "why");
    add->add_option("--established-on", args->established_on,
                    "YYYY-MM-DD, an organisation's establishment date (成立日期): its known record starts there");
    add->add_option("--by", args->by, "who records it")->required();
    add->callback([args, &ctx] { ctx.result = run_add(*args); });

    auto *revoke = cmd->add_subcommand("revoke", "revoke an entry (it stops counting from --on)");
    revoke->add_option("--db", args->db, "the SQLite database")->required();
    revoke->add_option("--entry", args->entry, "entry id")->required();
    revoke->add_option("--on", args->on, "YYYY-MM-DD (default: today)");
    revoke->add_option("--by", args->by, "who revokes it")->required();
    revoke->add_option("--reason", args->reason, "why")->required();
    revoke->callback([args, &ctx] { ctx.result = run_revoke(*args); });
}

const command_registration registration{"list", add_list_command};

}  // namespace
}  // namespace credo::cli
