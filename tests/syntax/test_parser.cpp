// SPDX-License-Identifier: Apache-2.0
// Every construct of the rule language parses into the AST it means, with spans.
#include <doctest/doctest.h>

#include "support.hpp"
#include "support/process.hpp"

using namespace credo;
using namespace credo::syntax;
using credo::test::parse_text;
using credo::test::all_rendered;

namespace {

template <typename T>
const T &only(const test::parsed &p) {
    REQUIRE_MESSAGE(!p.diags.has_errors(), all_rendered(p));
    REQUIRE(p.file.declarations.size() == 1);
    REQUIRE(std::holds_alternative<T>(p.file.declarations[0]));
    return std::get<T>(p.file.declarations[0]);
}

std::string slice(const test::parsed &p, diag::span s) { return p.sources.text(0).substr(s.begin, s.end - s.begin); }

condition when_of(const std::string &text) {
    auto p = parse_text("rule r \"t\" { when " + text + " then escalate }");
    const auto &r = only<rule_decl>(p);
    REQUIRE(r.when);
    return *r.when;
}

}  // namespace

TEST_CASE("a list declaration fills every property") {
    auto p = parse_text(
        "list major_tax_violation \"重大税收违法案件当事人名单\" {\n"
        "  kind black  field tax\n"
        "  initiator \"税务机关\", \"海关\"\n"
        "  subjects enterprise, other_org, person\n"
        "  term 3y\n"
        "  basis \"公告\"\n"
        "}\n");
    const auto &l = only<list_decl>(p);
    CHECK(l.id.name == "major_tax_violation");
    CHECK(l.name.value == "重大税收违法案件当事人名单");
    CHECK(l.kind->name == "black");
    CHECK(l.field->name == "tax");
    REQUIRE(l.initiators.size() == 2);
    CHECK(l.initiators[1].value == "海关");
    REQUIRE(l.subjects.size() == 3);
    CHECK(l.subjects[2].name == "person");
    REQUIRE(l.term.size() == 1);
    CHECK(l.term[0].value.amount == 3);
    CHECK(l.term[0].value.unit == 'y');
    CHECK(l.basis->value == "公告");
    CHECK(slice(p, l.id.where) == "major_tax_violation");
    CHECK(slice(p, l.kind->where) == "black");
    CHECK(slice(p, l.where).starts_with("list major"));
    CHECK(slice(p, l.where).ends_with("}"));
}

TEST_CASE("a memorandum holds its properties and nested measures") {
    auto p = parse_text(
        "memorandum tax_2016 \"备忘录\" {\n"
        "  document \"发改财金〔2016〕2798号\"\n"
        "  signatories \"国家发展改革委\", \"国家税务总局\"\n"
        "  targets major_tax_violation\n"
        "  extends_to legal_representative, finance_officer\n"
        "  extends_to_organisations legal_representative\n"
        "  effective 2016-12-30 until 2021-01-01\n"
        "  replaces tax_2014\n"
        "  measure tax_2016.07 \"限制取得政府供应土地\" {\n"
        "    implementer \"国土资源部\"\n"
        "    scenarios land_supply, public_bidding\n"
        "    effect restrict\n"
        "    binding mandatory\n"
        "    basis \"意见\"\n"
        "    when subject is enterprise\n"
        "    term 5y\n"
        "    applies_to listed\n"
        "    effective 2017-01-01\n"
        "  }\n"
        "  measure tax_2016.08 \"二\" { implementer \"x\" scenarios a effect b binding recommended }\n"
        "}\n");
    const auto &m = only<memorandum_decl>(p);
    CHECK(m.documents.at(0).value == "发改财金〔2016〕2798号");
    CHECK(m.signatories.size() == 2);
    CHECK(m.targets.at(0).name == "major_tax_violation");
    CHECK(m.extends_to.size() == 2);
    CHECK(m.extends_to_organisations.at(0).name == "legal_representative");
    CHECK(m.effective_from->value.to_string() == "2016-12-30");
    CHECK(m.effective_until->value.to_string() == "2021-01-01");
    CHECK(m.replaces->name == "tax_2014");
    REQUIRE(m.measures.size() == 2);
    const auto &x = m.measures[0];
    CHECK(x.id.name == "tax_2016.07");
    CHECK(x.implementers.at(0).value == "国土资源部");
    CHECK(x.scenarios.size() == 2);
    CHECK(x.effect->name == "restrict");
    CHECK(x.binding->name == "mandatory");
    CHECK(x.basis->value == "意见");
    CHECK(x.when.has_value());
    CHECK(x.term->amount == 5);
    CHECK(x.applies_to->name == "listed");
    CHECK(x.effective_from->value.to_string() == "2017-01-01");
    CHECK(!x.effective_until);
    CHECK(slice(p, x.where).starts_with("measure tax_2016.07"));
    CHECK(m.measures[1].binding->name == "recommended");
}

TEST_CASE("a rule has a condition, actions and its own measures") {
    auto p = parse_text(
        "rule clean \"连续三年无不良信用记录的\" {\n"
        "  when clean_for >= 3y and subject is organisation\n"
        "  then grant, escalate\n"
        "  measure clean.01 \"绿色通道\" { implementer \"各部门\" scenarios administrative_licensing effect "
        "green_channel binding recommended }\n"
        "}\n");
    const auto &r = only<rule_decl>(p);
    REQUIRE(r.actions.size() == 2);
    CHECK(r.actions[0].name == "grant");
    CHECK(r.actions[1].name == "escalate");
    REQUIRE(r.measures.size() == 1);
    CHECK(r.measures[0].id.name == "clean.01");
    CHECK(slice(p, r.when->where) == "clean_for >= 3y and subject is organisation");
}

TEST_CASE("vocabulary declarations may omit their braces") {
    auto p = parse_text(
        "scenario land_supply \"政府供应土地\" { group approvals }\n"
        "scenario honors \"荣誉\"\n"
        "effect prohibit \"禁止/不予\" { kind punishment  rank 1 }\n"
        "role legal_representative \"法定代表人\"\n"
        "role principal \"主要负责人\" {}\n"
        "subject_kind enterprise \"企业\" { category organisation }\n"
        "field tax \"税收\"\n"
        "attribute contract_value \"合同金额（元）\" { type number }\n");
    REQUIRE_MESSAGE(!p.diags.has_errors(), all_rendered(p));
    REQUIRE(p.file.declarations.size() == 8);
    CHECK(std::get<scenario_decl>(p.file.declarations[0]).group->name == "approvals");
    CHECK(!std::get<scenario_decl>(p.file.declarations[1]).group);
    const auto &e = std::get<effect_decl>(p.file.declarations[2]);
    CHECK(e.kind->name == "punishment");
    CHECK(e.rank->value == 1);
    CHECK(e.rank->text == "1");
    CHECK(std::get<role_decl>(p.file.declarations[4]).id.name == "principal");
    CHECK(std::get<subject_kind_decl>(p.file.declarations[5]).category->name == "organisation");
    CHECK(std::get<field_decl>(p.file.declarations[6]).name.value == "税收");
    CHECK(std::get<attribute_decl>(p.file.declarations[7]).type->name == "number");
}

TEST_CASE("properties may come in any order and share lines") {
    auto p = parse_text("list x \"n\" { basis \"b\" term 90d subjects person initiator \"i\" field f kind red }");
    const auto &l = only<list_decl>(p);
    CHECK(l.kind->name == "red");
    REQUIRE(l.term.size() == 1);
    CHECK(l.term[0].value.unit == 'd');
}

TEST_CASE("comments are kept in source order and strings may contain `#`") {
    auto p = parse_text("# head\nfield tax \"#税收\"  # trailing\n# tail");
    REQUIRE_MESSAGE(!p.diags.has_errors(), all_rendered(p));
    REQUIRE(p.file.comments.size() == 3);
    CHECK(p.file.comments[0].text == "# head");
    CHECK(p.file.comments[1].text == "# trailing");
    CHECK(p.file.comments[2].text == "# tail");
    CHECK(std::get<field_decl>(p.file.declarations[0]).name.value == "#税收");
}

TEST_CASE("string escapes are decoded") {
    auto p = parse_text(R"(field f "a\"b\\c\nd\te\u{4E2D}\u{1F600}")");
    const auto &f = only<field_decl>(p);
    CHECK(f.name.value == "a\"b\\c\nd\te中\xF0\x9F\x98\x80");
}

TEST_CASE("membership conditions: a list, any list of a kind, any list of a field") {
    auto c = when_of("listed major_tax_violation");
    REQUIRE(std::holds_alternative<membership>(c.node));
    CHECK(std::get<membership>(c.node).kind == membership::scope::list);
    CHECK(std::get<membership>(c.node).name.name == "major_tax_violation");
    c = when_of("listed any black");
    CHECK(std::get<membership>(c.node).kind == membership::scope::any_of_kind);
    CHECK(std::get<membership>(c.node).name.name == "black");
    c = when_of("listed field tax");
    CHECK(std::get<membership>(c.node).kind == membership::scope::field);
    CHECK(std::get<membership>(c.node).name.name == "tax");
}

TEST_CASE("counting, kind, reach and clean-record conditions") {
    auto c = when_of("black_fields >= 2");
    CHECK(std::get<black_field_count>(c.node).op == compare_op::ge);
    CHECK(std::get<black_field_count>(c.node).value == 2);
    c = when_of("subject is enterprise, person");
    CHECK(std::get<subject_is>(c.node).kinds.size() == 2);
    c = when_of("reached");
    CHECK(std::get<reached>(c.node).roles.empty());
    c = when_of("reached as legal_representative, principal");
    CHECK(std::get<reached>(c.node).roles.at(1).name == "principal");
    c = when_of("clean_for < 18m");
    CHECK(std::get<clean_for>(c.node).op == compare_op::lt);
    CHECK(std::get<clean_for>(c.node).value.amount == 18);
    CHECK(std::get<clean_for>(c.node).value.unit == 'm');
}

TEST_CASE("credit rating and attribute conditions take literals of every kind") {
    auto c = when_of("credit_rating == \"A\"");
    CHECK(std::get<credit_rating>(c.node).op == compare_op::eq);
    c = when_of("credit_rating in (\"A\", \"B\")");
    CHECK(!std::get<credit_rating>(c.node).op);
    CHECK(std::get<credit_rating>(c.node).values.size() == 2);
    c = when_of("contract_value >= -1000000.5");
    const auto &a = std::get<attribute_test>(c.node);
    CHECK(a.kind == attribute_test::form::compare);
    CHECK(a.name.name == "contract_value");
    CHECK(std::get<number_literal>(a.values.at(0)).value == -1000000.5);
    c = when_of("signed_on != 2020-02-29");
    CHECK(std::get<date_literal>(std::get<attribute_test>(c.node).values.at(0)).value.to_string() == "2020-02-29");
    c = when_of("region in (\"a\", 3, 2y, 2020-01-01)");
    const auto &s = std::get<attribute_test>(c.node);
    CHECK(s.kind == attribute_test::form::in_set);
    REQUIRE(s.values.size() == 4);
    CHECK(std::holds_alternative<string_literal>(s.values[0]));
    CHECK(std::holds_alternative<number_literal>(s.values[1]));
    CHECK(std::holds_alternative<duration>(s.values[2]));
    CHECK(std::holds_alternative<date_literal>(s.values[3]));
    c = when_of("has contract_value");
    CHECK(std::get<attribute_test>(c.node).kind == attribute_test::form::present);
    CHECK(std::get<boolean_constant>(when_of("true").node).value);
    CHECK(!std::get<boolean_constant>(when_of("false").node).value);
}

TEST_CASE("not binds tighter than and, and tighter than or") {
    auto c = when_of("not listed a and listed b or listed c and true");
    const auto &top = std::get<logical>(c.node);
    CHECK(top.kind == logical::op::or_);
    REQUIRE(top.operands.size() == 2);
    const auto &left = std::get<logical>(top.operands[0].node);
    CHECK(left.kind == logical::op::and_);
    CHECK(std::get<logical>(left.operands[0].node).kind == logical::op::not_);
    CHECK(std::get<logical>(top.operands[1].node).kind == logical::op::and_);
}

TEST_CASE("a chain of one operator is one node; parentheses group") {
    auto c = when_of("true or false or true");
    CHECK(std::get<logical>(c.node).operands.size() == 3);
    c = when_of("(true or false) and not (false)");
    const auto &l = std::get<logical>(c.node);
    CHECK(l.kind == logical::op::and_);
    CHECK(std::get<logical>(l.operands[0].node).kind == logical::op::or_);
    const auto &n = std::get<logical>(l.operands[1].node);
    CHECK(n.kind == logical::op::not_);
    CHECK(std::holds_alternative<boolean_constant>(n.operands[0].node));
    c = when_of("(true or false) or true");
    CHECK(std::get<logical>(c.node).operands.size() == 2);
}

TEST_CASE("keywords are whole words: identifiers may start with one") {
    auto c = when_of("listed listed_company_violation or android == 1 or notice == 2");
    CHECK(std::get<logical>(c.node).operands.size() == 3);
    auto p = parse_text("field is_x \"a\"\nrole inner \"b\"\n");
    CHECK_MESSAGE(!p.diags.has_errors(), all_rendered(p));
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are accepted") {
    auto p = parse_text("\xEF\xBB\xBF" "field tax \"税收\"\r\nrole a \"b\" # c\r\n");
    REQUIRE_MESSAGE(!p.diags.has_errors(), all_rendered(p));
    CHECK(p.file.declarations.size() == 2);
    CHECK(p.file.comments.at(0).text == "# c");
}

TEST_CASE("an empty file and a file of comments parse to nothing") {
    CHECK(parse_text("").file.declarations.empty());
    auto p = parse_text("# only\n\n# comments\n");
    CHECK(!p.diags.has_errors());
    CHECK(p.file.comments.size() == 2);
}

TEST_CASE("every example in the language reference parses without errors") {
    std::string doc = test::read_file(std::string(CREDO_SOURCE_DIR) + "/docs/rule-language.md");
    std::size_t pos = 0;
    int examples = 0;
    while ((pos = doc.find("```credo\n", pos)) != std::string::npos) {
        pos += 9;
        auto end = doc.find("```", pos);
        REQUIRE(end != std::string::npos);
        std::string example = doc.substr(pos, end - pos);
        auto p = parse_text(example, "rule-language.md");
        CHECK_MESSAGE(!p.diags.has_errors(), example, "\n", all_rendered(p));
        CHECK(!p.file.declarations.empty());
        CHECK(syntax::same_meaning(p.file, parse_text(syntax::format(p.file, p.sources)).file));
        pos = end + 3;
        ++examples;
    }
    CHECK(examples >= 4);
}
