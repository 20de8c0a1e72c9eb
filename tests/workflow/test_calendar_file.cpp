// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "credo/calendar.hpp"
#include "support/process.hpp"

using namespace credo;
using namespace credo::workflow;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

const std::string header =
    "# test calendar\n"
    "notice 国务院办公厅关于2017年部分节假日安排的通知\n"
    "source https://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm\n";

// Parses `header + body` as the file `2017` and expects exactly one problem.
calendar_problem only_problem(const std::string &body) {
    auto r = parse_notice(header + body, 2017, "cal/2017");
    CHECK_FALSE(r.notice);
    REQUIRE(r.problems.size() == 1);
    return r.problems.front();
}

}  // namespace

TEST_CASE("a well-formed file yields its days, sorted, with their names and lines") {
    auto r = parse_notice(header +
                              "\n"
                              "2017-01-27..2017-01-29 off 春节\r\n"
                              "2017-01-22\twork   春节 调休 \n",
                          2017, "cal/2017");
    REQUIRE(r.problems.empty());
    REQUIRE(r.notice);
    CHECK(r.notice->title == "国务院办公厅关于2017年部分节假日安排的通知");
    CHECK(r.notice->year == 2017);
    REQUIRE(r.notice->days.size() == 4);
    CHECK(r.notice->days[0].day == *date::parse("2017-01-22"));
    CHECK(r.notice->days[0].working);
    CHECK(r.notice->days[0].holiday == "春节 调休");
    CHECK(r.notice->days[0].line == 6);
    CHECK(r.notice->days[3].day == *date::parse("2017-01-29"));
    CHECK_FALSE(r.notice->days[3].working);
    CHECK(r.notice->days[3].line == 5);
}

TEST_CASE("a date that is not a real date is an error at its line and column") {
    auto p = only_problem("2017-02-30 off 春节\n");
    CHECK(p.line == 4);
    CHECK(p.column == 1);
    CHECK(p.message == "`2017-02-30` is not a real date");
    CHECK(to_string(p) == "cal/2017:4:1: error: `2017-02-30` is not a real date\nhelp: write dates as YYYY-MM-DD\n");
    auto q = only_problem("2017-1-27 off 春节\n");
    CHECK(q.message == "`2017-1-27` is not a date in the form YYYY-MM-DD");
    auto end = only_problem("2017-01-27..2017-02-31 off 春节\n");
    CHECK(end.column == 13);
    CHECK(end.message == "`2017-02-31` is not a real date");
}

TEST_CASE("a date set twice is an error naming the first line") {
    auto p = only_problem("2017-01-27..2017-02-02 off 春节\n2017-02-01 off 春节\n");
    CHECK(p.line == 5);
    CHECK(p.message == "`2017-02-01` is already set on line 4");
}

TEST_CASE("a date outside the file's year is an error, the year-end window of the year before aside") {
    auto p = only_problem("2018-01-01 off 元旦\n");
    CHECK(p.line == 4);
    CHECK(p.message == "`2018-01-01` is outside 2017");
    CHECK(p.help ==
          "the notice for 2017 sets days of 2017 and may set days from 2016-12-20 to 2016-12-31; other days belong "
          "in the file of their own year");
    CHECK(only_problem("2016-12-19 work 元旦\n").message == "`2016-12-19` is outside 2017");
    CHECK(only_problem("2016-12-30..2017-01-03 off 元旦\n2016-11-30 off 元旦\n").line == 5);
    // The 2019 notice made 2018-12-29 (Sat) a working day and 2018-12-31 (Mon) a rest day.
    auto window =
        parse_notice("notice n\nsource s\n2018-12-29 work 元旦\n2018-12-30..2019-01-01 off 元旦\n", 2019, "2019");
    CHECK(window.problems.empty());
    REQUIRE(window.notice);
    CHECK(window.notice->days.size() == 4);
}

TEST_CASE("an `off` on a weekend must name its holiday and every line needs a name") {
    auto p = only_problem("2017-01-01 off\n");
    CHECK(p.line == 4);
    CHECK(p.message == "`2017-01-01` is a Sunday, already a rest day, and the line names no holiday");
    CHECK(p.help == "name the holiday it belongs to, e.g. `off 元旦`, or delete the line");
    CHECK(only_problem("2017-01-02 off   \n").message == "missing the name of the holiday");
    CHECK(only_problem("2017-01-22 work\n").message == "missing the name of the holiday");
}

TEST_CASE("`work` on a weekday is an error: the day is a working day already") {
    auto p = only_problem("2017-01-23 work 春节\n");
    CHECK(p.message == "`2017-01-23` is a Monday, already a working day");
    auto range = only_problem("2017-01-21..2017-01-23 work 春节\n");
    CHECK(range.message == "`2017-01-23` is a Monday, already a working day");
}

TEST_CASE("unknown keywords and day kinds are errors, not skipped lines") {
    auto p = only_problem("holiday 2017-01-27 off 春节\n");
    CHECK(p.line == 4);
    CHECK(p.column == 1);
    CHECK(p.message == "unknown keyword `holiday`");
    auto kind = only_problem("2017-01-27 rest 春节\n");
    CHECK(kind.column == 12);
    CHECK(kind.message == "unknown day kind `rest`");
    CHECK(kind.help == "`off` is a rest day, `work` a make-up working day (调休上班)");
    CHECK(only_problem("2017-01-27\n").message == "missing `off` or `work` after the date");
}

TEST_CASE("a reversed range is an error") {
    CHECK(only_problem("2017-02-02..2017-01-27 off 春节\n").message ==
          "the range `2017-02-02..2017-01-27` ends before it starts");
}

TEST_CASE("the notice's title and source are required once each") {
    auto r = parse_notice("2017-01-27 off 春节\n", 2017, "cal/2017");
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].line == 1);
    CHECK(r.problems[0].message == "missing the `notice` line naming the title of the State Council's notice");
    CHECK(r.problems[1].message == "missing the `source` line naming where the notice was published");
    auto twice = only_problem("source https://example.org\n2017-01-27 off 春节\n");
    CHECK(twice.line == 4);
    CHECK(twice.message == "`source` is already given on line 3");
    auto empty = parse_notice("notice\nsource x\n2017-01-27 off 春节\n", 2017, "cal/2017");
    REQUIRE(empty.problems.size() == 1);
    CHECK(empty.problems[0].message == "`notice` needs a value");
}

TEST_CASE("a file that sets no days is an error") {
    CHECK(only_problem("# nothing yet\n").message == "the calendar for 2017 sets no days");
}

TEST_CASE("every problem of a file is reported, in line order") {
    auto r = parse_notice(header + "2017-13-01 off 春节\n2017-01-23 work 春节\nfoo\n2018-01-01 off 元旦\n", 2017,
                          "cal/2017");
    REQUIRE(r.problems.size() == 4);
    CHECK(r.problems[0].line == 4);
    CHECK(r.problems[1].line == 5);
    CHECK(r.problems[2].line == 6);
    CHECK(r.problems[3].line == 7);
}

TEST_CASE("invalid UTF-8 is an error at its line, and columns count code points") {
    auto bad = only_problem("2017-01-27 off \xE6\x98\n");
    CHECK(bad.line == 4);
    CHECK(bad.column == 16);
    CHECK(bad.message == "the line is not valid UTF-8 (byte 0xE6)");
}

TEST_CASE("a directory with a stray file, a bad year file or none is reported") {
    temp_dir dir;
    auto none = load_calendar(dir.path());
    CHECK_FALSE(none.calendar);
    REQUIRE(none.problems.size() == 1);
    CHECK(none.problems[0].message == "the calendar directory has no year files");

    write_file(dir.file("2017"), header + "2017-01-27 off 春节\n");
    write_file(dir.file("README.md"), "notes\n");
    write_file(dir.file("2018.txt"), "x\n");
    write_file(dir.file("2025"), "notice n\nsource s\n2025-01-01 of 元旦\n");
    auto r = load_calendar(dir.path());
    CHECK_FALSE(r.calendar);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].file == dir.file("2018.txt"));
    CHECK(r.problems[0].message == "`2018.txt` is not a calendar file");
    CHECK(r.problems[1].file == dir.file("2025"));
    CHECK(r.problems[1].line == 3);
    CHECK(r.problems[1].message == "unknown day kind `of`");

    auto missing = load_calendar(dir.file("nope"));
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].message.starts_with("cannot read the calendar directory: "));
}

TEST_CASE("a day at the year boundary set by two files is an error naming both") {
    temp_dir dir;
    write_file(dir.file("2018"), "notice n\nsource s\n2018-12-29 work 元旦\n2018-12-31 off 元旦\n");
    write_file(dir.file("2019"), "notice n\nsource s\n2018-12-29 work 元旦\n2018-12-30..2019-01-01 off 元旦\n");
    auto r = load_calendar(dir.path());
    CHECK_FALSE(r.calendar);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].file == dir.file("2019"));
    CHECK(r.problems[0].line == 3);
    CHECK(r.problems[0].message == "`2018-12-29` is already set in `" + dir.file("2018") + "` on line 3");
}

TEST_CASE("a year-end day set by the next year's notice is used and makes the window covered") {
    temp_dir dir;
    write_file(dir.file("2018"), "notice n\nsource s\n2018-01-01 off 元旦\n");
    write_file(dir.file("2019"), "notice n\nsource s\n2018-12-29 work 元旦\n2018-12-30..2019-01-01 off 元旦\n");
    auto r = load_calendar(dir.path());
    REQUIRE(r.calendar);
    CHECK(r.calendar->classify(*date::parse("2018-12-29")).kind == day_kind::makeup_workday);
    CHECK(r.calendar->classify(*date::parse("2018-12-31")).kind == day_kind::holiday);
    CHECK(r.calendar->covers(*date::parse("2018-12-31")));
    CHECK_FALSE(r.calendar->covers(*date::parse("2019-12-20")));
    auto dl = deadline(*r.calendar, *date::parse("2018-12-27"), 3);  // 12-28, 12-29 (Sat), 01-02
    REQUIRE(dl.deadline);
    CHECK(dl.deadline->day == *date::parse("2019-01-02"));
}
