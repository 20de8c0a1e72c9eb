// SPDX-License-Identifier: Apache-2.0
// Strict UTF-8 decoding (RFC 3629): no overlongs, no surrogates, nothing past U+10FFFF.
#include "base/utf8.hpp"

namespace credo::base {

char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t &length) {
    length = utf8_sequence_length(text, pos);
    if (length == 0) {
        length = 1;
        return invalid_code_point;
    }
    // The lead byte keeps 7, 5, 4 or 3 bits; each continuation byte 6.
    char32_t cp = static_cast<unsigned char>(text[pos]) & (length == 1 ? 0x7F : 0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
    return cp;
}

std::size_t find_invalid_utf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) return pos;
        pos += length;
    }
    return std::string_view::npos;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) {
        std::size_t length;
        decode_utf8(text, pos, length);
        pos += length;
    }
    return count;
}

void append_utf8(std::string &out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace credo::base
