// SPDX-License-Identifier: Apache-2.0
// Syntax diagnostics: code, message and line:column of each, and recovery after an error.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace credo;
using credo::test::diagnostic_lines;
using credo::test::parse_text;

using lines = std::vector<std::string>;

TEST_CASE("a misspelt measure property names everything that may stand there") {
    auto p = parse_text(
        "memorandum m \"t\" {\n"
        "  measure a.1 \"x\" {\n"
        "    efect prohibit\n"
        "  }\n"
        "}\n");
    CHECK(diagnostic_lines(p) ==
          lines{"3:5 E0101 expected `implementer`, `scenarios`, `effect`, `binding`, `basis`, `when`, `term`, "
                "`applies_to`, `effective`, `reaches`, `reaches_organisations`, `verify`, `settled_by` or `}` but found "
                "`efect`"});
}

TEST_CASE("an unknown top-level word lists the declaration keywords") {
    auto p = parse_text("\n  lst x \"n\" {}\n");
    CHECK(diagnostic_lines(p) == lines{"2:3 E0101 expected `list`, `memorandum`, `rule`, `scenario`, `effect`, "
                                       "`role`, `subject_kind`, `field` or `attribute` but found `lst`"});
}

TEST_CASE("each list, memorandum, rule and vocabulary body names its own properties") {
    CHECK(diagnostic_lines(parse_text("list x \"n\" { kind black colour red }")) ==
          lines{"1:25 E0101 expected `kind`, `field`, `initiator`, `subjects`, `term`, `max_term`, `repair_after`, "
                "`exits_on`, `basis` or `}` but found `colour`"});
    CHECK(diagnostic_lines(parse_text("memorandum m \"t\" { effect x }")) ==
          lines{"1:20 E0101 expected `document`, `signatories`, `targets`, `extends_to`, `extends_to_organisations`, "
                "`effective`, `replaces`, `measure` or `}` but found `effect`"});
    CHECK(diagnostic_lines(parse_text("rule r \"t\" { when true then escalate else }")) ==
          lines{"1:38 E0101 expected `when`, `then`, `measure` or `}` but found `else`"});
    CHECK(diagnostic_lines(parse_text("effect e \"t\" { kind punishment order 1 }")) ==
          lines{"1:32 E0101 expected `kind`, `rank` or `}` but found `order`"});
    CHECK(diagnostic_lines(parse_text("scenario s \"t\" { grop a }")) ==
          lines{"1:18 E0101 expected `group` or `}` but found `grop`"});
    CHECK(diagnostic_lines(parse_text("role r \"t\" { x }")) == lines{"1:14 E0101 expected `}` but found `x`"});
}

TEST_CASE("fixed-choice values say which words are allowed") {
    CHECK(diagnostic_lines(parse_text("list x \"n\" { kind blak }")) ==
          lines{"1:19 E0101 expected `black` or `red` but found `blak`"});
    CHECK(diagnostic_lines(parse_text("memorandum m \"t\" { measure a \"b\" { binding mandtory } }")) ==
          lines{"1:44 E0101 expected `mandatory` or `recommended` but found `mandtory`"});
    CHECK(diagnostic_lines(parse_text("rule r \"t\" { then punish }")) ==
          lines{"1:19 E0101 expected `escalate`, `suppress_incentives` or `grant` but found `punish`"});
    CHECK(diagnostic_lines(parse_text("subject_kind k \"t\" { category org }")) ==
          lines{"1:31 E0101 expected `organisation` or `person` but found `org`"});
    CHECK(diagnostic_lines(parse_text("attribute a \"t\" { type bool }")) ==
          lines{"1:24 E0101 expected `number`, `string`, `date` or `boolean` but found `bool`"});
}

TEST_CASE("missing pieces of a declaration header and an early end of file") {
    CHECK(diagnostic_lines(parse_text("field tax {}")) == lines{"1:11 E0101 expected string but found `{`"});
    CHECK(diagnostic_lines(parse_text("field list \"x\"")) == lines{"1:7 E0101 expected identifier but found `list`"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" kind black")) == lines{"1:12 E0101 expected `{` but found `kind`"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" {\n  kind black\n")) ==
          lines{"3:1 E0101 expected `kind`, `field`, `initiator`, `subjects`, `term`, `max_term`, `repair_after`, "
                "`exits_on`, `basis` or `}` but found end of file"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" { initiator \"a\", }")) ==
          lines{"1:29 E0101 expected string but found `}`"});
}

TEST_CASE("condition errors point at the offending token") {
    auto when = [](const std::string &c) { return diagnostic_lines(parse_text("rule r \"t\" {\n  when " + c + "\n}")); };
    CHECK(when("listed") == lines{"3:1 E0101 expected `any`, `field` or a list identifier but found `}`"});
    CHECK(when("listed any blue") == lines{"2:19 E0101 expected `black` or `red` but found `blue`"});
    CHECK(when("black_fields => 2") ==
          lines{"2:21 E0101 expected comparison (`==`, `!=`, `<`, `<=`, `>` or `>=`) but found `=`"});
    CHECK(when("black_fields >= two") == lines{"2:24 E0101 expected integer but found `two`"});
    CHECK(when("clean_for >= 3") == lines{"2:21 E0101 expected duration (`3y`, `18m`, `90d`) but found `3`"});
    CHECK(when("subject enterprise") == lines{"2:16 E0101 expected `is` but found `enterprise`"});
    CHECK(when("contract_value") == lines{"3:1 E0101 expected comparison or `in` but found `}`"});
    CHECK(when("region in (\"a\"") == lines{"3:1 E0101 expected `)` but found `}`"});
    CHECK(when("x == ok") == lines{"2:13 E0101 expected number, string, date or duration but found `ok`"});
    CHECK(when("listed a and") == lines{"3:1 E0101 expected condition but found `}`"});
    CHECK(when("(listed a") == lines{"3:1 E0101 expected `)` but found `}`"});
    CHECK(when("5 > 3") == lines{"2:8 E0101 expected condition but found `5`"});
}

TEST_CASE("a property given twice points at both") {
    auto p = parse_text("list x \"n\" {\n  kind black\n  kind red\n}\n");
    REQUIRE(p.diags.items().size() == 1);
    const auto &d = p.diags.items()[0];
    CHECK(d.code == "E0102");
    CHECK(d.message == "`kind` is given twice");
    CHECK(p.sources.locate(d.primary).line == 3);
    CHECK(p.sources.locate(d.primary).column == 3);
    REQUIRE(d.secondary.size() == 1);
    CHECK(p.sources.locate(d.secondary[0].where).line == 2);
    CHECK(d.secondary[0].message == "`kind` is first given here");
    CHECK(diag::render(d, p.sources) ==
          "test.credo:3:3: error[E0102]: `kind` is given twice\n"
          " 3 |   kind red\n"
          "   |   ^~~~\n"
          "test.credo:2:3: note: `kind` is first given here\n"
          " 2 |   kind black\n"
          "   |   ^~~~\n"
          "help: each property may appear at most once in a declaration; remove one of them\n");
}

TEST_CASE("an impossible date is an error at the date") {
    CHECK(diagnostic_lines(parse_text("memorandum m \"t\" {\n  effective 2017-02-30\n}")) ==
          lines{"2:13 E0106 invalid date: `2017-02-30` is not a real date"});
    CHECK(diagnostic_lines(parse_text("rule r \"t\" { when signed == 2021-13-01 then escalate }")) ==
          lines{"1:29 E0106 invalid date: `2021-13-01` is not a real date"});
}

TEST_CASE("bad escapes are reported at the escape and parsing goes on") {
    CHECK(diagnostic_lines(parse_text("field f \"a\\qb\"\nrole r \"\\u{D800}\"\nrole s \"\\u{0}\"")) ==
          lines{"1:11 E0104 invalid escape `\\q` in string", "2:9 E0104 invalid escape `\\u{D800}` in string",
                "3:9 E0104 invalid escape `\\u{0}` in string"});
    CHECK(diagnostic_lines(parse_text("field f \"\\u{110000}\"")) ==
          lines{"1:10 E0104 invalid escape `\\u{110000}` in string"});
    CHECK(diagnostic_lines(parse_text("field f \"\\u{41\"")) == lines{"1:10 E0104 invalid escape `\\u` in string"});
}

TEST_CASE("an unterminated string points at its opening quote") {
    auto p = parse_text("field f \"abc\nrole r \"x\"\n");
    CHECK(diagnostic_lines(p) == lines{"1:9 E0105 unterminated string"});
    CHECK(p.file.declarations.size() == 1);  // recovery: `role r` still parses
    CHECK(diagnostic_lines(parse_text("field f \"a\\\"b")) == lines{"1:9 E0105 unterminated string"});
}

TEST_CASE("identifiers must be ASCII") {
    CHECK(diagnostic_lines(parse_text("field 税收 \"x\"")) ==
          lines{"1:7 E0103 identifier `税收` contains non-ASCII characters"});
    CHECK(diagnostic_lines(parse_text("field tax税 \"x\"")) ==
          lines{"1:7 E0103 identifier `tax税` contains non-ASCII characters"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" { kind black field 税务 }")) ==
          lines{"1:31 E0103 identifier `税务` contains non-ASCII characters"});
}

TEST_CASE("numbers and durations out of range") {
    CHECK(diagnostic_lines(parse_text("effect e \"x\" { kind punishment rank 12345678901 }")) ==
          lines{"1:37 E0107 number `12345678901` is out of range"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" { term 5000y }")) ==
          lines{"1:19 E0107 duration `5000y` is out of range"});
    CHECK(diagnostic_lines(parse_text("list x \"n\" { term 99999999999999999999d }")) ==
          lines{"1:19 E0107 duration `99999999999999999999d` is out of range"});
    CHECK(diagnostic_lines(parse_text("rule r \"t\" { when v > 12345678901234567 then escalate }")) ==
          lines{"1:23 E0107 number `12345678901234567` is out of range"});
    CHECK(diagnostic_lines(parse_text("rule r \"t\" { when black_fields > 9999999999 then escalate }")) ==
          lines{"1:34 E0107 number `9999999999` is out of range"});
}

TEST_CASE("recovery reports every error of a file and keeps the good declarations") {
    auto p = parse_text(
        "list a \"x\" {\n"
        "  kind blak\n"
        "}\n"
        "field ok \"fine\"\n"
        "memorandum m \"t\" {\n"
        "  document \"d\"\n"
        "  measure m.1 \"x\" {\n"
        "    efect prohibit\n"
        "  }\n"
        "  measure m.2 \"y\" {\n"
        "    effect prohibit\n"
        "    binding maybe\n"
        "  }\n"
        "}\n"
        "role r \"z\"\n");
    auto found = diagnostic_lines(p);
    REQUIRE(found.size() == 3);
    CHECK(found[0].starts_with("2:8 E0101 expected `black` or `red` but found `blak`"));
    CHECK(found[1].starts_with("8:5 E0101 expected `implementer`"));
    CHECK(found[2].starts_with("12:13 E0101 expected `mandatory` or `recommended` but found `maybe`"));
    REQUIRE(p.file.declarations.size() == 2);
    CHECK(std::holds_alternative<syntax::field_decl>(p.file.declarations[0]));
    CHECK(std::holds_alternative<syntax::role_decl>(p.file.declarations[1]));
}

TEST_CASE("after an error in a memorandum header its measures are still checked, then its `}` skipped") {
    auto p = parse_text(
        "memorandum m \"t\" {\n"
        "  effective soon\n"
        "  measure m.1 \"x\" { effect prohibit }\n"
        "  measure m.2 \"y\" { effect 2017-02-30 }\n"
        "}\n"
        "field f \"ok\"\n");
    auto found = diagnostic_lines(p);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == "2:13 E0101 expected date (`YYYY-MM-DD`) but found `soon`");
    CHECK(found[1] == "4:28 E0101 expected identifier but found `2017-02-30`");
    CHECK(p.file.declarations.size() == 1);
}

TEST_CASE("a syntax error renders with position, caret and message") {
    auto p = parse_text("list x \"名单\" {\n  kind blak\n}\n", "rules/tax.credo");
    REQUIRE(p.diags.items().size() == 1);
    CHECK(diag::render(p.diags.items()[0], p.sources) ==
          "rules/tax.credo:2:8: error[E0101]: expected `black` or `red` but found `blak`\n"
          " 2 |   kind blak\n"
          "   |        ^~~~\n");
}

TEST_CASE("errors stop after a limit so a garbage file gives a bounded report") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "list x \"n\" { kind 1 }\n";
    auto p = parse_text(text);
    CHECK(p.diags.error_count() == syntax::max_errors_per_file);
    CHECK(p.diags.items().back().code == "E0112");
}
