// SPDX-License-Identifier: Apache-2.0
// Checks of unlisted subjects allocate nothing once the caller's decision has been used: this
// binary replaces the global operator new to count allocations on the checking thread.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>

#include "engine_world.hpp"

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

using namespace credo;
using namespace credo::test;

TEST_CASE("checks of unlisted subjects allocate nothing") {
    world w;
    w.list("tax_black", org(1), "2020-01-01");
    w.list("red_a", org(2), "2021-01-01");  // known to the store, not black-listed
    w.relate(person(1), org(3), "legal_representative", "2019-01-01");  // related, nobody listed
    auto e = w.open();
    decision d;
    std::string subjects[] = {org(1), org(2), org(77), person(1), person(77)};
    query q{.subject = {}, .scenario = "bond_issuance", .as_of = day("2021-06-01"), .querier = "desk"};
    for (const auto &s : subjects) {  // warm up: the decision and the per-thread buffers grow once
        q.subject = s;
        REQUIRE(e.check(q, d));
    }
    for (std::size_t i = 1; i < std::size(subjects); ++i) {
        q.subject = subjects[i];
        allocations = 0;
        counting = true;
        auto s = e.check(q, d);
        counting = false;
        INFO(subjects[i]);
        CHECK(s.ok());
        CHECK(d.verdict == "none");
        CHECK(allocations == 0);
    }
}
