// SPDX-License-Identifier: Apache-2.0
// The subject store: lists, entries, subjects, relations, objections, repairs, the audit trail
// and feedback, kept in SQLite behind this narrow interface (no SQLite type crosses it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"
#include "store/catalog.hpp"
#include "store/error.hpp"

namespace credo::store {

namespace sql {
class connection;
}

// The newest schema this build writes; databases at a higher version are refused.
int latest_schema_version();

enum class entry_status { active, repaired, revoked };
enum class objection_status { pending, accepted, dismissed };
enum class feedback_outcome { applied, not_applicable, declined };
// Why an entry left early: a credit repair (信用修复), or performance (履行完毕) recorded on a
// list whose entries end with it (list_info::exits_on_performance).
enum class repair_kind { repair, performance };

std::string_view to_string(entry_status s);
std::string_view to_string(objection_status s);
std::string_view to_string(feedback_outcome o);
std::string_view to_string(repair_kind k);  // `repair`, `performance`
std::optional<entry_status> entry_status_from_string(std::string_view text);
std::optional<objection_status> objection_status_from_string(std::string_view text);
std::optional<feedback_outcome> feedback_outcome_from_string(std::string_view text);

struct subject {
    std::string id;    // normalised credit code or resident ID
    std::string kind;  // ids::subject_kind name
    std::string name;
    std::optional<date> established_on;  // an organisation's establishment date (成立日期), when a file gave it
};

struct entry {
    std::int64_t id = 0;
    std::string list_id;
    std::string subject_id;
    date listed_on;
    // Exclusive: the entry counts on listed_on <= d < expires_on. Empty: no end date, the entry
    // counts until it is repaired or revoked.
    std::optional<date> expires_on;
    std::string document;
    std::string initiator;
    std::string reason;
    entry_status status = entry_status::active;
    std::optional<date> status_on;  // repaired or revoked: the first day it no longer counts
    std::string status_by;
    std::string status_reason;
    std::string recorded_by;
    std::string recorded_at;  // UTC timestamp
};

struct relation {
    std::int64_t id = 0;
    std::string person_id;
    std::string org_id;
    std::string role;
    date since;
    std::optional<date> until;  // exclusive
};

struct objection {
    std::int64_t id = 0;
    std::int64_t entry_id = 0;
    date filed_on;
    std::string filed_by;
    std::string grounds;
    objection_status status = objection_status::pending;
    std::optional<date> resolved_on;
    std::string resolved_by;
    std::string resolution;
};

struct repair {
    std::int64_t id = 0;
    std::int64_t entry_id = 0;
    date repaired_on;
    std::string reason;
    std::string approved_by;
    repair_kind kind = repair_kind::repair;
};

// One must-query check for the audit trail (查询留痕).
struct check_record {
    std::string at;  // UTC timestamp; filled in by the store when empty
    std::string querier;
    std::string subject_id;
    std::string scenario;
    date as_of;
    std::string verdict;
    std::string rules_version;
    std::int64_t store_version = 0;
    std::string decision_digest;
};

// The verdict of a row recording a check id that was handed out (an engine in batched audit mode
// reserves ids ahead of writing) but whose row was never written: the engine stopped first.
// Such rows keep the chain gapless and the id from being handed out again (docs/audit.md).
inline constexpr std::string_view lost_check_verdict = "lost";

struct stored_check : check_record {
    std::int64_t id = 0;
    std::string prev_hash;
    std::string hash;
};

struct feedback_record {
    std::int64_t check_id = 0;
    std::string measure_id;
    std::string implementer;
    feedback_outcome outcome = feedback_outcome::applied;
    std::string note;
};

// A change to what checks see, in commit order; `seq` is the cursor of `credo changes`.
struct event {
    std::int64_t seq = 0;
    std::string at;    // UTC timestamp of the write
    std::string kind;  // listed, revoked, repaired, objection_opened, objection_accepted,
                       // objection_dismissed, relation_added
    std::optional<std::int64_t> entry_id;
    // An import batch records one event for the entries (or relations) it added:
    // ids entry_id..last_entry_id, consecutive because a batch holds the write lock.
    std::optional<std::int64_t> last_entry_id;
    std::optional<std::int64_t> objection_id;
    std::optional<std::int64_t> repair_id;
    std::optional<std::int64_t> relation_id;
    std::optional<std::int64_t> last_relation_id;
    std::optional<date> effective_on;  // the day the change takes effect; empty for batches
};

struct audit_report {
    std::int64_t rows = 0;
    bool ok = true;
    std::optional<std::int64_t> first_bad_id;  // the first row whose hash does not match
    std::string problem;
};

struct open_options {
    bool create = true;
    bool read_only = false;
    // Source of `recorded_at` timestamps; defaults to the system clock (UTC, milliseconds).
    std::function<std::string()> clock;
    // How long a statement waits for another connection's write lock before failing.
    int busy_timeout_ms = 10000;
};

struct new_entry {
    std::string list_id;
    std::string subject_id;  // as typed; validated and normalised
    std::string subject_name;
    std::string listed_on;   // YYYY-MM-DD
    // YYYY-MM-DD, or empty: listed_on + the list's default term in force on listed_on, or no
    // end date when the list has none then.
    std::string expires_on;
    std::string document;
    std::string initiator;
    std::string reason;
    std::string by;  // who records it
    // YYYY-MM-DD or empty: the organisation's establishment date (成立日期). Kept when the store
    // has none for the subject yet; a date already kept is never replaced.
    std::string established_on = {};
};

struct new_relation {
    std::string person_id;
    std::string person_name;
    std::string org_id;
    std::string org_name;
    std::string role;
    std::string since;
    std::string until;  // may be empty
    std::string by;
    std::string established_on = {};  // the organisation's, as in new_entry; may be empty
};

// What a row import or a hand entry found wrong: the column and the reason.
struct field_problem {
    std::string column;
    std::string reason;
};

class store {
public:
    // Opens the database, applying pending migrations (each in its own transaction). Throws
    // store::error when it cannot be opened or was written by a newer credo.
    static store open(const std::string &path, const open_options &options = {});
    ~store();
    store(store &&) noexcept;
    store &operator=(store &&) noexcept;

    int schema_version();
    // The sequence number of the last change; checks record it as the store version.
    std::int64_t data_version();

    // Hand listing; validated like an imported row. Returns the entry id (the existing one if
    // the same entry is already recorded).
    result<std::int64_t> add_entry(const catalog &rules, const new_entry &e);
    status revoke_entry(std::int64_t entry_id, date on, std::string_view by, std::string_view reason);
    result<std::int64_t> add_relation(const catalog &rules, const new_relation &r);

    // pending → accepted (the entry is revoked from the resolution date) | dismissed.
    result<std::int64_t> open_objection(std::int64_t entry_id, date filed_on, std::string_view by,
                                        std::string_view grounds);
    status resolve_objection(std::int64_t objection_id, objection_status outcome, date on, std::string_view by,
                             std::string_view resolution);
    // Credit repair (信用修复): an active entry leaves early, status repaired from `on`. Refused
    // before listed_on + the list's minimum publication period in force on listed_on
    // (list_info::repair_after_on), with a message citing the rule that sets it.
    result<std::int64_t> record_repair(const catalog &rules, std::int64_t entry_id, date on, std::string_view reason,
                                       std::string_view approved_by);
    // Performance (履行完毕) on a list whose entries end with it (list_info::exits_on_performance):
    // recorded as a repair of kind `performance` whose reason is `履行完毕` (followed by `note`
    // when given); the entry stops counting from `on`. Never refused for the minimum
    // publication period; refused on any other list.
    result<std::int64_t> record_performance(const catalog &rules, std::int64_t entry_id, date on, std::string_view by,
                                            std::string_view note = {});
    result<std::int64_t> record_feedback(const feedback_record &f);

    std::optional<subject> find_subject(std::string_view id);
    std::optional<entry> find_entry(std::int64_t id);
    std::optional<objection> find_objection(std::int64_t id);
    std::vector<entry> entries_of(std::string_view subject_id);
    std::vector<relation> relations_of(std::string_view subject_id);  // as person or organisation
    std::vector<objection> objections_of(std::string_view subject_id);
    std::vector<repair> repairs_of(std::string_view subject_id);
    std::vector<event> events_since(std::int64_t seq, std::size_t limit);

    // Bulk reads for building the engine's snapshot, in one consistent read transaction per
    // call to `read`: the callbacks see each row once, in storage order. The string_views in
    // a row are valid during the callback only.
    struct entry_row {
        std::int64_t id;
        std::string_view list_id;
        std::int64_t subject;  // the subject's number (subject_row::number)
        date listed_on;
        std::optional<date> expires_on;  // empty: no end date
        entry_status status;
        std::optional<date> status_on;
        std::string_view document;
    };
    struct relation_row {
        std::int64_t id;
        std::string_view person_id;
        std::string_view org_id;
        std::string_view role;
        date since;
        std::optional<date> until;
    };
    struct subject_row {
        std::int64_t number;  // the subject's number in this database, which entries refer to
        std::string_view id;
        std::string_view kind;
        std::string_view name;
        std::optional<date> established_on;  // an organisation's establishment date, when a file gave it
        date first_recorded;  // the date (UTC) the store first recorded the subject: subjects.recorded_at
    };
    class reader {
    public:
        std::int64_t data_version();
        std::int64_t count_entries(bool active_only);
        std::int64_t count_relations();
        std::int64_t count_subjects();
        // active_only: entries whose status is active (expiry is the engine's business, by date).
        void entries(bool active_only, const std::function<void(const entry_row &)> &fn);
        void relations(const std::function<void(const relation_row &)> &fn);
        void subjects(const std::function<void(const subject_row &)> &fn);
        void objections(const std::function<void(const objection &)> &fn);
        void repairs(const std::function<void(const repair &)> &fn);

    private:
        friend class store;
        explicit reader(sql::connection &db) : db_(&db) {}
        sql::connection *db_;
    };
    // Runs `fn` inside one read transaction, so every bulk read sees the same state.
    void read(const std::function<void(reader &)> &fn);

    // The audit trail: each row's hash covers its content and the previous row's hash.
    std::int64_t append_check(const check_record &c);
    // Many checks in one transaction; returns their ids, which follow the last row and every
    // reserved id (ids reserved but never written are first recorded as lost, as by
    // record_lost_checks).
    std::vector<std::int64_t> append_checks(std::span<const check_record> checks);
    // Reserves `count` check ids, committed, past every id written or reserved before; returns
    // the first. An engine in batched audit mode hands ids out before their rows are written.
    std::int64_t reserve_check_ids(std::int64_t count);
    // Appends checks under ids reserved before: first_id, first_id + 1, ... Throws store::error,
    // writing nothing, unless first_id follows the last row (another writer came between). In
    // the same transaction the reservation is extended to `reserve_through` (when higher).
    void append_reserved_checks(std::int64_t first_id, std::span<const check_record> checks,
                                std::int64_t reserve_through);
    // Gives back the reserved ids past both the last row and `handed_out_through` (the last id
    // the closing engine handed out), when the reservation still ends at `reserved_through`
    // (nobody reserved more meanwhile), so that ids never handed out are not recorded as lost.
    // Ids handed out but not written (an engine whose writes failed) stay reserved: the next
    // engine records them as lost.
    void release_check_ids(std::int64_t reserved_through, std::int64_t handed_out_through);
    // Records every reserved id without a row as a row of verdict `lost_check_verdict`; returns
    // how many. Only while no engine that holds reserved ids is writing.
    std::int64_t record_lost_checks();
    // The highest check id written or reserved.
    std::int64_t last_reserved_check_id();
    std::optional<stored_check> find_check(std::int64_t id);
    audit_report verify_audit();

    std::string now();
    const std::string &path() const;

    // For the store's own modules (import); not part of the interface for other layers.
    struct impl;
    impl &internals() { return *impl_; }

private:
    explicit store(std::unique_ptr<impl> i);
    // record_repair and record_performance once their own arguments are checked.
    result<std::int64_t> end_early(const catalog &rules, std::int64_t entry_id, date on, std::string_view reason,
                                   std::string_view by, repair_kind kind);
    std::unique_ptr<impl> impl_;
};

// Validation shared by import and hand entry. On success `subject_id` is normalised and
// `kind` set; otherwise the problem names the column.
std::optional<field_problem> check_subject_id(std::string_view text, std::string &normalized, std::string &kind,
                                              std::string_view column = "subject_id", bool person_only = false,
                                              bool organisation_only = false);

// A text field: valid UTF-8 without control characters (NUL, ESC, C1; tab allowed, and line
// breaks when `multiline`), and when `required` neither empty nor only white space.
std::optional<field_problem> check_text(std::string_view column, std::string_view text, bool required,
                                        bool multiline = false);

namespace detail {
// For tests of the migration runner: applies `steps` (step i brings the schema to version
// i + 1) to an open database.
struct migration {
    const char *sql;
    void (*run)(sql::connection &db) = nullptr;  // after `sql`, in the same transaction
};
void migrate(sql::connection &db, std::span<const migration> steps);
// The store's own migrations, step i bringing the schema to version i + 1.
std::span<const migration> schema_migrations();
}  // namespace detail

}  // namespace credo::store
