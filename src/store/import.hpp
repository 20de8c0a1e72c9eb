// SPDX-License-Identifier: Apache-2.0
// CSV import of list entries and relations: every row validated, bad rows to a rejects file,
// idempotent, one transaction per batch with a checkpoint so that a killed import resumes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/catalog.hpp"
#include "store/store.hpp"

namespace credo::store {

struct import_progress {
    std::uint64_t rows = 0;  // records read so far (this run and any resumed one)
    std::uint64_t bytes = 0;
    std::uint64_t total_bytes = 0;
    double seconds = 0;  // this run
    std::uint64_t rows_this_run = 0;
};

struct import_options {
    bool strict = false;        // any bad row aborts the import with nothing written
    bool ignore_extra = false;  // columns beyond the expected ones are ignored, not an error
    // Where bad rows go (CSV: line, column, reason, the record), and rows imported with a warning
    // (their reason starts with `warning: `); empty: nowhere.
    // It is written under a temporary name beside it and renamed into place at the end; the
    // database and the input are refused.
    std::string rejects_path;
    bool show_ids = false;      // resident IDs unmasked in the rejects file
    std::string by;             // who imports (recorded on each row); default "import"
    std::size_t batch_rows = 100000;
    // Called after each committed batch (and at the end).
    std::function<void(const import_progress &)> progress;
};

struct import_reject {
    std::uint64_t line = 0;
    std::string column;
    std::string reason;
};

struct import_summary {
    std::uint64_t rows = 0;       // data rows in the file
    std::uint64_t inserted = 0;   // new entries or relations
    std::uint64_t unchanged = 0;  // already recorded (re-import)
    std::uint64_t rejected = 0;
    // Rows imported whose subject the store already knew with another established_on: the
    // first date is kept, the row is imported, and the difference is reported.
    std::uint64_t warnings = 0;
    bool committed = true;  // false when --strict found bad rows and wrote nothing
    bool resumed = false;   // continued an import that was interrupted
    std::uint64_t resumed_at_line = 0;
    // Resumed, but the rejects file of the interrupted run was not found: the rows it rejected
    // before resumed_at_line are counted but not in this run's rejects file.
    bool rejects_restarted = false;
    std::int64_t import_id = 0;
    double seconds = 0;
    std::vector<import_reject> first_rejects;  // up to 20, for the terminal
    std::vector<import_reject> first_warnings;  // up to 20
};

// Imports `path` into list `list_id`. File-level problems (unreadable file, unknown list, bad
// header) are returned as a failure; row-level problems are counted and written to rejects.
result<import_summary> import_list(store &db, const catalog &rules, const std::string &list_id, const std::string &path,
                                   const import_options &options = {});
result<import_summary> import_relations(store &db, const catalog &rules, const std::string &path,
                                        const import_options &options = {});

inline const std::vector<std::string> &list_columns() {
    static const std::vector<std::string> columns = {"subject_id", "subject_name", "listed_on", "expires_on",
                                                     "document",   "initiator",    "reason"};
    return columns;
}
inline const std::vector<std::string> &relation_columns() {
    static const std::vector<std::string> columns = {"person_id", "person_name", "org_id", "role", "since", "until"};
    return columns;
}
// Columns a file may have or not, after the ones it must have: in a list file the listed
// subject's establishment date (成立日期), in a relation file the organisation's.
inline const std::vector<std::string> &optional_columns() {
    static const std::vector<std::string> columns = {"established_on"};
    return columns;
}

}  // namespace credo::store
