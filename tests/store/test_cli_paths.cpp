// SPDX-License-Identifier: Apache-2.0
// No path given to credo destroys data: outputs never replace the database or an input, a
// second import of a running one is refused, foreign databases are refused untouched, inputs
// that never end are refused, and bad text never reaches the store. Through the real binary.
#include <doctest/doctest.h>

#include <algorithm>
#include <fcntl.h>
#include <fmt/format.h>
#include <filesystem>
#include <sqlite3.h>
#include <sys/file.h>
#include <chrono>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "store/import.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::read_file;
using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string rules = std::string(CREDO_SOURCE_DIR) + "/rules";
const std::string list = "major_tax_violation";

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

// A database with one imported entry, closed (its WAL folded in), and the list file it came from.
struct imported {
    temp_dir dir;
    std::string db = dir.file("s.db");
    std::string input = dir.file("l.csv");
    imported() {
        write_file(input, std::string(list_header) + org1 + ",甲公司,2024-01-01,,d1,税务局,r\n" +
                              "123,乙,2024-01-01,,d2,税务局,r\n");
        auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet"});
        REQUIRE_MESSAGE(r.exit_code == 1, r.err);
        REQUIRE(!fs::exists(db + "-wal"));
    }
    credo::test::process_result import_with(const std::vector<std::string> &extra) {
        std::vector<std::string> args = {"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_credo(args);
    }
};

void exec_sql(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char *error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

}  // namespace

TEST_CASE("--rejects naming the database, its link or the input is refused and both survive byte for byte") {
    imported x;
    std::string db_before = read_file(x.db), input_before = read_file(x.input);
    fs::create_symlink(x.db, x.dir.file("link-to-db"));
    fs::create_hard_link(x.input, x.dir.file("hard-link-to-input"));
    struct refusal {
        std::string rejects, why;
    };
    for (const auto &r : {refusal{x.db, "it is the database"},
                          refusal{x.dir.file("link-to-db"), "it is the database `" + x.db + "`"},
                          refusal{x.dir.file("./") + "s.db", "it is the database `" + x.db + "`"},
                          refusal{x.input, "it is the input file"},
                          refusal{x.dir.file("hard-link-to-input"), "it is the input file `" + x.input + "`"},
                          refusal{x.db + "-wal", "it is the database's write-ahead log"}}) {
        CAPTURE(r.rejects);
        auto out = x.import_with({"--rejects", r.rejects});
        CHECK(out.exit_code == 2);
        CHECK(out.err == "credo: --rejects: refusing to write `" + r.rejects + "`: " + r.why + "\n");
        CHECK(read_file(x.db) == db_before);
        CHECK(read_file(x.input) == input_before);
    }
    CHECK(!fs::exists(x.db + "-wal"));
    auto subject = run_credo({"subject", org1, "--db", x.db});
    CHECK(subject.exit_code == 0);
    CHECK(contains(subject.out, "甲公司"));
}

TEST_CASE("--rejects refuses another SQLite database and a device, and replaces an earlier rejects file whole") {
    imported x;
    std::string other = x.dir.file("other.db");
    exec_sql(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    std::string other_before = read_file(other);
    auto out = x.import_with({"--rejects", other});
    CHECK(out.exit_code == 2);
    CHECK(out.err == "credo: --rejects: refusing to write `" + other + "`: it is an SQLite database\n");
    CHECK(read_file(other) == other_before);
    auto device = x.import_with({"--rejects", "/dev/null"});
    CHECK(device.exit_code == 2);
    CHECK(device.err ==
          "credo: --rejects: refusing to write `/dev/null`: it is a character device; credo writes regular files only\n");
    // An earlier file is replaced by the whole new report, never cut and appended to.
    std::string rejects = x.dir.file("rejects.csv");
    write_file(rejects, std::string(5000, 'x'));
    auto ok = x.import_with({"--rejects", rejects});
    CHECK(ok.exit_code == 1);
    std::string text = read_file(rejects);
    CHECK(text.starts_with("line,column,reason,record\n3,\"subject_id\""));
    CHECK(!contains(text, "xxx"));
    // No temporary file is left beside it.
    int files = 0;
    for (const auto &e : fs::directory_iterator(x.dir.path())) files += e.path().filename().string().starts_with(".");
    CHECK(files == 0);
}

TEST_CASE("report --out naming the database is refused and the database survives byte for byte") {
    imported x;
    std::string before = read_file(x.db);
    fs::create_symlink(x.db, x.dir.file("report.html"));
    for (const auto &out : {x.db, x.dir.file("report.html")}) {
        CAPTURE(out);
        auto r = run_credo({"report", "--db", x.db, "--no-rules", "--calendar", rules + "/calendar", "--quarter",
                            "2024Q1", "--out", out, "--today", "2024-04-01"});
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "credo: --out: refusing to write `" + out + "`: it is the database"));
        CHECK(read_file(x.db) == before);
    }
    auto fine = run_credo({"report", "--db", x.db, "--no-rules", "--calendar", rules + "/calendar", "--quarter",
                           "2024Q1", "--out", x.dir.file("r.md"), "--today", "2024-04-01"});
    CHECK_MESSAGE(fine.exit_code == 0, fine.err);
    CHECK(read_file(x.dir.file("r.md")).starts_with("# "));
}

TEST_CASE("a resumed import continues its own rejects file and never cuts the file --rejects names") {
    temp_dir dir;
    std::string db_path = dir.file("s.db"), input = dir.file("l.csv");
    std::string csv(list_header);
    for (int i = 0; i < 6; ++i) {
        csv += fmt::format("{},公司{},2024-01-01,,d{},税务局,r\n", synthetic_credit_code(static_cast<unsigned>(10 + i)),
                           i, i);
        csv += fmt::format("bad{},乙,2024-01-01,,e{},税务局,r\n", i, i);
    }
    write_file(input, csv);
    {
        // The first run stops (as if killed) after its second batch of two rows.
        auto db = store::open(db_path, test_options());
        import_options options;
        options.batch_rows = 2;
        options.rejects_path = dir.file("first.csv");
        int batches = 0;
        options.progress = [&](const import_progress &) {
            if (++batches == 2) throw std::runtime_error("interrupted");
        };
        CHECK_THROWS(import_list(db, test_catalog(), list, input, options));
    }
    CHECK(!fs::exists(dir.file("first.csv")));  // renamed into place only when the import ends
    // Resuming with the same --rejects: every bad row once, in line order.
    auto r = run_credo({"import", "--rules", rules, "--db", db_path, "--list", list, input, "--quiet", "--rejects",
                        dir.file("first.csv")});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "resumed an interrupted import at line 6"));
    std::string rejects = read_file(dir.file("first.csv"));
    for (int i = 0; i < 6; ++i) CHECK(contains(rejects, fmt::format("{},\"subject_id\"", 3 + 2 * i)));
    CHECK(std::count(rejects.begin(), rejects.end(), '\n') == 7);
    CHECK(std::count_if(fs::directory_iterator(dir.path()), fs::directory_iterator(), [](const auto &e) {
              return e.path().filename().string().starts_with(".");
          }) == 0);
}

TEST_CASE("resuming with --rejects naming another file replaces it whole and says what it lacks") {
    temp_dir dir;
    std::string db_path = dir.file("s.db"), input = dir.file("l.csv");
    std::string csv(list_header);
    for (int i = 0; i < 4; ++i) csv += fmt::format("bad{},乙,2024-01-01,,e{},税务局,r\n", i, i);
    write_file(input, csv);
    {
        auto db = store::open(db_path, test_options());
        import_options options;
        options.batch_rows = 1;
        options.rejects_path = dir.file("first.csv");
        options.progress = [&](const import_progress &) { throw std::runtime_error("interrupted"); };
        CHECK_THROWS(import_list(db, test_catalog(), list, input, options));
    }
    std::string mine = dir.file("mine.csv");
    write_file(mine, "my own notes, which are longer than the rejects file's first batch\n");
    auto r = run_credo({"import", "--rules", rules, "--db", db_path, "--list", list, input, "--quiet", "--rejects", mine});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "the rejects file of the interrupted run was not found; `" + mine +
                              "` has the rows rejected from line 3 on only"));
    std::string text = read_file(mine);
    CHECK(text.starts_with("line,column,reason,record\n3,"));
    CHECK(!contains(text, "my own notes"));
}

TEST_CASE("a second import of a file being imported is refused, not resumed") {
    temp_dir dir;
    std::string db = dir.file("s.db"), input = dir.file("l.csv");
    write_file(input, std::string(list_header) + org1 + ",甲公司,2024-01-01,,d1,税务局,r\n");
    // Another credo process importing it holds this lock for the whole import.
    int fd = ::open(input.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    auto second = run_credo({"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet"});
    CHECK(second.exit_code == 2);
    CHECK(second.err == "credo: `" + input +
                            "` is being imported by another credo process; run this again once it has finished\n");
    ::close(fd);
    auto after = run_credo({"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet"});
    CHECK(after.exit_code == 0);
    CHECK(after.out.starts_with("1 rows: 1 inserted"));
    CHECK(!contains(after.out, "resumed"));
}

TEST_CASE("a negative or newer schema version and another program's database are refused untouched") {
    temp_dir dir;
    struct foreign {
        std::string name, sql, why;
    };
    for (const auto &f : {
             foreign{"negative.db", "CREATE TABLE subjects (x); PRAGMA user_version = -1;",
                     "has schema version -1, which no credo writes: it is not a credo database, or it is damaged"},
             foreign{"minimum.db", "PRAGMA user_version = -2147483648;",
                     "has schema version -2147483648, which no credo writes"},
             foreign{"newer.db", "CREATE TABLE subjects (x); PRAGMA user_version = 2147483647;",
                     "has schema version 2147483647, newer than the"},
             foreign{"other.db", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT);",
                     "is not a credo database: it has tables credo did not create (such as `accounts`)"},
             foreign{"versioned.db", "CREATE TABLE accounts (id); PRAGMA user_version = 2;",
                     "is not a credo database: it has schema version 2 but no `subjects` table"},
         }) {
        CAPTURE(f.name);
        std::string path = dir.file(f.name);
        exec_sql(path, f.sql);
        std::string before = read_file(path);
        for (const std::vector<std::string> &args :
             {std::vector<std::string>{"subject", org1, "--db", path},
              std::vector<std::string>{"import", "--rules", rules, "--db", path, "--list", list, "/dev/null"},
              std::vector<std::string>{"audit", "verify", "--db", path}}) {
            auto r = run_credo(args);
            CHECK(r.exit_code == 2);
            CHECK_MESSAGE(contains(r.err, "database `" + path + "` " + f.why), r.err);
            CHECK(read_file(path) == before);
        }
        std::string thrown;
        try {
            store::open(path, test_options());
        } catch (const error &e) {
            thrown = e.what();
        }
        CHECK(contains(thrown, f.why));
    }
}

TEST_CASE("devices, FIFOs and directories are refused as inputs without waiting or reading forever") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    std::string fifo = dir.file("pipe.csv");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    struct input {
        std::string path, kind;
    };
    for (const auto &in : {input{"/dev/zero", "a character device"}, input{fifo, "a FIFO"},
                           input{dir.path(), "a directory"}}) {
        CAPTURE(in.path);
        std::string why = "cannot read `" + in.path + "`: it is " + in.kind + "; credo reads regular files only";
        auto list_import = run_credo({"import", "--rules", rules, "--db", db, "--list", list, in.path, "--quiet"});
        CHECK(list_import.exit_code == 2);
        CHECK(list_import.err == "credo: " + why + "\n");
        auto relations = run_credo({"import", "--rules", rules, "--db", db, "--relations", in.path, "--quiet"});
        CHECK(relations.exit_code == 2);
        CHECK(relations.err == "credo: " + why + "\n");
        auto decisions = run_credo({"decisions", "import", "--db", db, in.path});
        CHECK(decisions.exit_code == 2);
        CHECK(decisions.err == "credo: " + why + "\n");
    }
}

TEST_CASE("a rule directory with symbolic link loops is an error, not a walk without end") {
    temp_dir dir;
    fs::create_directories(dir.file("rules/sub"));
    fs::copy_file(rules + "/vocabulary.credo", dir.file("rules/vocabulary.credo"));
    for (const char *name : {"rules/sub/a", "rules/sub/b", "rules/sub/c"}) fs::create_directory_symlink("..", dir.file(name));
    auto r = run_credo({"lint", dir.file("rules")});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "is a symbolic link loop (it leads back to a directory that contains it)"));
}

TEST_CASE("control characters, NUL bytes and blank fields are refused in imports and hand entries") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    std::string nul(1, '\0');
    std::string rows = std::string(list_header) + org1 + ",甲\x1b]0;owned\x07公司,2024-01-01,,d1,税务局,r\n" + org2 +
                       ",乙公司,2024-01-01,,\"d" + nul + "x\",税务局,r\n" + synthetic_credit_code(3) +
                       ",丙公司,2024-01-01,,d3,\xE3\x80\x80 ,r\n" + synthetic_credit_code(4) +
                       ",丁公司,2024-01-01,,\xC2\x9B" "d4,税务局,r\n" + synthetic_credit_code(5) +
                       ",戊公司,2024-01-01,,d5,税务局,\"two\nlines\tare fine\"\n";
    write_file(dir.file("l.csv"), rows);
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", list, dir.file("l.csv"), "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, ":2: subject_name: subject_name has a control character (U+001B) at byte 4"));
    CHECK(contains(r.err, ":3: document: document has a control character (U+0000) at byte 2"));
    CHECK(contains(r.err, ":4: initiator: initiator is only white space"));
    CHECK(contains(r.err, ":5: document: document has a control character (U+009B) at byte 1"));
    CHECK(contains(r.out, "5 rows: 1 inserted, 0 already recorded, 4 rejected"));  // line breaks and tabs in a reason are text
    auto add = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", list, "--subject",
                          synthetic_credit_code(6), "--name", "己公司", "--listed-on", "2024-01-01", "--document",
                          "   ", "--initiator", "税务局", "--by", "op"});
    CHECK(add.exit_code == 2);
    CHECK(contains(add.err, "document is only white space"));
    auto by = run_credo({"list", "add", "--rules", rules, "--db", db, "--list", list, "--subject",
                         synthetic_credit_code(6), "--name", "己公司", "--listed-on", "2024-01-01", "--document", "d6",
                         "--initiator", "税务局", "--by", "op\x1b[2J"});
    CHECK(by.exit_code == 2);
    CHECK(contains(by.err, "by has a control character (U+001B)"));
    write_file(dir.file("d.csv"), "document,kind,subject_id,subject_name,department,decided_on,published_on\n"
                                  "D1,penalty," + org1 + ",\xB8\xC3公司,市场监管局,2024-01-02,\n"
                                  "D2,penalty," + org1 + ",甲公司,\x1b[31m市场监管局,2024-01-02,\n");
    auto decisions = run_credo({"decisions", "import", "--db", db, dir.file("d.csv")});
    CHECK(decisions.exit_code == 1);
    CHECK(contains(decisions.err, ":2: error: subject_name: subject_name is not valid UTF-8 (byte 1)"));
    CHECK(contains(decisions.err, ":3: error: department: department has a control character (U+001B)"));
}

TEST_CASE("the rejects file neutralises formulas and masks personal IDs unless --show-ids") {
    temp_dir dir;
    std::string db = dir.file("s.db");
    std::string id = person1;
    write_file(dir.file("l.csv"), std::string(list_header) + id + ",张三,2024-01-01,2023-01-01,d1,税务局,r\n" +
                                      "=1+2,@SUM(A1),2024-01-01,,d2,税务局,r\n");
    auto r = run_credo({"import", "--rules", rules, "--db", db, "--list", list, dir.file("l.csv"), "--quiet",
                        "--rejects", dir.file("rej.csv")});
    CHECK(r.exit_code == 1);
    std::string text = read_file(dir.file("rej.csv"));
    CHECK(!contains(text, id));
    CHECK(contains(text, id.substr(0, 6) + "********" + id.substr(14)));
    CHECK(contains(text, "3,\"subject_id\",\"invalid identifier"));
    CHECK(contains(text, ",\"'=1+2,@SUM(A1),2024-01-01,,d2,税务局,r\"\n"));
    CHECK(!contains(r.err, id));
    auto shown = run_credo({"import", "--rules", rules, "--db", dir.file("t.db"), "--list", list, dir.file("l.csv"),
                            "--quiet", "--rejects", dir.file("shown.csv"), "--show-ids"});
    CHECK(contains(read_file(dir.file("shown.csv")), id));
}

TEST_CASE("text printed to a terminal shows control characters from the data instead of running them") {
    imported x;
    // A database written by another program (or an older credo) may hold an escape sequence.
    // (Stored names cannot be rewritten: the append-only triggers refuse it; a new row can be added.)
    std::string code = synthetic_credit_code(50);
    exec_sql(x.db, "INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('" + code +
                       "', 'enterprise', '甲' || char(27) || ']0;owned' || char(7) || char(155) || '公司', "
                       "'2024-01-01T00:00:00.000Z')");
    // util-linux `script` runs credo on a pseudo-terminal, as a person's shell would.
    auto tty = credo::test::run_process(
        "/usr/bin/script", {"-qec", std::string(CREDO_CLI) + " subject " + code + " --db " + x.db, "/dev/null"});
    CHECK(tty.exit_code == 0);
    CHECK(contains(tty.out, "甲\\x1b]0;owned\\x07\\xc2\\x9b公司"));
    CHECK(!contains(tty.out, "\x1b"));
    CHECK(!contains(tty.out, "\x07"));
    // A pipe gets the bytes as stored: another program reading them decides.
    auto piped = run_credo({"subject", code, "--db", x.db});
    CHECK(contains(piped.out, "甲\x1b]0;owned\x07\xC2\x9B公司"));
}

TEST_CASE("a list file cut while it is imported gives a clear outcome, never SIGBUS") {
    temp_dir dir;
    std::string db = dir.file("s.db"), input = dir.file("big.csv");
    std::string csv(list_header);
    for (unsigned i = 0; i < 300000; ++i) {
        csv += fmt::format("{},公司{},2024-01-01,,税稽〔2024〕{}号,税务局,偷税\n", synthetic_credit_code(100 + i), i, i);
    }
    write_file(input, csv);
    credo::test::process_result result;
    std::thread importer([&] {
        result = run_credo({"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet"});
    });
    // Cut the file once the first batch is committed (the import is then past reading the header).
    bool committed = false;
    for (int tries = 0; tries < 2000 && !committed; ++tries) {
        sqlite3 *c = nullptr;
        if (sqlite3_open_v2(db.c_str(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_busy_timeout(c, 100);
            sqlite3_stmt *s = nullptr;
            if (sqlite3_prepare_v2(c, "SELECT count(*) FROM imports WHERE next_offset > 0", -1, &s, nullptr) ==
                    SQLITE_OK &&
                sqlite3_step(s) == SQLITE_ROW) {
                committed = sqlite3_column_int64(s, 0) > 0;
            }
            sqlite3_finalize(s);
        }
        sqlite3_close(c);
        if (!committed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(::truncate(input.c_str(), 100) == 0);
    importer.join();
    INFO(result.err);
    // Read whole before the import starts, the rows are imported as read; a cut during the read
    // is `it was cut ... while credo read it` (exit 2). A signal (SIGBUS: 135) is the failure.
    CHECK(result.exit_code <= 2);
    if (result.exit_code == 2) CHECK(contains(result.err, "while credo read it"));
    else CHECK(contains(result.out, "300,000 rows: 300,000 inserted"));
}

TEST_CASE("check --batch and fmt stop at /dev/zero with a clear error instead of filling memory") {
    imported x;
    auto batch = run_credo({"check", "--db", x.db, "--rules", rules, "--batch", "/dev/zero", "--no-audit"});
    CHECK(batch.exit_code == 2);
    CHECK(batch.err == "credo: /dev/zero:1: the line is longer than 1048576 bytes; a batch has one check a line\n");
    auto fmt_check = run_credo({"fmt", "--check", "/dev/zero"});
    CHECK(fmt_check.exit_code == 2);
    CHECK(fmt_check.err == "credo: cannot read `/dev/zero`: it is a character device; credo reads regular files only\n");
}

TEST_CASE("two credo processes importing the same file at once: one imports, the other is refused or finds it done") {
    temp_dir dir;
    std::string db = dir.file("s.db"), input = dir.file("big.csv");
    std::string csv(list_header);
    for (unsigned i = 0; i < 200000; ++i) {
        csv += fmt::format("{},公司{},2024-01-01,,税稽〔2024〕{}号,税务局,偷税\n", synthetic_credit_code(100 + i), i, i);
    }
    csv += "bad,乙,2024-01-01,,x,税务局,r\n";
    write_file(input, csv);
    // The database exists (two processes creating one at once is another matter).
    write_file(dir.file("one.csv"), std::string(list_header) + org1 + ",甲公司,2024-01-01,,d1,税务局,r\n");
    REQUIRE(run_credo({"import", "--rules", rules, "--db", db, "--list", list, dir.file("one.csv"), "--quiet"}).exit_code ==
            0);
    credo::test::process_result first, second;
    auto import = [&](credo::test::process_result &out, const char *rejects) {
        out = run_credo({"import", "--rules", rules, "--db", db, "--list", list, input, "--quiet", "--rejects",
                         dir.file(rejects)});
    };
    std::thread a([&] { import(first, "a.csv"); });
    std::thread b([&] { import(second, "b.csv"); });
    a.join();
    b.join();
    int imported_rows = 0;
    for (const auto *r : {&first, &second}) {
        INFO(r->out << r->err);
        CHECK(!contains(r->out, "resumed"));
        if (r->exit_code == 2) {
            CHECK(contains(r->err, "is being imported by another credo process"));
        } else {
            CHECK(r->exit_code == 1);
            imported_rows += contains(r->out, "200,001 rows: 200,000 inserted");
            CHECK((contains(r->out, "200,001 rows: 200,000 inserted, 0 already recorded, 1 rejected") ||
                   contains(r->out, "200,001 rows: 0 inserted, 200,000 already recorded, 1 rejected")));
        }
    }
    CHECK(imported_rows == 1);
    // Each rejects file that exists is whole: the header and the one bad row.
    for (const char *name : {"a.csv", "b.csv"}) {
        if (!fs::exists(dir.file(name))) continue;
        CHECK(read_file(dir.file(name)) ==
              "line,column,reason,record\n200002,\"subject_id\",\"invalid identifier: length is 3, expected 18 "
              "characters (or 15 for a legacy resident ID)\",\"bad,乙,2024-01-01,,x,税务局,r\"\n");
    }
    auto count = run_credo({"subject", synthetic_credit_code(100 + 199999), "--db", db});
    CHECK(count.exit_code == 0);
}
