// SPDX-License-Identifier: Apache-2.0
// `credo check` end to end: a store filled through the store API, the real binary run on it.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credo/ids.hpp"
#include "engine_world.hpp"

using namespace credo;
using namespace credo::test;

namespace {

struct cli_world : world {
    std::int64_t entry = 0;
    cli_world() {
        entry = list("tax_black", org(1), "2020-01-01");
        relate(person(1), org(1), "legal_representative", "2019-01-01");
    }
    std::vector<std::string> args(std::vector<std::string> more) const {
        std::vector<std::string> a{"check", "--db", db_path, "--rules", rules_dir};
        a.insert(a.end(), more.begin(), more.end());
        return a;
    }
};

}  // namespace

TEST_CASE("credo check prints the verdict first, then each measure with its because-line") {
    cli_world w;
    auto r = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--at", "2021-06-01", "--no-audit"}));
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("verdict: prohibit\n"));
    CHECK(r.out.find("prohibit (mandatory) tax_m.01 禁止参与招标") != std::string::npos);
    CHECK(r.out.find("implementer: 发展改革委") != std::string::npos);
    CHECK(r.out.find("basis: 招标投标法") != std::string::npos);
    CHECK(r.out.find(fmt::format("because: on tax_black since 2020-01-01 until 2023-01-01 (entry {}, 税总〔2016〕1号)",
                                 w.entry)) != std::string::npos);
}

TEST_CASE("credo check masks personal IDs unless --show-ids") {
    cli_world w;
    auto r = run_credo(w.args({"--subject", person(1), "--scenario", "public_bidding", "--at", "2021-06-01", "--no-audit"}));
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("verdict: restrict\n"));
    CHECK(r.out.find(person(1)) == std::string::npos);
    CHECK(r.out.find(ids::mask(person(1))) != std::string::npos);
    CHECK(r.out.find("via legal_representative of " + org(1)) != std::string::npos);
    auto shown = run_credo(
        w.args({"--subject", person(1), "--scenario", "public_bidding", "--at", "2021-06-01", "--no-audit", "--show-ids"}));
    CHECK(shown.out.find(person(1)) != std::string::npos);
}

TEST_CASE("credo check --json prints the decision and audits it unless --no-audit") {
    cli_world w;
    auto r = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--at", "2021-06-01", "--json",
                               "--querier", "县财政局"}));
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["verdict"] == "prohibit");
    CHECK(j["check_id"] == 1);
    auto row = w.db->find_check(1);
    REQUIRE(row);
    CHECK(row->querier == "县财政局");
    auto quiet = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--json", "--no-audit"}));
    CHECK(nlohmann::json::parse(quiet.out)["check_id"].is_null());
    CHECK_FALSE(w.db->find_check(2));
}

TEST_CASE("credo check --attr passes condition attributes") {
    cli_world w;
    auto r = run_credo(w.args({"--subject", org(1), "--scenario", "honors", "--at", "2021-06-01", "--no-audit",
                               "--json", "--attr", "contract_value=2000000"}));
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["measures"][0]["measure"] == "tax_m.04");
}

TEST_CASE("credo check exits 2 on bad input and names what is wrong") {
    cli_world w;
    auto bad_id = run_credo(w.args({"--subject", "91440300ABC", "--scenario", "public_bidding", "--no-audit"}));
    CHECK(bad_id.exit_code == 2);
    CHECK(bad_id.err.find("invalid identifier: length is 11") != std::string::npos);
    auto scenario = run_credo(w.args({"--subject", org(1), "--scenario", "public_biding", "--no-audit"}));
    CHECK(scenario.exit_code == 2);
    CHECK(scenario.err.find("did you mean `public_bidding`?") != std::string::npos);
    auto at = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--at", "2021-02-30", "--no-audit"}));
    CHECK(at.exit_code == 2);
    CHECK(at.err.find("--at:") != std::string::npos);
    auto db = run_credo({"check", "--db", w.dir.file("nope/x.db"), "--rules", w.rules_dir, "--subject", org(1),
                         "--scenario", "public_bidding"});
    CHECK(db.exit_code == 2);
    w.write_rules(std::string(test_rules) + "\nlist broken \"x\" { kind purple }\n");
    auto rules = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding"}));
    CHECK(rules.exit_code == 2);
    CHECK(rules.err.find("test.credo:") != std::string::npos);
}

TEST_CASE("credo check --batch answers each line, JSON or CSV, and reports bad lines in place") {
    cli_world w;
    std::string input = "subject,scenario,at,querier\n" + org(1) + ",public_bidding,2021-06-01,desk\n" +
                        "bad,public_bidding\n" + R"({"subject":")" + org(1) +
                        R"(","scenario":"honors","at":"2021-06-01","attributes":{"contract_value":2000000}})" + "\n" +
                        org(1) + ",nowhere\n";
    write_file(w.dir.file("batch.csv"), input);
    auto r = run_credo(w.args({"--batch", w.dir.file("batch.csv"), "--no-audit"}));
    CHECK(r.exit_code == 2);
    std::vector<nlohmann::json> lines;
    std::size_t start = 0;
    while (start < r.out.size()) {
        auto end = r.out.find('\n', start);
        lines.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
        start = end + 1;
    }
    REQUIRE(lines.size() == 4);
    CHECK(lines[0]["verdict"] == "prohibit");
    CHECK(lines[1]["line"] == 3);
    CHECK(lines[1]["error"]["code"] == "invalid_id");
    CHECK(lines[2]["measures"][0]["measure"] == "tax_m.04");
    CHECK(lines[3]["error"]["code"] == "unknown_scenario");
}

TEST_CASE("credo check says which audit mode it runs in, durable unless --audit-mode batched") {
    cli_world w;
    auto text = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--at", "2021-06-01"}));
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("check id: 1") != std::string::npos);
    CHECK(text.out.find("\naudit (查询留痕): durable\n") != std::string::npos);
    auto json = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--json", "--audit-mode",
                                  "batched"}));
    REQUIRE(json.exit_code == 0);
    auto j = nlohmann::ordered_json::parse(json.out);
    CHECK(j["check_id"] == 2);
    CHECK(j["audit_mode"] == "batched");
    CHECK(std::prev(j.end()).key() == "audit_mode");  // added last, the decision's keys as they were
    CHECK(w.db->find_check(2));
    auto off = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--json", "--no-audit"}));
    CHECK(nlohmann::json::parse(off.out)["audit_mode"] == "off");
    auto bad = run_credo(w.args({"--subject", org(1), "--scenario", "public_bidding", "--audit-mode", "lazy"}));
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("--audit-mode") != std::string::npos);
}

TEST_CASE("credo check --batch passes every attribute on or refuses the line, never drops one") {
    cli_world w;
    auto line = [&](const std::string &attributes) {
        return R"({"subject":")" + org(1) + R"(","scenario":"honors","at":"2021-06-01","attributes":)" + attributes +
               "}\n";
    };
    write_file(w.dir.file("batch.jsonl"), line(R"({"contract_value":[2000000]})") + line(R"({"contract_value":true})") +
                                              line(R"([1,2])") + line(R"({"contract_value":2000000})"));
    auto r = run_credo(w.args({"--batch", w.dir.file("batch.jsonl"), "--no-audit"}));
    CHECK(r.exit_code == 2);
    std::vector<nlohmann::json> lines;
    for (std::size_t start = 0; start < r.out.size();) {
        auto end = r.out.find('\n', start);
        lines.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
        start = end + 1;
    }
    REQUIRE(lines.size() == 4);
    // An array is refused with its key; before, it was dropped and the check answered without it.
    CHECK(lines[0]["error"]["code"] == "invalid_argument");
    CHECK(lines[0]["error"]["message"].get<std::string>().find("attributes.contract_value") != std::string::npos);
    // A boolean is passed on as `true`; a number attribute then refuses it.
    CHECK(lines[1]["error"]["code"] == "invalid_argument");
    CHECK(lines[1]["error"]["message"].get<std::string>().find("contract_value") != std::string::npos);
    CHECK(lines[2]["error"]["message"] == "attributes: expected an object of key: value");
    CHECK(lines[3]["measures"][0]["measure"] == "tax_m.04");
}
