// SPDX-License-Identifier: Apache-2.0
// Import throughput: generates a list file of N rows (1,000,000 by default), imports it into a
// fresh database, re-imports it (idempotent: nothing changes), imports relations, and prints
// one figure a line as `name: value`.
//   credo_import_bench [--rows N] [--relations M] [--dir DIR] [--batch ROWS]
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <sys/resource.h>

#include "store/generate.hpp"
#include "store/import.hpp"
#include "store/store.hpp"

namespace {

// CPU seconds of this process (all threads): on a shared machine, wall time measures the
// neighbours as much as the import.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The subset of the shipped rule set the benchmark needs (the store stands below the rule
// compiler, so it takes its catalog as data).
credo::store::catalog bench_catalog() {
    credo::store::catalog c;
    c.lists["major_tax_violation"] = {credo::store::list_kind::black, "tax",
                                      {"enterprise", "individual_business", "cooperative", "other_org", "person"},
                                      {{std::nullopt, credo::store::term{3, 'y'}, {}}}};
    for (const char *role : {"legal_representative", "principal", "actual_controller", "controlling_shareholder",
                             "major_shareholder", "director", "supervisor", "senior_manager", "safety_officer",
                             "finance_officer", "directly_responsible", "practitioner"}) {
        c.roles.insert(role);
    }
    return c;
}

}  // namespace

int main(int argc, char **argv) {
    std::uint64_t rows = 1000000;
    std::uint64_t relations = 200000;
    std::size_t batch = 100000;
    std::string dir = (std::filesystem::temp_directory_path() / "credo-import-bench").string();
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--rows") rows = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--relations") relations = std::strtoull(argv[i + 1], nullptr, 10);
        else if (flag == "--dir") dir = argv[i + 1];
        else if (flag == "--batch") batch = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            fmt::print(stderr, "usage: credo_import_bench [--rows N] [--relations M] [--dir DIR] [--batch ROWS]\n");
            return 2;
        }
    }
    std::filesystem::create_directories(dir);
    auto rules = bench_catalog();
    std::string list_csv = dir + "/major_tax_violation.csv";
    std::string db_path = dir + "/bench.db";
    for (const char *suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);

    auto t0 = std::chrono::steady_clock::now();
    credo::store::write_list_csv(rules, "major_tax_violation", list_csv, rows, 7);
    double generate_s = seconds_since(t0);

    auto db = credo::store::store::open(db_path);
    credo::store::import_options options;
    options.batch_rows = batch;
    auto t1 = std::chrono::steady_clock::now();
    double c1 = cpu_seconds();
    auto first = credo::store::import_list(db, rules, "major_tax_violation", list_csv, options);
    double import_s = seconds_since(t1);
    double import_cpu_s = cpu_seconds() - c1;
    if (!first) {
        fmt::print(stderr, "import failed: {}\n", first.error());
        return 1;
    }
    auto t2 = std::chrono::steady_clock::now();
    double c2 = cpu_seconds();
    auto again = credo::store::import_list(db, rules, "major_tax_violation", list_csv, options);
    double reimport_s = seconds_since(t2);
    double reimport_cpu_s = cpu_seconds() - c2;

    // Relations between generated persons and the listed organisations.
    std::string relations_csv = dir + "/relations.csv";
    double relations_s = 0;
    std::uint64_t relations_inserted = 0;
    if (relations > 0) {
        credo::store::catalog one_list = rules;
        credo::store::generate_options g;
        g.entries = 0;
        g.relations = relations;
        auto files = credo::store::generate_data(one_list, dir + "/rel", g);
        auto t3 = std::chrono::steady_clock::now();
        auto rel = credo::store::import_relations(db, rules, files.relations, options);
        relations_s = seconds_since(t3);
        if (rel) relations_inserted = rel->inserted;
    }
    std::uintmax_t file_bytes = std::filesystem::file_size(list_csv);
    std::uintmax_t db_bytes = std::filesystem::file_size(db_path);

    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    fmt::print("rows: {}\n", rows);
    fmt::print("load_average: {:.2f}\n", load[0]);
    fmt::print("file_mb: {:.1f}\n", static_cast<double>(file_bytes) / 1e6);
    fmt::print("generate_s: {:.3f}\n", generate_s);
    fmt::print("import_s: {:.3f}\n", import_s);
    fmt::print("import_rows_per_s: {:.0f}\n", static_cast<double>(rows) / import_s);
    fmt::print("import_cpu_s: {:.3f}\n", import_cpu_s);
    fmt::print("import_rows_per_cpu_s: {:.0f}\n", static_cast<double>(rows) / import_cpu_s);
    fmt::print("inserted: {}\n", first->inserted);
    fmt::print("rejected: {}\n", first->rejected);
    fmt::print("reimport_s: {:.3f}\n", reimport_s);
    fmt::print("reimport_rows_per_s: {:.0f}\n", static_cast<double>(rows) / reimport_s);
    fmt::print("reimport_rows_per_cpu_s: {:.0f}\n", static_cast<double>(rows) / reimport_cpu_s);
    fmt::print("reimport_inserted: {}\n", again ? again->inserted : 0);
    fmt::print("relations: {}\n", relations_inserted);
    fmt::print("relations_rows_per_s: {:.0f}\n", relations_s > 0 ? static_cast<double>(relations) / relations_s : 0.0);
    fmt::print("db_mb: {:.1f}\n", static_cast<double>(db_bytes) / 1e6);
    return 0;
}
