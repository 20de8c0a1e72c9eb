// SPDX-License-Identifier: Apache-2.0
// Line maps and the human rendering of diagnostics.
#include "diag/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/utf8.hpp"

namespace credo::diag {

file_id source_map::add(std::string path, std::string text) {
    source_file f{std::move(path), std::move(text), {0}};
    for (std::uint32_t i = 0; i < f.text.size(); ++i) {
        if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
    }
    files_.push_back(std::move(f));
    return static_cast<file_id>(files_.size() - 1);
}

location source_map::locate(file_id file, std::uint32_t offset) const {
    const auto &f = files_.at(file);
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size()));
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    auto line = static_cast<std::uint32_t>(it - f.line_starts.begin());
    std::uint32_t start = f.line_starts[line - 1];
    auto column = base::count_code_points(std::string_view(f.text).substr(start, offset - start)) + 1;
    return {f.path, line, static_cast<std::uint32_t>(column)};
}

std::string_view source_map::line_text(file_id file, std::uint32_t line) const {
    const auto &f = files_.at(file);
    if (line == 0 || line > f.line_starts.size()) return {};
    std::uint32_t start = f.line_starts[line - 1];
    std::uint32_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : static_cast<std::uint32_t>(f.text.size());
    std::string_view text = std::string_view(f.text).substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

void diagnostics::error(std::string code, span where, std::string message, std::optional<std::string> help) {
    items_.push_back({severity::error, std::move(code), std::move(message), where, {}, std::move(help)});
}

void diagnostics::warning(std::string code, span where, std::string message, std::optional<std::string> help) {
    items_.push_back({severity::warning, std::move(code), std::move(message), where, {}, std::move(help)});
}

std::size_t diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const diagnostic &d) { return d.severity == severity::error; }));
}

std::size_t diagnostics::warning_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const diagnostic &d) { return d.severity == severity::warning; }));
}

void diagnostics::sort() {
    std::stable_sort(items_.begin(), items_.end(), [](const diagnostic &a, const diagnostic &b) {
        if (a.primary.file != b.primary.file) return a.primary.file < b.primary.file;
        return a.primary.begin < b.primary.begin;
    });
}

std::string_view to_string(severity s) {
    switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
    }
    return "error";
}

namespace {

// Very long lines (a 10 MB line in a hostile file) are cut around the column so that a
// diagnostic stays readable.
constexpr std::size_t max_shown_line = 200;

void render_excerpt(std::string &out, const source_map &sources, span where) {
    if (where.file >= sources.size()) return;
    auto loc = sources.locate(where);
    std::string_view line = sources.line_text(where.file, loc.line);
    // Work in code points for the caret; replace tabs so the caret lines up.
    std::string shown;
    std::size_t pos = 0;
    std::uint32_t column = 1;
    std::uint32_t first_shown = loc.column > max_shown_line / 2 ? loc.column - max_shown_line / 2 : 1;
    std::uint32_t caret_at = 0;
    std::uint32_t width = 0;
    auto end_loc = sources.locate(where.file, where.end);
    std::uint32_t end_column = end_loc.line == loc.line ? end_loc.column : loc.column + 1;
    if (end_column <= loc.column) end_column = loc.column + 1;
    std::uint32_t shown_count = 0;
    while (pos < line.size()) {
        std::size_t length;
        char32_t cp = base::decode_utf8(line, pos, length);
        if (column >= first_shown && shown_count < max_shown_line) {
            if (column == loc.column) caret_at = shown_count;
            if (column >= loc.column && column < end_column) ++width;
            if (cp == '\t') shown += ' ';
            else if (cp == base::invalid_code_point || cp < 0x20) shown += "\xEF\xBF\xBD";  // U+FFFD
            else shown.append(line.substr(pos, length));
            ++shown_count;
        }
        pos += length;
        ++column;
    }
    if (loc.column >= column) caret_at = shown_count;  // at the end of the line
    std::string gutter = fmt::format("{}", loc.line);
    out += fmt::format(" {} | {}{}\n", gutter, first_shown > 1 ? "..." : "", shown);
    std::string pad(gutter.size(), ' ');
    std::string marker = "^" + std::string(width > 1 ? width - 1 : 0, '~');
    out += fmt::format(" {} | {}{}{}\n", pad, first_shown > 1 ? "   " : "", std::string(caret_at, ' '), marker);
}

}  // namespace

std::string render(const diagnostic &d, const source_map &sources) {
    std::string out;
    if (d.primary.file < sources.size()) {
        auto loc = sources.locate(d.primary);
        out += fmt::format("{}:{}:{}: ", loc.path, loc.line, loc.column);
    }
    out += fmt::format("{}[{}]: {}\n", to_string(d.severity), d.code, d.message);
    render_excerpt(out, sources, d.primary);
    for (const auto &l : d.secondary) {
        if (l.where.file < sources.size()) {
            auto loc = sources.locate(l.where);
            out += fmt::format("{}:{}:{}: note: {}\n", loc.path, loc.line, loc.column, l.message);
            render_excerpt(out, sources, l.where);
        } else {
            out += fmt::format("note: {}\n", l.message);
        }
    }
    if (d.help) out += fmt::format("help: {}\n", *d.help);
    return out;
}

}  // namespace credo::diag
