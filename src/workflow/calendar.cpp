// SPDX-License-Identifier: Apache-2.0
// The working-day calendar built from yearly notices, and deadlines counted in working days.
#include "credo/calendar.hpp"

#include <fmt/format.h>

namespace credo::workflow {

date year_end_window_start(int year) {
    return date::from_ymd(year - 1, year_end_window_month, year_end_window_day);
}

std::string to_string(const calendar_problem &problem) {
    std::string out;
    if (!problem.file.empty()) {
        out += problem.file;
        if (problem.line > 0) out += fmt::format(":{}", problem.line);
        if (problem.line > 0 && problem.column > 0) out += fmt::format(":{}", problem.column);
        out += ": ";
    }
    out += fmt::format("error: {}\n", problem.message);
    if (!problem.help.empty()) out += fmt::format("help: {}\n", problem.help);
    return out;
}

std::string_view to_string(day_kind kind) {
    switch (kind) {
        case day_kind::weekday:
            return "weekday";
        case day_kind::weekend:
            return "weekend";
        case day_kind::holiday:
            return "holiday";
        case day_kind::makeup_workday:
            return "makeup_workday";
    }
    return "weekday";
}

std::string_view weekday_name(date day) {
    static constexpr std::string_view names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                 "Friday", "Saturday", "Sunday"};
    return names[day.iso_weekday() - 1];
}

calendar_build_result working_calendar::build(std::vector<year_notice> notices) {
    calendar_build_result result;
    working_calendar calendar;
    for (auto &notice : notices) {
        if (auto it = calendar.notices_.find(notice.year); it != calendar.notices_.end()) {
            result.problems.push_back(
                {notice.file, 0, 0,
                 fmt::format("a second calendar for {} (the first is `{}`)", notice.year, it->second.file),
                 "keep one file per year"});
            continue;
        }
        for (const auto &day : notice.days) {
            auto [it, inserted] = calendar.overrides_.emplace(day.day, day);
            if (!inserted) {
                result.problems.push_back(
                    {day.file, day.line, 1,
                     fmt::format("`{}` is already set in `{}` on line {}", day.day.to_string(), it->second.file,
                                 it->second.line),
                     fmt::format("a day at the end of {} belongs in the file of the notice that set it, once",
                                 day.day.year())});
            }
        }
        int year = notice.year;
        calendar.notices_.emplace(year, std::move(notice));
    }
    if (result.problems.empty()) result.calendar = std::move(calendar);
    return result;
}

bool working_calendar::covers(date day) const {
    int year = day.year();
    if (!notices_.contains(year)) return false;
    return day < year_end_window_start(year + 1) || notices_.contains(year + 1);
}

namespace {

std::string describe(const std::vector<std::pair<date, date>> &ranges) {
    if (ranges.empty()) return "which is empty";
    std::string out = "which covers ";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i > 0) out += i + 1 == ranges.size() ? " and " : ", ";
        out += fmt::format("{} to {}", ranges[i].first.to_string(), ranges[i].second.to_string());
    }
    return out;
}

}  // namespace

calendar_problem working_calendar::coverage_problem(date day) const {
    if (covers(day)) return {};
    int year = day.year();
    calendar_problem problem;
    if (!notices_.contains(year)) {
        problem.message =
            fmt::format("`{}` is outside the working-day calendar, {}", day.to_string(), describe(coverage()));
        problem.help = fmt::format(
            "add the file `{}` from the State Council's notice on the {} holidays "
            "(see docs/calendar.md)",
            year, year);
    } else {
        problem.message = fmt::format(
            "`{}` is outside the working-day calendar: the notice for {} may still "
            "change days from {} on, and it is not loaded",
            day.to_string(), year + 1, year_end_window_start(year + 1).to_string());
        problem.help = fmt::format(
            "add the file `{}` from the State Council's notice on the {} holidays "
            "(see docs/calendar.md)",
            year + 1, year + 1);
    }
    return problem;
}

day_info working_calendar::classify(date day) const {
    day_info info{day, day_kind::weekday, {}};
    if (auto it = overrides_.find(day); it != overrides_.end()) {
        info.kind = it->second.working ? day_kind::makeup_workday : day_kind::holiday;
        info.holiday = it->second.holiday;
    } else if (day.iso_weekday() >= 6) {
        info.kind = day_kind::weekend;
    }
    return info;
}

std::vector<int> working_calendar::years() const {
    std::vector<int> out;
    for (const auto &entry : notices_) out.push_back(entry.first);
    return out;
}

const year_notice *working_calendar::notice(int year) const {
    auto it = notices_.find(year);
    return it == notices_.end() ? nullptr : &it->second;
}

std::vector<std::pair<date, date>> working_calendar::coverage() const {
    std::vector<std::pair<date, date>> ranges;
    for (const auto &[year, notice] : notices_) {
        date first = date::from_ymd(year, 1, 1);
        date last =
            notices_.contains(year + 1) ? date::from_ymd(year, 12, 31) : year_end_window_start(year + 1).add_days(-1);
        if (!ranges.empty() && ranges.back().second.add_days(1) == first) {
            ranges.back().second = last;
        } else {
            ranges.emplace_back(first, last);
        }
    }
    return ranges;
}

deadline_result deadline(const working_calendar &calendar, date decided, int working_days,
                         const deadline_options &options) {
    deadline_result result;
    if (working_days < 1) {
        result.problem = calendar_problem{{},
                                          0,
                                          0,
                                          fmt::format("a period of {} working days is empty", working_days),
                                          "count at least 1 working day"};
        return result;
    }
    if (!calendar.covers(decided)) {
        result.problem = calendar.coverage_problem(decided);
        return result;
    }
    for (date day = options.count_decision_day ? decided : decided.add_days(1);; day = day.add_days(1)) {
        // Coverage is finite, so the loop ends: in a deadline or at the first uncovered day.
        if (!calendar.covers(day)) {
            result.problem = calendar.coverage_problem(day);
            return result;
        }
        auto info = calendar.classify(day);
        if (!info.working()) continue;
        result.counted.push_back(day);
        if (result.counted.size() == static_cast<std::size_t>(working_days)) {
            result.deadline = std::move(info);
            return result;
        }
    }
}

}  // namespace credo::workflow
