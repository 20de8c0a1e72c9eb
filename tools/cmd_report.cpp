// SPDX-License-Identifier: Apache-2.0
// `credo report --db DB --quarter 2026Q3 --out report.html [--format html|md]`: the quarterly report.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "base/files.hpp"
#include "calendar_option.hpp"
#include "cli.hpp"
#include "rules_option.hpp"
#include "workflow/report.hpp"
#include "workflow_options.hpp"

namespace credo::cli {
namespace {

struct report_args {
    std::string db, rules, calendar, quarter, out, format, today;
    bool no_rules = false;
    int feedback_days = 10;
};

int run_report(const report_args &args) {
    std::string why;
    auto q = workflow::parse_quarter(args.quarter, &why);
    if (!q) throw usage_error("--quarter: " + why);
    workflow::report_options o;
    o.quarter = *q;
    std::string format = args.format;
    if (format.empty()) format = args.out.ends_with(".md") ? "md" : "html";
    o.format = format == "md" ? workflow::report_format::markdown : workflow::report_format::html;
    if (auto t = date_option(args.today, "--today")) o.today = *t;
    o.feedback_days = args.feedback_days;
    std::shared_ptr<const sema::rule_set> rules;
    if (!args.no_rules) {
        o.rules_dir = rules_directory(args.rules);
        rules = load_rules_or_throw(o.rules_dir);
    }
    o.calendar_dir = calendar_directory(args.calendar);
    // Refused before anything is read or written; write_quarterly_report checks again.
    if (auto why = base::output_refusal(args.out, base::database_paths(args.db)); !why.empty()) {
        throw usage_error("--out: " + why);
    }
    auto db = open_store_or_throw(args.db);
    try {
        auto written = workflow::write_quarterly_report(db, rules.get(), o, args.out);
        std::cout << fmt::format("wrote the {} report for {} to {} (due {})\n", format, q->to_string(), written.path,
                                 written.due.to_string());
    } catch (const store::error &) {
        throw;
    } catch (const std::runtime_error &e) {
        throw usage_error(e.what());
    }
    return exit_ok;
}

void add_report_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<report_args>();
    auto *cmd = app.add_subcommand("report", "the quarterly report (self-contained HTML with charts, or Markdown)");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--quarter", args->quarter, "the quarter, e.g. 2026Q3")->required();
    cmd->add_option("--out", args->out, "the file to write")->required();
    cmd->add_option("--format", args->format, "html or md (default: from the file name, else html)")
        ->check(CLI::IsMember({"html", "md"}));
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_flag("--no-rules", args->no_rules, "without rules: no feedback coverage");
    cmd->add_option("--calendar", args->calendar, "working-day calendar directory (default: RULES/calendar)");
    cmd->add_option("--today", args->today, "the report date (default: today)");
    cmd->add_option("--feedback-days", args->feedback_days, "days after a check within which feedback is due (default 10)");
    cmd->callback([args, &ctx] { ctx.result = run_report(*args); });
}

const command_registration registration{"report", add_report_command};

}  // namespace
}  // namespace credo::cli
