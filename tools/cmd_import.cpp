// SPDX-License-Identifier: Apache-2.0
// `credo import --db DB --list LIST_ID FILE.csv` and `credo import --db DB --relations FILE.csv`:
// validated, idempotent, resumable CSV import with a rejects file and a progress display.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#include "base/files.hpp"
#include "cli.hpp"
#include "credo/ids.hpp"
#include "store/import.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct import_args {
    std::string db, rules, list, relations, file, rejects, by;
    bool strict = false;
    bool ignore_extra = false;
    bool quiet = false;
    bool show_ids = false;
};

std::string thousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// A bar redrawn in place on a terminal; a plain line every few seconds otherwise.
class progress_display {
public:
    explicit progress_display(bool quiet) : tty_(isatty(2) != 0), quiet_(quiet) {}
    void operator()(const store::import_progress &p) {
        if (quiet_) return;
        double rate = p.seconds > 0 ? static_cast<double>(p.rows_this_run) / p.seconds : 0;
        double fraction = p.total_bytes ? static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes) : 1;
        double eta = fraction > 0 && fraction < 1 ? p.seconds * (1 - fraction) / fraction : 0;
        if (tty_) {
            int filled = static_cast<int>(fraction * 30);
            std::fprintf(stderr, "\r[%s%s] %3.0f%%  %s rows  %s rows/s  ETA %.0fs ",
                         std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         std::string(static_cast<std::size_t>(30 - filled), '.').c_str(), fraction * 100,
                         thousands(p.rows).c_str(), thousands(static_cast<std::uint64_t>(rate)).c_str(), eta);
            drawn_ = true;
        } else if (p.seconds - last_ >= 2 || (fraction >= 1 && !final_)) {
            final_ = fraction >= 1;
            last_ = p.seconds;
            std::fprintf(stderr, "import: %s rows, %.0f%%, %s rows/s, ETA %.0fs\n", thousands(p.rows).c_str(),
                         fraction * 100, thousands(static_cast<std::uint64_t>(rate)).c_str(), eta);
        }
    }
    void done() {
        if (drawn_) std::fputc('\n', stderr);
    }

private:
    bool tty_;
    bool quiet_;
    bool drawn_ = false;
    double last_ = 0;
    bool final_ = false;
};

int run_import(const import_args &args) {
    if (args.list.empty() == args.relations.empty()) {
        throw usage_error("give either --list LIST_ID FILE.csv or --relations FILE.csv");
    }
    if (!args.list.empty() && args.file.empty()) throw usage_error("--list needs the CSV file to import");
    if (!args.relations.empty() && !args.file.empty()) {
        throw usage_error(fmt::format("unexpected argument `{}`: --relations takes the file itself", args.file));
    }
    const std::string &path = args.list.empty() ? args.relations : args.file;
    if (!args.rejects.empty()) {
        // Refused before the database is opened: nothing is touched. The import checks again.
        auto keep = base::database_paths(args.db);
        keep.push_back({path, "the input file"});
        if (auto why = base::output_refusal(args.rejects, keep); !why.empty()) throw usage_error("--rejects: " + why);
    }
    auto catalog = catalog_from_rules(args.rules);
    auto db = open_database(args.db, true);
    progress_display display(args.quiet);
    store::import_options options;
    options.strict = args.strict;
    options.ignore_extra = args.ignore_extra;
    options.rejects_path = args.rejects;
    options.by = args.by;
    options.show_ids = args.show_ids;
    options.progress = [&](const store::import_progress &p) { display(p); };
    auto result = [&] {
        try {
            return args.list.empty() ? store::import_relations(db, catalog, path, options)
                                     : store::import_list(db, catalog, args.list, path, options);
        } catch (const store::error &e) {
            throw usage_error(e.what());
        }
    }();
    display.done();
    if (!result) throw usage_error(result.error());
    const auto &s = *result;
    auto shown = [&](const std::string &text) { return args.show_ids ? text : ids::mask_in_text(text); };
    for (const auto &r : s.first_rejects) {
        std::cerr << fmt::format("{}:{}: {}{}\n", path, r.line, r.column.empty() ? "" : r.column + ": ",
                                 shown(r.reason));
    }
    if (s.rejected > s.first_rejects.size()) {
        std::cerr << fmt::format("... and {} more{}\n", s.rejected - s.first_rejects.size(),
                                 args.rejects.empty() ? " (pass --rejects FILE to keep them all)"
                                                      : fmt::format(" (all in `{}`)", args.rejects));
    }
    // Rows imported, but with something the store did not take from them (a second
    // establishment date for a subject): the row counts, the difference is reported.
    for (const auto &w : s.first_warnings) {
        std::cerr << fmt::format("{}:{}: {}warning: {}\n", path, w.line, w.column.empty() ? "" : w.column + ": ",
                                 shown(w.reason));
    }
    if (s.warnings > s.first_warnings.size()) {
        std::cerr << fmt::format("... and {} more warnings{}\n", s.warnings - s.first_warnings.size(),
                                 args.rejects.empty() ? " (pass --rejects FILE to keep them all)"
                                                      : fmt::format(" (all in `{}`)", args.rejects));
    }
    if (s.resumed) std::cout << fmt::format("resumed an interrupted import at line {}\n", s.resumed_at_line);
    if (s.rejects_restarted) {
        std::cerr << fmt::format("credo: the rejects file of the interrupted run was not found; `{}` has the rows "
                                 "rejected from line {} on only\n",
                                 args.rejects, s.resumed_at_line);
    }
    std::string warned =
        s.warnings == 0 ? std::string() : fmt::format(", {} warning{}", thousands(s.warnings), s.warnings == 1 ? "" : "s");
    std::cout << fmt::format("{} rows: {} inserted, {} already recorded, {} rejected{} ({:.1f}s)\n", thousands(s.rows),
                             thousands(s.inserted), thousands(s.unchanged), thousands(s.rejected), warned, s.seconds);
    if (!s.committed) std::cout << "--strict: nothing was written\n";
    return s.rejected > 0 ? exit_findings : exit_ok;
}

void add_import_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<import_args>();
    auto *cmd = app.add_subcommand(
        "import",
        "import list entries or relations from CSV. List files: subject_id,subject_name,listed_on,expires_on,document,"
        "initiator,reason (expires_on may be empty: the list's default term on listed_on, or no end date when it has "
        "none); relation files: person_id,person_name,org_id,role,since,until; both may add established_on (the "
        "listed subject's or the organisation's establishment date)");
    cmd->add_option("--db", args->db, "the SQLite database (created when missing)")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_option("--list", args->list, "the list the file's entries belong to");
    cmd->add_option("--relations", args->relations, "a relations file to import");
    cmd->add_option("file", args->file, "the list file (with --list)");
    cmd->add_option("--rejects", args->rejects,
                    "write bad rows here (line, column, reason, record), and rows imported with a warning (reason "
                    "`warning: ...`); replaced whole when the import ends, never the database or the input");
    cmd->add_flag("--strict", args->strict, "any bad row aborts the import with nothing written");
    cmd->add_flag("--ignore-extra", args->ignore_extra, "ignore columns beyond the expected ones");
    cmd->add_option("--by", args->by, "who imports (recorded on each row; default `import`)");
    cmd->add_flag("--quiet", args->quiet, "no progress display");
    cmd->add_flag("--show-ids", args->show_ids, "personal ID numbers unmasked in messages and the rejects file");
    cmd->callback([args, &ctx] { ctx.result = run_import(*args); });
}

const command_registration registration{"import", add_import_command};

}  // namespace
}  // namespace credo::cli
