// SPDX-License-Identifier: Apache-2.0
// The store's commands end to end, through the real `credo` binary and the shipped rules.
#include <doctest/doctest.h>

#include <regex>

#include "store_fixture.hpp"

using namespace credo::store::testing;
using credo::test::read_file;
using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

// The summary line ends with the elapsed time, `(0.0s)`, which depends on the machine's load:
// tests compare the line without it.
std::string without_elapsed(const std::string &out) {
    static const std::regex elapsed(R"( \([0-9]+\.[0-9]s\)\n$)");
    return std::regex_replace(out, elapsed, "\n");
}

const std::string rules = std::string(CREDO_SOURCE_DIR) + "/rules";
const std::string sample = std::string(CREDO_SOURCE_DIR) + "/examples/data";

}  // namespace

TEST_CASE("credo import reports counts, exits 1 with rejects and 0 on a clean re-import") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    write_file(dir.file("l.csv"), std::string(list_header) + org1 + ",甲公司,2024-01-01,,d1,税务局,r\n" +
                                      "123,乙,2024-01-01,,d2,税务局,r\n");
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", "major_tax_violation", dir.file("l.csv"),
                        "--rejects", dir.file("rej.csv")});
    CHECK(r.exit_code == 1);
    CHECK(without_elapsed(r.out) == "2 rows: 1 inserted, 0 already recorded, 1 rejected\n");
    CHECK(r.err.find(dir.file("l.csv") + ":3: subject_id: invalid identifier: length is 3") != std::string::npos);
    CHECK(read_file(dir.file("rej.csv")).starts_with("line,column,reason,record\n3,\"subject_id\""));
    auto again = run_credo({"import", "--rules", rules, "--db", db, "--list", "major_tax_violation", dir.file("l.csv"),
                            "--quiet"});
    CHECK(without_elapsed(again.out) == "2 rows: 0 inserted, 1 already recorded, 1 rejected\n");
}

TEST_CASE("credo import --strict writes nothing and an unknown list is a usage error") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    write_file(dir.file("l.csv"), std::string(list_header) + org1 + ",甲公司,2024-01-01,,d1,税务局,r\n" +
                                      org2 + ",乙公司,2024-01-01,2023-01-01,d2,税务局,r\n");
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", "major_tax_violation", dir.file("l.csv"),
                        "--strict", "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("--strict: nothing was written") != std::string::npos);
    auto s = run_credo({"subject", org1, "--db", db, "--json"});
    CHECK(s.out.find("\"entries\":[]") != std::string::npos);
    auto bad = run_credo({"import", "--rules", rules, "--db", db, "--list", "no_such_list", dir.file("l.csv")});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "credo: unknown list `no_such_list`\n");
}

TEST_CASE("the sample data loads, and credo subject masks personal IDs unless asked") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    auto load = credo::test::run_process("/bin/bash", {sample + "/load.sh", db, CREDO_CLI, rules});
    REQUIRE_MESSAGE(load.exit_code == 0, load.err);
    auto person = run_credo({"subject", "410922197503120510", "--db", db, "--at", "2025-01-01"});
    CHECK(person.exit_code == 0);
    CHECK(person.out.starts_with("410922********0510  person  张建国\n"));
    CHECK(person.out.find("410922197503120510") == std::string::npos);
    CHECK(person.out.find("legal_representative of 91410922MA3X5K7P36 濮阳县宏达化工有限公司  since 2015-04-01") !=
          std::string::npos);
    auto shown = run_credo({"subject", "410922197503120510", "--db", db, "--show-ids"});
    CHECK(shown.out.starts_with("410922197503120510  person"));
    auto objection = run_credo({"subject", "91410900MA4A6C2NXP", "--db", db, "--at", "2024-06-01"});
    CHECK(objection.exit_code == 0);
    CHECK(objection.out.find("open objections:\n  #1 on entry") != std::string::npos);
    auto verify = run_credo({"audit", "verify", "--db", db});
    CHECK(verify.exit_code == 0);
    CHECK(verify.out == "audit trail intact: 0 checks\n");
}

TEST_CASE("credo objection and repair refuse illegal transitions with exit 2") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    auto add = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", "major_tax_violation", "--subject",
                          org1, "--name", "甲公司", "--listed-on", "2024-01-01", "--document", "d", "--initiator",
                          "税务局", "--by", "op"});
    REQUIRE(add.exit_code == 0);
    CHECK(add.out == "1\n");
    auto open = run_credo({"objection", "open", "--db", db, "--entry", "1", "--by", "甲公司", "--grounds", "g", "--on",
                           "2024-02-01"});
    CHECK(open.out == "1\n");
    auto resolve = run_credo({"objection", "resolve", "--db", db, "--objection", "1", "--outcome", "dismissed", "--by",
                              "税务局", "--note", "stands", "--on", "2024-02-10"});
    CHECK(resolve.exit_code == 0);
    CHECK(resolve.out == "objection 1 dismissed on 2024-02-10\n");
    auto twice = run_credo({"objection", "resolve", "--db", db, "--objection", "1", "--outcome", "accepted", "--by",
                            "税务局", "--note", "x", "--on", "2024-02-11"});
    CHECK(twice.exit_code == 2);
    CHECK(twice.err ==
          "credo: objection 1 was already dismissed on 2024-02-10; only a pending objection can be resolved\n");
    auto repair = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "1", "--on", "2025-01-01", "--reason",
                             "fixed", "--approved-by", "信用办"});
    CHECK(repair.out == "repair 1: entry 1 no longer counts from 2025-01-01\n");
    auto revoke = run_credo({"list", "revoke", "--db", db, "--entry", "1", "--on", "2025-02-01", "--by", "op",
                             "--reason", "x"});
    CHECK(revoke.exit_code == 2);
    CHECK(revoke.err == "credo: entry 1 is already repaired on 2025-01-01; only an active entry can be revoked\n");
}

TEST_CASE("credo gen writes a file per list and relations that import cleanly") {
    temp_dir dir;
    auto gen = run_credo({"gen", "--rules", rules, "--entries", "300", "--relations", "50", "--out", dir.file("g")});
    REQUIRE(gen.exit_code == 0);
    CHECK(gen.out.ends_with("300 entries, 50 relations\n"));
    auto r = run_credo({"import", "--rules", rules, "--db", dir.file("s.db"), "--relations", dir.file("g/relations.csv"),
                        "--quiet"});
    CHECK(r.exit_code == 0);
    auto l = run_credo({"import", "--rules", rules, "--db", dir.file("s.db"), "--list", "food_drug",
                        dir.file("g/food_drug.csv"), "--quiet"});
    CHECK(l.exit_code == 0);
}

TEST_CASE("an entry without an end date imports, is listed by hand, and shows no end date") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    // food_drug has no default term in the shipped rules.
    write_file(dir.file("l.csv"), "subject_id,subject_name,listed_on,expires_on,document,initiator,reason,established_on\n" +
                                      org1 + ",甲公司,2024-01-01,,食〔2024〕1号,市场监管局,r,2003-05-20\n" + org2 +
                                      ",乙公司,2024-01-01,,食〔2024〕2号,市场监管局,r,2003-02-30\n");
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", "food_drug", dir.file("l.csv"), "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK(without_elapsed(r.out) == "2 rows: 1 inserted, 0 already recorded, 1 rejected\n");
    CHECK(r.err == dir.file("l.csv") + ":3: established_on: established_on `2003-02-30` is not a real date\n");
    auto again = run_credo({"import", "--rules", rules, "--db", db, "--list", "food_drug", dir.file("l.csv"), "--quiet"});
    CHECK(without_elapsed(again.out) == "2 rows: 0 inserted, 1 already recorded, 1 rejected\n");
    auto add = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", "food_drug", "--subject", person1,
                          "--name", "张伟", "--listed-on", "2024-02-01", "--document", "食〔2024〕3号", "--initiator",
                          "市场监管局", "--by", "op"});
    CHECK(add.exit_code == 0);
    CHECK(add.out == "2\n");
    auto json = run_credo({"subject", org1, "--db", db, "--json", "--at", "2040-01-01"});
    CHECK(json.out.find("\"established_on\":\"2003-05-20\"") != std::string::npos);
    CHECK(json.out.find("\"expires_on\":null") != std::string::npos);
    CHECK(json.out.find("\"counts\":true") != std::string::npos);
    auto text = run_credo({"subject", org1, "--db", db, "--at", "2040-01-01"});
    CHECK(text.out.starts_with(org1 + "  enterprise  甲公司  established 2003-05-20\n"));
    CHECK(text.out.find("2024-01-01 .. —" + std::string(11, ' ') + "active") != std::string::npos);
    CHECK(text.out.find("counts") != std::string::npos);
    auto person = run_credo({"subject", person1, "--db", db, "--json"});
    CHECK(person.out.find("\"expires_on\":null") != std::string::npos);
    CHECK(person.out.find("\"established_on\":null") != std::string::npos);
}

TEST_CASE("credo import warns of a second establishment date and keeps the first") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    std::string header = "person_id,person_name,org_id,role,since,until,established_on\n";
    write_file(dir.file("r1.csv"), header + person1 + ",张伟," + org1 + ",legal_representative,2020-01-01,,2003-05-20\n");
    write_file(dir.file("r2.csv"), header + person2 + ",李娜," + org1 + ",director,2020-01-01,,2004-04-04\n");
    REQUIRE(run_credo({"import", "--rules", rules, "--db", db, "--relations", dir.file("r1.csv"), "--quiet"}).exit_code ==
            0);
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--relations", dir.file("r2.csv"), "--quiet"});
    CHECK(r.exit_code == 0);
    CHECK(without_elapsed(r.out) == "1 rows: 1 inserted, 0 already recorded, 0 rejected, 1 warning\n");
    CHECK(r.err == dir.file("r2.csv") + ":2: established_on: warning: subject " + org1 +
                       " is recorded with established_on `2003-05-20`; `2004-04-04` is not kept\n");
    auto s = run_credo({"subject", org1, "--db", db, "--json"});
    CHECK(s.out.find("\"established_on\":\"2003-05-20\"") != std::string::npos);
}

TEST_CASE("credo repair cites the rule's minimum period, and --performed only where performance ends an entry") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    // 法释〔2017〕7号: a court's listing ends when the obligation is performed.
    auto add = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", "dishonest_judgment_debtor",
                          "--subject", person1, "--name", "张伟", "--listed-on", "2024-01-01", "--document",
                          "(2024)豫0928执1号", "--initiator", "县法院", "--by", "op"});
    REQUIRE(add.exit_code == 0);
    auto missing = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "1", "--on", "2024-03-01",
                              "--approved-by", "信用办"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "credo: --reason is required (or --performed for 履行完毕)\n");
    auto performed = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "1", "--on", "2024-03-01",
                                "--performed", "--by", "县法院"});
    CHECK_MESSAGE(performed.exit_code == 0, performed.err);
    CHECK(performed.out == "repair 1: performance (履行完毕) recorded; entry 1 no longer counts from 2024-03-01\n");

    // 应急管理部令第11号: a work-safety listing from 2023-10-01 on is published a year before repair,
    // and its entries do not end on performance.
    auto safety = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", "work_safety", "--subject", org1,
                             "--name", "某矿业公司", "--listed-on", "2024-01-01", "--document", "县应急〔2024〕1号",
                             "--initiator", "县应急管理局", "--by", "op"});
    REQUIRE_MESSAGE(safety.exit_code == 0, safety.err);
    auto early = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "2", "--on", "2024-06-01", "--reason",
                            "已整改", "--by", "信用办"});
    CHECK(early.exit_code != 0);
    CHECK(early.err == "credo: entry 2 on list work_safety was listed on 2024-01-01; under 应急管理部令第11号 it can be "
                       "repaired from 2025-01-01 (minimum publication period 1y)\n");
    auto not_performance = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "2", "--on", "2024-06-01",
                                      "--performed", "--by", "县应急管理局"});
    CHECK(not_performance.exit_code != 0);
    CHECK(not_performance.err == "credo: entry 2 is on list work_safety, whose entries do not end on performance "
                                 "(履行完毕); record a credit repair instead\n");
    auto repaired = run_credo({"repair", "--rules", rules, "--db", db, "--entry", "2", "--on", "2025-01-01", "--reason",
                               "已整改", "--by", "信用办"});
    CHECK_MESSAGE(repaired.exit_code == 0, repaired.err);
    CHECK(repaired.out == "repair 2: entry 2 no longer counts from 2025-01-01\n");
}
