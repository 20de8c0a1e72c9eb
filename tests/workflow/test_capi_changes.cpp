// SPDX-License-Identifier: Apache-2.0
// credo_changes_* through the shared library, as a C caller uses it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "credo/credo.h"
#include "workflow_fixture.hpp"

using namespace credo::workflow_test;

TEST_CASE("credo_changes_read returns the changes as JSON and the cursor for the next call") {
    world w;
    {
        auto db = w.open();
        w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
        w.list(db, "test_tax", person1, "2026-07-02", "税〔2026〕2号");
    }
    credo_changes *changes = nullptr;
    REQUIRE(credo_changes_read(&changes, w.db_path.c_str(), w.rules_dir.c_str(), 0, "自然资源局", 1) == CREDO_OK);
    CHECK(credo_changes_count(changes) == 1);
    CHECK(credo_changes_cursor(changes) == 1);
    CHECK(credo_changes_more(changes) == 1);
    auto j = nlohmann::json::parse(credo_changes_json(changes));
    CHECK(j["changes"][0]["subject"]["id"] == org1);
    credo_changes_free(changes);
    REQUIRE(credo_changes_read(&changes, w.db_path.c_str(), w.rules_dir.c_str(), 1, nullptr, 0) == CREDO_OK);
    CHECK(credo_changes_cursor(changes) == 2);
    CHECK(credo_changes_more(changes) == 0);
    // Personal IDs are unmasked for systems.
    CHECK(nlohmann::json::parse(credo_changes_json(changes))["changes"][0]["subject"]["id"] == person1);
    credo_changes_free(changes);
    credo_changes_free(nullptr);
    CHECK(credo_changes_read(&changes, w.db_path.c_str(), w.rules_dir.c_str(), -1, nullptr, 0) == CREDO_EINVALID_ARGUMENT);
    CHECK(changes == nullptr);
    CHECK(credo_changes_read(&changes, w.dir.file("none.db").c_str(), w.rules_dir.c_str(), 0, nullptr, 0) == CREDO_ESTORE);
    CHECK(std::string(credo_changes_json(nullptr)).empty());
}
