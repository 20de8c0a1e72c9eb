// SPDX-License-Identifier: Apache-2.0
// CST -> AST conversion and the value-level syntax diagnostics (E0102, E0104, E0106, E0107).
#include "syntax/convert.hpp"

#include <charconv>
#include <fmt/format.h>
#include <map>

#include "syntax/lexical.hpp"

namespace credo::syntax {

namespace {

using F = cst::cond::form;

}  // namespace

diag::span converter::span_of(cst::tok t) const {
    if (t.begin() == nullptr) return {file_, 0, 0};
    return {file_, static_cast<std::uint32_t>(t.begin() - text_.data()), static_cast<std::uint32_t>(t.end() - text_.data())};
}

identifier converter::to_identifier(cst::tok t) const { return {std::string(view(t)), span_of(t)}; }

string_literal converter::to_string(cst::tok t) {
    std::string_view raw = view(t);
    std::string_view body = raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : std::string_view{};
    std::size_t bad_at = 0;
    std::size_t bad_length = 0;
    auto decoded = decode_string(body, bad_at, bad_length);
    if (!decoded) {
        auto where = span_of(t);
        where.begin += static_cast<std::uint32_t>(1 + bad_at);
        where.end = where.begin + static_cast<std::uint32_t>(bad_length);
        std::string_view escape = body.substr(bad_at, bad_length);
        out_.error("E0104", where, fmt::format("invalid escape `{}` in string", escape),
                   "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{XXXX}` (a Unicode scalar value other "
                   "than 0)");
        return {std::string(body), span_of(t)};
    }
    return {std::move(*decoded), span_of(t)};
}

duration converter::to_duration(cst::tok t) {
    std::string_view raw = view(t);
    duration d;
    d.where = span_of(t);
    d.unit = raw.back();
    std::string_view digits = raw.substr(0, raw.size() - 1);
    long long limit = d.unit == 'y' ? 1000 : d.unit == 'm' ? 12000 : 366000;
    long long value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || value > limit) {
        out_.error("E0107", d.where, fmt::format("duration `{}` is out of range", raw),
                   "durations are at most `1000y`, `12000m` or `366000d`");
        value = 0;
    }
    d.amount = static_cast<std::int32_t>(value);
    return d;
}

date_literal converter::to_date(cst::tok t) {
    date_literal d;
    d.where = span_of(t);
    std::string why;
    if (auto value = date::parse(view(t), &why)) {
        d.value = *value;
    } else {
        out_.error("E0106", d.where, fmt::format("invalid date: {}", why),
                   "dates are written `YYYY-MM-DD` with a month and day that exist");
    }
    return d;
}

number_literal converter::to_number(cst::tok t, bool integer) {
    number_literal n;
    n.where = span_of(t);
    n.text = std::string(view(t));
    std::string_view digits = n.text;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    std::size_t whole = digits.find('.');
    if (whole == std::string_view::npos) whole = digits.size();
    std::size_t max_digits = integer ? 9 : 15;
    if (whole > max_digits || digits.size() - whole > 16) {
        out_.error("E0107", n.where, fmt::format("number `{}` is out of range", n.text),
                   integer ? "integers here have at most 9 digits"
                           : "numbers have at most 15 digits before and 15 after the decimal point");
        n.value = 0;
        return n;
    }
    auto [ptr, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), n.value);
    (void)ptr;
    if (ec != std::errc()) n.value = 0;
    return n;
}

literal converter::to_literal(cst::tok t) {
    std::string_view raw = view(t);
    if (!raw.empty() && raw.front() == '"') return to_string(t);
    if (raw.size() == 10 && raw[4] == '-' && raw[7] == '-') return to_date(t);
    char last = raw.empty() ? ' ' : raw.back();
    if (last == 'y' || last == 'm' || last == 'd') return to_duration(t);
    return to_number(t, false);
}

compare_op converter::to_op(cst::tok t) const {
    std::string_view op = view(t);
    if (op == "==") return compare_op::eq;
    if (op == "!=") return compare_op::ne;
    if (op == "<") return compare_op::lt;
    if (op == "<=") return compare_op::le;
    if (op == ">") return compare_op::gt;
    return compare_op::ge;
}

condition converter::to_condition(const cst::cond &c) {
    condition out;
    out.where = span_of(c.where);
    switch (c.kind) {
    case F::or_:
    case F::and_:
    case F::not_: {
        logical l;
        l.kind = c.kind == F::or_ ? logical::op::or_ : c.kind == F::and_ ? logical::op::and_ : logical::op::not_;
        for (const auto &child : c.children) l.operands.push_back(to_condition(child));
        out.node = std::move(l);
        break;
    }
    case F::listed: out.node = membership{membership::scope::list, to_identifier(c.name)}; break;
    case F::listed_any: out.node = membership{membership::scope::any_of_kind, to_identifier(c.name)}; break;
    case F::listed_field: out.node = membership{membership::scope::field, to_identifier(c.name)}; break;
    case F::black_fields: {
        black_field_count b;
        b.op = to_op(c.op);
        auto n = to_number(c.values.at(0), true);
        b.value = static_cast<std::int64_t>(n.value);
        b.value_where = n.where;
        out.node = b;
        break;
    }
    case F::subject_is: {
        subject_is s;
        for (auto t : c.values) s.kinds.push_back(to_identifier(t));
        out.node = std::move(s);
        break;
    }
    case F::reached: {
        reached r;
        for (auto t : c.values) r.roles.push_back(to_identifier(t));
        out.node = std::move(r);
        break;
    }
    case F::clean_for: out.node = clean_for{to_op(c.op), to_duration(c.values.at(0))}; break;
    case F::rating_compare:
    case F::rating_in: {
        credit_rating r;
        if (c.kind == F::rating_compare) r.op = to_op(c.op);
        for (auto t : c.values) r.values.push_back(to_literal(t));
        out.node = std::move(r);
        break;
    }
    case F::attribute_compare:
    case F::attribute_in:
    case F::has: {
        attribute_test a;
        a.kind = c.kind == F::attribute_compare ? attribute_test::form::compare
                 : c.kind == F::attribute_in    ? attribute_test::form::in_set
                                                : attribute_test::form::present;
        a.name = to_identifier(c.name);
        if (c.kind == F::attribute_compare) a.op = to_op(c.op);
        for (auto t : c.values) a.values.push_back(to_literal(t));
        out.node = std::move(a);
        break;
    }
    case F::true_: out.node = boolean_constant{true}; break;
    case F::false_: out.node = boolean_constant{false}; break;
    }
    return out;
}

namespace {

// Reports a property given twice in one declaration (E0102); returns true for the first.
class seen_properties {
public:
    seen_properties(const converter &c, diag::diagnostics &out) : converter_(c), out_(out) {}
    bool first(const cst::prop &p) {
        std::string_view key(p.key.begin(), p.key.size());
        auto [it, inserted] = seen_.emplace(key, p.key);
        if (inserted) return true;
        diag::diagnostic d;
        d.code = "E0102";
        d.message = fmt::format("`{}` is given twice", key);
        d.primary = converter_.span_of(p.key);
        d.secondary.push_back({converter_.span_of(it->second), fmt::format("`{}` is first given here", key)});
        d.help = "each property may appear at most once in a declaration; remove one of them";
        out_.add(std::move(d));
        return false;
    }

private:
    const converter &converter_;
    diag::diagnostics &out_;
    std::map<std::string_view, cst::tok> seen_;
};

}  // namespace

std::vector<dated_duration> converter::to_dated_terms(const cst::prop &p) {
    // The grammar gives each item as a duration followed by an optional date and string.
    std::vector<dated_duration> out;
    for (auto t : p.values) {
        std::string_view raw = view(t);
        if (!raw.empty() && raw.front() == '"') {
            if (!out.empty()) out.back().basis = to_string(t);
        } else if (raw.size() == 10 && raw[4] == '-') {
            if (!out.empty()) out.back().from = to_date(t);
        } else {
            out.push_back(dated_duration{to_duration(t), {}, {}, span_of(t)});
        }
        if (!out.empty()) out.back().where.end = span_of(t).end;
    }
    return out;
}

reach_clause converter::to_reach(const cst::prop &p) const {
    reach_clause r;
    r.where = span_of(p.where);
    if (p.values.size() == 1 && view(p.values.front()) == "none") return r;
    for (auto t : p.values) r.roles.push_back(to_identifier(t));
    return r;
}

measure_decl converter::convert_measure(const cst::decl &d) {
    measure_decl m;
    m.id = to_identifier(d.id);
    m.text = to_string(d.text);
    m.where = span_of(d.where);
    seen_properties seen(*this, out_);
    for (const auto &p : d.props) {
        if (!seen.first(p)) continue;
        std::string_view key(p.key.begin(), p.key.size());
        if (key == "implementer") {
            for (auto t : p.values) m.implementers.push_back(to_string(t));
        } else if (key == "scenarios") {
            for (auto t : p.values) m.scenarios.push_back(to_identifier(t));
        } else if (key == "effect") {
            m.effect = to_identifier(p.values.at(0));
        } else if (key == "binding") {
            m.binding = to_identifier(p.values.at(0));
        } else if (key == "basis") {
            m.basis = to_string(p.values.at(0));
        } else if (key == "when") {
            m.when = to_condition(p.condition.at(0));
        } else if (key == "term") {
            m.term = to_duration(p.values.at(0));
        } else if (key == "applies_to") {
            m.applies_to = to_identifier(p.values.at(0));
        } else if (key == "effective") {
            m.effective_from = to_date(p.values.at(0));
            if (p.values.size() > 1) m.effective_until = to_date(p.values.at(1));
        } else if (key == "reaches") {
            m.reaches = to_reach(p);
        } else if (key == "reaches_organisations") {
            m.reaches_organisations = to_reach(p);
        } else if (key == "verify") {
            m.verify = to_string(p.values.at(0));
        } else if (key == "settled_by") {
            m.settled_by = to_identifier(p.values.at(0));
        }
    }
    return m;
}

std::optional<declaration> converter::convert(const cst::decl &d) {
    std::string_view keyword(d.keyword.begin(), d.keyword.size());
    seen_properties seen(*this, out_);
    auto each = [&](auto &&handle) {
        for (const auto &p : d.props) {
            if (seen.first(p)) handle(std::string_view(p.key.begin(), p.key.size()), p);
        }
    };
    if (keyword == "list") {
        list_decl l;
        l.id = to_identifier(d.id);
        l.name = to_string(d.text);
        l.where = span_of(d.where);
        each([&](std::string_view key, const cst::prop &p) {
            if (key == "kind") l.kind = to_identifier(p.values.at(0));
            else if (key == "field") l.field = to_identifier(p.values.at(0));
            else if (key == "initiator") for (auto t : p.values) l.initiators.push_back(to_string(t));
            else if (key == "subjects") for (auto t : p.values) l.subjects.push_back(to_identifier(t));
            else if (key == "term") l.term = to_dated_terms(p);
            else if (key == "max_term") l.max_term = to_dated_terms(p);
            else if (key == "repair_after") l.repair_after = to_dated_terms(p);
            else if (key == "exits_on") l.exits_on = to_identifier(p.values.at(0));
            else if (key == "basis") l.basis = to_string(p.values.at(0));
        });
        return l;
    }
    if (keyword == "memorandum") {
        memorandum_decl m;
        m.id = to_identifier(d.id);
        m.title = to_string(d.text);
        m.where = span_of(d.where);
        each([&](std::string_view key, const cst::prop &p) {
            if (key == "document") for (auto t : p.values) m.documents.push_back(to_string(t));
            else if (key == "signatories") for (auto t : p.values) m.signatories.push_back(to_string(t));
            else if (key == "targets") for (auto t : p.values) m.targets.push_back(to_identifier(t));
            else if (key == "extends_to") for (auto t : p.values) m.extends_to.push_back(to_identifier(t));
            else if (key == "extends_to_organisations")
                for (auto t : p.values) m.extends_to_organisations.push_back(to_identifier(t));
            else if (key == "effective") {
                m.effective_from = to_date(p.values.at(0));
                if (p.values.size() > 1) m.effective_until = to_date(p.values.at(1));
            } else if (key == "replaces") m.replaces = to_identifier(p.values.at(0));
        });
        for (const auto &measure : d.measures) m.measures.push_back(convert_measure(measure));
        return m;
    }
    if (keyword == "measure") return std::nullopt;
    if (keyword == "rule") {
        rule_decl r;
        r.id = to_identifier(d.id);
        r.text = to_string(d.text);
        r.where = span_of(d.where);
        each([&](std::string_view key, const cst::prop &p) {
            if (key == "when") r.when = to_condition(p.condition.at(0));
            else if (key == "then") for (auto t : p.values) r.actions.push_back(to_identifier(t));
        });
        for (const auto &measure : d.measures) r.measures.push_back(convert_measure(measure));
        return r;
    }
    identifier id = to_identifier(d.id);
    string_literal name = to_string(d.text);
    diag::span where = span_of(d.where);
    if (keyword == "scenario") {
        scenario_decl s{std::move(id), std::move(name), {}, where};
        each([&](std::string_view, const cst::prop &p) { s.group = to_identifier(p.values.at(0)); });
        return s;
    }
    if (keyword == "effect") {
        effect_decl e{std::move(id), std::move(name), {}, {}, where};
        each([&](std::string_view key, const cst::prop &p) {
            if (key == "kind") e.kind = to_identifier(p.values.at(0));
            else if (key == "rank") e.rank = to_number(p.values.at(0), true);
        });
        return e;
    }
    if (keyword == "role") return role_decl{std::move(id), std::move(name), where};
    if (keyword == "subject_kind") {
        subject_kind_decl s{std::move(id), std::move(name), {}, where};
        each([&](std::string_view, const cst::prop &p) { s.category = to_identifier(p.values.at(0)); });
        return s;
    }
    if (keyword == "field") return field_decl{std::move(id), std::move(name), where};
    if (keyword == "attribute") {
        attribute_decl a{std::move(id), std::move(name), {}, where};
        each([&](std::string_view, const cst::prop &p) { a.type = to_identifier(p.values.at(0)); });
        return a;
    }
    return std::nullopt;
}

}  // namespace credo::syntax
