// SPDX-License-Identifier: Apache-2.0
// Micro-benchmark of the relation graph: bulk build, memory, depth-1 and deeper queries.
//
// credo_graph_bench [--relations N] [--subjects S] [--lookups L] [--compare]
// prints `name: value` lines. --compare also builds the same edges into a Boost adjacency_list
// to measure what the compressed sparse row layout saves.
#include <boost/graph/adjacency_list.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "graph/relation_graph.hpp"

using credo::date;
using namespace credo::graph;

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// CPU seconds of the calling thread: wall time misleads on a machine other jobs share.
double thread_cpu_s() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Resident set size in bytes, from /proc (Linux); 0 elsewhere.
long resident_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10) * 1024;
    }
    return 0;
}

std::size_t option(int argc, char **argv, const char *name, std::size_t fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
    }
    return fallback;
}

bool flag(int argc, char **argv, const char *name) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) return true;
    }
    return false;
}

constexpr role_id legal_representative = 0;
constexpr role_id principal = 1;
constexpr role_id directly_responsible = 10;
constexpr role_id role_count = 12;

// Organisations are ids [0, organisations), persons the rest. Every organisation has a legal
// representative (a quarter of them changed once); the remaining relations are random roles.
std::vector<relation> generate(std::size_t count, std::size_t subjects, std::size_t organisations,
                               std::mt19937_64 &rng) {
    std::uniform_int_distribution<subject_id> person(static_cast<subject_id>(organisations),
                                                     static_cast<subject_id>(subjects - 1));
    std::uniform_int_distribution<subject_id> organisation(0, static_cast<subject_id>(organisations - 1));
    std::uniform_int_distribution<int> start(date::from_ymd(2000, 1, 1).days_since_epoch(),
                                             date::from_ymd(2022, 1, 1).days_since_epoch());
    std::uniform_int_distribution<int> role(1, role_count - 1);
    std::vector<relation> out;
    out.reserve(count);
    for (subject_id org = 0; org < organisations && out.size() < count; ++org) {
        date since = date::from_days(start(rng));
        if (rng() % 4 == 0 && out.size() + 1 < count) {
            date change = since.add_days(static_cast<int>(rng() % 2000) + 1);
            out.push_back({person(rng), org, legal_representative, since, change});
            out.push_back({person(rng), org, legal_representative, change, std::nullopt});
        } else {
            out.push_back({person(rng), org, legal_representative, since, std::nullopt});
        }
    }
    while (out.size() < count) {
        date since = date::from_days(start(rng));
        std::optional<date> until;
        if (rng() % 5 == 0) until = since.add_days(static_cast<int>(rng() % 3000) + 1);
        out.push_back({person(rng), organisation(rng), static_cast<role_id>(role(rng)), since, until});
    }
    std::shuffle(out.begin(), out.end(), rng);
    return out;
}

struct edge_data {
    std::int32_t since;
    std::int32_t until;
    role_id role;
    std::uint8_t to;
};

}  // namespace

int main(int argc, char **argv) {
    std::size_t relation_total = option(argc, argv, "--relations", 2'000'000);
    std::size_t subjects = option(argc, argv, "--subjects", 3'000'000);
    std::size_t lookups = option(argc, argv, "--lookups", 10'000'000);
    std::size_t organisations = subjects / 3;
    std::mt19937_64 rng(20240501);

    std::vector<relation> relations = generate(relation_total, subjects, organisations, rng);

    long rss_before = resident_bytes();
    auto build_start = clock_type::now();
    double build_cpu_start = thread_cpu_s();
    relation_graph graph(relations, subjects);
    double build_cpu_s = thread_cpu_s() - build_cpu_start;
    double build_s = seconds_since(build_start);
    long rss_after = resident_bytes();

    std::printf("relations: %zu\n", relations.size());
    std::printf("subjects: %zu\n", graph.subject_count());
    std::printf("stored_relations: %zu\n", graph.relation_count());
    std::printf("build_s: %.3f\n", build_s);
    std::printf("build_cpu_s: %.3f\n", build_cpu_s);
    std::printf("graph_bytes: %zu\n", graph.memory_bytes());
    std::printf("bytes_per_relation: %.1f\n",
                static_cast<double>(graph.memory_bytes()) / static_cast<double>(relations.size()));
    std::printf("rss_bytes_per_relation: %.1f\n",
                static_cast<double>(rss_after - rss_before) / static_cast<double>(relations.size()));

    // Query mix: 30 % subjects with relations, 70 % without, as a must-query stream would be.
    std::vector<subject_id> with, without;
    for (subject_id s = 0; s < subjects; ++s) (graph.has_relations(s) ? with : without).push_back(s);
    std::printf("subjects_with_relations: %zu\n", with.size());
    std::vector<subject_id> queries(1 << 20);
    for (subject_id &q : queries) {
        bool related = rng() % 10 < 3 || without.empty();
        const std::vector<subject_id> &pool = related ? with : without;
        q = pool[rng() % pool.size()];
    }
    const date on = date::from_ymd(2020, 6, 1);
    const role_mask extends_to = role_bit(legal_representative) | role_bit(principal) | role_bit(directly_responsible);

    auto run = [&](std::size_t count, std::size_t offset) {
        std::size_t found = 0;
        for (std::size_t i = 0; i < count; ++i) {
            subject_id s = queries[(i + offset) & (queries.size() - 1)];
            if (s < organisations) {
                graph.for_each_person_of(s, extends_to, on, [&](subject_id, role_id) { ++found; });
            } else {
                graph.for_each_organisation_of(s, extends_to, on, [&](subject_id, role_id) { ++found; });
            }
        }
        return found;
    };

    auto lookup_start = clock_type::now();
    double lookup_cpu_start = thread_cpu_s();
    std::size_t found = run(lookups, 0);
    double lookup_cpu_s = thread_cpu_s() - lookup_cpu_start;
    double lookup_s = seconds_since(lookup_start);
    std::printf("lookups: %zu\n", lookups);
    std::printf("lookup_hits: %zu\n", found);
    std::printf("lookups_per_s: %.0f\n", static_cast<double>(lookups) / lookup_s);
    std::printf("lookup_ns: %.1f\n", lookup_s * 1e9 / static_cast<double>(lookups));
    std::printf("lookups_per_cpu_s: %.0f\n", static_cast<double>(lookups) / lookup_cpu_s);

    // Related subjects only: the cost of a scan that finds something.
    std::size_t related_lookups = lookups / 4;
    std::size_t related_found = 0;
    auto related_start = clock_type::now();
    for (std::size_t i = 0; i < related_lookups; ++i) {
        subject_id s = with[(i * 2654435761U) % with.size()];
        graph.reachable(s, extends_to, on, 1, [&](const reach &) { ++related_found; });
    }
    double related_s = seconds_since(related_start);
    std::printf("related_depth1_ns: %.1f\n", related_s * 1e9 / static_cast<double>(related_lookups));

    // Two threads on the same graph.
    std::size_t per_thread = lookups / 2;
    auto threads_start = clock_type::now();
    std::size_t thread_found[2] = {0, 0};
    {
        std::thread a([&] { thread_found[0] = run(per_thread, 0); });
        std::thread b([&] { thread_found[1] = run(per_thread, queries.size() / 2); });
        a.join();
        b.join();
    }
    double threads_s = seconds_since(threads_start);
    std::printf("two_thread_lookups_per_s: %.0f\n", static_cast<double>(2 * per_thread) / threads_s);

    // The general case: depth 3 over every role (allocates its visited set).
    std::size_t deep_lookups = 200'000;
    std::size_t deep_found = 0;
    auto deep_start = clock_type::now();
    for (std::size_t i = 0; i < deep_lookups; ++i) {
        subject_id s = with[(i * 2654435761U) % with.size()];
        graph.reachable(s, extends_to, on, 3, [&](const reach &) { ++deep_found; });
    }
    double deep_s = seconds_since(deep_start);
    std::printf("depth3_reachable_per_s: %.0f\n", static_cast<double>(deep_lookups) / deep_s);
    std::printf("depth3_mean_reached: %.2f\n", static_cast<double>(deep_found) / static_cast<double>(deep_lookups));

    if (flag(argc, argv, "--compare")) {
        // The same two directed edges a relation, in the mutable adjacency_list the issue first
        // named.
        using list_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                                 edge_data>;
        long list_before = resident_bytes();
        auto list_start = clock_type::now();
        list_graph list(subjects);
        for (const relation &r : relations) {
            std::int32_t since = r.since.days_since_epoch();
            std::int32_t until = r.until ? r.until->days_since_epoch() : INT32_MAX;
            boost::add_edge(r.person, r.organisation, edge_data{since, until, r.role, 0}, list);
            boost::add_edge(r.organisation, r.person, edge_data{since, until, r.role, 1}, list);
        }
        double list_s = seconds_since(list_start);
        long list_after = resident_bytes();
        std::printf("adjacency_list_build_s: %.3f\n", list_s);
        std::printf("adjacency_list_rss_bytes_per_relation: %.1f\n",
                    static_cast<double>(list_after - list_before) / static_cast<double>(relations.size()));
    }
    return (found + related_found + deep_found + thread_found[0] + thread_found[1]) == 0 ? 1 : 0;
}
