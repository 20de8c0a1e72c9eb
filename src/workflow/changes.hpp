// SPDX-License-Identifier: Apache-2.0
// Push (信息推送): the listing, repair, revocation, objection and relation events since a cursor
// that concern an implementing department, with the measures it must now apply or stop applying.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sema/rule_set.hpp"
#include "store/store.hpp"
#include "workflow/departments.hpp"

namespace credo::workflow {

enum class push_action { apply, stop };
std::string_view to_string(push_action a);  // `apply`, `stop`

struct pushed_measure {
    std::string memorandum;
    std::string measure;
    std::string text;
    std::string effect;
    std::string binding;
    std::string implementer;  // the measure's implementers joined with `、`
    std::vector<std::string> scenarios;
    // Set when the measure's condition needs facts only a check supplies (an attribute, the
    // credit rating): the implementer decides case by case.
    std::string condition;
};

// One subject an event concerns and what to do about it.
struct change {
    std::int64_t seq = 0;
    std::string at;
    std::string event;  // the store's event kind: listed, repaired, revoked, objection_opened, ...
    push_action action = push_action::apply;
    std::optional<date> effective_on;
    std::int64_t entry_id = 0;
    std::string list;
    std::string document;
    std::string initiator;
    date listed_on;
    std::optional<date> expires_on;  // empty: no end date
    std::string listed_subject;  // the listed subject (normalised id)
    std::string listed_subject_kind;
    std::string subject;         // whom the measures concern: the listed subject or one reached through a relation
    std::string subject_kind;
    std::string subject_name;
    std::string via_role;  // empty when `subject` is the listed subject
    std::optional<std::int64_t> objection_id;
    std::optional<std::int64_t> repair_id;
    std::optional<std::int64_t> relation_id;
    std::vector<pushed_measure> measures;
};

struct changes_options {
    std::int64_t since = 0;        // the cursor returned by the previous call; 0 for everything
    std::string implementer;       // empty: every implementer
    // Who acts for whom (rules/departments.csv): with it a county department receives the
    // measures of the national implementers it acts for. Null: names must match exactly.
    const department_map *departments = nullptr;
    std::size_t limit = 0;         // most events read; 0: all
};

struct changes_result {
    std::int64_t since = 0;
    // The cursor for the next call: the last event read (whether or not it concerned the
    // implementer), or `since` when there was none.
    std::int64_t cursor = 0;
    std::size_t events_read = 0;
    bool more = false;  // the limit stopped the read before the newest event
    std::vector<change> changes;
};

// Reads the events after `since` in one read transaction (so the cursor and what is reported
// are one consistent state) and expands each into the subjects and measures it concerns.
// INVARIANT: event sequence numbers are allocated inside the writer's transaction under
// SQLite's single write lock, so they become visible in increasing order without gaps to be
// filled later; a cursor never skips an event committed after it was returned.
changes_result changes_since(store::store &db, const sema::rule_set &rules, const changes_options &options);

// The documented JSON shape (docs/workflow.md). `show_ids`: personal IDs unmasked.
std::string to_json(const changes_result &r, bool show_ids);
// A human-readable listing ending with the cursor line.
std::string to_text(const changes_result &r, bool show_ids);

}  // namespace credo::workflow
