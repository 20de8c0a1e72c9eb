// SPDX-License-Identifier: Apache-2.0
// The store's view of the rule set: list lookup, subject kinds a list allows, near-miss help.
#include "store/catalog.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "base/edit_distance.hpp"

namespace credo::store {

date term::after(date start) const {
    switch (unit) {
    case 'd': return start.add_days(amount);
    case 'm': return start.add_months(amount);
    default: return start.add_years(amount);
    }
}

std::string term::to_string() const { return fmt::format("{}{}", amount, unit); }

const dated_term *in_force(const std::vector<dated_term> &terms, date on) {
    const dated_term *found = nullptr;
    for (const auto &t : terms) {
        if (!t.from || *t.from <= on) found = &t;
    }
    return found;
}

std::optional<term> list_info::default_term_on(date listed_on) const {
    if (const auto *t = in_force(terms, listed_on)) return t->value;
    return std::nullopt;
}

const list_info *catalog::find_list(std::string_view id) const {
    auto it = lists.find(id);
    return it == lists.end() ? nullptr : &it->second;
}

bool catalog::allows(const list_info &list, std::string_view kind) {
    for (const auto &allowed : list.subject_kinds) {
        if (allowed == kind) return true;
        if (allowed == "organisation" && kind != "person") return true;
    }
    return false;
}

namespace {

template <class Range>
std::string closest(const Range &names, std::string_view word) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto &name : names) {
        std::string_view n(name);
        // A truncated id (`major_tax` for `major_tax_violation`) is as good as a typo.
        std::size_t d = word.size() >= 3 && n.starts_with(word) ? 1 : base::edit_distance(word, name);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best;
}

}  // namespace

std::string catalog::closest_list(std::string_view word) const {
    std::vector<std::string> names;
    for (const auto &[id, info] : lists) names.push_back(id);
    return closest(names, word);
}

std::string catalog::closest_role(std::string_view word) const { return closest(roles, word); }

}  // namespace credo::store
