// SPDX-License-Identifier: Apache-2.0
// The canonical formatter: layout, comments, idempotence, and meaning kept through a round trip.
#include <doctest/doctest.h>

#include "support.hpp"
#include "support/process.hpp"

using namespace credo;
using credo::test::format_text;
using credo::test::parse_text;

namespace {

void check_round_trip(const std::string &text) {
    auto first = parse_text(text);
    REQUIRE_MESSAGE(!first.diags.has_errors(), test::all_rendered(first));
    std::string once = syntax::format(first.file, first.sources);
    auto second = parse_text(once);
    REQUIRE_MESSAGE(!second.diags.has_errors(), once, test::all_rendered(second));
    CHECK(syntax::same_meaning(first.file, second.file));
    CHECK(syntax::format(second.file, second.sources) == once);
}

}  // namespace

TEST_CASE("the formatter puts properties in table order, one a line, with 2-space indentation") {
    CHECK(format_text("list   x \"n\" {  basis \"b\" term 3y subjects person,enterprise initiator \"i\",\"j\" field "
                      "tax kind black }") ==
          "list x \"n\" {\n"
          "  kind black\n"
          "  field tax\n"
          "  initiator \"i\", \"j\"\n"
          "  subjects person, enterprise\n"
          "  term 3y\n"
          "  basis \"b\"\n"
          "}\n");
}

TEST_CASE("a memorandum prints a blank line before each measure") {
    CHECK(format_text("memorandum m \"t\" { replaces old effective 2016-12-30 until 2020-01-01 targets a document "
                      "\"d\" measure m.1 \"x\" { binding mandatory effect restrict scenarios land_supply implementer "
                      "\"i\" when subject is enterprise applies_to all term 2y effective 2017-01-01 basis \"b\" } "
                      "measure m.2 \"y\" {} }") ==
          "memorandum m \"t\" {\n"
          "  document \"d\"\n"
          "  targets a\n"
          "  effective 2016-12-30 until 2020-01-01\n"
          "  replaces old\n"
          "\n"
          "  measure m.1 \"x\" {\n"
          "    implementer \"i\"\n"
          "    scenarios land_supply\n"
          "    effect restrict\n"
          "    binding mandatory\n"
          "    basis \"b\"\n"
          "    when subject is enterprise\n"
          "    term 2y\n"
          "    applies_to all\n"
          "    effective 2017-01-01\n"
          "  }\n"
          "\n"
          "  measure m.2 \"y\" {}\n"
          "}\n");
}

TEST_CASE("top-level declarations are separated by one blank line, except runs of one-line vocabulary") {
    CHECK(format_text("\n\nrole a \"A\" {}\nrole b \"B\"\n\n\n\neffect e \"E\" { rank 1 kind incentive }") ==
          "role a \"A\"\n"
          "role b \"B\"\n"
          "\n"
          "effect e \"E\" {\n"
          "  kind incentive\n"
          "  rank 1\n"
          "}\n");
}

TEST_CASE("strings are re-escaped canonically") {
    CHECK(format_text("field f \"a\\u{22}b\\u{9}\\u{4E2D}\\u{7F}\ttab\\\\\"") == "field f \"a\\\"b\\t中\\u{7F}\\ttab\\\\\"\n");
}

TEST_CASE("conditions print with the fewest parentheses that keep their tree") {
    auto when = [](const std::string &c) {
        std::string out = format_text("rule r \"t\" { when " + c + " }");
        auto start = out.find("when ") + 5;
        return out.substr(start, out.find('\n', start) - start);
    };
    CHECK(when("((listed a))") == "listed a");
    CHECK(when("(listed a and listed b) or listed c") == "listed a and listed b or listed c");
    CHECK(when("listed a and (listed b or listed c)") == "listed a and (listed b or listed c)");
    CHECK(when("not (listed a or listed b)") == "not (listed a or listed b)");
    CHECK(when("not not listed a") == "not not listed a");
    CHECK(when("(true or false) or true") == "(true or false) or true");
    CHECK(when("x in (1,2)  and credit_rating in(\"A\")") == "x in (1, 2) and credit_rating in (\"A\")");
    CHECK(when("reached as a,b and has v and clean_for>=3y and black_fields>2") ==
          "reached as a, b and has v and clean_for >= 3y and black_fields > 2");
    CHECK(when("v<=-0.50 or d!=2020-01-01 or credit_rating==\"B\"") ==
          "v <= -0.50 or d != 2020-01-01 or credit_rating == \"B\"");
}

TEST_CASE("comments stay with the declaration or property that follows, or at the end of their line") {
    CHECK(format_text("# file header\n"
                      "list x \"n\" {   # about x\n"
                      "  # the field\n"
                      "  field tax   # trailing field\n"
                      "  kind black\n"
                      "  # at the end\n"
                      "}  # after x\n"
                      "# before role\n"
                      "role r \"R\"  # role trailing\n"
                      "# last\n") ==
          "# file header\n"
          "list x \"n\" {  # about x\n"
          "  kind black\n"
          "  # the field\n"
          "  field tax  # trailing field\n"
          "  # at the end\n"
          "}  # after x\n"
          "\n"
          "# before role\n"
          "role r \"R\"  # role trailing\n"
          "\n"
          "# last\n");
}

TEST_CASE("comments inside a measure and inside a multi-line condition are kept") {
    CHECK(format_text("rule r \"t\" {\n"
                      "  when listed a  # one\n"
                      "    or listed b  # two\n"
                      "  then escalate\n"
                      "  # before the measure\n"
                      "  measure m \"x\" {\n"
                      "    effect e  # e\n"
                      "  }\n"
                      "}\n") ==
          "rule r \"t\" {\n"
          "  # one\n"
          "  when listed a or listed b  # two\n"
          "  then escalate\n"
          "\n"
          "  # before the measure\n"
          "  measure m \"x\" {\n"
          "    effect e  # e\n"
          "  }\n"
          "}\n");
}

TEST_CASE("a blank line after a comment is kept, so a file header stays apart") {
    CHECK(format_text("# header\n\n\n# about x\nlist x \"n\" {\n  # k\n\n  kind black\n  # end\n\n}\nrole a \"A\"\n"
                      "# about b\nrole b \"B\"\nrole c \"C\"\n") ==
          "# header\n"
          "\n"
          "# about x\n"
          "list x \"n\" {\n"
          "  # k\n"
          "\n"
          "  kind black\n"
          "  # end\n"
          "}\n"
          "\n"
          "role a \"A\"\n"
          "\n"
          "# about b\n"
          "role b \"B\"\n"
          "role c \"C\"\n");
}

TEST_CASE("a file of comments only keeps them") {
    CHECK(format_text("# a\n\n   # b\n") == "# a\n\n# b\n");
    CHECK(format_text("") == "");
}

TEST_CASE("formatting is idempotent and keeps the meaning") {
    check_round_trip("list x \"n\" { kind black field tax initiator \"a\" subjects person term 3y basis \"b\" }");
    check_round_trip("rule r \"t\" { when not (a == 1 or b in (\"x\", 2y)) and (true or false) or has c then escalate,"
                     " grant measure m \"x\" { effect e } }  # t\n# end");
    check_round_trip("scenario s \"场景\" {\n# inside\n}\nfield f \"x\" # c\n");
    check_round_trip("effect e \"x\" { kind punishment # k\n rank 3 } # e\n");
    check_round_trip("list x # a\n \"n\" # b\n { # c\n kind # d\n black # e\n } # f\n");
}

TEST_CASE("the shipped rule files and the reference examples survive a round trip") {
    std::string doc = test::read_file(std::string(CREDO_SOURCE_DIR) + "/docs/rule-language.md");
    std::size_t pos = 0;
    while ((pos = doc.find("```credo\n", pos)) != std::string::npos) {
        pos += 9;
        auto end = doc.find("```", pos);
        check_round_trip(doc.substr(pos, end - pos));
        pos = end + 3;
    }
}
