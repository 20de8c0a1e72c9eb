// SPDX-License-Identifier: Apache-2.0
// What the store's own modules share: the connection, the clock, row validation, events.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace credo::store {

struct store::impl {
    sql::connection db;
    std::function<std::string()> clock;
    std::string now() const { return clock(); }
};

// The fields of a list row as read from CSV or typed by hand.
struct entry_fields {
    std::string_view subject_id, subject_name, listed_on, expires_on, document, initiator, reason;
    std::string_view established_on = {};  // optional column; empty when absent
};
struct valid_entry {
    std::string subject_id;
    std::string kind;
    date listed_on;
    std::optional<date> expires_on;  // empty: no end date
    std::optional<date> established_on;
};
std::optional<field_problem> validate_entry(const catalog &rules, std::string_view list_id, const list_info &list,
                                            const entry_fields &in, valid_entry &out);

struct relation_fields {
    std::string_view person_id, person_name, org_id, role, since, until;
    std::string_view established_on = {};  // the organisation's; optional column, empty when absent
};
struct valid_relation {
    std::string person_id;
    std::string org_id;
    std::string org_kind;
    date since;
    std::optional<date> until;
    std::optional<date> org_established_on;
};
std::optional<field_problem> validate_relation(const catalog &rules, const relation_fields &in, valid_relation &out);

// Appends one event; the caller holds the write transaction.
void record_event(sql::connection &db, std::string_view at, std::string_view kind, std::optional<std::int64_t> entry,
                  std::optional<std::int64_t> objection, std::optional<std::int64_t> repair,
                  std::optional<std::int64_t> relation, std::optional<date> effective_on);

// Records a subject, or fills in its name when only the identifier was known; never renames.
void insert_subject(sql::connection &db, std::string_view id, std::string_view kind, std::string_view name,
                    std::string_view at);

// One event for a batch of consecutive entry (or relation) ids.
void record_batch_event(sql::connection &db, std::string_view at, std::string_view kind, std::int64_t first,
                        std::int64_t last, bool relations);

std::string utc_timestamp();
date parse_stored_date(std::string_view text);
std::optional<date> parse_stored_optional_date(const sql::statement &s, int column);

}  // namespace credo::store
