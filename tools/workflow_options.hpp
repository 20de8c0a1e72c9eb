// SPDX-License-Identifier: Apache-2.0
// What `credo changes`, `feedback`, `stats`, `report` and `decisions` share: opening the store
// and reading dates from the command line.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "cli.hpp"
#include "credo/date.hpp"
#include "sema/rule_set.hpp"
#include "store/store.hpp"
#include "workflow/departments.hpp"

namespace credo::cli {

// Opens an existing database; a missing or unreadable one is a usage error (exit 2).
inline store::store open_store_or_throw(const std::string &path) {
    store::open_options o;
    o.create = false;
    try {
        return store::store::open(path, o);
    } catch (const store::error &e) {
        throw usage_error(e.what());
    }
}

// The rule directory's departments.csv; a bad row is a usage error (exit 2) naming its line.
inline workflow::department_map load_departments_or_throw(const std::string &rules_dir, const sema::rule_set &rules) {
    auto departments = workflow::department_map::load(rules_dir, rules);
    if (!departments) throw usage_error(departments.error());
    return std::move(*departments);
}

inline std::optional<date> date_option(const std::string &text, const char *option) {
    if (text.empty()) return std::nullopt;
    std::string why;
    auto d = date::parse(text, &why);
    if (!d) throw usage_error(fmt::format("{}: {}", option, why));
    return d;
}

}  // namespace credo::cli
