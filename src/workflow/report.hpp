// SPDX-License-Identifier: Apache-2.0
// The quarterly report (跟踪问效): the tracking statistics of one quarter as a self-contained
// HTML page (inline CSS and SVG bar charts, no scripts, no network) or as Markdown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "credo/date.hpp"
#include "sema/rule_set.hpp"
#include "store/store.hpp"
#include "workflow/stats.hpp"

namespace credo::workflow {

struct quarter {
    int year = 0;
    int number = 0;  // 1..4
    date first_day() const;
    date last_day() const;
    // The report on a quarter is due by the 6th day of the first month of the next quarter
    // (县实施方案 七(三): 每季度首月6日前报上季度工作情况): 2026Q3 → 2026-10-06.
    date report_due() const;
    std::string to_string() const;  // `2026Q3`
};
// `2026Q3` (also `2026q3`, `2026-Q3`); nullopt with `why` set otherwise.
std::optional<quarter> parse_quarter(std::string_view text, std::string *why = nullptr);

enum class report_format { html, markdown };

struct report_options {
    workflow::quarter quarter;
    report_format format = report_format::html;
    std::string title = "守信联合激励和失信联合惩戒工作季度报告";
    std::string rules_dir;     // for feedback coverage and overdue feedback; may be empty
    std::string calendar_dir;  // for late publications; may be empty
    int feedback_days = 10;
    date today = date::today();
};

// Renders the report of `s` (the statistics of the quarter).
std::string render_report(const stats &s, const report_options &options);

struct report_written {
    std::string path;
    date due;
    workflow::stats stats;
};

// Computes the quarter's statistics and writes the report to `path` (the demo calls this).
// Throws store::error or std::runtime_error when the data or the file cannot be read or written.
report_written write_quarterly_report(store::store &db, const sema::rule_set *rules, const report_options &options,
                                      const std::string &path);

}  // namespace credo::workflow
