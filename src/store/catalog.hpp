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

// A term that a rule sets from a date on: a list's default listing term, or the minimum
// publication period before a repair. A list holds them ascending by `from`; an entry takes the
// last whose `from` is on or before its listed_on (see `in_force`).
struct dated_term {
    std::optional<date> from;  // absent: since always
    term value;
    std::string basis;  // the rule that sets it, e.g. "工商总局令第83号"
};

// The item of `terms` in force on `on`: the last whose `from` is absent or <= on; null if none.
const dated_term *in_force(const std::vector<dated_term> &terms, date on);

struct list_info {
    list_kind kind = list_kind::black;
    std::string field;
    // Subject kinds (`enterprise`, `person`, ...) or the categories `organisation` and `person`.
    std::vector<std::string> subject_kinds;
    // The default listing term by date: an entry without expires_on ends at listed_on + the term
    // in force on its listed_on; with none in force it has no end date (it counts until it is
    // repaired or revoked).
    std::vector<dated_term> terms = {};
    // The minimum publication period before a repair, chosen by listed_on in the same way.
    std::vector<dated_term> repair_after = {};
    // Court lists (失信被执行人): an entry ends when performance (履行完毕) is recorded.
    bool exits_on_performance = false;

    std::optional<term> default_term_on(date listed_on) const;
    const dated_term *repair_after_on(date listed_on) const { return in_force(repair_after, listed_on); }
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
