// SPDX-License-Identifier: Apache-2.0
// The store's commands end to end, through the real `credo` binary and the shipped rules.
#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace credo::store::testing;
using credo::test::read_file;
using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

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
    CHECK(r.out == "2 rows: 1 inserted, 0 already recorded, 1 rejected (0.0s)\n");
    CHECK(r.err.find(dir.file("l.csv") + ":3: subject_id: invalid identifier: length is 3") != std::string::npos);
    CHECK(read_file(dir.file("rej.csv")).starts_with("line,column,reason,record\n3,\"subject_id\""));
    auto again = run_credo({"import", "--rules", rules, "--db", db, "--list", "major_tax_violation", dir.file("l.csv"),
                            "--quiet"});
    CHECK(again.out == "2 rows: 0 inserted, 1 already recorded, 1 rejected (0.0s)\n");
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
    auto repair = run_credo({"repair", "--db", db, "--entry", "1", "--on", "2025-01-01", "--reason", "fixed",
                             "--approved-by", "信用办"});
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
