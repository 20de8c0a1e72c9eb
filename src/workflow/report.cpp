// SPDX-License-Identifier: Apache-2.0
// The quarterly report in HTML (inline SVG bar charts drawn here) and Markdown.
#include "workflow/report.hpp"

#include "base/files.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <stdexcept>

namespace credo::workflow {

date quarter::first_day() const { return date::from_ymd(year, static_cast<unsigned>(3 * (number - 1) + 1), 1); }
date quarter::last_day() const { return first_day().add_months(3).add_days(-1); }
date quarter::report_due() const { return first_day().add_months(3).add_days(5); }
std::string quarter::to_string() const { return fmt::format("{}Q{}", year, number); }

std::optional<quarter> parse_quarter(std::string_view text, std::string *why) {
    auto fail = [&](std::string message) -> std::optional<quarter> {
        if (why) *why = std::move(message);
        return std::nullopt;
    };
    std::string t(text);
    if (t.size() == 7 && t[4] == '-') t.erase(4, 1);
    if (t.size() != 6 || (t[4] != 'Q' && t[4] != 'q') ||
        !std::all_of(t.begin(), t.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) || t[5] < '1' ||
        t[5] > '4') {
        return fail(fmt::format("`{}` is not a quarter; write it like `2026Q3`", text));
    }
    int year = std::stoi(t.substr(0, 4));
    if (year < 1900) return fail(fmt::format("`{}` is not a quarter; the year is out of range", text));
    return quarter{year, t[5] - '0'};
}

namespace {

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// Data (names, departments, problems) as inert Markdown text in a table cell or a list item: HTML
// becomes entities (Markdown passes raw HTML through to the page), inline Markdown is
// backslash-escaped (emphasis, code, links and images, tables, strike-through), a leading block
// marker (heading, quote, list item) is escaped too, and line breaks and control characters,
// which would end the cell or act on a terminal showing the file, become spaces and U+FFFD.
std::string md_escape(std::string_view text) {
    std::string out;
    std::size_t lead = 0;
    while (lead < text.size() && text[lead] == ' ') ++lead;
    std::size_t digits = lead;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        auto u = static_cast<unsigned char>(c);
        bool block_marker = i == lead && (c == '#' || c == '>' || c == '-' || c == '+' || c == '=');
        bool ordered_marker = i == digits && digits > lead && (c == '.' || c == ')');
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>' && !block_marker) out += "&gt;";
        else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
        else if (u < 0x20 || u == 0x7F) out += "\xEF\xBF\xBD";
        else if (u == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            out += "\xEF\xBF\xBD";  // a C1 control, two bytes in UTF-8
            ++i;
        } else {
            if (block_marker || ordered_marker || c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' ||
                c == '[' || c == ']' || c == '!' || c == '~') {
                out += '\\';
            }
            out += c;
        }
    }
    return out;
}

std::string percent(std::int64_t part, std::int64_t whole) {
    return whole ? fmt::format("{:.1f}%", 100.0 * double(part) / double(whole)) : "–";
}

// A horizontal bar chart: one <rect class="bar"> a row, labelled, with its value.
std::string bar_chart(std::string_view id, std::string_view title, const std::vector<count_row> &rows) {
    constexpr int width = 680, label = 240, row = 24, top = 8, value_room = 60;
    std::string out = fmt::format("<figure class=\"figure\"><figcaption>{}</figcaption>\n", escape(title));
    if (rows.empty()) {
        out += fmt::format("<svg class=\"chart\" id=\"{}\" data-bars=\"0\" width=\"{}\" height=\"32\" "
                           "viewBox=\"0 0 {} 32\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
                           "<text x=\"8\" y=\"20\" class=\"empty\">无数据 (no data)</text></svg></figure>\n",
                           id, width, width);
        return out;
    }
    std::int64_t max = 1;
    for (const auto &r : rows) max = std::max(max, r.count);
    int height = top * 2 + row * static_cast<int>(rows.size());
    out += fmt::format("<svg class=\"chart\" id=\"{}\" data-bars=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
                       "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n",
                       id, rows.size(), width, height, width, height);
    int span = width - label - value_room;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        int y = top + row * static_cast<int>(i);
        int w = static_cast<int>(double(span) * double(rows[i].count) / double(max));
        if (rows[i].count > 0) w = std::max(w, 2);
        out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label - 8, y + 16,
                           escape(rows[i].key));
        out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" data-value=\"{}\">"
                           "<title>{}: {}</title></rect>",
                           label, y + 3, w, row - 6, rows[i].count, escape(rows[i].key), rows[i].count);
        out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\">{}</text>\n", label + w + 6, y + 16, rows[i].count);
    }
    out += "</svg></figure>\n";
    return out;
}

std::string html_table(const std::vector<std::string> &head, const std::vector<std::vector<std::string>> &rows) {
    std::string out = "<table><thead><tr>";
    for (const auto &h : head) out += "<th>" + escape(h) + "</th>";
    out += "</tr></thead><tbody>\n";
    if (rows.empty()) out += fmt::format("<tr><td colspan=\"{}\" class=\"empty\">无 (none)</td></tr>\n", head.size());
    for (const auto &r : rows) {
        out += "<tr>";
        for (const auto &c : r) out += "<td>" + escape(c) + "</td>";
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
    return out;
}

std::string md_table(const std::vector<std::string> &head, const std::vector<std::vector<std::string>> &rows) {
    std::string out = "|";
    for (const auto &h : head) out += " " + md_escape(h) + " |";
    out += "\n|";
    for (std::size_t i = 0; i < head.size(); ++i) out += " --- |";
    out += "\n";
    if (rows.empty()) {
        out += "|";
        for (std::size_t i = 0; i < head.size(); ++i) out += i == 0 ? " 无 (none) |" : " |";
        out += "\n";
    }
    for (const auto &r : rows) {
        out += "|";
        for (const auto &c : r) out += " " + md_escape(c) + " |";
        out += "\n";
    }
    return out + "\n";
}

std::vector<std::vector<std::string>> rows_of(const std::vector<count_row> &rows) {
    std::vector<std::vector<std::string>> out;
    for (const auto &r : rows) out.push_back({r.key, std::to_string(r.count)});
    return out;
}

// The content shared by both formats.
struct sections {
    std::vector<std::vector<std::string>> summary;
    std::vector<count_row> listings_by_month;
    std::vector<count_row> objections;
    std::vector<std::string> behind;  // departments behind on feedback, with counts
    std::vector<std::vector<std::string>> listing_table;
    std::vector<std::vector<std::string>> late_table;
    std::vector<std::vector<std::string>> overdue_table;
};

sections gather(const stats &s, const report_options &o) {
    sections x;
    auto add = [&](std::string what, std::string value) { x.summary.push_back({std::move(what), std::move(value)}); };
    add("查询次数 checks", std::to_string(s.checks));
    add("命中次数 hits (verdict ≠ none)", fmt::format("{} ({})", s.hits, percent(s.hits, s.checks)));
    add("执行反馈 feedback recorded", std::to_string(s.feedback));
    if (s.coverage_known) {
        add("反馈覆盖率 feedback coverage",
            fmt::format("{} / {} ({})", s.covered_feedback, s.expected_feedback,
                        percent(s.covered_feedback, s.expected_feedback)));
        add(fmt::format("逾期未反馈 overdue feedback (> {} days)", o.feedback_days), std::to_string(s.overdue_feedback));
    } else {
        add("反馈覆盖率 feedback coverage", "unknown (no rules given)");
    }
    add("异议 objections opened / upheld / rejected / pending",
        fmt::format("{} / {} / {} / {}", s.objections_opened, s.objections_accepted, s.objections_dismissed,
                    s.objections_pending));
    add("异议办结中位天数 median days to resolve",
        s.median_days_to_resolve ? fmt::format("{:g}", *s.median_days_to_resolve) : "–");
    add("信用修复 repairs", std::to_string(s.repairs));
    add("新增名单 listings", std::to_string(s.listings));
    if (s.publications_known) {
        add("许可处罚决定 decisions", std::to_string(s.decisions));
        add("超期公示 published late (7 working days)", std::to_string(s.published_late));
        add("逾期未公示 unpublished past the deadline", std::to_string(s.unpublished_overdue));
    } else {
        add("许可处罚决定 decisions", "unknown (" + s.publications_problem + ")");
    }
    // Every month of the quarter gets a bar, with or without listings.
    for (int m = 0; m < 3; ++m) {
        date first = o.quarter.first_day().add_months(m);
        std::string key = period_of(first, period_bucket::month);
        std::int64_t n = 0;
        for (const auto &r : s.listings_over_time) {
            if (r.period == key) n += r.count;
        }
        x.listings_by_month.push_back({key, n});
    }
    for (const auto &r : s.listings_over_time) x.listing_table.push_back({r.period, r.field, std::to_string(r.count)});
    x.objections = {{"opened 提出", s.objections_opened},
                    {"upheld 成立", s.objections_accepted},
                    {"rejected 驳回", s.objections_dismissed}};
    for (const auto &r : s.overdue_by_department) x.behind.push_back(fmt::format("{} ({})", r.key, r.count));
    for (const auto &l : s.late) {
        x.late_table.push_back({l.document, l.kind, l.department, l.decided_on.to_string(),
                                l.deadline ? l.deadline->to_string() : "–",
                                l.published_on ? l.published_on->to_string() : "未公示 unpublished", l.state});
    }
    for (const auto &i : s.overdue) {
        x.overdue_table.push_back({std::to_string(i.check_id), i.checked_on.to_string(), i.due_on.to_string(),
                                   i.department, i.measure});
    }
    return x;
}

constexpr const char *css = R"css(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:2rem auto;max-width:60rem;color:#1f2328;padding:0 1rem}
h1{font-size:1.5rem;border-bottom:2px solid #b22222;padding-bottom:.4rem}
h2{font-size:1.15rem;margin-top:2rem;color:#7a1a1a}
.meta{color:#57606a}.due{font-weight:bold;color:#b22222}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
th{background:#f6f8fa}td.empty{color:#57606a}
figure{margin:1rem 0}figcaption{font-weight:bold;margin-bottom:.3rem}
svg.chart{background:#fafbfc;border:1px solid #d0d7de;max-width:100%;height:auto}
svg .bar{fill:#c0392b}svg .label{font-size:12px;fill:#1f2328}svg .value{font-size:12px;fill:#57606a}svg .empty{font-size:13px;fill:#57606a}
.behind{background:#fff4f4;border-left:4px solid #b22222;padding:.5rem 1rem}
)css";

std::string render_html(const stats &s, const report_options &o) {
    auto x = gather(s, o);
    std::string q = o.quarter.to_string();
    std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n";
    out += fmt::format("<title>{} {}</title>\n<style>{}</style></head><body>\n", escape(o.title), q, css);
    out += fmt::format("<h1>{} · {}</h1>\n", escape(o.title), q);
    out += fmt::format("<p class=\"meta\">统计期间 period {} — {} · 生成日期 generated {}</p>\n",
                       o.quarter.first_day().to_string(), o.quarter.last_day().to_string(), o.today.to_string());
    out += fmt::format("<p class=\"due\" id=\"due\">报送截止 report due: {} (每季度首月6日前报上季度工作情况)</p>\n",
                       o.quarter.report_due().to_string());
    out += "<h2>概况 Summary</h2>\n" + html_table({"指标 measure", "数值 value"}, x.summary);
    out += "<h2>反馈滞后部门 Departments behind on feedback</h2>\n<div class=\"behind\" id=\"behind\">";
    if (!s.coverage_known) out += "<p>unknown: the report was made without rules</p>";
    else if (x.behind.empty()) out += "<p>无 none: every department gave its feedback in time</p>";
    else {
        out += "<ul>";
        for (const auto &b : x.behind) out += "<li>" + escape(b) + "</li>";
        out += "</ul>";
    }
    out += "</div>\n";
    out += "<h2>查询 Checks</h2>\n";
    out += bar_chart("checks-by-scenario", "按场景的查询次数 checks by scenario", s.checks_by_scenario);
    out += bar_chart("checks-by-querier", "按部门的查询次数 checks by querier", s.checks_by_querier);
    out += "<h2>措施执行 Measures applied (from feedback)</h2>\n";
    out += bar_chart("applied-by-implementer", "按实施部门 by implementer", s.applied_by_implementer);
    out += bar_chart("applied-by-memorandum", "按备忘录 by memorandum", s.applied_by_memorandum);
    out += html_table({"反馈结果 outcome", "次数 count"}, rows_of(s.feedback_by_outcome));
    if (s.coverage_known) {
        out += bar_chart("overdue-by-department", "逾期未反馈 overdue feedback by department", s.overdue_by_department);
        out += html_table({"check", "checked on", "due on", "department", "measure"}, x.overdue_table);
    }
    out += "<h2>异议与修复 Objections and repairs</h2>\n";
    out += bar_chart("objections", "异议 objections", x.objections);
    out += "<h2>名单 Listings by field</h2>\n";
    out += bar_chart("listings-by-month", "按月新增名单 listings by month", x.listings_by_month);
    out += bar_chart("listings-by-field", "按领域新增名单 listings by field", s.listings_by_field);
    out += html_table({"month", "field", "listings"}, x.listing_table);
    out += "<h2>行政许可和行政处罚信息公示 Publication within 7 working days</h2>\n";
    if (s.publications_known) {
        out += fmt::format("<p>{} decisions; on time {}, late {}, unpublished {} (past the deadline {})</p>\n",
                           s.decisions, s.published_on_time, s.published_late,
                           s.unpublished + s.unpublished_overdue, s.unpublished_overdue);
        out += html_table({"document", "kind", "department", "decided on", "deadline", "published on", "state"},
                          x.late_table);
    } else {
        out += "<p>unknown: " + escape(s.publications_problem) + "</p>\n";
    }
    out += "</body></html>\n";
    return out;
}

std::string render_markdown(const stats &s, const report_options &o) {
    auto x = gather(s, o);
    std::string out = fmt::format("# {} · {}\n\n", o.title, o.quarter.to_string());
    out += fmt::format("- 统计期间 period: {} — {}\n- 生成日期 generated: {}\n- **报送截止 report due: {}** "
                       "(每季度首月6日前报上季度工作情况)\n\n",
                       o.quarter.first_day().to_string(), o.quarter.last_day().to_string(), o.today.to_string(),
                       o.quarter.report_due().to_string());
    out += "## 概况 Summary\n\n" + md_table({"指标 measure", "数值 value"}, x.summary);
    out += "## 反馈滞后部门 Departments behind on feedback\n\n";
    if (!s.coverage_known) out += "unknown: the report was made without rules\n\n";
    else if (x.behind.empty()) out += "无 none\n\n";
    else {
        for (const auto &b : x.behind) out += "- " + md_escape(b) + "\n";
        out += "\n";
    }
    out += "## 查询 Checks\n\n" + md_table({"scenario", "checks"}, rows_of(s.checks_by_scenario));
    out += md_table({"querier", "checks"}, rows_of(s.checks_by_querier));
    out += "## 措施执行 Measures applied\n\n" + md_table({"implementer", "applied"}, rows_of(s.applied_by_implementer));
    out += md_table({"memorandum", "applied"}, rows_of(s.applied_by_memorandum));
    out += md_table({"outcome", "count"}, rows_of(s.feedback_by_outcome));
    if (s.coverage_known) {
        out += md_table({"department", "overdue"}, rows_of(s.overdue_by_department));
        out += md_table({"check", "checked on", "due on", "department", "measure"}, x.overdue_table);
    }
    out += "## 异议与修复 Objections and repairs\n\n" + md_table({"objections", "count"}, rows_of(x.objections));
    out += fmt::format("Repairs: {}\n\n", s.repairs);
    out += "## 名单 Listings\n\n" + md_table({"month", "listings"}, rows_of(x.listings_by_month));
    out += md_table({"month", "field", "listings"}, x.listing_table);
    out += "## 公示 Publication within 7 working days\n\n";
    if (s.publications_known) {
        out += fmt::format("{} decisions; on time {}, late {}, unpublished {} (past the deadline {})\n\n", s.decisions,
                           s.published_on_time, s.published_late, s.unpublished + s.unpublished_overdue,
                           s.unpublished_overdue);
        out += md_table({"document", "kind", "department", "decided on", "deadline", "published on", "state"},
                        x.late_table);
    } else {
        out += "unknown: " + md_escape(s.publications_problem) + "\n";
    }
    return out;
}

}  // namespace

std::string render_report(const stats &s, const report_options &options) {
    return options.format == report_format::html ? render_html(s, options) : render_markdown(s, options);
}

report_written write_quarterly_report(store::store &db, const sema::rule_set *rules, const report_options &options,
                                      const std::string &path) {
    stats_options so;
    so.from = options.quarter.first_day();
    so.to = options.quarter.last_day();
    so.rules_dir = options.rules_dir;
    so.calendar_dir = options.calendar_dir;
    so.feedback_days = options.feedback_days;
    so.today = options.today;
    so.bucket = period_bucket::month;
    report_written out{path, options.quarter.report_due(), compute_stats(db, rules, so)};
    std::string text = render_report(out.stats, options);
    // base::file_error is a runtime_error: the database and anything not a regular file or that
    // is an SQLite database are refused, and the file is replaced whole or not at all.
    base::write_output_file(path, text, base::database_paths(db.path()));
    return out;
}

}  // namespace credo::workflow
