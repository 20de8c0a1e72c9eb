// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>
#include <nlohmann/json.hpp>

#include "credo/engine.hpp"
#include "workflow/changes.hpp"
#include "workflow_fixture.hpp"

using namespace credo;
using namespace credo::workflow_test;

namespace {

workflow::changes_result poll(store::store &db, const world &w, std::int64_t since, const std::string &implementer,
                              std::size_t limit = 0) {
    workflow::changes_options o;
    o.since = since;
    o.implementer = implementer;
    o.limit = limit;
    return workflow::changes_since(db, *w.rules, o);
}

std::vector<std::string> measure_ids(const workflow::change &c) {
    std::vector<std::string> out;
    for (const auto &m : c.measures) out.push_back(m.measure);
    return out;
}

}  // namespace

TEST_CASE("a listing is pushed to the implementer with the listed organisation and its legal representative") {
    world w;
    auto db = w.open();
    w.relate(db, person1, org1, "legal_representative", "2020-01-01");
    auto entry = w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto r = poll(db, w, 0, "自然资源局");
    CHECK(r.events_read == 2);  // relation_added, listed
    REQUIRE(r.changes.size() == 2);
    CHECK(r.changes[0].event == "listed");
    CHECK(r.changes[0].action == workflow::push_action::apply);
    CHECK(r.changes[0].subject == org1);
    CHECK(r.changes[0].entry_id == entry);
    CHECK(measure_ids(r.changes[0]) == std::vector<std::string>{"memo_tax.01"});
    CHECK(r.changes[1].subject == person1);
    CHECK(r.changes[1].via_role == "legal_representative");
    CHECK(measure_ids(r.changes[1]) == std::vector<std::string>{"memo_tax.01"});
    CHECK(r.cursor == db.data_version());
}

TEST_CASE("a measure whose condition excludes the reached person is not pushed for that person") {
    world w;
    auto db = w.open();
    w.relate(db, person1, org1, "legal_representative", "2020-01-01");
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto r = poll(db, w, 0, "发展改革委");
    REQUIRE(r.changes.size() == 1);  // memo_tax.02 is `when subject is enterprise`
    CHECK(r.changes[0].subject == org1);
    CHECK(measure_ids(r.changes[0]) == std::vector<std::string>{"memo_tax.02"});
    CHECK(r.changes[0].measures[0].binding == "recommended");
    CHECK(poll(db, w, 0, "公安局").changes.empty());  // implements nothing here
}

TEST_CASE("a measure is pushed to a reached person only when it reaches them, and a conditional one says what to verify") {
    world w;
    auto db = w.open();
    w.relate(db, person1, org1, "legal_representative", "2020-01-01");
    w.list(db, "test_food", org1, "2026-06-01", "食〔2026〕1号");
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto r = poll(db, w, 0, "测试公安局");
    REQUIRE(r.changes.size() == 2);
    CHECK(r.changes[0].subject == org1);
    REQUIRE(measure_ids(r.changes[0]) == std::vector<std::string>{"memo_tax.03", "memo_tax.04"});
    // The organisation is on two fields' lists: .03 is escalated, the conditional .04 is not.
    CHECK(r.changes[0].measures[0].binding == "mandatory");
    CHECK(r.changes[0].measures[1].binding == "recommended");
    CHECK(r.changes[0].measures[1].condition == "欠缴税款且未提供担保");
    // The legal representative: .04 reaches them (the memorandum's roles), .03 reaches no one;
    // they are listed in no field themselves, so nothing is escalated.
    CHECK(r.changes[1].subject == person1);
    CHECK(measure_ids(r.changes[1]) == std::vector<std::string>{"memo_tax.04"});
    CHECK(r.changes[1].measures[0].binding == "recommended");
}

TEST_CASE("a listing under a pending objection does not escalate the measures pushed for another") {
    world w;
    auto db = w.open();
    auto food = w.list(db, "test_food", org1, "2026-06-01", "食〔2026〕1号");
    REQUIRE(db.open_objection(food, date::from_ymd(2026, 6, 15), "甲公司", "信息有误"));
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto r = poll(db, w, 0, "测试公安局");
    REQUIRE_FALSE(r.changes.empty());
    const auto &listed = r.changes.back();
    REQUIRE(measure_ids(listed) == std::vector<std::string>{"memo_tax.03", "memo_tax.04"});
    CHECK(listed.measures[0].binding == "recommended");  // 清政办〔2017〕22号 五(八)
}

TEST_CASE("repair, objection and revocation events say whether to stop or apply again") {
    world w;
    auto db = w.open();
    auto e1 = w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto e2 = w.list(db, "test_tax", org2, "2026-07-01", "税〔2026〕2号");
    auto first = poll(db, w, 0, "自然资源局");
    CHECK(first.changes.size() == 2);

    auto o1 = db.open_objection(e1, date::from_ymd(2026, 7, 5), "甲公司", "不是我");
    REQUIRE(o1);
    REQUIRE(db.resolve_objection(*o1, store::objection_status::dismissed, date::from_ymd(2026, 7, 10), "税务局", "核实无误"));
    auto o2 = db.open_objection(e2, date::from_ymd(2026, 7, 6), "乙公司", "已纠正");
    REQUIRE(o2);
    REQUIRE(db.resolve_objection(*o2, store::objection_status::accepted, date::from_ymd(2026, 7, 12), "税务局", "有误"));
    REQUIRE(db.record_repair(w.catalog, e1, date::from_ymd(2026, 8, 1), "已整改", "信用办"));

    auto r = poll(db, w, first.cursor, "自然资源局");
    std::vector<std::pair<std::string, std::string>> seen;
    for (const auto &c : r.changes) seen.emplace_back(c.event, std::string(workflow::to_string(c.action)));
    CHECK(seen == std::vector<std::pair<std::string, std::string>>{{"objection_opened", "stop"},
                                                                   {"objection_dismissed", "apply"},
                                                                   {"objection_opened", "stop"},
                                                                   {"objection_accepted", "stop"},
                                                                   {"revoked", "stop"},
                                                                   {"repaired", "stop"}});
    CHECK(r.changes.back().effective_on == date::from_ymd(2026, 8, 1));
    // Nothing is repeated: the next poll from the returned cursor is empty.
    auto again = poll(db, w, r.cursor, "自然资源局");
    CHECK(again.events_read == 0);
    CHECK(again.changes.empty());
    CHECK(again.cursor == r.cursor);
}

TEST_CASE("a relation added later pushes the organisation's listing to the new legal representative") {
    world w;
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    auto cursor = poll(db, w, 0, "自然资源局").cursor;
    w.relate(db, person2, org1, "legal_representative", "2026-07-15");
    auto r = poll(db, w, cursor, "自然资源局");
    REQUIRE(r.changes.size() == 1);
    CHECK(r.changes[0].event == "relation_added");
    CHECK(r.changes[0].subject == person2);
    CHECK(r.changes[0].action == workflow::push_action::apply);
    CHECK(r.changes[0].effective_on == date::from_ymd(2026, 7, 15));
}

TEST_CASE("reading with a limit walks every event once, and the cursor of an empty read stays put") {
    world w;
    auto db = w.open();
    for (int i = 1; i <= 7; ++i) w.list(db, "test_tax", store::synthetic_credit_code(i), "2026-07-01", "税〔2026〕" + std::to_string(i) + "号");
    std::vector<std::int64_t> seqs;
    std::int64_t cursor = 0;
    int calls = 0;
    for (;;) {
        auto r = poll(db, w, cursor, "自然资源局", 3);
        ++calls;
        for (const auto &c : r.changes) seqs.push_back(c.seq);
        cursor = r.cursor;
        if (!r.more) break;
    }
    CHECK(calls == 3);
    CHECK(seqs == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7});
    auto none = poll(db, w, cursor, "自然资源局", 3);
    CHECK(none.cursor == cursor);
    CHECK_FALSE(none.more);
}

TEST_CASE("the JSON output ends with the cursor and masks personal IDs unless asked") {
    world w;
    auto db = w.open();
    w.list(db, "test_tax", person1, "2026-07-01", "税〔2026〕9号");
    auto r = poll(db, w, 0, "");
    auto masked = workflow::to_json(r, false);
    auto shown = workflow::to_json(r, true);
    CHECK(masked.find(person1) == std::string::npos);
    CHECK(shown.find(person1) != std::string::npos);
    CHECK(masked.rfind("\"cursor\":1}") == masked.size() - 11);
    CHECK(workflow::to_text(r, false).find("cursor 1") != std::string::npos);
}

TEST_CASE("a poller never misses or repeats an event while another connection writes concurrently" * doctest::test_suite("concurrency")) {
    world w;
    { auto db = w.open(); }  // create the schema first
    constexpr int writes = 120;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        auto db = w.open();
        for (int i = 1; i <= writes; ++i) {
            auto r = db.add_entry(w.catalog, {"test_tax", store::synthetic_credit_code(1000 + i), "公司", "2026-07-01", "",
                                              "税〔2026〕" + std::to_string(i) + "号", "税务局", "", "writer"});
            if (!r) break;
            if (i % 3 == 0) (void)db.record_repair(w.catalog, *r, date::from_ymd(2026, 8, 1), "整改", "信用办");
        }
        done = true;
    });
    auto reader = w.open();
    std::vector<std::int64_t> seen;
    std::int64_t cursor = 0;
    bool backwards = false;
    for (bool last = false;;) {
        auto r = poll(reader, w, cursor, "自然资源局", 7);
        for (const auto &c : r.changes) seen.push_back(c.seq);
        backwards = backwards || r.cursor < cursor;
        cursor = r.cursor;
        if (last && !r.more) break;
        if (done && !r.more) last = true;
    }
    writer.join();
    CHECK_FALSE(backwards);
    // Every event concerns 自然资源局 (memo_tax.01), each reported exactly once, in order.
    std::vector<std::int64_t> all;
    for (std::int64_t s = 1; s <= reader.data_version(); ++s) all.push_back(s);
    CHECK(reader.data_version() == writes + writes / 3);
    CHECK(seen == all);
}

TEST_CASE("a poller writing from another process is followed through the CLI without loss" * doctest::test_suite("concurrency")) {
    world w;
    { auto db = w.open(); }
    std::vector<std::string> codes;
    for (int i = 1; i <= 20; ++i) codes.push_back(store::synthetic_credit_code(2000 + i));
    std::atomic<bool> done{false};
    std::thread writer([&] {
        auto db = w.open();
        for (std::size_t i = 0; i < codes.size(); ++i) {
            (void)db.add_entry(w.catalog, {"test_tax", codes[i], "公司", "2026-07-01", "", "税〔2026〕" + std::to_string(i) + "号",
                                           "税务局", "", "writer"});
        }
        done = true;
    });
    std::int64_t cursor = 0;
    std::vector<std::int64_t> seen;
    for (bool last = false;;) {
        auto r = test::run_credo({"changes", "--db", w.db_path, "--rules", w.rules_dir, "--since",
                                  std::to_string(cursor), "--implementer", "自然资源局", "--json", "--limit", "5"});
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out);
        for (const auto &c : j["changes"]) seen.push_back(c["seq"].get<std::int64_t>());
        cursor = j["cursor"].get<std::int64_t>();
        bool more = j["more"].get<bool>();
        if (last && !more) break;
        if (done && !more) last = true;
    }
    writer.join();
    std::vector<std::int64_t> all;
    for (std::int64_t s = 1; s <= 20; ++s) all.push_back(s);
    CHECK(seen == all);
}

TEST_CASE("the cursor stays valid across engine reloads and rule reloads" * doctest::test_suite("concurrency")) {
    world w;
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    engine_options eo;
    eo.rules_dir = w.rules_dir;
    eo.db_path = w.db_path;
    eo.audit = false;
    auto e = engine::open(eo);
    REQUIRE(e);
    auto first = poll(db, w, 0, "自然资源局");
    CHECK(first.changes.size() == 1);
    w.list(db, "test_tax", org2, "2026-07-02", "税〔2026〕2号");
    REQUIRE(e->reload());
    CHECK(e->store_version() == 2);
    // A new rule set object (what a reload builds) reads the same cursor.
    diag::source_map sources;
    diag::diagnostics diags;
    auto reloaded = sema::load_rule_set(w.rules_dir, sources, diags);
    REQUIRE(reloaded);
    workflow::changes_options o;
    o.since = first.cursor;
    o.implementer = "自然资源局";
    auto r = workflow::changes_since(db, *reloaded, o);
    REQUIRE(r.changes.size() == 1);
    CHECK(r.changes[0].subject == org2);
    CHECK(r.changes[0].seq == 2);
}

TEST_CASE("a county department is pushed the measures of the implementers it acts for (departments.csv)") {
    world w;
    test::write_file(workflow::departments_path(w.rules_dir), "department,acts_for\n县自然资源局,自然资源局\n");
    auto departments = workflow::department_map::load(w.rules_dir, *w.rules);
    REQUIRE(departments);
    auto db = w.open();
    w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    workflow::changes_options o;
    o.implementer = "县自然资源局";
    CHECK(workflow::changes_since(db, *w.rules, o).changes.empty());  // no map: exact names only
    o.departments = &*departments;
    auto r = workflow::changes_since(db, *w.rules, o);
    REQUIRE(r.changes.size() == 1);
    CHECK(measure_ids(r.changes[0]) == std::vector<std::string>{"memo_tax.01"});
    o.implementer = "县发展改革委";  // in no pair of the file
    CHECK(workflow::changes_since(db, *w.rules, o).changes.empty());

    auto cli = test::run_credo({"changes", "--db", w.db_path, "--rules", w.rules_dir, "--since", "0",
                                "--implementer", "县自然资源局", "--json"});
    REQUIRE(cli.exit_code == 0);
    auto j = nlohmann::json::parse(cli.out);
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["measures"][0]["measure"] == "memo_tax.01");
}
