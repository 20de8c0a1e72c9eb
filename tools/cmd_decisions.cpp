// SPDX-License-Identifier: Apache-2.0
// `credo decisions import --db DB FILE.csv` and `credo decisions list --db DB`: licensing and
// penalty decisions and whether they were published within 7 working days.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "base/files.hpp"
#include "calendar_option.hpp"
#include "cli.hpp"
#include "workflow/decisions.hpp"
#include "workflow_options.hpp"

namespace credo::cli {
namespace {

struct decisions_args {
    std::string db, file, by = "credo", calendar, from, to, today;
};

int run_import(const decisions_args &args) {
    // A regular file of bounded size: /dev/zero or a FIFO is refused, not read until memory ends.
    std::string text;
    try {
        text = base::read_regular_file(args.file);
    } catch (const base::file_error &e) {
        throw usage_error(e.what());
    }
    auto db = open_store_or_throw(args.db);
    auto r = workflow::import_decisions(db, text, args.by);
    for (const auto &p : r.rejected) {
        std::cerr << fmt::format("{}:{}: error: {}{}\n", args.file, p.line, p.column.empty() ? "" : p.column + ": ",
                                 p.reason);
    }
    std::cout << fmt::format("{} rows: {} recorded, {} publication dates filled in, {} unchanged, {} rejected\n",
                             r.rows, r.inserted, r.published, r.unchanged, r.rejected.size());
    return r.rejected.empty() ? exit_ok : exit_findings;
}

int run_list(const decisions_args &args) {
    auto calendar = load_calendar_or_throw(calendar_directory(args.calendar));
    auto db = open_store_or_throw(args.db);
    date today = date_option(args.today, "--today").value_or(date::today());
    int late = 0;
    for (const auto &d : workflow::decisions_between(db, date_option(args.from, "--from"), date_option(args.to, "--to"))) {
        auto p = workflow::check_publication(calendar, d, today);
        if (p.state == workflow::publication_state::late || p.state == workflow::publication_state::overdue) ++late;
        std::cout << fmt::format("{}  {:<9}  {}  decided {}  deadline {}  published {}  {}\n", d.document, d.kind,
                                 d.department, d.decided_on.to_string(), p.deadline ? p.deadline->to_string() : "-",
                                 d.published_on ? d.published_on->to_string() : "-", workflow::to_string(p.state));
    }
    return late ? exit_findings : exit_ok;
}

void add_decisions_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<decisions_args>();
    auto *cmd = app.add_subcommand("decisions", "licensing and penalty decisions and their publication deadline");
    cmd->require_subcommand(1);
    auto *imp = cmd->add_subcommand("import", "record decisions from a CSV file (" +
                                                  std::string(workflow::decisions_header) + ")");
    imp->add_option("--db", args->db, "the SQLite database")->required();
    imp->add_option("file", args->file, "the CSV file")->required();
    imp->add_option("--by", args->by, "who records them (default: credo)");
    imp->callback([args, &ctx] { ctx.result = run_import(*args); });
    auto *list = cmd->add_subcommand("list", "decisions with their publication deadline; exit 1 when any is late");
    list->add_option("--db", args->db, "the SQLite database")->required();
    list->add_option("--calendar", args->calendar, "working-day calendar directory (default: RULES/calendar)");
    list->add_option("--from", args->from, "decided on or after, YYYY-MM-DD");
    list->add_option("--to", args->to, "decided on or before, YYYY-MM-DD");
    list->add_option("--today", args->today, "the day unpublished decisions are judged on (default: today)");
    list->callback([args, &ctx] { ctx.result = run_list(*args); });
}

const command_registration registration{"decisions", add_decisions_command};

}  // namespace
}  // namespace credo::cli
