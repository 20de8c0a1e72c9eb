// SPDX-License-Identifier: Apache-2.0
// Lexical helpers: reserved words, token descriptions for diagnostics, string escapes.
#include "syntax/lexical.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "base/utf8.hpp"

namespace credo::syntax {

namespace {

constexpr std::array reserved_words{
    "list",        "memorandum", "measure",     "rule",      "scenario", "effect",     "role",
    "subject_kind", "field",     "attribute",   "kind",      "initiator", "subjects",  "term",
    "basis",       "document",   "signatories", "targets",   "extends_to", "extends_to_organisations",
    "effective",   "until",      "replaces",    "implementer", "scenarios", "binding", "when",
    "applies_to",  "then",       "group",       "rank",      "category", "type",       "and",
    "or",          "not",        "listed",      "any",       "black",    "red",        "reached",
    "as",          "subject",    "is",          "clean_for", "credit_rating", "has",   "in",
    "true",        "false",      "black_fields", "max_term", "repair_after", "exits_on",  "from",
    "reaches",     "reaches_organisations",   "verify",    "settled_by", "none",
};

constexpr std::array declaration_words{"list", "memorandum", "rule", "scenario", "effect",
                                       "role", "subject_kind", "field", "attribute"};

constexpr std::size_t max_shown_code_points = 40;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Shows raw token text, with control characters escaped and long tokens cut.
std::string show(std::string_view raw) {
    std::string out;
    std::size_t pos = 0;
    std::size_t count = 0;
    while (pos < raw.size()) {
        if (count == max_shown_code_points) {
            out += "…";
            break;
        }
        std::size_t length = 1;
        char32_t cp = base::decode_utf8(raw, pos, length);
        if (cp == base::invalid_code_point) {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(raw[pos]));
        } else if (cp < 0x20 || cp == 0x7F) {
            out += fmt::format("\\u{{{:X}}}", static_cast<std::uint32_t>(cp));
        } else {
            out.append(raw.substr(pos, length));
        }
        pos += length;
        ++count;
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool is_reserved(std::string_view word) {
    return std::find(reserved_words.begin(), reserved_words.end(), word) != reserved_words.end();
}

bool is_declaration_keyword(std::string_view word) {
    return std::find(declaration_words.begin(), declaration_words.end(), word) != declaration_words.end();
}

bool is_identifier_char(char c) { return is_ascii_letter(c) || is_digit(c) || c == '_'; }

bool is_plain_identifier(std::string_view word) {
    if (word.empty() || !(is_ascii_letter(word[0]) || word[0] == '_')) return false;
    std::size_t i = 1;
    while (i < word.size() && is_identifier_char(word[i])) ++i;
    while (i < word.size()) {
        if (word[i] != '.') return false;
        ++i;
        std::size_t start = i;
        while (i < word.size() && is_identifier_char(word[i])) ++i;
        if (i == start) return false;
    }
    return !is_reserved(word);
}

std::size_t skip_trivia(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        char c = text[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++pos;
        } else if (c == '#') {
            while (pos < text.size() && text[pos] != '\n') ++pos;
        } else {
            break;
        }
    }
    return pos;
}

token_view describe_token(std::string_view text, std::size_t pos) {
    token_view t;
    pos = skip_trivia(text, pos);
    t.begin = t.end = pos;
    if (pos >= text.size()) {
        t.shown = "end of file";
        return t;
    }
    char c = text[pos];
    std::size_t end = pos + 1;
    if (c == '"') {
        while (end < text.size() && text[end] != '"' && text[end] != '\n' && text[end] != '\r') {
            if (text[end] == '\\' && end + 1 < text.size() && text[end + 1] != '\n') ++end;
            ++end;
        }
        if (end < text.size() && text[end] == '"') ++end;
    } else if (is_identifier_char(c) || is_high(c)) {
        bool high = is_high(c);
        bool ascii = is_identifier_char(c);
        if (is_digit(c)) {
            while (end < text.size() && (is_identifier_char(text[end]) || text[end] == '.' || text[end] == '-')) ++end;
        } else {
            while (end < text.size() && (is_identifier_char(text[end]) || text[end] == '.' || is_high(text[end]))) {
                high = high || is_high(text[end]);
                ascii = ascii || is_identifier_char(text[end]);
                ++end;
            }
            t.non_ascii = high;
            t.mixed = high && ascii;
        }
    } else if (c == '-' && end < text.size() && is_digit(text[end])) {
        while (end < text.size() && (is_identifier_char(text[end]) || text[end] == '.' || text[end] == '-')) ++end;
    } else if ((c == '=' || c == '!' || c == '<' || c == '>') && end < text.size() && text[end] == '=') {
        ++end;
    }
    t.end = end;
    t.shown = "`" + show(text.substr(pos, end - pos)) + "`";
    return t;
}

std::optional<std::string> decode_string(std::string_view body, std::size_t &bad_at, std::size_t &bad_length) {
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        bad_at = i;
        bad_length = std::min<std::size_t>(2, body.size() - i);
        if (i + 1 >= body.size()) return std::nullopt;
        char e = body[i + 1];
        switch (e) {
        case '"': out += '"'; ++i; continue;
        case '\\': out += '\\'; ++i; continue;
        case 'n': out += '\n'; ++i; continue;
        case 't': out += '\t'; ++i; continue;
        case 'u': break;
        default:
            // Show a whole code point after the backslash.
            if (is_high(e)) {
                std::size_t length = 1;
                base::decode_utf8(body, i + 1, length);
                bad_length = 1 + length;
            }
            return std::nullopt;
        }
        // \u{XXXX}: 1 to 6 hex digits naming a Unicode scalar value other than NUL.
        std::size_t j = i + 2;
        if (j >= body.size() || body[j] != '{') return std::nullopt;
        ++j;
        std::uint32_t value = 0;
        std::size_t digits = 0;
        while (j < body.size() && hex_value(body[j]) >= 0 && digits < 7) {
            value = value * 16 + static_cast<std::uint32_t>(hex_value(body[j]));
            ++j;
            ++digits;
        }
        bool closed = j < body.size() && body[j] == '}';
        if (closed) bad_length = j + 1 - i;
        if (!closed || digits == 0 || digits > 6 || value == 0 || value > 0x10FFFF ||
            (value >= 0xD800 && value <= 0xDFFF)) {
            return std::nullopt;
        }
        base::append_utf8(out, static_cast<char32_t>(value));
        i = j;
    }
    return out;
}

std::string quote_string(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7F) {
                out += fmt::format("\\u{{{:X}}}", static_cast<unsigned>(static_cast<unsigned char>(c)));
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

}  // namespace credo::syntax
