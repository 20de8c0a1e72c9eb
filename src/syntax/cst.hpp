// SPDX-License-Identifier: Apache-2.0
// The concrete syntax tree the X3 grammar fills in: spans of tokens, classified by position.
// Internal to the syntax layer; convert.cpp turns it into the public AST of ast.hpp.
#pragma once

#include <boost/range/iterator_range_core.hpp>
#include <cstdint>
#include <vector>

namespace credo::syntax::cst {

using iterator = const char *;
// A token or a construct: the source bytes it covers.
using tok = boost::iterator_range<iterator>;

struct cond {
    enum class form : std::uint8_t {
        or_, and_, not_, listed, listed_any, listed_field, black_fields, subject_is, reached, clean_for,
        rating_compare, rating_in, attribute_compare, attribute_in, has, true_, false_
    };
    form kind = form::true_;
    // INVARIANT: only set while an `and`/`or` chain is being built by its own rule, so that an
    // explicitly parenthesised chain is kept as one operand.
    bool open = false;
    tok name;                   // the list, field, kind word, or attribute
    tok op;                     // comparison operator
    std::vector<tok> values;    // literals, kinds, roles
    std::vector<cond> children; // operands of and/or/not
    tok where;
};

// `KEY value, value` or `when CONDITION`.
struct prop {
    tok key;
    std::vector<tok> values;
    std::vector<cond> condition;  // one element for `when`
    tok where;
};

// Any declaration, including a nested measure.
struct decl {
    tok keyword;
    tok id;
    tok text;
    std::vector<prop> props;
    std::vector<decl> measures;
    tok where;
};

}  // namespace credo::syntax::cst
