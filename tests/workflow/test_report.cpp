// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "workflow/decisions.hpp"
#include "workflow/report.hpp"
#include "workflow_fixture.hpp"

using namespace credo;
using namespace credo::workflow_test;

namespace {

date d(int y, unsigned m, unsigned day) { return date::from_ymd(y, m, day); }

// A quarter with something in every chart: 3 checks (2 scenarios, 2 queriers), one measure
// applied, one overdue, objections, listings in two fields.
void build(world &w) {
    auto db = w.open();
    auto e1 = w.list(db, "test_tax", org1, "2026-07-01", "税〔2026〕1号");
    w.list(db, "test_food", person1, "2026-08-10", "食〔2026〕1号");
    auto add = [&](const std::string &at, const std::string &querier, const std::string &scenario, date as_of,
                   const std::string &verdict) {
        store::check_record c;
        c.at = at;
        c.querier = querier;
        c.subject_id = org1;
        c.scenario = scenario;
        c.as_of = as_of;
        c.verdict = verdict;
        c.rules_version = "test";
        c.decision_digest = "-";
        db.append_check(c);
    };
    add("2026-07-01T02:00:00.000Z", "自然资源局", "public_bidding", d(2026, 7, 1), "restrict");
    add("2026-07-02T02:00:00.000Z", "自然资源局", "public_bidding", d(2026, 7, 2), "restrict");
    add("2026-08-01T03:00:00.000Z", "发展改革委", "bond_issuance", d(2026, 8, 1), "strict_review");
    *w.clock = "2026-07-03T01:00:00.000Z";
    REQUIRE(db.record_feedback({1, "memo_tax.01", "自然资源局", store::feedback_outcome::applied, ""}));
    REQUIRE(db.record_feedback({2, "memo_tax.01", "自然资源局", store::feedback_outcome::applied, ""}));
    auto o = db.open_objection(e1, d(2026, 7, 5), "甲", "异议");
    REQUIRE(db.resolve_objection(*o, store::objection_status::dismissed, d(2026, 7, 15), "税务局", "驳回"));
}

workflow::report_options options(const world &w, workflow::report_format format) {
    workflow::report_options o;
    o.quarter = *workflow::parse_quarter("2026Q3");
    o.format = format;
    o.rules_dir = w.rules_dir;
    o.calendar_dir = CREDO_SOURCE_DIR "/rules/calendar";
    o.today = d(2026, 10, 5);
    return o;
}

// Bars per chart id in an HTML document (as written or as the browser serialised it).
std::map<std::string, int> bars_per_chart(const std::string &html) {
    std::map<std::string, int> out;
    std::size_t pos = 0;
    while ((pos = html.find("<svg", pos)) != std::string::npos) {
        auto end = html.find("</svg>", pos);
        REQUIRE(end != std::string::npos);
        auto id_at = html.find("id=\"", pos);
        std::string id = html.substr(id_at + 4, html.find('"', id_at + 4) - id_at - 4);
        std::string body = html.substr(pos, end - pos);
        int n = 0;
        for (std::size_t b = 0; (b = body.find("<rect class=\"bar\"", b)) != std::string::npos; ++b) ++n;
        out[id] = n;
        pos = end;
    }
    return out;
}

const std::map<std::string, int> expected_bars = {
    {"checks-by-scenario", 2}, {"checks-by-querier", 2},     {"applied-by-implementer", 1},
    {"applied-by-memorandum", 1}, {"overdue-by-department", 1}, {"objections", 3},
    {"listings-by-month", 3},  {"listings-by-field", 2},
};

std::string chromium() {
    for (const char *p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
        if (std::filesystem::exists(p)) return p;
    }
    return {};
}

std::vector<std::string> chromium_flags(const std::string &profile) {
    return {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile};
}

}  // namespace

TEST_CASE("the HTML report is self-contained, names the due date and the departments behind on feedback") {
    world w;
    build(w);
    auto db = w.open();
    auto path = w.dir.file("report.html");
    auto written = workflow::write_quarterly_report(db, w.rules.get(), options(w, workflow::report_format::html), path);
    CHECK(written.due == d(2026, 10, 6));
    auto html = test::read_file(path);
    CHECK(html.find("report due: 2026-10-06") != std::string::npos);
    auto behind = html.find("id=\"behind\"");
    REQUIRE(behind != std::string::npos);
    CHECK(html.find("<li>发展改革委 (1)</li>", behind) != std::string::npos);
    // Nothing to fetch: no scripts, links, images or external styles.
    for (const char *bad : {"<script", "src=", "href=", "@import", "url("}) CHECK(html.find(bad) == std::string::npos);
    CHECK(bars_per_chart(html) == expected_bars);
}

TEST_CASE("the Markdown report has the same figures in tables") {
    world w;
    build(w);
    auto db = w.open();
    auto path = w.dir.file("report.md");
    workflow::write_quarterly_report(db, w.rules.get(), options(w, workflow::report_format::markdown), path);
    auto md = test::read_file(path);
    CHECK(md.find("**报送截止 report due: 2026-10-06**") != std::string::npos);
    CHECK(md.find("- 发展改革委 (1)\n") != std::string::npos);
    CHECK(md.find("| public\\_bidding | 2 |") != std::string::npos);
    CHECK(md.find("| 2026-09 | 0 |") != std::string::npos);
}

TEST_CASE("the Markdown report shows data as text: HTML, Markdown and control characters are escaped") {
    world w;
    build(w);
    {
        auto db = w.open();
        store::check_record c;
        c.at = "2026-07-04T02:00:00.000Z";
        c.querier = "# <script>alert(1)</script> *x* [a](http://e) \x1b[31m|";
        c.subject_id = org1;
        c.scenario = "public_bidding";
        c.as_of = d(2026, 7, 4);
        c.verdict = "restrict";
        c.rules_version = "test";
        c.decision_digest = "-";
        db.append_check(c);
    }
    auto db = w.open();
    auto path = w.dir.file("report.md");
    workflow::write_quarterly_report(db, w.rules.get(), options(w, workflow::report_format::markdown), path);
    auto md = test::read_file(path);
    CHECK(md.find("| \\# &lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](http://e) \xEF\xBF\xBD\\[31m\\| | 1 |") !=
          std::string::npos);
    CHECK(md.find("<script>") == std::string::npos);
    CHECK(md.find('\x1b') == std::string::npos);
}

TEST_CASE("credo report writes the file and says where and when it is due") {
    world w;
    build(w);
    auto out = w.dir.file("r.html");
    auto r = test::run_credo({"report", "--db", w.db_path, "--rules", w.rules_dir, "--calendar",
                              CREDO_SOURCE_DIR "/rules/calendar", "--quarter", "2026Q3", "--out", out, "--today",
                              "2026-10-05"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "wrote the html report for 2026Q3 to " + out + " (due 2026-10-06)\n");
    CHECK(bars_per_chart(test::read_file(out)) == expected_bars);
    auto bad = test::run_credo({"report", "--db", w.db_path, "--rules", w.rules_dir, "--quarter", "Q3", "--out", out});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "credo: --quarter: `Q3` is not a quarter; write it like `2026Q3`\n");
}

TEST_CASE("the HTML report renders in headless Chromium with every chart and the right number of bars") {
    auto browser = chromium();
    REQUIRE_MESSAGE(!browser.empty(), "chromium is not installed (./x setup installs Debian's `chromium`)");
    world w;
    build(w);
    auto db = w.open();
    auto path = std::filesystem::absolute(w.dir.file("report.html")).string();
    workflow::write_quarterly_report(db, w.rules.get(), options(w, workflow::report_format::html), path);

    auto args = chromium_flags(w.dir.file("profile-dom"));
    args.push_back("--dump-dom");
    args.push_back("file://" + path);
    auto dom = test::run_process(browser, args);
    REQUIRE_MESSAGE(dom.exit_code == 0, dom.err);
    // The DOM as the browser parsed it: every chart survived parsing with all its bars.
    CHECK(dom.out.find("report due: 2026-10-06") != std::string::npos);
    CHECK(bars_per_chart(dom.out) == expected_bars);

    auto png = std::string(CREDO_BINARY_DIR) + "/workflow_report.png";
    std::filesystem::remove(png);
    auto shot = chromium_flags(w.dir.file("profile-shot"));
    shot.push_back("--hide-scrollbars");
    shot.push_back("--window-size=1100,2600");
    shot.push_back("--screenshot=" + png);
    shot.push_back("file://" + path);
    auto s = test::run_process(browser, shot);
    CHECK_MESSAGE(s.exit_code == 0, s.err);
    CHECK(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 10000);
}
