// SPDX-License-Identifier: Apache-2.0
// What the store's commands share: the catalog taken from the compiled rule set, opening the
// database, dates and ids from the command line.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "cli.hpp"
#include "credo/date.hpp"
#include "engine/catalog.hpp"
#include "rules_option.hpp"
#include "sema/rule_set.hpp"
#include "store/catalog.hpp"
#include "store/store.hpp"

namespace credo::cli {

// The lists (kind, field, subject kinds, default term) and roles the store validates input
// against, from the compiled rule set.
inline store::catalog catalog_from_rules(const sema::rule_set &rules) { return engine_core::make_catalog(rules); }

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
