// SPDX-License-Identifier: Apache-2.0
// `credo fmt [--check] [--write] [PATH...]`: print rule files in canonical form, check or rewrite them.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <system_error>

#include "base/files.hpp"
#include "cli.hpp"
#include "diag/diagnostic.hpp"
#include "syntax/format.hpp"
#include "syntax/parser.hpp"

namespace credo::cli {
namespace {

namespace fs = std::filesystem;

struct fmt_args {
    std::vector<std::string> paths;
    bool check = false;
    bool write = false;
};

// Files named by `path`: the file itself, or every *.credo below a directory in sorted order.
std::vector<std::string> expand(const std::string &path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw usage_error(fmt::format("cannot read `{}`: no such file or directory", path));
    if (!fs::is_directory(status)) return {path};
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) throw usage_error(fmt::format("cannot read `{}`: {}", path, ec.message()));
    for (; it != end; it.increment(ec)) {
        if (ec) throw usage_error(fmt::format("cannot read `{}`: {}", path, ec.message()));
        if (it->is_regular_file() && it->path().extension() == ".credo") files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_all(const std::string &path) {
    try {
        return base::read_regular_file(path, std::uint64_t{64} << 20);  // as a rule file is loaded
    } catch (const base::file_error &e) {
        throw usage_error(e.what());
    }
}

// Writes next to the file and renames over it (base::output_file), so an interrupted run leaves
// the old or the new text; a link to a rule file keeps pointing at the rewritten file.
void write_all(const std::string &path, const std::string &text) {
    try {
        base::write_output_file(path, text, {});
    } catch (const base::file_error &e) {
        throw usage_error(e.what());
    }
}

int run_fmt(const fmt_args &args) {
    std::vector<std::string> roots = args.paths;
    if (roots.empty()) {
        const char *rules = std::getenv("CREDO_RULES");
        roots.push_back(rules && *rules ? rules : "rules");
    }
    std::vector<std::string> files;
    for (const auto &root : roots) {
        auto found = expand(root);
        files.insert(files.end(), found.begin(), found.end());
    }
    int status = exit_ok;
    diag::source_map sources;
    for (const auto &path : files) {
        auto id = sources.add(path, read_all(path));
        diag::diagnostics diags;
        auto file = syntax::parse(sources, id, diags);
        if (diags.has_errors()) {
            diags.sort();
            for (const auto &d : diags.items()) std::cerr << diag::render(d, sources);
            status = exit_findings;
            continue;
        }
        std::string canonical = syntax::format(file, sources);
        bool differs = canonical != sources.text(id);
        if (args.check) {
            if (differs) {
                std::cout << path << '\n';
                status = exit_findings;
            }
        } else if (args.write) {
            if (differs) write_all(path, canonical);
        } else {
            if (files.size() > 1) std::cout << "# ==> " << path << '\n';
            std::cout << canonical;
        }
    }
    std::cout.flush();
    return status;
}

void add_fmt_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<fmt_args>();
    auto *cmd = app.add_subcommand(
        "fmt", "print rule files in canonical form (several files: each after a `# ==> PATH` line)");
    cmd->add_option("paths", args->paths, "files or directories of *.credo files (default: $CREDO_RULES, else ./rules)");
    auto *check = cmd->add_flag("--check", args->check, "print the files that are not in canonical form; exit 1 if any");
    cmd->add_flag("--write", args->write, "rewrite files in canonical form in place")->excludes(check);
    cmd->callback([args, &ctx] { ctx.result = run_fmt(*args); });
}

const command_registration registration{"fmt", add_fmt_command};

}  // namespace
}  // namespace credo::cli
