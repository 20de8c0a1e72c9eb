// SPDX-License-Identifier: Apache-2.0
// Evaluating compiled conditions against the facts the engine supplies.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <new>

#include "sema_test.hpp"

using credo::date;
using credo::test::compile_text;
using namespace credo::sema;

namespace {

// Facts set directly by each test.
struct test_facts : fact_source {
    std::vector<list_index> lists;
    std::vector<field_index> fields;
    bool any_black = false;
    bool any_red = false;
    int black_fields = 0;
    subject_kind_index kind{};
    std::vector<role_index> via;
    date today = *date::parse("2020-06-01");
    std::optional<date> clean;
    std::optional<std::string_view> rating;
    std::vector<attribute_value> attributes = std::vector<attribute_value>(3);

    bool listed(list_index l) const override { return std::find(lists.begin(), lists.end(), l) != lists.end(); }
    bool listed_any(list_kind k) const override { return k == list_kind::black ? any_black : any_red; }
    bool listed_in_field(field_index f) const override {
        return std::find(fields.begin(), fields.end(), f) != fields.end();
    }
    int black_field_count() const override { return black_fields; }
    subject_kind_index subject_kind() const override { return kind; }
    std::span<const role_index> reached_via() const override { return via; }
    date as_of() const override { return today; }
    std::optional<date> clean_since() const override { return clean; }
    std::optional<std::string_view> credit_rating() const override { return rating; }
    attribute_value attribute(attribute_index a) const override { return attributes[to_pos(a)]; }
};

// Compiles `condition` as the condition of a rule and returns the compiled rule set.
std::unique_ptr<credo::test::compiled> with_condition(const std::string &condition) {
    auto c = compile_text("rule r \"规则\" {\n  when " + condition + "\n  then escalate\n}\n");
    REQUIRE_MESSAGE(c->rules, c->all());
    return c;
}

bool holds(const credo::test::compiled &c, const fact_source &facts) {
    return evaluate(c.rules->rule(rule_index{0}).condition, facts);
}

}  // namespace

TEST_CASE("an empty condition always holds") {
    test_facts facts;
    CHECK(evaluate(compiled_condition{}, facts));
}

TEST_CASE("list membership: one list, any list of a kind, a field") {
    auto c = with_condition("listed major_tax_violation or listed any red or listed field courts");
    test_facts facts;
    CHECK_FALSE(holds(*c, facts));
    facts.lists = {list_index{0}};
    CHECK(holds(*c, facts));
    facts.lists = {list_index{1}};  // another list, not in the field either
    CHECK_FALSE(holds(*c, facts));
    facts.any_red = true;
    CHECK(holds(*c, facts));
    facts.any_red = false;
    facts.fields = {field_index{1}};
    CHECK(holds(*c, facts));
}

TEST_CASE("black field counts, subject kinds and categories") {
    auto c = with_condition("black_fields >= 2 and subject is organisation");
    test_facts facts;
    facts.black_fields = 2;
    facts.kind = subject_kind_index{1};  // other_org
    CHECK(holds(*c, facts));
    facts.kind = subject_kind_index{2};  // person
    CHECK_FALSE(holds(*c, facts));
    facts.kind = subject_kind_index{0};
    facts.black_fields = 1;
    CHECK_FALSE(holds(*c, facts));
    CHECK(c->rules->describe(c->rules->rule(rule_index{0}).condition) ==
          "black_fields >= 2 and subject is enterprise, other_org");
}

TEST_CASE("reached, through any role or through the named ones") {
    auto any = with_condition("reached");
    auto as = with_condition("reached as principal, director");
    test_facts facts;
    CHECK_FALSE(holds(*any, facts));
    facts.via = {role_index{0}};  // legal_representative
    CHECK(holds(*any, facts));
    CHECK_FALSE(holds(*as, facts));
    facts.via = {role_index{0}, role_index{2}};
    CHECK(holds(*as, facts));
}

TEST_CASE("clean_for counts calendar time since the last black listing ended; never listed is always clean") {
    auto c = with_condition("clean_for >= 3y");
    auto short_time = with_condition("clean_for < 90d");
    test_facts facts;
    CHECK(holds(*c, facts));
    CHECK_FALSE(holds(*short_time, facts));
    facts.clean = *date::parse("2017-06-01");
    CHECK(holds(*c, facts));  // exactly three years
    facts.clean = *date::parse("2017-06-02");
    CHECK_FALSE(holds(*c, facts));
    facts.clean = facts.today;  // listed now
    CHECK_FALSE(holds(*c, facts));
    CHECK(holds(*short_time, facts));
}

TEST_CASE("credit ratings compare as strings and a missing rating is false") {
    auto c = with_condition("credit_rating in (\"A\", \"B\")");
    auto not_d = with_condition("credit_rating != \"D\"");
    test_facts facts;
    CHECK_FALSE(holds(*c, facts));
    CHECK_FALSE(holds(*not_d, facts));
    facts.rating = "B";
    CHECK(holds(*c, facts));
    CHECK(holds(*not_d, facts));
    facts.rating = "D";
    CHECK_FALSE(holds(*c, facts));
    CHECK_FALSE(holds(*not_d, facts));
}

TEST_CASE("attributes compare by type, and a missing attribute makes a comparison false") {
    auto c = with_condition("contract_value >= 1000000 and region in (\"north\", \"east\") and signed_on < 2020-01-01");
    auto has = with_condition("has contract_value and not has region");
    test_facts facts;
    CHECK_FALSE(holds(*c, facts));
    CHECK_FALSE(holds(*has, facts));
    facts.attributes = {attribute_value(2000000.0), attribute_value(std::string_view("east")),
                        attribute_value(*date::parse("2019-12-31"))};
    CHECK(holds(*c, facts));
    CHECK_FALSE(holds(*has, facts));
    facts.attributes[1] = std::monostate{};
    CHECK_FALSE(holds(*c, facts));
    CHECK(holds(*has, facts));
    facts.attributes[1] = attribute_value(std::string_view("east"));
    facts.attributes[0] = attribute_value(std::string_view("2000000"));  // a string where a number is meant
    CHECK_FALSE(holds(*c, facts));
}

TEST_CASE("not, and, or and constants combine with the usual precedence") {
    auto c = with_condition("not listed any black and true or false");
    test_facts facts;
    CHECK(holds(*c, facts));
    facts.any_black = true;
    CHECK_FALSE(holds(*c, facts));
    CHECK(c->rules->describe(c->rules->rule(rule_index{0}).condition) == "not listed any black and true or false");
    auto grouped = with_condition("not (listed any black or listed any red)");
    CHECK(grouped->rules->describe(grouped->rules->rule(rule_index{0}).condition) ==
          "not (listed any black or listed any red)");
}

// Counts heap allocations while `counting` is set, to show that evaluation allocates nothing.
namespace {
bool counting = false;
std::size_t allocations = 0;
}  // namespace

void *operator new(std::size_t size) {
    if (counting) ++allocations;
    if (void *p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
// GCC sees `free` on memory from `new` and warns, not knowing that this `new` is the malloc above.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void *p) noexcept {
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept {
    std::free(p);
}
#pragma GCC diagnostic pop

TEST_CASE("evaluating a condition allocates nothing") {
    auto c = with_condition(
        "(listed major_tax_violation or black_fields >= 2) and subject is organisation and not reached as director "
        "and clean_for < 3y and credit_rating in (\"A\", \"B\") and region in (\"north\", \"east\") and has "
        "contract_value");
    test_facts facts;
    facts.lists = {list_index{0}};
    facts.clean = facts.today;
    facts.rating = "A";
    facts.attributes = {attribute_value(5.0), attribute_value(std::string_view("east")), std::monostate{}};
    const auto &condition = c->rules->rule(rule_index{0}).condition;
    allocations = 0;
    counting = true;
    bool result = evaluate(condition, facts);
    counting = false;
    CHECK(result);
    CHECK(allocations == 0);
}
