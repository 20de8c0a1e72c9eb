// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the CSV reader (src/store/csv.*), which every import reads with: any
// bytes, from the start and resumed from a record boundary as an interrupted import does. Each
// call must end (the reader always moves forward), report a malformed record with a message and
// a field, and resuming at a boundary must read the same records as reading straight on.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "store/csv.hpp"

namespace {

using credo::store::csv_reader;

struct record {
    csv_reader::outcome outcome;
    std::uint64_t line;
    std::vector<std::string> fields;
    bool operator==(const record &) const = default;
};

// Every record from `offset`, and the boundary after the first one.
std::vector<record> read_all(std::string_view data, std::size_t offset, std::uint64_t line, std::size_t *second = nullptr,
                             std::uint64_t *second_line = nullptr) {
    csv_reader reader(data, offset, line);
    std::vector<record> out;
    std::vector<std::string_view> fields;
    std::size_t last = reader.offset();
    for (;;) {
        auto got = reader.next(fields);
        if (got == csv_reader::outcome::end) break;
        if (got == csv_reader::outcome::malformed && reader.error().empty()) {
            std::fputs("a malformed record without a message\n", stderr);
            std::abort();
        }
        if (reader.offset() <= last && reader.offset() < data.size()) {
            std::fputs("the reader did not move forward\n", stderr);
            std::abort();
        }
        last = reader.offset();
        record r{got, reader.record_line(), {}};
        if (got == csv_reader::outcome::record) r.fields.assign(fields.begin(), fields.end());
        out.push_back(std::move(r));
        if (second && out.size() == 1) {
            *second = reader.offset();
            *second_line = reader.line();
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char *>(data), size);
    std::size_t boundary = 0;
    std::uint64_t boundary_line = 1;
    auto whole = read_all(text, 0, 1, &boundary, &boundary_line);
    if (whole.size() < 2 || whole.front().outcome != csv_reader::outcome::record) return 0;
    auto resumed = read_all(text, boundary, boundary_line);
    if (resumed != std::vector<record>(whole.begin() + 1, whole.end())) {
        std::fputs("resuming at a record boundary reads other records\n", stderr);
        std::abort();
    }
    return 0;
}
