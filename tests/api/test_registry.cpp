// SPDX-License-Identifier: Apache-2.0
// The registry's lifecycle calls and lint on a real store, with the workflow tests' fixture.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "credo/registry.hpp"
#include "workflow_fixture.hpp"

using namespace credo::workflow_test;

namespace {

credo::registry open_registry(const world &w) {
    credo::engine_options o;
    o.rules_dir = w.rules_dir;
    o.db_path = w.db_path;
    auto r = credo::registry::open(o);
    REQUIRE_MESSAGE(r, r.error().message);
    return std::move(*r);
}

credo::date day(const char *text) { return *credo::date::parse(text); }

}  // namespace

TEST_CASE("registry: an objection suspends, its resolution is recorded once, unknown ids are not_found") {
    world w;
    std::int64_t entry = 0;
    {
        auto db = w.open();
        entry = w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    }
    auto r = open_registry(w);
    auto opened = r.open_objection({entry, day("2026-07-02"), "申请人", "名称登记有误"});
    REQUIRE_MESSAGE(opened, opened.error().message);
    CHECK(*opened > 0);

    auto missing = r.open_objection({entry + 100, day("2026-07-02"), "申请人", "理由"});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == credo::error_code::not_found);
    auto blank = r.open_objection({entry, day("2026-07-02"), "", "理由"});
    REQUIRE_FALSE(blank);
    CHECK(blank.error().code == credo::error_code::invalid_argument);

    credo::objection_resolution resolution{*opened, credo::objection_outcome::dismissed, day("2026-07-10"), "县税务局",
                                           "核实无误"};
    CHECK(r.resolve_objection(resolution));
    auto again = r.resolve_objection(resolution);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == credo::error_code::illegal_state);
    resolution.objection_id = *opened + 100;
    CHECK(r.resolve_objection(resolution).error().code == credo::error_code::not_found);
}

TEST_CASE("registry: feedback follows the workflow's rules and the changes feed pages from a cursor") {
    world w;
    {
        auto db = w.open();
        w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
        w.list(db, "test_tax", person1, "2026-07-02", "税〔2026〕2号");
    }
    credo::test::write_file(w.rules_dir + "/departments.csv", "department,acts_for\n县自然资源局,自然资源局\n");
    auto r = open_registry(w);
    credo::query q;
    q.subject = org1;
    q.scenario = "public_bidding";
    q.as_of = day("2026-07-02");
    q.querier = "县自然资源局";
    credo::decision d;
    REQUIRE(r.engine().check(q, d));
    REQUIRE(d.check_id);

    credo::feedback_filing f{*d.check_id, "memo_tax.01", "县自然资源局", credo::feedback_outcome::declined, ""};
    auto refused = r.record_feedback(f);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == credo::error_code::invalid_argument);
    CHECK(refused.error().message.find("needs a reason") != std::string::npos);
    f.note = "合同已签订";
    auto recorded = r.record_feedback(f);
    REQUIRE_MESSAGE(recorded, recorded.error().message);
    f.check_id = *d.check_id + 1000;
    CHECK(r.record_feedback(f).error().code == credo::error_code::not_found);

    auto first = r.read_changes({0, "自然资源局", 1});
    REQUIRE_MESSAGE(first, first.error().message);
    CHECK(first->count == 1);
    CHECK(first->more);
    CHECK(nlohmann::json::parse(first->json)["changes"][0]["subject"]["id"] == org1);
    auto rest = r.read_changes({first->cursor, "", 0});
    REQUIRE(rest);
    CHECK(rest->cursor == 2);
    CHECK_FALSE(rest->more);
    // The free function answers the same, compiling the rules itself.
    auto same = credo::read_changes(w.db_path, w.rules_dir, {0, "自然资源局", 1});
    REQUIRE(same);
    CHECK(same->json == first->json);
    CHECK(r.read_changes({-1, "", 0}).error().code == credo::error_code::invalid_argument);
}

TEST_CASE("lint reports each problem with its place, and an unreadable directory as a rule error") {
    world w;
    auto clean = credo::lint(w.rules_dir);
    REQUIRE(clean);
    CHECK(clean->errors == 0);
    credo::test::write_file(w.rules_dir + "/broken.credo", "memorandum {\n");
    auto broken = credo::lint(w.rules_dir);
    REQUIRE(broken);
    CHECK(broken->errors > 0);
    const auto &first = broken->diagnostics.front();
    CHECK(first.severity == credo::severity::error);
    CHECK(first.file.find("broken.credo") != std::string::npos);
    CHECK(first.line == 1);
    CHECK_FALSE(first.rendered.empty());
    auto none = credo::lint(w.dir.file("does-not-exist"));
    REQUIRE_FALSE(none);
    CHECK(none.error().code == credo::error_code::rule_error);
}
