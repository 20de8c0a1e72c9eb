// SPDX-License-Identifier: Apache-2.0
// I/O fault injection, the way SQLite tests itself: a shim VFS wraps the default "unix" VFS and
// fails the Nth read, write, sync or lock call, and each write operation of the store is run
// once for every N until it no longer reaches N. Every run must end with a clear error (a
// result's message or a store::error, never a crash or std::terminate); the database, reopened
// through the plain "unix" VFS, must pass PRAGMA integrity_check; and the operation's
// transaction must be all there or not there at all.
//
// Two fault kinds: an I/O error (SQLITE_IOERR_READ/WRITE/FSYNC/LOCK) on the Nth call of any of
// the four kinds, once (a transient fault), and a full disk (SQLITE_FULL) from the Nth write on
// until the operation returns (a disk stays full).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

#include "credo/engine.hpp"
#include "store/import.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::date;
using credo::test::temp_dir;
namespace fs = std::filesystem;

namespace {

enum class fault_kind { io_error, disk_full };

// What the shim does. Calls are counted only while armed, so that setting up a database and
// checking it afterwards never fail. Atomics: the engine's audit writer and the import's
// checkpoint copier call the VFS from their own threads.
struct fault_plan {
    std::atomic<bool> armed{false};
    std::atomic<long> target{0};  // the 1-based call that fails
    fault_kind kind = fault_kind::io_error;
    std::atomic<long> calls{0};
    std::atomic<long> injected{0};
};
fault_plan plan;

enum class io { read, write, sync, lock };

int fault(io call) {
    if (!plan.armed.load()) return SQLITE_OK;
    if (plan.kind == fault_kind::disk_full) {
        if (call != io::write) return SQLITE_OK;
        if (++plan.calls < plan.target) return SQLITE_OK;
        ++plan.injected;
        return SQLITE_FULL;
    }
    if (++plan.calls != plan.target) return SQLITE_OK;
    ++plan.injected;
    switch (call) {
        case io::read: return SQLITE_IOERR_READ;
        case io::write: return SQLITE_IOERR_WRITE;
        case io::sync: return SQLITE_IOERR_FSYNC;
        case io::lock: return SQLITE_IOERR_LOCK;
    }
    return SQLITE_IOERR;
}

// A file of the shim: our methods in front, the unix VFS's file right behind.
struct shim_file {
    sqlite3_file base;
    sqlite3_file *real;
};
sqlite3_vfs *unix_vfs() { return sqlite3_vfs_find("unix"); }
sqlite3_file *real_of(sqlite3_file *f) { return reinterpret_cast<shim_file *>(f)->real; }
const sqlite3_io_methods &real_methods(sqlite3_file *f) { return *real_of(f)->pMethods; }

int shim_close(sqlite3_file *f) { return real_methods(f).xClose(real_of(f)); }
int shim_read(sqlite3_file *f, void *out, int amount, sqlite3_int64 offset) {
    if (int rc = fault(io::read)) return rc;
    return real_methods(f).xRead(real_of(f), out, amount, offset);
}
int shim_write(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    if (int rc = fault(io::write)) return rc;
    return real_methods(f).xWrite(real_of(f), data, amount, offset);
}
int shim_truncate(sqlite3_file *f, sqlite3_int64 size) { return real_methods(f).xTruncate(real_of(f), size); }
int shim_sync(sqlite3_file *f, int flags) {
    if (int rc = fault(io::sync)) return rc;
    return real_methods(f).xSync(real_of(f), flags);
}
int shim_file_size(sqlite3_file *f, sqlite3_int64 *size) { return real_methods(f).xFileSize(real_of(f), size); }
int shim_lock(sqlite3_file *f, int level) {
    if (int rc = fault(io::lock)) return rc;
    return real_methods(f).xLock(real_of(f), level);
}
int shim_unlock(sqlite3_file *f, int level) { return real_methods(f).xUnlock(real_of(f), level); }
int shim_check_reserved(sqlite3_file *f, int *out) { return real_methods(f).xCheckReservedLock(real_of(f), out); }
int shim_file_control(sqlite3_file *f, int op, void *arg) { return real_methods(f).xFileControl(real_of(f), op, arg); }
int shim_sector_size(sqlite3_file *f) { return real_methods(f).xSectorSize(real_of(f)); }
int shim_device_characteristics(sqlite3_file *f) { return real_methods(f).xDeviceCharacteristics(real_of(f)); }
int shim_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out) {
    return real_methods(f).xShmMap(real_of(f), region, size, extend, out);
}
int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
    // WAL mode takes its read and write locks here; releasing one never fails.
    if (flags & SQLITE_SHM_LOCK) {
        if (int rc = fault(io::lock)) return rc;
    }
    return real_methods(f).xShmLock(real_of(f), offset, n, flags);
}
void shim_shm_barrier(sqlite3_file *f) { real_methods(f).xShmBarrier(real_of(f)); }
int shim_shm_unmap(sqlite3_file *f, int remove) { return real_methods(f).xShmUnmap(real_of(f), remove); }
int shim_fetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) {
    // A memory-mapped read (the import maps the database) is a read too.
    if (int rc = fault(io::read)) {
        *out = nullptr;
        return rc;
    }
    return real_methods(f).xFetch(real_of(f), offset, amount, out);
}
int shim_unfetch(sqlite3_file *f, sqlite3_int64 offset, void *p) { return real_methods(f).xUnfetch(real_of(f), offset, p); }

const sqlite3_io_methods shim_methods = {
    3,
    shim_close,
    shim_read,
    shim_write,
    shim_truncate,
    shim_sync,
    shim_file_size,
    shim_lock,
    shim_unlock,
    shim_check_reserved,
    shim_file_control,
    shim_sector_size,
    shim_device_characteristics,
    shim_shm_map,
    shim_shm_lock,
    shim_shm_barrier,
    shim_shm_unmap,
    shim_fetch,
    shim_unfetch,
};

int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    auto *f = reinterpret_cast<shim_file *>(file);
    f->real = reinterpret_cast<sqlite3_file *>(f + 1);
    auto *real = static_cast<sqlite3_vfs *>(vfs->pAppData);
    int rc = real->xOpen(real, name, f->real, flags, out_flags);
    // SQLite closes the file through base.pMethods exactly when it is set.
    f->base.pMethods = f->real->pMethods ? &shim_methods : nullptr;
    return rc;
}

// The shim becomes the default VFS for the whole test binary: the store opens its connections
// with the default, so its public interface needs no VFS parameter. Disarmed, it only forwards.
struct shim_registration {
    sqlite3_vfs vfs{};
    shim_registration() {
        sqlite3_vfs *real = unix_vfs();
        REQUIRE(real);
        vfs = *real;
        vfs.pNext = nullptr;
        vfs.zName = "credo_faulty";
        vfs.szOsFile = static_cast<int>(sizeof(shim_file)) + real->szOsFile;
        vfs.pAppData = real;
        vfs.xOpen = shim_open;
        REQUIRE(sqlite3_vfs_register(&vfs, 1) == SQLITE_OK);
    }
    ~shim_registration() {
        sqlite3_vfs_unregister(&vfs);
        sqlite3_vfs_register(unix_vfs(), 1);
    }
};

// One integer from a query, read through the plain unix VFS.
struct plain_db {
    sqlite3 *db = nullptr;
    explicit plain_db(const std::string &path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, "unix") == SQLITE_OK);
    }
    ~plain_db() { sqlite3_close_v2(db); }
    plain_db(const plain_db &) = delete;
    plain_db &operator=(const plain_db &) = delete;
    std::string text(const std::string &sql) {
        sqlite3_stmt *s = nullptr;
        REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
        std::string out;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
            out = reinterpret_cast<const char *>(sqlite3_column_text(s, 0));
        }
        sqlite3_finalize(s);
        return out;
    }
    long number(const std::string &sql) { return std::stol(text(sql)); }
};

std::string outcome_name(fault_kind kind) { return kind == fault_kind::io_error ? "I/O error" : "disk full"; }

// What one run of an operation ended with.
struct outcome {
    bool succeeded = false;
    std::string error;  // the clear error when it did not succeed
};

// Runs `operation` under the shim for N = 1, 2, ... until a run reaches no fault. Before each
// run `prepare` copies the operation's starting database into `db_path`; after it, `check` sees
// the database through the plain VFS together with the run's outcome. Returns the number of
// fault points tried.
long sweep(const std::string &what, fault_kind kind, const std::string &template_db, const std::string &db_path,
           const std::function<outcome()> &operation, const std::function<void(plain_db &, const outcome &)> &check) {
    long n = 1;
    long failed = 0;  // runs that ended with an error (the others recovered from their fault)
    for (;; ++n) {
        for (const char *suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db_path + suffix);
        fs::copy_file(template_db, db_path);
        plan.kind = kind;
        plan.calls = 0;
        plan.injected = 0;
        plan.target = n;
        plan.armed = true;
        outcome result;
        try {
            result = operation();
        } catch (const credo::store::error &e) {
            result.error = e.what();
        }
        plan.armed = false;
        bool reached = plan.injected > 0;
        std::string fault = outcome_name(kind);
        CAPTURE(what);
        CAPTURE(fault);
        CAPTURE(n);
        CAPTURE(result.error);
        // A fault that SQLite recovers from (a failed read it retries, a failed checkpoint copy)
        // may let the operation succeed; a failure must say why.
        if (!result.succeeded) {
            ++failed;
            CHECK_FALSE(result.error.empty());
        }
        {
            plain_db plain(db_path);
            CHECK(plain.text("PRAGMA integrity_check") == "ok");
            check(plain, result);
        }
        if (!reached) {
            CHECK(result.succeeded);  // the run past the last fault point is the plain run
            break;
        }
    }
    MESSAGE(fmt::format("{} ({}): {} fault points, {} runs ended with an error, {} recovered", what,
                        outcome_name(kind), n - 1, failed, n - 1 - failed));
    return n - 1;
}

struct fixture {
    shim_registration shim;
    temp_dir dir;
    catalog rules = test_catalog();
    std::string template_db = dir.file("template.db");
    std::string db_path = dir.file("run.db");

    // A database with the schema and, when asked, one entry listed on 2020-01-01 and one check
    // (for objections, repairs and feedback).
    std::int64_t make_template(bool with_entry) {
        std::int64_t entry = 0;
        {
            auto db = store::open(template_db, test_options());
            if (with_entry) {
                auto r = db.add_entry(rules, {"major_tax_violation", org1, "甲公司", "2020-01-01", "2023-01-01",
                                              "税稽〔2020〕1号", "税务局", "偷税", "operator"});
                REQUIRE_MESSAGE(r, r.error());
                entry = *r;
                check_record c;
                c.querier = "发展改革委";
                c.subject_id = org1;
                c.scenario = "public_bidding";
                c.as_of = *date::parse("2021-01-01");
                c.verdict = "prohibit";
                c.rules_version = "test";
                (void)db.append_check(c);
            }
        }
        // Closing the last connection folds the WAL into the file: the template is one file.
        for (const char *suffix : {"-wal", "-shm"}) REQUIRE_FALSE(fs::exists(template_db + suffix));
        return entry;
    }
};

std::string import_file(const temp_dir &dir, int rows) {
    std::string csv = list_header;
    for (int i = 0; i < rows; ++i) {
        csv += fmt::format("{},公司{},2024-01-01,2027-01-01,税稽〔2024〕{}号,税务局,偷税\n",
                           synthetic_credit_code(100 + i), i, i);
    }
    std::string path = dir.file("list.csv");
    credo::test::write_file(path, csv);
    return path;
}

}  // namespace

TEST_CASE("an import hit by an I/O fault at any point fails clearly, keeps whole batches, and resumes") {
    fixture f;
    f.make_template(false);
    constexpr int rows = 30;
    constexpr std::size_t batch = 10;
    std::string csv = import_file(f.dir, rows);
    for (fault_kind kind : {fault_kind::io_error, fault_kind::disk_full}) {
        long points = sweep(
            "import", kind, f.template_db, f.db_path,
            [&] {
                auto db = store::open(f.db_path, test_options());
                import_options o;
                o.batch_rows = batch;
                auto r = import_list(db, f.rules, "major_tax_violation", csv, o);
                return outcome{static_cast<bool>(r), r ? std::string() : r.error()};
            },
            [&](plain_db &plain, const outcome &result) {
                long entries = plain.number("SELECT count(*) FROM entries");
                // Each batch is one transaction: its entries, its event and its checkpoint.
                CHECK(entries % batch == 0);
                CHECK(plain.number("SELECT count(*) FROM events") == entries / static_cast<long>(batch));
                if (result.succeeded) CHECK(entries == rows);
            });
        CHECK(points > 10);
    }
    // Resuming after a fault finishes the import exactly: an I/O error in the middle, then a
    // plain run.
    for (const char *suffix : {"", "-wal", "-shm"}) fs::remove(f.db_path + suffix);
    fs::copy_file(f.template_db, f.db_path);
    {
        plan.kind = fault_kind::disk_full;
        plan.calls = 0;
        plan.injected = 0;
        plan.target = 40;
        plan.armed = true;
        try {
            auto db = store::open(f.db_path, test_options());
            import_options o;
            o.batch_rows = batch;
            (void)import_list(db, f.rules, "major_tax_violation", csv, o);
        } catch (const credo::store::error &) {  // NOLINT(bugprone-empty-catch): the fault is the point
        }
        plan.armed = false;
    }
    auto db = store::open(f.db_path, test_options());
    import_options o;
    o.batch_rows = batch;
    auto again = import_list(db, f.rules, "major_tax_violation", csv, o);
    REQUIRE_MESSAGE(again, again.error());
    plain_db plain(f.db_path);
    CHECK(plain.number("SELECT count(*) FROM entries") == rows);
    CHECK(plain.number("SELECT count(DISTINCT document) FROM entries") == rows);
}

TEST_CASE("an objection, a repair and feedback hit by an I/O fault are all or nothing, with a clear error") {
    fixture f;
    std::int64_t entry = f.make_template(true);
    for (fault_kind kind : {fault_kind::io_error, fault_kind::disk_full}) {
        long objection_points = sweep(
            "objection", kind, f.template_db, f.db_path,
            [&] {
                auto db = store::open(f.db_path, test_options());
                auto r = db.open_objection(entry, *date::parse("2021-02-01"), "甲公司", "已补缴税款");
                return outcome{static_cast<bool>(r), r ? std::string() : r.error()};
            },
            [&](plain_db &plain, const outcome &result) {
                long objections = plain.number("SELECT count(*) FROM objections");
                CHECK(objections <= 1);
                CHECK(plain.number("SELECT count(*) FROM events WHERE kind = 'objection_opened'") == objections);
                if (result.succeeded) CHECK(objections == 1);
            });
        long repair_points = sweep(
            "repair", kind, f.template_db, f.db_path,
            [&] {
                auto db = store::open(f.db_path, test_options());
                auto r = db.record_repair(f.rules, entry, *date::parse("2021-06-01"), "已整改", "信用办");
                return outcome{static_cast<bool>(r), r ? std::string() : r.error()};
            },
            [&](plain_db &plain, const outcome &result) {
                long repairs = plain.number("SELECT count(*) FROM repairs");
                CHECK(repairs <= 1);
                CHECK(plain.number("SELECT count(*) FROM events WHERE kind = 'repaired'") == repairs);
                CHECK(plain.number("SELECT count(*) FROM entries WHERE status = 'repaired'") == repairs);
                if (result.succeeded) CHECK(repairs == 1);
            });
        long feedback_points = sweep(
            "feedback", kind, f.template_db, f.db_path,
            [&] {
                auto db = store::open(f.db_path, test_options());
                auto r = db.record_feedback({1, "tax_m.01", "发展改革委", feedback_outcome::applied, "已限制"});
                return outcome{static_cast<bool>(r), r ? std::string() : r.error()};
            },
            [&](plain_db &plain, const outcome &result) {
                long feedback = plain.number("SELECT count(*) FROM feedback");
                CHECK(feedback <= 1);
                if (result.succeeded) CHECK(feedback == 1);
            });
        CHECK(objection_points > 5);
        CHECK(repair_points > 5);
        CHECK(feedback_points > 5);
    }
}

TEST_CASE("an audit flush hit by an I/O fault reports it, and the trail stays a whole verified chain") {
    fixture f;
    f.make_template(false);
    constexpr int checks = 20;
    const std::string subject = synthetic_credit_code(7);
    for (auto mode : {credo::audit_mode::durable, credo::audit_mode::batched})
    for (fault_kind kind : {fault_kind::io_error, fault_kind::disk_full}) {
        CAPTURE(mode == credo::audit_mode::durable ? "durable" : "batched");
        // The engine is opened and closed inside the run; only the checks and the flush are
        // armed, so the fault points are the audit writer's.
        long points = sweep(
            mode == credo::audit_mode::durable ? "audit flush (durable)" : "audit flush (batched)", kind,
            f.template_db, f.db_path,
            [&] {
                plan.armed = false;
                credo::engine_options options;
                options.rules_dir = CREDO_SOURCE_DIR "/rules";
                options.db_path = f.db_path;
                options.audit_mode = mode;
                options.audit_retry_ms = 50;  // a fault that persists fails the writer quickly
                auto opened = credo::engine::open(options);
                REQUIRE_MESSAGE(opened, opened.error().message);
                credo::engine &e = *opened;
                plan.armed = true;
                credo::decision d;
                for (int i = 0; i < checks; ++i) {
                    credo::query q;
                    q.subject = subject;
                    q.scenario = "government_procurement";
                    q.as_of = *date::parse("2026-01-01");
                    q.querier = "发展改革委";
                    auto s = e.check(q, d);
                    if (!s) return outcome{false, s.error().message};
                }
                auto flushed = e.flush_audit();
                plan.armed = false;  // the engine's closing flush has nothing left to write
                return outcome{flushed.ok(), flushed.ok() ? std::string() : flushed.error().message};
            },
            [&](plain_db &plain, const outcome &result) {
                long rows = plain.number("SELECT count(*) FROM checks");
                CHECK(rows <= checks);
                // The rows kept are numbered without a gap, and their hash chain verifies.
                CHECK(plain.number("SELECT coalesce(max(id), 0) FROM checks") == rows);
                if (result.succeeded) CHECK(rows == checks);
                auto db = store::open(f.db_path, test_options());
                auto audit = db.verify_audit();
                CHECK_MESSAGE(audit.ok, audit.problem);
            });
        CHECK(points >= 3);
    }
}
