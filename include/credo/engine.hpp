// SPDX-License-Identifier: Apache-2.0
// The must-query engine: for a subject, in a scenario, on a date, which measures apply, how
// strongly and why. The public C++ API that the C ABI (credo.h) wraps one to one.
//
// How to use it
//   credo::engine_options options;
//   options.rules_dir = "rules";  options.db_path = "credo.db";
//   auto opened = credo::engine::open(options);
//   if (!opened) { /* opened.error(): code, message, for rule errors file:line:col */ }
//   credo::engine &engine = *opened;
//   credo::decision d;                       // reuse one per thread: checks reuse its capacity
//   credo::query q{.subject = "91440300MA5F00000X", .scenario = "public_bidding"};
//   if (auto s = engine.check(q, d); !s) { /* s.error() */ }
//   std::puts(d.to_json().c_str());
//
// Threads: `check`, `check_batch`, `rules_version`, `store_version` may be called from any number
// of threads at once. Each check reads one immutable snapshot (rules + store state) without
// locks; `reload` builds a new snapshot and swaps it in, while checks in flight finish on the
// one they started with. `reload` and `flush_audit` may be called from any thread; concurrent
// reloads are serialised.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "credo/date.hpp"

namespace credo {

// ---- errors -----------------------------------------------------------------------------------
enum class error_code {
    invalid_argument,  // a query or option that makes no sense (empty subject, unknown attribute, ...)
    invalid_id,        // the subject identifier is not a valid credit code or resident ID
    unknown_scenario,  // `message` names the closest known scenario
    rule_error,        // the rule files do not compile; `file`, `line`, `column` locate the first error
    store_error,       // the database cannot be opened or read, or an audit write failed
    internal,          // a bug in credo
    not_found,         // no entry, objection or check with that id (credo::registry)
    illegal_state,     // the store refuses the change in the record's state (credo::registry)
};
std::string_view to_string(error_code code);  // `invalid_argument`, ...

struct error_info {
    error_code code = error_code::internal;
    std::string message;
    // rule_error: the first error diagnostic; `diagnostics` holds all of them rendered with
    // their source lines. Empty / 0 for other codes.
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
    std::string diagnostics;
    // unknown_scenario: the closest known scenario id.
    std::string closest;
};

// Success, or the error of a problem in the input or the environment. Problems in user input are
// returned this way, never thrown.
class status {
public:
    status() = default;
    status(error_info e) : error_(std::move(e)) {}  // NOLINT(google-explicit-constructor): `return error_info{...};`
    explicit operator bool() const { return !error_.has_value(); }
    bool ok() const { return !error_.has_value(); }
    const credo::error_info &error() const { return *error_; }

private:
    std::optional<credo::error_info> error_;
};

// A value, or the error that prevented it.
template <class T>
class result {
public:
    result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    result(error_info e) : value_(std::move(e)) {}      // NOLINT(google-explicit-constructor)
    explicit operator bool() const { return value_.index() == 0; }
    T &value() { return std::get<0>(value_); }
    const T &value() const { return std::get<0>(value_); }
    T &operator*() { return value(); }
    T *operator->() { return &value(); }
    const credo::error_info &error() const { return std::get<1>(value_); }

private:
    std::variant<T, credo::error_info> value_;
};

// ---- options and queries ----------------------------------------------------------------------
// When an audited check's row reaches the disk (docs/audit.md).
enum class audit_mode {
    // The check returns once its row is committed; concurrent checks share one transaction
    // (group commit). Nothing answered is unrecorded, even after a crash.
    durable,
    // The check returns at once with an id reserved in the database; a background thread commits
    // the rows. A crash loses at most `audit_queue` rows, those of the last `audit_interval_ms`
    // plus one commit; their ids are then recorded as `lost`, never handed out again.
    batched,
};
std::string_view to_string(audit_mode mode);  // `durable`, `batched`

struct engine_options {
    std::string rules_dir = "rules";
    std::string db_path{};  // required; the database must exist (create it with `credo import`)
    // Accept credit codes whose final check character is wrong (early pilot codes).
    bool lenient_ids = false;
    // Write each check to the store's audit trail (查询留痕).
    bool audit = true;
    credo::audit_mode audit_mode = credo::audit_mode::durable;
    // Most checks written in one audit transaction.
    std::size_t audit_batch = 4096;
    // Most rows waiting to be written (queued or being written); a check that finds the queue
    // full waits up to `audit_wait_ms` for room, then fails with `store_error`.
    std::size_t audit_queue = 65536;
    // batched: the longest a row waits before the writer starts a transaction for it.
    unsigned audit_interval_ms = 20;
    unsigned audit_wait_ms = 5000;
    // How long a failed audit write (the database locked by another writer, a full disk) is
    // retried, with backoff, before the engine gives up: then every later audited check fails
    // with `store_error` until the engine is opened again.
    unsigned audit_retry_ms = 30000;
};

// A value a query supplies for a condition attribute. Strings are converted to the attribute's
// declared type (`contract_value=500000`, `deadline=2024-06-30`), so text from a command line or
// a JSON file can be passed as is.
using attribute_value = std::variant<double, std::string_view, date>;

struct query_attribute {
    std::string_view key{};  // an attribute declared in the rules, or `credit_rating`
    attribute_value value{};
};

// Views into the caller's storage, valid for the duration of the call.
struct query {
    std::string_view subject{};   // credit code or resident ID, as typed (it is normalised)
    std::string_view scenario{};  // a scenario id of the rules
    std::optional<date> as_of{};  // default: date::today() (China Standard Time)
    std::string_view querier{};   // the asking department, for the audit trail
    std::span<const query_attribute> attributes{};
};

// ---- the decision -----------------------------------------------------------------------------
struct via_step {
    std::string role;  // role id, e.g. `legal_representative`
    std::string of;    // the other subject's normalised id (unmasked)
};

// Why a measure applies: the list entry it stems from and, for a subject reached through a
// relation, the path. Absent for measures granted by a rule.
struct because {
    std::string list;
    std::int64_t entry = 0;
    std::string document;
    date listed_on;
    std::optional<date> expires_on;  // the first day it no longer counts; none: until revoked or repaired
    std::vector<via_step> via;  // empty: the subject itself is listed (JSON `null`)
};

struct decision_measure {
    std::string memorandum;  // memorandum id, or the rule id for a measure a rule grants
    std::string measure;
    std::string text;
    std::string effect;
    std::string binding;      // `mandatory` | `recommended` (after escalation)
    std::string implementer;  // the implementing departments, joined with `、`
    std::string basis;
    std::optional<credo::because> because;
    std::optional<std::int64_t> objection;  // in `suspended` only: the pending objection
    // In `to_verify` only: the fact the implementer must verify before applying the measure,
    // and the query attribute that would have settled it (empty when none).
    std::string verify;
    std::string settled_by;
};

struct decision_subject {
    std::string id;    // normalised
    std::string kind;  // subject kind id
    std::string name;  // empty when the subject is not in the store (JSON `null`)
};

struct decision {
    decision_subject subject;
    std::string scenario;
    date as_of;
    std::string verdict;  // the strongest effect applied, or `none`
    bool escalated = false;
    // Fields of the subject's own black listings that count on the date and are not under a
    // pending objection, in field order: what escalation counts.
    std::vector<std::string> black_fields;
    // Fields of black listings that reach the subject only through a relation, or that are its
    // own but disputed; shown for the explanation, never counted for escalation.
    std::vector<std::string> reached_fields;
    std::vector<decision_measure> measures;  // applied, strongest effect first
    // Conditional measures whose condition the engine cannot see and the query did not settle:
    // the implementer verifies the fact before applying them (需核实). Never escalated.
    std::vector<decision_measure> to_verify;
    std::vector<decision_measure> suspended;
    std::vector<decision_measure> suppressed_incentives;
    std::string rules_version;
    std::optional<std::int64_t> check_id;  // when audited

    // Empties every field, keeping the capacity of strings and vectors.
    void clear();
    // The decision in the documented JSON shape (docs/engine.md), one line.
    std::string to_json() const;
};

// ---- the engine -------------------------------------------------------------------------------
class engine {
public:
    // Loads the rules, opens the store and builds the first snapshot.
    static result<engine> open(const engine_options &options);
    ~engine();  // flushes the audit trail
    engine(engine &&) noexcept;
    engine &operator=(engine &&) noexcept;
    engine(const engine &) = delete;
    engine &operator=(const engine &) = delete;

    // One must-query check into `out` (overwritten; its capacity is reused, so checks of
    // unlisted subjects allocate nothing once `out` has been used). On error `out` is cleared.
    status check(const query &q, decision &out) const;
    // Checks every query against one snapshot: `out[i]` and `statuses[i]` for `queries[i]`
    // (the three spans have one length). Returns the number of checks that succeeded.
    std::size_t check_batch(std::span<const query> queries, std::span<decision> out,
                            std::span<status> statuses) const;

    // Re-reads the rules and the store into a new snapshot and swaps it in. On error the
    // current snapshot stays.
    status reload();
    // Waits until every audited check so far is written; reports a failed write.
    status flush_audit();
    // `durable`, `batched`, or `off` when the engine does not audit.
    std::string_view audit_mode() const;

    std::string rules_version() const;
    std::int64_t store_version() const;

private:
    struct impl;
    explicit engine(std::unique_ptr<impl> i);
    std::unique_ptr<impl> impl_;
};

}  // namespace credo
