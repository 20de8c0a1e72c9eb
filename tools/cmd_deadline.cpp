// SPDX-License-Identifier: Apache-2.0
// `credo deadline --decided DATE [--days N]`: the last working day to publish a decision.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "calendar_option.hpp"
#include "cli.hpp"
#include "credo/calendar.hpp"

namespace credo::cli {
namespace {

struct deadline_args {
    std::string decided;
    int days = 7;
    std::string calendar;
    bool json = false;
    bool explain = false;
    bool count_decision_day = false;
};

std::string describe(const workflow::day_info &day) {
    switch (day.kind) {
        case workflow::day_kind::weekday:
            return std::string(workflow::weekday_name(day.day));
        case workflow::day_kind::makeup_workday:
            return fmt::format("{}, a make-up working day", workflow::weekday_name(day.day));
        case workflow::day_kind::weekend:
            return fmt::format("{}, a rest day", workflow::weekday_name(day.day));
        case workflow::day_kind::holiday:
            return fmt::format("{}, a holiday", workflow::weekday_name(day.day));
    }
    return {};
}

nlohmann::json holiday_json(const workflow::day_info &day) {
    return day.holiday.empty() ? nlohmann::json(nullptr) : nlohmann::json(day.holiday);
}

// Every day from the first one counted to the deadline, so a reader can check the count.
void explain(const workflow::working_calendar &calendar, date decided, const deadline_args &args,
             const workflow::deadline_result &result) {
    std::cout << fmt::format("decided {} ({}); the decision day {}\n", decided.to_string(),
                             workflow::weekday_name(decided), args.count_decision_day ? "counts" : "does not count");
    std::size_t n = 0;
    for (date day = args.count_decision_day ? decided : decided.add_days(1); day <= result.deadline->day;
         day = day.add_days(1)) {
        auto info = calendar.classify(day);
        std::string what;
        switch (info.kind) {
            case workflow::day_kind::weekday:
                what = fmt::format("working day {}", ++n);
                break;
            case workflow::day_kind::makeup_workday:
                what = fmt::format("working day {} (make-up working day, {})", ++n, info.holiday);
                break;
            case workflow::day_kind::weekend:
                what = "rest (weekend)";
                break;
            case workflow::day_kind::holiday:
                what = fmt::format("rest ({})", info.holiday);
                break;
        }
        std::cout << fmt::format("  {}  {:<9}  {}\n", day.to_string(), workflow::weekday_name(day), what);
    }
}

int run_deadline(const deadline_args &args) {
    std::string why;
    auto decided = date::parse(args.decided, &why);
    if (!decided) throw usage_error("--decided: " + why);
    auto calendar = load_calendar_or_throw(calendar_directory(args.calendar));
    workflow::deadline_options options;
    options.count_decision_day = args.count_decision_day;
    auto result = workflow::deadline(calendar, *decided, args.days, options);
    if (result.problem) {
        // Not a finding about the decision: without the notice the tool cannot answer.
        report_error(result.problem->message);
        if (!result.problem->help.empty()) std::cerr << "help: " << result.problem->help << '\n';
        return exit_usage;
    }
    const auto &last = *result.deadline;
    if (args.json) {
        nlohmann::json j;
        j["decided"] = decided->to_string();
        j["working_days"] = args.days;
        j["decision_day_counts"] = args.count_decision_day;
        j["deadline"] = last.day.to_string();
        j["weekday"] = std::string(workflow::weekday_name(last.day));
        j["kind"] = std::string(workflow::to_string(last.kind));
        j["holiday"] = holiday_json(last);
        auto counted = nlohmann::json::array();
        for (date day : result.counted) counted.push_back(day.to_string());
        j["counted"] = counted;
        std::cout << j.dump() << '\n';
    } else if (args.explain) {
        explain(calendar, *decided, args, result);
        std::cout << fmt::format("last day to publish: {} ({})\n", last.day.to_string(), describe(last));
    } else {
        std::cout << fmt::format("{} ({})\n", last.day.to_string(), describe(last));
    }
    return exit_ok;
}

void add_deadline_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<deadline_args>();
    auto *cmd = app.add_subcommand("deadline", "the last working day to publish a decision (default: 7 working days)");
    cmd->add_option("--decided", args->decided, "the day the decision was made, YYYY-MM-DD")->required();
    cmd->add_option("--days", args->days, "working days allowed after the decision day")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    cmd->add_option("--calendar", args->calendar,
                    "directory of yearly calendar files (default: $CREDO_RULES/calendar, else ./rules/calendar)");
    cmd->add_flag("--count-decision-day", args->count_decision_day,
                  "count the decision day itself when it is a working day (民法典 art. 201 says not to)");
    cmd->add_flag("--json", args->json, "print one JSON object");
    cmd->add_flag("--explain", args->explain, "list every day from the decision to the deadline");
    cmd->callback([args, &ctx] { ctx.result = run_deadline(*args); });
}

const command_registration registration{"deadline", add_deadline_command};

}  // namespace
}  // namespace credo::cli
