// SPDX-License-Identifier: Apache-2.0
// Lookups, indexes and condition evaluation of the compiled rule set.
#include "sema/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/edit_distance.hpp"

namespace credo::sema {

std::string_view to_string(entity e) {
    switch (e) {
        case entity::list:
            return "list";
        case entity::memorandum:
            return "memorandum";
        case entity::measure:
            return "measure";
        case entity::rule:
            return "rule";
        case entity::scenario:
            return "scenario";
        case entity::effect:
            return "effect";
        case entity::role:
            return "role";
        case entity::field:
            return "field";
        case entity::subject_kind:
            return "subject_kind";
        case entity::attribute:
            return "attribute";
    }
    return "list";
}

std::string_view to_string(list_kind k) {
    return k == list_kind::black ? "black" : "red";
}
std::string_view to_string(effect_kind k) {
    return k == effect_kind::punishment ? "punishment" : "incentive";
}
std::string_view to_string(binding_kind k) {
    return k == binding_kind::mandatory ? "mandatory" : "recommended";
}

std::string_view to_string(applies_to a) {
    switch (a) {
        case applies_to::all:
            return "all";
        case applies_to::listed:
            return "listed";
        case applies_to::related:
            return "related";
    }
    return "all";
}

std::string_view to_string(subject_category c) {
    return c == subject_category::organisation ? "organisation" : "person";
}

std::string_view to_string(attribute_type t) {
    switch (t) {
        case attribute_type::number:
            return "number";
        case attribute_type::string:
            return "string";
        case attribute_type::date:
            return "date";
        case attribute_type::boolean:
            return "boolean";
    }
    return "number";
}

std::string_view to_string(rule_action a) {
    switch (a) {
        case rule_action::escalate:
            return "escalate";
        case rule_action::suppress_incentives:
            return "suppress_incentives";
        case rule_action::grant:
            return "grant";
    }
    return "escalate";
}

std::string_view to_string(compare_op op) {
    switch (op) {
        case compare_op::eq:
            return "==";
        case compare_op::ne:
            return "!=";
        case compare_op::lt:
            return "<";
        case compare_op::le:
            return "<=";
        case compare_op::gt:
            return ">";
        case compare_op::ge:
            return ">=";
    }
    return "==";
}

const dated_term *term_on(std::span<const dated_term> terms, date listed_on) {
    const dated_term *found = nullptr;
    for (const auto &t : terms) {
        if (t.from && listed_on < *t.from) break;
        found = &t;
    }
    return found;
}

date term::after(date from) const {
    return unit == unit::days ? from.add_days(amount) : from.add_months(amount);
}

std::string term::to_string() const {
    if (unit == unit::days) return fmt::format("{}d", amount);
    if (amount % 12 == 0) return fmt::format("{}y", amount / 12);
    return fmt::format("{}m", amount);
}

// ---- lookups ----------------------------------------------------------------------------------

std::optional<std::uint32_t> rule_set::find(entity kind, std::string_view id) const {
    const auto &map = ids_[static_cast<std::size_t>(kind)];
    auto it = map.find(id);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

namespace {
template <class Index>
std::optional<Index> as(std::optional<std::uint32_t> i) {
    if (!i) return std::nullopt;
    return static_cast<Index>(*i);
}
}  // namespace

std::optional<list_index> rule_set::find_list(std::string_view id) const {
    return as<list_index>(find(entity::list, id));
}
std::optional<memorandum_index> rule_set::find_memorandum(std::string_view id) const {
    return as<memorandum_index>(find(entity::memorandum, id));
}
std::optional<measure_index> rule_set::find_measure(std::string_view id) const {
    return as<measure_index>(find(entity::measure, id));
}
std::optional<rule_index> rule_set::find_rule(std::string_view id) const {
    return as<rule_index>(find(entity::rule, id));
}
std::optional<scenario_index> rule_set::find_scenario(std::string_view id) const {
    return as<scenario_index>(find(entity::scenario, id));
}
std::optional<effect_index> rule_set::find_effect(std::string_view id) const {
    return as<effect_index>(find(entity::effect, id));
}
std::optional<role_index> rule_set::find_role(std::string_view id) const {
    return as<role_index>(find(entity::role, id));
}
std::optional<field_index> rule_set::find_field(std::string_view id) const {
    return as<field_index>(find(entity::field, id));
}
std::optional<subject_kind_index> rule_set::find_subject_kind(std::string_view id) const {
    return as<subject_kind_index>(find(entity::subject_kind, id));
}
std::optional<attribute_index> rule_set::find_attribute(std::string_view id) const {
    return as<attribute_index>(find(entity::attribute, id));
}

namespace {
template <class Info>
std::optional<std::string_view> nearest(std::span<const Info> infos, std::string_view id, std::size_t max_distance) {
    std::optional<std::string_view> best;
    std::size_t best_distance = max_distance;
    for (const auto &info : infos) {
        std::size_t d = base::edit_distance(id, info.id);
        if (d < best_distance || (!best && d <= best_distance)) {
            best = info.id;
            best_distance = d;
        }
    }
    return best;
}
}  // namespace

std::optional<std::string_view> rule_set::closest(entity kind, std::string_view id, std::size_t max_distance) const {
    switch (kind) {
        case entity::list:
            return nearest(lists(), id, max_distance);
        case entity::memorandum:
            return nearest(memorandums(), id, max_distance);
        case entity::measure:
            return nearest(measures(), id, max_distance);
        case entity::rule:
            return nearest(rules(), id, max_distance);
        case entity::scenario:
            return nearest(scenarios(), id, max_distance);
        case entity::effect:
            return nearest(effects(), id, max_distance);
        case entity::role:
            return nearest(roles(), id, max_distance);
        case entity::field:
            return nearest(fields(), id, max_distance);
        case entity::subject_kind:
            return nearest(subject_kinds(), id, max_distance);
        case entity::attribute:
            return nearest(attributes(), id, max_distance);
    }
    return std::nullopt;
}

// ---- indexes ----------------------------------------------------------------------------------

std::span<const measure_index> rule_set::measures_for(list_index list, scenario_index scenario) const {
    std::size_t slot = to_pos(list) * scenarios_.size() + to_pos(scenario);
    if (slot + 1 >= for_offsets_.size()) return {};
    return std::span<const measure_index>(for_measures_)
        .subspan(for_offsets_[slot], for_offsets_[slot + 1] - for_offsets_[slot]);
}

std::span<const measure_index> rule_set::granted_measures(scenario_index scenario) const {
    std::size_t slot = to_pos(scenario);
    if (slot + 1 >= granted_offsets_.size()) return {};
    return std::span<const measure_index>(granted_measures_)
        .subspan(granted_offsets_[slot], granted_offsets_[slot + 1] - granted_offsets_[slot]);
}

std::span<const rule_index> rule_set::rules_with(rule_action action) const {
    return rules_with_[static_cast<std::size_t>(action)];
}

std::span<const list_index> rule_set::lists_of_field(field_index field) const {
    std::size_t slot = to_pos(field);
    if (slot + 1 >= field_offsets_.size()) return {};
    return std::span<const list_index>(field_lists_)
        .subspan(field_offsets_[slot], field_offsets_[slot + 1] - field_offsets_[slot]);
}

bool rule_set::may_hold(list_index list, subject_kind_index kind) const {
    const auto &subjects = lists_[to_pos(list)].subjects;
    return std::find(subjects.begin(), subjects.end(), kind) != subjects.end();
}

// ---- evaluation -------------------------------------------------------------------------------

namespace {

template <class T>
bool compare(const T &a, compare_op op, const T &b) {
    switch (op) {
        case compare_op::eq:
            return a == b;
        case compare_op::ne:
            return a != b;
        case compare_op::lt:
            return a < b;
        case compare_op::le:
            return a <= b;
        case compare_op::gt:
            return a > b;
        case compare_op::ge:
            return a >= b;
    }
    return false;
}

// Compares a supplied attribute with a literal; absent values and mismatched types are false.
bool compare_value(const attribute_value &supplied, compare_op op, const literal_value &literal) {
    if (const auto *n = std::get_if<double>(&supplied)) {
        const auto *l = std::get_if<double>(&literal);
        return l && compare(*n, op, *l);
    }
    if (const auto *s = std::get_if<std::string_view>(&supplied)) {
        const auto *l = std::get_if<std::string>(&literal);
        return l && compare(*s, op, std::string_view(*l));
    }
    if (const auto *d = std::get_if<date>(&supplied)) {
        const auto *l = std::get_if<date>(&literal);
        return l && compare(*d, op, *l);
    }
    return false;
}

class evaluator {
public:
    evaluator(const compiled_condition &c, const fact_source &f) : c_(c), f_(f) {}

    bool eval(std::uint32_t at) const {
        const condition_node &n = c_.nodes[at];
        switch (n.what) {
            case condition_node::kind::constant:
                return n.value != 0;
            case condition_node::kind::all_of:
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (!eval(c_.operands[n.first + i])) return false;
                }
                return true;
            case condition_node::kind::any_of:
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (eval(c_.operands[n.first + i])) return true;
                }
                return false;
            case condition_node::kind::negation:
                return !eval(c_.operands[n.first]);
            case condition_node::kind::listed:
                return f_.listed(static_cast<list_index>(n.value));
            case condition_node::kind::listed_any:
                return f_.listed_any(static_cast<list_kind>(n.value));
            case condition_node::kind::listed_field:
                return f_.listed_in_field(static_cast<field_index>(n.value));
            case condition_node::kind::black_fields:
                return compare(static_cast<std::int64_t>(f_.black_field_count()), n.op, n.number);
            case condition_node::kind::subject_is: {
                auto kind = static_cast<std::uint32_t>(f_.subject_kind());
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (c_.operands[n.first + i] == kind) return true;
                }
                return false;
            }
            case condition_node::kind::reached:
                return !f_.reached_via().empty();
            case condition_node::kind::reached_as:
                for (role_index role : f_.reached_via()) {
                    for (std::uint32_t i = 0; i < n.count; ++i) {
                        if (c_.operands[n.first + i] == static_cast<std::uint32_t>(role)) return true;
                    }
                }
                return false;
            case condition_node::kind::clean_for: {
                auto since = f_.clean_since();
                if (!since) {
                    // Never on a black list: clean for longer than any duration.
                    return n.op == compare_op::gt || n.op == compare_op::ge || n.op == compare_op::ne;
                }
                // clean_for CMP D  <=>  as_of CMP since + D (calendar arithmetic, as terms are read).
                return compare(f_.as_of(), n.op, n.duration.after(*since));
            }
            case condition_node::kind::rating_compare: {
                auto rating = f_.credit_rating();
                if (!rating) return false;
                return compare_value(attribute_value(*rating), n.op, c_.values[n.first]);
            }
            case condition_node::kind::rating_in: {
                auto rating = f_.credit_rating();
                if (!rating) return false;
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (compare_value(attribute_value(*rating), compare_op::eq, c_.values[n.first + i])) return true;
                }
                return false;
            }
            case condition_node::kind::attribute_compare:
                return compare_value(f_.attribute(static_cast<attribute_index>(n.value)), n.op, c_.values[n.first]);
            case condition_node::kind::attribute_in: {
                auto supplied = f_.attribute(static_cast<attribute_index>(n.value));
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (compare_value(supplied, compare_op::eq, c_.values[n.first + i])) return true;
                }
                return false;
            }
            case condition_node::kind::attribute_present:
                return !std::holds_alternative<std::monostate>(f_.attribute(static_cast<attribute_index>(n.value)));
        }
        return false;
    }

private:
    const compiled_condition &c_;
    const fact_source &f_;
};

}  // namespace

bool evaluate(const compiled_condition &condition, const fact_source &facts) {
    if (condition.empty()) return true;
    return evaluator(condition, facts).eval(static_cast<std::uint32_t>(condition.nodes.size() - 1));
}

// ---- printing ---------------------------------------------------------------------------------

namespace {

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\t') {
            out += "\\t";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string print_literal(const literal_value &v) {
    if (const auto *n = std::get_if<double>(&v)) return fmt::format("{}", *n);
    if (const auto *s = std::get_if<std::string>(&v)) return quote(*s);
    return std::get<date>(v).to_string();
}

class printer {
public:
    printer(const rule_set &rules, const compiled_condition &c) : r_(rules), c_(c) {}

    // `parent` is the precedence of the context: 0 or, 1 and, 2 not.
    std::string print(std::uint32_t at, int parent) const {
        const condition_node &n = c_.nodes[at];
        auto join = [&](std::string_view sep, int own) {
            std::string out;
            for (std::uint32_t i = 0; i < n.count; ++i) {
                if (i) out += sep;
                out += print(c_.operands[n.first + i], own + 1);
            }
            return parent > own ? "(" + out + ")" : out;
        };
        auto values = [&] {
            std::string out = "(";
            for (std::uint32_t i = 0; i < n.count; ++i) {
                if (i) out += ", ";
                out += print_literal(c_.values[n.first + i]);
            }
            return out + ")";
        };
        switch (n.what) {
            case condition_node::kind::constant:
                return n.value ? "true" : "false";
            case condition_node::kind::all_of:
                return join(" and ", 1);
            case condition_node::kind::any_of:
                return join(" or ", 0);
            case condition_node::kind::negation:
                return "not " + print(c_.operands[n.first], 2);
            case condition_node::kind::listed:
                return "listed " + r_.list(static_cast<list_index>(n.value)).id;
            case condition_node::kind::listed_any:
                return fmt::format("listed any {}", to_string(static_cast<list_kind>(n.value)));
            case condition_node::kind::listed_field:
                return "listed field " + r_.field(static_cast<field_index>(n.value)).id;
            case condition_node::kind::black_fields:
                return fmt::format("black_fields {} {}", to_string(n.op), n.number);
            case condition_node::kind::subject_is: {
                std::string out = "subject is ";
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (i) out += ", ";
                    out += r_.subject_kind(static_cast<subject_kind_index>(c_.operands[n.first + i])).id;
                }
                return out;
            }
            case condition_node::kind::reached:
                return "reached";
            case condition_node::kind::reached_as: {
                std::string out = "reached as ";
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    if (i) out += ", ";
                    out += r_.role(static_cast<role_index>(c_.operands[n.first + i])).id;
                }
                return out;
            }
            case condition_node::kind::clean_for:
                return fmt::format("clean_for {} {}", to_string(n.op), n.duration.to_string());
            case condition_node::kind::rating_compare:
                return fmt::format("credit_rating {} {}", to_string(n.op), print_literal(c_.values[n.first]));
            case condition_node::kind::rating_in:
                return "credit_rating in " + values();
            case condition_node::kind::attribute_compare:
                return fmt::format("{} {} {}", r_.attribute(static_cast<attribute_index>(n.value)).id, to_string(n.op),
                                   print_literal(c_.values[n.first]));
            case condition_node::kind::attribute_in:
                return r_.attribute(static_cast<attribute_index>(n.value)).id + " in " + values();
            case condition_node::kind::attribute_present:
                return "has " + r_.attribute(static_cast<attribute_index>(n.value)).id;
        }
        return "true";
    }

private:
    const rule_set &r_;
    const compiled_condition &c_;
};

}  // namespace

std::string rule_set::describe(const compiled_condition &condition) const {
    if (condition.empty()) return "true";
    return printer(*this, condition).print(static_cast<std::uint32_t>(condition.nodes.size() - 1), 0);
}

}  // namespace credo::sema
