// SPDX-License-Identifier: Apache-2.0
// The audit trail's cost (issue 13): checks per second with auditing off, batched and durable, on
// one thread and on two, and the batched mode's loss window measured by killing a checking
// process with SIGKILL. Prints one figure a line as `name: value` (docs/audit.md).
//   credo_audit_bench [--dir DIR] [--seconds S] [--kills K]
// DIR (default: a fresh directory under the current one) holds the databases; put it on the
// disk whose fsync cost is to be measured.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <thread>
#include <vector>

#include "credo/engine.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct options {
    std::string dir;
    double seconds = 2.0;
    int kills = 5;
};

// Subjects to check: unlisted, so that the check itself is cheap and the audit's cost shows.
std::vector<std::string> subjects() {
    std::vector<std::string> out;
    for (std::uint64_t i = 1; i <= 1024; ++i) out.push_back(credo::store::synthetic_credit_code(i));
    return out;
}

credo::engine open_engine(const std::string &db, bool audit, credo::audit_mode mode) {
    credo::engine_options o;
    o.rules_dir = std::string(CREDO_SOURCE_DIR) + "/rules";
    o.db_path = db;
    o.audit = audit;
    o.audit_mode = mode;
    auto e = credo::engine::open(o);
    if (!e) {
        fmt::print(stderr, "cannot open the engine on `{}`: {}\n", db, e.error().message);
        std::exit(1);
    }
    return std::move(e.value());
}

std::string fresh_database(const options &o, const std::string &name) {
    std::string path = o.dir + "/" + name + ".db";
    for (const char *suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    credo::store::store::open(path);  // the schema
    return path;
}

// Checks per second over o.seconds on `threads` threads, one engine.check per check.
double throughput(const options &o, const std::string &name, bool audit, credo::audit_mode mode, unsigned threads) {
    std::string db = fresh_database(o, name);
    auto e = open_engine(db, audit, mode);
    auto ids = subjects();
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> total{0};
    std::atomic<std::uint64_t> failed{0};
    std::vector<std::thread> pool;
    auto start = clock_type::now();
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            credo::decision d;
            credo::query q;
            q.scenario = "public_bidding";
            q.querier = "bench";
            std::uint64_t n = 0;
            for (std::size_t i = t; !stop.load(std::memory_order_relaxed); ++i) {
                q.subject = ids[i % ids.size()];
                if (!e.check(q, d)) failed.fetch_add(1);
                ++n;
            }
            total.fetch_add(n);
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    stop = true;
    for (auto &t : pool) t.join();
    if (auto s = e.flush_audit(); !s) fmt::print(stderr, "{}: audit failed: {}\n", name, s.error().message);
    double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    if (failed) fmt::print(stderr, "{}: {} checks failed\n", name, failed.load());
    return static_cast<double>(total.load()) / elapsed;
}

struct loss {
    std::int64_t answered = 0;  // ids the killed process handed out
    std::int64_t lost = 0;      // of them, without a row afterwards
};

// A child checks on two threads in batched mode and reports every id it answers through a
// pipe; after o.seconds it is killed with SIGKILL, and a new engine records what it left
// unwritten as lost.
loss kill_once(const options &o, int round) {
    std::string db = fresh_database(o, fmt::format("kill{}", round));
    int ids_pipe[2];
    if (pipe(ids_pipe) != 0) std::exit(1);
    pid_t child = fork();
    if (child == 0) {
        close(ids_pipe[0]);
        auto e = open_engine(db, true, credo::audit_mode::batched);
        auto ids = subjects();
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < 2; ++t) {
            pool.emplace_back([&, t] {
                credo::decision d;
                credo::query q;
                q.scenario = "public_bidding";
                for (std::size_t i = t;; ++i) {
                    q.subject = ids[i % ids.size()];
                    if (!e.check(q, d)) _exit(4);
                    std::int64_t id = *d.check_id;
                    if (write(ids_pipe[1], &id, sizeof id) != sizeof id) _exit(5);
                }
            });
        }
        for (auto &t : pool) t.join();
        _exit(0);
    }
    close(ids_pipe[1]);
    std::int64_t highest = 0;
    auto deadline = clock_type::now() + std::chrono::duration<double>(o.seconds);
    std::vector<std::int64_t> buffer(4096);
    while (clock_type::now() < deadline) {
        auto n = read(ids_pipe[0], buffer.data(), buffer.size() * sizeof(std::int64_t));
        if (n <= 0) break;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n) / sizeof(std::int64_t); ++i) {
            highest = std::max(highest, buffer[i]);
        }
    }
    kill(child, SIGKILL);
    // Ids the child wrote to the pipe before the kill are answered too.
    for (;;) {
        auto n = read(ids_pipe[0], buffer.data(), buffer.size() * sizeof(std::int64_t));
        if (n <= 0) break;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n) / sizeof(std::int64_t); ++i) {
            highest = std::max(highest, buffer[i]);
        }
    }
    close(ids_pipe[0]);
    waitpid(child, nullptr, 0);
    auto store = credo::store::store::open(db);
    store.record_lost_checks();
    loss out;
    out.answered = highest;
    for (std::int64_t id = highest; id >= 1; --id) {
        auto row = store.find_check(id);
        if (!row || row->verdict != credo::store::lost_check_verdict) break;
        ++out.lost;
    }
    return out;
}

}  // namespace

int main(int argc, char **argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                fmt::print(stderr, "{} needs a value\n", a);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--dir") o.dir = value();
        else if (a == "--seconds") o.seconds = std::atof(value().c_str());
        else if (a == "--kills") o.kills = std::atoi(value().c_str());
        else {
            fmt::print(stderr, "usage: credo_audit_bench [--dir DIR] [--seconds S] [--kills K]\n");
            return 2;
        }
    }
    if (o.dir.empty()) o.dir = "audit_bench";
    fs::create_directories(o.dir);

    using credo::audit_mode;
    for (unsigned threads : {1u, 2u}) {
        fmt::print("off_checks_per_s_{}t: {:.0f}\n", threads,
                   throughput(o, "off", false, audit_mode::batched, threads));
        fmt::print("batched_checks_per_s_{}t: {:.0f}\n", threads,
                   throughput(o, "batched", true, audit_mode::batched, threads));
        fmt::print("durable_checks_per_s_{}t: {:.0f}\n", threads,
                   throughput(o, "durable", true, audit_mode::durable, threads));
    }
    credo::engine_options defaults;
    std::int64_t worst = 0;
    std::int64_t sum = 0;
    std::int64_t answered = 0;
    for (int k = 0; k < o.kills; ++k) {
        auto l = kill_once(o, k);
        worst = std::max(worst, l.lost);
        sum += l.lost;
        answered += l.answered;
    }
    fmt::print("batched_kills: {}\n", o.kills);
    fmt::print("batched_answered_per_kill: {:.0f}\n", static_cast<double>(answered) / std::max(1, o.kills));
    // Lost rows include up to audit_batch ids reserved ahead but never handed out.
    fmt::print("batched_lost_rows_per_kill_mean: {:.0f}\n", static_cast<double>(sum) / std::max(1, o.kills));
    fmt::print("batched_lost_rows_per_kill_max: {}\n", worst);
    fmt::print("batched_loss_bound_rows: {} (audit_queue)\n", defaults.audit_queue);
    fmt::print("batched_interval_ms: {}\n", defaults.audit_interval_ms);
    return 0;
}
