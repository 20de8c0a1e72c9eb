// SPDX-License-Identifier: Apache-2.0
// Calendar arithmetic on top of std::chrono's civil calendar types.
#include "credo/date.hpp"

#include <chrono>
#include <fmt/format.h>

namespace credo {
namespace {

std::chrono::year_month_day civil(int days) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

bool all_digits(std::string_view text) {
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

bool date::is_valid(int year, unsigned month, unsigned day) {
    if (year < 1 || year > 9999) return false;
    std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    return ymd.ok();
}

date date::from_ymd(int year, unsigned month, unsigned day) {
    std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    return date(static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

std::optional<date> date::parse(std::string_view text, std::string *error) {
    auto fail = [&](std::string why) -> std::optional<date> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
        return fail(fmt::format("`{}` is not a date in the form YYYY-MM-DD", text));
    }
    int year = std::stoi(std::string(text.substr(0, 4)));
    unsigned month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
    unsigned day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
    if (!is_valid(year, month, day)) return fail(fmt::format("`{}` is not a real date", text));
    return from_ymd(year, month, day);
}

date date::today() {
    auto now = std::chrono::system_clock::now() + std::chrono::hours{8};
    return date(static_cast<int>(std::chrono::floor<std::chrono::days>(now).time_since_epoch().count()));
}

int date::year() const { return static_cast<int>(civil(days_).year()); }
unsigned date::month() const { return static_cast<unsigned>(civil(days_).month()); }
unsigned date::day() const { return static_cast<unsigned>(civil(days_).day()); }

unsigned date::iso_weekday() const {
    return std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days_}}}.iso_encoding();
}

date date::add_months(int months) const {
    auto ymd = civil(days_);
    auto target = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
    auto last = std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{target.month()}};
    auto day = std::min(ymd.day(), last.day());
    return from_ymd(static_cast<int>(target.year()), static_cast<unsigned>(target.month()), static_cast<unsigned>(day));
}

std::string date::to_string() const {
    return fmt::format("{:04}-{:02}-{:02}", year(), month(), day());
}

}  // namespace credo
