// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "workflow/feedback.hpp"
#include "workflow_fixture.hpp"

using namespace credo;
using namespace credo::workflow_test;

namespace {

std::int64_t audit(store::store &db, const std::string &subject, const std::string &scenario, const std::string &querier,
                   date as_of, const std::string &verdict) {
    store::check_record c;
    c.querier = querier;
    c.subject_id = subject;
    c.scenario = scenario;
    c.as_of = as_of;
    c.verdict = verdict;
    c.rules_version = "test";
    c.decision_digest = "-";
    return db.append_check(c);
}

const workflow::department_map no_departments;

store::feedback_record fb(std::int64_t check, const std::string &measure, const std::string &implementer,
                          store::feedback_outcome outcome, const std::string &note = "") {
    return {check, measure, implementer, outcome, note};
}

}  // namespace

TEST_CASE("declining a mandatory measure needs a reason; a recommended one does not") {
    world w;
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto bidding = audit(db, org1, "public_bidding", "自然资源局", date::from_ymd(2026, 7, 2), "restrict");
    auto bonds = audit(db, org1, "bond_issuance", "发展改革委", date::from_ymd(2026, 7, 2), "strict_review");
    using O = store::feedback_outcome;
    auto refused = workflow::record_feedback(db, *w.rules, no_departments, fb(bidding, "memo_tax.01", "自然资源局", O::declined, "  "));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "declining mandatory measure `memo_tax.01` needs a reason in the note");
    CHECK(workflow::record_feedback(db, *w.rules, no_departments, fb(bidding, "memo_tax.01", "自然资源局", O::declined, "合同已签订，依法不能撤销")));
    CHECK(workflow::record_feedback(db, *w.rules, no_departments, fb(bonds, "memo_tax.02", "发展改革委", O::declined)));
    CHECK(workflow::record_feedback(db, *w.rules, no_departments, fb(bidding, "memo_tax.01", "自然资源局", O::applied)));
}

TEST_CASE("a recommended punishment measure is mandatory for a subject escalated by two black fields") {
    world w;
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    w.list(db, "test_food", org1, "2026-07-01", "食〔2026〕1号");
    auto bonds = audit(db, org1, "bond_issuance", "发展改革委", date::from_ymd(2026, 7, 2), "strict_review");
    auto r = workflow::record_feedback(db, *w.rules, no_departments,
                                       fb(bonds, "memo_tax.02", "发展改革委", store::feedback_outcome::declined));
    REQUIRE_FALSE(r);
    CHECK(r.error().find("declining mandatory measure `memo_tax.02`") == 0);
    // Before the second listing the same measure was only recommended.
    auto early = audit(db, org1, "bond_issuance", "发展改革委", date::from_ymd(2026, 6, 30), "none");
    auto stored = db.find_check(early);
    REQUIRE(stored);
    CHECK(workflow::mandatory_in_check(db, *w.rules, *stored, "memo_tax.02") == false);
    // A conditional measure stays recommended however many fields the subject is on.
    auto exit = audit(db, org1, "exit_control", "测试公安局", date::from_ymd(2026, 7, 2), "restrict");
    auto exit_check = db.find_check(exit);
    REQUIRE(exit_check);
    CHECK(workflow::mandatory_in_check(db, *w.rules, *exit_check, "memo_tax.03") == true);
    CHECK(workflow::mandatory_in_check(db, *w.rules, *exit_check, "memo_tax.04") == false);
}

TEST_CASE("feedback names a known measure of the check's scenario and one of its implementers") {
    world w;
    auto db = w.open();
    auto check = audit(db, org1, "public_bidding", "自然资源局", date::from_ymd(2026, 7, 2), "none");
    using O = store::feedback_outcome;
    auto unknown = workflow::record_feedback(db, *w.rules, no_departments, fb(check, "memo_tax.1", "自然资源局", O::applied));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error() == "unknown measure `memo_tax.1`; did you mean `memo_tax.01`?");
    auto scenario = workflow::record_feedback(db, *w.rules, no_departments, fb(check, "memo_tax.02", "发展改革委", O::applied));
    REQUIRE_FALSE(scenario);
    CHECK(scenario.error() == "measure `memo_tax.02` does not apply in scenario `public_bidding` of check 1");
    auto who = workflow::record_feedback(db, *w.rules, no_departments, fb(check, "memo_tax.01", "公安局", O::applied));
    REQUIRE_FALSE(who);
    CHECK(who.error() == "`公安局` does not implement measure `memo_tax.01`: its implementers are `自然资源局`, and "
                        "departments.csv does not say `公安局` acts for any of them");
    auto missing = workflow::record_feedback(db, *w.rules, no_departments, fb(99, "memo_tax.01", "自然资源局", O::applied));
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == "no check 99");
}

TEST_CASE("credo feedback refuses a declined mandatory measure without a note, exit 2") {
    world w;
    {
        auto db = w.open();
        audit(db, org1, "public_bidding", "自然资源局", date::from_ymd(2026, 7, 2), "restrict");
    }
    auto base = std::vector<std::string>{"feedback", "--db", w.db_path, "--rules", w.rules_dir, "--check", "1",
                                         "--measure", "memo_tax.01", "--implementer", "自然资源局", "--outcome", "declined"};
    auto r = test::run_credo(base);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "credo: declining mandatory measure `memo_tax.01` needs a reason in the note\n");
    base.insert(base.end(), {"--note", "已签约"});
    auto ok = test::run_credo(base);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "recorded feedback 1 on check 1\n");
}

TEST_CASE("a county department reports for the national implementer it acts for in departments.csv") {
    world w;
    test::write_file(workflow::departments_path(w.rules_dir), "department,acts_for\n县自然资源局,自然资源局\n");
    auto departments = workflow::department_map::load(w.rules_dir, *w.rules);
    REQUIRE(departments);
    CHECK(departments->size() == 1);
    CHECK(departments->acts_for("县自然资源局", "自然资源局"));
    CHECK(departments->acts_for("自然资源局", "自然资源局"));
    CHECK_FALSE(departments->acts_for("县自然资源局", "发展改革委"));
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto bidding = audit(db, org1, "public_bidding", "县自然资源局", date::from_ymd(2026, 7, 2), "restrict");
    using O = store::feedback_outcome;
    CHECK(workflow::record_feedback(db, *w.rules, *departments, fb(bidding, "memo_tax.01", "县自然资源局", O::applied)));
    // Acting for the implementer does not lift the rule on declining a mandatory measure.
    auto refused = workflow::record_feedback(db, *w.rules, *departments,
                                             fb(bidding, "memo_tax.01", "县自然资源局", O::declined));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "declining mandatory measure `memo_tax.01` needs a reason in the note");
    // Without the file the county department is not an implementer.
    auto stranger = workflow::record_feedback(db, *w.rules, no_departments,
                                              fb(bidding, "memo_tax.01", "县自然资源局", O::applied));
    CHECK_FALSE(stranger);
}

TEST_CASE("departments.csv: a missing file is an empty map, each bad row is named by line") {
    world w;
    std::string path = workflow::departments_path(w.rules_dir);
    auto none = workflow::department_map::load(w.rules_dir, *w.rules);
    REQUIRE(none);
    CHECK(none->size() == 0);
    auto error_of = [&](const std::string &text) {
        test::write_file(path, text);
        auto loaded = workflow::department_map::load(w.rules_dir, *w.rules);
        REQUIRE_FALSE(loaded);
        return loaded.error();
    };
    CHECK(error_of("") == path + ":1: the file is empty; expected the header `department,acts_for`");
    CHECK(error_of("dept,implementer\n") == path + ":1: expected the header `department,acts_for`");
    CHECK(error_of("department,acts_for\n县自然资源局,自然资源部\n") ==
          path + ":2: `自然资源部` is not the implementer of any measure in the rules");
    CHECK(error_of("department,acts_for\n县自然资源局\n") ==
          path + ":2: the row has 1 fields; expected `department,acts_for`");
    CHECK(error_of("department,acts_for\n,自然资源局\n") == path + ":2: the department is empty");
    CHECK(error_of("department,acts_for\n县自然资源局,\n") == path + ":2: `acts_for` is empty");
    CHECK(error_of("department,acts_for\n县自然资源局,自然资源局\n\n县自然资源局,自然资源局\n") ==
          path + ":4: `县自然资源局` acting for `自然资源局` is already stated");
    CHECK(error_of("department,acts_for\n\"县自然资源局,自然资源局\n").starts_with(path + ":2: "));
    CHECK(error_of("department,acts_for\n\xe5\x8e,自然资源局\n") == path + ": invalid UTF-8 at byte 20");
}

TEST_CASE("credo feedback accepts a county department named in departments.csv") {
    world w;
    {
        auto db = w.open();
        audit(db, org1, "public_bidding", "县自然资源局", date::from_ymd(2026, 7, 2), "restrict");
    }
    auto args = std::vector<std::string>{"feedback", "--db", w.db_path, "--rules", w.rules_dir, "--check", "1",
                                         "--measure", "memo_tax.01", "--implementer", "县自然资源局",
                                         "--outcome", "applied"};
    auto refused = test::run_credo(args);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("departments.csv does not say `县自然资源局` acts for any of them") != std::string::npos);
    test::write_file(workflow::departments_path(w.rules_dir), "department,acts_for\n县自然资源局,自然资源局\n");
    auto ok = test::run_credo(args);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "recorded feedback 1 on check 1\n");
    test::write_file(workflow::departments_path(w.rules_dir), "department,acts_for\n县自然资源局,自然资源\n");
    auto broken = test::run_credo(args);
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("departments.csv:2: `自然资源` is not the implementer of any measure in the rules") !=
          std::string::npos);
}
