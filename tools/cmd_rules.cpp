// SPDX-License-Identifier: Apache-2.0
// `credo rules [DIR] [--json] [--scenario S]`: show the compiled rule set, or every measure that
// can apply in one scenario.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "rules_option.hpp"

namespace credo::cli {
namespace {

using nlohmann::json;
using namespace credo::sema;

struct rules_args {
    std::string directory;
    bool json = false;
    std::string scenario;
};

json optional_text(const std::string &s) {
    return s.empty() ? json(nullptr) : json(s);
}
json optional_date(const std::optional<date> &d) {
    return d ? json(d->to_string()) : json(nullptr);
}
json optional_term(const std::optional<term> &t) {
    return t ? json(t->to_string()) : json(nullptr);
}
// `[{"term": "5y", "from": "2016-04-01", "basis": "..."}]`, oldest first.
json dated_terms(const std::vector<dated_term> &terms) {
    json out = json::array();
    for (const auto &t : terms) {
        out.push_back({{"term", t.value.to_string()}, {"from", optional_date(t.from)}, {"basis", optional_text(t.basis)}});
    }
    return out;
}
// `5y (until 2021-09-01), 3y (from 2021-09-01)` for the table.
std::string dated_terms_text(const std::vector<dated_term> &terms) {
    if (terms.empty()) return "-";
    std::string out;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (i) out += ", ";
        out += terms[i].value.to_string();
        if (terms[i].from) out += " from " + terms[i].from->to_string();
    }
    return out;
}

template <class Index, class Id>
json ids(const std::vector<Index> &indexes, Id id) {
    json out = json::array();
    for (auto i : indexes) out.push_back(id(i));
    return out;
}

std::string join(const std::vector<std::string> &items, std::string_view sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
    return out;
}

class rules_view {
public:
    explicit rules_view(const rule_set &r) : r_(r) {}

    std::string list_id(list_index i) const { return r_.list(i).id; }
    std::string role_id(role_index i) const { return r_.role(i).id; }
    std::string scenario_id(scenario_index i) const { return r_.scenario(i).id; }
    std::string measure_id(measure_index i) const { return r_.measure(i).id; }
    std::string memorandum_id(memorandum_index i) const { return r_.memorandum(i).id; }

    json list(const list_info &l) const {
        return {{"id", l.id},
                {"name", l.name},
                {"kind", to_string(l.kind)},
                {"field", r_.field(l.field).id},
                {"initiators", l.initiators},
                {"subjects", ids(l.subjects, [&](subject_kind_index k) { return r_.subject_kind(k).id; })},
                {"terms", dated_terms(l.terms)},
                {"max_terms", dated_terms(l.max_terms)},
                {"repair_after", dated_terms(l.repair_after)},
                {"exits_on", l.exits_on_performance ? json("performance") : json(nullptr)},
                {"basis", optional_text(l.basis)},
                {"memorandums", ids(l.memorandums, [&](memorandum_index m) { return memorandum_id(m); })}};
    }

    json memorandum(const memorandum_info &m) const {
        return {{"id", m.id},
                {"title", m.title},
                {"documents", m.documents},
                {"signatories", m.signatories},
                {"targets", ids(m.targets, [&](list_index l) { return list_id(l); })},
                {"extends_to", ids(m.extends_to, [&](role_index x) { return role_id(x); })},
                {"extends_to_organisations", ids(m.extends_to_organisations, [&](role_index x) { return role_id(x); })},
                {"effective_from", optional_date(m.effective.from)},
                {"effective_until", optional_date(m.effective.until)},
                {"replaces", m.replaces ? json(memorandum_id(*m.replaces)) : json(nullptr)},
                {"replaced_by", ids(m.replaced_by, [&](memorandum_index x) { return memorandum_id(x); })},
                {"measures", ids(m.measures, [&](measure_index x) { return measure_id(x); })}};
    }

    json measure(const measure_info &m) const {
        const auto &effect = r_.effect(m.effect);
        return {{"id", m.id},
                {"text", m.text},
                {"memorandum", m.memorandum ? json(memorandum_id(*m.memorandum)) : json(nullptr)},
                {"rule", m.rule ? json(r_.rule(*m.rule).id) : json(nullptr)},
                {"implementers", m.implementers},
                {"scenarios", ids(m.scenarios, [&](scenario_index s) { return scenario_id(s); })},
                {"effect", effect.id},
                {"effect_kind", to_string(effect.kind)},
                {"binding", to_string(m.binding)},
                {"basis", optional_text(m.basis)},
                {"when", m.condition.empty() ? json(nullptr) : json(r_.describe(m.condition))},
                {"term", optional_term(m.term)},
                {"applies_to", to_string(m.applies)},
                {"effective_from", optional_date(m.effective.from)},
                {"effective_until", optional_date(m.effective.until)},
                {"reaches", ids(m.reaches, [&](role_index x) { return role_id(x); })},
                {"reaches_organisations", ids(m.reaches_organisations, [&](role_index x) { return role_id(x); })},
                {"reach_stated", m.reach_stated},
                {"verify", optional_text(m.verify)},
                {"settled_by", m.settled_by ? json(r_.attribute(*m.settled_by).id) : json(nullptr)}};
    }

    json rule(const rule_info &x) const {
        json actions = json::array();
        for (std::size_t a = 0; a < rule_action_count; ++a) {
            if (x.actions[a]) actions.push_back(to_string(static_cast<rule_action>(a)));
        }
        return {{"id", x.id},
                {"text", x.text},
                {"when", r_.describe(x.condition)},
                {"then", actions},
                {"measures", ids(x.measures, [&](measure_index m) { return measure_id(m); })}};
    }

    json everything() const {
        json out;
        out["version"] = r_.version();
        auto all = [](auto infos, auto convert) {
            json a = json::array();
            for (const auto &info : infos) a.push_back(convert(info));
            return a;
        };
        out["lists"] = all(r_.lists(), [&](const list_info &l) { return list(l); });
        out["memorandums"] = all(r_.memorandums(), [&](const memorandum_info &m) { return memorandum(m); });
        out["measures"] = all(r_.measures(), [&](const measure_info &m) { return measure(m); });
        out["rules"] = all(r_.rules(), [&](const rule_info &x) { return rule(x); });
        out["scenarios"] = all(r_.scenarios(), [](const scenario_info &s) {
            return json{{"id", s.id}, {"name", s.name}, {"group", optional_text(s.group)}};
        });
        out["effects"] = all(r_.effects(), [](const effect_info &e) {
            return json{{"id", e.id}, {"name", e.name}, {"kind", to_string(e.kind)}, {"rank", e.rank}};
        });
        out["roles"] = all(r_.roles(), [](const role_info &x) { return json{{"id", x.id}, {"name", x.name}}; });
        out["fields"] = all(r_.fields(), [](const field_info &x) { return json{{"id", x.id}, {"name", x.name}}; });
        out["subject_kinds"] = all(r_.subject_kinds(), [](const subject_kind_info &x) {
            return json{{"id", x.id}, {"name", x.name}, {"category", to_string(x.category)}};
        });
        out["attributes"] = all(r_.attributes(), [](const attribute_info &x) {
            return json{{"id", x.id}, {"name", x.name}, {"type", to_string(x.type)}};
        });
        return out;
    }

    // The measures that can apply in `s`: those of memorandums (with the lists through which
    // they apply) and those rules grant.
    struct applicable {
        measure_index measure;
        std::vector<std::string> lists;
    };
    std::vector<applicable> in_scenario(scenario_index s) const {
        std::vector<std::vector<std::string>> lists(r_.measures().size());
        std::vector<bool> included(r_.measures().size());
        for (std::size_t l = 0; l < r_.lists().size(); ++l) {
            for (auto m : r_.measures_for(static_cast<list_index>(l), s)) {
                included[to_pos(m)] = true;
                lists[to_pos(m)].push_back(r_.lists()[l].id);
            }
        }
        for (auto m : r_.granted_measures(s)) included[to_pos(m)] = true;
        std::vector<applicable> out;
        for (std::size_t m = 0; m < included.size(); ++m) {
            if (included[m]) out.push_back({static_cast<measure_index>(m), std::move(lists[m])});
        }
        return out;
    }

    std::string owner(const measure_info &m) const {
        return m.memorandum ? memorandum_id(*m.memorandum) : "rule " + r_.rule(*m.rule).id;
    }

private:
    const rule_set &r_;
};

void print_table(const rule_set &r, const rules_view &view) {
    std::cout << fmt::format("rules version {}\n", r.version());
    std::cout << fmt::format("\nlists ({})\n", r.lists().size());
    for (const auto &l : r.lists()) {
        std::vector<std::string> memos;
        for (auto m : l.memorandums) memos.push_back(view.memorandum_id(m));
        std::cout << fmt::format("  {:<28} {:<5} {:<20} term {:<4} {}  memorandums: {}\n", l.id, to_string(l.kind),
                                 r.field(l.field).id, dated_terms_text(l.terms), l.name,
                                 memos.empty() ? "none" : join(memos));
    }
    std::cout << fmt::format("\nmemorandums ({})\n", r.memorandums().size());
    for (const auto &m : r.memorandums()) {
        std::vector<std::string> targets;
        for (auto t : m.targets) targets.push_back(view.list_id(t));
        std::cout << fmt::format("  {:<28} {} until {:<10}  targets {}  {} measures\n", m.id,
                                 m.effective.from ? m.effective.from->to_string() : "-",
                                 m.effective.until ? m.effective.until->to_string() : "-", join(targets),
                                 m.measures.size());
    }
    std::cout << fmt::format("\nmeasures ({})\n", r.measures().size());
    for (const auto &m : r.measures()) {
        std::vector<std::string> scenarios;
        for (auto s : m.scenarios) scenarios.push_back(view.scenario_id(s));
        std::cout << fmt::format("  {:<28} {:<24} {:<22} {:<11} {}  [{}]\n", m.id, view.owner(m), r.effect(m.effect).id,
                                 to_string(m.binding), m.text, join(scenarios));
    }
    std::cout << fmt::format("\nrules ({})\n", r.rules().size());
    for (const auto &x : r.rules()) {
        std::vector<std::string> actions;
        for (std::size_t a = 0; a < rule_action_count; ++a) {
            if (x.actions[a]) actions.emplace_back(to_string(static_cast<rule_action>(a)));
        }
        std::cout << fmt::format("  {:<28} when {}  then {}\n", x.id, r.describe(x.condition), join(actions));
    }
}

int run_rules(const rules_args &args) {
    auto rules = load_rules_or_throw(rules_directory(args.directory));
    const rule_set &r = *rules;
    rules_view view(r);
    if (args.scenario.empty()) {
        if (args.json)
            std::cout << view.everything().dump(2) << '\n';
        else
            print_table(r, view);
        return exit_ok;
    }
    auto scenario = r.find_scenario(args.scenario);
    if (!scenario) {
        auto closest = r.closest(entity::scenario, args.scenario);
        throw usage_error(closest ? fmt::format("unknown scenario `{}`; did you mean `{}`?", args.scenario, *closest)
                                  : fmt::format("unknown scenario `{}`", args.scenario));
    }
    auto found = view.in_scenario(*scenario);
    if (args.json) {
        json measures = json::array();
        for (const auto &a : found) {
            json m = view.measure(r.measure(a.measure));
            m["lists"] = a.lists;
            measures.push_back(std::move(m));
        }
        std::cout << json{{"version", r.version()}, {"scenario", args.scenario}, {"measures", measures}}.dump(2)
                  << '\n';
        return exit_ok;
    }
    std::cout << fmt::format("{} measures can apply in `{}` ({})\n", found.size(), args.scenario,
                             r.scenario(*scenario).name);
    for (const auto &a : found) {
        const auto &m = r.measure(a.measure);
        std::cout << fmt::format("  {:<28} {:<22} {:<11} {:<24} {}{}\n", m.id, r.effect(m.effect).id,
                                 to_string(m.binding), view.owner(m), m.text,
                                 a.lists.empty() ? std::string() : "  lists: " + join(a.lists));
    }
    return exit_ok;
}

void add_rules_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<rules_args>();
    auto *cmd = app.add_subcommand("rules", "show the compiled rule set, or the measures that can apply in a scenario");
    cmd->add_option("dir", args->directory, "rule directory (default: $CREDO_RULES, else ./rules)");
    cmd->add_flag("--json", args->json, "print JSON for tools to read");
    cmd->add_option("--scenario", args->scenario, "list every measure that can apply in this scenario");
    cmd->callback([args, &ctx] { ctx.result = run_rules(*args); });
}

const command_registration registration{"rules", add_rules_command};

}  // namespace
}  // namespace credo::cli
