// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

using credo::test::run_credo;

TEST_CASE("credo id prints one line per code and exits 1 when any is invalid") {
    auto r = run_credo({"id", "91350100M000100Y43", "11010519491231002X", "91350100M000100Y4X"});
    CHECK(r.exit_code == 1);
    CHECK(r.out ==
          "91350100M000100Y43  enterprise  valid\n"
          "110105********002X  person  valid\n"
          "91350100M000100Y4X  invalid: check character is 'X', expected '3'\n");
}

TEST_CASE("credo id exits 0 when every code is valid and shows IDs only when asked") {
    auto r = run_credo({"id", "--show-ids", "11010519491231002X"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "11010519491231002X  person  valid\n");
}

TEST_CASE("credo id --json prints one object per code") {
    auto r = run_credo({"id", "--json", "9144030071526726xg", "9I4403001922038216"});
    CHECK(r.exit_code == 1);
    auto newline = r.out.find('\n');
    auto first = nlohmann::json::parse(r.out.substr(0, newline));
    auto second = nlohmann::json::parse(r.out.substr(newline + 1));
    CHECK(first["id"] == "9144030071526726XG");
    CHECK(first["valid"] == true);
    CHECK(first["kind"] == "enterprise");
    CHECK(first["scheme"] == "credit_code");
    CHECK(second["valid"] == false);
    CHECK(second["reason"].get<std::string>().starts_with("character 2 'I' is not allowed"));
}

TEST_CASE("credo id --lenient accepts a pilot code and prints the warning") {
    auto r = run_credo({"id", "--lenient", "91350100M0001TGQXM"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("valid\n  warning: check character is 'M', expected '1'") != std::string::npos);
}

TEST_CASE("a usage error exits 2 with a credo: message on stderr") {
    auto none = run_credo({"id"});
    CHECK(none.exit_code == 2);
    CHECK(none.err.starts_with("credo: "));
    auto unknown = run_credo({"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.starts_with("credo: "));
    auto bad_option = run_credo({"id", "--as", "passport", "x"});
    CHECK(bad_option.exit_code == 2);
}

TEST_CASE("credo demo loads the sample data, runs checks and writes the quarterly report") {
    credo::test::temp_dir dir;
    auto r = run_credo({"demo", "--dir", dir.path(), "--rules", std::string(CREDO_SOURCE_DIR) + "/rules", "--data",
                        std::string(CREDO_SOURCE_DIR) + "/examples/data"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("invalid: check character is 'X', expected '3'") != std::string::npos);
    CHECK(r.out.find("(escalated: black listings in 2 fields)") != std::string::npos);
    CHECK(r.out.find("via legal_representative of 91410922MA3X5K7P36") != std::string::npos);
    CHECK(r.out.find("suspended by objection 1") != std::string::npos);
    CHECK(r.out.find("verdict: green_channel") != std::string::npos);
    CHECK(r.out.find("audit trail: 8 checks, hash chain intact") != std::string::npos);
    // Personal IDs stay masked: the sample's legal representative and the GB 11643 example.
    CHECK(r.out.find("410922197503120510") == std::string::npos);
    CHECK(r.out.find("11010519491231002X") == std::string::npos);
    auto at = r.out.find("written to ");
    REQUIRE(at != std::string::npos);
    std::string report = r.out.substr(at + 11, r.out.find('\n', at) - at - 11);
    CHECK(credo::test::read_file(report).find("<svg") != std::string::npos);
}
