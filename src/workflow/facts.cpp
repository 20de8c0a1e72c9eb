// SPDX-License-Identifier: Apache-2.0
// Condition facts from the store for push and feedback.
#include "workflow/facts.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace credo::workflow {

std::optional<date> end_of(const sema::rule_set &rules, const store::entry &e) {
    if (e.expires_on) return e.expires_on;
    auto l = rules.find_list(e.list_id);
    if (!l) return std::nullopt;
    if (auto cap = rules.list(*l).max_term_on(e.listed_on)) return cap->after(e.listed_on);
    return std::nullopt;
}

bool in_force(const sema::rule_set &rules, const store::entry &e, date d) {
    auto end = end_of(rules, e);
    if (d < e.listed_on || (end && !(d < *end))) return false;
    return !e.status_on || d < *e.status_on;
}

bool disputed_on(std::span<const store::objection> objections, std::int64_t entry, date d) {
    return std::any_of(objections.begin(), objections.end(), [&](const store::objection &o) {
        return o.entry_id == entry && !(d < o.filed_on) && (!o.resolved_on || d < *o.resolved_on);
    });
}

store_facts::store_facts(const sema::rule_set &rules, std::span<const store::entry> own, std::string_view kind,
                         date as_of, std::span<const store::objection> objections)
    : rules_(rules), own_(own), objections_(objections), as_of_(as_of) {
    if (auto k = rules.find_subject_kind(kind)) kind_ = *k;
    for (const auto &e : own) {
        if (!in_force(rules, e, as_of) || disputed_on(objections, e.id, as_of)) continue;
        if (auto l = rules.find_list(e.list_id)) active_.push_back(*l);
    }
}

bool store_facts::listed(sema::list_index list) const {
    return std::find(active_.begin(), active_.end(), list) != active_.end();
}

bool store_facts::listed_any(sema::list_kind kind) const {
    return std::any_of(active_.begin(), active_.end(), [&](auto l) { return rules_.list(l).kind == kind; });
}

bool store_facts::listed_in_field(sema::field_index field) const {
    return std::any_of(active_.begin(), active_.end(), [&](auto l) { return rules_.list(l).field == field; });
}

int store_facts::black_field_count() const {
    std::vector<sema::field_index> fields;
    for (auto l : active_) {
        const auto &info = rules_.list(l);
        if (info.kind != sema::list_kind::black) continue;
        if (std::find(fields.begin(), fields.end(), info.field) == fields.end()) fields.push_back(info.field);
    }
    return static_cast<int>(fields.size());
}

std::optional<date> store_facts::clean_since() const {
    std::optional<date> ended;
    for (const auto &e : own_) {
        if (as_of_ < e.listed_on) continue;
        auto l = rules_.find_list(e.list_id);
        if (!l || rules_.list(*l).kind != sema::list_kind::black) continue;
        if (disputed_on(objections_, e.id, as_of_)) continue;
        if (in_force(rules_, e, as_of_)) return as_of_;
        // Not in force on as_of, though listed by then: it expired, or was repaired or revoked.
        std::optional<date> until = end_of(rules_, e);
        if (e.status_on && (!until || *e.status_on < *until)) until = e.status_on;
        if (until && (!ended || *ended < *until)) ended = until;
    }
    return ended;
}

bool needs_query(const sema::compiled_condition &condition) {
    using k = sema::condition_node::kind;
    return std::any_of(condition.nodes.begin(), condition.nodes.end(), [](const sema::condition_node &n) {
        return n.what == k::attribute_compare || n.what == k::attribute_in || n.what == k::attribute_present ||
               n.what == k::rating_compare || n.what == k::rating_in;
    });
}

bool escalated(const sema::rule_set &rules, const sema::fact_source &facts) {
    for (auto r : rules.rules_with(sema::rule_action::escalate)) {
        if (sema::evaluate(rules.rule(r).condition, facts)) return true;
    }
    return false;
}

}  // namespace credo::workflow
