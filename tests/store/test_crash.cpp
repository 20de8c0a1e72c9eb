// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <sqlite3.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "store/import.hpp"
#include "store/store_impl.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::temp_dir;

namespace {

// Committed progress of the import, read through a separate connection.
std::int64_t committed_offset(const std::string &path) {
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt *s = nullptr;
    std::int64_t offset = 0;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(next_offset), 0) FROM imports", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        offset = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return offset;
}

}  // namespace

TEST_CASE("an import killed mid-way leaves the database consistent and a re-run finishes without duplicates or gaps" * doctest::test_suite("concurrency")) {
    temp_dir dir;
    auto rules = test_catalog();
    const std::uint64_t rows = 60000;
    std::string csv = dir.file("big.csv");
    std::string db_path = dir.file("s.db");
    write_list_csv(rules, "major_tax_violation", csv, rows, 3);
    { auto db = store::open(db_path); }  // create the schema before the child races us

    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child imports in small batches, slowed down so the parent can catch it mid-way.
        auto db = store::open(db_path);
        import_options o;
        o.batch_rows = 1000;
        o.rejects_path = dir.file("rejects.csv");
        o.progress = [](const import_progress &) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); };
        (void)import_list(db, rules, "major_tax_violation", csv, o);
        _exit(0);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (committed_offset(db_path) == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));

    auto db = store::open(db_path);
    auto count = [&](const char *sql) {
        auto s = db.internals().db.prepare(sql);
        s.step();
        return static_cast<std::uint64_t>(s.int64(0));
    };
    std::uint64_t before = count("SELECT count(*) FROM entries");
    INFO("entries committed before the kill: " << before);
    CHECK(before < rows);
    CHECK(count("SELECT count(*) FROM imports WHERE finished_at IS NULL") == 1);

    import_options o;
    o.rejects_path = dir.file("rejects.csv");
    auto r = import_list(db, rules, "major_tax_violation", csv, o);
    REQUIRE(r);
    CHECK(r->resumed);
    CHECK(r->rows == rows);
    CHECK(r->inserted == rows);
    CHECK(r->unchanged == 0);
    CHECK(r->rejected == 0);
    CHECK(count("SELECT count(*) FROM entries") == rows);
    CHECK(count("SELECT count(DISTINCT subject_id || list_id || listed_on || document) FROM entries") == rows);
    CHECK(count("SELECT count(*) FROM imports WHERE finished_at IS NULL") == 0);
    // Every entry is covered by exactly one batch event.
    std::uint64_t covered = 0;
    for (const auto &ev : db.events_since(0, 100000)) covered += *ev.last_entry_id - *ev.entry_id + 1;
    CHECK(covered == rows);
    // Every row of the file is in the database: compare the generated subjects with the stored ones.
    credo::store::store::entry_row last{};
    std::uint64_t seen = 0;
    db.read([&](store::reader &reader) { reader.entries(true, [&](const store::entry_row &) { ++seen; }); });
    CHECK(seen == rows);
    (void)last;
}
