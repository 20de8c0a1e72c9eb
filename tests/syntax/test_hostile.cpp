// SPDX-License-Identifier: Apache-2.0
// Hostile input never crashes or hangs the parser; each gets a clear diagnostic.
#include <chrono>
#include <doctest/doctest.h>

#include "support.hpp"

using namespace credo;
using credo::test::diagnostic_lines;
using credo::test::parse_text;

using lines = std::vector<std::string>;

TEST_CASE("invalid UTF-8 is reported at its byte and nothing is parsed") {
    auto p = parse_text("field tax \"税\xE6\x94\"\nrole r \"x\"\n");
    CHECK(diagnostic_lines(p) == lines{"1:13 E0109 invalid UTF-8 at byte 14"});
    CHECK(p.file.declarations.empty());
    CHECK(diagnostic_lines(parse_text("\xFF")) == lines{"1:1 E0109 invalid UTF-8 at byte 0"});
    CHECK(diagnostic_lines(parse_text("field f \"\xED\xA0\x80\"")) == lines{"1:10 E0109 invalid UTF-8 at byte 9"});
}

TEST_CASE("a NUL byte is reported and nothing is parsed") {
    auto p = parse_text(std::string("field f \"a\"\nrole r \"x\0\"", 23));
    CHECK(diagnostic_lines(p) == lines{"2:10 E0110 file contains a NUL byte at byte 21"});
    CHECK(p.file.declarations.empty());
}

TEST_CASE("control characters outside strings are syntax errors shown escaped") {
    CHECK(diagnostic_lines(parse_text("field f \"a\"\x01")) ==
          lines{"1:12 E0101 expected `list`, `memorandum`, `rule`, `scenario`, `effect`, `role`, `subject_kind`, "
                "`field` or `attribute` but found `\\u{1}`"});
}

TEST_CASE("10,000 nested parentheses stop at the nesting limit without exhausting the stack") {
    std::string deep = "rule r \"t\" { when " + std::string(10000, '(') + "true" + std::string(10000, ')') +
                       " then escalate }\nfield after \"ok\"\n";
    auto p = parse_text(deep);
    auto found = diagnostic_lines(p);
    REQUIRE(found.size() == 1);
    CHECK(found[0] == "1:219 E0108 condition is nested more than 200 levels deep");
    CHECK(p.file.declarations.size() == 1);  // the next line still parses
}

TEST_CASE("10,000 chained `not`s stop at the nesting limit too") {
    std::string text = "rule r \"t\" { when ";
    for (int i = 0; i < 10000; ++i) text += "not ";
    text += "true then escalate }";
    auto found = diagnostic_lines(parse_text(text));
    REQUIRE(found.size() == 1);
    CHECK(found[0].ends_with("E0108 condition is nested more than 200 levels deep"));
}

TEST_CASE("nesting up to the limit is accepted") {
    std::string text = "rule r \"t\" { when " + std::string(199, '(') + "true" + std::string(199, ')') + " then escalate }";
    auto p = parse_text(text);
    CHECK_MESSAGE(!p.diags.has_errors(), test::all_rendered(p));
}

TEST_CASE("a 10 MB line is parsed in linear time") {
    auto start = std::chrono::steady_clock::now();
    std::string basis(10 * 1024 * 1024, 'a');
    auto p = parse_text("list x \"n\" { basis \"" + basis + "\" }\n");
    CHECK(!p.diags.has_errors());
    auto garbage = parse_text("field f \"x\" " + std::string(10 * 1024 * 1024, 'z'));
    CHECK(diagnostic_lines(garbage).size() == 1);
    auto comment = parse_text("# " + basis + "\nfield f \"x\"");
    CHECK(!comment.diags.has_errors());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("a huge file of many declarations parses") {
    std::string text;
    for (int i = 0; i < 50000; ++i) text += "role r" + std::to_string(i) + " \"角色\"\n";
    auto p = parse_text(text);
    CHECK(!p.diags.has_errors());
    CHECK(p.file.declarations.size() == 50000);
}

TEST_CASE("a file over the size limit is refused with a diagnostic") {
    auto p = parse_text(std::string(syntax::max_file_size + 1, ' '));
    CHECK(diagnostic_lines(p) == lines{"1:1 E0111 file is larger than 64 MiB"});
}

TEST_CASE("an unterminated string at the end of the file and a lone backslash") {
    CHECK(diagnostic_lines(parse_text("field f \"")) == lines{"1:9 E0105 unterminated string"});
    CHECK(diagnostic_lines(parse_text("field f \"\\")) == lines{"1:9 E0105 unterminated string"});
}

TEST_CASE("truncated input at every byte never crashes") {
    std::string text =
        "memorandum tax_2016 \"备忘录\" {\n  document \"d\\u{4E2D}\"\n  effective 2016-12-30 until 2020-01-01\n"
        "  measure a.1 \"x\" {\n    when not (listed any black or black_fields >= 2) and x in (1, \"a\")\n"
        "    effect restrict\n  }\n}\n";
    for (std::size_t n = 0; n <= text.size(); ++n) {
        auto p = parse_text(text.substr(0, n));
        (void)syntax::format(p.file, p.sources);
    }
    CHECK(true);
}
