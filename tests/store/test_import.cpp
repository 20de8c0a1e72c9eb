// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <map>

#include "store/import.hpp"
#include "store/store_impl.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::read_file;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

struct env {
    temp_dir dir;
    catalog rules = test_catalog();
    store db = store::open(dir.file("s.db"), test_options());

    import_summary import(const std::string &csv, const std::string &list = "major_tax_violation",
                          import_options options = {}) {
        write_file(dir.file("in.csv"), csv);
        if (options.rejects_path.empty()) options.rejects_path = dir.file("rejects.csv");
        auto r = import_list(db, rules, list, dir.file("in.csv"), options);
        REQUIRE_MESSAGE(r, r.error());
        return *r;
    }
    std::string import_error(const std::string &csv, const std::string &list = "major_tax_violation",
                             import_options options = {}) {
        write_file(dir.file("in.csv"), csv);
        auto r = import_list(db, rules, list, dir.file("in.csv"), options);
        REQUIRE(!r);
        return r.error();
    }
    // The one rejected row's column and reason.
    std::pair<std::string, std::string> reject_of(const std::string &row, const std::string &list = "major_tax_violation") {
        auto s = import(std::string(list_header) + row + "\n", list);
        REQUIRE(s.rejected == 1);
        REQUIRE(s.first_rejects.size() == 1);
        CHECK(s.first_rejects[0].line == 2);
        return {s.first_rejects[0].column, s.first_rejects[0].reason};
    }
    std::int64_t count(const char *sql) {
        auto s = db.internals().db.prepare(sql);
        s.step();
        return s.int64(0);
    }
};

std::string row(const std::string &id, const std::string &listed = "2024-01-01", const std::string &expires = "",
                const std::string &document = "税稽〔2024〕1号") {
    return fmt::format("{},某公司,{},{},{},税务局,偷税", id, listed, expires, document);
}

}  // namespace

TEST_CASE("a valid list file is imported with counts, subjects and one event for the batch") {
    env e;
    auto s = e.import(std::string(list_header) + row(org1) + "\n" + row(person1, "2024-02-01", "2025-02-01") + "\n");
    CHECK(s.rows == 2);
    CHECK(s.inserted == 2);
    CHECK(s.unchanged == 0);
    CHECK(s.rejected == 0);
    CHECK(s.committed);
    auto entries = e.db.entries_of(org1);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].list_id == "major_tax_violation");
    CHECK(entries[0].expires_on->to_string() == "2027-01-01");  // the list's 3y default term
    CHECK(entries[0].status == entry_status::active);
    CHECK(entries[0].recorded_by == "import");
    CHECK(e.db.find_subject(person1)->kind == "person");
    CHECK(e.db.find_subject(org1)->kind == "enterprise");
    auto events = e.db.events_since(0, 10);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "listed");
    CHECK(*events[0].last_entry_id - *events[0].entry_id == 1);
}

TEST_CASE("re-importing the same file changes nothing") {
    env e;
    std::string csv = std::string(list_header) + row(org1) + "\n" + row(org2) + "\n" + row(person1) + "\n";
    e.import(csv);
    auto version = e.db.data_version();
    auto again = e.import(csv);
    CHECK(again.inserted == 0);
    CHECK(again.unchanged == 3);
    CHECK(e.count("SELECT count(*) FROM entries") == 3);
    CHECK(e.db.data_version() == version);
}

TEST_CASE("the same entry twice in one file is recorded once") {
    env e;
    auto s = e.import(std::string(list_header) + row(org1) + "\n" + row(org1) + "\n");
    CHECK(s.inserted == 1);
    CHECK(s.unchanged == 1);
}

TEST_CASE("subjects named in several rows, or already stored without a name, get their own number") {
    // More rows than one multi-row statement holds, so that both the statement of new subjects
    // and the one meeting a stored subject are taken.
    env e;
    std::vector<std::string> codes;
    for (std::uint64_t k = 0; k < 300; ++k) codes.push_back(synthetic_credit_code(1000 + k));
    e.db.internals().db.exec(
        fmt::format("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('{}', 'enterprise', '', 't')", codes[7])
            .c_str());
    std::string csv = list_header;
    for (std::size_t k = 0; k < codes.size(); ++k) csv += row(codes[k], "2024-01-01", "", fmt::format("文〔2024〕{}号", k)) + "\n";
    for (std::size_t k : {5, 7, 150}) csv += row(codes[k], "2024-01-01", "", fmt::format("又〔2024〕{}号", k)) + "\n";
    auto s = e.import(csv);
    CHECK(s.inserted == 303);
    CHECK(e.count("SELECT count(*) FROM subjects") == 300);
    CHECK(e.count(fmt::format("SELECT count(*) FROM subjects WHERE code = '{}' AND name = '某公司'", codes[7]).c_str()) == 1);
    // Every entry refers to the subject its row named.
    for (std::size_t k = 0; k < codes.size(); ++k) {
        std::vector<std::string> documents{fmt::format("文〔2024〕{}号", k)};
        if (k == 5 || k == 7 || k == 150) documents.push_back(fmt::format("又〔2024〕{}号", k));
        for (const auto &d : documents) {
            auto named = e.db.internals().db.prepare(
                "SELECT count(*) FROM entries e JOIN subjects s ON s.id = e.subject_id "
                "WHERE s.code = ?1 AND e.document = ?2");
            named.bind(1, codes[k]).bind(2, d);
            named.step();
            CHECK_MESSAGE(named.int64(0) == 1, codes[k], " ", d);
        }
    }
}

TEST_CASE("a relation file names a person the store knew without a name, and keeps the names it has") {
    env e;
    auto &db = e.db.internals().db;
    db.exec(fmt::format("INSERT INTO subjects (code, kind, name, recorded_at) VALUES ('{}', 'person', '', 't'), "
                        "('{}', 'person', '王芳', 't')",
                        person1, person2)
                .c_str());
    std::string header = "person_id,person_name,org_id,role,since,until\n";
    write_file(e.dir.file("rel.csv"), header + person1 + ",张伟," + org1 + ",legal_representative,2020-01-01,\n" +
                                          person2 + ",李娜," + org1 + ",director,2020-01-01,\n");
    auto r = import_relations(e.db, e.rules, e.dir.file("rel.csv"), {});
    REQUIRE(r);
    CHECK(r->inserted == 2);
    CHECK(e.db.find_subject(person1)->name == "张伟");
    CHECK(e.db.find_subject(person2)->name == "王芳");  // never renamed
    CHECK(e.db.find_subject(org1)->name == "");         // known only from the relation
}

TEST_CASE("an entry recorded with other content is rejected, not overwritten") {
    env e;
    e.import(std::string(list_header) + row(org1, "2024-01-01", "2026-01-01") + "\n");
    auto [column, reason] = e.reject_of(row(org1, "2024-01-01", "2027-06-01"));
    CHECK(column == "expires_on");
    CHECK(reason ==
          "entry 1 (same list, subject, listed_on and document) is already recorded with expires_on `2026-01-01`");
}

TEST_CASE("every validation rule names its column and reason") {
    env e;
    CHECK(e.reject_of(row("91350100M000100Y4X")) ==
          std::pair<std::string, std::string>{"subject_id", "invalid identifier: check character is 'X', expected '3'"});
    CHECK(e.reject_of(row("")) == std::pair<std::string, std::string>{"subject_id", "subject_id is empty"});
    CHECK(e.reject_of(row(person1), "dishonest_enterprise") ==
          std::pair<std::string, std::string>{
              "subject_id", "subject kind `person` is not allowed on list `dishonest_enterprise` (it holds enterprise)"});
    CHECK(e.reject_of(fmt::format("{},,2024-01-01,,d,i,r", org1)) ==
          std::pair<std::string, std::string>{"subject_name", "subject_name is empty"});
    CHECK(e.reject_of(row(org1, "2024-02-30")) ==
          std::pair<std::string, std::string>{"listed_on", "listed_on `2024-02-30` is not a real date"});
    CHECK(e.reject_of(row(org1, "2024/01/01")).first == "listed_on");
    CHECK(e.reject_of(row(org1, "")) == std::pair<std::string, std::string>{"listed_on", "listed_on is empty"});
    CHECK(e.reject_of(row(org1, "2024-01-01", "2023-12-31")) ==
          std::pair<std::string, std::string>{"expires_on",
                                              "expires_on `2023-12-31` is not after listed_on `2024-01-01`"});
    CHECK(e.reject_of(row(org1, "2024-01-01", "2024-13-01")).first == "expires_on");
    CHECK(e.reject_of(row(org1, "2024-01-01", "", "")) ==
          std::pair<std::string, std::string>{"document", "document is empty"});
    CHECK(e.reject_of(fmt::format("{},某公司,2024-01-01,,d,,r", org1)) ==
          std::pair<std::string, std::string>{"initiator", "initiator is empty"});
    CHECK(e.reject_of(fmt::format("{},\xff\xfe,2024-01-01,,d,i,r", org1)) ==
          std::pair<std::string, std::string>{"subject_name", "subject_name is not valid UTF-8 (byte 1)"});
    CHECK(e.reject_of(fmt::format("{},a,2024-01-01,,d,i", org1)) ==
          std::pair<std::string, std::string>{"record", "the record has 6 fields, the header has 7"});
    CHECK(e.reject_of(fmt::format("{},a\"b,2024-01-01,,d,i,r", org1)).first == "subject_name");
    CHECK(e.reject_of("") == std::pair<std::string, std::string>{"", "the line is empty"});
    CHECK(e.count("SELECT count(*) FROM entries") == 0);
}

TEST_CASE("file-level problems fail the import before anything is written") {
    env e;
    CHECK(e.import_error(std::string(list_header), "major_tax") ==
          "unknown list `major_tax`; did you mean `major_tax_violation`?");
    CHECK(e.import_error("").find("is empty; expected a header row") != std::string::npos);
    CHECK(e.import_error("subject_id,subject_name,listed_on,expires_on,document,initiator\n")
              .ends_with(":1: missing column `reason` (expected "
                         "subject_id,subject_name,listed_on,expires_on,document,initiator,reason; optional "
                         "established_on)"));
    CHECK(e.import_error("subject_id,subject_name,listed_on,expires_on,document,initiator,reason,note\n")
              .ends_with(":1: unexpected column `note` (expected "
                         "subject_id,subject_name,listed_on,expires_on,document,initiator,reason; optional "
                         "established_on); pass --ignore-extra to ignore it"));
    CHECK(e.count("SELECT count(*) FROM imports") == 0);
}

TEST_CASE("extra columns are ignored when asked, and columns may come in any order") {
    env e;
    import_options o;
    o.ignore_extra = true;
    auto s = e.import("note,reason,initiator,document,expires_on,listed_on,subject_name,subject_id\n"
                      "x,偷税,税务局,d1,,2024-01-01,某公司," + org1 + "\n",
                      "major_tax_violation", o);
    CHECK(s.inserted == 1);
    CHECK(e.db.entries_of(org1).at(0).document == "d1");
}

TEST_CASE("bad rows go to the rejects file with line, column, reason and the record, and good rows are kept") {
    env e;
    auto s = e.import(std::string(list_header) + row(org1) + "\n" + row("123") + "\n" + row(org2) + "\n" +
                      row(org2, "2024-01-01", "2020-01-01", "x") + "\n");
    CHECK(s.rows == 4);
    CHECK(s.inserted == 2);
    CHECK(s.rejected == 2);
    CHECK(read_file(e.dir.file("rejects.csv")) ==
          "line,column,reason,record\n"
          "3,\"subject_id\",\"invalid identifier: length is 3, expected 18 characters (or 15 for a legacy resident "
          "ID)\",\"123,某公司,2024-01-01,,税稽〔2024〕1号,税务局,偷税\"\n"
          "5,\"expires_on\",\"expires_on `2020-01-01` is not after listed_on `2024-01-01`\",\"" +
              row(org2, "2024-01-01", "2020-01-01", "x") + "\"\n");
}

TEST_CASE("strict mode writes nothing when any row is bad, and everything when none is") {
    env e;
    import_options strict;
    strict.strict = true;
    auto bad = e.import(std::string(list_header) + row(org1) + "\n" + row("123") + "\n", "major_tax_violation", strict);
    CHECK_FALSE(bad.committed);
    CHECK(bad.rejected == 1);
    CHECK(bad.inserted == 0);
    CHECK(e.count("SELECT count(*) FROM entries") == 0);
    CHECK(e.count("SELECT count(*) FROM subjects") == 0);
    CHECK(e.count("SELECT count(*) FROM imports") == 0);
    CHECK(e.db.data_version() == 0);
    auto good = e.import(std::string(list_header) + row(org1) + "\n", "major_tax_violation", strict);
    CHECK(good.committed);
    CHECK(good.inserted == 1);
}

TEST_CASE("relations are imported with roles checked and identifiers of the right kind") {
    env e;
    std::string header = "person_id,person_name,org_id,role,since,until\n";
    write_file(e.dir.file("rel.csv"),
               header + person1 + ",张伟," + org1 + ",legal_representative,2020-01-01,\n" +  //
                   person2 + ",李娜," + org1 + ",director,2020-01-01,2022-01-01\n" +         //
                   org2 + ",李娜," + org1 + ",director,2020-01-01,\n" +                      //
                   person2 + ",李娜," + person1 + ",director,2020-01-01,\n" +                //
                   person2 + ",李娜," + org1 + ",legal_rep,2020-01-01,\n" +                  //
                   person2 + ",李娜," + org1 + ",director,2021-01-01,2020-01-01\n");
    import_options o;
    o.rejects_path = e.dir.file("rej.csv");
    auto r = import_relations(e.db, e.rules, e.dir.file("rel.csv"), o);
    REQUIRE(r);
    CHECK(r->inserted == 2);
    REQUIRE(r->first_rejects.size() == 4);
    CHECK(r->first_rejects[0].column == "person_id");
    CHECK(r->first_rejects[1].column == "org_id");
    CHECK(r->first_rejects[2].reason == "unknown role `legal_rep`; did you mean `legal_representative`?");
    CHECK(r->first_rejects[3].reason == "until `2020-01-01` is not after since `2021-01-01`");
    auto rel = e.db.relations_of(org1);
    REQUIRE(rel.size() == 2);
    CHECK(e.db.find_subject(person1)->name == "张伟");
    auto again = import_relations(e.db, e.rules, e.dir.file("rel.csv"), o);
    CHECK(again->inserted == 0);
    CHECK(again->unchanged == 2);
}

TEST_CASE("a large generated file imports completely in several batches" * doctest::test_suite("concurrency")) {
    env e;
    write_list_csv(e.rules, "major_tax_violation", e.dir.file("big.csv"), 5000, 11);
    import_options o;
    o.batch_rows = 700;
    std::vector<std::uint64_t> progress;
    o.progress = [&](const import_progress &p) { progress.push_back(p.rows); };
    auto r = import_list(e.db, e.rules, "major_tax_violation", e.dir.file("big.csv"), o);
    REQUIRE(r);
    CHECK(r->inserted == 5000);
    CHECK(r->rejected == 0);
    CHECK(e.count("SELECT count(*) FROM entries") == 5000);
    CHECK(progress.size() >= 8);
    CHECK(progress.back() == 5000);
    std::int64_t total = 0;
    for (const auto &ev : e.db.events_since(0, 100)) total += *ev.last_entry_id - *ev.entry_id + 1;
    CHECK(total == 5000);
}

// ---- entries without an end date, dated terms ----------------------------------------------------

TEST_CASE("an empty expires_on on a list without a default term is stored as no end date, and counts") {
    env e;
    std::string csv = std::string(list_header) + row(org1) + "\n" + row(person1, "2024-02-01", "2025-02-01") + "\n";
    auto s = e.import(csv, "food_drug");
    CHECK(s.inserted == 2);
    CHECK(s.rejected == 0);
    CHECK(e.count("SELECT count(*) FROM entries WHERE expires_on IS NULL") == 1);
    auto entry = e.db.entries_of(org1).at(0);
    CHECK_FALSE(entry.expires_on.has_value());
    CHECK(entry.status == entry_status::active);
    CHECK(e.db.entries_of(person1).at(0).expires_on->to_string() == "2025-02-01");
    // The snapshot's reader hands it over as active, without an end.
    int active = 0, open_ended = 0;
    e.db.read([&](store::reader &r) {
        r.entries(true, [&](const store::entry_row &row) {
            ++active;
            open_ended += !row.expires_on;
        });
    });
    CHECK(active == 2);
    CHECK(open_ended == 1);
    // Re-importing the file finds both entries unchanged.
    auto again = e.import(csv, "food_drug");
    CHECK(again.inserted == 0);
    CHECK(again.unchanged == 2);
    CHECK(again.rejected == 0);
    // The same entry with an end date now is another entry's content: rejected, not overwritten.
    auto [column, reason] = e.reject_of(row(org1, "2024-01-01", "2026-01-01"), "food_drug");
    CHECK(column == "expires_on");
    CHECK(reason == fmt::format("entry {} (same list, subject, listed_on and document) is already recorded without "
                                "an end date (expires_on empty)",
                                entry.id));
    CHECK(e.count("SELECT count(*) FROM entries WHERE expires_on IS NULL") == 1);
}

TEST_CASE("an entry recorded with an end date differs from the same row without one") {
    env e;
    e.import(std::string(list_header) + row(org1, "2024-01-01", "2026-01-01") + "\n", "food_drug");
    auto [column, reason] = e.reject_of(row(org1), "food_drug");
    CHECK(column == "expires_on");
    CHECK(reason ==
          "entry 1 (same list, subject, listed_on and document) is already recorded with expires_on `2026-01-01`");
}

TEST_CASE("the default term is the one in force on listed_on") {
    env e;
    const auto &list = e.rules.lists.at("dishonest_enterprise");
    auto day = [](const char *text) { return *credo::date::parse(text); };
    CHECK(list.default_term_on(day("2021-08-31"))->to_string() == "5y");
    CHECK(list.default_term_on(day("2021-09-01"))->to_string() == "3y");
    CHECK(list.repair_after_on(day("2021-08-31")) == nullptr);
    CHECK(list.repair_after_on(day("2021-09-01"))->basis == "市场监管总局令第44号");
    // A list whose first term starts later has none before it.
    list_info later;
    later.terms = {{day("2020-01-01"), term{2, 'y'}, "b"}};
    CHECK_FALSE(later.default_term_on(day("2019-12-31")).has_value());
    CHECK(later.default_term_on(day("2020-01-01"))->to_string() == "2y");

    auto s = e.import(std::string(list_header) + row(org1, "2021-08-31") + "\n" + row(org2, "2021-09-01") + "\n",
                      "dishonest_enterprise");
    CHECK(s.inserted == 2);
    CHECK(e.db.entries_of(org1).at(0).expires_on->to_string() == "2026-08-31");  // 5y under 工商总局令第83号
    CHECK(e.db.entries_of(org2).at(0).expires_on->to_string() == "2024-09-01");  // 3y from 2021-09-01
    // A hand listing takes the same term.
    auto id = e.db.add_entry(e.rules, {"dishonest_enterprise", synthetic_credit_code(3), "丙公司", "2021-09-01", "",
                                       "d", "i", "", "op"});
    REQUIRE_MESSAGE(id, id.error());
    CHECK(e.db.find_entry(*id)->expires_on->to_string() == "2024-09-01");
    // Before the first dated term of a list with none since always: no end date.
    e.rules.lists["food_drug"].terms = {{day("2025-01-01"), term{1, 'y'}, "b"}};
    e.import(std::string(list_header) + row(org1, "2024-12-31") + "\n" + row(org2, "2025-01-01") + "\n", "food_drug");
    CHECK_FALSE(e.db.entries_of(org1).back().expires_on.has_value());
    CHECK(e.db.entries_of(org2).back().expires_on->to_string() == "2026-01-01");
}

// ---- establishment dates -----------------------------------------------------------------------

namespace {

const std::string dated_list_header =
    "subject_id,subject_name,listed_on,expires_on,document,initiator,reason,established_on\n";
const std::string dated_relation_header = "person_id,person_name,org_id,role,since,until,established_on\n";

std::string dated_row(const std::string &id, const std::string &established, const std::string &document = "d1") {
    return fmt::format("{},某公司,2024-01-01,,{},税务局,偷税,{}\n", id, document, established);
}

}  // namespace

TEST_CASE("a list file's established_on column is optional and sets the subject's establishment date") {
    env e;
    auto s = e.import(dated_list_header + dated_row(org1, "2003-05-20") + dated_row(org2, ""));
    CHECK(s.inserted == 2);
    CHECK(s.warnings == 0);
    CHECK(e.db.find_subject(org1)->established_on->to_string() == "2003-05-20");
    CHECK_FALSE(e.db.find_subject(org2)->established_on.has_value());
    // Without the column: nothing known, nothing changed.
    e.import(std::string(list_header) + row(org1, "2024-02-01") + "\n");
    CHECK(e.db.find_subject(org1)->established_on->to_string() == "2003-05-20");
    // The column in any place.
    e.import("established_on,reason,initiator,document,expires_on,listed_on,subject_name,subject_id\n"
             "2010-01-02,r,i,d2,,2024-01-01,某公司," + org2 + "\n");
    CHECK(e.db.find_subject(org2)->established_on->to_string() == "2010-01-02");  // filled in: it had none
    // The snapshot's reader has it, and the day the subject was first recorded.
    std::map<std::string, std::pair<std::string, std::string>> seen;
    e.db.read([&](store::reader &r) {
        r.subjects([&](const store::subject_row &row) {
            seen[std::string(row.id)] = {row.established_on ? row.established_on->to_string() : "",
                                         row.first_recorded.to_string()};
        });
    });
    CHECK(seen[org1] == std::pair<std::string, std::string>{"2003-05-20", "2026-01-02"});
    CHECK(seen[org2] == std::pair<std::string, std::string>{"2010-01-02", "2026-01-02"});
}

TEST_CASE("a malformed established_on is rejected with its line and column, and a person has none") {
    env e;
    auto s = e.import(dated_list_header + dated_row(org1, "2003-02-30") + dated_row(org2, "2003/02/01") +
                      dated_row(person1, "1975-03-12") + dated_row(synthetic_credit_code(3), "2001-01-01"));
    CHECK(s.inserted == 1);
    CHECK(s.rejected == 3);
    REQUIRE(s.first_rejects.size() == 3);
    CHECK(s.first_rejects[0].line == 2);
    CHECK(s.first_rejects[0].column == "established_on");
    CHECK(s.first_rejects[0].reason == "established_on `2003-02-30` is not a real date");
    CHECK(s.first_rejects[1].line == 3);
    CHECK(s.first_rejects[1].column == "established_on");
    CHECK(s.first_rejects[2].line == 4);
    CHECK(s.first_rejects[2].reason ==
          "established_on is given for a person; only an organisation has an establishment date");
    CHECK_FALSE(e.db.find_subject(org1).has_value());
}

TEST_CASE("a later row with another establishment date keeps the first and warns, importing the row") {
    env e;
    e.import(dated_list_header + dated_row(org1, "2003-05-20"));
    auto s = e.import(dated_list_header + dated_row(org1, "2004-01-01", "d2") + dated_row(org1, "2003-05-20", "d3"));
    CHECK(s.inserted == 2);
    CHECK(s.rejected == 0);
    CHECK(s.warnings == 1);
    REQUIRE(s.first_warnings.size() == 1);
    CHECK(s.first_warnings[0].line == 2);
    CHECK(s.first_warnings[0].column == "established_on");
    CHECK(s.first_warnings[0].reason ==
          "subject " + org1 + " is recorded with established_on `2003-05-20`; `2004-01-01` is not kept");
    CHECK(e.db.find_subject(org1)->established_on->to_string() == "2003-05-20");
    CHECK(read_file(e.dir.file("rejects.csv")) ==
          "line,column,reason,record\n2,\"established_on\",\"warning: subject " + org1 +
              " is recorded with established_on `2003-05-20`; `2004-01-01` is not kept\",\"" + org1 +
              ",某公司,2024-01-01,,d2,税务局,偷税,2004-01-01\"\n");
    CHECK(e.count("SELECT warnings FROM imports ORDER BY id DESC LIMIT 1") == 1);
    // Within one file the first row's date is kept too.
    auto one = e.import(dated_list_header + dated_row(org2, "") + dated_row(org2, "2011-11-11", "d2") +
                        dated_row(org2, "2012-12-12", "d3"));
    CHECK(one.inserted == 3);
    CHECK(one.warnings == 1);
    CHECK(one.first_warnings.at(0).line == 4);
    CHECK(e.db.find_subject(org2)->established_on->to_string() == "2011-11-11");
}

TEST_CASE("establishment dates of subjects met across statements and batches: set once, differences warned") {
    // More rows than one multi-row statement holds and a small batch, so that new subjects, the
    // statement meeting stored ones and the next batch all see dates.
    env e;
    std::vector<std::string> codes;
    for (std::uint64_t k = 0; k < 300; ++k) codes.push_back(synthetic_credit_code(2000 + k));
    std::string csv = dated_list_header;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        csv += dated_row(codes[k], k % 2 ? "2001-01-01" : "", fmt::format("文{}", k));
    }
    // Second rows: a date for a subject that had none (filled in), the same date (nothing to
    // say), another date (a warning).
    csv += dated_row(codes[10], "2002-02-02", "又10") + dated_row(codes[11], "2001-01-01", "又11") +
           dated_row(codes[13], "2003-03-03", "又13") + dated_row(codes[299], "2004-04-04", "又299");
    import_options o;
    o.batch_rows = 200;
    auto s = e.import(csv, "major_tax_violation", o);
    CHECK(s.inserted == 304);
    CHECK(s.rejected == 0);
    CHECK(s.warnings == 2);
    REQUIRE(s.first_warnings.size() == 2);
    CHECK(s.first_warnings[0].line == 304);  // codes[13]'s second row
    CHECK(s.first_warnings[1].line == 305);  // codes[299]'s second row
    CHECK(e.db.find_subject(codes[10])->established_on->to_string() == "2002-02-02");
    CHECK(e.db.find_subject(codes[13])->established_on->to_string() == "2001-01-01");
    CHECK(e.db.find_subject(codes[299])->established_on->to_string() == "2001-01-01");
    CHECK_FALSE(e.db.find_subject(codes[12])->established_on.has_value());
    CHECK(e.count("SELECT count(*) FROM subjects WHERE established_on IS NOT NULL") == 151);
    // Re-importing the same file: nothing new, the same warnings.
    auto again = e.import(csv, "major_tax_violation", o);
    CHECK(again.unchanged == 304);
    CHECK(again.warnings == 2);
}

TEST_CASE("a relation file's established_on is the organisation's, optional, validated and kept once") {
    env e;
    write_file(e.dir.file("rel.csv"), dated_relation_header +                                              //
                                          person1 + ",张伟," + org1 + ",legal_representative,2020-01-01,,2003-05-20\n" +
                                          person2 + ",李娜," + org1 + ",director,2020-01-01,,2003-05-20\n" +
                                          person2 + ",李娜," + org2 + ",director,2020-01-01,,\n" +
                                          person1 + ",张伟," + org2 + ",director,2020-01-01,,2020-13-01\n" +
                                          person1 + ",张伟," + org1 + ",director,2021-01-01,,2009-09-09\n");
    import_options o;
    o.rejects_path = e.dir.file("rej.csv");
    auto r = import_relations(e.db, e.rules, e.dir.file("rel.csv"), o);
    REQUIRE(r);
    CHECK(r->inserted == 4);
    CHECK(r->rejected == 1);
    REQUIRE(r->first_rejects.size() == 1);
    CHECK(r->first_rejects[0].line == 5);
    CHECK(r->first_rejects[0].column == "established_on");
    CHECK(r->first_rejects[0].reason == "established_on `2020-13-01` is not a real date");
    CHECK(r->warnings == 1);
    REQUIRE(r->first_warnings.size() == 1);
    CHECK(r->first_warnings[0].line == 6);
    CHECK(e.db.find_subject(org1)->established_on->to_string() == "2003-05-20");
    CHECK_FALSE(e.db.find_subject(org2)->established_on.has_value());
    CHECK_FALSE(e.db.find_subject(person1)->established_on.has_value());
    // Without the column, as before.
    write_file(e.dir.file("rel2.csv"), "person_id,person_name,org_id,role,since,until\n" + person1 + ",张伟," + org2 +
                                           ",supervisor,2020-01-01,\n");
    auto plain = import_relations(e.db, e.rules, e.dir.file("rel2.csv"), o);
    REQUIRE(plain);
    CHECK(plain->inserted == 1);
    // A file that names an organisation many times, across statements: a date for one that had
    // none is set, and the one row that differs from the date kept is warned.
    std::string many = dated_relation_header;
    for (int k = 0; k < 300; ++k) {
        many += synthetic_resident_id(100 + static_cast<std::uint64_t>(k)) + ",某人," + org1 + ",director,2020-01-01,," +
                (k == 250 ? "2015-05-05" : "2003-05-20") + "\n";
    }
    many += person2 + ",李娜," + org2 + ",supervisor,2020-01-01,,2012-12-12\n";
    auto r2 = [&] {
        write_file(e.dir.file("rel3.csv"), many);
        return import_relations(e.db, e.rules, e.dir.file("rel3.csv"), o);
    }();
    REQUIRE(r2);
    CHECK(r2->inserted == 301);
    CHECK(r2->warnings == 1);
    CHECK(r2->first_warnings.at(0).line == 252);
    CHECK(r2->first_warnings.at(0).reason ==
          "subject " + org1 + " is recorded with established_on `2003-05-20`; `2015-05-05` is not kept");
    CHECK(e.db.find_subject(org1)->established_on->to_string() == "2003-05-20");
    CHECK(e.db.find_subject(org2)->established_on->to_string() == "2012-12-12");
}
