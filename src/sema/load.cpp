// SPDX-License-Identifier: Apache-2.0
// Loading a rule set from a directory: find the rule files, read, parse and compile them.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include "sema/codes.hpp"
#include "sema/rule_set.hpp"
#include "syntax/ast.hpp"
#include "syntax/parser.hpp"

namespace credo::sema {

namespace {

std::string read_all(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw load_error(fmt::format("cannot read `{}`", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw load_error(fmt::format("cannot read `{}`", path.string()));
    return std::move(text).str();
}

}  // namespace

std::shared_ptr<const rule_set> load_rule_set(const std::filesystem::path &dir, diag::source_map &sources,
                                              diag::diagnostics &diags) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto status = fs::status(dir, ec);
    if (!fs::is_directory(status)) {
        std::string why = status.type() == fs::file_type::not_found ? "no such directory"
                          : fs::exists(status)                      ? "not a directory"
                                                                    : ec.message();
        throw load_error(fmt::format("cannot read the rule directory `{}`: {}", dir.string(), why));
    }
    std::vector<fs::path> paths;
    fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec);
    if (ec) throw load_error(fmt::format("cannot read the rule directory `{}`: {}", dir.string(), ec.message()));
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->path().extension() == ".credo" && it->is_regular_file(ec)) paths.push_back(it->path());
    }
    if (ec) throw load_error(fmt::format("cannot read the rule directory `{}`: {}", dir.string(), ec.message()));
    // Sorted by path so that file ids, measure order and diagnostics are the same on every run.
    std::sort(paths.begin(), paths.end(),
              [](const fs::path &a, const fs::path &b) { return a.generic_string() < b.generic_string(); });
    if (paths.empty()) {
        diags.error(codes::no_rule_files, diag::span{std::numeric_limits<diag::file_id>::max(), 0, 0},
                    fmt::format("no rule files (`*.credo`) in `{}`", dir.string()),
                    std::string("point at the directory that holds the rule files, e.g. `rules`"));
        return nullptr;
    }
    std::size_t errors_before = diags.error_count();
    std::vector<syntax::rule_file> files;
    for (const auto &path : paths) {
        diag::file_id id = sources.add(path.generic_string(), read_all(path));
        files.push_back(syntax::parse(sources, id, diags));
    }
    bool syntax_errors = diags.error_count() > errors_before;
    auto rules = compile(files, diags);
    return syntax_errors ? nullptr : rules;
}

}  // namespace credo::sema
