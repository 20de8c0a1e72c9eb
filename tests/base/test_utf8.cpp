// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "base/utf8.hpp"

using namespace credo::base;

TEST_CASE("valid UTF-8 decodes to its code points") {
    std::string text = "a信\xF0\x9F\x98\x80";
    std::size_t length;
    CHECK(decode_utf8(text, 0, length) == U'a');
    CHECK(length == 1);
    CHECK(decode_utf8(text, 1, length) == U'信');
    CHECK(length == 3);
    CHECK(decode_utf8(text, 4, length) == 0x1F600);
    CHECK(length == 4);
    CHECK(count_code_points(text) == 3);
    CHECK(find_invalid_utf8(text) == std::string::npos);
}

TEST_CASE("malformed UTF-8 is found at its first bad byte") {
    CHECK(find_invalid_utf8("ab\xFFz") == 2);
    CHECK(find_invalid_utf8("ab\xE4\xBF") == 2);         // truncated
    CHECK(find_invalid_utf8("\xC0\xAF") == 0);            // overlong '/'
    CHECK(find_invalid_utf8("\xED\xA0\x80") == 0);        // surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);    // past U+10FFFF
}

TEST_CASE("encoding round-trips through decoding") {
    for (char32_t cp : {U'A', U'é', U'信', char32_t(0x1F600)}) {
        std::string out;
        append_utf8(out, cp);
        std::size_t length;
        CHECK(decode_utf8(out, 0, length) == cp);
        CHECK(length == out.size());
    }
}
