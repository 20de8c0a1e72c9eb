// SPDX-License-Identifier: Apache-2.0
// The abstract syntax tree of the memorandum rule language, as the parser hands it to sema.
// Plain C++ (no Spirit types): the grammar parses into its own attribute types and converts.
// Every node carries the span it came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "credo/date.hpp"
#include "diag/diagnostic.hpp"

namespace credo::syntax {

struct identifier {
    std::string name;  // ASCII: [A-Za-z_][A-Za-z0-9_]* with optional `.segment`s (tax_2016.07)
    diag::span where;
};

struct string_literal {
    std::string value;  // decoded UTF-8, escapes resolved
    diag::span where;
};

// `3y`, `18m`, `90d`.
struct duration {
    std::int32_t amount = 0;
    char unit = 'y';  // 'y', 'm' or 'd'
    diag::span where;
};

struct date_literal {
    credo::date value;
    diag::span where;
};

struct number_literal {
    double value = 0;
    std::string text;  // as written, for the formatter
    diag::span where;
};

// A value on the right of a comparison.
using literal = std::variant<number_literal, string_literal, date_literal, duration, identifier>;

enum class compare_op { eq, ne, lt, le, gt, ge };

struct condition;

// `a and b`, `a or b`, `not a` (one operand).
struct logical {
    enum class op { and_, or_, not_ } kind = op::and_;
    std::vector<condition> operands;
};

// `listed major_tax_violation`, `listed any black`, `listed field tax`.
struct membership {
    enum class scope { list, any_of_kind, field } kind = scope::list;
    identifier name;  // the list, `black`/`red`, or the field
};

// `black_fields >= 2`.
struct black_field_count {
    compare_op op = compare_op::ge;
    std::int64_t value = 0;
    diag::span value_where;
};

// `subject is enterprise, individual_business` (kinds, or the categories `organisation`/`person`).
struct subject_is {
    std::vector<identifier> kinds;
};

// `reached` (through any relation) or `reached as legal_representative, principal`.
struct reached {
    std::vector<identifier> roles;  // empty: any role
};

// `clean_for >= 3y`: time since the subject's last black listing ended (or ever, if never listed).
struct clean_for {
    compare_op op = compare_op::ge;
    duration value;
};

// `credit_rating == "A"`, `credit_rating in ("A", "B")`; the rating comes from the query.
struct credit_rating {
    std::optional<compare_op> op;     // set for a comparison
    std::vector<literal> values;      // one for a comparison, the set for `in`
};

// `contract_value >= 1000000`, `region in ("a", "b")`, `has contract_value`.
struct attribute_test {
    enum class form { compare, in_set, present } kind = form::compare;
    identifier name;
    compare_op op = compare_op::eq;
    std::vector<literal> values;
};

struct boolean_constant {
    bool value = true;
};

struct condition {
    std::variant<logical, membership, black_field_count, subject_is, reached, clean_for, credit_rating, attribute_test,
                 boolean_constant>
        node;
    diag::span where;
};

// ---- declarations ---------------------------------------------------------------------------

// One item of a list's dated term: `5y from 2016-04-01 "工商总局令第83号"`. The item whose `from`
// is the latest on or before an entry's listed_on applies to it; no `from`: since always.
struct dated_duration {
    duration value;
    std::optional<date_literal> from;
    std::optional<string_literal> basis;  // the rule that sets this term
    diag::span where;
};

// `reaches legal_representative, principal` or `reaches none` (no role: empty `roles`).
struct reach_clause {
    std::vector<identifier> roles;
    diag::span where;
};

struct measure_decl {
    identifier id;
    string_literal text;
    std::vector<string_literal> implementers;
    std::vector<identifier> scenarios;
    std::optional<identifier> effect;
    std::optional<identifier> binding;       // `mandatory` | `recommended`
    std::optional<string_literal> basis;
    std::optional<condition> when;
    std::optional<duration> term;            // counted from listed_on
    std::optional<identifier> applies_to;    // `listed` | `related` | `all` (default all)
    std::optional<date_literal> effective_from;
    std::optional<date_literal> effective_until;  // exclusive
    // Whom the measure reaches through relations; absent: its memorandum's `extends_to` /
    // `extends_to_organisations`.
    std::optional<reach_clause> reaches;
    std::optional<reach_clause> reaches_organisations;
    std::optional<string_literal> verify;   // a fact the engine cannot see, in words
    std::optional<identifier> settled_by;   // a boolean query attribute that settles `verify`
    diag::span where;
};

struct list_decl {
    identifier id;
    string_literal name;
    std::optional<identifier> kind;          // `black` | `red`
    std::optional<identifier> field;
    std::vector<string_literal> initiators;
    std::vector<identifier> subjects;        // subject kinds the list may hold
    std::vector<dated_duration> term;          // default listing term, by listed_on
    std::vector<dated_duration> max_term;      // longest an entry without an end date counts
    std::vector<dated_duration> repair_after;  // minimum publication period before a repair
    std::optional<identifier> exits_on;        // `performance`: removed when performance is recorded
    std::optional<string_literal> basis;
    diag::span where;
};

struct memorandum_decl {
    identifier id;
    string_literal title;
    std::vector<string_literal> documents;
    std::vector<string_literal> signatories;
    std::vector<identifier> targets;                  // lists
    std::vector<identifier> extends_to;               // roles: persons of a listed organisation
    std::vector<identifier> extends_to_organisations; // roles: organisations of a listed person
    std::optional<date_literal> effective_from;
    std::optional<date_literal> effective_until;      // exclusive
    std::optional<identifier> replaces;               // an earlier memorandum, ended where this starts
    std::vector<measure_decl> measures;
    diag::span where;
};

// `then escalate`, `then suppress_incentives`, `then grant` (the rule's own measures apply).
struct rule_decl {
    identifier id;
    string_literal text;
    std::optional<condition> when;
    std::vector<identifier> actions;
    std::vector<measure_decl> measures;
    diag::span where;
};

// ---- vocabulary -------------------------------------------------------------------------------

struct scenario_decl {
    identifier id;
    string_literal name;
    std::optional<identifier> group;
    diag::span where;
};

struct effect_decl {
    identifier id;
    string_literal name;
    std::optional<identifier> kind;  // `punishment` | `incentive`
    std::optional<number_literal> rank;  // 1 is the strongest of its kind
    diag::span where;
};

struct role_decl {
    identifier id;
    string_literal name;
    diag::span where;
};

struct subject_kind_decl {
    identifier id;
    string_literal name;
    std::optional<identifier> category;  // `organisation` | `person`
    diag::span where;
};

struct field_decl {
    identifier id;
    string_literal name;
    diag::span where;
};

struct attribute_decl {
    identifier id;
    string_literal name;
    std::optional<identifier> type;  // `number` | `string` | `date` | `boolean`
    diag::span where;
};

using declaration = std::variant<list_decl, memorandum_decl, rule_decl, scenario_decl, effect_decl, role_decl,
                                 subject_kind_decl, field_decl, attribute_decl>;

struct comment {
    std::string text;  // from `#` to the end of the line, `#` included
    diag::span where;
};

struct rule_file {
    diag::file_id file = 0;
    std::vector<declaration> declarations;
    std::vector<comment> comments;  // in source order; the formatter puts them back
};

}  // namespace credo::syntax
