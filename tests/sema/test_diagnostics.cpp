// SPDX-License-Identifier: Apache-2.0
// Every name-resolution (E02xx) and semantic (E03xx, W03xx) diagnostic: code, message, position.
#include <doctest/doctest.h>

#include <algorithm>

#include "sema_test.hpp"

using credo::test::compile_files;
using credo::test::compile_text;

namespace {

// A memorandum with one measure, laid out so that positions are easy to count:
//   1 memorandum m "..." {      5   measure m.01 "..." {
//   2   document "..."          6+    the measure's properties, one a line
//   3   targets TARGETS
//   4   HEADER (the memorandum's dates and roles)
struct memo {
    std::string targets = "major_tax_violation";
    std::string header = "effective 2016-01-01";
    std::string body = "implementer \"部门\"\n    scenarios land_supply\n    effect restrict\n    binding mandatory";
    std::string after;  // more declarations after the memorandum (from line 12 with the default body)

    std::string text() const {
        return "memorandum m \"备忘录\" {\n  document \"文号\"\n  targets " + targets + "\n  " + header +
               "\n  measure m.01 \"措施\" {\n    " + body + "\n  }\n}\n" + after;
    }
};

}  // namespace

TEST_CASE("a clean rule set compiles without any diagnostic") {
    auto c = compile_text(memo{}.text());
    CHECK_MESSAGE(c->diags.items().empty(), c->all());
    CHECK(c->rules != nullptr);
}

TEST_CASE("a duplicate id across files points at both declarations") {
    auto c = compile_text(
        "list major_tax_violation \"again\" {\n  kind black  field tax  initiator \"x\"  subjects person\n}\n");
    CHECK_DIAG(c, "E0201", "duplicate list id `major_tax_violation`", "1:6");
    const auto *d = c->find("E0201");
    REQUIRE(d->secondary.size() == 1);
    CHECK(d->secondary[0].message == "first declared here");
    CHECK(c->sources.path(d->secondary[0].where.file) == "vocabulary.credo");
    CHECK(c->at(d->secondary[0].where) == "21:6");
    CHECK(d->help == "rename one of them; list ids are unique across all rule files");
    CHECK(c->rules == nullptr);
}

TEST_CASE("a rule may not reuse a memorandum id, and measure ids are unique across memorandums") {
    memo m;
    m.after = "rule m \"规则\" {\n  when listed any black\n  then escalate\n}\n";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0201", "`m` is already the id of a memorandum", "12:6");

    memo a;
    memo b;
    auto c2 = compile_files({{"vocabulary.credo", credo::test::vocabulary},
                             {"a.credo", a.text()},
                             {"test.credo",
                              "memorandum n \"x\" {\n  document \"d\"\n  targets major_tax_violation\n"
                              "  effective 2016-01-01\n  measure m.01 \"措施\" {\n    " +
                                  b.body + "\n  }\n}\n"}});
    CHECK_DIAG(c2, "E0201", "duplicate measure id `m.01`", "5:11");
}

TEST_CASE("a list and a field may share an id: each kind of declaration has its own ids") {
    auto c = compile_text(
        "field food_drug \"食品药品\"\nlist food_drug \"名单\" {\n  kind black  field food_drug  initiator \"x\"  "
        "subjects enterprise\n}\n");
    CHECK_MESSAGE(c->diags.items().empty(), c->all());
}

TEST_CASE("an unknown list suggests the closest declared one") {
    memo m;
    m.targets = "major_tax_violaton";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0202", "unknown list `major_tax_violaton`", "3:11");
    CHECK(c->find("E0202")->help == "did you mean `major_tax_violation`?");
}

TEST_CASE("an unknown scenario, effect and role are reported where they are named") {
    memo m;
    m.header = "effective 2016-01-01  extends_to legal_represntative";
    m.body = "implementer \"部门\"\n    scenarios land_suply\n    effect restrictt\n    binding mandatory";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0203", "unknown scenario `land_suply`", "7:15");
    CHECK(c->find("E0203")->help == "did you mean `land_supply`?");
    CHECK_DIAG(c, "E0204", "unknown effect `restrictt`", "8:12");
    CHECK(c->find("E0204")->help == "did you mean `restrict`?");
    CHECK_DIAG(c, "E0205", "unknown role `legal_represntative`", "4:36");
}

TEST_CASE("an unknown name far from every declared one gets no suggestion") {
    memo m;
    m.body = "implementer \"部门\"\n    scenarios moon_landing\n    effect restrict\n    binding mandatory";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0203", "unknown scenario `moon_landing`", "7:15");
    CHECK(c->find("E0203")->help == "declare it with `scenario moon_landing \"...\"` or use one that is declared");
}

TEST_CASE("an unknown field and subject kind in a list") {
    auto c =
        compile_text("list l \"名单\" {\n  kind black\n  field taxes\n  initiator \"x\"\n  subjects enterprize\n}\n");
    CHECK_DIAG(c, "E0206", "unknown field `taxes`", "3:9");
    CHECK(c->find("E0206")->help == "did you mean `tax`?");
    CHECK_DIAG(c, "E0207", "unknown subject kind `enterprize`", "5:12");
}

TEST_CASE("an unknown attribute in a condition") {
    memo m;
    m.body += "\n    when contract_valu > 5";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0208", "unknown attribute `contract_valu`", "10:10");
    CHECK(c->find("E0208")->help == "did you mean `contract_value`?");
}

TEST_CASE("an unknown memorandum in replaces") {
    memo m;
    m.header = "effective 2016-01-01\n  replaces tax_2041";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0209", "unknown memorandum `tax_2041`", "5:12");
}

TEST_CASE("a keyword value that is not one of the allowed ones, in an AST built without the parser") {
    // The parser already rejects these (E0101); sema checks them again for ASTs from elsewhere.
    credo::syntax::rule_file file;
    credo::syntax::rule_decl rule;
    rule.id = {"r", {0, 5, 6}};
    rule.text = {"规则", {0, 7, 15}};
    rule.when = credo::syntax::condition{credo::syntax::boolean_constant{true}, {0, 23, 27}};
    rule.actions.push_back({"escalat", {0, 35, 42}});
    file.declarations.emplace_back(rule);
    credo::diag::diagnostics diags;
    auto rules = credo::sema::compile({file}, diags);
    CHECK(rules == nullptr);
    REQUIRE(diags.items().size() == 1);
    const auto &d = diags.items()[0];
    CHECK(d.code == "E0210");
    CHECK(d.message == "`escalat` is not a valid `then`");
    CHECK(d.primary.begin == 35);
    CHECK(d.help == "did you mean `escalate`? `then` takes `escalate`, `suppress_incentives` or `grant`");
}

TEST_CASE("missing required properties name the declaration and the property") {
    memo m;
    m.header = "signatories \"部门\"";
    m.body = "implementer \"部门\"\n    scenarios land_supply\n    binding mandatory";
    m.after = "list l \"名单\" {\n  kind black  field tax  subjects person\n}\neffect e \"效果\" { kind incentive }\n";
    auto c = compile_text(m.text());
    CHECK(c->count("E0301") == 4);
    std::vector<std::string> seen;
    for (const auto &d : c->diags.items()) {
        if (d.code == "E0301") seen.push_back(c->at(d.primary) + " " + d.message);
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<std::string>{"11:6 list `l` has no `initiator`", "14:8 effect `e` has no `rank`",
                                           "1:12 memorandum `m` has no `effective`",
                                           "5:11 measure `m.01` has no `effect`"});
}

TEST_CASE("a memorandum for a red list may not carry punishment effects, nor one for a black list incentives") {
    memo red;
    red.targets = "integrity_model";
    auto c = compile_text(red.text());
    CHECK_DIAG(
        c, "E0302",
        "measure `m.01` has the punishment effect `restrict` but memorandum `m` targets the red list `integrity_model`",
        "8:12");
    const auto *d = c->find("E0302");
    REQUIRE(d->secondary.size() == 1);
    CHECK(c->at(d->secondary[0].where) == "3:11");
    CHECK(d->secondary[0].message == "`integrity_model` is a red list");

    memo black;
    black.body = "implementer \"部门\"\n    scenarios land_supply\n    effect green_channel\n    binding mandatory";
    auto c2 = compile_text(black.text());
    CHECK_DIAG(c2, "E0302",
               "measure `m.01` has the incentive effect `green_channel` but memorandum `m` targets the black list "
               "`major_tax_violation`",
               "8:12");
}

TEST_CASE("a measure without scenarios") {
    memo m;
    m.body = "implementer \"部门\"\n    effect restrict\n    binding mandatory";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0303", "measure `m.01` has no scenario", "5:11");
}

TEST_CASE("a term that is not positive") {
    memo m;
    m.body += "\n    term 0y";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0304", "the term `0y` is not positive", "10:10");
}

TEST_CASE("an end date that is not after the start date") {
    memo m;
    m.header = "effective 2016-01-01 until 2015-06-30";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0305", "`effective` ends on 2015-06-30 which is not after its start 2016-01-01", "4:30");
}

TEST_CASE("replaces may not form a cycle") {
    memo a;
    a.header = "effective 2016-01-01\n  replaces n";
    std::string b =
        "memorandum n \"x\" {\n  document \"d\"\n  targets major_tax_violation\n  effective 2014-01-01\n"
        "  replaces m\n  measure n.01 \"措施\" {\n    implementer \"部门\"\n    scenarios air_travel\n"
        "    effect restrict\n    binding mandatory\n  }\n}\n";
    a.after = b;
    auto c = compile_text(a.text());
    CHECK_DIAG(c, "E0306", "`replaces` forms a cycle: `m` → `n` → `m`", "5:12");
}

TEST_CASE("a subject kind that no target list holds can never hold") {
    memo m;
    m.targets = "integrity_model";
    m.body =
        "implementer \"部门\"\n    scenarios land_supply\n    effect green_channel\n    binding mandatory\n"
        "    when subject is person";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0307",
               "the condition `subject is person` can never hold: measure `m.01` of memorandum `m` reaches only "
               "`enterprise`",
               "10:10");
}

TEST_CASE("persons reached through extends_to make `subject is person` possible") {
    memo m;
    m.targets = "integrity_model";
    m.header = "effective 2016-01-01  extends_to legal_representative";
    m.body =
        "implementer \"部门\"\n    scenarios land_supply\n    effect green_channel\n    binding mandatory\n"
        "    when subject is person and not (subject is person or false)";
    auto c = compile_text(m.text());
    CHECK_MESSAGE(c->diags.items().empty(), c->all());
}

TEST_CASE("`reached` can never hold in a memorandum without roles or as a role it does not extend to") {
    memo m;
    m.body += "\n    when reached";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0307", "the condition `reached` can never hold: memorandum `m` extends to no role", "10:10");

    memo r;
    r.header = "effective 2016-01-01  extends_to legal_representative";
    r.body += "\n    when subject is person and reached as director";
    auto c2 = compile_text(r.text());
    CHECK_DIAG(c2, "E0307",
               "the condition `reached as director` can never hold: measure `m.01` does not reach `director`",
               "10:32");
}

TEST_CASE("`black_fields` beyond the number of fields with black lists can never hold") {
    auto c = compile_text("rule r \"规则\" {\n  when black_fields >= 3\n  then escalate\n}\n");
    CHECK_DIAG(c, "E0307", "the condition `black_fields >= 3` can never hold: 2 fields have a black list", "2:8");
    auto ok = compile_text("rule r \"规则\" {\n  when black_fields >= 2 or black_fields > 7\n  then escalate\n}\n");
    CHECK_MESSAGE(ok->diags.items().empty(), ok->all());
}

TEST_CASE("an attribute compared with a literal of the wrong type, or a string with an ordering") {
    memo m;
    m.body += "\n    when contract_value >= \"big\" and region < \"north\" and signed_on in (2016-01-01, 3)";
    auto c = compile_text(m.text());
    CHECK(c->count("E0308") == 2);
    const auto *first = c->find("E0308");
    CHECK(first->message == "attribute `contract_value` is compared with numbers but `\"big\"` is a string");
    CHECK(c->at(first->primary) == "10:28");
    CHECK(first->help == "compare it with a number");
    CHECK_DIAG(c, "E0313", "attribute `region` holds strings, which cannot be compared with `<`", "10:38");
}

TEST_CASE("effect ranks are unique within a kind") {
    auto c = compile_text(
        "effect ban \"禁止2\" { kind punishment  rank 1 }\neffect boost \"优先2\" { kind incentive  rank 3 }\n");
    CHECK_DIAG(c, "E0309", "punishment effects `prohibit` and `ban` both have rank 1", "1:42");
    CHECK(c->at(c->find("E0309")->secondary.at(0).where) == "14:46");
}

TEST_CASE("a rank must be a positive whole number") {
    auto c = compile_text("effect ban \"禁止2\" { kind punishment  rank 0 }\n");
    CHECK_DIAG(c, "E0312", "the rank `0` is not a positive whole number", "1:42");
}

TEST_CASE("`then grant` needs measures, and measures need `then grant`") {
    auto c = compile_text("rule r \"规则\" {\n  when clean_for >= 3y\n  then grant\n}\n");
    CHECK_DIAG(c, "E0310", "rule `r` grants measures but declares none", "3:8");
    auto c2 = compile_text(
        "rule r \"规则\" {\n  when clean_for >= 3y\n  then escalate\n  measure r.01 \"绿色通道\" {\n"
        "    implementer \"部门\"\n    scenarios administrative_licensing\n    effect green_channel\n"
        "    binding recommended\n  }\n}\n");
    CHECK_DIAG(c2, "E0311", "rule `r` declares measures but does not grant them", "4:11");
}

TEST_CASE("a measure whose dates miss its memorandum's is never in force (a warning)") {
    memo m;
    m.header = "effective 2016-01-01 until 2018-01-01";
    m.body += "\n    effective 2010-01-01 until 2012-01-01";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "W0301", "measure `m.01` is never in force: its dates do not overlap those of memorandum `m`",
               "5:11");
    CHECK(c->find("W0301")->severity == credo::diag::severity::warning);
    CHECK(c->find("W0301")->help == "memorandum `m` is in force from 2016-01-01 until 2018-01-01");
    CHECK(c->rules != nullptr);  // warnings alone still compile
}

TEST_CASE("a memorandum replaced before it starts is never in force (a warning)") {
    memo m;
    m.header = "effective 2016-01-01\n  replaces n";
    m.after =
        "memorandum n \"x\" {\n  document \"d\"\n  targets major_tax_violation\n  effective 2017-01-01\n"
        "  measure n.01 \"措施\" {\n    implementer \"部门\"\n    scenarios air_travel\n"
        "    effect restrict\n    binding mandatory\n  }\n}\n";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "W0301",
               "memorandum `n` is never in force: `m` replaces it from 2016-01-01, before it starts on 2017-01-01",
               "13:12");
}

TEST_CASE("a measure for related subjects only, in a memorandum that extends to no role (a warning)") {
    memo m;
    m.body += "\n    applies_to related";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "W0301", "measure `m.01` applies only to related subjects but reaches no role",
               "10:16");
}

TEST_CASE("two measures with the same scope and text (a warning), unless their dates never overlap") {
    memo m;
    m.after =
        "memorandum n \"x\" {\n  document \"d\"\n  targets major_tax_violation\n  effective 2017-01-01\n"
        "  measure n.01 \"措施\" {\n    implementer \"另一部门\"\n    scenarios land_supply\n"
        "    effect restrict\n    binding mandatory\n  }\n}\n";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "W0302",
               "measure `n.01` repeats measure `m.01`: same text, lists, scenarios, effect, binding and condition",
               "16:11");
    CHECK(c->at(c->find("W0302")->secondary.at(0).where) == "5:11");

    memo revised = m;
    revised.after += "";
    revised.header = "effective 2016-01-01 until 2017-01-01";
    auto c2 = compile_text(revised.text());
    CHECK_MESSAGE(c2->diags.items().empty(), c2->all());
}

TEST_CASE("credit ratings compare only for equality") {
    auto c = compile_text("rule r \"规则\" {\n  when credit_rating >= \"B\"\n  then escalate\n}\n");
    CHECK_DIAG(c, "E0313", "`credit_rating` holds strings, which cannot be compared with `>=`", "2:8");
}

TEST_CASE("`reached` can never hold in a measure that applies only to listed subjects") {
    memo m;
    m.header = "effective 2016-01-01  extends_to legal_representative";
    m.body += "\n    applies_to listed\n    when reached";
    auto c = compile_text(m.text());
    CHECK_DIAG(c, "E0307", "the condition `reached` can never hold: the measure applies only to listed subjects",
               "11:10");
}
