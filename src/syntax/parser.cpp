// SPDX-License-Identifier: Apache-2.0
// The parse driver: input checks, the declaration loop with error recovery, comments, and the
// wording of syntax errors. The grammar itself is compiled in grammar.cpp.
#include "syntax/parser.hpp"

#include <fmt/format.h>

#include "base/utf8.hpp"
#include "syntax/convert.hpp"
#include "syntax/grammar.hpp"
#include "syntax/lexical.hpp"

namespace credo::syntax {

namespace {

static_assert(parser::max_condition_depth == max_nesting_depth);

namespace x3 = boost::spirit::x3;

diag::span make_span(diag::file_id file, std::size_t begin, std::size_t end) {
    return {file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
}

// Comments, found by a scan that knows strings (a `#` inside a string is text).
void collect_comments(std::string_view text, diag::file_id file, std::vector<comment> &out) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        char c = text[i];
        if (c == '"') {
            ++i;
            while (i < n && text[i] != '"' && text[i] != '\n' && text[i] != '\r') {
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n' && text[i + 1] != '\r') ++i;
                ++i;
            }
            if (i < n && text[i] == '"') ++i;
        } else if (c == '#') {
            std::size_t begin = i;
            while (i < n && text[i] != '\n') ++i;
            std::size_t end = i;
            while (end > begin && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
            out.push_back({std::string(text.substr(begin, end - begin)), make_span(file, begin, end)});
        } else {
            ++i;
        }
    }
}

std::size_t line_start(std::string_view text, std::size_t pos) {
    if (pos == 0) return 0;
    auto nl = text.rfind('\n', pos - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
}

std::string_view word_at(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && is_identifier_char(text[end])) ++end;
    if (end < text.size() && (text[end] == '.' || static_cast<unsigned char>(text[end]) >= 0x80)) return {};
    return text.substr(pos, end - pos);
}

// Where to continue after an error in the declaration starting at `decl_start`: the next line
// that starts with a declaration keyword or `measure`.
std::size_t find_resume(std::string_view text, std::size_t decl_start, std::size_t error_pos) {
    std::size_t line = line_start(text, error_pos);
    while (line < text.size()) {
        std::size_t q = line;
        while (q < text.size() && (text[q] == ' ' || text[q] == '\t')) ++q;
        if (q > decl_start) {
            auto word = word_at(text, q);
            if (is_declaration_keyword(word) || word == "measure") return q;
        }
        auto nl = text.find('\n', line);
        if (nl == std::string_view::npos) break;
        line = nl + 1;
    }
    return text.size();
}

// The `"` that opened the string left open on the line of `pos`.
std::size_t find_open_quote(std::string_view text, std::size_t pos) {
    std::size_t i = line_start(text, pos);
    std::size_t open = pos;
    while (i < pos) {
        char c = text[i];
        if (c == '#') break;
        if (c == '"') {
            open = i++;
            while (i < pos && text[i] != '"') {
                if (text[i] == '\\') ++i;
                ++i;
            }
            if (i >= pos) return open;
        }
        ++i;
    }
    return open;
}

void report(std::string_view text, diag::file_id file, const parser::failure &f, std::size_t pos,
            diag::diagnostics &out) {
    if (f.which == parser::too_deep) {
        out.error("E0108", make_span(file, pos, pos + 1),
                  fmt::format("condition is nested more than {} levels deep", max_nesting_depth),
                  "split the condition into simpler parts");
        return;
    }
    if (f.which == parser::closing_quote_name) {
        std::size_t open = find_open_quote(text, pos);
        out.error("E0105", make_span(file, open, pos), "unterminated string",
                  "close the string with `\"` on the same line; write a line break inside it as `\\n`");
        return;
    }
    auto found = describe_token(text, pos);
    auto where = make_span(file, found.begin, found.end);
    if (found.non_ascii && (f.which.find("identifier") != std::string::npos || found.mixed)) {
        out.error("E0103", where, fmt::format("identifier {} contains non-ASCII characters", found.shown),
                  "identifiers use ASCII letters, digits and `_`; Chinese names belong in the quoted display "
                  "text");
        return;
    }
    out.error("E0101", where, fmt::format("expected {} but found {}", f.which, found.shown));
}

}  // namespace

rule_file parse(const diag::source_map &sources, diag::file_id file, diag::diagnostics &out) {
    rule_file result;
    result.file = file;
    std::string_view text = sources.text(file);
    if (text.size() > max_file_size) {
        out.error("E0111", make_span(file, 0, 0),
                  fmt::format("file is larger than {} MiB", max_file_size / (1024 * 1024)),
                  "split the rules into several files");
        return result;
    }
    if (auto nul = text.find('\0'); nul != std::string_view::npos) {
        out.error("E0110", make_span(file, nul, nul + 1), fmt::format("file contains a NUL byte at byte {}", nul),
                  "rule files are UTF-8 text; is this a binary file?");
        return result;
    }
    if (auto bad = base::find_invalid_utf8(text); bad != std::string::npos) {
        out.error("E0109", make_span(file, bad, bad + 1), fmt::format("invalid UTF-8 at byte {}", bad),
                  "rule files must be saved as UTF-8");
        return result;
    }
    std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    collect_comments(text, file, result.comments);

    parser::parse_state state;
    parser::skipper_type const skipper{};
    // x3::context holds its parent by reference: the skipper context must outlive this one.
    auto skipper_context = x3::make_context<x3::skipper_tag>(skipper);
    auto context = x3::make_context<parser::state_tag>(state, skipper_context);
    static_assert(std::is_same_v<decltype(context), parser::context_type>);

    converter convert(text, file, out);
    const char *base = text.data();
    const char *last = base + text.size();
    bool in_measures = false;  // recovering inside a memorandum or rule whose header failed
    std::size_t errors = 0;
    std::size_t pos = start;
    for (;;) {
        pos = skip_trivia(text, pos);
        if (pos >= text.size()) break;
        if (in_measures && text[pos] == '}') {
            in_measures = false;
            ++pos;
            continue;
        }
        if (in_measures && word_at(text, pos) != "measure") in_measures = false;
        cst::decl decl;
        state.failed.reset();
        state.depth = 0;
        const char *first = base + pos;
        bool ok = in_measures ? parser::top_measure().parse(first, last, context, x3::unused, decl)
                              : parser::top_declaration().parse(first, last, context, x3::unused, decl);
        if (ok) {
            if (in_measures) convert.convert_measure(decl);  // reports its errors; the owner is lost
            else if (auto d = convert.convert(decl)) result.declarations.push_back(std::move(*d));
            pos = static_cast<std::size_t>(first - base);
            continue;
        }
        parser::failure f = state.failed.value_or(parser::failure{base + pos, "declaration"});
        // X3 reports the position before the skipped whitespace; the error is at the next token.
        std::size_t error_pos = f.where ? static_cast<std::size_t>(f.where - base) : pos;
        if (f.which != parser::closing_quote_name) error_pos = skip_trivia(text, error_pos);
        report(text, file, f, error_pos, out);
        if (++errors >= max_errors_per_file) {
            diag::diagnostic note;
            note.severity = diag::severity::note;
            note.code = "E0112";
            note.message = fmt::format("stopped after {} syntax errors in this file", max_errors_per_file);
            note.primary = make_span(file, error_pos, error_pos);
            out.add(std::move(note));
            break;
        }
        pos = find_resume(text, pos, error_pos);
        in_measures = pos < text.size() && word_at(text, pos) == "measure";
    }
    return result;
}

}  // namespace credo::syntax
