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
        // TEMPORARY until the store's catalog takes dated terms: the latest term.
        if (!l.terms.empty()) {
            store::term t;
            t.amount = l.terms.back().value.amount;
            t.unit = l.terms.back().value.unit == sema::term::unit::days ? 'd' : 'm';
            info.default_term = t;
        }
        c.lists.emplace(l.id, std::move(info));
    }
    for (const auto &r : rules.roles()) c.roles.insert(r.id);
    return c;
}

}  // namespace credo::engine_core
