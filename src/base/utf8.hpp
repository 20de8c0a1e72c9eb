// SPDX-License-Identifier: Apache-2.0
// Strict UTF-8 decoding, shared by identifier normalisation and the rule-language front end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace credo::base {

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
