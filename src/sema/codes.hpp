// SPDX-License-Identifier: Apache-2.0
// The stable codes of name-resolution (E02xx) and semantic (E03xx, W03xx) diagnostics; each is
// documented in docs/diagnostics.md.
#pragma once

#include "sema/rule_set.hpp"

namespace credo::sema::codes {

inline constexpr const char *duplicate_id = "E0201";
inline constexpr const char *unknown_list = "E0202";
inline constexpr const char *unknown_scenario = "E0203";
inline constexpr const char *unknown_effect = "E0204";
inline constexpr const char *unknown_role = "E0205";
inline constexpr const char *unknown_field = "E0206";
inline constexpr const char *unknown_subject_kind = "E0207";
inline constexpr const char *unknown_attribute = "E0208";
inline constexpr const char *unknown_memorandum = "E0209";
inline constexpr const char *invalid_value = "E0210";

inline constexpr const char *no_rule_files = "E0300";
inline constexpr const char *missing_property = "E0301";
inline constexpr const char *effect_kind_mismatch = "E0302";
inline constexpr const char *no_scenario = "E0303";
inline constexpr const char *term_not_positive = "E0304";
inline constexpr const char *until_not_after_from = "E0305";
inline constexpr const char *replaces_cycle = "E0306";
inline constexpr const char *never_holds = "E0307";
inline constexpr const char *wrong_literal_type = "E0308";
inline constexpr const char *duplicate_rank = "E0309";
inline constexpr const char *grant_without_measures = "E0310";
inline constexpr const char *measures_without_grant = "E0311";
inline constexpr const char *rank_not_positive_integer = "E0312";
inline constexpr const char *operator_not_allowed = "E0313";
inline constexpr const char *term_dates_out_of_order = "E0314";
inline constexpr const char *reach_not_in_memorandum = "E0315";
inline constexpr const char *reach_outside_memorandum = "E0316";
inline constexpr const char *settled_by_invalid = "E0317";

inline constexpr const char *unreachable_measure = "W0301";
inline constexpr const char *identical_measures = "W0302";

// The "unknown ..." code for a kind of name. Measures and rules are never referred to by name in
// rule files, so they share the memorandum code.
constexpr const char *unknown(entity kind) {
    switch (kind) {
        case entity::list:
            return unknown_list;
        case entity::scenario:
            return unknown_scenario;
        case entity::effect:
            return unknown_effect;
        case entity::role:
            return unknown_role;
        case entity::field:
            return unknown_field;
        case entity::subject_kind:
            return unknown_subject_kind;
        case entity::attribute:
            return unknown_attribute;
        case entity::memorandum:
        case entity::measure:
        case entity::rule:
            return unknown_memorandum;
    }
    return unknown_memorandum;
}

}  // namespace credo::sema::codes
