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

TEST_CASE("credo_feedback_record holds a C caller to the feedback rules, with departments.csv re-read on reload") {
    world w;
    {
        auto db = w.open();
        w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    }
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    options.rules_dir = w.rules_dir.c_str();
    options.db_path = w.db_path.c_str();
    credo_engine *engine = nullptr;
    REQUIRE(credo_engine_open(&engine, &options) == CREDO_OK);
    credo_query q = CREDO_QUERY_INIT;
    q.subject = org1.c_str();
    q.scenario = "public_bidding";
    q.as_of = "2026-07-02";
    q.querier = "县自然资源局";
    credo_decision *d = nullptr;
    REQUIRE(credo_check(&d, engine, &q) == CREDO_OK);
    REQUIRE(credo_decision_check_id(d) > 0);

    credo_feedback fb = CREDO_FEEDBACK_INIT;
    fb.check_id = credo_decision_check_id(d);
    fb.measure = "memo_tax.01";
    fb.implementer = "县自然资源局";
    fb.outcome = CREDO_FEEDBACK_APPLIED;
    std::int64_t id = 0;
    CHECK(credo_feedback_record(&id, engine, &fb) == CREDO_EINVALID_ARGUMENT);
    CHECK(std::string(credo_error_message()).find("departments.csv does not say `县自然资源局`") != std::string::npos);

    // The file appears; the engine reads it again after a reload.
    credo::test::write_file(w.rules_dir + "/departments.csv", "department,acts_for\n县自然资源局,自然资源局\n");
    REQUIRE(credo_engine_reload(engine) == CREDO_OK);
    CHECK(credo_feedback_record(&id, engine, &fb) == CREDO_OK);
    CHECK(id > 0);
    fb.outcome = CREDO_FEEDBACK_DECLINED;  // mandatory: a reason is needed
    CHECK(credo_feedback_record(&id, engine, &fb) == CREDO_EINVALID_ARGUMENT);
    CHECK(std::string(credo_error_message()).find("needs a reason") != std::string::npos);
    fb.note = "合同已签订";
    CHECK(credo_feedback_record(&id, engine, &fb) == CREDO_OK);

    // A broken file is a rule error, named by line.
    credo::test::write_file(w.rules_dir + "/departments.csv", "department,acts_for\n县自然资源局,自然资源\n");
    REQUIRE(credo_engine_reload(engine) == CREDO_OK);
    CHECK(credo_feedback_record(&id, engine, &fb) == CREDO_ERULE);
    CHECK(std::string(credo_error_message()).find("departments.csv:2:") != std::string::npos);
    credo_changes *changes = nullptr;
    CHECK(credo_changes_read(&changes, w.db_path.c_str(), w.rules_dir.c_str(), 0, "县自然资源局", 0) == CREDO_ERULE);
    CHECK(changes == nullptr);
    credo_decision_free(d);
    credo_engine_free(engine);
}

TEST_CASE("credo_engine_changes_read answers as credo_changes_read with the rules the engine compiled once") {
    world w;
    {
        auto db = w.open();
        w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    }
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    options.rules_dir = w.rules_dir.c_str();
    options.db_path = w.db_path.c_str();
    options.flags = CREDO_ENGINE_NO_AUDIT;
    credo_engine *engine = nullptr;
    REQUIRE(credo_engine_open(&engine, &options) == CREDO_OK);
    credo_changes *by_engine = nullptr;
    credo_changes *by_paths = nullptr;
    REQUIRE(credo_engine_changes_read(&by_engine, engine, 0, "自然资源局", 0) == CREDO_OK);
    REQUIRE(credo_changes_read(&by_paths, w.db_path.c_str(), w.rules_dir.c_str(), 0, "自然资源局", 0) == CREDO_OK);
    CHECK(std::string(credo_changes_json(by_engine)) == credo_changes_json(by_paths));
    CHECK(credo_changes_count(by_engine) == 1);
    credo_changes_free(by_engine);
    credo_changes_free(by_paths);

    // A rule file broken on disk: the path-based call compiles it again and fails; the engine's
    // call keeps the rules it compiled for its rules version.
    credo::test::write_file(w.rules_dir + "/broken.credo", "memorandum {\n");
    CHECK(credo_changes_read(&by_paths, w.db_path.c_str(), w.rules_dir.c_str(), 0, nullptr, 0) == CREDO_ERULE);
    REQUIRE(credo_engine_changes_read(&by_engine, engine, 0, nullptr, 0) == CREDO_OK);
    CHECK(credo_changes_count(by_engine) == 1);
    credo_changes_free(by_engine);
    CHECK(credo_engine_changes_read(&by_engine, engine, -1, nullptr, 0) == CREDO_EINVALID_ARGUMENT);
    CHECK(std::string(credo_error_message()).find("credo_engine_changes_read") != std::string::npos);
    CHECK(credo_engine_changes_read(&by_engine, nullptr, 0, nullptr, 0) == CREDO_EINVALID_ARGUMENT);
    credo_engine_free(engine);
}
