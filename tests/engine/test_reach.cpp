// SPDX-License-Identifier: Apache-2.0
// Who a measure reaches and what counts: reach stated measure by measure, escalation and
// suppression on the subject's own undisputed listings, the known record behind `clean_for`, and
// conditional measures reported as to be verified.
#include <doctest/doctest.h>

#include "engine_world.hpp"
#include "store/import.hpp"

namespace credo::test {
namespace {

// A debtor list whose memorandum names three roles but lets each measure say whom it reaches,
// as 发改财金〔2016〕141号 does; a tax list whose memorandum reaches by default; a red list; the
// county rules; and a conditional measure.
const char *const reach_rules = R"(
subject_kind enterprise "企业" { category organisation }
subject_kind person "自然人" { category person }
role legal_representative "法定代表人"
role principal "主要负责人"
role director "董事"
role practitioner "从业人员"
field tax "税收"
field courts "法院"
field environment "环境"
scenario air_travel "乘坐飞机"
scenario public_bidding "招标投标"
scenario policy_support "政策扶持"
scenario administrative_licensing "行政许可"
scenario exit_control "出境"
effect prohibit "禁止" { kind punishment  rank 1 }
effect restrict "限制" { kind punishment  rank 2 }
effect strict_review "从严审核" { kind punishment  rank 3 }
effect green_channel "绿色通道" { kind incentive  rank 1 }
effect priority "优先" { kind incentive  rank 2 }
attribute unpaid_tax "欠税未担保" { type boolean }

list debtor "失信被执行人" { kind black  field courts  initiator "法院"  subjects enterprise, person  term 2y }
list tax_black "税收黑名单" { kind black  field tax  initiator "税务局"  subjects enterprise, person  term 3y }
list env_black "环境黑名单" { kind black  field environment  initiator "环保局"  subjects enterprise  term 3y }
list env_open "环境（无默认期限）" {
  kind black  field environment  initiator "环保局"  subjects enterprise
  max_term 3y from 2019-07-01 "发改办财金〔2019〕527号"
}
list red_a "A级纳税人" { kind red  field tax  initiator "税务局"  subjects enterprise  term 1y }

memorandum debtor_m "失信被执行人备忘录" {
  document "发改财金〔2016〕141号"
  targets debtor
  extends_to legal_representative, principal
  extends_to_organisations director
  effective 2016-01-01
  measure debtor_m.flights "限制乘坐飞机" {
    implementer "民航局"
    scenarios air_travel
    effect prohibit
    binding mandatory
    reaches legal_representative, principal
  }
  measure debtor_m.bidding "限制参与招标" {
    implementer "财政部"
    scenarios public_bidding
    effect restrict
    binding recommended
    reaches none
  }
  measure debtor_m.support "政策扶持审慎审核" {
    implementer "发展改革委"
    scenarios policy_support
    effect strict_review
    binding recommended
    reaches_organisations director
  }
}

memorandum tax_m "税收备忘录" {
  document "发改财金〔2016〕2798号"
  targets tax_black
  extends_to legal_representative, practitioner
  effective 2016-01-01
  measure tax_m.bidding "限制参与公共资源交易" {
    implementer "发展改革委"
    scenarios public_bidding
    effect restrict
    binding recommended
  }
  measure tax_m.exit "欠税未担保的阻止出境" {
    implementer "公安部"
    scenarios exit_control
    effect prohibit
    binding recommended
    when subject is person
    reaches legal_representative
    verify "欠缴税款且未提供担保"
    settled_by unpaid_tax
  }
}

memorandum env_m "环境备忘录" {
  document "发改财金〔2016〕1580号"
  targets env_black
  effective 2016-01-01
  measure env_m.bidding "限制参与招标" {
    implementer "环保局"
    scenarios public_bidding
    effect restrict
    binding recommended
  }
}

memorandum env_open_m "环境备忘录（无默认期限）" {
  document "发改财金〔2016〕1580号"
  targets env_open
  effective 2016-01-01
  measure env_open_m.bidding "限制参与招标" {
    implementer "环保局"
    scenarios public_bidding
    effect restrict
    binding recommended
  }
}

memorandum red_m "A级激励" {
  document "发改财金〔2016〕1467号"
  targets red_a
  effective 2016-01-01
  measure red_m.support "政策扶持优先" {
    implementer "发展改革委"
    scenarios policy_support
    effect priority
    binding recommended
  }
}

rule escalation "两个以上领域" {
  when black_fields >= 2
  then escalate
}
rule suppression "黑名单不享受激励" {
  when listed any black
  then suppress_incentives
}
rule clean "三年无不良记录" {
  when clean_for >= 3y
  then grant
  measure clean.green "绿色通道" {
    implementer "审批部门"
    scenarios administrative_licensing
    effect green_channel
    binding recommended
  }
}
)";

}  // namespace

TEST_CASE("a measure reaches only the roles it states; `reaches none` keeps it to the listed subject") {
    world w(reach_rules);
    w.list("debtor", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    auto e = w.open();
    // 141号: a debtor unit's legal representative may not fly ...
    auto flights = check(e, person(1), "air_travel", "2021-06-01");
    REQUIRE(ids_of(flights.measures) == strings{"debtor_m.flights"});
    REQUIRE(flights.measures[0].because->via.size() == 1);
    CHECK(flights.measures[0].because->via[0].role == "legal_representative");
    // ... but is not barred from the unit's procurement and bidding.
    auto bidding = check(e, person(1), "public_bidding", "2021-06-01");
    CHECK(bidding.verdict == "none");
    CHECK(bidding.measures.empty());
    // The unit itself is.
    CHECK(ids_of(check(e, org(1), "public_bidding", "2021-06-01").measures) == strings{"debtor_m.bidding"});
}

TEST_CASE("a measure that states no reach takes its memorandum's extends_to") {
    world w(reach_rules);
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    w.relate(person(2), org(1), "practitioner", "2019-01-01");
    auto e = w.open();
    CHECK(ids_of(check(e, person(1), "public_bidding", "2021-06-01").measures) == strings{"tax_m.bidding"});
    CHECK(ids_of(check(e, person(2), "public_bidding", "2021-06-01").measures) == strings{"tax_m.bidding"});
}

TEST_CASE("an organisation is reached through a listed officer only by the measure that says so") {
    world w(reach_rules);
    w.list("debtor", person(1), "2020-01-01");
    w.relate(person(1), org(1), "director", "2019-01-01");
    w.list("red_a", org(2), "2021-01-01");
    w.relate(person(1), org(2), "director", "2019-01-01");
    auto e = w.open();
    // The policy-support review looks at the applicant's directors.
    auto support = check(e, org(1), "policy_support", "2021-06-01");
    REQUIRE(ids_of(support.measures) == strings{"debtor_m.support"});
    CHECK(support.verdict == "strict_review");
    CHECK(support.measures[0].because->via[0].role == "director");
    // Nothing else reaches the firm through that person.
    CHECK(check(e, org(1), "public_bidding", "2021-06-01").measures.empty());
    // The firm is not black-listed because its director owes a personal court debt: an A-level
    // firm keeps its incentive beside the prudential review.
    auto red = check(e, org(2), "policy_support", "2021-06-01");
    CHECK(red.black_fields.empty());
    CHECK(red.reached_fields == strings{"courts"});
    CHECK(red.suppressed_incentives.empty());
    CHECK(ids_of(red.measures) == strings{"debtor_m.support", "red_m.support"});
}

TEST_CASE("a person reached in two fields without being listed is not escalated") {
    world w(reach_rules);
    w.list("tax_black", org(1), "2020-01-01");
    w.list("debtor", org(2), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    w.relate(person(1), org(2), "legal_representative", "2019-01-01");
    auto e = w.open();
    auto d = check(e, person(1), "public_bidding", "2021-06-01");
    CHECK_FALSE(d.escalated);
    CHECK(d.black_fields.empty());
    CHECK(d.reached_fields == strings{"tax", "courts"});
    REQUIRE(ids_of(d.measures) == strings{"tax_m.bidding"});
    CHECK(d.measures[0].binding == "recommended");
    // Listed in one field itself and reached in another: one field of its own, no escalation.
    w.list("tax_black", person(1), "2020-01-01");
    auto e2 = w.open();
    auto own = check(e2, person(1), "public_bidding", "2021-06-01");
    CHECK_FALSE(own.escalated);
    CHECK(own.black_fields == strings{"tax"});
    CHECK(own.reached_fields == strings{"courts"});
}

TEST_CASE("a listing under a pending objection neither escalates nor suppresses incentives") {
    world w(reach_rules);
    w.list("tax_black", org(1), "2020-01-01");
    auto disputed = w.list("env_black", org(1), "2020-02-01");
    w.list("red_a", org(2), "2021-01-01");
    auto only = w.list("tax_black", org(2), "2020-01-01");
    auto before = w.open();
    CHECK(check(before, org(1), "public_bidding", "2021-06-01").escalated);
    REQUIRE(w.db->open_objection(disputed, day("2021-03-01"), "企业", "not our plant"));
    REQUIRE(w.db->open_objection(only, day("2021-03-01"), "企业", "paid in full"));
    auto e = w.open();
    auto d = check(e, org(1), "public_bidding", "2021-06-01");
    CHECK_FALSE(d.escalated);
    CHECK(d.black_fields == strings{"tax"});
    CHECK(d.reached_fields == strings{"environment"});
    REQUIRE(ids_of(d.measures) == strings{"tax_m.bidding"});
    CHECK(d.measures[0].binding == "recommended");
    CHECK(ids_of(d.suspended) == strings{"env_m.bidding"});
    // A firm whose only black listing is disputed keeps its red-list incentive.
    auto red = check(e, org(2), "policy_support", "2021-06-01");
    CHECK(red.suppressed_incentives.empty());
    CHECK(ids_of(red.measures) == strings{"red_m.support"});
}

TEST_CASE("a clean record needs as many years of known record as the rule asks") {
    world w(reach_rules);
    // Known since 2010 through a relation; never listed.
    w.relate(person(1), org(1), "director", "2010-01-01");
    // First recorded in 2025 (listed on a red list then).
    w.list("red_a", org(2), "2025-06-01");
    auto e = w.open();
    CHECK(ids_of(check(e, org(1), "administrative_licensing", "2026-06-01").measures) == strings{"clean.green"});
    CHECK(check(e, org(2), "administrative_licensing", "2026-06-01").measures.empty());
    CHECK(ids_of(check(e, org(2), "administrative_licensing", "2028-06-01").measures) == strings{"clean.green"});
}

TEST_CASE("a known establishment date starts the known record, earlier than the first listing") {
    world w(reach_rules);
    // The county's list file gives the establishment date (成立日期) in its optional column.
    write_file(w.dir.file("red.csv"), "subject_id,subject_name,listed_on,expires_on,document,initiator,reason,"
                                      "established_on\n" +
                                          org(3) + ",新设公司,2020-06-01,,税总〔2020〕1号,税务局,,2019-01-01\n");
    auto imported = store::import_list(*w.db, w.catalog, "red_a", w.dir.file("red.csv"), {});
    REQUIRE_MESSAGE(imported, imported.error());
    REQUIRE(imported->inserted == 1);
    // A relation dated before the establishment does not lower it: the establishment date is
    // what the county's registry says.
    w.relate(person(3), org(3), "director", "2015-01-01");
    auto e = w.open();
    CHECK(check(e, org(3), "administrative_licensing", "2021-12-31").measures.empty());
    CHECK(ids_of(check(e, org(3), "administrative_licensing", "2022-01-01").measures) == strings{"clean.green"});
}

TEST_CASE("an entry without an end date counts until the list's maximum term in force on its listed_on") {
    world w(reach_rules);
    // Listed before 发改办财金〔2019〕527号: no cap; after it: at most 3 years.
    w.list("env_open", org(1), "2018-03-01");
    w.list("env_open", org(2), "2020-01-01");
    auto e = w.open();
    auto old = check(e, org(1), "public_bidding", "2030-01-01");
    REQUIRE(ids_of(old.measures) == strings{"env_open_m.bidding"});
    CHECK_FALSE(old.measures[0].because->expires_on.has_value());
    CHECK(old.to_json().find(R"("expires_on":null)") != std::string::npos);
    auto capped = check(e, org(2), "public_bidding", "2022-12-31");
    REQUIRE(ids_of(capped.measures) == strings{"env_open_m.bidding"});
    CHECK(capped.measures[0].because->expires_on == day("2023-01-01"));
    CHECK(check(e, org(2), "public_bidding", "2023-01-01").measures.empty());
}

TEST_CASE("a conditional measure is to be verified unless the query settles it, and never escalated") {
    world w(reach_rules);
    w.list("tax_black", person(1), "2020-01-01");
    w.list("debtor", person(1), "2020-01-01");
    auto e = w.open();
    auto d = check(e, person(1), "exit_control", "2021-06-01");
    CHECK(d.escalated);
    CHECK(d.verdict == "none");
    CHECK(d.measures.empty());
    REQUIRE(ids_of(d.to_verify) == strings{"tax_m.exit"});
    CHECK(d.to_verify[0].verify == "欠缴税款且未提供担保");
    CHECK(d.to_verify[0].settled_by == "unpaid_tax");
    CHECK(d.to_verify[0].binding == "recommended");
    auto json = d.to_json();
    CHECK(json.find(R"("to_verify":[{"memorandum":"tax_m","measure":"tax_m.exit")") != std::string::npos);
    CHECK(json.find(R"("verify":"欠缴税款且未提供担保","settled_by":"unpaid_tax"})") != std::string::npos);

    auto yes = check(e, person(1), "exit_control", "2021-06-01", {{"unpaid_tax", std::string_view("yes")}});
    REQUIRE(ids_of(yes.measures) == strings{"tax_m.exit"});
    CHECK(yes.verdict == "prohibit");
    CHECK(yes.measures[0].binding == "recommended");
    CHECK(yes.to_verify.empty());
    auto no = check(e, person(1), "exit_control", "2021-06-01", {{"unpaid_tax", 0.0}});
    CHECK(no.measures.empty());
    CHECK(no.to_verify.empty());

    decision out;
    query q;
    std::string subject = person(1);  // the query holds a view: keep the text alive
    q.subject = subject;
    q.scenario = "exit_control";
    q.as_of = day("2021-06-01");
    std::vector<query_attribute> bad{{"unpaid_tax", std::string_view("maybe")}};
    q.attributes = bad;
    auto s = e.check(q, out);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == error_code::invalid_argument);
    CHECK(s.error().message.find("unpaid_tax") != std::string::npos);
}

TEST_CASE("a conditional measure reaches only whom it states: the legal representative, not a practitioner") {
    world w(reach_rules);
    w.list("tax_black", org(1), "2020-01-01");
    w.relate(person(1), org(1), "legal_representative", "2019-01-01");
    w.relate(person(2), org(1), "practitioner", "2019-01-01");
    auto e = w.open();
    CHECK(ids_of(check(e, person(1), "exit_control", "2021-06-01").to_verify) == strings{"tax_m.exit"});
    CHECK(check(e, person(2), "exit_control", "2021-06-01").to_verify.empty());
}

}  // namespace credo::test
