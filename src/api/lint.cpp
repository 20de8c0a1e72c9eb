// SPDX-License-Identifier: Apache-2.0
#include <filesystem>

#include "credo/registry.hpp"
#include "diag/diagnostic.hpp"
#include "sema/rule_set.hpp"

namespace credo {

result<lint_report> lint(const std::string &rules_dir) {
    diag::source_map sources;
    diag::diagnostics diags;
    try {
        sema::load_rule_set(std::filesystem::path(rules_dir), sources, diags);
    } catch (const sema::load_error &e) {  // an unreadable directory or file
        error_info error;
        error.code = error_code::rule_error;
        error.message = e.what();
        error.file = rules_dir;
        return error;
    }
    diags.sort();
    lint_report report;
    for (const auto &d : diags.items()) {
        lint_diagnostic out;
        out.severity = d.severity == diag::severity::error     ? severity::error
                       : d.severity == diag::severity::warning ? severity::warning
                                                               : severity::note;
        out.code = d.code;
        out.message = d.message;
        out.help = d.help.value_or("");
        // A diagnostic about the directory itself (no rule file in it) has no source file.
        if (d.primary.file < sources.size()) {
            auto where = sources.locate(d.primary);
            out.file = std::string(where.path);
            out.line = where.line;
            out.column = where.column;
            out.rendered = diag::render(d, sources);
        } else {
            out.file = rules_dir;
            out.rendered = rules_dir + ": " + std::string(diag::to_string(d.severity)) + "[" + d.code + "]: " + d.message;
        }
        if (out.severity == severity::error) ++report.errors;
        report.diagnostics.push_back(std::move(out));
    }
    return report;
}

}  // namespace credo
