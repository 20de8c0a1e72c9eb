// SPDX-License-Identifier: Apache-2.0
// Strict UTF-8 decoding (RFC 3629): no overlongs, no surrogates, nothing past U+10FFFF.
#include "base/utf8.hpp"

namespace credo::base {

char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t &length) {
    length = 1;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(pos);
    if (lead < 0x80) return lead;
    std::size_t need;
    char32_t cp;
    char32_t min;
    if ((lead & 0xE0) == 0xC0) {
        need = 1, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        need = 2, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        need = 3, cp = lead & 0x07, min = 0x10000;
    } else {
        return invalid_code_point;
    }
    if (pos + need >= text.size()) return invalid_code_point;  // truncated sequence
    for (std::size_t i = 1; i <= need; ++i) {
        unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) return invalid_code_point;
        cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return invalid_code_point;
    length = need + 1;
    return cp;
}

std::size_t find_invalid_utf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t length;
        if (decode_utf8(text, pos, length) == invalid_code_point) return pos;
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
