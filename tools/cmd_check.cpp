// SPDX-License-Identifier: Apache-2.0
// `credo check`: one must-query check (or a file of them) against the rules and the store.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "credo/engine.hpp"
#include "credo/ids.hpp"
#include "decision_text.hpp"
#include "rules_option.hpp"

namespace credo::cli {
namespace {

struct check_args {
    std::string db;
    std::string rules;
    std::string subject;
    std::string scenario;
    std::string at;
    std::string querier;
    std::vector<std::string> attrs;
    std::string batch;
    bool json = false;
    bool no_audit = false;
    std::string audit_mode = "durable";
    bool show_ids = false;
    bool lenient = false;
};

std::optional<date> parse_at(const std::string &text, std::string &why) {
    if (text.empty()) return std::nullopt;
    auto d = date::parse(text, &why);
    if (!d) why = fmt::format("`{}` is not a date: {}", text, why);
    return d;
}

// The decision's JSON with the engine's audit mode added as the last key, `audit_mode`:
// `durable`, `batched` or `off` (the decision's own keys keep their order).
std::string decision_json(const engine &e, const decision &d) {
    std::string json = d.to_json();
    json.pop_back();  // the closing brace
    json += fmt::format(R"(,"audit_mode":"{}"}})", e.audit_mode());
    return json;
}

std::string error_json(std::size_t line, const error_info &e) {
    nlohmann::ordered_json j;
    j["line"] = line;
    j["error"] = {{"code", std::string(to_string(e.code))}, {"message", e.message}};
    return j.dump();
}

// One line of a batch file: a JSON object or CSV `subject,scenario,at,querier`.
int run_batch(const engine &e, const check_args &args) {
    std::ifstream file;
    std::istream *in = &std::cin;
    if (args.batch != "-") {
        file.open(args.batch);
        if (!file) throw usage_error(fmt::format("cannot read `{}`", args.batch));
        in = &file;
    }
    std::string line;
    std::size_t number = 0;
    std::size_t bad = 0;
    decision d;
    // A batch may be a pipe that never ends (checks streamed in), but not a line that never
    // ends: /dev/zero would otherwise fill memory before the first newline.
    constexpr std::size_t max_line = std::size_t{1} << 20;
    auto next_line = [&] {
        line.clear();
        auto *buffer = in->rdbuf();
        for (int c; (c = buffer->sbumpc()) != std::char_traits<char>::eof();) {
            if (c == '\n') return true;
            if (line.size() == max_line) {
                throw usage_error(fmt::format("{}:{}: the line is longer than {} bytes; a batch has one check a line",
                                              args.batch == "-" ? "stdin" : args.batch, number + 1, max_line));
            }
            line += static_cast<char>(c);
        }
        return !line.empty();
    };
    while (next_line()) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos || line.front() == '#') continue;
        query q;
        std::vector<query_attribute> attributes;
        nlohmann::json parsed;
        std::vector<std::string> fields;
        std::string at;
        auto fail = [&](error_code code, std::string message) {
            ++bad;
            error_info err;
            err.code = code;
            err.message = std::move(message);
            std::cout << error_json(number, err) << '\n';
        };
        if (line.front() == '{') {
            parsed = nlohmann::json::parse(line, nullptr, false);
            if (parsed.is_discarded() || !parsed.is_object()) {
                fail(error_code::invalid_argument, "not a JSON object");
                continue;
            }
            auto text = [&](const char *key) -> std::string_view {
                auto it = parsed.find(key);
                return it != parsed.end() && it->is_string() ? std::string_view(it->get_ref<const std::string &>())
                                                             : std::string_view();
            };
            q.subject = text("subject");
            q.scenario = text("scenario");
            q.querier = text("querier").empty() ? std::string_view(args.querier) : text("querier");
            at = std::string(text("at").empty() ? text("as_of") : text("at"));
            // Every attribute is passed on or the line is refused: a value silently dropped would
            // answer a different question than the one asked.
            std::string refused;
            if (auto it = parsed.find("attributes"); it != parsed.end() && !it->is_null()) {
                if (!it->is_object()) {
                    refused = "attributes: expected an object of key: value";
                } else {
                    for (auto a = it->begin(); a != it->end() && refused.empty(); ++a) {
                        if (a->is_number()) attributes.push_back({a.key(), a->get<double>()});
                        else if (a->is_string()) attributes.push_back({a.key(), std::string_view(a->get_ref<const std::string &>())});
                        // A boolean attribute takes the words `true` and `false` (docs/rule-language.md).
                        else if (a->is_boolean()) attributes.push_back({a.key(), std::string_view(a->get<bool>() ? "true" : "false")});
                        else refused = fmt::format("attributes.{}: expected a number, a string or a boolean, not {}", a.key(), a->type_name());
                    }
                }
            }
            if (!refused.empty()) {
                fail(error_code::invalid_argument, refused);
                continue;
            }
        } else {
            std::size_t start = 0;
            for (;;) {
                auto comma = line.find(',', start);
                fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            if (fields[0] == "subject") continue;  // a header line
            if (fields.size() < 2 || fields.size() > 4) {
                fail(error_code::invalid_argument, "expected `subject,scenario[,at[,querier]]`");
                continue;
            }
            q.subject = fields[0];
            q.scenario = fields[1];
            if (fields.size() > 2) at = fields[2];
            q.querier = fields.size() > 3 && !fields[3].empty() ? std::string_view(fields[3]) : std::string_view(args.querier);
        }
        std::string why;
        q.as_of = parse_at(at, why);
        if (!at.empty() && !q.as_of) {
            fail(error_code::invalid_argument, "at: " + why);
            continue;
        }
        q.attributes = attributes;
        auto s = e.check(q, d);
        if (!s) {
            ++bad;
            std::cout << error_json(number, s.error()) << '\n';
            continue;
        }
        std::cout << decision_json(e, d) << '\n';
    }
    if (bad) report_error(fmt::format("{} of the lines in `{}` could not be checked", bad, args.batch));
    return bad ? exit_usage : exit_ok;
}

int run_check(const check_args &args) {
    if (args.batch.empty() && (args.subject.empty() || args.scenario.empty())) {
        throw usage_error("give --subject and --scenario, or --batch FILE");
    }
    engine_options options;
    options.rules_dir = rules_directory(args.rules);
    options.db_path = args.db;
    options.audit = !args.no_audit;
    options.audit_mode = args.audit_mode == "batched" ? audit_mode::batched : audit_mode::durable;
    options.lenient_ids = args.lenient;
    auto opened = engine::open(options);
    if (!opened) {
        const auto &err = opened.error();
        if (!err.diagnostics.empty()) std::cerr << err.diagnostics;
        throw usage_error(err.message);
    }
    engine &e = *opened;
    int code = exit_ok;
    if (!args.batch.empty()) {
        code = run_batch(e, args);
    } else {
        std::string why;
        query q;
        q.subject = args.subject;
        q.scenario = args.scenario;
        q.querier = args.querier;
        q.as_of = parse_at(args.at, why);
        if (!args.at.empty() && !q.as_of) throw usage_error("--at: " + why);
        std::vector<query_attribute> attributes;
        for (const auto &a : args.attrs) {
            auto eq = a.find('=');
            if (eq == std::string::npos || eq == 0) throw usage_error(fmt::format("--attr `{}`: expected key=value", a));
            attributes.push_back({std::string_view(a).substr(0, eq), std::string_view(a).substr(eq + 1)});
        }
        q.attributes = attributes;
        decision d;
        auto s = e.check(q, d);
        if (!s) throw usage_error(s.error().message);
        if (args.json) std::cout << decision_json(e, d) << '\n';
        else std::cout << decision_text(d, args.show_ids) << "audit (查询留痕): " << e.audit_mode() << '\n';
    }
    if (auto flushed = e.flush_audit(); !flushed) throw usage_error(flushed.error().message);
    return code;
}

void add_check_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<check_args>();
    auto *cmd = app.add_subcommand("check", "must-query check: which measures apply to a subject in a scenario, and why");
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--rules", args->rules, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_option("--subject", args->subject, "credit code or resident ID");
    cmd->add_option("--scenario", args->scenario, "where the check happens, e.g. public_bidding");
    cmd->add_option("--at", args->at, "as-of date YYYY-MM-DD (default: today, China Standard Time)");
    cmd->add_option("--querier", args->querier, "the asking department, for the audit trail");
    cmd->add_option("--attr", args->attrs, "a condition attribute, key=value (repeatable)");
    cmd->add_option("--batch", args->batch,
                    "one query per line (JSON object or CSV subject,scenario,at,querier; `-` for stdin); "
                    "one decision JSON per line out");
    cmd->add_flag("--json", args->json, "print the decision as JSON");
    cmd->add_flag("--no-audit", args->no_audit, "do not write the check to the audit trail");
    cmd->add_option("--audit-mode", args->audit_mode,
                    "durable (default): each answer only once its audit row is committed; batched: rows committed "
                    "in the background, a crash may lose the last ones (docs/audit.md)")
        ->check(CLI::IsMember({"durable", "batched"}));
    cmd->add_flag("--show-ids", args->show_ids, "print personal ID numbers unmasked");
    cmd->add_flag("--lenient", args->lenient, "accept credit codes whose final check character is wrong");
    cmd->callback([args, &ctx] { ctx.result = run_check(*args); });
}

const command_registration registration{"check", add_check_command};

}  // namespace
}  // namespace credo::cli
