// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::date;
using credo::test::temp_dir;

namespace {

date d(const char *text) { return *date::parse(text); }

struct env {
    temp_dir dir;
    catalog rules = test_catalog();
    store db = store::open(dir.file("s.db"), test_options());
    std::int64_t entry = add(org1);

    std::int64_t add(const std::string &id, const char *list = "major_tax_violation") {
        auto r = db.add_entry(rules, {list, id, "甲公司", "2024-01-01", "2027-01-01", "税稽〔2024〕1号", "税务局",
                                      "偷税", "operator"});
        REQUIRE_MESSAGE(r, r.error());
        return *r;
    }
};

}  // namespace

TEST_CASE("a hand listing is validated like an imported row and recorded with who and when") {
    env e;
    auto entry = e.db.find_entry(e.entry);
    REQUIRE(entry);
    CHECK(entry->recorded_by == "operator");
    CHECK(entry->recorded_at == "2026-01-02T03:04:05.678Z");
    auto bad = e.db.add_entry(e.rules, {"dishonest_enterprise", person1, "张伟", "2024-01-01", "", "d", "i", "r", "op"});
    CHECK(bad.error() == "subject kind `person` is not allowed on list `dishonest_enterprise` (it holds enterprise)");
    auto unknown = e.db.add_entry(e.rules, {"dishonest", org1, "x", "2024-01-01", "", "d", "i", "r", "op"});
    CHECK(unknown.error() == "unknown list `dishonest`; did you mean `dishonest_enterprise`?");
    auto same = e.add(org1);
    CHECK(same == e.entry);
}

TEST_CASE("revoking an entry records who, when and why, and only an active entry can be revoked") {
    env e;
    CHECK(e.db.revoke_entry(e.entry, d("2023-12-31"), "op", "wrong subject").error() ==
          "revocation date 2023-12-31 is before the entry was listed on 2024-01-01");
    REQUIRE(e.db.revoke_entry(e.entry, d("2024-03-01"), "op", "wrong subject"));
    auto entry = e.db.find_entry(e.entry);
    CHECK(entry->status == entry_status::revoked);
    CHECK(entry->status_on->to_string() == "2024-03-01");
    CHECK(entry->status_reason == "wrong subject");
    CHECK(e.db.revoke_entry(e.entry, d("2024-04-01"), "op", "again").error() ==
          "entry 1 is already revoked on 2024-03-01; only an active entry can be revoked");
    CHECK(e.db.revoke_entry(99, d("2024-04-01"), "op", "x").error() == "no entry 99");
    CHECK(e.db.revoke_entry(e.entry, d("2024-04-01"), "op", "").error() == "a revocation needs a reason");
}

TEST_CASE("an objection goes from pending to dismissed, and the entry stands") {
    env e;
    auto id = e.db.open_objection(e.entry, d("2024-02-01"), "甲公司", "已补缴税款");
    REQUIRE(id);
    CHECK(e.db.find_objection(*id)->status == objection_status::pending);
    REQUIRE(e.db.resolve_objection(*id, objection_status::dismissed, d("2024-02-10"), "税务局", "listing stands"));
    auto o = e.db.find_objection(*id);
    CHECK(o->status == objection_status::dismissed);
    CHECK(o->resolved_on->to_string() == "2024-02-10");
    CHECK(o->resolution == "listing stands");
    CHECK(e.db.find_entry(e.entry)->status == entry_status::active);
}

TEST_CASE("an accepted objection revokes the entry from the resolution date") {
    env e;
    auto id = e.db.open_objection(e.entry, d("2024-02-01"), "甲公司", "not us");
    REQUIRE(e.db.resolve_objection(*id, objection_status::accepted, d("2024-02-15"), "税务局", "mistaken identity"));
    auto entry = e.db.find_entry(e.entry);
    CHECK(entry->status == entry_status::revoked);
    CHECK(entry->status_on->to_string() == "2024-02-15");
    CHECK(entry->status_reason == "objection 1 accepted: mistaken identity");
    std::vector<std::string> kinds;
    for (const auto &ev : e.db.events_since(0, 10)) kinds.push_back(ev.kind);
    CHECK(kinds == std::vector<std::string>{"listed", "objection_opened", "objection_accepted", "revoked"});
}

TEST_CASE("illegal objection transitions are refused with a clear error") {
    env e;
    auto id = e.db.open_objection(e.entry, d("2024-02-01"), "甲公司", "grounds");
    REQUIRE(id);
    CHECK(e.db.open_objection(e.entry, d("2024-02-02"), "甲公司", "again").error() ==
          "entry 1 already has a pending objection (1)");
    CHECK(e.db.resolve_objection(*id, objection_status::pending, d("2024-02-10"), "x", "y").error() ==
          "an objection is resolved as `accepted` or `dismissed`, not `pending`");
    CHECK(e.db.resolve_objection(*id, objection_status::dismissed, d("2024-01-10"), "x", "y").error() ==
          "resolution date 2024-01-10 is before the objection was filed on 2024-02-01");
    REQUIRE(e.db.resolve_objection(*id, objection_status::dismissed, d("2024-02-10"), "x", "y"));
    CHECK(e.db.resolve_objection(*id, objection_status::accepted, d("2024-02-11"), "x", "y").error() ==
          "objection 1 was already dismissed on 2024-02-10; only a pending objection can be resolved");
    CHECK(e.db.resolve_objection(7, objection_status::accepted, d("2024-02-11"), "x", "y").error() == "no objection 7");
    CHECK(e.db.open_objection(e.entry, d("2023-02-01"), "甲公司", "g").error() ==
          "objection date 2023-02-01 is before the entry was listed on 2024-01-01");
    CHECK(e.db.open_objection(e.entry, d("2024-03-01"), "甲公司", "").error() == "an objection needs grounds");
    REQUIRE(e.db.revoke_entry(e.entry, d("2024-03-01"), "op", "withdrawn"));
    CHECK(e.db.open_objection(e.entry, d("2024-03-02"), "甲公司", "g").error() ==
          "entry 1 is revoked on 2024-03-01; there is nothing to object to");
}

TEST_CASE("a repair ends an active entry early and is refused on any other") {
    env e;
    CHECK(e.db.record_repair(e.rules, e.entry, d("2027-01-01"), "fixed", "信用办").error() ==
          "entry 1 expires on 2027-01-01; a repair on 2027-01-01 would change nothing");
    CHECK(e.db.record_repair(e.rules, e.entry, d("2023-01-01"), "fixed", "信用办").error() ==
          "repair date 2023-01-01 is before the entry was listed on 2024-01-01");
    CHECK(e.db.record_repair(e.rules, e.entry, d("2025-01-01"), "", "信用办").error() == "a repair needs a reason");
    auto r = e.db.record_repair(e.rules, e.entry, d("2025-01-01"), "已纠正失信行为并完成信用修复培训", "信用办");
    REQUIRE(r);
    auto entry = e.db.find_entry(e.entry);
    CHECK(entry->status == entry_status::repaired);
    CHECK(entry->status_on->to_string() == "2025-01-01");
    CHECK(e.db.repairs_of(org1).size() == 1);
    CHECK(e.db.record_repair(e.rules, e.entry, d("2025-02-01"), "again", "信用办").error() ==
          "entry 1 is already repaired on 2025-01-01; only an active entry can be repaired");
    CHECK(e.db.revoke_entry(e.entry, d("2025-02-01"), "op", "x").error() ==
          "entry 1 is already repaired on 2025-01-01; only an active entry can be revoked");
}

TEST_CASE("feedback is tied to an existing check") {
    env e;
    check_record c;
    c.querier = "自然资源局";
    c.subject_id = org1;
    c.scenario = "land_supply";
    c.as_of = d("2024-05-01");
    c.verdict = "restrict";
    c.rules_version = "v";
    c.decision_digest = "digest";
    auto check = e.db.append_check(c);
    auto f = e.db.record_feedback({check, "tax_2016.07", "自然资源局", feedback_outcome::declined, "项目已终止"});
    REQUIRE(f);
    CHECK(e.db.record_feedback({check + 1, "tax_2016.07", "x", feedback_outcome::applied, ""}).error() ==
          "no check 2");
    CHECK(e.db.record_feedback({check, "", "x", feedback_outcome::applied, ""}).error() == "measure is empty");
}

TEST_CASE("the bulk reader sees entries, relations, subjects, objections and repairs in one read") {
    env e;
    e.add(org2, "dishonest_enterprise");
    REQUIRE(e.db.add_relation(e.rules, {person1, "张伟", org1, "", "legal_representative", "2020-01-01", "", "op"}));
    auto o = e.db.open_objection(e.entry, d("2024-02-01"), "甲公司", "g");
    REQUIRE(e.db.record_repair(e.rules, e.entry, d("2025-01-01"), "fixed", "信用办"));
    int entries = 0, active = 0, relations = 0, subjects = 0, objections = 0, repairs = 0;
    e.db.read([&](store::reader &r) {
        CHECK(r.count_entries(false) == 2);
        CHECK(r.count_subjects() == 3);
        std::int64_t org1_number = 0;
        r.subjects([&](const store::subject_row &row) {
            if (row.id == org1) org1_number = row.number;
        });
        REQUIRE(org1_number > 0);
        r.entries(false, [&](const store::entry_row &row) {
            ++entries;
            if (row.subject == org1_number) {
                CHECK(row.status == entry_status::repaired);
                CHECK(row.status_on->to_string() == "2025-01-01");
            }
        });
        r.entries(true, [&](const store::entry_row &) { ++active; });
        r.relations([&](const store::relation_row &row) {
            ++relations;
            CHECK(row.role == "legal_representative");
            CHECK(!row.until);
        });
        r.subjects([&](const store::subject_row &) { ++subjects; });
        r.objections([&](const objection &ob) {
            ++objections;
            CHECK(ob.id == *o);
        });
        r.repairs([&](const repair &) { ++repairs; });
    });
    CHECK(entries == 2);
    CHECK(active == 1);
    CHECK(relations == 1);
    CHECK(subjects == 3);
    CHECK(objections == 1);
    CHECK(repairs == 1);
}

TEST_CASE("a repair before the list's minimum publication period is refused, citing the rule") {
    env e;
    auto listed = e.db.add_entry(e.rules, {"dishonest_enterprise", org2, "乙公司", "2022-03-01", "", "市监〔2022〕12号",
                                           "市场监管局", "", "operator"});
    REQUIRE(listed);
    CHECK(e.db.record_repair(e.rules, *listed, d("2023-02-28"), "已整改", "信用办").error() ==
          fmt::format("entry {} on list dishonest_enterprise was listed on 2022-03-01; under 市场监管总局令第44号 it "
                      "can be repaired from 2023-03-01 (minimum publication period 1y)",
                      *listed));
    CHECK(e.db.find_entry(*listed)->status == entry_status::active);
    auto r = e.db.record_repair(e.rules, *listed, d("2023-03-01"), "已整改", "信用办");
    REQUIRE_MESSAGE(r, r.error());
    auto repaired = e.db.repairs_of(org2);
    REQUIRE(repaired.size() == 1);
    CHECK(repaired[0].kind == repair_kind::repair);
    // Listed before the period was set: a repair at any time after listed_on.
    auto older = e.db.add_entry(e.rules, {"dishonest_enterprise", synthetic_credit_code(3), "丙公司", "2021-08-01",
                                          "", "工商〔2021〕3号", "工商局", "", "operator"});
    REQUIRE(older);
    CHECK(e.db.record_repair(e.rules, *older, d("2021-08-02"), "已整改", "信用办"));
    // The rule's text is left out when the catalog does not name it.
    e.rules.lists["dishonest_enterprise"].repair_after[0].basis.clear();
    auto third = e.db.add_entry(e.rules, {"dishonest_enterprise", synthetic_credit_code(4), "丁公司", "2022-03-01",
                                          "", "市监〔2022〕13号", "市场监管局", "", "operator"});
    REQUIRE(third);
    CHECK(e.db.record_repair(e.rules, *third, d("2022-04-01"), "已整改", "信用办").error() ==
          fmt::format("entry {} on list dishonest_enterprise was listed on 2022-03-01; it can be repaired from "
                      "2023-03-01 (minimum publication period 1y)",
                      *third));
}

TEST_CASE("an entry without an end date is repaired or revoked at any time, and the store knows its list") {
    env e;
    auto id = e.db.add_entry(e.rules, {"food_drug", org2, "乙公司", "2024-01-01", "", "食〔2024〕1号", "市场监管局",
                                       "", "operator"});
    REQUIRE(id);
    auto entry = e.db.find_entry(*id);
    CHECK_FALSE(entry->expires_on.has_value());
    REQUIRE(e.db.record_repair(e.rules, *id, d("2040-01-01"), "已整改", "信用办"));
    CHECK(e.db.find_entry(*id)->status_on->to_string() == "2040-01-01");
    // A catalog without the entry's list cannot say when a repair is allowed.
    auto other = e.db.add_entry(e.rules, {"food_drug", synthetic_credit_code(3), "丙公司", "2024-01-01", "",
                                          "食〔2024〕2号", "市场监管局", "", "operator"});
    REQUIRE(other);
    catalog without = e.rules;
    without.lists.erase("food_drug");
    CHECK(e.db.record_repair(without, *other, d("2025-01-01"), "已整改", "信用办").error() ==
          fmt::format("entry {} is on list `food_drug`, which the rules do not know; give the rules it was listed under",
                      *other));
}

TEST_CASE("performance ends a court list's entry at once, where a repair waits for the minimum period") {
    env e;
    auto id = e.db.add_entry(e.rules, {"dishonest_judgment_debtor", person1, "张伟", "2024-01-01", "",
                                       "(2024)豫0928执123号", "县法院", "", "operator"});
    REQUIRE(id);
    CHECK_FALSE(e.db.find_entry(*id)->expires_on.has_value());  // the list has no default term
    CHECK(e.db.record_repair(e.rules, *id, d("2024-03-01"), "已整改", "信用办").error() ==
          fmt::format("entry {} on list dishonest_judgment_debtor was listed on 2024-01-01; under 法释〔2017〕7号 it "
                      "can be repaired from 2025-01-01 (minimum publication period 1y)",
                      *id));
    CHECK(e.db.record_performance(e.rules, *id, d("2023-12-31"), "县法院").error() ==
          "performance date 2023-12-31 is before the entry was listed on 2024-01-01");
    CHECK(e.db.record_performance(e.rules, *id, d("2024-03-01"), "").error() ==
          "who records the performance is required");
    auto r = e.db.record_performance(e.rules, *id, d("2024-03-01"), "县法院", "已全部履行");
    REQUIRE_MESSAGE(r, r.error());
    auto entry = e.db.find_entry(*id);
    CHECK(entry->status == entry_status::repaired);
    CHECK(entry->status_on->to_string() == "2024-03-01");
    CHECK(entry->status_by == "县法院");
    CHECK(entry->status_reason == "履行完毕：已全部履行");
    auto repairs = e.db.repairs_of(person1);
    REQUIRE(repairs.size() == 1);
    CHECK(repairs[0].kind == repair_kind::performance);
    CHECK(repairs[0].reason == "履行完毕：已全部履行");
    CHECK(repairs[0].approved_by == "县法院");
    CHECK(e.db.record_performance(e.rules, *id, d("2024-04-01"), "县法院").error() ==
          fmt::format("entry {} is already repaired on 2024-03-01; only an active entry can be ended on performance",
                      *id));
    // The change log has it as a repair.
    CHECK(e.db.events_since(0, 10).back().kind == "repaired");
    // Only a list whose entries end on performance.
    CHECK(e.db.record_performance(e.rules, e.entry, d("2024-03-01"), "县法院").error() ==
          "entry 1 is on list major_tax_violation, whose entries do not end on performance (履行完毕); record a credit "
          "repair instead");
    // Without a note the reason is performance itself.
    auto second = e.db.add_entry(e.rules, {"dishonest_judgment_debtor", person2, "李娜", "2024-01-01", "",
                                           "(2024)豫0928执124号", "县法院", "", "operator"});
    REQUIRE(second);
    REQUIRE(e.db.record_performance(e.rules, *second, d("2024-01-01"), "县法院"));
    CHECK(e.db.find_entry(*second)->status_reason == "履行完毕");
}
