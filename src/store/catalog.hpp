// SPDX-License-Identifier: Apache-2.0
// What the store needs to know of the rule set to validate input: lists and roles.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"

namespace credo::store {

enum class list_kind { black, red };

// A listing term such as `3y`, `18m`, `90d`.
struct term {
    int amount = 0;
    char unit = 'y';  // 'y', 'm' or 'd'
    date after(date start) const;
    std::string to_string() const;
};

struct list_info {
    list_kind kind = list_kind::black;
    std::string field;
    // Subject kinds (`enterprise`, `person`, ...) or the categories `organisation` and `person`.
    std::vector<std::string> subject_kinds;
    std::optional<term> default_term;
};

// The store stands below the rule compiler, so the CLI (and the engine) fill this from the
// compiled rule set; tests build it in code.
struct catalog {
    std::map<std::string, list_info, std::less<>> lists;
    std::set<std::string, std::less<>> roles;

    const list_info *find_list(std::string_view id) const;
    bool has_role(std::string_view role) const { return roles.find(role) != roles.end(); }
    // Whether `kind` (an ids subject kind name) may be held by the list.
    static bool allows(const list_info &list, std::string_view kind);
    // The known id closest to `word` by edit distance, for "did you mean" help; empty if none is close.
    std::string closest_list(std::string_view word) const;
    std::string closest_role(std::string_view word) const;
};

}  // namespace credo::store
