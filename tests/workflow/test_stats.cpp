// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "credo/calendar.hpp"
#include "workflow/decisions.hpp"
#include "workflow/report.hpp"
#include "workflow/stats.hpp"
#include "workflow_fixture.hpp"

using namespace credo;
using namespace credo::workflow_test;

namespace {

const std::string calendar_dir = CREDO_SOURCE_DIR "/rules/calendar";

date d(int y, unsigned m, unsigned day) { return date::from_ymd(y, m, day); }

void audit(store::store &db, const std::string &at, const std::string &querier, const std::string &subject,
           const std::string &scenario, date as_of, const std::string &verdict) {
    store::check_record c;
    c.at = at;
    c.querier = querier;
    c.subject_id = subject;
    c.scenario = scenario;
    c.as_of = as_of;
    c.verdict = verdict;
    c.rules_version = "test";
    c.decision_digest = "-";
    db.append_check(c);
}

// The sample quarter 2026Q3, every figure counted by hand in the comments.
void build_sample(world &w) {
    auto db = w.open();
    // Listings: two in the quarter (tax in July, food_drug in August), one before it.
    auto e_org1 = w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto e_person1 = w.list(db, "test_food", person1, "2026-08-10", "食〔2026〕1号");
    auto e_person2 = w.list(db, "test_tax", person2, "2026-06-20", "税〔2026〕0号");
    // Checks, by China Standard Time day: c1 07-01, c2 07-16, c3 08-01, c4 07-01 (UTC 06-30
    // 17:30), c5 06-30 and c6 10-01 lie outside. In the quarter: 4 checks, 2 hits.
    audit(db, "2026-07-01T02:00:00.000Z", "自然资源局", org1, "public_bidding", d(2026, 7, 1), "restrict");  // 1
    audit(db, "2026-07-15T17:00:00.000Z", "自然资源局", org2, "public_bidding", d(2026, 7, 16), "none");    // 2
    audit(db, "2026-08-01T03:00:00.000Z", "发展改革委", org1, "bond_issuance", d(2026, 8, 1), "strict_review");  // 3
    audit(db, "2026-06-30T17:30:00.000Z", "公安局", org2, "public_bidding", d(2026, 7, 1), "none");         // 4
    audit(db, "2026-06-30T10:00:00.000Z", "自然资源局", org1, "public_bidding", d(2026, 6, 30), "none");     // 5
    audit(db, "2026-09-30T16:30:00.000Z", "自然资源局", org1, "public_bidding", d(2026, 10, 1), "restrict");  // 6
    // Feedback: c1's measure applied in July; c3's measure never gets any (overdue from 08-11).
    *w.clock = "2026-07-03T01:00:00.000Z";
    REQUIRE(db.record_feedback({1, "memo_tax.01", "自然资源局", store::feedback_outcome::applied, ""}));
    *w.clock = "2026-06-29T01:00:00.000Z";  // recorded before the quarter: not counted
    REQUIRE(db.record_feedback({5, "memo_tax.01", "自然资源局", store::feedback_outcome::not_applicable, ""}));
    // Objections: opened 07-05 dismissed 07-15 (10 days); opened 06-25 accepted 07-09 (14
    // days, resolved in the quarter); opened 09-20 still pending. Median (10 + 14) / 2 = 12.
    auto o1 = db.open_objection(e_org1, d(2026, 7, 5), "甲", "异议");
    REQUIRE(db.resolve_objection(*o1, store::objection_status::dismissed, d(2026, 7, 15), "税务局", "驳回"));
    auto o2 = db.open_objection(e_person2, d(2026, 6, 25), "乙", "异议");
    REQUIRE(db.resolve_objection(*o2, store::objection_status::accepted, d(2026, 7, 9), "税务局", "成立"));
    REQUIRE(db.open_objection(e_person1, d(2026, 9, 20), "丙", "异议"));
    // One repair in the quarter.
    REQUIRE(db.record_repair(w.catalog, e_org1, d(2026, 9, 1), "整改", "信用办"));
    // Decisions: on time, late, overdue, still in time (across National Day), outside.
    auto r = workflow::import_decisions(db,
                                        std::string(workflow::decisions_header) +
                                            "\n"
                                            "罚〔2026〕1号,penalty," + org1 + ",甲公司,市场监管局,2026-07-01,2026-07-10\n"
                                            "许〔2026〕2号,licensing," + org2 + ",乙公司,自然资源局,2026-07-01,2026-07-13\n"
                                            "罚〔2026〕3号,penalty," + org1 + ",甲公司,税务局,2026-09-01,\n"
                                            "许〔2026〕4号,licensing," + org2 + ",乙公司,自然资源局,2026-09-29,\n"
                                            "许〔2026〕5号,licensing," + org2 + ",乙公司,自然资源局,2026-06-30,2026-07-02\n",
                                        "test");
    REQUIRE(r.rejected.empty());
    CHECK(r.inserted == 5);
}

workflow::stats_options quarter_options(const world &w) {
    workflow::stats_options o;
    o.from = d(2026, 7, 1);
    o.to = d(2026, 9, 30);
    o.today = d(2026, 10, 5);
    o.rules_dir = w.rules_dir;
    o.calendar_dir = calendar_dir;
    return o;
}

}  // namespace

TEST_CASE("every statistic of the sample quarter matches the hand count") {
    world w;
    build_sample(w);
    auto db = w.open();
    auto s = workflow::compute_stats(db, w.rules.get(), quarter_options(w));
    using rows = std::vector<workflow::count_row>;
    CHECK(s.checks == 4);
    CHECK(s.hits == 2);
    CHECK(s.checks_by_querier == rows{{"自然资源局", 2}, {"公安局", 1}, {"发展改革委", 1}});
    CHECK(s.checks_by_scenario == rows{{"public_bidding", 3}, {"bond_issuance", 1}});
    CHECK(s.feedback == 1);
    CHECK(s.feedback_by_outcome == rows{{"applied", 1}, {"not_applicable", 0}, {"declined", 0}});
    CHECK(s.applied_by_memorandum == rows{{"memo_tax", 1}});
    CHECK(s.applied_by_implementer == rows{{"自然资源局", 1}});
    CHECK(s.coverage_known);
    CHECK(s.expected_feedback == 2);
    CHECK(s.covered_feedback == 1);
    CHECK(s.overdue_feedback == 1);
    CHECK(s.overdue_by_department == rows{{"发展改革委", 1}});
    REQUIRE(s.overdue.size() == 1);
    CHECK(s.overdue[0].check_id == 3);
    CHECK(s.overdue[0].measure == "memo_tax.02");
    CHECK(s.overdue[0].due_on == d(2026, 8, 11));
    CHECK(s.objections_opened == 2);
    CHECK(s.objections_accepted == 1);
    CHECK(s.objections_dismissed == 1);
    CHECK(s.objections_pending == 1);
    CHECK(s.median_days_to_resolve == 12.0);
    CHECK(s.repairs == 1);
    CHECK(s.listings == 2);
    CHECK(s.listings_by_field == rows{{"food_drug", 1}, {"tax", 1}});
    REQUIRE(s.listings_over_time.size() == 2);
    CHECK(s.listings_over_time[0].period == "2026-07");
    CHECK(s.listings_over_time[0].field == "tax");
    CHECK(s.listings_over_time[1].period == "2026-08");
    CHECK(s.listings_over_time[1].field == "food_drug");
    CHECK(s.publications_known);
    CHECK(s.decisions == 4);
    CHECK(s.published_on_time == 1);
    CHECK(s.published_late == 1);
    CHECK(s.unpublished_overdue == 1);
    CHECK(s.unpublished == 1);
    REQUIRE(s.late.size() == 2);
    CHECK(s.late[0].document == "许〔2026〕2号");
    CHECK(s.late[0].deadline == d(2026, 7, 10));
    CHECK(s.late[1].document == "罚〔2026〕3号");
    CHECK(s.late[1].state == "overdue");
}

TEST_CASE("feedback that arrives later covers the measure and clears the department") {
    world w;
    build_sample(w);
    auto db = w.open();
    *w.clock = "2026-10-02T01:00:00.000Z";
    REQUIRE(db.record_feedback({3, "memo_tax.02", "发展改革委", store::feedback_outcome::applied, ""}));
    auto s = workflow::compute_stats(db, w.rules.get(), quarter_options(w));
    CHECK(s.covered_feedback == 2);
    CHECK(s.overdue_feedback == 0);
    CHECK(s.overdue_by_department.empty());
    CHECK(s.feedback == 1);  // recorded after the quarter
}

TEST_CASE("listings over time group by quarter on request, and stats without rules group by list") {
    world w;
    build_sample(w);
    auto db = w.open();
    auto o = quarter_options(w);
    o.from.reset();
    o.bucket = workflow::period_bucket::quarter;
    o.rules_dir.clear();
    auto s = workflow::compute_stats(db, nullptr, o);
    CHECK_FALSE(s.coverage_known);
    REQUIRE(s.listings_over_time.size() == 3);
    CHECK(s.listings_over_time[0].period == "2026Q2");
    CHECK(s.listings_over_time[0].field == "test_tax");
    CHECK(s.listings_over_time[1].period == "2026Q3");
    CHECK(s.checks == 5);  // c5 joins when the period is open at the start
    CHECK(s.applied_by_memorandum == std::vector<workflow::count_row>{{"(unknown)", 1}});
}

TEST_CASE("a decision's publication deadline spans National Day and its make-up Saturday") {
    auto loaded = workflow::load_calendar(calendar_dir);
    REQUIRE(loaded.calendar);
    workflow::decision_record dec;
    dec.decided_on = d(2026, 9, 29);
    auto p = workflow::check_publication(*loaded.calendar, dec, d(2026, 10, 5));
    CHECK(p.deadline == d(2026, 10, 14));  // 09-30, 10-08, 10-09, 10-10 (Sat, work), 10-12, 10-13, 10-14
    CHECK(p.state == workflow::publication_state::unpublished);
    dec.published_on = d(2026, 10, 15);
    CHECK(workflow::check_publication(*loaded.calendar, dec, d(2026, 10, 20)).state == workflow::publication_state::late);
    dec.decided_on = d(2030, 1, 2);
    dec.published_on.reset();
    CHECK(workflow::check_publication(*loaded.calendar, dec, d(2030, 1, 5)).state ==
          workflow::publication_state::uncovered);
}

TEST_CASE("decision import reports every bad row with its line and column and is idempotent") {
    world w;
    auto db = w.open();
    std::string csv = std::string(workflow::decisions_header) + "\n" +
                      "罚1,penalty," + org1 + ",甲,局,2026-07-01,\n"
                      "罚2,fine," + org1 + ",甲,局,2026-07-01,\n"
                      "罚3,penalty,123,甲,局,2026-07-01,\n"
                      "罚4,penalty," + org1 + ",甲,局,2026-07-01,2026-06-01\n"
                      "罚5,penalty," + org1 + ",甲,局,2026-13-01,\n";
    auto r = workflow::import_decisions(db, csv, "test");
    CHECK(r.rows == 5);
    CHECK(r.inserted == 1);
    REQUIRE(r.rejected.size() == 4);
    CHECK(r.rejected[0].line == 3);
    CHECK(r.rejected[0].column == "kind");
    CHECK(r.rejected[0].reason == "kind `fine` is neither `licensing` nor `penalty`");
    CHECK(r.rejected[1].column == "subject_id");
    CHECK(r.rejected[2].reason == "published_on `2026-06-01` is before decided_on `2026-07-01`");
    CHECK(r.rejected[3].column == "decided_on");
    auto again = workflow::import_decisions(db, std::string(workflow::decisions_header) + "\n罚1,penalty," + org1 +
                                                    ",甲,局,2026-07-01,2026-07-03\n",
                                            "test");
    CHECK(again.published == 1);
    auto third = workflow::import_decisions(db, std::string(workflow::decisions_header) + "\n罚1,penalty," + org1 +
                                                    ",甲,局,2026-07-01,2026-07-03\n",
                                            "test");
    CHECK(third.unchanged == 1);
    auto bad_header = workflow::import_decisions(db, "a,b\n", "test");
    REQUIRE(bad_header.rejected.size() == 1);
    CHECK(bad_header.rejected[0].reason.find("expected `document,kind,") != std::string::npos);
}

TEST_CASE("the quarter and its report due date: the 6th day of the next quarter's first month") {
    auto q = workflow::parse_quarter("2026Q3");
    REQUIRE(q);
    CHECK(q->first_day() == d(2026, 7, 1));
    CHECK(q->last_day() == d(2026, 9, 30));
    CHECK(q->report_due() == d(2026, 10, 6));
    CHECK(workflow::parse_quarter("2026q4")->report_due() == d(2027, 1, 6));
    std::string why;
    CHECK_FALSE(workflow::parse_quarter("2026Q5", &why));
    CHECK(why == "`2026Q5` is not a quarter; write it like `2026Q3`");
}

TEST_CASE("credo stats --json prints the figures, credo decisions list exits 1 when a decision is late") {
    world w;
    build_sample(w);
    auto r = test::run_credo({"stats", "--db", w.db_path, "--rules", w.rules_dir, "--calendar", calendar_dir, "--from",
                              "2026-07-01", "--to", "2026-09-30", "--today", "2026-10-05", "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["checks"]["total"] == 4);
    CHECK(j["checks"]["hit_rate"] == 0.5);
    CHECK(j["feedback"]["overdue"] == 1);
    CHECK(j["objections"]["median_days_to_resolve"] == 12.0);
    CHECK(j["publications"]["late"] == 1);
    auto text = test::run_credo({"stats", "--db", w.db_path, "--rules", w.rules_dir, "--calendar", calendar_dir, "--from",
                                 "2026-07-01", "--to", "2026-09-30", "--today", "2026-10-05"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("checks: 4, hits 2 (50.0%)") != std::string::npos);
    auto list = test::run_credo({"decisions", "list", "--db", w.db_path, "--calendar", calendar_dir, "--today", "2026-10-05"});
    CHECK(list.exit_code == 1);
    CHECK(list.out.find("许〔2026〕2号  licensing  自然资源局  decided 2026-07-01  deadline 2026-07-10  published 2026-07-13  late") !=
          std::string::npos);
}
