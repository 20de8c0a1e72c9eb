// SPDX-License-Identifier: Apache-2.0
// Strict UTF-8 decoding, shared by identifier normalisation and the rule-language front end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace credo::base {

// The byte length (1 to 4) of the valid UTF-8 sequence at `text[pos]`, or 0 when it is
// malformed, overlong, a surrogate, above U+10FFFF or truncated: the one validity rule of credo.
// Inline, because the decision's JSON writer on the check path asks it for every character.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
    auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    auto continuation = [&](std::size_t i) { return pos + i < text.size() && (at(i) & 0xC0) == 0x80; };
    unsigned char lead = at(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;  // 0xC0, 0xC1: overlong
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2)) return 0;
        if (lead == 0xE0 && at(1) < 0xA0) return 0;   // overlong
        if (lead == 0xED && at(1) >= 0xA0) return 0;  // surrogates
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (lead == 0xF0 && at(1) < 0x90) return 0;   // overlong
        if (lead == 0xF4 && at(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

// Decodes one code point at `text[pos]`. On success returns the code point and sets `length`
// to its byte count; on a malformed, overlong, surrogate or truncated sequence returns
// `invalid_code_point` and sets `length` to 1.
inline constexpr char32_t invalid_code_point = 0xFFFFFFFF;
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t &length);

// Byte offset of the first malformed sequence, or npos when `text` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view text);

// Number of code points in valid UTF-8 `text` (malformed bytes count one each).
std::size_t count_code_points(std::string_view text);

void append_utf8(std::string &out, char32_t code_point);

}  // namespace credo::base
