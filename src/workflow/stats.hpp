// SPDX-License-Identifier: Apache-2.0
// Tracking statistics (跟踪问效) over a period: checks, hits, measures applied, feedback coverage
// and overdue feedback, objections, repairs, listings by field over time, late publications.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credo/date.hpp"
#include "sema/rule_set.hpp"
#include "store/store.hpp"

namespace credo::workflow {

enum class period_bucket { month, quarter };

struct stats_options {
    // The period, both ends inclusive; an absent end is open. Checks and feedback count by the
    // day (China Standard Time, UTC+8) they were recorded; objections by the day filed or
    // resolved; repairs, listings and decisions by their own dates.
    std::optional<date> from;
    std::optional<date> to;
    // Re-evaluates the audited checks with these rules to know which measures each one applied
    // (the audit trail keeps only a digest of the decision); empty: no coverage or overdue figures.
    std::string rules_dir;
    // The working-day calendar for late publications; empty: no publication figures.
    std::string calendar_dir;
    int feedback_days = 10;  // calendar days after a check within which its feedback is due
    int publication_days = 7;
    date today = date::today();
    period_bucket bucket = period_bucket::month;
};

struct count_row {
    std::string key;
    std::int64_t count = 0;
    friend bool operator==(const count_row &, const count_row &) = default;
};

// One applied measure of an audited check that has no feedback after its due date.
struct overdue_item {
    std::int64_t check_id = 0;
    date checked_on;
    date due_on;
    std::string querier;
    std::string measure;
    std::string memorandum;
    std::string department;  // who owes the feedback: the querier when it implements the measure, else its implementers
};

struct listing_row {
    std::string period;  // `2026-07` or `2026Q3`
    std::string field;   // the list's field (the list id when no rules were given)
    std::int64_t count = 0;
};

struct late_publication {
    std::string document;
    std::string kind;
    std::string department;
    date decided_on;
    std::optional<date> published_on;
    std::optional<date> deadline;
    std::string state;  // late | overdue
};

struct stats {
    std::optional<date> from, to;
    date today;

    std::int64_t checks = 0;
    std::int64_t hits = 0;  // checks whose verdict is not `none`
    std::vector<count_row> checks_by_querier;   // descending count, then key
    std::vector<count_row> checks_by_scenario;

    std::int64_t feedback = 0;  // feedback recorded in the period
    std::vector<count_row> feedback_by_outcome;  // applied, not_applicable, declined (always all three)
    std::vector<count_row> applied_by_memorandum;
    std::vector<count_row> applied_by_implementer;

    bool coverage_known = false;  // rules were given
    std::int64_t expected_feedback = 0;  // (check, measure) pairs of the period's checks owing feedback
    std::int64_t covered_feedback = 0;
    std::int64_t overdue_feedback = 0;
    std::int64_t rechecks_differing = 0;  // re-evaluated decisions whose digest differs from the audited one
    std::vector<count_row> overdue_by_department;
    std::vector<overdue_item> overdue;

    std::int64_t objections_opened = 0;
    std::int64_t objections_accepted = 0;   // upheld
    std::int64_t objections_dismissed = 0;  // rejected
    std::int64_t objections_pending = 0;    // at the end of the period
    std::optional<double> median_days_to_resolve;
    std::int64_t repairs = 0;

    std::int64_t listings = 0;
    std::vector<count_row> listings_by_field;
    std::vector<listing_row> listings_over_time;  // by period then field

    bool publications_known = false;  // a calendar was given
    std::string publications_problem;  // why publication figures are missing
    std::int64_t decisions = 0;
    std::int64_t published_on_time = 0;
    std::int64_t published_late = 0;
    std::int64_t unpublished = 0;        // not yet published, still in time
    std::int64_t unpublished_overdue = 0;
    std::int64_t uncovered = 0;          // the calendar does not cover the days to count
    std::vector<late_publication> late;  // late and overdue
};

// Throws store::error for a database problem; a rules or calendar directory that cannot be
// used leaves its figures unknown, with the reason in `publications_problem` or as an exception
// (std::runtime_error) for the rules.
stats compute_stats(store::store &db, const sema::rule_set *rules, const stats_options &options);

std::string to_json(const stats &s);
std::string to_text(const stats &s);

// The China Standard Time (UTC+8) day of a stored UTC timestamp `YYYY-MM-DDTHH:MM:SS...Z`.
date local_day(std::string_view utc_timestamp);
// `2026-07` or `2026Q3`.
std::string period_of(date d, period_bucket bucket);

}  // namespace credo::workflow
