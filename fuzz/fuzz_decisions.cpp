// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for decisions import (行政许可和行政处罚决定, `credo decisions import`): any
// bytes as the CSV, imported into a real SQLite store. Every row must be counted as inserted,
// published, unchanged or rejected (with a line and a column), and importing the same bytes
// again must insert nothing.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"
#include "workflow/decisions.hpp"

namespace {

// One database file for the whole run, started afresh every 1000 inputs so that it stays small.
struct database {
    std::string dir;
    std::unique_ptr<credo::store::store> db;
    int uses = 0;

    database() {
        char pattern[] = "/tmp/credo_fuzz_decisions_XXXXXX";
        if (mkdtemp(pattern) == nullptr) std::abort();
        dir = pattern;
    }
    credo::store::store &get() {
        if (!db || ++uses % 1000 == 0) {
            db.reset();
            std::error_code ec;
            for (const char *suffix : {"", "-wal", "-shm"}) std::filesystem::remove(dir + "/d.db" + suffix, ec);
            db = std::make_unique<credo::store::store>(credo::store::store::open(dir + "/d.db"));
        }
        return *db;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace credo;
    static database *d = [] {
        auto *made = new database;
        std::atexit([] { std::filesystem::remove_all(d->dir); });
        return made;
    }();
    std::string_view csv(reinterpret_cast<const char *>(data), size);
    auto &db = d->get();
    auto first = workflow::import_decisions(db, csv, "fuzz");
    for (const auto &p : first.rejected) {
        if (p.line == 0 || p.reason.empty()) {
            std::fputs("a rejected decision row without a line or a reason\n", stderr);
            std::abort();
        }
    }
    if (first.inserted + first.published + first.unchanged + first.rejected.size() < first.rows) {
        std::fprintf(stderr, "rows unaccounted for: %zu rows, %zu inserted, %zu published, %zu unchanged, %zu rejected\n",
                     first.rows, first.inserted, first.published, first.unchanged, first.rejected.size());
        std::abort();
    }
    auto again = workflow::import_decisions(db, csv, "fuzz");
    if (again.inserted != 0 || again.published != 0) {
        std::fputs("importing the same decisions again changed the store\n", stderr);
        std::abort();
    }
    return 0;
}
