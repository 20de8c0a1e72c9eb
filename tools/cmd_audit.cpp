// SPDX-License-Identifier: Apache-2.0
// `credo audit verify --db DB`: recompute the audit trail's hash chain and name the first bad row.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

int run_verify(const std::string &path) {
    auto db = open_database(path, false);
    auto report = db.verify_audit();
    if (report.ok) {
        std::cout << fmt::format("audit trail intact: {} checks\n", report.rows);
        return exit_ok;
    }
    std::cout << fmt::format("audit trail broken: {}\n", report.problem);
    return exit_findings;
}

void add_audit_command(CLI::App &app, context &ctx) {
    auto db = std::make_shared<std::string>();
    auto *cmd = app.add_subcommand("audit", "the audit trail of must-query checks");
    cmd->require_subcommand(1);
    auto *verify = cmd->add_subcommand("verify", "recompute the hash chain; exit 1 naming the first bad row");
    verify->add_option("--db", *db, "the SQLite database")->required();
    verify->callback([db, &ctx] { ctx.result = run_verify(*db); });
}

const command_registration registration{"audit", add_audit_command};

}  // namespace
}  // namespace credo::cli
