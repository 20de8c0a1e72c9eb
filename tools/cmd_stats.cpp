// SPDX-License-Identifier: Apache-2.0
// `credo stats --db DB [--rules DIR] [--from D --to D]`: tracking statistics (跟踪问效).
#include <CLI/CLI.hpp>
#include <iostream>

#include "calendar_option.hpp"
#include "cli.hpp"
#include "rules_option.hpp"
#include "workflow/stats.hpp"
#include "workflow_options.hpp"

namespace credo::cli {
namespace {

struct stats_args {
    std::string db, rules, calendar, from, to, today, by = "month";
    bool no_rules = false;
    int feedback_days = 10;
    bool json = false;
};

int run_stats(const stats_args &args) {
    workflow::stats_options o;
    o.from = date_option(args.from, "--from");
    o.to = date_option(args.to, "--to");
    if (auto t = date_option(args.today, "--today")) o.today = *t;
    if (o.from && o.to && *o.to < *o.from) throw usage_error("--to is before --from");
    if (args.feedback_days < 0) throw usage_error("--feedback-days: must not be negative");
    o.feedback_days = args.feedback_days;
    o.bucket = args.by == "quarter" ? workflow::period_bucket::quarter : workflow::period_bucket::month;
    std::shared_ptr<const sema::rule_set> rules;
    if (!args.no_rules) {
        o.rules_dir = rules_directory(args.rules);
        rules = load_rules_or_throw(o.rules_dir);
    }
    o.calendar_dir = calendar_directory(args.calendar);
    auto db = open_store_or_throw(args.db);
    workflow::stats s;
    try {
        s = workflow::compute_stats(db, rules.get(), o);
    } catch (const store::error &) {
        throw;
    } catch (const std::runtime_error &e) {
        throw usage_error(e.what());
    }
    std::cout << (args.json ? workflow::to_json(s) + "\n" : workflow::to_text(s));
    return exit_ok;
}

void add_stats_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<stats_args>();
    auto *cmd = app.add_subcommand("stats", "tracking statistics: checks, hits, feedback, objections, repairs, "
                                            "listings, late publications");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_flag("--no-rules", args->no_rules, "without rules: no feedback coverage, listings by list not field");
    cmd->add_option("--calendar", args->calendar, "working-day calendar directory (default: RULES/calendar)");
    cmd->add_option("--from", args->from, "first day of the period, YYYY-MM-DD");
    cmd->add_option("--to", args->to, "last day of the period, YYYY-MM-DD");
    cmd->add_option("--today", args->today, "the day overdue feedback and publications are judged on (default: today)");
    cmd->add_option("--feedback-days", args->feedback_days, "days after a check within which feedback is due (default 10)");
    cmd->add_option("--by", args->by, "listings over time by `month` or `quarter`")->check(CLI::IsMember({"month", "quarter"}));
    cmd->add_flag("--json", args->json, "print JSON");
    cmd->callback([args, &ctx] { ctx.result = run_stats(*args); });
}

const command_registration registration{"stats", add_stats_command};

}  // namespace
}  // namespace credo::cli
