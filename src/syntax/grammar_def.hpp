// SPDX-License-Identifier: Apache-2.0
// The rule-language grammar (docs/rule-language.md) in Boost.Spirit X3. Included by
// grammar.cpp only. Expectation points (`>`) carry rule names written as the user-facing
// "expected ..." text; the top-level rules' error handler records the failure for the driver.
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <string_view>

#include "syntax/config.hpp"
#include "syntax/cst.hpp"
#include "syntax/grammar.hpp"
#include "syntax/lexical.hpp"

// What an expectation failure names: a rule's own name, also when the rule carries a semantic
// action (`black_red[push_value]`) or starts a sequence (`date_lit >> -(until > date_lit)`),
// instead of the mangled C++ type X3 falls back to.
namespace boost::spirit::x3 {
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
    using result_type = std::string;
    std::string operator()(action<Subject, Action> const &p) const { return what(p.subject); }
};
template <typename Left, typename Right>
struct get_info<sequence<Left, Right>> {
    using result_type = std::string;
    std::string operator()(sequence<Left, Right> const &p) const { return what(p.left); }
};
}  // namespace boost::spirit::x3

namespace credo::syntax::parser {

using x3::_attr;
using x3::_pass;
using x3::_val;
using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::raw;
using x3::repeat;
using F = cst::cond::form;

// ---- handlers -----------------------------------------------------------------------------

// Records the span of every CST node that has one (on_success gets the range after skipping).
struct annotate {
    template <typename Iterator, typename Attribute, typename Context>
    void on_success(Iterator const &first, Iterator const &last, Attribute &attr, Context const &) const {
        if constexpr (requires { attr.where; }) attr.where = cst::tok(first, last);
    }
};

// Records the first expectation failure; the driver reports it and recovers.
struct report_errors {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator &, Iterator const &, Exception const &x, Context const &context) const {
        x3::get<state_tag>(context).failed = failure{x.where(), x.which()};
        return x3::error_handler_result::fail;
    }
};

// ---- primitives -----------------------------------------------------------------------------

// One byte of a multi-byte UTF-8 sequence: never part of an identifier, so `tax税` is not cut
// into `tax` and garbage.
struct non_ascii_parser : x3::parser<non_ascii_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator &first, Iterator const &last, Context const &context, RContext &, Attribute &) const {
        x3::skip_over(first, last, context);
        if (first != last && static_cast<unsigned char>(*first) >= 0x80) {
            ++first;
            return true;
        }
        return false;
    }
};

// The inside of a string literal: anything up to `"` or the end of the line; `\x` pairs are
// taken whole (escapes are checked when converting, so one bad escape does not stop the parse).
struct string_body_parser : x3::parser<string_body_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator &first, Iterator const &last, Context const &, RContext &, Attribute &) const {
        while (first != last) {
            char c = *first;
            if (c == '"' || c == '\n' || c == '\r') break;
            if (c == '\\') {
                Iterator next = first + 1;
                if (next == last || *next == '\n' || *next == '\r') break;
                first = next;
            }
            ++first;
        }
        return true;
    }
};

// Counts nesting of conditions (parentheses and `not`), failing with `too_deep` past the
// limit so that hostile input cannot exhaust the stack through recursion.
template <typename Subject>
struct depth_guard_directive : x3::unary_parser<Subject, depth_guard_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, depth_guard_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr depth_guard_directive(Subject const &subject) : base_type(subject) {}

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator &first, Iterator const &last, Context const &context, RContext &rcontext,
               Attribute &attr) const {
        auto &state = x3::get<state_tag>(context);
        if (state.depth >= max_condition_depth) {
            Iterator where = first;
            x3::skip_over(where, last, context);
            boost::throw_exception(x3::expectation_failure<Iterator>(where, too_deep));
        }
        struct level {
            int &depth;
            explicit level(int &d) : depth(d) { ++depth; }
            ~level() { --depth; }
            level(const level &) = delete;
            level &operator=(const level &) = delete;
        } guard(state.depth);
        return this->subject.parse(first, last, context, rcontext, attr);
    }
};

struct depth_guard_gen {
    template <typename Subject>
    constexpr depth_guard_directive<typename x3::extension::as_parser<Subject>::value_type>
    operator[](Subject const &subject) const {
        return {x3::as_parser(subject)};
    }
};

inline constexpr non_ascii_parser non_ascii{};
inline constexpr string_body_parser string_body{};
inline constexpr depth_guard_gen depth_guard{};

inline auto const idchar = char_("a-zA-Z0-9_");
inline auto const digit = char_('0', '9');
inline auto const word_end = !(idchar | '.' | non_ascii);

inline auto kw(char const *word) { return lexeme[lit(word) >> word_end]; }

// ---- actions ----------------------------------------------------------------------------------

inline auto const check_identifier = [](auto &ctx) {
    auto r = _attr(ctx);
    if (is_reserved(std::string_view(r.begin(), r.size()))) _pass(ctx) = false;
    else _val(ctx) = r;
};
inline auto const set_key = [](auto &ctx) { _val(ctx).key = cst::tok(_attr(ctx).begin(), _attr(ctx).end()); };
inline auto const push_value = [](auto &ctx) { _val(ctx).values.push_back(_attr(ctx)); };
inline auto const set_condition = [](auto &ctx) { _val(ctx).condition.assign(1, std::move(_attr(ctx))); };
inline auto const set_keyword = [](auto &ctx) { _val(ctx).keyword = cst::tok(_attr(ctx).begin(), _attr(ctx).end()); };
inline auto const set_id = [](auto &ctx) { _val(ctx).id = _attr(ctx); };
inline auto const set_text = [](auto &ctx) { _val(ctx).text = _attr(ctx); };
inline auto const push_prop = [](auto &ctx) { _val(ctx).props.push_back(std::move(_attr(ctx))); };
inline auto const push_measure = [](auto &ctx) { _val(ctx).measures.push_back(std::move(_attr(ctx))); };
inline auto const set_name = [](auto &ctx) { _val(ctx).name = _attr(ctx); };
inline auto const set_op = [](auto &ctx) { _val(ctx).op = _attr(ctx); };
inline auto const assign = [](auto &ctx) { _val(ctx) = std::move(_attr(ctx)); };
inline auto const set_where = [](auto &ctx) { _val(ctx).where = cst::tok(_attr(ctx).begin(), _attr(ctx).end()); };

// X3 calls on_success with an unused attribute for rules whose definition has semantic actions,
// so those rules record their span themselves.
template <typename Parser>
auto spanned(Parser const &p) {
    return raw[p][set_where];
}

inline auto kind_is(F form) {
    return [form](auto &ctx) { _val(ctx).kind = form; };
}

// `a or b or c` becomes one node with three operands; a parenthesised chain stays one operand.
inline auto chain(F form) {
    return [form](auto &ctx) {
        auto &v = _val(ctx);
        if (!(v.open && v.kind == form)) {
            cst::cond node;
            node.kind = form;
            node.open = true;
            node.where = v.where;
            node.children.push_back(std::move(v));
            v = std::move(node);
        }
        v.children.push_back(std::move(_attr(ctx)));
    };
}
inline auto const close_chain = [](auto &ctx) {
    _val(ctx) = std::move(_attr(ctx));
    _val(ctx).open = false;
};
inline auto const make_not = [](auto &ctx) {
    cst::cond node;
    node.kind = F::not_;
    node.children.push_back(std::move(_attr(ctx)));
    _val(ctx) = std::move(node);
};
// The tail of `attribute ...` carries the form and values; the head carries the name.
inline auto const merge_tail = [](auto &ctx) {
    cst::tok name = _val(ctx).name;
    _val(ctx) = std::move(_attr(ctx));
    _val(ctx).name = name;
};

// ---- rules ------------------------------------------------------------------------------------

#define CREDO_RULE(name, attribute, description)  \
    struct name##_class : annotate {};            \
    x3::rule<name##_class, attribute> const name = description;

// tokens
CREDO_RULE(identifier, cst::tok, "identifier")
CREDO_RULE(string_lit, cst::tok, "string")
struct closing_quote_class;
x3::rule<closing_quote_class> const closing_quote = closing_quote_name;
CREDO_RULE(date_lit, cst::tok, "date (`YYYY-MM-DD`)")
CREDO_RULE(duration_lit, cst::tok, "duration (`3y`, `18m`, `90d`)")
CREDO_RULE(number_lit, cst::tok, "number")
CREDO_RULE(integer_lit, cst::tok, "integer")
CREDO_RULE(literal, cst::tok, "number, string, date or duration")
CREDO_RULE(comparison, cst::tok, "comparison (`==`, `!=`, `<`, `<=`, `>` or `>=`)")
CREDO_RULE(black_red, cst::tok, "`black` or `red`")
CREDO_RULE(binding_value, cst::tok, "`mandatory` or `recommended`")
CREDO_RULE(applies_value, cst::tok, "`listed`, `related` or `all`")
CREDO_RULE(action_value, cst::tok, "`escalate`, `suppress_incentives` or `grant`")
CREDO_RULE(effect_kind_value, cst::tok, "`punishment` or `incentive`")
CREDO_RULE(category_value, cst::tok, "`organisation` or `person`")
CREDO_RULE(type_value, cst::tok, "`number`, `string`, `date` or `boolean`")
CREDO_RULE(exit_value, cst::tok, "`performance`")
CREDO_RULE(none_value, cst::tok, "`none`")
CREDO_RULE(lbrace, x3::unused_type, "`{`")
CREDO_RULE(lparen, x3::unused_type, "`(`")
CREDO_RULE(rparen, x3::unused_type, "`)`")
CREDO_RULE(is_keyword, x3::unused_type, "`is`")

auto const identifier_def =
    raw[lexeme[char_("a-zA-Z_") >> *idchar >> *('.' >> +idchar) >> word_end]][check_identifier];
auto const closing_quote_def = lit('"');
auto const string_lit_def = raw[lexeme['"' >> string_body > closing_quote]];
auto const date_lit_def =
    raw[lexeme[repeat(4)[digit] >> '-' >> repeat(2)[digit] >> '-' >> repeat(2)[digit] >> !(idchar | '-' | '.')]];
auto const duration_lit_def = raw[lexeme[+digit >> char_("ymd") >> word_end]];
auto const number_lit_def = raw[lexeme[-lit('-') >> +digit >> -('.' >> +digit) >> word_end]];
auto const integer_lit_def = raw[lexeme[+digit >> word_end]];
auto const literal_def = date_lit | duration_lit | number_lit | string_lit;
auto const comparison_def = raw[lit("==") | lit("!=") | lit("<=") | lit(">=") | lit('<') | lit('>')];
auto const black_red_def = raw[kw("black") | kw("red")];
auto const binding_value_def = raw[kw("mandatory") | kw("recommended")];
auto const applies_value_def = raw[kw("listed") | kw("related") | kw("all")];
auto const action_value_def = raw[kw("escalate") | kw("suppress_incentives") | kw("grant")];
auto const effect_kind_value_def = raw[kw("punishment") | kw("incentive")];
auto const category_value_def = raw[kw("organisation") | kw("person")];
auto const type_value_def = raw[kw("number") | kw("string") | kw("date") | kw("boolean")];
auto const exit_value_def = raw[kw("performance")];
auto const none_value_def = raw[kw("none")];
auto const lbrace_def = lit('{');
auto const lparen_def = lit('(');
auto const rparen_def = lit(')');
auto const is_keyword_def = kw("is");

BOOST_SPIRIT_DEFINE(identifier, string_lit, closing_quote, date_lit, duration_lit, number_lit, integer_lit, literal,
                    comparison, black_red, binding_value, applies_value, action_value, effect_kind_value,
                    category_value, type_value, exit_value, none_value, lbrace, lparen, rparen, is_keyword)

// conditions
CREDO_RULE(condition, cst::cond, "condition")
CREDO_RULE(or_expr, cst::cond, "condition")
CREDO_RULE(and_expr, cst::cond, "condition")
CREDO_RULE(unary, cst::cond, "condition")
CREDO_RULE(atom, cst::cond, "condition")
CREDO_RULE(listed_atom, cst::cond, "condition")
CREDO_RULE(listed_tail, cst::cond, "`any`, `field` or a list identifier")
CREDO_RULE(black_fields_atom, cst::cond, "condition")
CREDO_RULE(subject_atom, cst::cond, "condition")
CREDO_RULE(reached_atom, cst::cond, "condition")
CREDO_RULE(clean_for_atom, cst::cond, "condition")
CREDO_RULE(rating_atom, cst::cond, "condition")
CREDO_RULE(rating_tail, cst::cond, "comparison or `in`")
CREDO_RULE(has_atom, cst::cond, "condition")
CREDO_RULE(bool_atom, cst::cond, "condition")
CREDO_RULE(attribute_atom, cst::cond, "condition")
CREDO_RULE(attribute_tail, cst::cond, "comparison or `in`")

auto const condition_def = or_expr;
auto const or_expr_def = spanned(and_expr[assign] >> *(kw("or") > and_expr[chain(F::or_)]));
auto const and_expr_def = spanned(unary[assign] >> *(kw("and") > unary[chain(F::and_)]));
auto const unary_def = spanned(depth_guard[(kw("not") > unary)[make_not] | (lit('(') > condition > rparen)[close_chain] | atom[assign]]);
auto const atom_def = listed_atom | black_fields_atom | subject_atom | reached_atom | clean_for_atom | rating_atom |
                      has_atom | bool_atom | attribute_atom;
auto const listed_atom_def = kw("listed") > listed_tail;
auto const listed_tail_def = (kw("any")[kind_is(F::listed_any)] > black_red[set_name]) |
                             (kw("field")[kind_is(F::listed_field)] > identifier[set_name]) |
                             identifier[set_name][kind_is(F::listed)];
auto const black_fields_atom_def = spanned(kw("black_fields")[kind_is(F::black_fields)] > comparison[set_op] > integer_lit[push_value]);
auto const subject_atom_def = spanned(kw("subject")[kind_is(F::subject_is)] > is_keyword > identifier[push_value] >>
                              *(',' > identifier[push_value]));
auto const reached_atom_def = spanned(kw("reached")[kind_is(F::reached)] >> -(kw("as") > identifier[push_value] >> *(',' > identifier[push_value])));
auto const clean_for_atom_def = spanned(kw("clean_for")[kind_is(F::clean_for)] > comparison[set_op] > duration_lit[push_value]);
auto const rating_atom_def = kw("credit_rating") > rating_tail;
auto const rating_tail_def =
    (comparison[set_op][kind_is(F::rating_compare)] > string_lit[push_value]) |
    (kw("in")[kind_is(F::rating_in)] > lparen > string_lit[push_value] >> *(',' > string_lit[push_value]) > rparen);
auto const has_atom_def = spanned(kw("has")[kind_is(F::has)] > identifier[set_name]);
auto const bool_atom_def = spanned(kw("true")[kind_is(F::true_)] | kw("false")[kind_is(F::false_)]);
auto const attribute_atom_def = spanned(identifier[set_name] > attribute_tail[merge_tail]);
auto const attribute_tail_def =
    (comparison[set_op][kind_is(F::attribute_compare)] > literal[push_value]) |
    (kw("in")[kind_is(F::attribute_in)] > lparen > literal[push_value] >> *(',' > literal[push_value]) > rparen);

BOOST_SPIRIT_DEFINE(condition, or_expr, and_expr, unary, atom, listed_atom, listed_tail, black_fields_atom, subject_atom,
                    reached_atom, clean_for_atom, rating_atom, rating_tail, has_atom, bool_atom, attribute_atom,
                    attribute_tail)

// properties
inline auto key(char const *word) { return raw[kw(word)][set_key]; }
inline auto const one_identifier = identifier[push_value];
inline auto const identifiers = identifier[push_value] >> *(',' > identifier[push_value]);
inline auto const strings = string_lit[push_value] >> *(',' > string_lit[push_value]);
inline auto const date_range = date_lit[push_value] >> -(kw("until") > date_lit[push_value]);
// `5y from 2016-04-01 "basis", 3y from 2021-09-01 "basis"`: each item a duration, then optional
// parts that the converter tells apart by their token (date, string).
inline auto const dated_term = duration_lit[push_value] >> -(kw("from") > date_lit[push_value]) >> -string_lit[push_value];
inline auto const dated_terms = dated_term >> *(',' > dated_term);
inline auto const reach_roles = none_value[push_value] | identifiers;

#define CREDO_PROPERTY(name, keyword, value)  \
    CREDO_RULE(name, cst::prop, "`" keyword "`") \
    auto const name##_def = key(keyword) > (value);

CREDO_PROPERTY(p_kind_list, "kind", black_red[push_value])
CREDO_PROPERTY(p_field, "field", one_identifier)
CREDO_PROPERTY(p_initiator, "initiator", strings)
CREDO_PROPERTY(p_subjects, "subjects", identifiers)
CREDO_PROPERTY(p_term, "term", duration_lit[push_value])
CREDO_PROPERTY(p_list_term, "term", dated_terms)
CREDO_PROPERTY(p_max_term, "max_term", dated_terms)
CREDO_PROPERTY(p_repair_after, "repair_after", dated_terms)
CREDO_PROPERTY(p_exits_on, "exits_on", exit_value[push_value])
CREDO_PROPERTY(p_reaches, "reaches", reach_roles)
CREDO_PROPERTY(p_reaches_organisations, "reaches_organisations", reach_roles)
CREDO_PROPERTY(p_verify, "verify", string_lit[push_value])
CREDO_PROPERTY(p_settled_by, "settled_by", one_identifier)
CREDO_PROPERTY(p_basis, "basis", string_lit[push_value])
CREDO_PROPERTY(p_document, "document", strings)
CREDO_PROPERTY(p_signatories, "signatories", strings)
CREDO_PROPERTY(p_targets, "targets", identifiers)
CREDO_PROPERTY(p_extends_to, "extends_to", identifiers)
CREDO_PROPERTY(p_extends_to_organisations, "extends_to_organisations", identifiers)
CREDO_PROPERTY(p_effective, "effective", date_range)
CREDO_PROPERTY(p_replaces, "replaces", one_identifier)
CREDO_PROPERTY(p_implementer, "implementer", strings)
CREDO_PROPERTY(p_scenarios, "scenarios", identifiers)
CREDO_PROPERTY(p_effect, "effect", one_identifier)
CREDO_PROPERTY(p_binding, "binding", binding_value[push_value])
CREDO_PROPERTY(p_when, "when", condition[set_condition])
CREDO_PROPERTY(p_applies_to, "applies_to", applies_value[push_value])
CREDO_PROPERTY(p_then, "then", action_value[push_value] >> *(',' > action_value[push_value]))
CREDO_PROPERTY(p_group, "group", one_identifier)
CREDO_PROPERTY(p_kind_effect, "kind", effect_kind_value[push_value])
CREDO_PROPERTY(p_rank, "rank", integer_lit[push_value])
CREDO_PROPERTY(p_category, "category", category_value[push_value])
CREDO_PROPERTY(p_type, "type", type_value[push_value])

BOOST_SPIRIT_DEFINE(p_kind_list, p_field, p_initiator, p_subjects, p_term, p_list_term, p_max_term, p_repair_after,
                    p_exits_on, p_reaches, p_reaches_organisations, p_verify, p_settled_by, p_basis, p_document, p_signatories,
                    p_targets, p_extends_to, p_extends_to_organisations, p_effective, p_replaces, p_implementer,
                    p_scenarios, p_effect, p_binding, p_when, p_applies_to, p_then, p_group, p_kind_effect, p_rank,
                    p_category, p_type)

// declarations: the closing rules are named after everything that may come instead of `}`
CREDO_RULE(list_item, cst::prop, "list property")
CREDO_RULE(list_close, x3::unused_type,
           "`kind`, `field`, `initiator`, `subjects`, `term`, `max_term`, `repair_after`, `exits_on`, `basis` or `}`")
CREDO_RULE(memorandum_item, cst::prop, "memorandum property")
CREDO_RULE(memorandum_close, x3::unused_type,
           "`document`, `signatories`, `targets`, `extends_to`, `extends_to_organisations`, `effective`, "
           "`replaces`, `measure` or `}`")
CREDO_RULE(measure_item, cst::prop, "measure property")
CREDO_RULE(measure_close, x3::unused_type,
           "`implementer`, `scenarios`, `effect`, `binding`, `basis`, `when`, `term`, `applies_to`, `effective`, "
           "`reaches`, `reaches_organisations`, `verify`, `settled_by` or `}`")
CREDO_RULE(rule_item, cst::prop, "rule property")
CREDO_RULE(rule_close, x3::unused_type, "`when`, `then`, `measure` or `}`")
CREDO_RULE(scenario_close, x3::unused_type, "`group` or `}`")
CREDO_RULE(effect_item, cst::prop, "effect property")
CREDO_RULE(effect_close, x3::unused_type, "`kind`, `rank` or `}`")
CREDO_RULE(subject_kind_close, x3::unused_type, "`category` or `}`")
CREDO_RULE(attribute_close, x3::unused_type, "`type` or `}`")
CREDO_RULE(empty_close, x3::unused_type, "`}`")

auto const list_item_def =
    p_kind_list | p_field | p_initiator | p_subjects | p_list_term | p_max_term | p_repair_after | p_exits_on | p_basis;
auto const list_close_def = lit('}');
auto const memorandum_item_def = p_document | p_signatories | p_targets | p_extends_to_organisations | p_extends_to |
                                 p_effective | p_replaces;
auto const memorandum_close_def = lit('}');
auto const measure_item_def = p_implementer | p_scenarios | p_effect | p_binding | p_basis | p_when | p_term |
                              p_applies_to | p_effective | p_reaches_organisations | p_reaches | p_verify |
                              p_settled_by;
auto const measure_close_def = lit('}');
auto const rule_item_def = p_when | p_then;
auto const rule_close_def = lit('}');
auto const scenario_close_def = lit('}');
auto const effect_item_def = p_kind_effect | p_rank;
auto const effect_close_def = lit('}');
auto const subject_kind_close_def = lit('}');
auto const attribute_close_def = lit('}');
auto const empty_close_def = lit('}');

BOOST_SPIRIT_DEFINE(list_item, list_close, memorandum_item, memorandum_close, measure_item, measure_close, rule_item,
                    rule_close, scenario_close, effect_item, effect_close, subject_kind_close, attribute_close,
                    empty_close)

CREDO_RULE(list_decl, cst::decl, "`list`")
CREDO_RULE(memorandum_decl, cst::decl, "`memorandum`")
CREDO_RULE(measure_decl, cst::decl, "`measure`")
CREDO_RULE(rule_decl, cst::decl, "`rule`")
CREDO_RULE(scenario_decl, cst::decl, "`scenario`")
CREDO_RULE(effect_decl, cst::decl, "`effect`")
CREDO_RULE(role_decl, cst::decl, "`role`")
CREDO_RULE(subject_kind_decl, cst::decl, "`subject_kind`")
CREDO_RULE(field_decl, cst::decl, "`field`")
CREDO_RULE(attribute_decl, cst::decl, "`attribute`")
CREDO_RULE(declaration, cst::decl,
           "`list`, `memorandum`, `rule`, `scenario`, `effect`, `role`, `subject_kind`, `field` or `attribute`")

inline auto header(char const *word) {
    return raw[kw(word)][set_keyword] > identifier[set_id] > string_lit[set_text];
}

auto const list_decl_def = spanned(header("list") > lbrace > *list_item[push_prop] > list_close);
auto const memorandum_decl_def = spanned(header("memorandum") > lbrace > *(memorandum_item[push_prop] | measure_decl[push_measure]) > memorandum_close);
auto const measure_decl_def = spanned(header("measure") > lbrace > *measure_item[push_prop] > measure_close);
auto const rule_decl_def = spanned(header("rule") > lbrace > *(rule_item[push_prop] | measure_decl[push_measure]) > rule_close);
auto const scenario_decl_def = spanned(header("scenario") >> -(lbrace > *p_group[push_prop] > scenario_close));
auto const effect_decl_def = spanned(header("effect") >> -(lbrace > *effect_item[push_prop] > effect_close));
auto const role_decl_def = spanned(header("role") >> -(lbrace > empty_close));
auto const subject_kind_decl_def = spanned(header("subject_kind") >> -(lbrace > *p_category[push_prop] > subject_kind_close));
auto const field_decl_def = spanned(header("field") >> -(lbrace > empty_close));
auto const attribute_decl_def = spanned(header("attribute") >> -(lbrace > *p_type[push_prop] > attribute_close));
auto const declaration_def = list_decl | memorandum_decl | rule_decl | scenario_decl | effect_decl | role_decl |
                             subject_kind_decl | field_decl | attribute_decl;

BOOST_SPIRIT_DEFINE(list_decl, memorandum_decl, measure_decl, rule_decl, scenario_decl, effect_decl, role_decl,
                    subject_kind_decl, field_decl, attribute_decl, declaration)

struct top_declaration_class : report_errors {};
struct top_measure_class : report_errors {};
top_declaration_type const top_declaration_rule = "declaration";
top_measure_type const top_measure_rule = "measure";
auto const top_declaration_rule_def = x3::expect[declaration];
auto const top_measure_rule_def = x3::expect[measure_decl];
BOOST_SPIRIT_DEFINE(top_declaration_rule, top_measure_rule)

#undef CREDO_PROPERTY
#undef CREDO_RULE

}  // namespace credo::syntax::parser
