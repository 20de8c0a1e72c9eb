// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the calendar file reader (parse_notice, the format of rules/calendar
// files, docs/calendar.md): any bytes as the file of a year. It must return either a notice or
// problems with a message each, and a notice's days must lie in its year or the year-end window
// before it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "credo/calendar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace credo;
    if (size < 1) return 0;
    // The first byte picks the year the file is read for (the shipped files are 2019 to 2026).
    int year = 2015 + data[0] % 16;
    std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
    auto parsed = workflow::parse_notice(text, year, "fuzz");
    for (const auto &p : parsed.problems) {
        if (p.message.empty()) {
            std::fputs("a calendar problem without a message\n", stderr);
            std::abort();
        }
        (void)workflow::to_string(p);
    }
    if (parsed.notice.has_value() == !parsed.problems.empty()) {
        std::fputs("a notice must come without problems, problems without a notice\n", stderr);
        std::abort();
    }
    if (parsed.notice) {
        date first = workflow::year_end_window_start(year);
        date last = date::from_ymd(year, 12, 31);
        for (const auto &d : parsed.notice->days) {
            if (d.day < first || last < d.day) {
                std::fprintf(stderr, "day %s outside the notice's year %d\n", d.day.to_string().c_str(), year);
                std::abort();
            }
        }
    }
    return 0;
}
