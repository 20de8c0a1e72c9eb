// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "graph/relation_graph.hpp"

using credo::date;
using namespace credo::graph;

namespace {

// Role ids as an engine would intern them; any small integers do.
constexpr role_id legal_representative = 0;
constexpr role_id principal = 1;
constexpr role_id director = 7;
constexpr role_id directly_responsible = 10;

date day(const char *text) { return *date::parse(text); }

relation rel(subject_id person, subject_id organisation, role_id role, const char *since,
             const char *until = nullptr) {
    relation r{person, organisation, role, day(since), std::nullopt};
    if (until) r.until = day(until);
    return r;
}

using pairs = std::vector<std::pair<subject_id, role_id>>;

pairs persons_of(const relation_graph &g, subject_id org, role_mask roles, const char *on) {
    pairs out;
    g.for_each_person_of(org, roles, day(on), [&](subject_id s, role_id r) { out.emplace_back(s, r); });
    return out;
}

pairs organisations_of(const relation_graph &g, subject_id person, role_mask roles, const char *on) {
    pairs out;
    g.for_each_organisation_of(person, roles, day(on), [&](subject_id s, role_id r) { out.emplace_back(s, r); });
    return out;
}

std::vector<reach> reached(const relation_graph &g, subject_id from, role_mask roles, const char *on,
                           unsigned depth) {
    std::vector<reach> out;
    g.reachable(from, roles, day(on), depth, [&](const reach &r) { out.push_back(r); });
    return out;
}

bool same(const reach &a, const reach &b) {
    return a.subject == b.subject && a.via == b.via && a.role == b.role && a.depth == b.depth;
}

}  // namespace

TEST_CASE("an organisation's persons are found through the roles asked for") {
    // Persons 1, 2, 3; organisation 10.
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01"),
                                           rel(2, 10, principal, "2015-01-01"),
                                           rel(3, 10, director, "2015-01-01")});
    CHECK(persons_of(g, 10, all_roles, "2020-01-01") == pairs{{1, legal_representative}, {2, principal}, {3, director}});
    CHECK(persons_of(g, 10, role_bit(legal_representative) | role_bit(principal), "2020-01-01") ==
          pairs{{1, legal_representative}, {2, principal}});
    CHECK(persons_of(g, 10, role_bit(directly_responsible), "2020-01-01").empty());
    CHECK(persons_of(g, 10, 0, "2020-01-01").empty());
}

TEST_CASE("a person's organisations are found in the reverse direction") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01"),
                                           rel(1, 11, director, "2016-01-01"),
                                           rel(2, 11, legal_representative, "2016-01-01")});
    CHECK(organisations_of(g, 1, all_roles, "2020-01-01") == pairs{{10, legal_representative}, {11, director}});
    CHECK(organisations_of(g, 1, role_bit(legal_representative), "2020-01-01") == pairs{{10, legal_representative}});
    CHECK(organisations_of(g, 2, all_roles, "2020-01-01") == pairs{{11, legal_representative}});
}

TEST_CASE("each direction answers only for its own side of a relation") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01")});
    CHECK(persons_of(g, 1, all_roles, "2020-01-01").empty());
    CHECK(organisations_of(g, 10, all_roles, "2020-01-01").empty());
}

TEST_CASE("a relation counts from its since date inclusive to its until date exclusive") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2018-03-01", "2020-03-01")});
    CHECK(persons_of(g, 10, all_roles, "2018-02-28").empty());
    CHECK(persons_of(g, 10, all_roles, "2018-03-01") == pairs{{1, legal_representative}});
    CHECK(persons_of(g, 10, all_roles, "2020-02-29") == pairs{{1, legal_representative}});
    CHECK(persons_of(g, 10, all_roles, "2020-03-01").empty());
    CHECK(organisations_of(g, 1, all_roles, "2020-03-01").empty());
}

TEST_CASE("a relation without an until date stays active") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2018-03-01")});
    CHECK(persons_of(g, 10, all_roles, "2018-02-28").empty());
    CHECK(persons_of(g, 10, all_roles, "2999-12-31") == pairs{{1, legal_representative}});
}

TEST_CASE("a change of legal representative is seen on each side of the change date") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2010-01-01", "2019-07-01"),
                                           rel(2, 10, legal_representative, "2019-07-01")});
    CHECK(persons_of(g, 10, all_roles, "2019-06-30") == pairs{{1, legal_representative}});
    CHECK(persons_of(g, 10, all_roles, "2019-07-01") == pairs{{2, legal_representative}});
}

TEST_CASE("several roles between the same person and organisation are each reported") {
    relation_graph g(std::vector<relation>{rel(1, 10, director, "2015-01-01"),
                                           rel(1, 10, legal_representative, "2015-01-01"),
                                           rel(1, 10, principal, "2017-01-01", "2018-01-01")});
    CHECK(persons_of(g, 10, all_roles, "2016-01-01") == pairs{{1, legal_representative}, {1, director}});
    CHECK(persons_of(g, 10, all_roles, "2017-06-01") ==
          pairs{{1, legal_representative}, {1, principal}, {1, director}});
    CHECK(organisations_of(g, 1, role_bit(principal), "2017-06-01") == pairs{{10, principal}});
    CHECK(g.relation_count() == 3);
}

TEST_CASE("duplicate relations and overlapping windows are reported once") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01", "2017-01-01"),
                                           rel(1, 10, legal_representative, "2015-01-01", "2017-01-01"),
                                           rel(1, 10, legal_representative, "2016-06-01", "2018-01-01"),
                                           rel(1, 10, legal_representative, "2018-01-01", "2019-01-01"),
                                           rel(1, 10, legal_representative, "2020-01-01")});
    CHECK(g.relation_count() == 2);  // [2015, 2019) and [2020, open)
    CHECK(persons_of(g, 10, all_roles, "2016-07-01") == pairs{{1, legal_representative}});
    CHECK(persons_of(g, 10, all_roles, "2018-06-01") == pairs{{1, legal_representative}});
    CHECK(persons_of(g, 10, all_roles, "2019-06-01").empty());
    CHECK(persons_of(g, 10, all_roles, "2021-01-01") == pairs{{1, legal_representative}});
}

TEST_CASE("a relation that ends before it starts is never active") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2018-01-01", "2018-01-01"),
                                           rel(2, 10, legal_representative, "2018-01-01", "2017-01-01")});
    CHECK(g.relation_count() == 0);
    CHECK(persons_of(g, 10, all_roles, "2018-01-01").empty());
    CHECK_FALSE(g.has_relations(10));
}

TEST_CASE("a subject without relations has none, in range or not") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01")}, 100);
    CHECK(g.subject_count() == 100);
    CHECK(g.has_relations(1));
    CHECK(g.has_relations(10));
    CHECK_FALSE(g.has_relations(5));
    CHECK_FALSE(g.has_relations(99));
    CHECK_FALSE(g.has_relations(100));
    CHECK_FALSE(g.has_relations(4'000'000'000U));
    CHECK(persons_of(g, 5, all_roles, "2020-01-01").empty());
    CHECK(persons_of(g, 4'000'000'000U, all_roles, "2020-01-01").empty());
    CHECK(organisations_of(g, 100, all_roles, "2020-01-01").empty());
    CHECK(reached(g, 5, all_roles, "2020-01-01", 3).empty());
}

TEST_CASE("the id range covers the largest id even when the subject count is smaller") {
    relation_graph g(std::vector<relation>{rel(41, 7, principal, "2015-01-01")}, 10);
    CHECK(g.subject_count() == 42);
    CHECK(persons_of(g, 7, all_roles, "2020-01-01") == pairs{{41, principal}});
}

TEST_CASE("an empty graph answers every query with nothing") {
    relation_graph empty;
    CHECK(empty.subject_count() == 0);
    CHECK(empty.relation_count() == 0);
    CHECK_FALSE(empty.has_relations(0));
    CHECK(persons_of(empty, 0, all_roles, "2020-01-01").empty());
    CHECK(reached(empty, 0, all_roles, "2020-01-01", 2).empty());
    relation_graph built{std::span<const relation>{}};
    CHECK(built.relation_count() == 0);
}

TEST_CASE("a role out of range or a person who is its own organisation is refused with the index") {
    std::vector<relation> bad_role{rel(1, 10, legal_representative, "2015-01-01"), rel(2, 10, 64, "2015-01-01")};
    CHECK_THROWS_WITH_AS(relation_graph{bad_role}, "relation 1: role 64 is out of range (at most 64 roles)",
                         std::invalid_argument);
    std::vector<relation> self{rel(3, 3, principal, "2015-01-01")};
    CHECK_THROWS_WITH_AS(relation_graph{self}, "relation 0: subject 3 is both the person and the organisation",
                         std::invalid_argument);
    // Role 63 is the last one a mask holds.
    relation_graph g(std::vector<relation>{rel(1, 10, 63, "2015-01-01")});
    CHECK(persons_of(g, 10, role_bit(63), "2020-01-01") == pairs{{1, 63}});
}

TEST_CASE("depth-1 reachability reports each neighbour once, through its lowest active role") {
    relation_graph g(std::vector<relation>{rel(1, 10, director, "2015-01-01"),
                                           rel(1, 10, legal_representative, "2015-01-01", "2016-01-01"),
                                           rel(1, 10, principal, "2015-01-01"), rel(2, 10, director, "2015-01-01")});
    auto got = reached(g, 10, all_roles, "2020-01-01", 1);
    REQUIRE(got.size() == 2);
    CHECK(same(got[0], {1, 10, principal, 1}));
    CHECK(same(got[1], {2, 10, director, 1}));
    auto early = reached(g, 10, role_bit(legal_representative) | role_bit(director), "2015-06-01", 1);
    REQUIRE(early.size() == 2);
    CHECK(same(early[0], {1, 10, legal_representative, 1}));
    CHECK(same(early[1], {2, 10, director, 1}));
    CHECK(reached(g, 10, all_roles, "2020-01-01", 0).empty());
}

TEST_CASE("depth-1 reachability from a person reaches its organisations") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01"),
                                           rel(1, 11, principal, "2015-01-01")});
    auto got = reached(g, 1, all_roles, "2020-01-01", 1);
    REQUIRE(got.size() == 2);
    CHECK(same(got[0], {10, 1, legal_representative, 1}));
    CHECK(same(got[1], {11, 1, principal, 1}));
}

TEST_CASE("deeper reachability follows person → organisation → person chains without looping") {
    // 10 —lr— 1 —director— 11 —lr— 2 —principal— 12 —lr— 3, and 2 is also a director of 10 (a cycle).
    relation_graph g(std::vector<relation>{
        rel(1, 10, legal_representative, "2015-01-01"), rel(1, 11, director, "2015-01-01"),
        rel(2, 11, legal_representative, "2015-01-01"), rel(2, 12, principal, "2015-01-01"),
        rel(2, 10, director, "2015-01-01"), rel(3, 12, legal_representative, "2015-01-01")});

    auto two = reached(g, 10, all_roles, "2020-01-01", 2);
    REQUIRE(two.size() == 4);
    CHECK(same(two[0], {1, 10, legal_representative, 1}));
    CHECK(same(two[1], {2, 10, director, 1}));
    CHECK(same(two[2], {11, 1, director, 2}));
    CHECK(same(two[3], {12, 2, principal, 2}));

    auto all = reached(g, 10, all_roles, "2020-01-01", 50);
    REQUIRE(all.size() == 5);
    CHECK(same(all[4], {3, 12, legal_representative, 3}));
    for (const reach &r : all) CHECK(r.subject != 10);

    // Without directors the cycle is broken.
    auto chain = reached(g, 10, ~role_bit(director), "2020-01-01", 50);
    REQUIRE(chain.size() == 1);
    CHECK(same(chain[0], {1, 10, legal_representative, 1}));
    auto from_person = reached(g, 2, ~role_bit(director), "2020-01-01", 50);
    REQUIRE(from_person.size() == 3);
    CHECK(same(from_person[0], {11, 2, legal_representative, 1}));
    CHECK(same(from_person[1], {12, 2, principal, 1}));
    CHECK(same(from_person[2], {3, 12, legal_representative, 2}));
}

TEST_CASE("deeper reachability agrees with depth 1 at depth 1 and honours the date") {
    relation_graph g(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01", "2018-01-01"),
                                           rel(1, 11, principal, "2015-01-01"),
                                           rel(2, 11, legal_representative, "2019-01-01")});
    auto in_2017 = reached(g, 10, all_roles, "2017-01-01", 3);
    REQUIRE(in_2017.size() == 2);
    CHECK(same(in_2017[0], {1, 10, legal_representative, 1}));
    CHECK(same(in_2017[1], {11, 1, principal, 2}));
    CHECK(reached(g, 10, all_roles, "2018-01-01", 3).empty());
    auto in_2020 = reached(g, 1, all_roles, "2020-01-01", 3);
    REQUIRE(in_2020.size() == 2);
    CHECK(same(in_2020[0], {11, 1, principal, 1}));
    CHECK(same(in_2020[1], {2, 11, legal_representative, 2}));
}

TEST_CASE("a moved-from graph is empty and the moved-to graph answers") {
    relation_graph a(std::vector<relation>{rel(1, 10, legal_representative, "2015-01-01")});
    relation_graph b(std::move(a));
    CHECK(persons_of(b, 10, all_roles, "2020-01-01") == pairs{{1, legal_representative}});
    CHECK_FALSE(a.has_relations(10));  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    relation_graph c;
    c = std::move(b);
    CHECK(c.has_relations(1));
    CHECK(c.memory_bytes() > 0);
}

TEST_CASE("many threads can query one graph at once" * doctest::test_suite("concurrency")) {
    // 200 organisations, each with a legal representative and 3 directors (persons 1000 + ...).
    std::vector<relation> relations;
    for (subject_id org = 0; org < 200; ++org) {
        relations.push_back(rel(1000 + org * 4, org, legal_representative, "2015-01-01"));
        for (subject_id k = 1; k < 4; ++k) relations.push_back(rel(1000 + org * 4 + k, org, director, "2015-01-01"));
    }
    const relation_graph g(relations);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&g, &failures, t] {
            for (int round = 0; round < 200; ++round) {
                subject_id org = static_cast<subject_id>((round * 7 + t) % 200);
                int found = 0;
                g.for_each_person_of(org, all_roles, day("2020-01-01"), [&](subject_id, role_id) { ++found; });
                int reps = 0;
                g.for_each_person_of(org, role_bit(legal_representative), day("2020-01-01"),
                                     [&](subject_id p, role_id) { reps += (p == 1000 + org * 4) ? 1 : 100; });
                int deep = 0;
                g.reachable(org, all_roles, day("2020-01-01"), 4, [&](const reach &) { ++deep; });
                if (found != 4 || reps != 1 || deep != 4) ++failures;
            }
        });
    }
    for (std::thread &t : threads) t.join();
    CHECK(failures == 0);
}
