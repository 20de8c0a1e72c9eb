// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "credo/date.hpp"

using credo::date;

TEST_CASE("a well-formed real date parses and prints back the same") {
    auto d = date::parse("2017-03-15");
    REQUIRE(d);
    CHECK(d->year() == 2017);
    CHECK(d->month() == 3);
    CHECK(d->day() == 15);
    CHECK(d->to_string() == "2017-03-15");
    CHECK(date::parse("1970-01-01")->days_since_epoch() == 0);
}

TEST_CASE("an impossible date is rejected with the reason") {
    std::string error;
    CHECK_FALSE(date::parse("2017-02-29", &error));
    CHECK(error == "`2017-02-29` is not a real date");
    CHECK(date::parse("2016-02-29"));
    CHECK_FALSE(date::parse("2017-13-01"));
    CHECK_FALSE(date::parse("2017-00-10"));
}

TEST_CASE("a date in another shape is rejected with the reason") {
    std::string error;
    for (const char *text : {"2017-3-15", "2017/03/15", "20170315", "", "2017-03-15 ", "２０１７-03-15"}) {
        CAPTURE(text);
        CHECK_FALSE(date::parse(text, &error));
        CHECK(error.find("is not a date in the form YYYY-MM-DD") != std::string::npos);
    }
}

TEST_CASE("adding months clamps to the end of the month") {
    CHECK(date::parse("2024-01-31")->add_months(1).to_string() == "2024-02-29");
    CHECK(date::parse("2023-01-31")->add_months(1).to_string() == "2023-02-28");
    CHECK(date::parse("2016-02-29")->add_years(3).to_string() == "2019-02-28");
    CHECK(date::parse("2017-11-15")->add_months(18).to_string() == "2019-05-15");
    CHECK(date::parse("2017-03-01")->add_days(-1).to_string() == "2017-02-28");
}

TEST_CASE("weekdays follow ISO 8601") {
    CHECK(date::parse("2017-01-22")->iso_weekday() == 7);  // a Sunday
    CHECK(date::parse("2026-11-27")->iso_weekday() == 5);  // a Friday
}

TEST_CASE("dates order by time") {
    CHECK(*date::parse("2016-12-31") < *date::parse("2017-01-01"));
    CHECK(*date::parse("2017-01-01") == date::from_ymd(2017, 1, 1));
}
