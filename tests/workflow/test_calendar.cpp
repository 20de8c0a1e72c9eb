// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "credo/calendar.hpp"

using namespace credo;
using namespace credo::workflow;

namespace {

date d(const char *text) {
    return *date::parse(text);
}

const working_calendar &shipped() {
    static const working_calendar calendar = [] {
        auto loaded = load_calendar(CREDO_SOURCE_DIR "/rules/calendar");
        for (const auto &p : loaded.problems) FAIL(to_string(p));
        REQUIRE(loaded.calendar);
        return std::move(*loaded.calendar);
    }();
    return calendar;
}

}  // namespace

TEST_CASE("every worked deadline of domain.md 4.4 comes out exactly") {
    struct row {
        const char *decided;
        const char *deadline;
        day_kind kind;
    };
    const row rows[] = {
        {"2017-01-20", "2017-02-04", day_kind::makeup_workday}, {"2017-09-28", "2017-10-13", day_kind::weekday},
        {"2017-04-01", "2017-04-13", day_kind::weekday},        {"2025-01-24", "2025-02-10", day_kind::weekday},
        {"2025-09-26", "2025-10-13", day_kind::weekday},        {"2026-02-12", "2026-02-28", day_kind::makeup_workday},
        {"2026-09-18", "2026-09-29", day_kind::weekday},
    };
    for (const auto &r : rows) {
        CAPTURE(r.decided);
        auto result = deadline(shipped(), d(r.decided), 7);
        REQUIRE(result.deadline);
        CHECK(result.deadline->day == d(r.deadline));
        CHECK(result.deadline->kind == r.kind);
        CHECK(result.counted.size() == 7);
        CHECK(result.counted.back() == d(r.deadline));
    }
}

TEST_CASE("a deadline across the National Day holiday counts the make-up Saturday before it") {
    // 2017-09-30 (Sat) is a working day, 10-01 … 10-08 are off.
    auto r = deadline(shipped(), d("2017-09-28"), 7);
    REQUIRE(r.deadline);
    std::vector<date> expected = {d("2017-09-29"), d("2017-09-30"), d("2017-10-09"), d("2017-10-10"),
                                  d("2017-10-11"), d("2017-10-12"), d("2017-10-13")};
    CHECK(r.counted == expected);
    // 2025: 09-28 (Sun) and 10-11 (Sat) are make-up days on either side of the break.
    auto r25 = deadline(shipped(), d("2025-09-26"), 7);
    REQUIRE(r25.deadline);
    std::vector<date> expected25 = {d("2025-09-28"), d("2025-09-29"), d("2025-09-30"), d("2025-10-09"),
                                    d("2025-10-10"), d("2025-10-11"), d("2025-10-13")};
    CHECK(r25.counted == expected25);
    CHECK(shipped().classify(d("2025-10-11")).kind == day_kind::makeup_workday);
    CHECK(shipped().classify(d("2025-10-11")).holiday == "国庆节、中秋节");
}

TEST_CASE("a decision made on a make-up working day does not count that day") {
    auto r = deadline(shipped(), d("2017-04-01"), 7);  // Saturday, 调休 for 清明
    REQUIRE(r.deadline);
    CHECK(r.counted.front() == d("2017-04-05"));  // 04-02 … 04-04 are off
    CHECK(r.deadline->day == d("2017-04-13"));
    deadline_options counting;
    counting.count_decision_day = true;
    auto c = deadline(shipped(), d("2017-04-01"), 7, counting);
    REQUIRE(c.deadline);
    CHECK(c.counted.front() == d("2017-04-01"));
    CHECK(c.deadline->day == d("2017-04-12"));
}

TEST_CASE("a decision made on a holiday counts from the first working day after it") {
    auto r = deadline(shipped(), d("2017-01-30"), 7);  // 春节, Monday
    REQUIRE(r.deadline);
    CHECK(r.counted.front() == d("2017-02-03"));
    CHECK(r.counted[1] == d("2017-02-04"));  // the make-up Saturday
    CHECK(r.deadline->day == d("2017-02-10"));
    auto one = deadline(shipped(), d("2026-02-20"), 1);
    REQUIRE(one.deadline);
    CHECK(one.deadline->day == d("2026-02-24"));
}

TEST_CASE("a deadline crosses the year boundary through 元旦 and its make-up Sunday") {
    auto r = deadline(shipped(), d("2025-12-29"), 7);
    REQUIRE(r.deadline);
    std::vector<date> expected = {d("2025-12-30"), d("2025-12-31"), d("2026-01-04"), d("2026-01-05"),
                                  d("2026-01-06"), d("2026-01-07"), d("2026-01-08")};
    CHECK(r.counted == expected);
    CHECK(shipped().classify(d("2026-01-04")).kind == day_kind::makeup_workday);
}

TEST_CASE("the days the next year's notice may change are not covered without it") {
    CHECK(shipped().covers(d("2026-12-19")));
    CHECK_FALSE(shipped().covers(d("2026-12-20")));
    CHECK(shipped().covers(d("2025-12-31")));  // the 2026 notice is loaded
    auto r = deadline(shipped(), d("2026-12-14"), 7);
    CHECK_FALSE(r.deadline);
    REQUIRE(r.problem);
    CHECK(r.problem->message ==
          "`2026-12-20` is outside the working-day calendar: the notice for 2027 may still change days from "
          "2026-12-20 on, and it is not loaded");
    CHECK(r.problem->help ==
          "add the file `2027` from the State Council's notice on the 2027 holidays (see docs/calendar.md)");
    CHECK(r.counted.size() == 4);  // 12-15 … 12-18 were counted before the gap
    CHECK(deadline(shipped(), d("2026-12-08"), 7).deadline->day == d("2026-12-17"));
}

TEST_CASE("a decision date or a counted day outside the calendar's years is an error, not a guess") {
    auto before = deadline(shipped(), d("2016-12-30"), 7);
    CHECK_FALSE(before.deadline);
    REQUIRE(before.problem);
    CHECK(before.problem->message ==
          "`2016-12-30` is outside the working-day calendar, which covers 2017-01-01 to 2026-12-19");
    CHECK(before.problem->help ==
          "add the file `2016` from the State Council's notice on the 2016 holidays (see docs/calendar.md)");
    // The shipped years have no gap any more; a calendar built from 2017, 2025 and 2026 alone has one.
    auto gapped = working_calendar::build({*shipped().notice(2017), *shipped().notice(2025), *shipped().notice(2026)});
    REQUIRE(gapped.calendar);
    auto gap = deadline(*gapped.calendar, d("2018-06-01"), 7);
    REQUIRE(gap.problem);
    CHECK(gap.problem->message ==
          "`2018-06-01` is outside the working-day calendar, which covers 2017-01-01 to 2017-12-19 and "
          "2025-01-01 to 2026-12-19");
    auto through = deadline(*gapped.calendar, d("2017-12-15"), 7);  // 2017-12-20 waits for the 2018 notice
    REQUIRE(through.problem);
    CHECK(
        through.problem->message.starts_with("`2017-12-20` is outside the working-day calendar: the notice for 2018"));
    CHECK(deadline(shipped(), d("2017-12-15"), 7).deadline->day == d("2017-12-26"));
}

TEST_CASE("a period of no working days is a problem") {
    auto r = deadline(shipped(), d("2017-03-01"), 0);
    CHECK_FALSE(r.deadline);
    REQUIRE(r.problem);
    CHECK(r.problem->message == "a period of 0 working days is empty");
}

TEST_CASE("days are classified as weekdays, weekends, holidays and make-up working days") {
    CHECK(shipped().classify(d("2017-03-01")).kind == day_kind::weekday);
    CHECK(shipped().classify(d("2017-03-04")).kind == day_kind::weekend);
    auto newyear = shipped().classify(d("2017-01-01"));  // a Sunday named as 元旦
    CHECK(newyear.kind == day_kind::holiday);
    CHECK(newyear.holiday == "元旦");
    CHECK_FALSE(newyear.working());
    CHECK(shipped().classify(d("2017-01-22")).working());
    CHECK(weekday_name(d("2017-01-22")) == "Sunday");
}

TEST_CASE("the shipped calendars have the expected number of working days") {
    auto working_days = [](int year) {
        int n = 0;
        for (date day = date::from_ymd(year, 1, 1); day.year() == year; day = day.add_days(1)) {
            n += shipped().classify(day).working() ? 1 : 0;
        }
        return n;
    };
    // Counted by hand from the notices, e.g. 2025: 261 weekdays − 18 weekday holidays + 5 make-up days.
    CHECK(working_days(2017) == 249);
    // 2018: 261 − 18 + 7; the 2019 notice's 12-31 (Mon, off) and 12-29 (Sat, work) are among them.
    CHECK(working_days(2018) == 250);
    CHECK(working_days(2019) == 250);  // 261 − 17 + 6, with 劳动节 as amended (05-01 … 05-04)
    CHECK(working_days(2020) == 249);  // 262 − 19 + 6, the Spring Festival extended to 02-02
    CHECK(working_days(2021) == 250);  // 261 − 18 + 7
    CHECK(working_days(2022) == 249);  // 260 − 18 + 7; the 2023 notice's 2022-12-31 is a Saturday
    CHECK(working_days(2023) == 249);  // 260 − 18 + 7
    CHECK(working_days(2024) == 251);  // 262 − 19 + 8
    CHECK(working_days(2025) == 248);
    CHECK(working_days(2026) == 248);
    CHECK(shipped().years() == std::vector<int>{2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026});
    REQUIRE(shipped().notice(2017));
    CHECK(shipped().notice(2017)->source == "https://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm");
}
