// SPDX-License-Identifier: Apache-2.0
// Lexical helpers shared by the grammar, the driver and the formatter (no Spirit in here).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace credo::syntax {

// Reserved words of the language (docs/rule-language.md, "Reserved words").
bool is_reserved(std::string_view word);
// Words that start a top-level declaration.
bool is_declaration_keyword(std::string_view word);

bool is_identifier_char(char c);
// `[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*` and not reserved.
bool is_plain_identifier(std::string_view word);

// Skips spaces, tabs, line breaks and comments from `pos`; returns the next token's offset.
std::size_t skip_trivia(std::string_view text, std::size_t pos);

// The token at `pos` for "but found ...": [begin, end) and how to show it (`...` in backticks,
// or `end of file`).
struct token_view {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string shown;
    bool non_ascii = false;  // a word with non-ASCII characters (`税收`, `tax税`)
    bool mixed = false;      // ASCII identifier characters and non-ASCII ones together (`tax税`)
};
token_view describe_token(std::string_view text, std::size_t pos);

// Decodes the inside of a string literal (without quotes). On a bad escape returns nullopt and
// sets `bad_at`/`bad_length` (offsets within `body`) to the escape.
std::optional<std::string> decode_string(std::string_view body, std::size_t &bad_at, std::size_t &bad_length);

// The canonical spelling of a string value, quotes included.
std::string quote_string(std::string_view value);

}  // namespace credo::syntax
