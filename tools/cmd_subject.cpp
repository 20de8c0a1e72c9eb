// SPDX-License-Identifier: Apache-2.0
// `credo subject ID --db DB [--at DATE] [--show-ids] [--json]`: everything known about a subject:
// entries with status, relations, objections, repairs. Personal IDs masked unless asked.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "credo/ids.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct subject_args {
    std::string id, db, at;
    bool show_ids = false;
    bool json = false;
};

// Whether the entry counts on `d`: listed_on <= d < expires_on (an entry without an end date
// counts from listed_on on), and not repaired or revoked by then.
bool counts_on(const store::entry &e, date d) {
    if (d < e.listed_on || (e.expires_on && d >= *e.expires_on)) return false;
    return e.status == store::entry_status::active || (e.status_on && d < *e.status_on);
}

int run_subject(const subject_args &a) {
    auto db = open_database(a.db, false);
    date at = date_or_today(a.at, "--at");
    auto checked = ids::validate(a.id);
    if (!checked.valid) throw usage_error(fmt::format("`{}` is not a valid identifier: {}", ids::mask(a.id), checked.reason));
    const std::string &id = checked.normalized;
    auto shown = [&](const std::string &x) { return a.show_ids ? x : ids::mask(x); };
    auto subject = db.find_subject(id);
    auto entries = db.entries_of(id);
    auto relations = db.relations_of(id);
    auto objections = db.objections_of(id);
    auto repairs = db.repairs_of(id);
    auto name_of = [&](const std::string &other) {
        auto s = db.find_subject(other);
        return s ? s->name : std::string();
    };

    if (a.json) {
        nlohmann::json j;
        j["id"] = shown(id);
        j["kind"] = subject ? subject->kind : std::string(ids::to_string(*checked.kind));
        j["name"] = subject ? nlohmann::json(subject->name) : nlohmann::json(nullptr);
        j["established_on"] = subject && subject->established_on ? nlohmann::json(subject->established_on->to_string())
                                                                 : nlohmann::json(nullptr);
        j["as_of"] = at.to_string();
        j["entries"] = nlohmann::json::array();
        for (const auto &e : entries) {
            j["entries"].push_back({{"entry", e.id},
                                    {"list", e.list_id},
                                    {"listed_on", e.listed_on.to_string()},
                                    {"expires_on", e.expires_on ? nlohmann::json(e.expires_on->to_string())
                                                                : nlohmann::json(nullptr)},
                                    {"document", e.document},
                                    {"initiator", e.initiator},
                                    {"reason", e.reason},
                                    {"status", std::string(store::to_string(e.status))},
                                    {"status_on", e.status_on ? nlohmann::json(e.status_on->to_string()) : nlohmann::json(nullptr)},
                                    {"counts", counts_on(e, at)}});
        }
        j["relations"] = nlohmann::json::array();
        for (const auto &r : relations) {
            bool as_person = r.person_id == id;
            const std::string &other = as_person ? r.org_id : r.person_id;
            j["relations"].push_back({{"role", r.role},
                                      {as_person ? "org" : "person", shown(other)},
                                      {"name", name_of(other)},
                                      {"since", r.since.to_string()},
                                      {"until", r.until ? nlohmann::json(r.until->to_string()) : nlohmann::json(nullptr)}});
        }
        j["objections"] = nlohmann::json::array();
        for (const auto &o : objections) {
            j["objections"].push_back({{"objection", o.id},
                                       {"entry", o.entry_id},
                                       {"filed_on", o.filed_on.to_string()},
                                       {"by", o.filed_by},
                                       {"grounds", o.grounds},
                                       {"status", std::string(store::to_string(o.status))}});
        }
        j["repairs"] = nlohmann::json::array();
        for (const auto &r : repairs) {
            j["repairs"].push_back({{"repair", r.id}, {"entry", r.entry_id}, {"repaired_on", r.repaired_on.to_string()},
                                    {"kind", std::string(store::to_string(r.kind))}, {"reason", r.reason},
                                    {"approved_by", r.approved_by}});
        }
        std::cout << j.dump() << '\n';
        return exit_ok;
    }

    std::cout << fmt::format("{}  {}  {}{}\n", shown(id), subject ? subject->kind : ids::to_string(*checked.kind),
                             subject ? subject->name : "(not in the store)",
                             subject && subject->established_on
                                 ? "  established " + subject->established_on->to_string()
                                 : std::string());
    std::cout << fmt::format("as of {}\n", at.to_string());
    std::cout << "\nentries:\n";
    if (entries.empty()) std::cout << "  none\n";
    for (const auto &e : entries) {
        std::string status(store::to_string(e.status));
        if (e.status_on) status += " on " + e.status_on->to_string();
        // An entry without an end date shows `—` where the date would be, as wide as a date.
        std::string until = e.expires_on ? e.expires_on->to_string() : "—         ";
        std::cout << fmt::format("  #{:<6} {:<26} {} .. {}  {:<22} {}  {}  {}\n", e.id, e.list_id, e.listed_on.to_string(),
                                 until, status, counts_on(e, at) ? "counts" : "does not count", e.document,
                                 e.initiator);
    }
    std::cout << "\nrelations:\n";
    if (relations.empty()) std::cout << "  none\n";
    for (const auto &r : relations) {
        bool as_person = r.person_id == id;
        const std::string &other = as_person ? r.org_id : r.person_id;
        std::string span = "since " + r.since.to_string() + (r.until ? " until " + r.until->to_string() : "");
        if (as_person) {
            std::cout << fmt::format("  {} of {} {}  {}\n", r.role, shown(other), name_of(other), span);
        } else {
            std::cout << fmt::format("  {} {} is {}  {}\n", shown(other), name_of(other), r.role, span);
        }
    }
    std::cout << "\nopen objections:\n";
    int open = 0;
    for (const auto &o : objections) {
        if (o.status != store::objection_status::pending) continue;
        ++open;
        std::cout << fmt::format("  #{} on entry {}, filed {} by {}: {}\n", o.id, o.entry_id, o.filed_on.to_string(),
                                 o.filed_by, o.grounds);
    }
    if (!open) std::cout << "  none\n";
    int closed = static_cast<int>(objections.size()) - open;
    if (closed > 0) std::cout << fmt::format("  ({} resolved)\n", closed);
    if (!repairs.empty()) {
        std::cout << "\nrepairs:\n";
        for (const auto &r : repairs) {
            if (r.kind == store::repair_kind::performance) {
                std::cout << fmt::format("  #{} entry {} from {}, performance recorded by {}: {}\n", r.id, r.entry_id,
                                         r.repaired_on.to_string(), r.approved_by, r.reason);
            } else {
                std::cout << fmt::format("  #{} entry {} from {}, approved by {}: {}\n", r.id, r.entry_id,
                                         r.repaired_on.to_string(), r.approved_by, r.reason);
            }
        }
    }
    return exit_ok;
}

void add_subject_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<subject_args>();
    auto *cmd = app.add_subcommand("subject", "everything the store knows about a subject");
    cmd->add_option("id", args->id, "credit code or resident ID")->required();
    cmd->add_option("--db", args->db, "the SQLite database")->required();
    cmd->add_option("--at", args->at, "YYYY-MM-DD: which entries count on that date (default: today)");
    cmd->add_flag("--show-ids", args->show_ids, "print personal ID numbers unmasked");
    cmd->add_flag("--json", args->json, "print one JSON object");
    cmd->callback([args, &ctx] { ctx.result = run_subject(*args); });
}

const command_registration registration{"subject", add_subject_command};

}  // namespace
}  // namespace credo::cli
