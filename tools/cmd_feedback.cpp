// SPDX-License-Identifier: Apache-2.0
// `credo feedback --db DB --check ID --measure M --implementer DEPT --outcome O [--note TEXT]`:
// an implementer reports what it did with a measure of a check (执行反馈).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli.hpp"
#include "rules_option.hpp"
#include "workflow/feedback.hpp"
#include "workflow_options.hpp"

namespace credo::cli {
namespace {

struct feedback_args {
    std::string db, rules, measure, implementer, outcome, note;
    std::int64_t check = 0;
};

int run_feedback(const feedback_args &args) {
    std::string rules_dir = rules_directory(args.rules);
    auto rules = load_rules_or_throw(rules_dir);
    auto departments = load_departments_or_throw(rules_dir, *rules);
    auto db = open_store_or_throw(args.db);
    store::feedback_record f;
    f.check_id = args.check;
    f.measure_id = args.measure;
    f.implementer = args.implementer;
    f.outcome = *store::feedback_outcome_from_string(args.outcome);
    f.note = args.note;
    auto r = workflow::record_feedback(db, *rules, departments, f);
    if (!r) throw usage_error(r.error());
    std::cout << fmt::format("recorded feedback {} on check {}\n", *r, args.check);
    return exit_ok;
}

void add_feedback_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<feedback_args>();
    auto *cmd = app.add_subcommand("feedback", "record what an implementer did with a measure of a check");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_option("--check", args->check, "the check id")->required();
    cmd->add_option("--measure", args->measure, "the measure id")->required();
    cmd->add_option("--implementer", args->implementer, "the reporting department: an implementer of the measure, or a department that "
                    "rules/departments.csv says acts for one")->required();
    cmd->add_option("--outcome", args->outcome, "applied, not_applicable or declined")
        ->required()
        ->check(CLI::IsMember({"applied", "not_applicable", "declined"}));
    cmd->add_option("--note", args->note, "free text; the reason when declining a mandatory measure");
    cmd->callback([args, &ctx] { ctx.result = run_feedback(*args); });
}

const command_registration registration{"feedback", add_feedback_command};

}  // namespace
}  // namespace credo::cli
