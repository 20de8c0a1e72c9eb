// SPDX-License-Identifier: Apache-2.0
// What the store's commands share: the catalog taken from the compiled rule set, opening the
// database, dates and ids from the command line.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "cli.hpp"
#include "credo/date.hpp"
#include "rules_option.hpp"
#include "sema/rule_set.hpp"
#include "store/catalog.hpp"
#include "store/store.hpp"

namespace credo::cli {

// The lists (kind, field, subject kinds, default term) and roles the store validates input
// against, from the compiled rule set.
inline store::catalog catalog_from_rules(const sema::rule_set &rules) {
    store::catalog c;
    for (const auto &list : rules.lists()) {
        store::list_info info;
        info.kind = list.kind == sema::list_kind::black ? store::list_kind::black : store::list_kind::red;
        info.field = rules.fields()[sema::to_pos(list.field)].id;
        for (auto k : list.subjects) info.subject_kinds.push_back(rules.subject_kind(k).id);
        if (list.default_term) {
            // sema holds years as 12 months; the store's term keeps months and days.
            bool days = list.default_term->unit == sema::term::unit::days;
            info.default_term = store::term{list.default_term->amount, days ? 'd' : 'm'};
        }
        c.lists.emplace(list.id, std::move(info));
    }
    for (const auto &role : rules.roles()) c.roles.insert(role.id);
    return c;
}

// Loads `--rules DIR` (default `$CREDO_RULES`, else `./rules`); broken rules are exit 2.
inline store::catalog catalog_from_rules(const std::string &dir_option) {
    return catalog_from_rules(*load_rules_or_throw(rules_directory(dir_option)));
}

// Opens (creating when asked) the database; failures are the user's to fix: exit 2.
inline store::store open_database(const std::string &path, bool create) {
    store::open_options o;
    o.create = create;
    try {
        return store::store::open(path, o);
    } catch (const store::error &e) {
        throw usage_error(e.what());
    }
}

// A `--on`/`--at` date, today (China Standard Time) when not given.
inline date date_or_today(const std::string &text, const char *option) {
    if (text.empty()) return date::today();
    std::string why;
    auto d = date::parse(text, &why);
    if (!d) throw usage_error(fmt::format("{}: {}", option, why));
    return *d;
}

template <class T>
T value_or_refusal(store::result<T> r) {
    if (!r) throw usage_error(r.error());
    return std::move(r.value());
}

}  // namespace credo::cli
