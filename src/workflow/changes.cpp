// SPDX-License-Identifier: Apache-2.0
// Push: expanding store events into the subjects and measures an implementer must act on.
#include "workflow/changes.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>

#include "credo/ids.hpp"
#include "store/store_impl.hpp"
#include "workflow/facts.hpp"

namespace credo::workflow {

std::string_view to_string(push_action a) { return a == push_action::apply ? "apply" : "stop"; }

namespace {

std::string join(const std::vector<std::string> &parts, std::string_view sep) {
    std::string out;
    for (const auto &p : parts) {
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

bool active_on(const store::relation &r, date d) { return r.since <= d && (!r.until || d < *r.until); }

class expander {
public:
    expander(store::store &db, const sema::rule_set &rules, const changes_options &options, changes_result &out)
        : db_(db), rules_(rules), options_(options), out_(out) {}

    void event(const store::event &ev) {
        if (ev.kind == "relation_added") {
            if (!ev.relation_id) return;
            std::int64_t last = ev.last_relation_id.value_or(*ev.relation_id);
            for (const auto &r : relations_between(*ev.relation_id, last)) relation_added(ev, r);
            return;
        }
        if (!ev.entry_id) return;
        push_action action = ev.kind == "listed" || ev.kind == "objection_dismissed" ? push_action::apply
                                                                                      : push_action::stop;
        std::int64_t last = ev.last_entry_id.value_or(*ev.entry_id);
        for (std::int64_t id = *ev.entry_id; id <= last; ++id) {
            auto e = db_.find_entry(id);
            if (!e) continue;
            entry_event(ev, *e, action, ev.effective_on.value_or(e->listed_on));
        }
    }

private:
    struct subject_data {
        std::string id, kind, name;
        std::vector<store::entry> entries;
        std::vector<store::objection> objections;
    };

    subject_data subject(const std::string &id) {
        subject_data s;
        s.id = id;
        if (auto found = db_.find_subject(id)) {
            s.kind = found->kind;
            s.name = found->name;
        }
        s.entries = db_.entries_of(id);
        s.objections = db_.objections_of(id);
        return s;
    }

    std::vector<store::relation> relations_between(std::int64_t first, std::int64_t last) {
        auto &sql = db_.internals().db;
        auto s = sql.prepare("SELECT id, person_id, org_id, role, since, until FROM relations "
                             "WHERE id BETWEEN ?1 AND ?2 ORDER BY id");
        s.bind(1, first).bind(2, last);
        std::vector<store::relation> out;
        while (s.step()) {
            store::relation r;
            r.id = s.int64(0);
            r.person_id = s.text(1);
            r.org_id = s.text(2);
            r.role = s.text(3);
            r.since = store::parse_stored_date(s.text(4));
            r.until = store::parse_stored_optional_date(s, 5);
            out.push_back(std::move(r));
        }
        return out;
    }

    // The highest entry (or relation) id recorded by an event before `seq`: ids, like sequence
    // numbers, are allocated under the write lock, so this is what existed at the event.
    std::int64_t last_id_before(std::int64_t seq, bool relations) {
        auto &sql = db_.internals().db;
        auto s = relations ? sql.prepare("SELECT coalesce(max(coalesce(last_relation_id, relation_id)), 0) FROM events "
                                         "WHERE seq < ?1 AND kind = 'relation_added'")
                           : sql.prepare("SELECT coalesce(max(coalesce(last_entry_id, entry_id)), 0) FROM events "
                                         "WHERE seq < ?1 AND kind = 'listed'");
        s.bind(1, seq);
        s.step();
        return s.int64(0);
    }

    bool closed_before(std::int64_t entry, std::int64_t seq) {
        auto s = db_.internals().db.prepare(
            "SELECT 1 FROM events WHERE entry_id = ?1 AND kind IN ('repaired', 'revoked') AND seq < ?2 LIMIT 1");
        s.bind(1, entry).bind(2, seq);
        return s.step();
    }

    bool for_implementer(const sema::measure_info &m) const {
        if (options_.implementer.empty()) return true;
        return std::any_of(m.implementers.begin(), m.implementers.end(), [&](const std::string &i) {
            return options_.departments ? options_.departments->acts_for(options_.implementer, i)
                                        : i == options_.implementer;
        });
    }

    // The measures of the memorandums targeting `entry`'s list that reach `who` on `d`: directly
    // when `role` is empty, else through `role` (forward: person of a listed organisation;
    // reverse: organisation of a listed person).
    std::vector<pushed_measure> measures(const store::entry &entry, const subject_data &who, date d,
                                         std::optional<sema::role_index> role, bool reverse) {
        std::vector<pushed_measure> out;
        auto list = rules_.find_list(entry.list_id);
        if (!list) return out;
        store_facts facts(rules_, who.entries, who.kind, d, who.objections);
        sema::role_index via_role{};
        if (role) {
            via_role = *role;
            facts.set_via(std::span<const sema::role_index>(&via_role, 1));
        }
        bool escalate = escalated(rules_, facts);
        for (auto mi : rules_.list(*list).memorandums) {
            const auto &memo = rules_.memorandum(mi);
            for (auto m : memo.measures) {
                const auto &info = rules_.measure(m);
                // Whom the measure itself reaches (落实到人), as in a check: its own `reaches` /
                // `reaches_organisations`, else its memorandum's.
                if (role) {
                    const auto &roles = reverse ? info.reaches_organisations : info.reaches;
                    if (std::find(roles.begin(), roles.end(), *role) == roles.end()) continue;
                }
                if (!for_implementer(info) || !info.effective.contains(d)) continue;
                if (info.term && !(d < info.term->after(entry.listed_on))) continue;
                if (role ? info.applies == sema::applies_to::listed : info.applies == sema::applies_to::related) {
                    continue;
                }
                std::string condition;
                if (needs_query(info.condition)) condition = rules_.describe(info.condition);
                else if (!sema::evaluate(info.condition, facts)) continue;
                // A conditional measure: the implementer verifies the fact first (需核实).
                if (info.conditional()) {
                    condition = condition.empty() ? info.verify : condition + "; " + info.verify;
                }
                const auto &effect = rules_.effect(info.effect);
                pushed_measure p;
                p.memorandum = memo.id;
                p.measure = info.id;
                p.text = info.text;
                p.effect = effect.id;
                // Escalation never makes a conditional measure mandatory.
                bool mandatory = info.binding == sema::binding_kind::mandatory ||
                                 (escalate && effect.kind == sema::effect_kind::punishment && !info.conditional());
                p.binding = mandatory ? "mandatory" : "recommended";
                p.implementer = join(info.implementers, "、");
                for (auto sc : info.scenarios) p.scenarios.push_back(rules_.scenario(sc).id);
                p.condition = std::move(condition);
                out.push_back(std::move(p));
            }
        }
        return out;
    }

    void emit(const store::event &ev, const store::entry &entry, const subject_data &listed, const subject_data &who,
              push_action action, date d, std::string_view role, std::vector<pushed_measure> ms) {
        if (ms.empty()) return;
        change c;
        c.seq = ev.seq;
        c.at = ev.at;
        c.event = ev.kind;
        c.action = action;
        c.effective_on = d;
        c.entry_id = entry.id;
        c.list = entry.list_id;
        c.document = entry.document;
        c.initiator = entry.initiator;
        c.listed_on = entry.listed_on;
        c.expires_on = end_of(rules_, entry);  // the max_term cap when the entry has no end date
        c.listed_subject = listed.id;
        c.listed_subject_kind = listed.kind;
        c.subject = who.id;
        c.subject_kind = who.kind;
        c.subject_name = who.name;
        c.via_role = role;
        c.objection_id = ev.objection_id;
        c.repair_id = ev.repair_id;
        c.relation_id = ev.relation_id;
        c.measures = std::move(ms);
        out_.changes.push_back(std::move(c));
    }

    void entry_event(const store::event &ev, const store::entry &entry, push_action action, date d) {
        auto listed = subject(entry.subject_id);
        emit(ev, entry, listed, listed, action, d, {}, measures(entry, listed, d, std::nullopt, false));
        // Persons and organisations the listing reaches through a relation active on the day.
        bool person = listed.kind == "person";
        // Only relations recorded before the event: a later one is reported by its own event.
        std::int64_t last_relation = last_id_before(ev.seq, true);
        for (const auto &r : db_.relations_of(entry.subject_id)) {
            if (r.id > last_relation || !active_on(r, d)) continue;
            if (person != (r.person_id == entry.subject_id)) continue;
            auto role = rules_.find_role(r.role);
            if (!role) continue;
            auto other = subject(person ? r.org_id : r.person_id);
            emit(ev, entry, listed, other, action, d, r.role, measures(entry, other, d, role, person));
        }
    }

    // A new relation brings the measures of the entries on either side that were in force when
    // it was recorded to the other side. Entries listed later reach the person through their own
    // `listed` event, so nothing is reported twice.
    void relation_added(const store::event &ev, const store::relation &r) {
        auto role = rules_.find_role(r.role);
        if (!role) return;
        auto person = subject(r.person_id);
        auto org = subject(r.org_id);
        std::int64_t last_entry = last_id_before(ev.seq, false);
        auto side = [&](const subject_data &listed, const subject_data &other, bool reverse) {
            for (const auto &e : listed.entries) {
                if (e.id > last_entry || closed_before(e.id, ev.seq)) continue;
                // The entry and the relation must overlap in time.
                if (r.until && !(e.listed_on < *r.until)) continue;
                if (auto end = end_of(rules_, e); end && !(r.since < *end)) continue;
                date d = std::max(r.since, e.listed_on);
                emit(ev, e, listed, other, push_action::apply, d, r.role, measures(e, other, d, role, reverse));
            }
        };
        side(org, person, false);
        side(person, org, true);
    }

    store::store &db_;
    const sema::rule_set &rules_;
    const changes_options &options_;
    changes_result &out_;
};

std::string shown_id(const std::string &id, const std::string &kind, bool show_ids) {
    if (show_ids || kind != "person") return id;
    return ids::mask(id);
}

}  // namespace

changes_result changes_since(store::store &db, const sema::rule_set &rules, const changes_options &options) {
    changes_result out;
    out.since = options.since;
    out.cursor = options.since;
    db.read([&](store::store::reader &) {
        std::size_t ask = options.limit == 0 ? std::numeric_limits<std::int64_t>::max() : options.limit + 1;
        auto events = db.events_since(options.since, ask);
        if (options.limit != 0 && events.size() > options.limit) {
            out.more = true;
            events.resize(options.limit);
        }
        expander x(db, rules, options, out);
        for (const auto &ev : events) {
            x.event(ev);
            out.cursor = ev.seq;
        }
        out.events_read = events.size();
    });
    return out;
}

std::string to_json(const changes_result &r, bool show_ids) {
    nlohmann::ordered_json j;
    j["since"] = r.since;
    auto changes = nlohmann::ordered_json::array();
    for (const auto &c : r.changes) {
        nlohmann::ordered_json x;
        x["seq"] = c.seq;
        x["at"] = c.at;
        x["event"] = c.event;
        x["action"] = std::string(to_string(c.action));
        x["effective_on"] = c.effective_on ? nlohmann::ordered_json(c.effective_on->to_string()) : nullptr;
        x["subject"] = {{"id", shown_id(c.subject, c.subject_kind, show_ids)},
                        {"kind", c.subject_kind},
                        {"name", c.subject_name}};
        x["via"] = c.via_role.empty()
                       ? nlohmann::ordered_json(nullptr)
                       : nlohmann::ordered_json{{"role", c.via_role},
                                                {"of", shown_id(c.listed_subject, c.listed_subject_kind, show_ids)}};
        x["entry"] = {{"id", c.entry_id},
                      {"list", c.list},
                      {"subject", shown_id(c.listed_subject, c.listed_subject_kind, show_ids)},
                      {"document", c.document},
                      {"initiator", c.initiator},
                      {"listed_on", c.listed_on.to_string()},
                      {"expires_on", c.expires_on ? nlohmann::ordered_json(c.expires_on->to_string())
                                                  : nlohmann::ordered_json(nullptr)}};
        auto opt = [](const std::optional<std::int64_t> &v) {
            return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
        };
        x["objection"] = opt(c.objection_id);
        x["repair"] = opt(c.repair_id);
        x["relation"] = opt(c.relation_id);
        auto ms = nlohmann::ordered_json::array();
        for (const auto &m : c.measures) {
            nlohmann::ordered_json y;
            y["memorandum"] = m.memorandum;
            y["measure"] = m.measure;
            y["text"] = m.text;
            y["effect"] = m.effect;
            y["binding"] = m.binding;
            y["implementer"] = m.implementer;
            y["scenarios"] = m.scenarios;
            y["condition"] = m.condition.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(m.condition);
            ms.push_back(std::move(y));
        }
        x["measures"] = std::move(ms);
        changes.push_back(std::move(x));
    }
    j["changes"] = std::move(changes);
    j["events_read"] = r.events_read;
    j["more"] = r.more;
    j["cursor"] = r.cursor;
    return j.dump();
}

std::string to_text(const changes_result &r, bool show_ids) {
    std::string out;
    for (const auto &c : r.changes) {
        out += fmt::format("#{} {} {} {} ({}), entry {} on {} ({})", c.seq, c.effective_on ? c.effective_on->to_string() : "",
                           to_string(c.action), shown_id(c.subject, c.subject_kind, show_ids),
                           c.subject_name.empty() ? c.subject_kind : c.subject_name, c.entry_id, c.list, c.event);
        if (!c.via_role.empty()) {
            out += fmt::format(", as {} of {}", c.via_role, shown_id(c.listed_subject, c.listed_subject_kind, show_ids));
        }
        out += "\n";
        for (const auto &m : c.measures) {
            out += fmt::format("    {} {} [{} {}] {}{}\n", to_string(c.action), m.measure, m.effect, m.binding, m.text,
                               m.condition.empty() ? "" : fmt::format(" (when {})", m.condition));
        }
    }
    out += fmt::format("{} {} read, {} {}; cursor {}{}\n", r.events_read, r.events_read == 1 ? "event" : "events",
                       r.changes.size(), r.changes.size() == 1 ? "change" : "changes", r.cursor,
                       r.more ? " (more events follow: call again with this cursor)" : "");
    return out;
}

}  // namespace credo::workflow
