// SPDX-License-Identifier: Apache-2.0
// `credo calendar [--year Y]`: check the working-day calendar files and show what they set.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "calendar_option.hpp"
#include "cli.hpp"
#include "credo/calendar.hpp"

namespace credo::cli {
namespace {

struct calendar_args {
    int year = 0;
    std::string calendar;
    bool json = false;
};

struct year_summary {
    int working_days = 0;
    int weekday_holidays = 0;  // holidays that take a Mon–Fri day off
    int makeup_workdays = 0;
    bool provisional = false;  // the year-end window waits for next year's notice
};

year_summary summarize(const workflow::working_calendar &calendar, int year) {
    year_summary s;
    for (date day = date::from_ymd(year, 1, 1); day.year() == year; day = day.add_days(1)) {
        auto info = calendar.classify(day);
        if (info.working()) ++s.working_days;
        if (info.kind == workflow::day_kind::holiday && day.iso_weekday() <= 5) ++s.weekday_holidays;
        if (info.kind == workflow::day_kind::makeup_workday) ++s.makeup_workdays;
    }
    s.provisional = calendar.notice(year + 1) == nullptr;
    return s;
}

std::string coverage_text(const workflow::working_calendar &calendar) {
    std::string out;
    auto ranges = calendar.coverage();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i > 0) out += i + 1 == ranges.size() ? " and " : ", ";
        out += fmt::format("{} to {}", ranges[i].first.to_string(), ranges[i].second.to_string());
    }
    return out;
}

nlohmann::json summary_json(const workflow::year_notice &notice, const year_summary &s) {
    return {{"year", notice.year},
            {"notice", notice.title},
            {"source", notice.source},
            {"working_days", s.working_days},
            {"weekday_holidays", s.weekday_holidays},
            {"makeup_workdays", s.makeup_workdays},
            {"provisional", s.provisional}};
}

std::string summary_text(const year_summary &s) {
    return fmt::format("{} working days{}, {} weekday holidays, {} make-up working days", s.working_days,
                       s.provisional ? " (provisional)" : "", s.weekday_holidays, s.makeup_workdays);
}

int run_calendar(const calendar_args &args) {
    std::string directory = calendar_directory(args.calendar);
    auto calendar = load_calendar_or_throw(directory);
    if (args.year == 0) {
        if (args.json) {
            nlohmann::json j;
            j["directory"] = directory;
            auto coverage = nlohmann::json::array();
            for (auto [first, last] : calendar.coverage()) coverage.push_back({first.to_string(), last.to_string()});
            j["coverage"] = coverage;
            auto years = nlohmann::json::array();
            for (int year : calendar.years())
                years.push_back(summary_json(*calendar.notice(year), summarize(calendar, year)));
            j["years"] = years;
            std::cout << j.dump() << '\n';
            return exit_ok;
        }
        std::cout << fmt::format("calendar `{}` covers {}\n", directory, coverage_text(calendar));
        for (int year : calendar.years()) {
            std::cout << fmt::format("{}  {}  {}\n", year, summary_text(summarize(calendar, year)),
                                     calendar.notice(year)->title);
        }
        return exit_ok;
    }
    const auto *notice = calendar.notice(args.year);
    if (!notice) {
        throw usage_error(fmt::format("the calendar in `{}` has no file for {}; it covers {}", directory, args.year,
                                      coverage_text(calendar)));
    }
    auto s = summarize(calendar, args.year);
    if (args.json) {
        auto j = summary_json(*notice, s);
        auto days = nlohmann::json::array();
        for (const auto &d : notice->days) {
            days.push_back({{"date", d.day.to_string()},
                            {"weekday", std::string(workflow::weekday_name(d.day))},
                            {"kind", d.working ? "work" : "off"},
                            {"holiday", d.holiday}});
        }
        j["days"] = days;
        std::cout << j.dump() << '\n';
        return exit_ok;
    }
    std::cout << fmt::format("{}  {}\nsource: {}\n", args.year, notice->title, notice->source);
    for (const auto &d : notice->days) {
        std::cout << fmt::format("{}  {:<9}  {:<4}  {}\n", d.day.to_string(), workflow::weekday_name(d.day),
                                 d.working ? "work" : "off", d.holiday);
    }
    std::cout << summary_text(s) << '\n';
    if (s.provisional) {
        std::cout << fmt::format("days from {} on wait for the notice for {}\n",
                                 workflow::year_end_window_start(args.year + 1).to_string(), args.year + 1);
    }
    return exit_ok;
}

void add_calendar_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<calendar_args>();
    auto *cmd = app.add_subcommand("calendar", "check the working-day calendar and list what a year's notice sets");
    cmd->add_option("--year", args->year, "list the rest days and make-up working days of this year")
        ->check(CLI::Range(1000, 9999));
    cmd->add_option("--calendar", args->calendar,
                    "directory of yearly calendar files (default: $CREDO_RULES/calendar, else ./rules/calendar)");
    cmd->add_flag("--json", args->json, "print one JSON object");
    cmd->callback([args, &ctx] { ctx.result = run_calendar(*args); });
}

const command_registration registration{"calendar", add_calendar_command};

}  // namespace
}  // namespace credo::cli
