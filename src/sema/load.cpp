// SPDX-License-Identifier: Apache-2.0
// Loading a rule set from a directory: find the rule files, read, parse and compile them.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <sys/stat.h>
#include <system_error>
#include <utility>

#include "base/files.hpp"

#include "sema/codes.hpp"
#include "sema/rule_set.hpp"
#include "syntax/ast.hpp"
#include "syntax/parser.hpp"

namespace credo::sema {

namespace {

// Rule files are text a person writes; a file past this is not one (e.g. a link to a disk image).
constexpr std::uint64_t rule_file_limit = std::uint64_t{64} << 20;

std::string read_all(const std::filesystem::path &path) {
    try {
        return base::read_regular_file(path.string(), rule_file_limit);
    } catch (const base::file_error &e) {
        throw load_error(e.what());
    }
}

// The `*.credo` files under `dir`, following links to directories. `ancestors` are the
// directories (device, inode) being walked: a link back to one of them is a loop, which would
// otherwise be walked until the path is too long, a number of times that doubles with each
// further link.
void find_rule_files(const std::filesystem::path &dir, std::vector<std::pair<dev_t, ino_t>> &ancestors,
                     std::vector<std::filesystem::path> &out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) throw load_error(fmt::format("cannot read the rule directory `{}`: {}", dir.string(), ec.message()));
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path &path = it->path();
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0) {
            // A dangling link: not a rule file unless named as one.
            if (path.extension() == ".credo") {
                throw load_error(fmt::format("cannot read `{}`: {}", path.string(), std::strerror(errno)));
            }
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            std::pair<dev_t, ino_t> key{st.st_dev, st.st_ino};
            if (std::find(ancestors.begin(), ancestors.end(), key) != ancestors.end()) {
                throw load_error(fmt::format("cannot read the rule directory: `{}` is a symbolic link loop (it leads "
                                             "back to a directory that contains it)",
                                             path.string()));
            }
            ancestors.push_back(key);
            find_rule_files(path, ancestors, out);
            ancestors.pop_back();
        } else if (path.extension() == ".credo" && S_ISREG(st.st_mode)) {
            out.push_back(path);
        }
    }
    if (ec) throw load_error(fmt::format("cannot read the rule directory `{}`: {}", dir.string(), ec.message()));
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
    {
        struct stat st{};
        std::vector<std::pair<dev_t, ino_t>> ancestors;
        if (::stat(dir.c_str(), &st) == 0) ancestors.emplace_back(st.st_dev, st.st_ino);
        find_rule_files(dir, ancestors, paths);
    }
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
