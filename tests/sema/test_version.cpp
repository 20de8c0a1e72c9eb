// SPDX-License-Identifier: Apache-2.0
// The rules version: unchanged by formatting, comments and order; changed by any change of meaning.
#include <doctest/doctest.h>

#include "sema/version.hpp"
#include "sema_test.hpp"

using credo::test::compile_files;
using credo::test::vocabulary;

namespace {

const std::string memorandum = R"(memorandum m "备忘录" {
  document "文号"
  targets major_tax_violation
  extends_to legal_representative, principal
  effective 2016-01-01
  measure m.01 "限制取得政府供应土地" {
    implementer "部门"
    scenarios land_supply, bond_issuance
    effect restrict
    binding mandatory
    when subject is person and contract_value >= 100
  }
  measure m.02 "限制乘坐飞机" {
    implementer "民航局"
    scenarios air_travel
    effect prohibit
    binding recommended
  }
}
rule r "加大惩戒" {
  when black_fields >= 2
  then escalate
}
)";

// The same meaning, written differently: comments, one-line properties, other property order,
// measures, values and `and` operands reordered, the rule first.
const std::string reformatted = R"(# a comment
rule r "加大惩戒" { then escalate when black_fields >= 2 }

memorandum m "备忘录" {
  effective 2016-01-01   # in force from
  extends_to principal, legal_representative
  targets major_tax_violation
  document "文号"
  measure m.02 "限制乘坐飞机" { binding recommended effect prohibit scenarios air_travel implementer "民航局" }
  measure m.01 "限制取得政府供应土地" {
    when (contract_value >= 100.0) and subject is person
    implementer "部门"
    scenarios bond_issuance, land_supply
    binding mandatory
    effect restrict
  }
}
)";

std::string version_of(const std::vector<std::pair<std::string, std::string>> &files) {
    auto c = compile_files(files);
    REQUIRE_MESSAGE(c->rules, c->all());
    return c->rules->version();
}

std::string version_of(const std::string &text) {
    return version_of({{"v.credo", vocabulary}, {"m.credo", text}});
}

std::string replaced(std::string text, const std::string &from, const std::string &to) {
    auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the version is a SHA-256 in hex") {
    auto v = version_of(memorandum);
    CHECK(v.size() == 64);
    CHECK(v.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(credo::sema::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("reformatting, comments and reordering declarations leave the version unchanged") {
    CHECK(version_of(memorandum) == version_of(reformatted));
}

TEST_CASE("moving declarations between files and renaming files leave the version unchanged") {
    auto split = memorandum.find("rule r");
    auto one = version_of({{"v.credo", vocabulary}, {"m.credo", memorandum}});
    auto two = version_of({{"z.credo", memorandum.substr(split)},
                           {"a.credo", memorandum.substr(0, split)},
                           {"vocab/v.credo", vocabulary}});
    CHECK(one == two);
}

TEST_CASE("`3y` and `36m` are the same term") {
    auto a = version_of(replaced(memorandum, "binding recommended\n", "binding recommended\n    term 3y\n"));
    auto b = version_of(replaced(memorandum, "binding recommended\n", "binding recommended\n    term 36m\n"));
    CHECK(a == b);
}

TEST_CASE("every change of meaning changes the version") {
    auto base = version_of(memorandum);
    const std::vector<std::pair<std::string, std::string>> changes = {
        {"限制乘坐飞机", "限制乘坐火车"},                               // a measure's text
        {"binding recommended", "binding mandatory"},                   // binding
        {"effect prohibit", "effect restrict"},                         // effect
        {"scenarios air_travel", "scenarios air_travel, land_supply"},  // a scenario more
        {"effective 2016-01-01", "effective 2016-01-02"},               // dates
        {"effective 2016-01-01", "effective 2016-01-01 until 2030-01-01"},
        {"contract_value >= 100", "contract_value > 100"},  // a condition
        {"subject is person and", "subject is person or"},
        {"black_fields >= 2", "black_fields >= 1"},
        {"then escalate", "then suppress_incentives"},  // a rule's action
        {"extends_to legal_representative, principal", "extends_to legal_representative"},
        {"implementer \"民航局\"", "implementer \"民航总局\""},
        {"document \"文号\"", "document \"文号2\""},
        {"measure m.02", "measure m.03"},  // an id
    };
    for (const auto &[from, to] : changes) {
        CAPTURE(from);
        CHECK(version_of(replaced(memorandum, from, to)) != base);
    }
    // The vocabulary is part of the meaning too.
    CHECK(version_of({{"v.credo", replaced(vocabulary, "\"禁止\"", "\"禁止/不予\"")}, {"m.credo", memorandum}}) !=
          base);
    CHECK(version_of({{"v.credo", replaced(vocabulary, "term 3y", "term 5y")}, {"m.credo", memorandum}}) != base);
}
