// SPDX-License-Identifier: Apache-2.0
// Licensing and penalty decisions (行政许可和行政处罚决定) and their publication, which is due
// within 7 working days of the decision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credo/calendar.hpp"
#include "store/store.hpp"

namespace credo::workflow {

struct decision_record {
    std::int64_t id = 0;
    std::string document;  // the decision's document number; identifies it
    std::string kind;      // `licensing` | `penalty`
    std::string subject_id;
    std::string subject_name;
    std::string department;
    date decided_on;
    std::optional<date> published_on;
};

struct decision_row_problem {
    std::uint64_t line = 0;
    std::string column;
    std::string reason;
};

struct decisions_import_result {
    std::size_t rows = 0;
    std::size_t inserted = 0;
    std::size_t published = 0;  // an already recorded decision whose publication date was filled in
    std::size_t unchanged = 0;
    std::vector<decision_row_problem> rejected;
};

// The CSV columns, in this order, with this header line.
inline constexpr std::string_view decisions_header =
    "document,kind,subject_id,subject_name,department,decided_on,published_on";

// Imports a decisions CSV (RFC 4180, header required). Valid rows are recorded in one
// transaction; every invalid row is reported with its line and column and nothing of it is kept.
// Importing a file again changes nothing; a row that repeats a document with a publication
// date where none was recorded fills it in; a row contradicting a recorded decision is rejected.
decisions_import_result import_decisions(store::store &db, std::string_view csv, std::string_view by);

// Every decision decided on `from <= d <= to` (either bound may be absent), by decision date.
std::vector<decision_record> decisions_between(store::store &db, std::optional<date> from, std::optional<date> to);

enum class publication_state { on_time, late, unpublished, overdue, uncovered };
std::string_view to_string(publication_state s);

struct publication_check {
    publication_state state = publication_state::on_time;
    std::optional<date> deadline;  // the last day to publish
};

// on_time / late for a published decision; unpublished (still in time on `today`) or overdue
// (past the deadline) for one without a publication date; uncovered when the calendar does not
// cover the days to count.
publication_check check_publication(const working_calendar &calendar, const decision_record &d, date today,
                                    int working_days = 7);

}  // namespace credo::workflow
