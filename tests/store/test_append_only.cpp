// SPDX-License-Identifier: Apache-2.0
// Every SQL form of rewriting a kept row, tried through a plain sqlite3 connection (as someone
// with the database file and the sqlite3 shell would), with recursive_triggers off (SQLite's
// default) and on: each is refused (or, for a row known by its natural key, skipped) and leaves
// the table exactly as it was.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store/checkpoint.hpp"
#include "store/sqlite.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::temp_dir;

namespace {

struct raw_db {
    sqlite3 *db = nullptr;
    explicit raw_db(const std::string &path) { REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK); }
    ~raw_db() { sqlite3_close(db); }
    // The statement's result code; its message in `message`.
    int exec(const std::string &sql, std::string *message = nullptr) const {
        char *text = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &text);
        if (message) *message = text ? text : "";
        sqlite3_free(text);
        return rc;
    }
    // Every row of `table`, every column, in key order, as text.
    std::string dump(const std::string &table, const std::string &key) const {
        std::string out;
        auto collect = [](void *to, int n, char **values, char **) {
            auto &s = *static_cast<std::string *>(to);
            for (int i = 0; i < n; ++i) s += (values[i] ? values[i] : "NULL") + std::string("|");
            s += '\n';
            return 0;
        };
        std::string sql = "SELECT * FROM main." + table + " ORDER BY " + key;
        REQUIRE(sqlite3_exec(db, sql.c_str(), collect, &out, nullptr) == SQLITE_OK);
        return out;
    }
};

struct kept_table {
    std::string name, key, column;  // `column`: a text column the forgeries change
    bool natural_key = false;       // has a UNIQUE key besides its id (entries, subjects)
};

const std::vector<kept_table> kept_tables = {
    {"entries", "id", "reason", true}, {"subjects", "id", "name", true}, {"events", "seq", "at"},
    {"checks", "id", "verdict"},       {"feedback", "id", "note"},       {"checkpoints", "id", "at"},
};

// Two rows in every kept table: two entries (one revoked), their subjects and events, two
// checks with feedback, two checkpoints.
void fill(const std::string &path, const temp_dir &dir) {
    auto db = store::open(path, test_options());
    auto rules = test_catalog();
    auto first = db.add_entry(rules, {"major_tax_violation", org1, "甲公司", "2024-01-01", "", "税稽〔2024〕1号",
                                      "税务局", "偷税", "op"});
    auto second = db.add_entry(rules, {"major_tax_violation", org2, "乙公司", "2024-01-01", "", "税稽〔2024〕2号",
                                       "税务局", "偷税", "op"});
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(db.revoke_entry(*second, *credo::date::parse("2024-06-01"), "op", "wrongly listed"));
    for (int i = 0; i < 2; ++i) {
        check_record c;
        c.querier = "发展改革委";
        c.subject_id = org1;
        c.scenario = "bond_issuance";
        c.as_of = *credo::date::parse("2024-05-01");
        c.verdict = "strict_review";
        c.rules_version = "r";
        c.decision_digest = "d";
        auto id = db.append_check(c);
        REQUIRE(db.record_feedback({id, "m1", "发展改革委", feedback_outcome::applied, "done"}));
    }
    signing_key::generate(dir.file("key.pem"), dir.file("pub.pem"));
    auto key = signing_key::load_private(dir.file("key.pem"));
    make_checkpoint(db, key);
    make_checkpoint(db, key);
}

}  // namespace

TEST_CASE("every SQL form of rewriting a kept row is refused and changes nothing") {
    temp_dir dir;
    std::string path = dir.file("s.db");
    fill(path, dir);
    raw_db raw(path);
    int tried = 0;
    for (bool recursive : {false, true}) {
        REQUIRE(raw.exec(recursive ? "PRAGMA recursive_triggers = ON" : "PRAGMA recursive_triggers = OFF") ==
                SQLITE_OK);
        for (const auto &t : kept_tables) {
            // Forged copies of row 1: the same key with a changed column, and (for tables with a
            // natural key) no key at all, so that only the natural key collides.
            REQUIRE(raw.exec("DROP TABLE IF EXISTS temp.forged; DROP TABLE IF EXISTS temp.forged_new; "
                             "CREATE TEMP TABLE forged AS SELECT * FROM main." + t.name + " WHERE " + t.key +
                             " = 1; UPDATE temp.forged SET " + t.column + " = 'forged'; "
                             "CREATE TEMP TABLE forged_new AS SELECT * FROM temp.forged; "
                             "UPDATE temp.forged_new SET " + t.key + " = NULL") == SQLITE_OK);
            std::vector<std::string> attempts = {
                "DELETE FROM main." + t.name + " WHERE " + t.key + " = 1",
                "DELETE FROM main." + t.name,
                "UPDATE main." + t.name + " SET " + t.column + " = 'forged' WHERE " + t.key + " = 1",
                "UPDATE main." + t.name + " SET " + t.key + " = 99 WHERE " + t.key + " = 1",
                "INSERT OR REPLACE INTO main." + t.name + " SELECT * FROM temp.forged",
                "REPLACE INTO main." + t.name + " SELECT * FROM temp.forged",
                "UPDATE OR REPLACE main." + t.name + " SET " + t.key + " = 2 WHERE " + t.key + " = 1",
                "UPDATE OR REPLACE main." + t.name + " SET " + t.column + " = 'forged' WHERE " + t.key + " = 1",
                "INSERT INTO main." + t.name + " SELECT * FROM temp.forged WHERE true ON CONFLICT (" + t.key +
                    ") DO UPDATE SET " + t.column + " = excluded." + t.column,
                "INSERT INTO main." + t.name + " SELECT * FROM temp.forged WHERE true ON CONFLICT DO UPDATE SET " +
                    t.column + " = excluded." + t.column,
            };
            // Statements that collide with an entry's identity or a subject's code only are skipped
            // without an error (schema.cpp, entries_known); they too leave the table as it was.
            std::vector<std::string> skipped;
            if (t.natural_key) {
                auto &to = skipped;
                to.push_back("INSERT OR REPLACE INTO main." + t.name + " SELECT * FROM temp.forged_new");
                to.push_back("REPLACE INTO main." + t.name + " SELECT * FROM temp.forged_new");
                to.push_back("INSERT INTO main." + t.name +
                             " SELECT * FROM temp.forged_new WHERE true ON CONFLICT DO UPDATE SET " + t.column +
                             " = excluded." + t.column);
            }
            if (t.name == "entries") {
                // A natural-key collision by UPDATE: entry 2 takes entry 1's identity.
                attempts.push_back("UPDATE OR REPLACE main.entries SET subject_id = (SELECT subject_id FROM entries "
                                   "WHERE id = 1), document = (SELECT document FROM entries WHERE id = 1) "
                                   "WHERE id = 2");
                // A revoked entry never becomes active again, and an active one keeps its term.
                attempts.push_back("UPDATE main.entries SET status = 'active', status_on = NULL, status_by = NULL, "
                                   "status_reason = NULL WHERE id = 2");
                attempts.push_back("UPDATE main.entries SET expires_on = '2024-01-02' WHERE id = 1");
            }
            if (t.name == "subjects") {
                attempts.push_back("UPDATE OR REPLACE main.subjects SET code = (SELECT code FROM subjects WHERE id = 2) "
                                   "WHERE id = 1");
            }
            std::string before = raw.dump(t.name, t.key);
            for (const auto &sql : attempts) {
                CAPTURE(sql);
                CAPTURE(recursive);
                std::string message;
                CHECK(raw.exec(sql, &message) != SQLITE_OK);
                CHECK(raw.dump(t.name, t.key) == before);
                ++tried;
            }
            for (const auto &sql : skipped) {
                CAPTURE(sql);
                CAPTURE(recursive);
                CHECK(raw.exec(sql) == SQLITE_OK);
                CHECK(sqlite3_changes(raw.db) == 0);
                CHECK(raw.dump(t.name, t.key) == before);
                ++tried;
            }
        }
    }
    MESSAGE("rewriting statements tried: " << tried);
    CHECK(tried == 2 * (6 * 10 + 2 * 3 + 3 + 1));
}

TEST_CASE("what the store changes itself still works under the append-only triggers") {
    temp_dir dir;
    std::string path = dir.file("s.db");
    fill(path, dir);
    auto db = store::open(path, test_options());
    auto rules = test_catalog();
    // Re-adding a known entry is no error and no change (ON CONFLICT DO NOTHING).
    auto again = db.add_entry(rules, {"major_tax_violation", org1, "甲公司", "2024-01-01", "", "税稽〔2024〕1号",
                                      "税务局", "偷税", "op"});
    REQUIRE(again);
    CHECK(*again == 1);
    // An active entry's status changes by revocation.
    CHECK(db.revoke_entry(1, *credo::date::parse("2024-07-01"), "op", "court order"));
    CHECK(db.find_entry(1)->status == entry_status::revoked);
    // A subject first known by its code alone gets its name.
    raw_db raw(path);
    CHECK(raw.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('X', 'person', '', 't')") == SQLITE_OK);
    CHECK(raw.exec("UPDATE subjects SET name = '丙' WHERE code = 'X'") == SQLITE_OK);
    CHECK(raw.exec("UPDATE subjects SET name = '丁' WHERE code = 'X'") != SQLITE_OK);
    // A subject stored without a name is not replaced by one that brings it: refused, unless
    // the connection's recursive_triggers makes the delete trigger refuse the REPLACE.
    CHECK(raw.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('Y', 'person', '', 't')") == SQLITE_OK);
    CHECK(raw.exec("INSERT OR REPLACE INTO subjects (code, kind, name, recorded_at) VALUES ('Y', 'person', '戊', 'u')") !=
          SQLITE_OK);
    CHECK(raw.exec("PRAGMA recursive_triggers = ON") == SQLITE_OK);
    CHECK(raw.exec("INSERT OR REPLACE INTO subjects (code, kind, name, recorded_at) VALUES ('Y', 'person', '戊', 'u')") !=
          SQLITE_OK);
    // credo's upsert fills it in.
    CHECK(raw.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('Y', 'person', '戊', 'u') "
                   "ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE subjects.name = ''") == SQLITE_OK);
    CHECK(db.find_subject("Y")->name == "戊");
    // And an establishment date not yet known, once.
    CHECK(raw.exec("UPDATE subjects SET established_on = '2000-01-01' WHERE code = 'X'") == SQLITE_OK);
    CHECK(raw.exec("UPDATE subjects SET established_on = '2001-01-01' WHERE code = 'X'") != SQLITE_OK);
}

TEST_CASE("credo's own connections turn recursive_triggers on, so REPLACE meets the delete triggers") {
    temp_dir dir;
    std::string path = dir.file("s.db");
    fill(path, dir);
    credo::store::sql::connection c(path, false, false);
    auto s = c.prepare("PRAGMA recursive_triggers");
    REQUIRE(s.step());
    CHECK(s.int64(0) == 1);
}

TEST_CASE("a database of schema version 4 gains the append-only triggers and the checkpoints table") {
    temp_dir dir;
    std::string path = dir.file("v4.db");
    {
        credo::store::sql::connection c(path, true, false);
        auto steps = detail::schema_migrations().first(4);
        detail::migrate(c, steps);
        c.exec("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('A', 'person', 'a', 't');"
               "INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
               "recorded_by, recorded_at) VALUES ('major_tax_violation', 1, '2024-01-01', '2027-01-01', 'd', 'i', "
               "'r', 'op', 't')");
    }
    {
        raw_db raw(path);
        // Before version 5, REPLACE erased an active listing without a word.
        CHECK(raw.exec("INSERT OR REPLACE INTO entries (id, list_id, subject_id, listed_on, expires_on, document, "
                       "initiator, reason, recorded_by, recorded_at) VALUES (1, 'major_tax_violation', 1, "
                       "'2024-01-01', '2024-01-02', 'd', 'i', 'r', 'op', 't')") == SQLITE_OK);
        CHECK(raw.exec("UPDATE entries SET expires_on = '2027-01-01' WHERE id = 1") == SQLITE_OK);
    }
    auto db = store::open(path, test_options());
    raw_db raw(path);
    std::string before = raw.dump("entries", "id");
    CHECK(raw.exec("INSERT OR REPLACE INTO entries (id, list_id, subject_id, listed_on, expires_on, document, "
                   "initiator, reason, recorded_by, recorded_at) VALUES (1, 'major_tax_violation', 1, "
                   "'2024-01-01', '2024-01-02', 'd', 'i', 'r', 'op', 't')") != SQLITE_OK);
    CHECK(raw.dump("entries", "id") == before);
    CHECK(raw.exec("SELECT count(*) FROM checkpoints") == SQLITE_OK);
}
