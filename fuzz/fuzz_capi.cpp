// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the C API: random query structs (strings with any bytes, versions,
// attribute types and counts, NULLs) against an engine on the shipped rules and the C API
// tests' fixture database, and random rule directories (the input written as a rule file)
// through credo_rules_lint and credo_engine_open. Every call must return a status; the
// sanitizers catch anything else.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "credo/credo.h"
#include "fixture_db.hpp"

namespace {

struct world {
    std::string dir;
    std::string db;
    std::string rules_dir;
    credo_engine *engine = nullptr;
    credo_engine *small = nullptr;  // max_string_bytes 128: the limit path
};

world &the_world() {
    // Never destroyed: the exit handler below still needs it.
    static world &w = *[] {
        auto *made = new world;
        world &w = *made;
        char pattern[] = "/tmp/credo_fuzz_capi_XXXXXX";
        if (mkdtemp(pattern) == nullptr) std::abort();
        w.dir = pattern;
        w.db = w.dir + "/fixture.db";
        w.rules_dir = w.dir + "/rules";
        std::filesystem::create_directories(w.rules_dir);
        // The vocabulary (scenarios, effects, roles, kinds) beside the fuzzed file, so that an
        // input can declare lists and memorandums that compile.
        std::filesystem::copy_file(CREDO_SOURCE_DIR "/rules/vocabulary.credo", w.rules_dir + "/vocabulary.credo");
        if (!credo::capi_test::write_fixture_db(w.db)) std::abort();
        credo_engine_options o = CREDO_ENGINE_OPTIONS_INIT;
        o.rules_dir = CREDO_SOURCE_DIR "/rules";
        o.db_path = w.db.c_str();
        o.flags = CREDO_ENGINE_NO_AUDIT;
        int status = credo_engine_open(&w.engine, &o);
        o.max_string_bytes = 128;  // the paths must fit
        if (status == CREDO_OK) status = credo_engine_open(&w.small, &o);
        if (status != CREDO_OK) {
            std::fprintf(stderr, "fuzz_capi: %s\n", credo_error_message());
            std::abort();
        }
        std::atexit([] {
            world &w = the_world();
            credo_engine_free(w.engine);
            credo_engine_free(w.small);
            std::error_code ignored;
            std::filesystem::remove_all(w.dir, ignored);
        });
        return made;
    }();
    return w;
}

// Reads the input as a stream of fields.
struct reader {
    const std::uint8_t *data;
    std::size_t size;
    std::size_t pos = 0;

    std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
    // A NUL-terminated field (any bytes but NUL), or NULL when the flag byte says so.
    const char *text(std::vector<std::string> &keep, bool may_be_null = true) {
        if (may_be_null && (byte() & 0x7) == 0) return nullptr;
        std::size_t end = pos;
        while (end < size && data[end] != 0) ++end;
        keep.emplace_back(reinterpret_cast<const char *>(data + pos), end - pos);
        pos = end < size ? end + 1 : end;
        return keep.back().c_str();
    }
};

const char *const known_subjects[] = {"91440300MA5F0000X1", "91440300MA5F000181", "91440300MA5F00026U",
                                      "91440300MA5F00034N", "91440300MA5F00042H", "440300198001010011"};

void read_decision(const credo_decision *d) {
    (void)credo_decision_json(d);
    (void)credo_decision_verdict(d);
    (void)credo_decision_subject(d);
    (void)credo_decision_subject_kind(d);
    (void)credo_decision_subject_name(d);
    (void)credo_decision_scenario(d);
    (void)credo_decision_as_of(d);
    (void)credo_decision_rules_version(d);
    (void)credo_decision_escalated(d);
    (void)credo_decision_check_id(d);
    for (std::size_t i = 0; i <= credo_decision_black_field_count(d); ++i) (void)credo_decision_black_field(d, i);
    for (int set = 0; set <= 4; ++set) {
        std::size_t n = credo_decision_measure_count(d, set);
        for (std::size_t i = 0; i <= n; ++i) {
            credo_measure m = CREDO_MEASURE_INIT;
            if (credo_decision_measure(&m, d, set, i) == CREDO_OK && (m.text == nullptr || m.via == nullptr)) std::abort();
        }
    }
}

void fuzz_query(reader &in) {
    world &w = the_world();
    std::vector<std::string> keep;
    keep.reserve(64);
    credo_query q = CREDO_QUERY_INIT;
    std::uint8_t flags = in.byte();
    q.version = (flags & 0x80) ? in.byte() : CREDO_QUERY_VERSION;
    // Half the time a known subject and scenario, so that checks get past validation.
    std::uint8_t pick = in.byte();
    q.subject = (pick & 1) ? known_subjects[(pick >> 1) % std::size(known_subjects)] : in.text(keep);
    q.scenario = (pick & 0x10) ? "government_procurement" : in.text(keep);
    q.as_of = in.text(keep);
    q.querier = in.text(keep);
    std::vector<credo_attribute> attributes(in.byte() % 5);
    for (auto &a : attributes) {
        a.key = in.text(keep);
        a.type = static_cast<std::int8_t>(in.byte()) % 5;
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = bits << 8 | in.byte();
        std::memcpy(&a.number, &bits, sizeof a.number);  // NaN and infinities included
        a.text = in.text(keep);
    }
    q.attributes = attributes.empty() && (flags & 1) ? nullptr : attributes.data();
    q.attribute_count = attributes.size();
    if ((flags & 6) == 6) {  // a count larger than the array, with no array: refused unread
        q.attribute_count = 1000000;
        q.attributes = nullptr;
    }

    credo_engine *engine = (flags & 8) ? w.small : w.engine;
    credo_decision *d = nullptr;
    int status = credo_check(&d, engine, &q);
    if (status == CREDO_OK) {
        read_decision(d);
        if (credo_check_into(d, engine, &q) != CREDO_OK) std::abort();  // the same query again
        read_decision(d);
    } else if (d != nullptr || credo_error_message()[0] == '\0') {
        std::abort();
    }
    credo_decision_free(d);

    const credo_query *batch_queries[3] = {&q, nullptr, &q};
    credo_batch *batch = nullptr;
    if (credo_check_batch(&batch, engine, batch_queries, 3) == CREDO_OK) {
        for (std::size_t i = 0; i <= credo_batch_count(batch); ++i) {
            (void)credo_batch_status(batch, i);
            (void)credo_batch_message(batch, i);
            if (const credo_decision *bd = credo_batch_decision(batch, i)) read_decision(bd);
        }
    }
    credo_batch_free(batch);

    credo_id_info info = CREDO_ID_INFO_INIT;
    if (q.subject != nullptr) (void)credo_id_validate(&info, q.subject, in.byte() & 0xF);
}

void fuzz_rules(reader &in) {
    world &w = the_world();
    {
        std::ofstream out(w.rules_dir + "/fuzz.credo", std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(in.data + in.pos), static_cast<std::streamsize>(in.size - in.pos));
    }
    credo_diagnostics *diags = nullptr;
    int status = credo_rules_lint(&diags, w.rules_dir.c_str());
    if (status != CREDO_OK && status != CREDO_ERULE) std::abort();
    for (std::size_t i = 0; i <= credo_diagnostics_count(diags); ++i) {
        credo_diagnostic d = CREDO_DIAGNOSTIC_INIT;
        if (credo_diagnostics_get(&d, diags, i) == CREDO_OK && (d.rendered == nullptr || d.file == nullptr)) std::abort();
    }
    credo_diagnostics_free(diags);

    credo_engine_options o = CREDO_ENGINE_OPTIONS_INIT;
    o.rules_dir = w.rules_dir.c_str();
    o.db_path = w.db.c_str();
    o.flags = CREDO_ENGINE_NO_AUDIT;
    credo_engine *engine = nullptr;
    status = credo_engine_open(&engine, &o);
    if (status == CREDO_OK) {
        credo_query q = CREDO_QUERY_INIT;
        q.subject = "91440300MA5F0000X1";
        q.scenario = "government_procurement";
        credo_decision *d = nullptr;
        if (credo_check(&d, engine, &q) == CREDO_OK) read_decision(d);
        credo_decision_free(d);
    } else if (engine != nullptr || credo_error_message()[0] == '\0') {
        std::abort();
    }
    credo_engine_free(engine);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    reader in{data, size};
    if (in.byte() < 200) {
        fuzz_query(in);
    } else {
        fuzz_rules(in);
    }
    return 0;
}
