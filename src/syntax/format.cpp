// SPDX-License-Identifier: Apache-2.0
// The canonical printer and AST equality. Printing goes through a small layout tree (blocks of
// one-line properties and nested blocks) so that comments can be attached by source position
// and move with the property or declaration they belong to.
#include "syntax/format.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "syntax/lexical.hpp"

namespace credo::syntax {

namespace {

// ---- values -----------------------------------------------------------------------------------

std::string op_text(compare_op op) {
    switch (op) {
    case compare_op::eq: return "==";
    case compare_op::ne: return "!=";
    case compare_op::lt: return "<";
    case compare_op::le: return "<=";
    case compare_op::gt: return ">";
    case compare_op::ge: return ">=";
    }
    return "==";
}

std::string text_of(const identifier &i) { return i.name; }
std::string text_of(const string_literal &s) { return quote_string(s.value); }
std::string text_of(const duration &d) { return fmt::format("{}{}", d.amount, d.unit); }
std::string text_of(const date_literal &d) { return d.value.to_string(); }
std::string text_of(const number_literal &n) { return n.text.empty() ? fmt::format("{}", n.value) : n.text; }
std::string text_of(const literal &l) {
    return std::visit([](const auto &v) { return text_of(v); }, l);
}

std::string text_of(const dated_duration &t);
std::string text_of(const reach_clause &r);

template <typename T>
std::string join(const std::vector<T> &items) {
    std::string out;
    for (const auto &item : items) {
        if (!out.empty()) out += ", ";
        out += text_of(item);
    }
    return out;
}

std::string text_of(const dated_duration &t) {
    std::string out = text_of(t.value);
    if (t.from) out += " from " + text_of(*t.from);
    if (t.basis) out += " " + text_of(*t.basis);
    return out;
}
std::string text_of(const reach_clause &r) { return r.roles.empty() ? std::string("none") : join(r.roles); }

const logical *as_logical(const condition &c) { return std::get_if<logical>(&c.node); }

bool is_chain(const condition &c, logical::op kind) {
    const auto *l = as_logical(c);
    return l && l->kind == kind && l->operands.size() > 1;
}

std::string text_of(const condition &c);


// Parentheses only where the reading would change, plus around a chain nested in a chain of
// the same operator (which only comes from parentheses in the source) so the tree is kept.
std::string operand_text(const condition &c, logical::op parent) {
    bool wrap = false;
    if (parent == logical::op::not_) wrap = is_chain(c, logical::op::and_) || is_chain(c, logical::op::or_);
    else if (parent == logical::op::and_) wrap = is_chain(c, logical::op::and_) || is_chain(c, logical::op::or_);
    else wrap = is_chain(c, logical::op::or_);
    return wrap ? "(" + text_of(c) + ")" : text_of(c);
}

struct condition_printer {
    std::string operator()(const logical &l) const {
        if (l.operands.empty()) return l.kind == logical::op::or_ ? "false" : "true";
        if (l.kind == logical::op::not_) return "not " + operand_text(l.operands.front(), l.kind);
        std::string out;
        for (const auto &operand : l.operands) {
            if (!out.empty()) out += l.kind == logical::op::and_ ? " and " : " or ";
            out += l.operands.size() == 1 ? text_of(operand) : operand_text(operand, l.kind);
        }
        return out;
    }
    std::string operator()(const membership &m) const {
        switch (m.kind) {
        case membership::scope::list: return "listed " + m.name.name;
        case membership::scope::any_of_kind: return "listed any " + m.name.name;
        case membership::scope::field: return "listed field " + m.name.name;
        }
        return "listed " + m.name.name;
    }
    std::string operator()(const black_field_count &b) const {
        return fmt::format("black_fields {} {}", op_text(b.op), b.value);
    }
    std::string operator()(const subject_is &s) const { return "subject is " + join(s.kinds); }
    std::string operator()(const reached &r) const { return r.roles.empty() ? "reached" : "reached as " + join(r.roles); }
    std::string operator()(const clean_for &c) const { return "clean_for " + op_text(c.op) + " " + text_of(c.value); }
    std::string operator()(const credit_rating &r) const {
        if (r.op && !r.values.empty()) return "credit_rating " + op_text(*r.op) + " " + text_of(r.values.front());
        return "credit_rating in (" + join(r.values) + ")";
    }
    std::string operator()(const attribute_test &a) const {
        switch (a.kind) {
        case attribute_test::form::compare:
            return a.name.name + " " + op_text(a.op) + " " + (a.values.empty() ? "" : text_of(a.values.front()));
        case attribute_test::form::in_set: return a.name.name + " in (" + join(a.values) + ")";
        case attribute_test::form::present: return "has " + a.name.name;
        }
        return "has " + a.name.name;
    }
    std::string operator()(const boolean_constant &b) const { return b.value ? "true" : "false"; }
};

std::string text_of(const condition &c) { return std::visit(condition_printer{}, c.node); }

// ---- layout -----------------------------------------------------------------------------------

// A property line or a block (declaration or measure); `begin`/`end` anchor it in the source.
struct node {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::string line;                   // a property, or a block's header
    bool is_block = false;
    bool braces_optional = false;       // vocabulary declarations
    std::vector<node> props;            // canonical order
    std::vector<node> blocks;           // nested measures (or the file's declarations), source order
    std::vector<std::string> leading;
    std::string trailing;
    std::string header_trailing;
    std::vector<std::string> end_comments;
};

struct anchor {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};
anchor span_anchor(diag::span s) { return {s.begin, s.end}; }
template <typename T>
anchor list_anchor(const std::vector<T> &items) {
    return {items.front().where.begin, items.back().where.end};
}

class layout {
public:
    void prop(node &block, const char *key, std::string value, anchor a) {
        node n;
        n.begin = a.begin;
        n.end = a.end;
        n.line = std::string(key) + " " + value;
        block.props.push_back(std::move(n));
    }
    template <typename T>
    void prop(node &block, const char *key, const std::optional<T> &value) {
        if (value) prop(block, key, text_of(*value), span_anchor(value->where));
    }
    template <typename T>
    void prop(node &block, const char *key, const std::vector<T> &values) {
        if (!values.empty()) prop(block, key, join(values), list_anchor(values));
    }
    void effective(node &block, const std::optional<date_literal> &from, const std::optional<date_literal> &until) {
        if (!from) return;
        std::string value = text_of(*from);
        anchor a = span_anchor(from->where);
        if (until) {
            value += " until " + text_of(*until);
            a.end = std::max(a.end, until->where.end);
        }
        prop(block, "effective", value, a);
    }

    node header(const char *keyword, const identifier &id, const string_literal &text, diag::span where) {
        node n;
        n.is_block = true;
        n.begin = where.begin;
        n.end = where.end;
        n.line = std::string(keyword) + " " + id.name + " " + text_of(text);
        return n;
    }

    node measure(const measure_decl &m) {
        node n = header("measure", m.id, m.text, m.where);
        prop(n, "implementer", m.implementers);
        prop(n, "scenarios", m.scenarios);
        prop(n, "effect", m.effect);
        prop(n, "binding", m.binding);
        prop(n, "basis", m.basis);
        if (m.when) prop(n, "when", text_of(*m.when), span_anchor(m.when->where));
        prop(n, "term", m.term);
        prop(n, "applies_to", m.applies_to);
        effective(n, m.effective_from, m.effective_until);
        prop(n, "reaches", m.reaches);
        prop(n, "reaches_organisations", m.reaches_organisations);
        prop(n, "verify", m.verify);
        prop(n, "settled_by", m.settled_by);
        return n;
    }

    node operator()(const list_decl &d) {
        node n = header("list", d.id, d.name, d.where);
        prop(n, "kind", d.kind);
        prop(n, "field", d.field);
        prop(n, "initiator", d.initiators);
        prop(n, "subjects", d.subjects);
        prop(n, "term", d.term);
        prop(n, "max_term", d.max_term);
        prop(n, "repair_after", d.repair_after);
        prop(n, "exits_on", d.exits_on);
        prop(n, "basis", d.basis);
        return n;
    }
    node operator()(const memorandum_decl &d) {
        node n = header("memorandum", d.id, d.title, d.where);
        prop(n, "document", d.documents);
        prop(n, "signatories", d.signatories);
        prop(n, "targets", d.targets);
        prop(n, "extends_to", d.extends_to);
        prop(n, "extends_to_organisations", d.extends_to_organisations);
        effective(n, d.effective_from, d.effective_until);
        prop(n, "replaces", d.replaces);
        for (const auto &m : d.measures) n.blocks.push_back(measure(m));
        return n;
    }
    node operator()(const rule_decl &d) {
        node n = header("rule", d.id, d.text, d.where);
        if (d.when) prop(n, "when", text_of(*d.when), span_anchor(d.when->where));
        prop(n, "then", d.actions);
        for (const auto &m : d.measures) n.blocks.push_back(measure(m));
        return n;
    }
    node operator()(const scenario_decl &d) {
        node n = vocabulary("scenario", d.id, d.name, d.where);
        prop(n, "group", d.group);
        return n;
    }
    node operator()(const effect_decl &d) {
        node n = vocabulary("effect", d.id, d.name, d.where);
        prop(n, "kind", d.kind);
        prop(n, "rank", d.rank);
        return n;
    }
    node operator()(const role_decl &d) { return vocabulary("role", d.id, d.name, d.where); }
    node operator()(const subject_kind_decl &d) {
        node n = vocabulary("subject_kind", d.id, d.name, d.where);
        prop(n, "category", d.category);
        return n;
    }
    node operator()(const field_decl &d) { return vocabulary("field", d.id, d.name, d.where); }
    node operator()(const attribute_decl &d) {
        node n = vocabulary("attribute", d.id, d.name, d.where);
        prop(n, "type", d.type);
        return n;
    }

private:
    node vocabulary(const char *keyword, const identifier &id, const string_literal &text, diag::span where) {
        node n = header(keyword, id, text, where);
        n.braces_optional = true;
        return n;
    }
};

// ---- comments ---------------------------------------------------------------------------------

class comment_placer {
public:
    explicit comment_placer(std::string_view text) : text_(text) {}

    void place(node &block, const comment &c, bool is_root) {
        std::uint32_t at = c.where.begin;
        for (auto &child : block.blocks) {
            if (child.begin <= at && at < child.end) {
                place(child, c, false);
                return;
            }
        }
        for (auto &child : block.props) {
            if (child.begin <= at && at < child.end) {
                child.leading.push_back(c.text);
                return;
            }
        }
        if (code_before(at)) {
            node *best = nullptr;
            auto consider = [&](node &child) {
                if (child.end <= at && same_line(child.end, at) && (!best || child.end > best->end)) best = &child;
            };
            for (auto &child : block.props) consider(child);
            for (auto &child : block.blocks) consider(child);
            if (best && best->trailing.empty()) {
                best->trailing = c.text;
                return;
            }
            if (!best && !is_root && same_line(block.begin, at) && block.header_trailing.empty()) {
                block.header_trailing = c.text;
                return;
            }
        }
        node *next = nullptr;
        auto consider = [&](node &child) {
            if (child.begin > at && (!next || child.begin < next->begin)) next = &child;
        };
        for (auto &child : block.props) consider(child);
        for (auto &child : block.blocks) consider(child);
        auto &group = next ? next->leading : block.end_comments;
        group.push_back(c.text);
        // A blank line after a comment (a file header, a section title) is kept.
        if (blank_line_after(c.where.end)) group.push_back({});
    }

private:
    bool blank_line_after(std::uint32_t at) const {
        auto nl = text_.find('\n', at);
        if (nl == std::string_view::npos) return false;
        for (auto i = nl + 1; i < text_.size(); ++i) {
            if (text_[i] == '\n') return true;
            if (text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\r') return false;
        }
        return false;
    }
    bool code_before(std::uint32_t at) const {
        while (at > 0) {
            char c = text_[at - 1];
            if (c == '\n') return false;
            if (c != ' ' && c != '\t' && c != '\r') return true;
            --at;
        }
        return false;
    }
    bool same_line(std::uint32_t a, std::uint32_t b) const {
        if (a > b || b > text_.size()) return false;
        return text_.substr(a, b - a).find('\n') == std::string_view::npos;
    }
    std::string_view text_;
};

// ---- printing ---------------------------------------------------------------------------------

void print_line(std::string &out, int indent, const std::string &line, const std::string &trailing) {
    out.append(static_cast<std::size_t>(indent) * 2, ' ');
    out += line;
    if (!trailing.empty()) out += "  " + trailing;
    out += '\n';
}

// An empty entry stands for a blank line kept after a comment.
void print_comments(std::string &out, int indent, const std::vector<std::string> &comments) {
    for (const auto &c : comments) {
        if (c.empty()) out += '\n';
        else print_line(out, indent, c, {});
    }
}

// Drops blank-line markers that would end up next to `}` or the end of the file.
void trim_blank_markers(std::vector<std::string> &comments) {
    while (!comments.empty() && comments.back().empty()) comments.pop_back();
}

bool is_one_line(const node &n) { return n.braces_optional && n.props.empty() && n.blocks.empty(); }

std::string_view keyword_of(const node &n) { return std::string_view(n.line).substr(0, n.line.find(' ')); }

void print_block(std::string &out, int indent, node &n) {
    bool empty = n.props.empty() && n.blocks.empty();
    if (n.braces_optional && empty) {
        // No braces: comments that were inside them go before the declaration.
        trim_blank_markers(n.end_comments);
        n.leading.insert(n.leading.end(), n.end_comments.begin(), n.end_comments.end());
        n.end_comments.clear();
        if (n.trailing.empty()) n.trailing = n.header_trailing;
        else if (!n.header_trailing.empty()) n.leading.push_back(n.header_trailing);
        print_comments(out, indent, n.leading);
        print_line(out, indent, n.line, n.trailing);
        return;
    }
    print_comments(out, indent, n.leading);
    if (empty && n.end_comments.empty() && n.header_trailing.empty()) {
        print_line(out, indent, n.line + " {}", n.trailing);
        return;
    }
    print_line(out, indent, n.line + " {", n.header_trailing);
    for (auto &p : n.props) {
        print_comments(out, indent + 1, p.leading);
        print_line(out, indent + 1, p.line, p.trailing);
    }
    bool first = n.props.empty();
    for (auto &b : n.blocks) {
        if (!first) out += '\n';
        first = false;
        print_block(out, indent + 1, b);
    }
    trim_blank_markers(n.end_comments);
    print_comments(out, indent + 1, n.end_comments);
    print_line(out, indent, "}", n.trailing);
}

// ---- equality ---------------------------------------------------------------------------------

bool same(const identifier &a, const identifier &b) { return a.name == b.name; }
bool same(const string_literal &a, const string_literal &b) { return a.value == b.value; }
bool same(const duration &a, const duration &b) { return a.amount == b.amount && a.unit == b.unit; }
bool same(const date_literal &a, const date_literal &b) { return a.value == b.value; }
bool same(const number_literal &a, const number_literal &b) { return a.value == b.value; }
bool same(const literal &a, const literal &b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto &x) {
            using T = std::decay_t<decltype(x)>;
            return same(x, std::get<T>(b));
        },
        a);
}
bool same(const condition &a, const condition &b);
bool same(const measure_decl &a, const measure_decl &b);
bool same(const declaration &a, const declaration &b);
bool same(const dated_duration &a, const dated_duration &b);
bool same(const reach_clause &a, const reach_clause &b);
template <typename T>
bool same(const std::vector<T> &a, const std::vector<T> &b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const T &x, const T &y) { return same(x, y); });
}
template <typename T>
bool same(const std::optional<T> &a, const std::optional<T> &b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || same(*a, *b);
}
bool same(const dated_duration &a, const dated_duration &b) {
    return same(a.value, b.value) && same(a.from, b.from) && same(a.basis, b.basis);
}
bool same(const reach_clause &a, const reach_clause &b) { return same(a.roles, b.roles); }
bool same(const logical &a, const logical &b) { return a.kind == b.kind && same(a.operands, b.operands); }
bool same(const membership &a, const membership &b) { return a.kind == b.kind && same(a.name, b.name); }
bool same(const black_field_count &a, const black_field_count &b) { return a.op == b.op && a.value == b.value; }
bool same(const subject_is &a, const subject_is &b) { return same(a.kinds, b.kinds); }
bool same(const reached &a, const reached &b) { return same(a.roles, b.roles); }
bool same(const clean_for &a, const clean_for &b) { return a.op == b.op && same(a.value, b.value); }
bool same(const credit_rating &a, const credit_rating &b) { return a.op == b.op && same(a.values, b.values); }
bool same(const attribute_test &a, const attribute_test &b) {
    return a.kind == b.kind && same(a.name, b.name) && (a.kind != attribute_test::form::compare || a.op == b.op) &&
           same(a.values, b.values);
}
bool same(const boolean_constant &a, const boolean_constant &b) { return a.value == b.value; }
bool same(const condition &a, const condition &b) {
    if (a.node.index() != b.node.index()) return false;
    return std::visit(
        [&](const auto &x) {
            using T = std::decay_t<decltype(x)>;
            return same(x, std::get<T>(b.node));
        },
        a.node);
}
bool same(const measure_decl &a, const measure_decl &b) {
    return same(a.id, b.id) && same(a.text, b.text) && same(a.implementers, b.implementers) &&
           same(a.scenarios, b.scenarios) && same(a.effect, b.effect) && same(a.binding, b.binding) &&
           same(a.basis, b.basis) && same(a.when, b.when) && same(a.term, b.term) && same(a.applies_to, b.applies_to) &&
           same(a.effective_from, b.effective_from) && same(a.effective_until, b.effective_until) &&
           same(a.reaches, b.reaches) && same(a.reaches_organisations, b.reaches_organisations) &&
           same(a.verify, b.verify) && same(a.settled_by, b.settled_by);
}
bool same(const list_decl &a, const list_decl &b) {
    return same(a.id, b.id) && same(a.name, b.name) && same(a.kind, b.kind) && same(a.field, b.field) &&
           same(a.initiators, b.initiators) && same(a.subjects, b.subjects) && same(a.term, b.term) &&
           same(a.max_term, b.max_term) && same(a.repair_after, b.repair_after) && same(a.exits_on, b.exits_on) &&
           same(a.basis, b.basis);
}
bool same(const memorandum_decl &a, const memorandum_decl &b) {
    return same(a.id, b.id) && same(a.title, b.title) && same(a.documents, b.documents) &&
           same(a.signatories, b.signatories) && same(a.targets, b.targets) && same(a.extends_to, b.extends_to) &&
           same(a.extends_to_organisations, b.extends_to_organisations) && same(a.effective_from, b.effective_from) &&
           same(a.effective_until, b.effective_until) && same(a.replaces, b.replaces) && same(a.measures, b.measures);
}
bool same(const rule_decl &a, const rule_decl &b) {
    return same(a.id, b.id) && same(a.text, b.text) && same(a.when, b.when) && same(a.actions, b.actions) &&
           same(a.measures, b.measures);
}
bool same(const scenario_decl &a, const scenario_decl &b) {
    return same(a.id, b.id) && same(a.name, b.name) && same(a.group, b.group);
}
bool same(const effect_decl &a, const effect_decl &b) {
    return same(a.id, b.id) && same(a.name, b.name) && same(a.kind, b.kind) && same(a.rank, b.rank);
}
bool same(const role_decl &a, const role_decl &b) { return same(a.id, b.id) && same(a.name, b.name); }
bool same(const subject_kind_decl &a, const subject_kind_decl &b) {
    return same(a.id, b.id) && same(a.name, b.name) && same(a.category, b.category);
}
bool same(const field_decl &a, const field_decl &b) { return same(a.id, b.id) && same(a.name, b.name); }
bool same(const attribute_decl &a, const attribute_decl &b) {
    return same(a.id, b.id) && same(a.name, b.name) && same(a.type, b.type);
}
bool same(const declaration &a, const declaration &b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto &x) {
            using T = std::decay_t<decltype(x)>;
            return same(x, std::get<T>(b));
        },
        a);
}

}  // namespace

std::string format(const rule_file &file, const diag::source_map &sources) {
    node root;
    root.is_block = true;
    layout make;
    for (const auto &d : file.declarations) root.blocks.push_back(std::visit(make, d));
    if (file.file < sources.size()) {
        comment_placer placer(sources.text(file.file));
        for (const auto &c : file.comments) placer.place(root, c, true);
    }
    std::string out;
    const node *previous = nullptr;
    for (auto &d : root.blocks) {
        // Runs of one-line vocabulary declarations of one keyword (`role a "A"`, `role b "B"`)
        // stay together; every other pair of declarations has a blank line between.
        bool run = previous && is_one_line(*previous) && is_one_line(d) && keyword_of(*previous) == keyword_of(d) &&
                   d.leading.empty() && d.end_comments.empty() && (d.header_trailing.empty() || d.trailing.empty());
        if (previous && !run) out += '\n';
        print_block(out, 0, d);
        previous = &d;
    }
    trim_blank_markers(root.end_comments);
    bool first = root.blocks.empty();
    if (!root.end_comments.empty()) {
        if (!first) out += '\n';
        print_comments(out, 0, root.end_comments);
    }
    return out;
}

bool same_meaning(const rule_file &a, const rule_file &b) { return same(a.declarations, b.declarations); }

}  // namespace credo::syntax
