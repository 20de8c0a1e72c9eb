// SPDX-License-Identifier: Apache-2.0
// `credo lint` and `credo rules`, run as the real binary.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "sema_test.hpp"
#include "support/process.hpp"

using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

const char *const measure_file = R"(memorandum m "备忘录" {
  document "文号"
  targets major_tax_violation
  effective 2016-01-01
  measure m.01 "限制取得政府供应土地" {
    implementer "国土资源部"
    scenarios land_supply
    effect restrict
    binding mandatory
  }
}
)";

// A rule directory with the test vocabulary and `text` as `m.credo`.
void fill(const temp_dir &dir, const std::string &text) {
    std::filesystem::create_directories(dir.file("vocab"));
    write_file(dir.file("vocab/vocabulary.credo"), credo::test::vocabulary);
    write_file(dir.file("m.credo"), text);
    write_file(dir.file("README.md"), "not a rule file {{{");
}

}  // namespace

TEST_CASE("credo lint exits 0 on a clean rule set and names its version") {
    temp_dir dir;
    fill(dir, measure_file);
    auto r = run_credo({"lint", dir.path()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("2 files checked, no problems; rules version ") != std::string::npos);
}

TEST_CASE("credo lint prints every diagnostic with position, source line and help, and exits 1") {
    temp_dir dir;
    std::string text = measure_file;
    text.replace(text.find("targets major_tax_violation"), 27, "targets major_tax_violaton");
    fill(dir, text);
    auto r = run_credo({"lint", dir.path()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(dir.path() + "/m.credo:3:11: error[E0202]: unknown list `major_tax_violaton`\n"
                                  " 3 |   targets major_tax_violaton\n"
                                  "   |           ^~~~~~~~~~~~~~~~~~\n"
                                  "help: did you mean `major_tax_violation`?\n") != std::string::npos);
    CHECK(r.err.find("2 files checked, 1 error, 0 warnings") != std::string::npos);
}

TEST_CASE("credo lint exits 0 on warnings alone, and 1 with --werror") {
    temp_dir dir;
    std::string text = measure_file;
    text.replace(text.find("binding mandatory"), 17, "binding mandatory\n    applies_to related");
    fill(dir, text);
    auto r = run_credo({"lint", dir.path()});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("warning[W0301]") != std::string::npos);
    CHECK(r.err.find("1 warning") != std::string::npos);
    auto strict = run_credo({"lint", "--werror", dir.path()});
    CHECK(strict.exit_code == 1);
    CHECK(strict.err.find("(warnings are errors)") != std::string::npos);
}

TEST_CASE("credo lint reports syntax errors of the parser too") {
    temp_dir dir;
    fill(dir, "memorandum m \"x\" {\n  document\n}\n");
    auto r = run_credo({"lint", dir.path()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("error[E01") != std::string::npos);
}

TEST_CASE("credo lint exits 2 on a directory it cannot read, and 1 on one without rule files") {
    auto missing = run_credo({"lint", "/nonexistent/rules"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "credo: cannot read the rule directory `/nonexistent/rules`: no such directory\n");
    temp_dir empty;
    auto none = run_credo({"lint", empty.path()});
    CHECK(none.exit_code == 1);
    CHECK(none.err.find("error[E0300]: no rule files (`*.credo`) in") != std::string::npos);
}

TEST_CASE("credo lint reads $CREDO_RULES when no directory is given") {
    temp_dir dir;
    fill(dir, measure_file);
    auto r = credo::test::run_process("/usr/bin/env", {"CREDO_RULES=" + dir.path(), CREDO_CLI, "lint"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find(dir.path() + ": 2 files checked, no problems") != std::string::npos);
}

TEST_CASE("the shipped rules lint clean") {
    auto r = run_credo({"lint", "--werror", std::string(CREDO_SOURCE_DIR) + "/rules"});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("credo rules --json prints lists, memorandums, measures, rules and the version") {
    temp_dir dir;
    fill(dir, measure_file);
    auto r = run_credo({"rules", "--json", dir.path()});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["version"].get<std::string>().size() == 64);
    CHECK(j["lists"].size() == 3);
    CHECK(j["lists"][0]["id"] == "major_tax_violation");
    CHECK(j["lists"][0]["terms"] ==
          nlohmann::json::parse(R"([{"term":"3y","from":null,"basis":null}])"));
    CHECK(j["lists"][0]["memorandums"] == nlohmann::json::array({"m"}));
    CHECK(j["memorandums"][0]["effective_from"] == "2016-01-01");
    CHECK(j["memorandums"][0]["effective_until"] == nullptr);
    const auto &m = j["measures"][0];
    CHECK(m["id"] == "m.01");
    CHECK(m["memorandum"] == "m");
    CHECK(m["scenarios"] == nlohmann::json::array({"land_supply"}));
    CHECK(m["effect"] == "restrict");
    CHECK(m["effect_kind"] == "punishment");
    CHECK(m["binding"] == "mandatory");
    CHECK(m["reach_stated"] == false);
    CHECK(m["verify"] == nullptr);
    CHECK(j["scenarios"].size() == 4);
    CHECK(j["rules"].empty());
}

TEST_CASE("credo rules --scenario lists every measure that can apply there") {
    temp_dir dir;
    fill(dir, measure_file);
    auto r = run_credo({"rules", dir.path(), "--scenario", "land_supply"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("1 measures can apply in `land_supply` (政府供应土地)\n"));
    CHECK(r.out.find("m.01") != std::string::npos);
    auto j = run_credo({"rules", dir.path(), "--scenario", "air_travel", "--json"});
    CHECK(nlohmann::json::parse(j.out)["measures"].empty());
}

TEST_CASE("credo rules --scenario with an unknown scenario names the closest") {
    temp_dir dir;
    fill(dir, measure_file);
    auto r = run_credo({"rules", dir.path(), "--scenario", "land_suply"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "credo: unknown scenario `land_suply`; did you mean `land_supply`?\n");
}

TEST_CASE("credo rules on a rule set with errors prints them and exits 2") {
    temp_dir dir;
    std::string text = measure_file;
    text.replace(text.find("effect restrict"), 15, "effect restrictt");
    fill(dir, text);
    auto r = run_credo({"rules", dir.path()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("error[E0204]: unknown effect `restrictt`") != std::string::npos);
    CHECK(r.err.find("credo: the rules in") != std::string::npos);
}
