// SPDX-License-Identifier: Apache-2.0
// Calendar dates (no time of day, no time zone) as every layer of credo uses them.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace credo {

// A day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
class date {
public:
    constexpr date() = default;

    // Strict `YYYY-MM-DD` with a real month and day; on failure `error` says why.
    static std::optional<date> parse(std::string_view text, std::string *error = nullptr);
    static bool is_valid(int year, unsigned month, unsigned day);
    // Requires is_valid(year, month, day).
    static date from_ymd(int year, unsigned month, unsigned day);
    static constexpr date from_days(int days_since_epoch) { return date(days_since_epoch); }
    // Today in China Standard Time (UTC+8, no daylight saving), the time zone of every
    // memorandum and listing date.
    static date today();

    constexpr int days_since_epoch() const { return days_; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    // 1 = Monday ... 7 = Sunday (ISO 8601).
    unsigned iso_weekday() const;

    date add_days(int days) const { return date(days_ + days); }
    // Adds calendar months; a day past the end of the target month becomes its last day
    // (2024-01-31 + 1 month = 2024-02-29), the way listing terms are read.
    date add_months(int months) const;
    date add_years(int years) const { return add_months(years * 12); }

    std::string to_string() const;

    friend constexpr auto operator<=>(date, date) = default;
    friend constexpr bool operator==(date, date) = default;

private:
    constexpr explicit date(int days) : days_(days) {}
    int days_ = 0;
};

}  // namespace credo
