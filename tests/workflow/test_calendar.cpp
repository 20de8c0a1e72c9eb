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

// The years 2018–2024. Every expected day below was counted by hand from the notice: weekdays work
// unless the notice's range takes them, weekend days rest unless it names them `上班`; the decision
// day itself does not count. The `[n]` in the comments is the working day's number.

namespace {

// The 7-working-day deadline from `decided` must count exactly `counted`, the last being the
// deadline, of the given kind.
void expect_counted(const char *decided, const std::vector<const char *> &counted, day_kind kind) {
    CAPTURE(decided);
    auto r = deadline(shipped(), d(decided), 7);
    REQUIRE(r.deadline);
    std::vector<date> expected;
    for (const char *day : counted) expected.push_back(d(day));
    CHECK(r.counted == expected);
    CHECK(r.deadline->day == expected.back());
    CHECK(r.deadline->kind == kind);
}

}  // namespace

TEST_CASE("calendar 2018: deadlines through the Spring Festival and National Day") {
    // Fri 02-09: 02-11 (Sun, 上班) [1], 02-12 … 02-14 [2–4], 02-15 … 02-21 off, 02-22, 02-23 [5, 6],
    // 02-24 (Sat, 上班) [7].
    expect_counted("2018-02-09",
                   {"2018-02-11", "2018-02-12", "2018-02-13", "2018-02-14", "2018-02-22", "2018-02-23", "2018-02-24"},
                   day_kind::makeup_workday);
    // Thu 09-27: 09-28 [1], 09-29 (Sat) and 09-30 (Sun) 上班 [2, 3], 10-01 … 10-07 off, 10-08 … 10-11 [4–7].
    expect_counted("2018-09-27",
                   {"2018-09-28", "2018-09-29", "2018-09-30", "2018-10-08", "2018-10-09", "2018-10-10", "2018-10-11"},
                   day_kind::weekday);
    CHECK(shipped().classify(d("2018-04-08")).kind == day_kind::makeup_workday);  // 清明节, Sunday
    CHECK(shipped().classify(d("2018-09-24")).holiday == "中秋节");
}

TEST_CASE("calendar 2019: deadlines through the Spring Festival, National Day and the amended 劳动节") {
    // Thu 01-31: 02-01 [1], 02-02 (Sat) and 02-03 (Sun) 上班 [2, 3], 02-04 … 02-10 off, 02-11 … 02-14 [4–7].
    expect_counted("2019-01-31",
                   {"2019-02-01", "2019-02-02", "2019-02-03", "2019-02-11", "2019-02-12", "2019-02-13", "2019-02-14"},
                   day_kind::weekday);
    // Fri 09-27: 09-28 (Sat) rests, 09-29 (Sun, 上班) [1], 09-30 [2], 10-01 … 10-07 off, 10-08 … 10-11 [3–6],
    // 10-12 (Sat, 上班) [7].
    expect_counted("2019-09-27",
                   {"2019-09-29", "2019-09-30", "2019-10-08", "2019-10-09", "2019-10-10", "2019-10-11", "2019-10-12"},
                   day_kind::makeup_workday);
    // 劳动节 follows the notice of 2019-03-22 (05-01 … 05-04 off, Sundays 04-28 and 05-05 上班), not the
    // yearly notice's 05-01 alone: 3 working days from Mon 04-29 are 04-30, 05-05, 05-06 (the yearly
    // notice alone would have given 04-30, 05-02, 05-03).
    auto may = deadline(shipped(), d("2019-04-29"), 3);
    REQUIRE(may.deadline);
    CHECK(may.counted == std::vector<date>{d("2019-04-30"), d("2019-05-05"), d("2019-05-06")});
    CHECK(shipped().classify(d("2019-04-28")).kind == day_kind::makeup_workday);
    CHECK(shipped().classify(d("2019-05-02")).kind == day_kind::holiday);
    CHECK(shipped().classify(d("2019-05-03")).holiday == "劳动节");
}

TEST_CASE("calendar 2020: deadlines through the extended Spring Festival and National Day") {
    // The notice of 2020-01-27 extended the break to Sun 02-02 and so cancelled Sat 02-01's 上班.
    // Fri 01-17: 01-18 (Sat) rests, 01-19 (Sun, 上班) [1], 01-20 … 01-23 [2–5], 01-24 … 02-02 off,
    // 02-03, 02-04 [6, 7].
    expect_counted("2020-01-17",
                   {"2020-01-19", "2020-01-20", "2020-01-21", "2020-01-22", "2020-01-23", "2020-02-03", "2020-02-04"},
                   day_kind::weekday);
    CHECK(shipped().classify(d("2020-01-31")).kind == day_kind::holiday);  // a Friday
    CHECK(shipped().classify(d("2020-02-01")).kind == day_kind::holiday);  // Saturday, no longer 上班
    // Fri 09-25: 09-27 (Sun, 上班) [1], 09-28 … 09-30 [2–4], 10-01 … 10-08 off, 10-09 [5],
    // 10-10 (Sat, 上班) [6], 10-12 [7].
    expect_counted("2020-09-25",
                   {"2020-09-27", "2020-09-28", "2020-09-29", "2020-09-30", "2020-10-09", "2020-10-10", "2020-10-12"},
                   day_kind::weekday);
    CHECK(shipped().classify(d("2020-10-01")).holiday == "国庆节、中秋节");
}

TEST_CASE("calendar 2021: deadlines through the Spring Festival and National Day") {
    // Fri 02-05: 02-07 (Sun, 上班) [1], 02-08 … 02-10 [2–4], 02-11 … 02-17 off, 02-18, 02-19 [5, 6],
    // 02-20 (Sat, 上班) [7].
    expect_counted("2021-02-05",
                   {"2021-02-07", "2021-02-08", "2021-02-09", "2021-02-10", "2021-02-18", "2021-02-19", "2021-02-20"},
                   day_kind::makeup_workday);
    // Fri 09-24: 09-26 (Sun, 上班) [1], 09-27 … 09-30 [2–5], 10-01 … 10-07 off, 10-08 [6],
    // 10-09 (Sat, 上班) [7].
    expect_counted("2021-09-24",
                   {"2021-09-26", "2021-09-27", "2021-09-28", "2021-09-29", "2021-09-30", "2021-10-08", "2021-10-09"},
                   day_kind::makeup_workday);
    CHECK(shipped().classify(d("2021-09-18")).holiday == "中秋节");  // Saturday 上班 for 中秋节
}

TEST_CASE("calendar 2022: deadlines through the Spring Festival and National Day") {
    // Thu 01-27: 01-28 [1], 01-29 (Sat) and 01-30 (Sun) 上班 [2, 3], 01-31 … 02-06 off, 02-07 … 02-10 [4–7].
    expect_counted("2022-01-27",
                   {"2022-01-28", "2022-01-29", "2022-01-30", "2022-02-07", "2022-02-08", "2022-02-09", "2022-02-10"},
                   day_kind::weekday);
    // Thu 09-29: 09-30 [1], 10-01 … 10-07 off, 10-08 (Sat) and 10-09 (Sun) 上班 [2, 3], 10-10 … 10-13 [4–7].
    expect_counted("2022-09-29",
                   {"2022-09-30", "2022-10-08", "2022-10-09", "2022-10-10", "2022-10-11", "2022-10-12", "2022-10-13"},
                   day_kind::weekday);
}

TEST_CASE("calendar 2023: deadlines through the Spring Festival and 中秋节、国庆节") {
    // Thu 01-19: 01-20 [1], 01-21 … 01-27 off, 01-28 (Sat) and 01-29 (Sun) 上班 [2, 3], 01-30 … 02-02 [4–7].
    expect_counted("2023-01-19",
                   {"2023-01-20", "2023-01-28", "2023-01-29", "2023-01-30", "2023-01-31", "2023-02-01", "2023-02-02"},
                   day_kind::weekday);
    // Wed 09-27: 09-28 [1], 09-29 … 10-06 off, 10-07 (Sat) and 10-08 (Sun) 上班 [2, 3], 10-09 … 10-12 [4–7].
    expect_counted("2023-09-27",
                   {"2023-09-28", "2023-10-07", "2023-10-08", "2023-10-09", "2023-10-10", "2023-10-11", "2023-10-12"},
                   day_kind::weekday);
    CHECK(shipped().classify(d("2023-09-29")).holiday == "中秋节、国庆节");
}

TEST_CASE("calendar 2024: deadlines through the Spring Festival and National Day") {
    // Fri 02-02: 02-04 (Sun, 上班) [1], 02-05 … 02-09 [2–6] (除夕 02-09 is a working day: the notice
    // only encourages leave), 02-10 … 02-17 off, 02-18 (Sun, 上班) [7].
    expect_counted("2024-02-02",
                   {"2024-02-04", "2024-02-05", "2024-02-06", "2024-02-07", "2024-02-08", "2024-02-09", "2024-02-18"},
                   day_kind::makeup_workday);
    // Fri 09-27: 09-29 (Sun, 上班) [1], 09-30 [2], 10-01 … 10-07 off, 10-08 … 10-11 [3–6],
    // 10-12 (Sat, 上班) [7].
    expect_counted("2024-09-27",
                   {"2024-09-29", "2024-09-30", "2024-10-08", "2024-10-09", "2024-10-10", "2024-10-11", "2024-10-12"},
                   day_kind::makeup_workday);
    CHECK(shipped().classify(d("2024-09-14")).kind == day_kind::makeup_workday);  // 中秋节, Saturday
}

TEST_CASE("calendar year boundaries: 元旦 from 2017/18 to 2024/25") {
    // 2018 notice: 01-01 (Mon) only; 12-30/31 are an ordinary weekend.
    // Wed 2017-12-27: 12-28, 12-29 [1, 2], 01-01 off, 01-02 … 01-05 [3–6], 01-08 [7].
    expect_counted("2017-12-27",
                   {"2017-12-28", "2017-12-29", "2018-01-02", "2018-01-03", "2018-01-04", "2018-01-05", "2018-01-08"},
                   day_kind::weekday);
    // 2019 notice: 2018-12-29 (Sat) 上班, 2018-12-30 … 2019-01-01 off, 12-31 being a Monday.
    // Wed 2018-12-26: 12-27, 12-28 [1, 2], 12-29 [3], 12-30 … 01-01 off, 01-02 … 01-04 [4–6], 01-07 [7].
    expect_counted("2018-12-26",
                   {"2018-12-27", "2018-12-28", "2018-12-29", "2019-01-02", "2019-01-03", "2019-01-04", "2019-01-07"},
                   day_kind::weekday);
    CHECK(shipped().classify(d("2018-12-29")).kind == day_kind::makeup_workday);
    auto eve = shipped().classify(d("2018-12-31"));
    CHECK(eve.kind == day_kind::holiday);
    CHECK(eve.holiday == "元旦");
    // Both days are set by the file of the notice that set them, 2019, and not by 2018's.
    REQUIRE(shipped().notice(2019));
    CHECK(shipped().notice(2019)->days.front().day == d("2018-12-29"));
    CHECK(shipped().notice(2018)->days.back().day == d("2018-10-07"));
    // 2020 notice: 01-01 (Wed) alone. Fri 2019-12-27: 12-30, 12-31 [1, 2], 01-02, 01-03 [3, 4], 01-06 … 01-08 [5–7].
    expect_counted("2019-12-27",
                   {"2019-12-30", "2019-12-31", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07", "2020-01-08"},
                   day_kind::weekday);
    // 2021 notice: 01-01 … 01-03 (Fri–Sun). Tue 2020-12-29: 12-30, 12-31 [1, 2], 01-04 … 01-08 [3–7].
    expect_counted("2020-12-29",
                   {"2020-12-30", "2020-12-31", "2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08"},
                   day_kind::weekday);
    // 2022 notice: 01-01 … 01-03 (Sat–Mon). Wed 2021-12-29: 12-30, 12-31 [1, 2], 01-04 … 01-07 [3–6], 01-10 [7].
    expect_counted("2021-12-29",
                   {"2021-12-30", "2021-12-31", "2022-01-04", "2022-01-05", "2022-01-06", "2022-01-07", "2022-01-10"},
                   day_kind::weekday);
    // 2023 notice: 2022-12-31 (Sat) … 2023-01-02 (Mon) off, no make-up day.
    // Tue 2022-12-27: 12-28 … 12-30 [1–3], 12-31 … 01-02 off, 01-03 … 01-06 [4–7].
    expect_counted("2022-12-27",
                   {"2022-12-28", "2022-12-29", "2022-12-30", "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06"},
                   day_kind::weekday);
    auto saturday = shipped().classify(d("2022-12-31"));
    CHECK(saturday.kind == day_kind::holiday);
    CHECK(saturday.holiday == "元旦");
    CHECK(shipped().notice(2023)->days.front().day == d("2022-12-31"));
    // 2024 notice: 01-01 (Mon) only. Wed 2023-12-27: 12-28, 12-29 [1, 2], 01-02 … 01-05 [3–6], 01-08 [7].
    expect_counted("2023-12-27",
                   {"2023-12-28", "2023-12-29", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"},
                   day_kind::weekday);
    // 2025 notice: 01-01 (Wed) alone, 不调休. Tue 2024-12-24: 12-25 … 12-27 [1–3], 12-30, 12-31 [4, 5],
    // 01-02, 01-03 [6, 7].
    expect_counted("2024-12-24",
                   {"2024-12-25", "2024-12-26", "2024-12-27", "2024-12-30", "2024-12-31", "2025-01-02", "2025-01-03"},
                   day_kind::weekday);
}

TEST_CASE("calendar coverage: every day from 2017-01-01 on gets a 7-working-day deadline up to 2026-12-09") {
    // The shipped files 2017 … 2026 cover one unbroken range. It ends on 2026-12-19: from 12-20 on
    // the 2027 notice may still move days, and it has not been published. The last decision whose
    // seventh working day falls inside is Wed 2026-12-09 (12-10 … 12-18 are working days 1 … 7);
    // from Thu 12-10 on the count runs into 12-20.
    const date first = d("2017-01-01");
    const date last_covered = d("2026-12-19");
    const date last_decided = d("2026-12-09");
    CHECK(shipped().coverage() == std::vector<std::pair<date, date>>{{first, last_covered}});
    CHECK_FALSE(shipped().covers(first.add_days(-1)));
    CHECK_FALSE(shipped().covers(last_covered.add_days(1)));

    int answered = 0;
    std::vector<std::string> failures;
    for (date day = first; day <= last_covered; day = day.add_days(1)) {
        if (!shipped().covers(day)) failures.push_back(day.to_string() + " is not covered");
        if (day > last_decided) continue;
        auto r = deadline(shipped(), day, 7);
        if (r.deadline && r.counted.size() == 7 && r.deadline->day <= last_covered) {
            ++answered;
        } else {
            failures.push_back(day.to_string() + ": " + (r.problem ? r.problem->message : "no deadline"));
        }
    }
    CHECK(failures.empty());
    for (std::size_t i = 0; i < failures.size() && i < 5; ++i) MESSAGE(failures[i]);
    CHECK(answered == 3630);  // 2017-01-01 … 2026-12-09, both included

    CHECK(deadline(shipped(), last_decided, 7).deadline->day == d("2026-12-18"));
    auto beyond = deadline(shipped(), last_decided.add_days(1), 7);
    CHECK_FALSE(beyond.deadline);
    REQUIRE(beyond.problem);
    CHECK(beyond.problem->message.starts_with("`2026-12-20` is outside the working-day calendar"));
}
