// SPDX-License-Identifier: Apache-2.0
// `credo demo`: the main job a new user runs first. Validates identifiers, loads the sample data
// of examples/data into a fresh database, runs must-query checks across scenarios, records an
// implementer's feedback and writes the quarterly report.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "credo/engine.hpp"
#include "credo/ids.hpp"
#include "decision_text.hpp"
#include "rules_option.hpp"
#include "store/csv.hpp"
#include "store/import.hpp"
#include "store_options.hpp"
#include "workflow/feedback.hpp"
#include "workflow_options.hpp"
#include "workflow/report.hpp"

namespace credo::cli {
namespace {

namespace fs = std::filesystem;

struct demo_args {
    std::string dir = "credo-demo";
    std::string rules;
    std::string data;
};

struct sample_id {
    const char *code;
    const char *what;
};

void show_identifiers() {
    // Real, published codes of well-known organisations, a textbook resident ID, and mistakes of
    // the kinds an operator makes when typing them.
    const sample_id samples[] = {
        {"914403001922038216", "华为技术有限公司"},
        {"92371000MA3MXH0E3W", "an individual business"},
        {"９１１１０１０８５５１３８５０８２ｑ", "小米, typed full-width and lower case"},
        {"11010519491231002X", "the GB 11643 example ID"},
        {"110105491231002", "a legacy 15-digit ID"},
        {"91350100M000100Y4X", "a wrong check character"},
        {"110105199002301231", "born on 30 February"},
        {"9144030071526726XO", "the letter O"},
    };
    std::cout << "== 1. identifiers (GB 32100-2015, GB 11643-1999)\n\n";
    for (const auto &s : samples) {
        auto r = ids::validate(s.code);
        std::string shown = ids::mask(r.normalized.empty() ? std::string(s.code) : r.normalized);
        std::cout << fmt::format("  {:<20} {:<34} ", shown, s.what);
        if (r.valid) std::cout << fmt::format("valid {}\n", ids::to_string(*r.kind));
        else std::cout << fmt::format("invalid: {}\n", r.reason);
    }
}

std::string sample_data_dir(const std::string &option) {
    if (!option.empty()) return option;
    if (fs::exists("examples/data/lists")) return "examples/data";
    return std::string(CREDO_SOURCE_DIR) + "/examples/data";
}

std::string read_text(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error(fmt::format("cannot read {}", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// examples/data/lifecycle.csv names each entry by its identity (list, subject, listed_on,
// document) and says whether an objection was filed against it or it was repaired.
void apply_lifecycle(store::store &db, const store::catalog &catalog, const fs::path &path) {
    std::string text = read_text(path);
    store::csv_reader reader(text);
    std::vector<std::string_view> fields;
    std::vector<std::string> header;
    while (true) {
        auto outcome = reader.next(fields);
        if (outcome == store::csv_reader::outcome::end) break;
        if (outcome == store::csv_reader::outcome::malformed) {
            throw usage_error(fmt::format("{}:{}: {}", path.string(), reader.record_line(), reader.error()));
        }
        if (header.empty()) {
            header.assign(fields.begin(), fields.end());
            continue;
        }
        auto field = [&](std::string_view name) -> std::string {
            for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) {
                if (header[i] == name) return std::string(fields[i]);
            }
            throw usage_error(fmt::format("{}:{}: no column `{}`", path.string(), reader.record_line(), name));
        };
        auto entries = db.entries_of(field("subject_id"));
        auto entry = std::find_if(entries.begin(), entries.end(), [&](const store::entry &e) {
            return e.list_id == field("list_id") && e.listed_on.to_string() == field("listed_on") &&
                   e.document == field("document");
        });
        if (entry == entries.end()) {
            throw usage_error(fmt::format("{}:{}: no such entry", path.string(), reader.record_line()));
        }
        date on = *date::parse(field("on"));
        if (field("action") == "objection") {
            auto opened = db.open_objection(entry->id, on, field("by"), field("text"));
            if (!opened) throw usage_error(opened.error());
            std::cout << fmt::format("  objection {} filed against entry {} on {}\n", *opened, entry->id, on.to_string());
        } else {
            auto repaired = db.record_repair(catalog, entry->id, on, field("text"), field("approved_by"));
            if (!repaired) throw usage_error(repaired.error());
            std::cout << fmt::format("  entry {} repaired on {}\n", entry->id, on.to_string());
        }
    }
}

void load_sample_data(const std::string &db_path, const std::string &data_dir, const store::catalog &catalog) {
    auto db = store::store::open(db_path);
    std::vector<fs::path> list_files;
    for (const auto &file : fs::directory_iterator(fs::path(data_dir) / "lists")) list_files.push_back(file.path());
    std::sort(list_files.begin(), list_files.end());
    store::import_options options;
    options.strict = true;
    options.by = "credo demo";
    for (const auto &file : list_files) {
        auto summary = store::import_list(db, catalog, file.stem().string(), file.string(), options);
        if (!summary) throw usage_error(summary.error());
        std::cout << fmt::format("  {:<28} {} entries\n", file.stem().string(), summary->inserted);
    }
    auto relations = store::import_relations(db, catalog, (fs::path(data_dir) / "relations.csv").string(), options);
    if (!relations) throw usage_error(relations.error());
    std::cout << fmt::format("  {:<28} {} relations\n", "relations", relations->inserted);
    apply_lifecycle(db, catalog, fs::path(data_dir) / "lifecycle.csv");
}

struct demo_query {
    const char *subject;
    const char *scenario;
    const char *as_of;  // nullptr: today
    const char *story;
};

int run_demo(const demo_args &args) {
    show_identifiers();

    std::string rules_dir = rules_directory(args.rules);
    if (!fs::exists(rules_dir) && args.rules.empty()) rules_dir = std::string(CREDO_SOURCE_DIR) + "/rules";
    auto rules = load_rules_or_throw(rules_dir);
    std::string data_dir = sample_data_dir(args.data);
    fs::create_directories(args.dir);
    std::string db_path = (fs::path(args.dir) / "demo.db").string();
    // A fresh database each run, so the demo always tells the same story.
    for (const char *suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);

    std::cout << fmt::format("\n== 2. the sample data ({}) into {}\n\n", data_dir, db_path);
    load_sample_data(db_path, data_dir, catalog_from_rules(*rules));

    engine_options options;
    options.rules_dir = rules_dir;
    options.db_path = db_path;
    auto opened = engine::open(options);
    if (!opened) throw usage_error(opened.error().message);
    engine &checks = *opened;

    const demo_query queries[] = {
        {"91410922MA3X5K7P36", "public_bidding", nullptr,
         "a firm on the tax and the market-regulation black lists bids for a public project"},
        {"410922197503120510", "corporate_office", nullptr,
         "its legal representative wants to become a director elsewhere"},
        {"91410900MA4A6C2NXP", "government_procurement", "2024-06-01",
         "a supplier whose listing is under objection, as of 2024-06-01"},
        {"914109001724590372", "administrative_licensing", nullptr, "an A-level taxpayer and integrity model applies for a licence"},
        {"410901196811090177", "air_travel", nullptr, "a dishonest judgment debtor books a flight"},
        {"92410922MA45F0CX7E", "daily_supervision", "2025-06-01", "a food shop before its credit repair"},
        {"92410922MA45F0CX7E", "daily_supervision", nullptr, "the same shop after its repair"},
        {"914403001922038216", "public_bidding", nullptr, "a firm the county has never listed"},
    };
    std::cout << "\n== 3. must-query checks (应查必查)\n";
    decision d;
    std::optional<std::int64_t> first_check;
    std::string first_measure;
    std::string first_implementer;
    for (const auto &q : queries) {
        query qq;
        qq.subject = q.subject;
        qq.scenario = q.scenario;
        if (q.as_of) qq.as_of = date::parse(q.as_of);
        qq.querier = "县公共资源交易中心";
        std::cout << fmt::format("\n-- {}\n", q.story);
        if (auto s = checks.check(qq, d); !s) throw usage_error(s.error().message);
        std::cout << decision_text(d, false);
        if (!first_check && d.check_id && !d.measures.empty()) {
            first_check = d.check_id;
            first_measure = d.measures.front().measure;
            // The decision joins a measure's implementers with `、`; feedback comes from one of them.
            const std::string &implementers = d.measures.front().implementer;
            first_implementer = implementers.substr(0, implementers.find("、"));
        }
    }
    if (auto flushed = checks.flush_audit(); !flushed) throw usage_error(flushed.error().message);

    std::cout << "\n== 4. implementer feedback (执行反馈) and the quarterly report (跟踪问效)\n\n";
    auto db = store::store::open(db_path);
    if (first_check) {
        store::feedback_record feedback;
        feedback.check_id = *first_check;
        feedback.measure_id = first_measure;
        feedback.implementer = first_implementer;
        feedback.outcome = store::feedback_outcome::applied;
        feedback.note = "投标资格审查时已限制";
        auto departments = load_departments_or_throw(rules_dir, *rules);
        // The county department that acts for the memorandum's implementer reports (departments.csv).
        if (auto county = departments.acting_for(first_implementer); !county.empty()) feedback.implementer = county.front();
        auto recorded = workflow::record_feedback(db, *rules, departments, feedback);
        if (!recorded) throw usage_error(recorded.error());
        std::cout << fmt::format("  feedback on check {}: {} applied, reported by {}\n", *first_check, first_measure,
                                 feedback.implementer);
    }
    auto audit = db.verify_audit();
    std::cout << fmt::format("  audit trail: {} checks, hash chain {}\n", audit.rows, audit.ok ? "intact" : "BROKEN");

    date today = date::today();
    workflow::report_options report;
    report.quarter = workflow::quarter{today.year(), static_cast<int>((today.month() - 1) / 3 + 1)};
    report.rules_dir = rules_dir;
    report.calendar_dir = (fs::path(rules_dir) / "calendar").string();
    std::string report_path = (fs::path(args.dir) / fmt::format("report-{}.html", report.quarter.to_string())).string();
    auto written = workflow::write_quarterly_report(db, rules.get(), report, report_path);
    std::cout << fmt::format("\nquarterly report for {} (due {}) written to {}\n", report.quarter.to_string(),
                             written.due.to_string(), fs::absolute(written.path).string());
    return exit_ok;
}

void add_demo_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<demo_args>();
    auto *cmd = app.add_subcommand("demo", "show credo at work on the sample data");
    cmd->add_option("--dir", args->dir, "where the demo database and report go (default ./credo-demo)");
    cmd->add_option("--rules", args->rules, "the rule set (default $CREDO_RULES, else ./rules)");
    cmd->add_option("--data", args->data, "the sample data folder (default examples/data)");
    cmd->callback([args, &ctx] { ctx.result = run_demo(*args); });
}

const command_registration registration{"demo", add_demo_command};

}  // namespace
}  // namespace credo::cli
