// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "diag/diagnostic.hpp"

using namespace credo::diag;

TEST_CASE("locations count lines from 1 and columns in code points") {
    source_map sources;
    auto f = sources.add("a.credo", "list x \"名单\" {\n  kind blak\n}\n");
    auto loc = sources.locate(f, 25);  // the `b` of `blak`; line 1 is 18 bytes
    CHECK(loc.path == "a.credo");
    CHECK(loc.line == 2);
    CHECK(loc.column == 8);
    CHECK(sources.locate(f, 16).column == 13);  // `{` after two 3-byte characters
    CHECK(sources.line_text(f, 2) == "  kind blak");
}

TEST_CASE("a rendered diagnostic shows the position, the source line, a caret and help") {
    source_map sources;
    auto f = sources.add("rules/tax.credo", "list x \"名单\" {\n  kind blak\n}\n");
    diagnostic d{severity::error, "E0201", "unknown list kind `blak`", span{f, 25, 29}, {}, "use `black` or `red`"};
    CHECK(render(d, sources) ==
          "rules/tax.credo:2:8: error[E0201]: unknown list kind `blak`\n"
          " 2 |   kind blak\n"
          "   |        ^~~~\n"
          "help: use `black` or `red`\n");
}

TEST_CASE("the caret sits under wide characters by code point") {
    source_map sources;
    auto f = sources.add("a.credo", "\"名单\" oops\n");
    diagnostic d{severity::warning, "W0001", "odd", span{f, 9, 13}, {}, std::nullopt};
    CHECK(render(d, sources) ==
          "a.credo:1:6: warning[W0001]: odd\n"
          " 1 | \"名单\" oops\n"
          "   |      ^~~~\n");
}

TEST_CASE("secondary labels render as notes with their own excerpt") {
    source_map sources;
    auto f = sources.add("a.credo", "list a\nlist a\n");
    diagnostic d{severity::error, "E0301", "duplicate id `a`", span{f, 12, 13}, {{span{f, 5, 6}, "first declared here"}},
                 std::nullopt};
    auto text = render(d, sources);
    CHECK(text.find("a.credo:2:6: error[E0301]: duplicate id `a`\n") == 0);
    CHECK(text.find("a.credo:1:6: note: first declared here\n 1 | list a\n   |      ^\n") != std::string::npos);
}

TEST_CASE("a very long line is cut around the column") {
    source_map sources;
    std::string line(100000, 'a');
    line[60000] = 'X';
    auto f = sources.add("long.credo", line);
    diagnostic d{severity::error, "E0100", "unexpected", span{f, 60000, 60001}, {}, std::nullopt};
    auto text = render(d, sources);
    CHECK(text.size() < 600);
    CHECK(text.find("long.credo:1:60001:") == 0);
    auto x_line = text.substr(text.find('\n') + 1);
    auto caret_line = x_line.substr(x_line.find('\n') + 1);
    CHECK(x_line.find('X') == caret_line.find('^'));
}

TEST_CASE("diagnostics sort by file and position and count by severity") {
    diagnostics ds;
    ds.warning("W1", span{0, 50, 51}, "later");
    ds.error("E1", span{0, 10, 11}, "earlier");
    ds.sort();
    CHECK(ds.items().front().code == "E1");
    CHECK(ds.error_count() == 1);
    CHECK(ds.warning_count() == 1);
    CHECK(ds.has_errors());
}
