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
        // The rule set states one default term for all time so far; dated terms, the minimum
        // publication period before a repair and exit on performance are not read from it yet.
        if (l.default_term) {
            store::term t;
            t.amount = l.default_term->amount;
            t.unit = l.default_term->unit == sema::term::unit::days ? 'd' : 'm';
            info.terms.push_back({std::nullopt, t, {}});
        }
        c.lists.emplace(l.id, std::move(info));
    }
    for (const auto &r : rules.roles()) c.roles.insert(r.id);
    return c;
}

}  // namespace credo::engine_core
