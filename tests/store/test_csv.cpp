// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "store/csv.hpp"

using credo::store::csv_reader;

namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text) {
    csv_reader r(text);
    std::vector<std::string_view> fields;
    std::vector<std::vector<std::string>> out;
    while (r.next(fields) == csv_reader::outcome::record) out.emplace_back(fields.begin(), fields.end());
    return out;
}

}  // namespace

TEST_CASE("csv: plain records end at LF or CRLF and the byte order mark is skipped") {
    auto rows = read_all("\xEF\xBB\xBF" "a,b\r\nc,d\ne,\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "b"});
    CHECK(rows[1] == std::vector<std::string>{"c", "d"});
    CHECK(rows[2] == std::vector<std::string>{"e", ""});
}

TEST_CASE("csv: quoted fields keep commas, line breaks and doubled quotes") {
    auto rows = read_all("\"a,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,\"\",y");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::vector<std::string>{"a,1", "say \"hi\"", "two\nlines"});
    CHECK(rows[1] == std::vector<std::string>{"x", "", "y"});
}

TEST_CASE("csv: line numbers count line breaks inside quoted fields") {
    csv_reader r("h\n\"a\nb\"\nc\n");
    std::vector<std::string_view> f;
    r.next(f);
    r.next(f);
    CHECK(r.record_line() == 2);
    r.next(f);
    CHECK(r.record_line() == 4);
}

TEST_CASE("csv: malformed records are reported with the field and the reader continues on the next line") {
    csv_reader r("a,b\"c\nok,1\n\"x\"y,2\n");
    std::vector<std::string_view> f;
    CHECK(r.next(f) == csv_reader::outcome::malformed);
    CHECK(r.error() == "quote inside an unquoted field (quote the whole field and double the quote)");
    CHECK(r.error_field() == 1);
    CHECK(r.record_line() == 1);
    CHECK(r.next(f) == csv_reader::outcome::record);
    CHECK(f[0] == "ok");
    CHECK(r.next(f) == csv_reader::outcome::malformed);
    CHECK(r.error() == "text after the closing quote of a quoted field");
    CHECK(r.record_line() == 3);
    CHECK(r.next(f) == csv_reader::outcome::end);
}

TEST_CASE("csv: an unclosed quote is malformed and ends the data") {
    csv_reader r("a,\"never closed\nmore\n");
    std::vector<std::string_view> f;
    CHECK(r.next(f) == csv_reader::outcome::malformed);
    CHECK(r.error() == "quoted field is never closed");
}

TEST_CASE("csv: a bare carriage return inside a field is malformed") {
    csv_reader r("a\rb,c\n");
    std::vector<std::string_view> f;
    CHECK(r.next(f) == csv_reader::outcome::malformed);
    CHECK(r.error() == "carriage return inside a field (quote the field to keep it)");
}
