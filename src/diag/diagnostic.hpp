// SPDX-License-Identifier: Apache-2.0
// Diagnostics about user input (rule files first of all): source files, spans, rendering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credo::diag {

using file_id = std::uint32_t;

// A byte range [begin, end) in one source file.
struct span {
    file_id file = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// 1-based line and column; the column counts code points, not bytes.
struct location {
    std::string_view path;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

// Owns the text of every source file a run reads, so spans stay meaningful until the end.
class source_map {
public:
    file_id add(std::string path, std::string text);
    std::size_t size() const { return files_.size(); }
    const std::string &path(file_id file) const { return files_.at(file).path; }
    const std::string &text(file_id file) const { return files_.at(file).text; }
    location locate(file_id file, std::uint32_t offset) const;
    location locate(span where) const { return locate(where.file, where.begin); }
    // The text of a 1-based line, without its line break.
    std::string_view line_text(file_id file, std::uint32_t line) const;

private:
    struct source_file {
        std::string path;
        std::string text;
        std::vector<std::uint32_t> line_starts;
    };
    std::vector<source_file> files_;
};

enum class severity { error, warning, note };

struct label {
    span where;
    std::string message;
};

// A problem in user input. `code` is stable and documented in docs/diagnostics.md; `message`
// is lowercase with no final period, user text in backticks; `help` says how to fix it.
struct diagnostic {
    diag::severity severity = severity::error;
    std::string code;
    std::string message;
    span primary;
    std::vector<label> secondary;
    std::optional<std::string> help;
};

class diagnostics {
public:
    void add(diagnostic d) { items_.push_back(std::move(d)); }
    void error(std::string code, span where, std::string message, std::optional<std::string> help = std::nullopt);
    void warning(std::string code, span where, std::string message, std::optional<std::string> help = std::nullopt);
    const std::vector<diagnostic> &items() const { return items_; }
    std::size_t error_count() const;
    std::size_t warning_count() const;
    bool has_errors() const { return error_count() > 0; }
    // Orders by file, then position, so output is stable whatever order passes ran in.
    void sort();

private:
    std::vector<diagnostic> items_;
};

// Renders as
//   rules/tax.credo:12:5: error[E0101]: expected `effect` but found `efect`
//      12 |     efect prohibit
//         |     ^~~~~
//   help: ...
// with secondary labels as `note:` lines of their own.
std::string render(const diagnostic &d, const source_map &sources);
std::string_view to_string(severity s);

}  // namespace credo::diag
