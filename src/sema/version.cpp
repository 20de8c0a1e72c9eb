// SPDX-License-Identifier: Apache-2.0
// The canonical serialization of a rule set's meaning and the SHA-256 that names its version.
#include "sema/version.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "base/sha256.hpp"

namespace credo::sema {

namespace {

// Length-prefixed, so that no text can imitate the structure around it.
std::string str(std::string_view s) {
    return fmt::format("{}:{}", s.size(), s);
}

std::string set_of(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

template <class Index, class Name>
std::vector<std::string> names(const std::vector<Index> &indexes, Name name) {
    std::vector<std::string> out;
    for (auto i : indexes) out.push_back(str(name(i)));
    return out;
}

std::vector<std::string> strings(const std::vector<std::string> &items) {
    std::vector<std::string> out;
    for (const auto &s : items) out.push_back(str(s));
    return out;
}

std::string opt_date(const std::optional<date> &d) {
    return d ? d->to_string() : "-";
}

std::string literal(const literal_value &v) {
    if (const auto *n = std::get_if<double>(&v)) return fmt::format("n{}", *n);
    if (const auto *s = std::get_if<std::string>(&v)) return "s" + str(*s);
    return "d" + std::get<date>(v).to_string();
}

class canonical_printer {
public:
    canonical_printer(const rule_set &r, const compiled_condition &c) : r_(r), c_(c) {}

    std::string print(std::uint32_t at) const {
        const condition_node &n = c_.nodes[at];
        auto operand = [&](std::uint32_t i) { return c_.operands[n.first + i]; };
        switch (n.what) {
            case condition_node::kind::constant:
                return n.value ? "true" : "false";
            case condition_node::kind::all_of:
            case condition_node::kind::any_of: {
                std::vector<std::string> parts;
                flatten(at, n.what, parts);
                return (n.what == condition_node::kind::all_of ? "and" : "or") + set_of(std::move(parts));
            }
            case condition_node::kind::negation:
                return "not(" + print(operand(0)) + ")";
            case condition_node::kind::listed:
                return "listed(" + str(r_.list(static_cast<list_index>(n.value)).id) + ")";
            case condition_node::kind::listed_any:
                return fmt::format("listed_any({})", to_string(static_cast<list_kind>(n.value)));
            case condition_node::kind::listed_field:
                return "listed_field(" + str(r_.field(static_cast<field_index>(n.value)).id) + ")";
            case condition_node::kind::black_fields:
                return fmt::format("black_fields({},{})", to_string(n.op), n.number);
            case condition_node::kind::subject_is: {
                std::vector<std::string> kinds;
                for (std::uint32_t i = 0; i < n.count; ++i) {
                    kinds.push_back(str(r_.subject_kind(static_cast<subject_kind_index>(operand(i))).id));
                }
                return "subject_is" + set_of(std::move(kinds));
            }
            case condition_node::kind::reached:
                return "reached";
            case condition_node::kind::reached_as: {
                std::vector<std::string> roles;
                for (std::uint32_t i = 0; i < n.count; ++i)
                    roles.push_back(str(r_.role(static_cast<role_index>(operand(i))).id));
                return "reached_as" + set_of(std::move(roles));
            }
            case condition_node::kind::clean_for:
                return fmt::format("clean_for({},{})", to_string(n.op), n.duration.to_string());
            case condition_node::kind::rating_compare:
                return fmt::format("rating({},{})", to_string(n.op), literal(c_.values[n.first]));
            case condition_node::kind::rating_in:
                return "rating_in" + values(n);
            case condition_node::kind::attribute_compare:
                return fmt::format("attribute({},{},{})", str(r_.attribute(static_cast<attribute_index>(n.value)).id),
                                   to_string(n.op), literal(c_.values[n.first]));
            case condition_node::kind::attribute_in:
                return fmt::format("attribute_in({},{})", str(r_.attribute(static_cast<attribute_index>(n.value)).id),
                                   values(n));
            case condition_node::kind::attribute_present:
                return "has(" + str(r_.attribute(static_cast<attribute_index>(n.value)).id) + ")";
        }
        return "true";
    }

private:
    // `(a and b) and c` means `a and b and c`: nested operands of the same kind are merged.
    void flatten(std::uint32_t at, condition_node::kind kind, std::vector<std::string> &parts) const {
        const condition_node &n = c_.nodes[at];
        for (std::uint32_t i = 0; i < n.count; ++i) {
            std::uint32_t child = c_.operands[n.first + i];
            if (c_.nodes[child].what == kind)
                flatten(child, kind, parts);
            else
                parts.push_back(print(child));
        }
    }

    std::string values(const condition_node &n) const {
        std::vector<std::string> out;
        for (std::uint32_t i = 0; i < n.count; ++i) out.push_back(literal(c_.values[n.first + i]));
        return set_of(std::move(out));
    }

    const rule_set &r_;
    const compiled_condition &c_;
};

template <class Info, class Line>
void section(std::string &out, std::string_view title, std::span<const Info> infos, Line line) {
    std::vector<std::string> lines;
    for (const auto &info : infos) lines.push_back(line(info));
    std::sort(lines.begin(), lines.end());
    out += fmt::format("{} {}\n", title, lines.size());
    for (const auto &l : lines) out += l + "\n";
}

}  // namespace

std::string canonical_condition(const rule_set &rules, const compiled_condition &condition) {
    if (condition.empty()) return "always";
    return canonical_printer(rules, condition).print(static_cast<std::uint32_t>(condition.nodes.size() - 1));
}

std::string canonical_form(const rule_set &r) {
    std::string out = "credo-rules 1\n";
    auto list_id = [&](list_index i) { return r.list(i).id; };
    auto role_id = [&](role_index i) { return r.role(i).id; };
    auto term_text = [](const std::optional<term> &t) { return t ? t->to_string() : std::string("-"); };
    auto dated_text = [](const std::vector<dated_term> &terms) {
        std::string out = "[";
        for (const auto &t : terms) {
            if (out.size() > 1) out += ",";
            out += fmt::format("{}@{}:{}", t.value.to_string(), opt_date(t.from), str(t.basis));
        }
        return out + "]";
    };
    section(out, "scenarios", r.scenarios(), [](const scenario_info &s) {
        return fmt::format("scenario {} {} {}", str(s.id), str(s.name), str(s.group));
    });
    section(out, "effects", r.effects(), [](const effect_info &e) {
        return fmt::format("effect {} {} {} {}", str(e.id), str(e.name), to_string(e.kind), e.rank);
    });
    section(out, "roles", r.roles(),
            [](const role_info &x) { return fmt::format("role {} {}", str(x.id), str(x.name)); });
    section(out, "fields", r.fields(),
            [](const field_info &x) { return fmt::format("field {} {}", str(x.id), str(x.name)); });
    section(out, "subject_kinds", r.subject_kinds(), [](const subject_kind_info &x) {
        return fmt::format("subject_kind {} {} {}", str(x.id), str(x.name), to_string(x.category));
    });
    section(out, "attributes", r.attributes(), [](const attribute_info &x) {
        return fmt::format("attribute {} {} {}", str(x.id), str(x.name), to_string(x.type));
    });
    section(out, "lists", r.lists(), [&](const list_info &l) {
        return fmt::format("list {} {} {} {} {} {} {} {} {} {} {}", str(l.id), str(l.name), to_string(l.kind),
                           str(r.field(l.field).id), set_of(strings(l.initiators)),
                           set_of(names(l.subjects, [&](subject_kind_index k) { return r.subject_kind(k).id; })),
                           dated_text(l.terms), dated_text(l.max_terms), dated_text(l.repair_after),
                           l.exits_on_performance ? "performance" : "-", str(l.basis));
    });
    section(out, "memorandums", r.memorandums(), [&](const memorandum_info &m) {
        return fmt::format(
            "memorandum {} {} {} {} {} {} {} {} {} {}", str(m.id), str(m.title), set_of(strings(m.documents)),
            set_of(strings(m.signatories)), set_of(names(m.targets, list_id)), set_of(names(m.extends_to, role_id)),
            set_of(names(m.extends_to_organisations, role_id)), opt_date(m.effective.from), opt_date(m.declared_until),
            m.replaces ? str(r.memorandum(*m.replaces).id) : std::string("-"));
    });
    section(out, "rules", r.rules(), [&](const rule_info &x) {
        std::vector<std::string> actions;
        for (std::size_t a = 0; a < rule_action_count; ++a) {
            if (x.actions[a]) actions.emplace_back(to_string(static_cast<rule_action>(a)));
        }
        return fmt::format("rule {} {} {} {}", str(x.id), str(x.text), canonical_condition(r, x.condition),
                           set_of(std::move(actions)));
    });
    section(out, "measures", r.measures(), [&](const measure_info &m) {
        std::string owner =
            m.memorandum ? "memorandum " + str(r.memorandum(*m.memorandum).id) : "rule " + str(r.rule(*m.rule).id);
        // The measure's own dates are recovered as its effective range; the memorandum's part of
        // the intersection is already in the memorandum's line, so this stays a function of the
        // declarations.
        // The reach is the resolved one (a measure inheriting its memorandum's roles and one
        // stating the same roles mean the same).
        return fmt::format("measure {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {}", str(m.id), str(m.text), owner,
                           set_of(strings(m.implementers)),
                           set_of(names(m.scenarios, [&](scenario_index s) { return r.scenario(s).id; })),
                           str(r.effect(m.effect).id), to_string(m.binding), str(m.basis),
                           canonical_condition(r, m.condition), term_text(m.term), to_string(m.applies),
                           opt_date(m.effective.from), opt_date(m.effective.until), set_of(names(m.reaches, role_id)),
                           set_of(names(m.reaches_organisations, role_id)), str(m.verify),
                           m.settled_by ? str(r.attribute(*m.settled_by).id) : std::string("-"));
    });
    return out;
}

std::string sha256_hex(std::string_view data) { return base::sha256_hex(data); }

}  // namespace credo::sema
