// SPDX-License-Identifier: Apache-2.0
// The compiled rule set: lookups, infos, the per-(list, scenario) indexes, dates and `replaces`.
#include <doctest/doctest.h>

#include <algorithm>

#include "base/edit_distance.hpp"
#include "sema_test.hpp"

using credo::date;
using credo::test::compile_text;
using namespace credo::sema;

namespace {

const char *const two_memorandums = R"(memorandum tax_2014 "2014版" {
  document "发改财金〔2014〕3062号"
  targets major_tax_violation
  extends_to legal_representative
  effective 2014-12-01 until 2017-06-01
  measure tax_2014.01 "限制取得政府供应土地" {
    implementer "国土资源部"
    scenarios land_supply
    effect restrict
    binding recommended
  }
}
memorandum tax_2016 "2016版" {
  document "发改财金〔2016〕2798号"
  signatories "国家发展改革委", "国家税务总局"
  targets major_tax_violation, dishonest_judgment_debtor
  extends_to legal_representative, principal
  effective 2016-12-30
  replaces tax_2014
  measure tax_2016.07 "限制取得政府供应土地" {
    implementer "国土资源部"
    scenarios land_supply, bond_issuance
    effect prohibit
    binding mandatory
    term 2y
    effective 2017-01-01 until 2030-01-01
  }
  measure tax_2016.12 "限制乘坐飞机" {
    implementer "民航局"
    scenarios air_travel
    effect restrict
    binding mandatory
    when subject is person
    applies_to related
  }
}
memorandum red_2017 "诚信红榜" {
  document "县文件"
  targets integrity_model
  effective 2017-07-04
  measure red_2017.01 "绿色通道" {
    implementer "各审批部门"
    scenarios administrative_licensing
    effect green_channel
    binding recommended
  }
}
rule escalation "加大惩戒" {
  when black_fields >= 2
  then escalate
}
rule suppress "黑名单不享受激励" {
  when listed any black
  then suppress_incentives, escalate
}
rule clean "连续三年无不良记录" {
  when clean_for >= 3y
  then grant
  measure clean.01 "容缺受理" {
    implementer "各审批部门"
    scenarios administrative_licensing
    effect priority
    binding recommended
  }
}
)";

std::vector<std::string> ids(const rule_set &r, std::span<const measure_index> measures) {
    std::vector<std::string> out;
    for (auto m : measures) out.push_back(r.measure(m).id);
    return out;
}

date d(const char *text) {
    return *date::parse(text);
}

}  // namespace

TEST_CASE("ids resolve to dense indexes in declaration order, and unknown ids to nothing") {
    auto c = compile_text(two_memorandums);
    REQUIRE_MESSAGE(c->rules, c->all());
    const rule_set &r = *c->rules;
    CHECK(r.lists().size() == 3);
    CHECK(r.memorandums().size() == 3);
    CHECK(r.measures().size() == 5);
    CHECK(r.rules().size() == 3);
    CHECK(r.find_list("major_tax_violation") == list_index{0});
    CHECK(r.find_list("integrity_model") == list_index{2});
    CHECK(r.find_memorandum("tax_2016") == memorandum_index{1});
    CHECK(r.find_measure("tax_2016.12") == measure_index{2});
    CHECK(r.find_rule("clean") == rule_index{2});
    CHECK(r.find_scenario("air_travel") == scenario_index{2});
    CHECK(r.find_effect("green_channel") == effect_index{2});
    CHECK(r.find_role("principal") == role_index{1});
    CHECK(r.find_field("courts") == field_index{1});
    CHECK(r.find_subject_kind("person") == subject_kind_index{2});
    CHECK(r.find_attribute("region") == attribute_index{1});
    CHECK_FALSE(r.find_list("tax_2016"));
    CHECK_FALSE(r.find_scenario("land"));
}

TEST_CASE("the closest known id names what an unknown one probably meant") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    CHECK(r.closest(entity::scenario, "land_suply") == "land_supply");
    CHECK(r.closest(entity::scenario, "air") == "air_travel");  // no bound: always the nearest
    CHECK_FALSE(r.closest(entity::scenario, "zzzzzzzzzzzzzzzzzzzzzz", 3));
    CHECK(r.closest(entity::list, "integrity") == "integrity_model");
    CHECK(credo::base::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("list and memorandum infos carry their properties resolved") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    const auto &tax = r.list(*r.find_list("major_tax_violation"));
    CHECK(tax.kind == list_kind::black);
    CHECK(r.field(tax.field).id == "tax");
    CHECK(tax.initiators == std::vector<std::string>{"税务机关"});
    CHECK(tax.default_term_on(d("2024-02-29")) == term{36, term::unit::months});
    CHECK(tax.default_term_on(d("2024-02-29"))->to_string() == "3y");
    CHECK(tax.default_term_on(d("2024-02-29"))->after(d("2024-02-29")) == d("2027-02-28"));
    CHECK(tax.memorandums == std::vector<memorandum_index>{memorandum_index{0}, memorandum_index{1}});
    // `subjects organisation, person` expands the category.
    const auto &courts = r.list(*r.find_list("dishonest_judgment_debtor"));
    CHECK(courts.subjects.size() == 3);
    CHECK(r.may_hold(*r.find_list("dishonest_judgment_debtor"), *r.find_subject_kind("other_org")));
    CHECK_FALSE(r.may_hold(*r.find_list("integrity_model"), *r.find_subject_kind("person")));

    const auto &m = r.memorandum(*r.find_memorandum("tax_2016"));
    CHECK(m.signatories.size() == 2);
    CHECK(m.targets.size() == 2);
    CHECK(m.extends_to == std::vector<role_index>{role_index{0}, role_index{1}});
    CHECK(m.replaces == memorandum_index{0});
    CHECK(m.measures.size() == 2);

    const auto &measure = r.measure(*r.find_measure("tax_2016.07"));
    CHECK(measure.memorandum == memorandum_index{1});
    CHECK_FALSE(measure.rule);
    CHECK(r.effect(measure.effect).rank == 1);
    CHECK(measure.binding == binding_kind::mandatory);
    CHECK(measure.term->to_string() == "2y");
    CHECK(measure.scenarios.size() == 2);
    CHECK(r.measure(*r.find_measure("tax_2016.12")).applies == applies_to::related);
    CHECK(r.describe(r.measure(*r.find_measure("tax_2016.12")).condition) == "subject is person");
    CHECK(r.measure(*r.find_measure("clean.01")).rule == rule_index{2});
}

TEST_CASE("replaces ends the replaced memorandum where the replacement starts") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    auto old_memo = *r.find_memorandum("tax_2014");
    CHECK(r.memorandum(old_memo).declared_until == d("2017-06-01"));
    CHECK(r.memorandum(old_memo).effective.until == d("2016-12-30"));
    CHECK(r.memorandum(old_memo).replaced_by == std::vector<memorandum_index>{memorandum_index{1}});
    CHECK(r.in_force(old_memo, d("2016-12-29")));
    CHECK_FALSE(r.in_force(old_memo, d("2016-12-30")));
    CHECK_FALSE(r.in_force(old_memo, d("2014-11-30")));
    auto old_measure = *r.find_measure("tax_2014.01");
    CHECK(r.in_force(old_measure, d("2014-12-01")));
    CHECK_FALSE(r.in_force(old_measure, d("2017-01-01")));
}

TEST_CASE("a measure is in force on the intersection of its own dates and its memorandum's") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    auto m = *r.find_measure("tax_2016.07");
    CHECK(r.measure(m).effective.from == d("2017-01-01"));
    CHECK(r.measure(m).effective.until == d("2030-01-01"));
    CHECK_FALSE(r.in_force(m, d("2016-12-31")));
    CHECK(r.in_force(m, d("2029-12-31")));
    CHECK_FALSE(r.in_force(m, d("2030-01-01")));
    auto related = *r.find_measure("tax_2016.12");
    CHECK(r.in_force(related, d("2016-12-30")));
    CHECK(r.in_force(related, d("2099-01-01")));
    CHECK(r.in_force(*r.find_measure("clean.01"), d("1990-01-01")));  // rule measures: no dates
}

TEST_CASE("measures_for lists, per list and scenario, exactly the measures that can apply") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    auto tax = *r.find_list("major_tax_violation");
    auto courts = *r.find_list("dishonest_judgment_debtor");
    auto red = *r.find_list("integrity_model");
    auto land = *r.find_scenario("land_supply");
    auto bond = *r.find_scenario("bond_issuance");
    auto air = *r.find_scenario("air_travel");
    auto licensing = *r.find_scenario("administrative_licensing");
    CHECK(ids(r, r.measures_for(tax, land)) == std::vector<std::string>{"tax_2014.01", "tax_2016.07"});
    CHECK(ids(r, r.measures_for(courts, land)) == std::vector<std::string>{"tax_2016.07"});
    CHECK(ids(r, r.measures_for(tax, bond)) == std::vector<std::string>{"tax_2016.07"});
    CHECK(ids(r, r.measures_for(courts, air)) == std::vector<std::string>{"tax_2016.12"});
    CHECK(r.measures_for(red, land).empty());
    CHECK(ids(r, r.measures_for(red, licensing)) == std::vector<std::string>{"red_2017.01"});
    CHECK(ids(r, r.granted_measures(licensing)) == std::vector<std::string>{"clean.01"});
    CHECK(r.granted_measures(land).empty());
}

TEST_CASE("rules are indexed by action and lists by field") {
    auto c = compile_text(two_memorandums);
    const rule_set &r = *c->rules;
    auto names = [&](rule_action a) {
        std::vector<std::string> out;
        for (auto i : r.rules_with(a)) out.push_back(r.rule(i).id);
        return out;
    };
    CHECK(names(rule_action::escalate) == std::vector<std::string>{"escalation", "suppress"});
    CHECK(names(rule_action::suppress_incentives) == std::vector<std::string>{"suppress"});
    CHECK(names(rule_action::grant) == std::vector<std::string>{"clean"});
    CHECK(r.rule(*r.find_rule("suppress")).has(rule_action::escalate));
    auto tax_lists = r.lists_of_field(*r.find_field("tax"));
    REQUIRE(tax_lists.size() == 1);
    CHECK(r.list(tax_lists[0]).id == "major_tax_violation");
    CHECK(r.black_field_total() == 2);
}
