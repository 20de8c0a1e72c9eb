// SPDX-License-Identifier: Apache-2.0
// Reads the yearly calendar files of rules/calendar (format: docs/calendar.md), strictly.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "base/files.hpp"
#include "base/utf8.hpp"
#include "credo/calendar.hpp"

namespace credo::workflow {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// A whitespace-separated field of a line and the byte offset where it starts.
struct field {
    std::string_view text;
    std::size_t offset = 0;
};

// Splits off the next field at or after `pos`; the rest of the line stays for the caller.
field next_field(std::string_view line, std::size_t &pos) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    std::size_t start = pos;
    while (pos < line.size() && !is_blank(line[pos])) ++pos;
    return {line.substr(start, pos - start), start};
}

bool is_year_name(std::string_view name) {
    return name.size() == 4 && name[0] != '0' &&
           std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class notice_parser {
public:
    notice_parser(int year, const std::string &file) : year_(year), file_(file) {
        notice_.year = year;
        notice_.file = file;
    }

    void parse_line(std::string_view line, unsigned number) {
        line_ = line;
        number_ = number;
        if (auto bad = base::find_invalid_utf8(line); bad != std::string_view::npos) {
            error(bad,
                  fmt::format("the line is not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(line[bad])),
                  "save the file as UTF-8");
            return;
        }
        std::size_t pos = 0;
        field first = next_field(line, pos);
        if (first.text.empty() || first.text.front() == '#') return;
        if (first.text == "notice" || first.text == "source") {
            header(first, trim(line.substr(pos)));
        } else if (first.text.front() >= '0' && first.text.front() <= '9') {
            day_line(first, line, pos);
        } else {
            error(first.offset, fmt::format("unknown keyword `{}`", first.text),
                  "a line is `notice TITLE`, `source URL`, `YYYY-MM-DD off|work HOLIDAY` or a `#` comment");
        }
    }

    notice_parse_result finish() {
        for (auto [name, what] : {std::pair{"notice", "the title of the State Council's notice"},
                                  std::pair{"source", "where the notice was published"}}) {
            if (!header_lines_.contains(name)) {
                problems_.push_back({file_, 1, 1, fmt::format("missing the `{}` line naming {}", name, what),
                                     fmt::format("start the file with `{} ...` (see docs/calendar.md)", name)});
            }
        }
        if (notice_.days.empty() && problems_.empty()) {
            problems_.push_back({file_, 1, 1, fmt::format("the calendar for {} sets no days", year_),
                                 "list the holidays and make-up working days of the notice"});
        }
        notice_parse_result result;
        std::stable_sort(problems_.begin(), problems_.end(), [](const calendar_problem &a, const calendar_problem &b) {
            return std::pair{a.line, a.column} < std::pair{b.line, b.column};
        });
        result.problems = std::move(problems_);
        if (result.problems.empty()) {
            std::sort(notice_.days.begin(), notice_.days.end(),
                      [](const day_override &a, const day_override &b) { return a.day < b.day; });
            result.notice = std::move(notice_);
        }
        return result;
    }

private:
    void error(std::size_t offset, std::string message, std::string help = {}) {
        auto column = static_cast<unsigned>(base::count_code_points(line_.substr(0, offset)) + 1);
        problems_.push_back({file_, number_, column, std::move(message), std::move(help)});
    }

    void header(field keyword, std::string_view value) {
        std::string name(keyword.text);
        if (auto it = header_lines_.find(name); it != header_lines_.end()) {
            error(keyword.offset, fmt::format("`{}` is already given on line {}", name, it->second),
                  "a file holds one notice");
            return;
        }
        header_lines_[name] = number_;
        if (value.empty()) {
            error(keyword.offset, fmt::format("`{}` needs a value", name),
                  name == "notice"
                      ? "write the notice's title, e.g. `notice 国务院办公厅关于2027年部分节假日安排的通知`"
                      : "write the address where the notice was published");
            return;
        }
        (name == "notice" ? notice_.title : notice_.source) = std::string(value);
    }

    bool in_file_year(date day) const {
        return day.year() == year_ || (day.year() == year_ - 1 && day >= year_end_window_start(year_));
    }

    std::optional<date> parse_date(std::string_view text, std::size_t offset) {
        std::string why;
        auto day = date::parse(text, &why);
        if (!day) error(offset, why, "write dates as YYYY-MM-DD");
        return day;
    }

    void day_line(field first, std::string_view line, std::size_t pos) {
        // The dates: `YYYY-MM-DD` or a range `YYYY-MM-DD..YYYY-MM-DD`, both ends included.
        std::optional<date> from, to;
        if (auto dots = first.text.find(".."); dots != std::string_view::npos) {
            from = parse_date(first.text.substr(0, dots), first.offset);
            to = parse_date(first.text.substr(dots + 2), first.offset + dots + 2);
            if (from && to && *to < *from) {
                error(first.offset, fmt::format("the range `{}` ends before it starts", first.text),
                      "write the earlier day first");
                return;
            }
        } else {
            from = to = parse_date(first.text, first.offset);
        }
        field kind = next_field(line, pos);
        std::string_view holiday = trim(line.substr(pos));
        bool working = false;
        if (kind.text.empty()) {
            error(line.size(), "missing `off` or `work` after the date",
                  "`off` is a rest day, `work` a make-up working day (调休上班)");
            return;
        } else if (kind.text == "work") {
            working = true;
        } else if (kind.text != "off") {
            error(kind.offset, fmt::format("unknown day kind `{}`", kind.text),
                  "`off` is a rest day, `work` a make-up working day (调休上班)");
            return;
        }
        if (!from || !to) return;

        std::vector<date> days;
        for (date d = *from; d <= *to; d = d.add_days(1)) days.push_back(d);
        auto weekend = [](date d) { return d.iso_weekday() >= 6; };
        if (auto outside = std::find_if(days.begin(), days.end(), [&](date d) { return !in_file_year(d); });
            outside != days.end()) {
            error(first.offset, fmt::format("`{}` is outside {}", outside->to_string(), year_),
                  fmt::format("the notice for {} sets days of {} and may set days from {} to {}-12-31; other days "
                              "belong in the file of their own year",
                              year_, year_, year_end_window_start(year_).to_string(), year_ - 1));
            return;
        }
        if (working) {
            if (auto weekday = std::find_if_not(days.begin(), days.end(), weekend); weekday != days.end()) {
                error(first.offset,
                      fmt::format("`{}` is a {}, already a working day", weekday->to_string(), weekday_name(*weekday)),
                      "`work` marks a Saturday or Sunday that the notice makes a working day");
                return;
            }
        }
        if (holiday.empty()) {
            if (!working && std::all_of(days.begin(), days.end(), weekend)) {
                error(line.size(),
                      fmt::format("`{}` is a {}, already a rest day, and the line names no holiday",
                                  days.front().to_string(), weekday_name(days.front())),
                      "name the holiday it belongs to, e.g. `off 元旦`, or delete the line");
            } else {
                error(line.size(), "missing the name of the holiday", "e.g. `2027-01-01 off 元旦`");
            }
            return;
        }
        for (date d : days) {
            auto [it, inserted] = seen_.emplace(d, number_);
            if (!inserted) {
                error(first.offset, fmt::format("`{}` is already set on line {}", d.to_string(), it->second),
                      "set each day once");
                return;
            }
        }
        for (date d : days) notice_.days.push_back({d, working, std::string(holiday), file_, number_});
    }

    int year_;
    std::string file_;
    year_notice notice_;
    std::vector<calendar_problem> problems_;
    std::map<std::string, unsigned> header_lines_;
    std::map<date, unsigned> seen_;
    std::string_view line_;
    unsigned number_ = 0;
};

}  // namespace

notice_parse_result parse_notice(std::string_view text, int year, const std::string &file) {
    notice_parser parser(year, file);
    unsigned number = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        parser.parse_line(line, ++number);
    }
    return parser.finish();
}

calendar_load_result load_calendar(const std::string &directory) {
    namespace fs = std::filesystem;
    calendar_load_result result;
    std::error_code ec;
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    if (ec) {
        result.problems.push_back({directory, 0, 0, fmt::format("cannot read the calendar directory: {}", ec.message()),
                                   "the directory holds one file a year, named by the year (see docs/calendar.md)"});
        return result;
    }
    std::sort(entries.begin(), entries.end());
    std::vector<year_notice> notices;
    for (const auto &path : entries) {
        std::string name = path.filename().string();
        std::string shown = path.string();
        if (name.starts_with(".") || name == "README" || name == "README.md") continue;
        if (!is_year_name(name) || !fs::is_regular_file(path, ec)) {
            result.problems.push_back(
                {shown, 0, 0, fmt::format("`{}` is not a calendar file", name),
                 "name each file by its year alone, e.g. `2027`; only a README may sit beside them"});
            continue;
        }
        std::string text;
        try {
            // A year's notice is a page of text: the bound keeps a link to a device from being read forever.
            text = base::read_regular_file(path.string(), std::uint64_t{16} << 20);
        } catch (const base::file_error &e) {
            result.problems.push_back({shown, 0, 0, e.what(), {}});
            continue;
        }
        auto parsed = parse_notice(text, std::stoi(name), shown);
        for (auto &p : parsed.problems) result.problems.push_back(std::move(p));
        if (parsed.notice) notices.push_back(std::move(*parsed.notice));
    }
    if (notices.empty() && result.problems.empty()) {
        result.problems.push_back({directory, 0, 0, "the calendar directory has no year files",
                                   "add one file a year, named by the year (see docs/calendar.md)"});
    }
    if (!result.problems.empty()) return result;
    auto built = working_calendar::build(std::move(notices));
    result.problems = std::move(built.problems);
    result.calendar = std::move(built.calendar);
    return result;
}

}  // namespace credo::workflow
