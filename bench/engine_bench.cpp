// SPDX-License-Identifier: Apache-2.0
// The engine benchmark (issue 5): generates (or reuses) a database of N active listing entries
// across the nine black lists and M relations, builds the engine's snapshot and measures checks.
// Prints one figure a line as `name: value`.
//   credo_bench --entries N --relations M [--threads T] [--db FILE] [--rules DIR] [--checks K]
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "credo/engine.hpp"
#include "diag/diagnostic.hpp"
#include "engine/catalog.hpp"
#include "sema/rule_set.hpp"
#include "store/generate.hpp"
#include "store/import.hpp"
#include "store/store.hpp"

// ---- allocation counting: this binary replaces the global operator new ---------------------------
// GCC sees `free` on memory from `operator new` once both are inlined into a caller; here they
// are one malloc/free pair by construction.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

void *operator new(std::size_t size) {
    if (counting) ++allocations;
    if (void *p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct options {
    std::uint64_t entries = 1000000;
    std::uint64_t relations = 200000;
    unsigned threads = 2;
    std::string db;
    std::string rules;
    std::uint64_t checks = 2000000;
    std::uint64_t seed = 20161230;
};

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Resident set size from /proc/self/statm (pages → bytes).
long resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long size = 0;
    long resident = 0;
    statm >> size >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

// Peak resident set (VmHWM) in bytes.
long peak_resident_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10) * 1024;
    }
    return 0;
}

// CPU seconds of the whole process (all threads).
double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Resets the peak resident set to the current one (Linux 4.0+); false where not allowed.
bool reset_peak_resident() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

double load_average() {
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    return load[0];
}

std::string default_rules() {
    if (const char *r = std::getenv("CREDO_RULES"); r && *r) return r;
    if (fs::is_directory("rules")) return "rules";
    return CREDO_SOURCE_DIR "/rules";
}

std::shared_ptr<const credo::sema::rule_set> load_rules(const std::string &dir) {
    credo::diag::source_map sources;
    credo::diag::diagnostics diags;
    auto rules = credo::sema::load_rule_set(dir, sources, diags);
    if (!rules) {
        diags.sort();
        for (const auto &d : diags.items()) std::fputs(credo::diag::render(d, sources).c_str(), stderr);
        throw std::runtime_error(fmt::format("the rules in `{}` do not compile", dir));
    }
    return rules;
}

std::string params_text(const options &o) {
    return fmt::format("entries {}\nrelations {}\nseed {}\nschema {}\n", o.entries, o.relations, o.seed,
                       credo::store::latest_schema_version());
}

// Generates the lists and relations as CSV and imports them with the store's fast import.
void generate_database(const options &o, const credo::sema::rule_set &rules) {
    for (const char *suffix : {"", "-wal", "-shm", ".params"}) fs::remove(o.db + suffix);
    credo::store::catalog all = credo::engine_core::make_catalog(rules);
    credo::store::catalog black = all;
    std::erase_if(black.lists, [](const auto &l) { return l.second.kind != credo::store::list_kind::black; });
    std::string dir = o.db + ".csv";
    fs::create_directories(dir);
    auto t0 = clock_type::now();
    credo::store::generate_options g;
    g.entries = o.entries;
    g.relations = o.relations;
    g.seed = o.seed;
    auto files = credo::store::generate_data(black, dir, g);
    fmt::print(stderr, "generated {} entries and {} relations as CSV in {:.1f} s\n", files.entries,
               files.relations_written, seconds_since(t0));
    auto db = credo::store::store::open(o.db);
    credo::store::import_options io;
    io.by = "credo_bench";
    auto t1 = clock_type::now();
    for (const auto &[list, path] : files.lists) {
        auto r = credo::store::import_list(db, all, list, path, io);
        if (!r) throw std::runtime_error(fmt::format("importing `{}` failed: {}", list, r.error()));
        if (r->rejected) fmt::print(stderr, "{}: {} rows rejected\n", list, r->rejected);
    }
    auto r = credo::store::import_relations(db, all, files.relations, io);
    if (!r) throw std::runtime_error(fmt::format("importing relations failed: {}", r.error()));
    if (r->rejected) fmt::print(stderr, "relations: {} rows rejected\n", r->rejected);
    fmt::print(stderr, "imported in {:.1f} s\n", seconds_since(t1));
    fs::remove_all(dir);
    std::ofstream(o.db + ".params") << params_text(o);
}

bool reusable(const options &o) {
    if (!fs::exists(o.db)) return false;
    std::ifstream in(o.db + ".params");
    std::stringstream text;
    text << in.rdbuf();
    return text.str() == params_text(o);
}

struct workload {
    std::vector<std::string> listed;    // subjects with an active entry
    std::vector<std::string> unlisted;  // valid identifiers the store does not know
    std::vector<std::string> related;   // persons in the store through a relation only
    // The checks, 30 % listed, random. Each query's subject text sits in a sequential array
    // beside it, as a request's bytes sit in the buffer it was just read into: pointing into
    // the scattered strings above would charge every check a cache miss of the benchmark's own.
    std::vector<credo::query> queries;
    std::vector<std::array<char, 18>> query_subjects;
    std::vector<credo::query> unlisted_queries;
    std::vector<std::array<char, 18>> unlisted_query_subjects;
};

// Copies `id` (a normalised, 18-character identifier) into `slot` and points `q` at it.
void set_subject(credo::query &q, std::array<char, 18> &slot, const std::string &id) {
    std::memcpy(slot.data(), id.data(), std::min(id.size(), slot.size()));
    q.subject = std::string_view(slot.data(), std::min(id.size(), slot.size()));
}

const char *const scenarios[] = {"public_bidding", "government_procurement", "administrative_licensing",
                                 "credit_lending"};
const credo::date as_of = credo::date::from_ymd(2024, 6, 1);

workload make_workload(const options &o, std::int64_t entries) {
    workload w;
    auto db = credo::store::store::open(o.db, {.create = false, .read_only = true, .clock = {}});
    std::uint64_t every = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(entries) / 200000);
    std::uint64_t n = 0;
    db.read([&](credo::store::store::reader &r) {
        std::vector<std::int64_t> numbers;
        r.entries(true, [&](const credo::store::store::entry_row &e) {
            if (n++ % every == 0) numbers.push_back(e.subject);
        });
        std::sort(numbers.begin(), numbers.end());
        r.subjects([&](const credo::store::store::subject_row &s) {
            if (std::binary_search(numbers.begin(), numbers.end(), s.number)) w.listed.emplace_back(s.id);
        });
    });
    std::sort(w.listed.begin(), w.listed.end());
    w.listed.erase(std::unique(w.listed.begin(), w.listed.end()), w.listed.end());
    // Indexes beyond any the generator uses for listed subjects or related organisations.
    for (std::uint64_t i = 0; i < 200000; ++i) w.unlisted.push_back(credo::store::synthetic_credit_code(90000000 + i));
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    w.queries.resize(1 << 20);
    w.query_subjects.resize(w.queries.size());
    for (std::size_t i = 0; i < w.queries.size(); ++i) {
        auto &q = w.queries[i];
        set_subject(q, w.query_subjects[i],
                    unit(rng) < 0.3 ? w.listed[rng() % w.listed.size()] : w.unlisted[rng() % w.unlisted.size()]);
        q.scenario = scenarios[rng() % std::size(scenarios)];
        q.as_of = as_of;
        q.querier = "credo_bench";
    }
    w.unlisted_queries.resize(1 << 16);
    w.unlisted_query_subjects.resize(w.unlisted_queries.size());
    for (std::size_t i = 0; i < w.unlisted_queries.size(); ++i) {
        auto &q = w.unlisted_queries[i];
        set_subject(q, w.unlisted_query_subjects[i], w.unlisted[rng() % w.unlisted.size()]);
        q.scenario = scenarios[rng() % std::size(scenarios)];
        q.as_of = as_of;
        q.querier = "credo_bench";
    }
    return w;
}

struct rate {
    double per_s = 0;      // checks per second of wall time
    double per_cpu_s = 0;  // checks per CPU second of the checking threads
};

// Runs `count` checks on `threads` threads at once.
rate throughput(const credo::engine &e, const workload &w, std::uint64_t count, unsigned threads) {
    std::atomic<unsigned> ready{0};
    std::atomic<bool> go{false};
    std::atomic<std::uint64_t> failures{0};
    std::vector<double> cpu(threads, 0.0);
    std::vector<std::thread> pool;
    std::uint64_t each = count / threads;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            credo::decision d;
            std::size_t start = (t * 7919) % w.queries.size();
            for (std::size_t i = 0; i < 1000; ++i) (void)e.check(w.queries[(start + i) % w.queries.size()], d);
            ready.fetch_add(1);
            while (!go.load()) std::this_thread::yield();
            double c0 = thread_cpu_seconds();
            for (std::uint64_t i = 0; i < each; ++i) {
                if (!e.check(w.queries[(start + i) % w.queries.size()], d)) failures.fetch_add(1);
            }
            cpu[t] = thread_cpu_seconds() - c0;
        });
    }
    while (ready.load() < threads) std::this_thread::yield();
    auto t0 = clock_type::now();
    go.store(true);
    for (auto &th : pool) th.join();
    double s = seconds_since(t0);
    if (failures.load()) fmt::print(stderr, "{} checks failed\n", failures.load());
    double cpu_total = 0;
    for (double c : cpu) cpu_total += c;
    return {static_cast<double>(each * threads) / s, static_cast<double>(each * threads) / cpu_total};
}

int run(const options &o) {
    double load_start = load_average();
    auto rules = load_rules(o.rules);
    if (reusable(o)) {
        fmt::print(stderr, "reusing `{}`\n", o.db);
    } else {
        fmt::print(stderr, "generating `{}` ({} entries, {} relations)\n", o.db, o.entries, o.relations);
        generate_database(o, *rules);
    }
    std::int64_t entries = 0;
    std::int64_t relations = 0;
    auto count = [&] {
        auto db = credo::store::store::open(o.db, {.create = false, .read_only = true, .clock = {}});
        db.read([&](credo::store::store::reader &r) {
            entries = r.count_entries(true);
            relations = r.count_relations();
        });
        return make_workload(o, entries);
    };
    workload w;
    try {
        w = count();
    } catch (const credo::store::error &e) {
        // A database from a build with another layout under the same schema version.
        fmt::print(stderr, "cannot reuse `{}` ({}); generating it again\n", o.db, e.what());
        generate_database(o, *rules);
        w = count();
    }

    // ---- snapshot build and memory ---------------------------------------------------------------
    malloc_trim(0);
    long rss_before = resident_bytes();
    bool peak_reset = reset_peak_resident();
    credo::engine_options eo;
    eo.rules_dir = o.rules;
    eo.db_path = o.db;
    eo.audit = false;
    auto t0 = clock_type::now();
    double build_cpu0 = process_cpu_seconds();
    auto opened = credo::engine::open(eo);
    double build_s = seconds_since(t0);
    double build_cpu_s = process_cpu_seconds() - build_cpu0;
    if (!opened) {
        fmt::print(stderr, "cannot open the engine: {}\n", opened.error().message);
        return 1;
    }
    credo::engine &e = *opened;
    long rss_untrimmed = resident_bytes();
    malloc_trim(0);
    long rss_after = resident_bytes();
    long peak_after = peak_resident_bytes();
    double per_entry = static_cast<double>(rss_after - rss_before) / static_cast<double>(std::max<std::int64_t>(entries, 1));

    // ---- single thread: throughput, then latency -----------------------------------------------------
    credo::decision d;
    for (std::size_t i = 0; i < 100000; ++i) (void)e.check(w.queries[i % w.queries.size()], d);
    double cpu0 = thread_cpu_seconds();
    auto t1 = clock_type::now();
    std::uint64_t failed = 0;
    for (std::uint64_t i = 0; i < o.checks; ++i) {
        if (!e.check(w.queries[i & (w.queries.size() - 1)], d)) ++failed;
    }
    double wall = seconds_since(t1);
    double cpu = thread_cpu_seconds() - cpu0;
    if (failed) fmt::print(stderr, "{} checks failed\n", failed);
    double checks_per_s = static_cast<double>(o.checks) / wall;
    double checks_per_cpu_s = static_cast<double>(o.checks) / cpu;

    std::vector<double> latencies;
    std::size_t samples = 500000;
    latencies.reserve(samples);
    std::size_t listed_verdicts = 0;
    for (std::size_t i = 0; i < samples; ++i) {
        const auto &q = w.queries[(i * 31) & (w.queries.size() - 1)];
        auto a = clock_type::now();
        (void)e.check(q, d);
        auto b = clock_type::now();
        latencies.push_back(std::chrono::duration<double, std::micro>(b - a).count());
        if (d.verdict != "none") ++listed_verdicts;
    }
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))]; };

    // ---- allocations -----------------------------------------------------------------------------------
    for (const auto &q : w.unlisted_queries) (void)e.check(q, d);
    allocations = 0;
    counting = true;
    for (const auto &q : w.unlisted_queries) (void)e.check(q, d);
    counting = false;
    double allocs_unlisted = static_cast<double>(allocations) / static_cast<double>(w.unlisted_queries.size());
    std::size_t listed_checks = 0;
    allocations = 0;
    for (std::size_t i = 0; i < 100000; ++i) {
        const auto &s = w.listed[i % w.listed.size()];
        credo::query q{.subject = s, .scenario = scenarios[i % std::size(scenarios)], .as_of = as_of, .querier = "b"};
        counting = true;
        (void)e.check(q, d);
        counting = false;
        ++listed_checks;
    }
    double allocs_listed = static_cast<double>(allocations) / static_cast<double>(listed_checks);

    // ---- threads ---------------------------------------------------------------------------------------
    std::uint64_t thread_checks = std::max<std::uint64_t>(o.checks, 1000000);
    rate one = throughput(e, w, thread_checks, 1);
    rate two = throughput(e, w, 2 * thread_checks, 2);
    rate many = o.threads > 2 ? throughput(e, w, o.threads * thread_checks, o.threads) : rate{};

    // ---- audited, batched ----------------------------------------------------------------------------
    // A second engine with the audit trail on; the first is closed so that only one snapshot
    // is resident. Audit rows are appended to the benchmark database.
    credo::engine_options ao = eo;
    ao.audit = true;
    ao.audit_mode = credo::audit_mode::batched;  // bench/audit_bench.cpp compares the modes
    double audited_per_s = 0;
    double audited_per_cpu_s = 0;
    { credo::engine closing = std::move(e); }  // moved out of `opened`, closed here
    {
        auto audited = credo::engine::open(ao);
        if (!audited) {
            fmt::print(stderr, "cannot open the audited engine: {}\n", audited.error().message);
            return 1;
        }
        const std::size_t batch = 256;
        std::vector<credo::decision> out(batch);
        std::vector<credo::status> statuses(batch);
        std::uint64_t audited_checks = 300000;
        auto t2 = clock_type::now();
        double audit_cpu0 = process_cpu_seconds();
        for (std::uint64_t done = 0; done < audited_checks; done += batch) {
            std::size_t start = done & (w.queries.size() - 1);
            std::size_t n = std::min<std::size_t>(batch, w.queries.size() - start);
            audited->check_batch(std::span(w.queries).subspan(start, n), std::span(out).first(n),
                                 std::span(statuses).first(n));
        }
        if (auto s = audited->flush_audit(); !s) fmt::print(stderr, "audit failed: {}\n", s.error().message);
        audited_per_s = static_cast<double>(audited_checks) / seconds_since(t2);
        audited_per_cpu_s = static_cast<double>(audited_checks) / (process_cpu_seconds() - audit_cpu0);
    }

    fmt::print("entries: {}\n", entries);
    fmt::print("relations: {}\n", relations);
    fmt::print("load_average_start: {:.2f}\n", load_start);
    fmt::print("load_average_end: {:.2f}\n", load_average());
    fmt::print("snapshot_build_s: {:.2f}\n", build_s);
    fmt::print("snapshot_build_cpu_s: {:.2f}\n", build_cpu_s);
    fmt::print("bytes_per_entry: {:.1f}\n", per_entry);
    fmt::print("bytes_per_entry_before_trim: {:.1f}\n",
               static_cast<double>(rss_untrimmed - rss_before) / static_cast<double>(std::max<std::int64_t>(entries, 1)));
    if (peak_reset) {
        fmt::print("peak_bytes_per_entry: {:.1f}\n",
                   static_cast<double>(peak_after - rss_before) / static_cast<double>(std::max<std::int64_t>(entries, 1)));
    }
    fmt::print("checks_per_s: {:.0f}\n", checks_per_s);
    fmt::print("checks_per_cpu_s: {:.0f}\n", checks_per_cpu_s);
    fmt::print("check_p50_us: {:.2f}\n", pct(0.50));
    fmt::print("check_p99_us: {:.2f}\n", pct(0.99));
    fmt::print("check_p999_us: {:.2f}\n", pct(0.999));
    fmt::print("share_with_measures: {:.3f}\n", static_cast<double>(listed_verdicts) / static_cast<double>(samples));
    fmt::print("allocs_per_unlisted_check: {:.3f}\n", allocs_unlisted);
    fmt::print("allocs_per_listed_check: {:.2f}\n", allocs_listed);
    fmt::print("audited_checks_per_s: {:.0f}\n", audited_per_s);
    fmt::print("audited_checks_per_cpu_s: {:.0f}\n", audited_per_cpu_s);
    fmt::print("one_thread_checks_per_s: {:.0f}\n", one.per_s);
    fmt::print("two_thread_checks_per_s: {:.0f}\n", two.per_s);
    fmt::print("two_thread_scaling: {:.2f}\n", two.per_s / one.per_s);
    // 1.00: a check costs as much CPU on two threads as on one, so two free cores give 2x.
    fmt::print("two_thread_cpu_efficiency: {:.2f}\n", two.per_cpu_s / one.per_cpu_s);
    if (o.threads > 2) {
        fmt::print("threads: {}\n", o.threads);
        fmt::print("{}_thread_checks_per_s: {:.0f}\n", o.threads, many.per_s);
        fmt::print("{}_thread_scaling: {:.2f}\n", o.threads, many.per_s / one.per_s);
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    options o;
    auto usage = [] {
        std::fputs("usage: credo_bench --entries N --relations M [--threads T] [--db FILE] [--rules DIR] "
                   "[--checks K] [--seed S]\n",
                   stderr);
        return 2;
    };
    for (int i = 1; i < argc; i += 2) {
        std::string flag = argv[i];
        if (i + 1 >= argc) return usage();
        const char *value = argv[i + 1];
        if (flag == "--entries") o.entries = std::strtoull(value, nullptr, 10);
        else if (flag == "--relations") o.relations = std::strtoull(value, nullptr, 10);
        else if (flag == "--threads") o.threads = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
        else if (flag == "--db") o.db = value;
        else if (flag == "--rules") o.rules = value;
        else if (flag == "--checks") o.checks = std::strtoull(value, nullptr, 10);
        else if (flag == "--seed") o.seed = std::strtoull(value, nullptr, 10);
        else return usage();
    }
    if (o.threads == 0 || o.checks == 0) return usage();
    if (o.rules.empty()) o.rules = default_rules();
    if (o.db.empty()) {
        auto dir = fs::temp_directory_path() / "credo-bench";
        fs::create_directories(dir);
        o.db = (dir / fmt::format("entries-{}-relations-{}.db", o.entries, o.relations)).string();
    }
    try {
        return run(o);
    } catch (const std::exception &ex) {
        fmt::print(stderr, "credo_bench: {}\n", ex.what());
        return 1;
    }
}
