// SPDX-License-Identifier: Apache-2.0
// The engine's semantics, each asserted on the decision it returns.
#include <doctest/doctest.h>

#include <atomic>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <thread>

#include "credo/ids.hpp"
#include "engine/json.hpp"
#include "engine_world.hpp"

using namespace credo;
using namespace credo::test;

TEST_CASE("a listed enterprise gets the measures of the memorandums targeting its list") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    auto e = w.open();
    auto d = check(e, org(1), "public_bidding", "2021-06-01");
    CHECK(d.verdict == "prohibit");
    CHECK(ids_of(d.measures) == strings{"tax_m.01", "tax_m.06"});  // tax_m.03 applies to related subjects only
    const auto &m = d.measures.front();
    CHECK(m.memorandum == "tax_m");
    CHECK(m.effect == "prohibit");
    CHECK(m.binding == "mandatory");
    CHECK(m.implementer == "发展改革委");
    CHECK(m.basis == "招标投标法");
    REQUIRE(m.because);
    CHECK(m.because->list == "tax_black");
    CHECK(m.because->entry == entry);
    CHECK(m.because->document == "税总〔2016〕1号");
    CHECK(m.because->listed_on == day("2020-01-01"));
    CHECK(m.because->expires_on == day("2023-01-01"));  // the list's default term
    CHECK(m.because->via.empty());
    CHECK(d.subject.id == org(1));
    CHECK(d.subject.kind == "enterprise");
    CHECK(d.subject.name == "主体" + org(1).substr(14));
    CHECK_FALSE(d.escalated);
    CHECK(d.black_fields == strings{"tax"});
    CHECK(d.measures[1].implementer == "财政部");
    CHECK(d.rules_version.size() == 64);
}

TEST_CASE("a listing counts on listed_on <= d < expires_on") {
    world w;
    w.list("tax_black", org(1), "2020-01-01", "2021-01-01");
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2019-12-31").verdict == "none");
    CHECK(check(e, org(1), "public_bidding", "2020-01-01").verdict == "prohibit");
    CHECK(check(e, org(1), "public_bidding", "2020-12-31").verdict == "prohibit");
    CHECK(check(e, org(1), "public_bidding", "2021-01-01").verdict == "none");
}

TEST_CASE("an entry stored without an end date counts until repaired, and shows no expiry") {
    world w;
    // The store leaves expires_on empty when the list has no term on listed_on.
    w.catalog.lists["tax_black"].terms.clear();
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    REQUIRE_FALSE(w.db->find_entry(entry)->expires_on.has_value());
    {
        auto e = w.open();
        CHECK(check(e, org(1), "public_bidding", "2019-12-31").verdict == "none");
        auto d = check(e, org(1), "public_bidding", "2040-01-01");
        CHECK(d.verdict == "prohibit");
        REQUIRE(d.measures.front().because);
        CHECK_FALSE(d.measures.front().because->expires_on.has_value());
        auto json = d.to_json();
        CHECK(json.find(R"("listed_on":"2020-01-01","expires_on":null,)") != std::string::npos);
        CHECK(json == engine_core::reference_decision_json(d));
    }
    REQUIRE(w.db->record_repair(w.catalog, entry, day("2041-01-01"), "corrected", "credit office"));
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2040-12-31").verdict == "prohibit");
    CHECK(check(e, org(1), "public_bidding", "2041-01-01").verdict == "none");
}

TEST_CASE("a repaired entry stops counting on its repair date and still counts before it") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    REQUIRE(w.db->record_repair(w.catalog, entry, day("2021-01-01"), "corrected", "credit office"));
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2020-12-31").verdict == "prohibit");
    CHECK(check(e, org(1), "public_bidding", "2021-01-01").verdict == "none");
}

TEST_CASE("a past as-of date sees only the measures in force on that date") {
    world w;
    w.list("tax_black", org(1), "2017-01-01", "2030-01-01");
    auto e = w.open();
    CHECK(ids_of(check(e, org(1), "public_bidding", "2018-06-01").measures) == strings{"tax_m.01"});
    CHECK(ids_of(check(e, org(1), "public_bidding", "2019-06-01").measures) == strings{"tax_m.01", "tax_m.06"});
}

TEST_CASE("a measure's own term counts from the entry's listed_on") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto e = w.open();
    CHECK(ids_of(check(e, org(1), "honors", "2020-12-31").measures) == strings{"tax_m.05"});
    CHECK(check(e, org(1), "honors", "2021-01-01").measures.empty());
}

TEST_CASE("a person holding a role the memorandum extends to is reached, and the path is shown") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    auto e = w.open();
    auto d = check(e, person(1), "public_bidding", "2021-06-01");
    // tax_m.01 is for enterprises; tax_m.03 is for related subjects only.
    CHECK(ids_of(d.measures) == strings{"tax_m.03", "tax_m.06"});
    CHECK(d.verdict == "restrict");
    REQUIRE(d.measures[0].because);
    REQUIRE(d.measures[0].because->via.size() == 1);
    CHECK(d.measures[0].because->via[0].role == "legal_representative");
    CHECK(d.measures[0].because->via[0].of == org(1));
    // The tax listing is the organisation's: the person is reached in that field, not listed in it.
    CHECK(d.black_fields.empty());
    CHECK(d.reached_fields == strings{"tax"});
    CHECK(d.subject.kind == "person");
}

TEST_CASE("a relation reaches only on the dates it is active") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01", "2020-06-01");
    auto e = w.open();
    CHECK(check(e, person(1), "public_bidding", "2020-05-31").verdict == "restrict");
    CHECK(check(e, person(1), "public_bidding", "2020-06-01").verdict == "none");
}

TEST_CASE("a role the memorandum does not extend to reaches nobody") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "director", "2019-01-01");
    auto e = w.open();
    auto d = check(e, person(1), "public_bidding", "2021-06-01");
    CHECK(d.verdict == "none");
    CHECK(d.black_fields.empty());
}

TEST_CASE("organisations are reached from a listed person through extends_to_organisations") {
    world w;
    w.list("debtor", person(1), "2020-01-01");
    w.relate(person(1), org(2), "director", "2019-01-01");
    w.relate(person(1), org(3), "legal_representative", "2019-01-01");
    auto e = w.open();
    auto bond = check(e, org(2), "bond_issuance", "2021-06-01");
    REQUIRE(ids_of(bond.measures) == strings{"debtor_m.02"});
    CHECK(bond.measures[0].because->via[0].role == "director");
    CHECK(bond.measures[0].because->via[0].of == person(1));
    // debtor_m.02 needs `reached as director`; org 3 is reached as legal representative.
    CHECK(check(e, org(3), "bond_issuance", "2021-06-01").measures.empty());
    auto bidding = check(e, org(3), "public_bidding", "2021-06-01");
    REQUIRE(ids_of(bidding.measures) == strings{"debtor_m.01"});
    CHECK(bidding.measures[0].because->via[0].role == "legal_representative");
}

TEST_CASE("applies_to listed keeps a measure to the listed subject itself") {
    world w;
    w.list("debtor", person(1), "2020-01-01");
    w.list("debtor", org(4), "2020-01-01");
    w.relate(person(2), org(4), "legal_representative", "2019-01-01");
    auto e = w.open();
    CHECK(ids_of(check(e, person(1), "honors", "2021-06-01").measures) == strings{"debtor_m.03"});
    CHECK(check(e, person(2), "honors", "2021-06-01").measures.empty());
    CHECK(ids_of(check(e, person(2), "public_bidding", "2021-06-01").measures) == strings{"debtor_m.01"});
}

TEST_CASE("measure conditions see the query's attributes, converted to their declared type") {
    world w;
    w.list("tax_black", org(1), "2018-01-01", "2030-01-01");
    auto e = w.open();
    CHECK(check(e, org(1), "honors", "2021-06-01").measures.empty());
    CHECK(ids_of(check(e, org(1), "honors", "2021-06-01", {{"contract_value", 2000000.0}}).measures) ==
          strings{"tax_m.04"});
    CHECK(ids_of(check(e, org(1), "honors", "2021-06-01", {{"contract_value", std::string_view("2000000")}})
                     .measures) == strings{"tax_m.04"});
    CHECK(check(e, org(1), "honors", "2021-06-01", {{"contract_value", 500.0}}).measures.empty());

    decision d;
    std::vector<query_attribute> bad{{"contract_value", std::string_view("lots")}};
    std::string subject = org(1);
    query q{.subject = subject, .scenario = "honors", .as_of = day("2021-06-01"), .querier = "", .attributes = bad};
    auto s = e.check(q, d);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == error_code::invalid_argument);
    CHECK(s.error().message == "attribute `contract_value` is a number");
    std::vector<query_attribute> unknown{{"contract_valeu", 1.0}};
    q.attributes = unknown;
    s = e.check(q, d);
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "unknown attribute `contract_valeu`; did you mean `contract_value`?");
}

TEST_CASE("black listings in two fields escalate: recommended punishment measures become mandatory") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto one = w.open();
    auto before = check(one, org(1), "public_bidding", "2021-06-01");
    CHECK_FALSE(before.escalated);
    CHECK(before.measures[1].binding == "recommended");

    w.list("market_black", org(1), "2020-03-01");
    auto e = w.open();
    auto d = check(e, org(1), "public_bidding", "2021-06-01");
    CHECK(d.escalated);
    CHECK(d.black_fields == strings{"tax", "market"});
    CHECK(ids_of(d.measures) == strings{"tax_m.01", "tax_m.06", "market_m.01"});
    for (const auto &m : d.measures) CHECK(m.binding == "mandatory");
    // Two entries on one field are one field.
    w.list("tax_black", org(2), "2020-01-01");
    w.list("tax_black", org(2), "2020-02-01", "", "税总〔2020〕2号");
    auto e2 = w.open();
    auto same_field = check(e2, org(2), "public_bidding", "2021-06-01");
    CHECK_FALSE(same_field.escalated);
    CHECK(ids_of(same_field.measures) == strings{"tax_m.01", "tax_m.01", "tax_m.06", "tax_m.06"});
}

// 清政办〔2017〕22号 五(六) escalates for subjects themselves 纳入 two fields' black lists: a
// listing that reaches a person through a firm is shown, but does not count (this test used to
// assert the opposite).
TEST_CASE("black fields count only the subject's own listings; reached ones are shown apart") {
    world w;
    w.list("market_black", person(1), "2020-01-01");
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    auto e = w.open();
    auto d = check(e, person(1), "public_bidding", "2021-06-01");
    CHECK_FALSE(d.escalated);
    CHECK(d.black_fields == strings{"market"});
    CHECK(d.reached_fields == strings{"tax"});
    for (const auto &m : d.measures) CHECK(m.binding == "recommended");
}

TEST_CASE("a pending objection suspends the measures of its entry from the day it is filed") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    auto objection = w.db->open_objection(entry, day("2021-03-01"), "企业", "wrong subject");
    REQUIRE(objection);
    auto e = w.open();
    auto before = check(e, org(1), "public_bidding", "2021-02-28");
    CHECK(before.verdict == "prohibit");
    CHECK(before.suspended.empty());
    auto d = check(e, org(1), "public_bidding", "2021-06-01");
    CHECK(d.verdict == "none");
    CHECK(d.measures.empty());
    REQUIRE(ids_of(d.suspended) == strings{"tax_m.01", "tax_m.06"});
    CHECK(d.suspended[0].objection == *objection);
    CHECK(d.suspended[0].because->entry == entry);
}

TEST_CASE("a dismissed objection lets the measures apply again from its resolution") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    auto objection = w.db->open_objection(entry, day("2021-03-01"), "企业", "wrong subject");
    REQUIRE(objection);
    REQUIRE(w.db->resolve_objection(*objection, store::objection_status::dismissed, day("2021-09-01"), "税务局", "no"));
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").suspended.size() == 2);
    auto after = check(e, org(1), "public_bidding", "2021-10-01");
    CHECK(after.verdict == "prohibit");
    CHECK(after.suspended.empty());
}

TEST_CASE("an accepted objection revokes the entry from its resolution date") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    auto objection = w.db->open_objection(entry, day("2021-03-01"), "企业", "wrong subject");
    REQUIRE(objection);
    REQUIRE(w.db->resolve_objection(*objection, store::objection_status::accepted, day("2021-09-01"), "税务局", "yes"));
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2021-01-01").verdict == "prohibit");
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").suspended.size() == 2);
    auto after = check(e, org(1), "public_bidding", "2021-10-01");
    CHECK(after.verdict == "none");
    CHECK(after.measures.empty());
    CHECK(after.suspended.empty());
}

TEST_CASE("an active black listing suppresses red-list incentives") {
    world w;
    w.list("red_a", org(1), "2021-01-01");
    w.list("red_a", org(2), "2021-01-01");
    w.list("tax_black", org(2), "2020-01-01");
    auto e = w.open();
    auto clean = check(e, org(1), "public_bidding", "2021-06-01");
    CHECK(clean.verdict == "priority");
    CHECK(ids_of(clean.measures) == strings{"red_m.01"});
    auto d = check(e, org(2), "public_bidding", "2021-06-01");
    CHECK(d.verdict == "prohibit");
    CHECK(ids_of(d.suppressed_incentives) == strings{"red_m.01"});
    CHECK(ids_of(d.measures) == strings{"tax_m.01", "tax_m.06"});
}

TEST_CASE("clean-record grants look at the subject's whole history") {
    world w;
    w.list("red_a", org(1), "2021-01-01");  // known, never black-listed
    auto entry = w.list("tax_black", org(2), "2018-01-01");
    REQUIRE(w.db->record_repair(w.catalog, entry, day("2020-06-01"), "corrected", "credit office"));
    w.list("tax_black", org(3), "2010-01-01", "2012-01-01");  // long expired
    auto e = w.open();
    // Known since its first record (2021-01-01): three years of record only from 2024-01-01.
    CHECK(check(e, org(1), "administrative_licensing", "2023-12-31").measures.empty());
    auto never = check(e, org(1), "administrative_licensing", "2024-01-01");
    REQUIRE(ids_of(never.measures) == strings{"clean.01"});
    CHECK(never.measures[0].memorandum == "clean");
    CHECK_FALSE(never.measures[0].because);
    CHECK(never.verdict == "green_channel");
    CHECK(check(e, org(2), "administrative_licensing", "2019-06-01").measures.empty());  // listed then
    CHECK(check(e, org(2), "administrative_licensing", "2023-05-31").measures.empty());  // repaired < 3y ago
    CHECK(ids_of(check(e, org(2), "administrative_licensing", "2023-06-01").measures) == strings{"clean.01"});
    CHECK(ids_of(check(e, org(3), "administrative_licensing", "2021-06-01").measures) == strings{"clean.01"});
}

TEST_CASE("an unknown subject with a valid identifier gets verdict none and no measures") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto e = w.open();
    for (const char *scenario : {"public_bidding", "administrative_licensing"}) {
        auto d = check(e, org(99), scenario, "2021-06-01");
        CHECK(d.verdict == "none");
        CHECK(d.measures.empty());
        CHECK(d.subject.kind == "enterprise");
        CHECK(d.subject.name.empty());
    }
    // Lower case and surrounding spaces are normalised.
    std::string typed = " " + org(1) + " ";
    for (auto &c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(check(e, typed, "public_bidding", "2021-06-01").verdict == "prohibit");
}

TEST_CASE("an invalid identifier is an error with the ids module's reason") {
    world w;
    auto e = w.open();
    decision d;
    std::string bad = org(1);
    bad[17] = bad[17] == '0' ? '1' : '0';
    query q{.subject = bad, .scenario = "public_bidding"};
    auto s = e.check(q, d);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == error_code::invalid_id);
    CHECK(s.error().message == "invalid identifier: " + ids::validate(bad).reason);
    q.subject = "12345";
    s = e.check(q, d);
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "invalid identifier: " + ids::validate("12345").reason);
}

TEST_CASE("an unknown scenario is an error naming the closest known one") {
    world w;
    auto e = w.open();
    decision d;
    std::string subject = org(1);
    query q{.subject = subject, .scenario = "public_biding"};
    auto s = e.check(q, d);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == error_code::unknown_scenario);
    CHECK(s.error().closest == "public_bidding");
    CHECK(s.error().message == "unknown scenario `public_biding`; did you mean `public_bidding`?");
}

TEST_CASE("rule errors are returned with the position of the first one") {
    world w;
    w.write_rules(std::string(test_rules) + "\nmemorandum broken \"x\" {\n  targets no_such_list\n}\n");
    engine_options o;
    o.rules_dir = w.rules_dir;
    o.db_path = w.db_path;
    auto e = engine::open(o);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == error_code::rule_error);
    CHECK(e.error().file.ends_with("test.credo"));
    CHECK(e.error().line > 100);
    CHECK(e.error().column > 0);
    CHECK_FALSE(e.error().diagnostics.empty());
}

TEST_CASE("a database that does not exist is a store error") {
    world w;
    engine_options o;
    o.rules_dir = w.rules_dir;
    o.db_path = w.dir.file("missing/none.db");
    auto e = engine::open(o);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == error_code::store_error);
}

TEST_CASE("the decision JSON has the documented shape") {
    world w;
    auto entry = w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    auto objection = w.db->open_objection(entry, day("2021-03-01"), "x", "y");
    REQUIRE(objection);
    auto e = w.open();
    auto d = check(e, person(1), "public_bidding", "2021-06-01");
    std::string json = d.to_json();
    auto version = d.rules_version;
    json.replace(json.find(version), version.size(), "V");
    std::string expected = fmt::format(
        R"({{"subject":{{"id":"{p}","kind":"person","name":"张三"}},"scenario":"public_bidding","as_of":"2021-06-01",)"
        R"("verdict":"none","escalated":false,"black_fields":[],"reached_fields":["tax"],"measures":[],"to_verify":[],)"
        R"("suspended":[)"
        R"({{"memorandum":"tax_m","measure":"tax_m.03","text":"限制负责人参与招标","effect":"restrict","binding":"recommended",)"
        R"("implementer":"市场监管总局","basis":"","because":{{"list":"tax_black","entry":{e},"document":"税总〔2016〕1号",)"
        R"("listed_on":"2020-01-01","expires_on":"2023-01-01","via":[{{"role":"legal_representative","of":"{o}"}}]}},"objection":{obj}}},)"
        R"({{"memorandum":"tax_m","measure":"tax_m.06","text":"招标中从严审核","effect":"strict_review","binding":"recommended",)"
        R"("implementer":"财政部","basis":"","because":{{"list":"tax_black","entry":{e},"document":"税总〔2016〕1号",)"
        R"("listed_on":"2020-01-01","expires_on":"2023-01-01","via":[{{"role":"legal_representative","of":"{o}"}}]}},"objection":{obj}}}],)"
        R"("suppressed_incentives":[],"rules_version":"V","check_id":null}})",
        fmt::arg("p", person(1)), fmt::arg("o", org(1)), fmt::arg("e", entry), fmt::arg("obj", *objection));
    CHECK(json == expected);
    auto own = check(e, org(1), "public_bidding", "2020-06-01").to_json();
    CHECK(own.find(R"("via":null)") != std::string::npos);
}

TEST_CASE("the decision JSON is byte for byte the reference serialisation, escapes included") {
    decision d;
    d.subject = {"91440300MA5F00000X", "enterprise", ""};
    d.scenario = "public_bidding";
    d.as_of = day("2024-06-01");
    d.verdict = "none";
    d.rules_version = std::string(64, 'a');
    CHECK(d.to_json() == engine_core::reference_decision_json(d));
    d.subject.name = "某公司 \"引号\" \\ \b\f\n\r\t \x01\x1f\x7f / é 𝄞";
    d.escalated = true;
    d.black_fields = {"tax", "market"};
    decision_measure m;
    m.memorandum = "tax_m";
    m.measure = "tax_m.01";
    m.text = "限制\n参与";
    m.effect = "prohibit";
    m.binding = "mandatory";
    m.implementer = "发展改革委、证监会";
    m.basis = "";
    m.because = because{"tax_black", -12, "税总〔2016〕1号", day("2020-01-01"), day("2023-01-01"), {}};
    d.measures = {m, m};
    d.measures[1].because->via = {{"legal_representative", "91440300MA5F00000X"}, {"director", "x"}};
    d.measures[1].because->entry = 9007199254740993;
    m.because.reset();
    d.suppressed_incentives = {m};
    m.objection = 7;
    d.suspended = {m, d.measures[1]};
    d.check_id = 17;
    CHECK(d.to_json() == engine_core::reference_decision_json(d));
    d.check_id.reset();
    CHECK(d.to_json() == engine_core::reference_decision_json(d));
    d.as_of = date::from_days(-800000);  // a year before 1000
    CHECK(d.to_json() == engine_core::reference_decision_json(d));
    d.subject.name = "bad \xC3\x28 utf-8";
    CHECK_THROWS(d.to_json());
    CHECK_THROWS(engine_core::reference_decision_json(d));
}

namespace {
std::string sha256_hex(const std::string &text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    std::string out;
    for (unsigned i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}
}  // namespace

TEST_CASE("audited checks get consecutive ids and land in the store's hash-chained trail" * doctest::test_suite("concurrency")) {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto version = w.db->data_version();
    decision first;
    {
        auto e = w.open(true);
        first = check(e, org(1), "public_bidding", "2021-06-01");
        auto second = check(e, org(99), "honors", "2021-06-01");
        CHECK(first.check_id == 1);
        CHECK(second.check_id == 2);
        REQUIRE(e.flush_audit());
    }
    auto row = w.db->find_check(1);
    REQUIRE(row);
    CHECK(row->subject_id == org(1));
    CHECK(row->scenario == "public_bidding");
    CHECK(row->querier == "test");
    CHECK(row->verdict == "prohibit");
    CHECK(row->as_of == day("2021-06-01"));
    CHECK(row->store_version == version);
    CHECK(row->rules_version == first.rules_version);
    first.check_id.reset();
    CHECK(row->decision_digest == sha256_hex(first.to_json()));
    CHECK(w.db->verify_audit().ok);
    // A new engine continues the numbering; the destructor flushes.
    {
        auto e = w.open(true);
        CHECK(check(e, org(1), "public_bidding", "2021-06-01").check_id == 3);
    }
    CHECK(w.db->find_check(3));
    CHECK(w.db->verify_audit().rows == 3);
}

TEST_CASE("reload swaps in the store's new state; checks before it see the old") {
    world w;
    auto e = w.open();
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").verdict == "none");
    w.list("tax_black", org(1), "2020-01-01");
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").verdict == "none");
    REQUIRE(e.reload());
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").verdict == "prohibit");
    CHECK(e.store_version() == w.db->data_version());
}

TEST_CASE("a reload with broken rules keeps the current snapshot") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto e = w.open();
    auto version = e.rules_version();
    w.write_rules("list broken");
    auto s = e.reload();
    REQUIRE_FALSE(s);
    CHECK(s.error().code == error_code::rule_error);
    CHECK(e.rules_version() == version);
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").verdict == "prohibit");
}

TEST_CASE("checks running on other threads during reloads see one whole snapshot each" * doctest::test_suite("concurrency")) {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    std::string rules_a = test_rules;
    std::string rules_b = rules_a;
    rules_b.replace(rules_b.find("禁止参与招标"), std::string("禁止参与招标").size(), "禁止参与招标B");
    auto e = w.open();
    const std::string version_a = e.rules_version();
    std::atomic<bool> stop{false};
    std::atomic<int> torn{0};
    std::atomic<long> checks{0};
    std::string version_b;
    auto worker = [&] {
        decision d;
        std::string subject = org(1);
        query q{.subject = subject, .scenario = "public_bidding", .as_of = day("2021-06-01")};
        while (!stop.load()) {
            if (!e.check(q, d) || d.measures.empty()) {
                ++torn;
                continue;
            }
            bool is_a = d.rules_version == version_a;
            if (d.measures[0].text != (is_a ? "禁止参与招标" : "禁止参与招标B")) ++torn;
            ++checks;
        }
    };
    std::thread t1(worker);
    std::thread t2(worker);
    for (int i = 0; i < 10; ++i) {
        w.write_rules(i % 2 == 0 ? rules_b : rules_a);
        CHECK(e.reload());
    }
    stop = true;
    t1.join();
    t2.join();
    CHECK(torn.load() == 0);
    CHECK(checks.load() > 0);
}

TEST_CASE("check_batch checks every query against one snapshot") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    auto e = w.open();
    std::string a = org(1);
    std::string b = "bad";
    std::vector<query> qs{{.subject = a, .scenario = "public_bidding", .as_of = day("2021-06-01")},
                          {.subject = b, .scenario = "public_bidding"},
                          {.subject = a, .scenario = "bond_issuance", .as_of = day("2021-06-01")}};
    std::vector<decision> out(3);
    std::vector<status> statuses(3);
    CHECK(e.check_batch(qs, out, statuses) == 2);
    CHECK(out[0].verdict == "prohibit");
    CHECK(statuses[1].error().code == error_code::invalid_id);
    CHECK(out[2].verdict == "strict_review");
}

TEST_CASE("the fast identifier check agrees with validate") {
    std::vector<std::string> samples;
    for (std::uint64_t i = 0; i < 200; ++i) {
        samples.push_back(org(i));
        samples.push_back(person(i));
        std::string broken = org(i);
        broken[17] = broken[17] == 'A' ? 'B' : 'A';
        samples.push_back(broken);
        std::string bad_person = person(i);
        bad_person[17] = bad_person[17] == '1' ? '2' : '1';
        samples.push_back(bad_person);
    }
    samples.push_back("110101199003070000");  // shaped like both
    samples.push_back("91110000100000000O");
    samples.push_back("ZZ0000000000000000");
    samples.push_back("110101189912310015");
    for (bool lenient : {false, true}) {
        for (const auto &s : samples) {
            ids::options o{.lenient = lenient};
            auto full = ids::validate(s, o);
            auto fast = ids::classify_normalized(s, o);
            INFO(s);
            CHECK(full.valid == fast.has_value());
            if (full.valid && fast) CHECK(*full.kind == *fast);
        }
    }
}

TEST_CASE("the shipped rules: a major tax violator is barred from land supply and its legal representative reached") {
    temp_dir dir;
    std::string rules_dir = std::string(CREDO_SOURCE_DIR) + "/rules";
    diag::source_map sources;
    diag::diagnostics diags;
    auto rules = sema::load_rule_set(rules_dir, sources, diags);
    REQUIRE(rules);
    auto catalog = engine_core::make_catalog(*rules);
    {
        auto db = store::store::open(dir.file("credo.db"));
        store::new_entry entry{.list_id = "major_tax_violation", .subject_id = org(1), .subject_name = "某公司",
                               .listed_on = "2020-01-01", .expires_on = "", .document = "税总〔2019〕1号",
                               .initiator = "税务局", .reason = "", .by = "t"};
        REQUIRE(db.add_entry(catalog, entry));
        entry.list_id = "dishonest_judgment_debtor";
        entry.listed_on = "2020-06-01";
        REQUIRE(db.add_entry(catalog, entry));
        store::new_relation rel{.person_id = person(1), .person_name = "张三", .org_id = org(1), .org_name = "某公司",
                                .role = "legal_representative", .since = "2015-01-01", .until = "", .by = "t"};
        REQUIRE(db.add_relation(catalog, rel));
    }
    engine_options o{.rules_dir = rules_dir, .db_path = dir.file("credo.db"), .audit = false};
    auto opened = engine::open(o);
    REQUIRE(opened);
    auto &e = *opened;
    auto land = check(e, org(1), "land_supply", "2021-01-01");
    CHECK(land.verdict != "none");
    CHECK(land.escalated);  // tax and courts
    CHECK(land.black_fields.size() == 2);
    for (const auto &m : land.measures) CHECK(m.binding == "mandatory");
    // 法释〔2015〕17号 第三条: the unit's legal representative may not fly on its debt; the
    // person is reached, not listed, so the decision is not escalated.
    auto rep = check(e, person(1), "air_travel", "2021-01-01");
    REQUIRE(ids_of(rep.measures) == strings{"judgment_debtor_2016.19"});
    REQUIRE(rep.measures[0].because);
    CHECK(rep.measures[0].because->via.size() == 1);
    CHECK_FALSE(rep.escalated);
    CHECK(rep.black_fields.empty());
    // 2798号 names the legal representative among the targets of the memorandum as a whole, so
    // its land-supply bar reaches them; the firm's two fields do not escalate the person.
    auto land_rep = check(e, person(1), "land_supply", "2021-01-01");
    CHECK(ids_of(land_rep.measures) == strings{"tax_2016.08"});
    CHECK(land_rep.measures[0].binding == "recommended");
    CHECK_FALSE(land_rep.escalated);
    CHECK(land_rep.reached_fields == strings{"tax", "courts"});  // in field order
    auto unknown = check(e, org(50), "government_procurement", "2021-01-01");
    CHECK(unknown.verdict == "none");
}
