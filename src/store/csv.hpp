// SPDX-License-Identifier: Apache-2.0
// An RFC 4180 CSV reader over a buffer: quoted fields, doubled quotes, embedded line breaks,
// LF or CRLF record ends, an optional UTF-8 byte order mark. Strict: a malformed record is
// reported with its line and field, never guessed at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace credo::store {

class csv_reader {
public:
    enum class outcome { record, end, malformed };

    // Reads `data` from byte `offset` (0, or a record boundary returned by `offset()`), whose
    // line number is `line`. A byte order mark at offset 0 is skipped.
    explicit csv_reader(std::string_view data, std::size_t offset = 0, std::uint64_t line = 1);

    // The next record. Fields are valid until the next call. After `malformed`, `error()` and
    // `error_field()` say what and where, and the reader has skipped to the next line.
    outcome next(std::vector<std::string_view> &fields);

    std::uint64_t record_line() const { return record_line_; }  // where the last record began
    std::uint64_t line() const { return line_; }                // where the next record begins
    std::size_t offset() const { return pos_; }                 // where the next record begins
    const std::string &error() const { return error_; }
    std::size_t error_field() const { return error_field_; }  // 0-based

private:
    outcome fail(std::string message, std::size_t field);

    std::string_view data_;
    std::size_t pos_;
    std::uint64_t line_;
    std::uint64_t record_line_ = 0;
    std::string error_;
    std::size_t error_field_ = 0;
    std::string scratch_;  // unescaped quoted fields
    struct span {
        std::size_t begin;
        std::size_t length;
        bool in_scratch;
    };
    std::vector<span> spans_;
};

}  // namespace credo::store
