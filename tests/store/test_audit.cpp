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

