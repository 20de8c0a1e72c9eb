// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "store/store_impl.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using credo::test::temp_dir;

namespace {

void set_user_version(const std::string &path, int version) {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    std::string sql = "PRAGMA user_version = " + std::to_string(version);
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

int scalar(sql::connection &db, const char *sql) {
    auto s = db.prepare(sql);
    s.step();
    return static_cast<int>(s.int64(0));
}

}  // namespace

TEST_CASE("opening a new database applies every migration, in WAL mode with foreign keys on") {
    temp_dir dir;
    auto db = store::open(dir.file("a.db"));
    CHECK(db.schema_version() == latest_schema_version());
    auto &c = db.internals().db;
    auto mode = c.prepare("PRAGMA journal_mode");
    mode.step();
    CHECK(mode.text(0) == "wal");
    CHECK(scalar(c, "PRAGMA foreign_keys") == 1);
    CHECK(db.data_version() == 0);
}

TEST_CASE("reopening a database at the current version changes nothing") {
    temp_dir dir;
    { auto db = store::open(dir.file("a.db")); }
    auto db = store::open(dir.file("a.db"));
    CHECK(db.schema_version() == latest_schema_version());
}

TEST_CASE("a database written by a newer credo is refused with a clear error") {
    temp_dir dir;
    { auto db = store::open(dir.file("a.db")); }
    set_user_version(dir.file("a.db"), latest_schema_version() + 1);
    try {
        (void)store::open(dir.file("a.db"));
        FAIL("expected an error");
    } catch (const error &e) {
        std::string message = e.what();
        CHECK(message.find("has schema version " + std::to_string(latest_schema_version() + 1)) != std::string::npos);
        CHECK(message.find("newer than the " + std::to_string(latest_schema_version()) + " this credo knows") !=
              std::string::npos);
    }
}

TEST_CASE("a missing database is not created when create is off") {
    temp_dir dir;
    open_options o;
    o.create = false;
    CHECK_THROWS_AS((void)store::open(dir.file("missing.db"), o), error);
}

TEST_CASE("migrations run forward in order, each in its own transaction") {
    temp_dir dir;
    sql::connection db(dir.file("m.db"), true, false);
    const detail::migration two[] = {{"CREATE TABLE a (x)"}, {"CREATE TABLE b (y)"}};
    detail::migrate(db, std::span(two, 1));
    CHECK(scalar(db, "PRAGMA user_version") == 1);
    detail::migrate(db, two);
    CHECK(scalar(db, "PRAGMA user_version") == 2);
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')") == 2);
}

TEST_CASE("a failing migration leaves the schema at the last version that succeeded") {
    temp_dir dir;
    sql::connection db(dir.file("m.db"), true, false);
    const detail::migration steps[] = {{"CREATE TABLE a (x)"}, {"CREATE TABLE b (y); CREATE TABLE a (z)"}};
    CHECK_THROWS_AS(detail::migrate(db, steps), error);
    CHECK(scalar(db, "PRAGMA user_version") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'b'") == 0);
}

TEST_CASE("version 3 rewrites the entries' status constraint as comparisons, keeping rows and meaning") {
    temp_dir dir;
    std::string path = dir.file("v2.db");
    {
        sql::connection c(path, true, false);
        c.exec("PRAGMA journal_mode = WAL");
        detail::migrate(c, detail::schema_migrations().first(2));
        c.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('91440300MA5F0000X1', 'enterprise', "
               "'甲', 't')");
        c.exec("INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
               "recorded_by, recorded_at) VALUES ('major_tax_violation', 1, '2024-01-01', '2027-01-01', 'd', 'i', "
               "'r', 'me', 't')");
        CHECK(scalar(c, "PRAGMA user_version") == 2);
    }
    auto db = store::open(path);
    CHECK(db.schema_version() == latest_schema_version());
    auto &c = db.internals().db;
    CHECK(scalar(c, "SELECT count(*) FROM entries WHERE status = 'active' AND subject_id = 1") == 1);
    auto table = c.prepare("SELECT sql FROM sqlite_schema WHERE name = 'entries'");
    REQUIRE(table.step());
    std::string text(table.text(0));
    CHECK(text.find("status IN (") == std::string::npos);
    CHECK(text.find("CHECK (status = 'active' OR status = 'repaired' OR status = 'revoked')") != std::string::npos);
    // Still the same constraint.
    CHECK_THROWS_AS(c.exec("UPDATE entries SET status = 'lost', status_on = '2025-01-01' WHERE id = 1"), error);
    c.exec("UPDATE entries SET status = 'revoked', status_on = '2025-01-01' WHERE id = 1");
    auto check = c.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
    // What the rewrite is for: writing an entry no longer builds a temporary index per row.
    auto plan = c.prepare(
        "EXPLAIN INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
        "import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int ephemeral = 0;
    while (plan.step()) ephemeral += plan.text(1) == "OpenEphemeral";
    CHECK(ephemeral == 0);
}

TEST_CASE("migration 3 refuses an entries table it does not recognise, leaving version 2") {
    temp_dir dir;
    sql::connection c(dir.file("odd.db"), true, false);
    const detail::migration steps[] = {
        {"CREATE TABLE entries (id INTEGER PRIMARY KEY, status TEXT CHECK (status IN ('a', 'b', 'c')))"},
        {""},
        detail::schema_migrations()[2]};
    try {
        detail::migrate(c, steps);
        FAIL("the migration ran");
    } catch (const error &e) {
        CHECK(std::string(e.what()).find("migration 3") != std::string::npos);
    }
    CHECK(scalar(c, "PRAGMA user_version") == 2);
}

TEST_CASE("rows are never deleted: triggers refuse it") {
    temp_dir dir;
    auto db = store::open(dir.file("a.db"), testing::test_options());
    auto rules = testing::test_catalog();
    auto id = db.add_entry(rules, {"major_tax_violation", testing::org1, "甲公司", "2024-01-01", "", "税稽〔2024〕1号",
                                   "税务局", "偷税", "tester"});
    REQUIRE(id);
    CHECK_THROWS_WITH_AS(db.internals().db.exec("DELETE FROM entries"), doctest::Contains("entries are never deleted"),
                         error);
    CHECK_THROWS_WITH_AS(db.internals().db.exec("DELETE FROM events"), doctest::Contains("events are never deleted"),
                         error);
}

TEST_CASE("a statement is cached by its text, not by where the text lives") {
    // Regression: the cache was keyed by the SQL's address, so a multi-row INSERT built in a
    // string at the address of a freed one (the list import's, then the relation import's on
    // the same connection) ran the freed string's statement.
    temp_dir dir;
    sql::connection db(dir.file("cache.db"), true, false);
    std::string text = "SELECT 'the first statement'";
    const char *address = nullptr;
    {
        auto s = db.prepare(text.c_str());
        REQUIRE(s.step());
        CHECK(s.text(0) == "the first statement");
        address = text.c_str();
    }
    // The same buffer, another statement.
    text.replace(text.find("first"), 5, "other");
    REQUIRE(text.c_str() == address);
    auto s = db.prepare(text.c_str());
    REQUIRE(s.step());
    CHECK(s.text(0) == "the other statement");
}

TEST_CASE("version 4 lets an entry have no end date and adds establishment dates, repair kinds, warnings") {
    temp_dir dir;
    std::string path = dir.file("v3.db");
    {
        sql::connection c(path, true, false);
        c.exec("PRAGMA journal_mode = WAL");
        detail::migrate(c, detail::schema_migrations().first(3));
        c.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('91440300MA5F0000X1', 'enterprise', "
               "'甲', '2025-06-30T17:00:00.000Z')");
        c.exec("INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
               "recorded_by, recorded_at) VALUES ('major_tax_violation', 1, '2024-01-01', '2027-01-01', 'd', 'i', "
               "'r', 'me', 't')");
        c.exec("INSERT INTO repairs (entry_id, repaired_on, reason, approved_by, recorded_at) VALUES "
               "(1, '2025-01-01', 'fixed', '信用办', 't')");
        c.exec("INSERT INTO imports (what, list_id, path, fingerprint, recorded_by, started_at) VALUES "
               "('list', 'major_tax_violation', 'f.csv', 'x', 'me', 't')");
        // Version 3 refuses an entry without an end date.
        CHECK_THROWS_AS(c.exec("INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, "
                               "reason, recorded_by, recorded_at) VALUES ('food_drug', 1, '2024-01-01', NULL, 'd2', "
                               "'i', 'r', 'me', 't')"),
                        error);
        CHECK(scalar(c, "PRAGMA user_version") == 3);
    }
    auto db = store::open(path, testing::test_options());
    CHECK(db.schema_version() == latest_schema_version());
    auto &c = db.internals().db;
    // The rows are as they were; the new columns have their defaults.
    CHECK(db.find_entry(1)->expires_on->to_string() == "2027-01-01");
    CHECK_FALSE(db.find_subject("91440300MA5F0000X1")->established_on.has_value());
    CHECK(scalar(c, "SELECT count(*) FROM repairs WHERE kind = 'repair'") == 1);
    CHECK(scalar(c, "SELECT warnings FROM imports") == 0);
    auto table = c.prepare("SELECT sql FROM sqlite_schema WHERE name = 'entries'");
    REQUIRE(table.step());
    std::string text(table.text(0));
    CHECK(text.find("expires_on    TEXT NOT NULL") == std::string::npos);
    CHECK(text.find("expires_on    TEXT,           -- exclusive; NULL: no end date") != std::string::npos);
    // Now an entry may have no end date; the other constraints stand.
    auto rules = testing::test_catalog();
    auto open_ended = db.add_entry(rules, {"food_drug", "91440300MA5F0000X1", "甲", "2024-01-01", "", "d2", "i", "r",
                                           "me"});
    REQUIRE_MESSAGE(open_ended, open_ended.error());
    CHECK_FALSE(db.find_entry(*open_ended)->expires_on.has_value());
    CHECK_THROWS_AS(c.exec("INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, "
                           "reason, recorded_by, recorded_at) VALUES ('food_drug', 1, '2024-01-01', '2023-01-01', "
                           "'d3', 'i', 'r', 'me', 't')"),
                    error);
    CHECK_THROWS_AS(c.exec("UPDATE repairs SET kind = 'other' WHERE id = 1"), error);
    c.exec("UPDATE subjects SET established_on = '2001-02-03' WHERE id = 1");
    CHECK(db.find_subject("91440300MA5F0000X1")->established_on->to_string() == "2001-02-03");
    // The snapshot's reader gives the date the subject was first recorded.
    std::string first_recorded;
    db.read([&](store::reader &r) {
        r.subjects([&](const store::subject_row &row) { first_recorded = row.first_recorded.to_string(); });
    });
    CHECK(first_recorded == "2025-06-30");
    auto check = c.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.text(0) == "ok");
    // Writing an entry still builds no temporary index.
    auto plan = c.prepare(
        "EXPLAIN INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
        "import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    int ephemeral = 0;
    while (plan.step()) ephemeral += plan.text(1) == "OpenEphemeral";
    CHECK(ephemeral == 0);
}

TEST_CASE("migration 4 refuses an entries table it does not recognise, leaving version 3") {
    temp_dir dir;
    sql::connection c(dir.file("odd.db"), true, false);
    const detail::migration steps[] = {
        {"CREATE TABLE entries (id INTEGER PRIMARY KEY, expires_on TEXT NOT NULL); CREATE TABLE subjects (id); "
         "CREATE TABLE repairs (id); CREATE TABLE imports (id)"},
        {""},
        {""},
        detail::schema_migrations()[3]};
    try {
        detail::migrate(c, steps);
        FAIL("the migration ran");
    } catch (const error &e) {
        CHECK(std::string(e.what()).find("does not have the expires_on column of schema version 1, so migration 4") !=
              std::string::npos);
    }
    CHECK(scalar(c, "PRAGMA user_version") == 3);
    CHECK(scalar(c, "SELECT count(*) FROM pragma_table_info('subjects') WHERE name = 'established_on'") == 0);
}
