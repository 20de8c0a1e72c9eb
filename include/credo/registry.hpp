// SPDX-License-Identifier: Apache-2.0
// The whole of credo behind one object: the engine's checks and the lifecycle around them
// (objections, repairs, implementers' feedback, the changes feed), and rule-set lint. This is the
// C++ API the C ABI (credo.h) wraps; a program needs nothing else from credo.
//
// A registry holds one engine and one connection to the same database for the lifecycle writes.
// Every member may be called from any number of threads; the lifecycle writes take turns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"
#include "credo/engine.hpp"

namespace credo {

// ---- lifecycle requests -------------------------------------------------------------------------
// Views into the caller's storage, valid for the duration of the call.

// 异议: the subject disputes an entry; measures resting on it are suspended while it is pending.
struct objection_filing {
    std::int64_t entry_id = 0;
    date filed_on{};
    std::string_view filed_by{};  // required
    std::string_view grounds{};   // required
};

enum class objection_outcome { accepted, dismissed };

struct objection_resolution {
    std::int64_t objection_id = 0;
    objection_outcome outcome = objection_outcome::dismissed;
    date resolved_on{};
    std::string_view resolved_by{};  // required
    std::string_view resolution{};
};

// 信用修复: the entry stops counting from `repaired_on`; refused before the list's minimum
// publication period (the rules say which).
struct repair_filing {
    std::int64_t entry_id = 0;
    date repaired_on{};
    std::string_view reason{};       // required
    std::string_view approved_by{};  // required
};

enum class feedback_outcome { applied, not_applicable, declined };

// 执行反馈 on one measure of an audited check; held to the workflow's rules (docs/workflow.md):
// a measure of the check's scenario, a department that implements it, a note when declining a
// mandatory measure.
struct feedback_filing {
    std::int64_t check_id = 0;
    std::string_view measure{};
    std::string_view implementer{};
    feedback_outcome outcome = feedback_outcome::applied;
    std::string_view note{};
};

// 信息推送: what changed since a cursor, for one implementer or all.
struct changes_request {
    std::int64_t since = 0;
    std::string_view implementer{};  // empty: every implementer
    std::size_t limit = 0;           // most events read; 0: all
};

struct changes_page {
    std::string json;  // the page as `credo changes --json` prints it (personal IDs shown)
    std::int64_t cursor = 0;
    std::size_t count = 0;
    bool more = false;
};

// A page of the changes feed from the database at `db_path`, judged with the rules in
// `rules_dir`, for a program without a registry: the rules are compiled on every call, so a
// program that asks often uses registry::read_changes instead.
result<changes_page> read_changes(const std::string &db_path, const std::string &rules_dir,
                                  const changes_request &request);

// ---- lint -------------------------------------------------------------------------------------

enum class severity { error, warning, note };

struct lint_diagnostic {
    credo::severity severity = severity::error;
    std::string code;     // E0101, ...
    std::string message;
    std::string help;     // empty when there is none
    std::string file;     // the rule file, or the directory for a problem of the directory
    unsigned line = 0;    // 1-based; 0 for the directory
    unsigned column = 0;
    std::string rendered; // as `credo lint` prints it, with the source line
};

struct lint_report {
    std::vector<lint_diagnostic> diagnostics;  // in file and position order
    std::size_t errors = 0;
};

// Compiles the rules in `rules_dir` and reports every problem in them. `rule_error` only when
// the directory or one of its files cannot be read.
result<lint_report> lint(const std::string &rules_dir);

// ---- the registry -----------------------------------------------------------------------------

class registry {
public:
    // Opens the engine (as engine::open) and remembers the database for the lifecycle writes,
    // which open their connection on first use.
    static result<registry> open(const engine_options &options);
    ~registry();
    registry(registry &&) noexcept;
    registry &operator=(registry &&) noexcept;
    registry(const registry &) = delete;
    registry &operator=(const registry &) = delete;

    // The checks: engine().check(...), check_batch, rules_version, ...
    credo::engine &engine();
    const credo::engine &engine() const;

    // Reloads the engine's snapshot; the lifecycle's rules and departments.csv are read again on
    // their next use.
    status reload();

    // Each returns the new record's id; `not_found` for an unknown entry, objection or check,
    // `illegal_state` when the store refuses the change (an objection already resolved, a repair
    // too early), `invalid_argument` for a missing field or feedback the rules refuse,
    // `rule_error` when the rules or departments.csv cannot be read, `store_error`.
    result<std::int64_t> open_objection(const objection_filing &filing);
    status resolve_objection(const objection_resolution &resolution);
    result<std::int64_t> record_repair(const repair_filing &filing);
    result<std::int64_t> record_feedback(const feedback_filing &filing);

    // A page of the changes feed, judged with the rules the lifecycle holds (compiled once per
    // rules version, not per call).
    result<changes_page> read_changes(const changes_request &request);

private:
    struct impl;
    explicit registry(std::unique_ptr<impl> i);
    std::unique_ptr<impl> impl_;
};

}  // namespace credo
