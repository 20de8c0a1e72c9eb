// SPDX-License-Identifier: Apache-2.0
// The audit trail records what was answered (issue 13): ids never reused across a crash, writes
// retried and then refused, a bounded queue, the check's own time, durable commits.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <set>
#include <sqlite3.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "engine_world.hpp"
#include "store/store_impl.hpp"

using namespace credo;
using namespace credo::test;

namespace {

engine open_engine(const world &w, engine_options o) {
    o.rules_dir = w.rules_dir;
    o.db_path = w.db_path;
    o.audit = true;
    auto e = engine::open(o);
    REQUIRE_MESSAGE(e, (e ? std::string() : e.error().message));
    return std::move(e.value());
}

status try_check(const engine &e, decision &d, const std::string &subject = org(1)) {
    query q;
    q.subject = subject;
    q.scenario = "public_bidding";
    q.as_of = day("2021-06-01");
    q.querier = "test";
    return e.check(q, d);
}

// Another connection holding the database's write lock (BEGIN IMMEDIATE), as a second writer
// would, until released.
class write_lock {
public:
    explicit write_lock(const std::string &path) {
        REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    ~write_lock() { release(); }
    write_lock(const write_lock &) = delete;
    write_lock &operator=(const write_lock &) = delete;
    void release() {
        if (!db_) return;
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db_);
        db_ = nullptr;
    }

private:
    sqlite3 *db_ = nullptr;
};

// The row count seen by a connection of its own, outside the engine.
std::int64_t rows_seen_elsewhere(const std::string &path) {
    auto db = store::store::open(path);
    return db.verify_audit().rows;
}

}  // namespace

TEST_CASE("durable: when a check returns its row is committed and visible to another connection") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    engine_options o;
    auto e = open_engine(w, o);
    CHECK(e.audit_mode() == "durable");
    for (std::int64_t i = 1; i <= 3; ++i) {
        decision d;
        REQUIRE(try_check(e, d));
        CHECK(d.check_id == i);
        CHECK(rows_seen_elsewhere(w.db_path) == i);  // no flush
        auto row = store::store::open(w.db_path).find_check(i);
        REQUIRE(row);
        CHECK(row->verdict == "prohibit");
    }
}

TEST_CASE("durable: concurrent checks share commits and get distinct and gapless ids" * doctest::test_suite("concurrency")) {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    engine_options o;
    auto e = open_engine(w, o);
    constexpr int threads = 4;
    constexpr int each = 200;
    std::vector<std::vector<std::int64_t>> ids(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            decision d;
            for (int i = 0; i < each; ++i) {
                if (try_check(e, d)) ids[static_cast<std::size_t>(t)].push_back(*d.check_id);
            }
        });
    }
    for (auto &t : pool) t.join();
    std::set<std::int64_t> all;
    for (const auto &v : ids) all.insert(v.begin(), v.end());
    CHECK(all.size() == threads * each);
    CHECK(*all.begin() == 1);
    CHECK(*all.rbegin() == threads * each);
    auto report = w.db->verify_audit();
    CHECK(report.ok);
    CHECK(report.rows == threads * each);
}

TEST_CASE("a row's time is the check's time, not the time it is written") {
    world w;
    engine_options o;
    o.audit_mode = audit_mode::batched;
    o.audit_interval_ms = 60000;  // the writer waits for a flush
    auto e = open_engine(w, o);
    CHECK(e.audit_mode() == "batched");
    std::string before = store::utc_timestamp();
    decision d;
    REQUIRE(try_check(e, d));
    std::string after = store::utc_timestamp();
    // Timestamps have milliseconds: the write below is at least one later than `after`.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(e.flush_audit());
    auto row = w.db->find_check(*d.check_id);
    REQUIRE(row);
    CHECK(row->at >= before);
    CHECK(row->at <= after);
}

TEST_CASE("batched: ids answered before a kill -9 are never handed out again") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    int ids_pipe[2];
    REQUIRE(pipe(ids_pipe) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child checks as fast as it can and reports each id it answered, until killed.
        close(ids_pipe[0]);
        engine_options o;
        o.rules_dir = w.rules_dir;
        o.db_path = w.db_path;
        o.audit_mode = audit_mode::batched;
        o.audit_batch = 64;
        o.audit_interval_ms = 50;
        auto e = engine::open(o);
        if (!e) _exit(3);
        decision d;
        for (;;) {
            if (!try_check(e.value(), d)) _exit(4);
            std::int64_t id = *d.check_id;
            if (write(ids_pipe[1], &id, sizeof id) != sizeof id) _exit(5);
        }
    }
    close(ids_pipe[1]);
    std::int64_t highest = 0;
    std::int64_t answered = 0;
    while (answered < 5000) {
        std::int64_t id = 0;
        REQUIRE(read(ids_pipe[0], &id, sizeof id) == sizeof id);
        CHECK(id == answered + 1);  // one thread: ids in order, without gaps
        highest = std::max(highest, id);
        ++answered;
    }
    kill(child, SIGKILL);
    int wstatus = 0;
    waitpid(child, &wstatus, 0);
    close(ids_pipe[0]);
    REQUIRE(WIFSIGNALED(wstatus));

    // The next engine, in either mode, starts past every id answered; the ids reserved but not
    // written are recorded as lost, so the chain stays whole.
    for (auto mode : {audit_mode::durable, audit_mode::batched}) {
        engine_options o;
        o.audit_mode = mode;
        auto e = open_engine(w, o);
        decision d;
        REQUIRE(try_check(e, d));
        CHECK(*d.check_id > highest);
        REQUIRE(e.flush_audit());
        highest = *d.check_id;
    }
    auto report = w.db->verify_audit();
    CHECK(report.ok);
    std::int64_t lost = 0;
    for (std::int64_t id = 1; id <= highest; ++id) {
        auto row = w.db->find_check(id);
        REQUIRE(row);
        if (row->verdict == store::lost_check_verdict) ++lost;
        else CHECK(row->subject_id == org(1));
    }
    MESSAGE("rows lost by the kill: ", lost);
}

TEST_CASE("a locked database: the write is retried and succeeds once the lock is released" * doctest::test_suite("concurrency")) {
    world w;
    engine_options o;
    o.audit_retry_ms = 30000;
    auto e = open_engine(w, o);
    write_lock lock(w.db_path);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        lock.release();
    });
    decision d;
    auto s = try_check(e, d);
    release.join();
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    CHECK(d.check_id == 1);
    CHECK(w.db->find_check(1));
}

TEST_CASE("durable: a database locked past the retry bound refuses the check and every later one") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    engine_options o;
    o.audit_retry_ms = 200;
    {
        auto e = open_engine(w, o);
        write_lock lock(w.db_path);
        decision d;
        auto s = try_check(e, d);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == error_code::store_error);
        CHECK(s.error().message.find("cannot be written") != std::string::npos);
        CHECK(s.error().message.find("locked") != std::string::npos);
        CHECK_FALSE(d.check_id);  // nothing handed out
        CHECK(d.verdict.empty());
        lock.release();
        // Failed: refused until opened again, even with the lock gone.
        auto later = try_check(e, d);
        REQUIRE_FALSE(later);
        CHECK(later.error().code == error_code::store_error);
        CHECK_FALSE(e.flush_audit());
    }
    auto e = open_engine(w, o);
    decision d;
    REQUIRE(try_check(e, d));
    CHECK(d.check_id == 1);
    CHECK(w.db->verify_audit().ok);
}

TEST_CASE("batched: a write that fails past the retry bound stores nothing under a wrong id") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    engine_options o;
    o.audit_mode = audit_mode::batched;
    o.audit_retry_ms = 200;
    o.audit_interval_ms = 1;
    std::int64_t answered = 0;
    {
        auto e = open_engine(w, o);
        decision d;
        REQUIRE(try_check(e, d));  // written
        REQUIRE(e.flush_audit());
        write_lock lock(w.db_path);
        REQUIRE(try_check(e, d));  // answered, queued: its write fails
        answered = *d.check_id;
        CHECK(answered == 2);
        auto flushed = e.flush_audit();
        REQUIRE_FALSE(flushed);
        CHECK(flushed.error().code == error_code::store_error);
        lock.release();
        auto later = try_check(e, d);
        REQUIRE_FALSE(later);
        CHECK(later.error().code == error_code::store_error);
        CHECK_FALSE(d.check_id);
    }
    // Check 2 was answered but never written: it is recorded as lost, and a new check gets 3.
    auto e = open_engine(w, o);
    decision d;
    REQUIRE(try_check(e, d));
    CHECK(d.check_id == 3);
    REQUIRE(e.flush_audit());
    auto lost = w.db->find_check(2);
    REQUIRE(lost);
    CHECK(lost->verdict == store::lost_check_verdict);
    CHECK(w.db->find_check(3)->verdict == "prohibit");
    CHECK(w.db->verify_audit().ok);
}

TEST_CASE("a full audit queue makes checks wait and then fail clearly until it drains" * doctest::test_suite("concurrency")) {
    world w;
    engine_options o;
    o.audit_mode = audit_mode::batched;
    o.audit_queue = 4;
    o.audit_wait_ms = 100;
    o.audit_retry_ms = 60000;
    o.audit_interval_ms = 1;
    auto e = open_engine(w, o);
    {
        write_lock lock(w.db_path);
        decision d;
        for (int i = 1; i <= 4; ++i) REQUIRE(try_check(e, d));
        auto full = try_check(e, d);
        REQUIRE_FALSE(full);
        CHECK(full.error().code == error_code::store_error);
        CHECK(full.error().message.find("the audit queue is full") != std::string::npos);
        CHECK_FALSE(d.check_id);
    }
    REQUIRE(e.flush_audit());
    decision d;
    REQUIRE(try_check(e, d));
    CHECK(d.check_id == 5);
    REQUIRE(e.flush_audit());
    CHECK(w.db->verify_audit().rows == 5);
    CHECK(w.db->verify_audit().ok);
}

TEST_CASE("check_batch in durable mode commits the batch's rows together") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    engine_options o;
    auto e = open_engine(w, o);
    std::string subject = org(1);
    std::vector<query> queries(10, query{.subject = subject, .scenario = "public_bidding", .as_of = day("2021-06-01")});
    queries[3].subject = "bad";
    std::vector<decision> out(queries.size());
    std::vector<status> statuses(queries.size());
    CHECK(e.check_batch(queries, out, statuses) == 9);
    CHECK_FALSE(statuses[3]);
    CHECK(out[0].check_id == 1);
    CHECK(out[9].check_id == 9);
    CHECK(rows_seen_elsewhere(w.db_path) == 9);
}
