// SPDX-License-Identifier: Apache-2.0
// Filling the store's catalog from the compiled rule set.
#include "engine/catalog.hpp"

namespace credo::engine_core {

store::catalog make_catalog(const sema::rule_set &rules) {
    store::catalog c;
    for (const auto &l : rules.lists()) {
        store::list_info info;
        info.kind = l.kind == sema::list_kind::black ? store::list_kind::black : store::list_kind::red;
        info.field = rules.field(l.field).id;
        for (auto k : l.subjects) info.subject_kinds.push_back(rules.subject_kind(k).id);
        // The rule set's dated terms and repair periods, each with the text that sets it; the
        // store picks the one in force on an entry's listed_on.
        auto to_store = [](const std::vector<sema::dated_term> &from) {
            std::vector<store::dated_term> out;
            for (const auto &d : from) {
                store::term t;
                // Whole years stay years, so a refusal cites `1y` as the rule file writes it.
                bool days = d.value.unit == sema::term::unit::days;
                bool years = !days && d.value.amount % 12 == 0;
                t.amount = years ? d.value.amount / 12 : d.value.amount;
                t.unit = days ? 'd' : years ? 'y' : 'm';
                out.push_back({d.from, t, d.basis});
            }
            return out;
        };
        info.terms = to_store(l.terms);
        info.repair_after = to_store(l.repair_after);
        info.exits_on_performance = l.exits_on_performance;
        c.lists.emplace(l.id, std::move(info));
    }
    for (const auto &r : rules.roles()) c.roles.insert(r.id);
    return c;
}

}  // namespace credo::engine_core
