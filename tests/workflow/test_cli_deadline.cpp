// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

const std::string calendar = CREDO_SOURCE_DIR "/rules/calendar";

}  // namespace

TEST_CASE("credo deadline prints the 7th working day, naming a make-up working day") {
    auto r = run_credo({"deadline", "--decided", "2017-01-20", "--calendar", calendar});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2017-02-04 (Saturday, a make-up working day)\n");
    CHECK(r.err.empty());
    auto plain = run_credo({"deadline", "--decided", "2017-09-28", "--calendar", calendar});
    CHECK(plain.out == "2017-10-13 (Friday)\n");
    auto three = run_credo({"deadline", "--decided", "2017-09-28", "--days", "3", "--calendar", calendar});
    CHECK(three.out == "2017-10-09 (Monday)\n");  // 09-29, 09-30 (Sat), 10-09
}

TEST_CASE("credo deadline --json gives the deadline, its kind and the days counted") {
    auto r = run_credo({"deadline", "--decided", "2026-02-12", "--json", "--calendar", calendar});
    CHECK(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["decided"] == "2026-02-12");
    CHECK(j["working_days"] == 7);
    CHECK(j["deadline"] == "2026-02-28");
    CHECK(j["weekday"] == "Saturday");
    CHECK(j["kind"] == "makeup_workday");
    CHECK(j["holiday"] == "春节");
    CHECK(j["decision_day_counts"] == false);
    CHECK(j["counted"] == nlohmann::json::array({"2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26",
                                                 "2026-02-27", "2026-02-28"}));
}

TEST_CASE("credo deadline --explain lists every day up to the deadline") {
    auto r = run_credo({"deadline", "--decided", "2017-04-01", "--explain", "--calendar", calendar});
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "decided 2017-04-01 (Saturday); the decision day does not count\n"
          "  2017-04-02  Sunday     rest (清明节)\n"
          "  2017-04-03  Monday     rest (清明节)\n"
          "  2017-04-04  Tuesday    rest (清明节)\n"
          "  2017-04-05  Wednesday  working day 1\n"
          "  2017-04-06  Thursday   working day 2\n"
          "  2017-04-07  Friday     working day 3\n"
          "  2017-04-08  Saturday   rest (weekend)\n"
          "  2017-04-09  Sunday     rest (weekend)\n"
          "  2017-04-10  Monday     working day 4\n"
          "  2017-04-11  Tuesday    working day 5\n"
          "  2017-04-12  Wednesday  working day 6\n"
          "  2017-04-13  Thursday   working day 7\n"
          "last day to publish: 2017-04-13 (Thursday)\n");
}

TEST_CASE("credo deadline rejects a bad date with exit 2") {
    auto r = run_credo({"deadline", "--decided", "2017-02-30", "--calendar", calendar});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "credo: --decided: `2017-02-30` is not a real date\n");
    CHECK(run_credo({"deadline", "--decided", "20170220", "--calendar", calendar}).exit_code == 2);
    CHECK(run_credo({"deadline", "--decided", "2017-02-20", "--days", "0", "--calendar", calendar}).exit_code == 2);
    CHECK(run_credo({"deadline", "--calendar", calendar}).exit_code == 2);
}

TEST_CASE("credo deadline outside the calendar's coverage exits 2 and says which file to add") {
    auto r = run_credo({"deadline", "--decided", "2027-03-01", "--calendar", calendar});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err ==
          "credo: `2027-03-01` is outside the working-day calendar, which covers 2017-01-01 to 2026-12-19\n"
          "help: add the file `2027` from the State Council's notice on the 2027 holidays (see docs/calendar.md)\n");
    auto through = run_credo({"deadline", "--decided", "2026-12-16", "--calendar", calendar});
    CHECK(through.exit_code == 2);
    CHECK(through.err.starts_with("credo: `2026-12-20` is outside the working-day calendar: the notice for 2027"));
}

TEST_CASE("credo deadline reports every problem of a malformed calendar with file and line") {
    temp_dir dir;
    write_file(dir.file("2017"), "notice n\nsource s\n2017-01-23 work 春节\n2017-02-30 off 春节\n");
    auto r = run_credo({"deadline", "--decided", "2017-01-20", "--calendar", dir.path()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == dir.file("2017") +
                       ":3:1: error: `2017-01-23` is a Monday, already a working day\n"
                       "help: `work` marks a Saturday or Sunday that the notice makes a working day\n" +
                       dir.file("2017") +
                       ":4:1: error: `2017-02-30` is not a real date\n"
                       "help: write dates as YYYY-MM-DD\n"
                       "credo: the working-day calendar in `" +
                       dir.path() + "` has 2 problems\n");
}

TEST_CASE("credo deadline finds the calendar through CREDO_RULES when --calendar is not given") {
    ::setenv("CREDO_RULES", CREDO_SOURCE_DIR "/rules", 1);
    auto r = run_credo({"deadline", "--decided", "2025-01-24"});
    ::unsetenv("CREDO_RULES");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2025-02-10 (Monday)\n");
}

TEST_CASE("credo calendar --year lists the notice's days and the year's working days") {
    auto r = run_credo({"calendar", "--year", "2017", "--calendar", calendar});
    CHECK(r.exit_code == 0);
    CHECK(
        r.out.starts_with("2017  国务院办公厅关于2017年部分节假日安排的通知\n"
                          "source: https://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm\n"
                          "2017-01-01  Sunday     off   元旦\n"
                          "2017-01-02  Monday     off   元旦\n"
                          "2017-01-22  Sunday     work  春节\n"));
    // The 2018 file is loaded, so 2017's last days are settled.
    CHECK(
        r.out.ends_with("2017-10-08  Sunday     off   国庆节、中秋节\n"
                        "249 working days, 16 weekday holidays, 5 make-up working days\n"));
    auto last = run_credo({"calendar", "--year", "2026", "--calendar", calendar});
    CHECK(
        last.out.ends_with("248 working days (provisional), 19 weekday holidays, 6 make-up working days\n"
                           "days from 2026-12-20 on wait for the notice for 2027\n"));
    auto boundary = run_credo({"calendar", "--year", "2019", "--calendar", calendar});
    CHECK(boundary.out.find("2018-12-29  Saturday   work  元旦\n"
                            "2018-12-30  Sunday     off   元旦\n"
                            "2018-12-31  Monday     off   元旦\n"
                            "2019-01-01  Tuesday    off   元旦\n") != std::string::npos);
    auto j = nlohmann::json::parse(run_credo({"calendar", "--year", "2025", "--json", "--calendar", calendar}).out);
    CHECK(j["working_days"] == 248);
    CHECK(j["provisional"] == false);
    CHECK(j["days"].size() == 33);
    auto missing = run_credo({"calendar", "--year", "2027", "--calendar", calendar});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.starts_with("credo: the calendar in `" + calendar + "` has no file for 2027"));
}

TEST_CASE("credo calendar summarises every year and the coverage") {
    auto r = run_credo({"calendar", "--calendar", calendar});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "calendar `" + calendar +
                       "` covers 2017-01-01 to 2026-12-19\n"
                       "2017  249 working days, 16 weekday holidays, 5 make-up working days  "
                       "国务院办公厅关于2017年部分节假日安排的通知\n"
                       "2018  250 working days, 18 weekday holidays, 7 make-up working days  "
                       "国务院办公厅关于2018年部分节假日安排的通知\n"
                       "2019  250 working days, 17 weekday holidays, 6 make-up working days  "
                       "国务院办公厅关于2019年部分节假日安排的通知\n"
                       "2020  249 working days, 19 weekday holidays, 6 make-up working days  "
                       "国务院办公厅关于2020年部分节假日安排的通知\n"
                       "2021  250 working days, 18 weekday holidays, 7 make-up working days  "
                       "国务院办公厅关于2021年部分节假日安排的通知\n"
                       "2022  249 working days, 18 weekday holidays, 7 make-up working days  "
                       "国务院办公厅关于2022年部分节假日安排的通知\n"
                       "2023  249 working days, 18 weekday holidays, 7 make-up working days  "
                       "国务院办公厅关于2023年部分节假日安排的通知\n"
                       "2024  251 working days, 19 weekday holidays, 8 make-up working days  "
                       "国务院办公厅关于2024年部分节假日安排的通知\n"
                       "2025  248 working days, 18 weekday holidays, 5 make-up working days  "
                       "国务院办公厅关于2025年部分节假日安排的通知\n"
                       "2026  248 working days (provisional), 19 weekday holidays, 6 make-up working days  "
                       "国务院办公厅关于2026年部分节假日安排的通知\n");
}

TEST_CASE("credo deadline falls back to ./rules/calendar without --calendar or CREDO_RULES") {
    auto previous = std::filesystem::current_path();
    std::filesystem::current_path(CREDO_SOURCE_DIR);
    ::unsetenv("CREDO_RULES");
    auto r = run_credo({"deadline", "--decided", "2025-09-26"});
    std::filesystem::current_path(previous);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2025-10-13 (Monday)\n");
}
