// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::temp_dir;

namespace {

check_record sample(int i) {
    check_record c;
    c.querier = "发展改革委";
    c.subject_id = i % 2 ? org1 : person1;
    c.scenario = "bond_issuance";
    c.as_of = *credo::date::parse("2024-05-01");
    c.verdict = i % 3 ? "none" : "strict_review";
    c.rules_version = "rules-1";
    c.store_version = i;
    c.decision_digest = "digest-" + std::to_string(i);
    return c;
}

void raw(const std::string &path, const char *sql) {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char *message = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("an untouched audit trail verifies, batched or one at a time") {
    temp_dir dir;
    auto db = store::open(dir.file("a.db"));
    CHECK(db.verify_audit().ok);
    CHECK(db.append_check(sample(1)) == 1);
    std::vector<check_record> batch;
    for (int i = 2; i <= 50; ++i) batch.push_back(sample(i));
    auto ids = db.append_checks(batch);
    CHECK(ids.front() == 2);
    CHECK(ids.back() == 50);
    auto report = db.verify_audit();
    CHECK(report.ok);
    CHECK(report.rows == 50);
    auto second = db.find_check(2);
    CHECK(second->prev_hash == db.find_check(1)->hash);
    CHECK(second->hash.size() == 64);
}

TEST_CASE("an edited audit row is named by verify") {
    temp_dir dir;
    std::string path = dir.file("a.db");
    {
        auto db = store::open(path);
        for (int i = 1; i <= 10; ++i) db.append_check(sample(i));
    }
    // The trail refuses updates; someone tampering drops the trigger first.
    raw(path, "DROP TRIGGER checks_fixed; UPDATE checks SET verdict = 'none' WHERE id = 6");
    auto db = store::open(path);
    auto report = db.verify_audit();
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_id == 6);
    CHECK(report.problem == "check 6: its hash does not match its content");
}

TEST_CASE("a deleted audit row and a rewritten hash are detected") {
    temp_dir dir;
    std::string path = dir.file("a.db");
    {
        auto db = store::open(path);
        for (int i = 1; i <= 5; ++i) db.append_check(sample(i));
    }
    raw(path, "DROP TRIGGER checks_keep; DELETE FROM checks WHERE id = 3");
    {
        auto db = store::open(path);
        auto report = db.verify_audit();
        CHECK(report.first_bad_id == 4);
        CHECK(report.problem == "check 4 follows check 2: rows are missing");
    }
    temp_dir dir2;
    std::string path2 = dir2.file("b.db");
    {
        auto db = store::open(path2);
        for (int i = 1; i <= 5; ++i) db.append_check(sample(i));
    }
    raw(path2, "DROP TRIGGER checks_fixed; UPDATE checks SET hash = '00' WHERE id = 2");
    auto db = store::open(path2);
    auto report = db.verify_audit();
    CHECK(report.first_bad_id == 2);
}


TEST_CASE("reserved check ids are never reused: unwritten ones become lost rows, the chain stays whole") {
    temp_dir dir;
    auto db = store::open(dir.file("a.db"));
    CHECK(db.append_check(sample(1)) == 1);
    // An engine in batched mode reserves 2..5, writes 2 and 3, and stops.
    CHECK(db.reserve_check_ids(4) == 2);
    std::vector<check_record> two{sample(2), sample(3)};
    db.append_reserved_checks(2, two, 5);
    CHECK(db.last_reserved_check_id() == 5);
    // Written under a reserved id only right after the last row: 5 cannot come before 4.
    std::vector<check_record> late{sample(5)};
    CHECK_THROWS_AS(db.append_reserved_checks(5, late, 5), error);
    // A reservation never goes back.
    db.append_reserved_checks(4, {}, 2);
    CHECK(db.last_reserved_check_id() == 5);
    // The next writer records 4 and 5 as lost, then numbers on from 6.
    CHECK(db.append_check(sample(6)) == 6);
    CHECK(db.find_check(4)->verdict == lost_check_verdict);
    CHECK(db.find_check(5)->verdict == lost_check_verdict);
    CHECK(db.find_check(3)->verdict == sample(3).verdict);
    auto report = db.verify_audit();
    CHECK(report.ok);
    CHECK(report.rows == 6);
    // A new reservation starts past every id written or reserved.
    CHECK(db.reserve_check_ids(10) == 7);
    CHECK(db.record_lost_checks() == 10);
    CHECK(db.record_lost_checks() == 0);
    CHECK(db.verify_audit().rows == 16);
    CHECK(db.verify_audit().ok);
}
