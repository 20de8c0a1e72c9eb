// SPDX-License-Identifier: Apache-2.0
// The working-day calendar (weekends, statutory holidays, make-up working days) and deadlines
// counted in working days, such as the 7 working days to publish a licensing or penalty decision.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"

namespace credo::workflow {

// One day whose status differs from, or is named on top of, the Mon–Fri working week.
struct day_override {
    date day;
    bool working = false;  // false: a rest day (`off`); true: a make-up working day (`work`, 调休上班)
    std::string holiday;   // the holiday the day belongs to, e.g. `春节`
    std::string file;      // where the day was set, for messages
    unsigned line = 0;
};

// What the State Council's notice for one year (国务院办公厅关于N年部分节假日安排的通知) sets.
// Any calendar source (the text files of rules/calendar, a converted holiday-cn JSON file, a
// database) produces these; the calendar is built from them and knows nothing of their origin.
struct year_notice {
    int year = 0;
    std::string title;   // the notice's title
    std::string source;  // where it was published, for audit
    std::string file;
    // INVARIANT: each day lies in `year` or in its predecessor's year-end window (see
    // year_end_window_start) — the notice for year N may move days at the end of year N−1.
    std::vector<day_override> days;
};

// The first day of the window at the end of year N−1 that the notice for year N may change.
// 元旦 is one statutory day; bridged with a weekend and made up within the adjacent weeks it
// reaches back at most into the last days of December (2018-12-29 and 2018-12-31 were set by
// the 2019 notice, 2011-12-31 by the 2012 one). December 20 leaves a margin.
inline constexpr unsigned year_end_window_month = 12;
inline constexpr unsigned year_end_window_day = 20;
date year_end_window_start(int year);

// A problem in calendar data: `file:line:column: error: message` and an optional `help:`.
// `line` and `column` are 1-based; 0 when the problem concerns the whole file or directory.
struct calendar_problem {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
    std::string message;
    std::string help;
};
std::string to_string(const calendar_problem &problem);

struct notice_parse_result {
    std::optional<year_notice> notice;  // set when there are no problems
    std::vector<calendar_problem> problems;
};

// Parses one calendar file for `year` (the format is in docs/calendar.md). Every problem in
// the file is reported, with its line; a file with any problem yields no notice.
notice_parse_result parse_notice(std::string_view text, int year, const std::string &file);

// How a covered day is treated.
enum class day_kind {
    weekday,         // Mon–Fri, working
    weekend,         // Sat–Sun, rest
    holiday,         // a rest day set by a notice (may fall on a weekend)
    makeup_workday,  // a weekend day the notice makes a working day (调休上班)
};
std::string_view to_string(day_kind kind);

struct day_info {
    date day;
    day_kind kind = day_kind::weekday;
    std::string holiday;  // set for `holiday` and `makeup_workday`
    bool working() const { return kind == day_kind::weekday || kind == day_kind::makeup_workday; }
};

struct calendar_build_result;

// An immutable working-day calendar built from the notices of some years; safe to share
// between threads.
class working_calendar {
public:
    // Problems: two notices for one year, the same day set by two notices.
    static calendar_build_result build(std::vector<year_notice> notices);

    // A day is covered when the notice for its year is loaded and, for a day in the year-end
    // window, the notice for the next year too; anything else would be a guess.
    bool covers(date day) const;
    // Why `day` is not covered (empty when it is), with a `help` saying which file to add.
    calendar_problem coverage_problem(date day) const;
    // Requires covers(day).
    day_info classify(date day) const;

    // The years whose notices are loaded, ascending.
    std::vector<int> years() const;
    const year_notice *notice(int year) const;
    // The covered ranges, ascending, as closed intervals.
    std::vector<std::pair<date, date>> coverage() const;

private:
    working_calendar() = default;
    std::map<int, year_notice> notices_;
    std::map<date, day_override> overrides_;
};

struct calendar_build_result {
    std::optional<working_calendar> calendar;  // set when there are no problems
    std::vector<calendar_problem> problems;
};

struct deadline_options {
    // 民法典 art. 201: a period counted in days excludes the day it starts from. Counting the
    // decision day is left to configuration because some local rules do.
    bool count_decision_day = false;
};

struct deadline_result {
    std::optional<day_info> deadline;         // the last working day of the period, when computable
    std::vector<date> counted;                // the working days counted, in order
    std::optional<calendar_problem> problem;  // set when the decision date or a day counted through is not covered
};

// The `working_days`-th working day after `decided` (the decision day not counted unless
// configured): the last day on which a decision can be published. Requires working_days >= 1.
deadline_result deadline(const working_calendar &calendar, date decided, int working_days,
                         const deadline_options &options = {});

struct calendar_load_result {
    std::optional<working_calendar> calendar;
    std::vector<calendar_problem> problems;
};

// Loads every year file (named `YYYY`) of a directory such as rules/calendar. A README is
// allowed beside them; any other entry is a problem, as is an unreadable or empty directory.
calendar_load_result load_calendar(const std::string &directory);

std::string_view weekday_name(date day);

}  // namespace credo::workflow
