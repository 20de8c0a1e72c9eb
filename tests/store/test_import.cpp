// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <fmt/format.h>

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
    CHECK(entries[0].expires_on.to_string() == "2027-01-01");  // the list's 3y default term
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
    CHECK(e.reject_of(row(org1), "food_drug") ==
          std::pair<std::string, std::string>{"expires_on",
                                              "expires_on is empty and list `food_drug` has no default term"});
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
                         "subject_id,subject_name,listed_on,expires_on,document,initiator,reason)"));
    CHECK(e.import_error("subject_id,subject_name,listed_on,expires_on,document,initiator,reason,note\n")
              .ends_with(":1: unexpected column `note` (expected "
                         "subject_id,subject_name,listed_on,expires_on,document,initiator,reason); "
                         "pass --ignore-extra to ignore it"));
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

TEST_CASE("a large generated file imports completely in several batches") {
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
