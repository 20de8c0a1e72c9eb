// SPDX-License-Identifier: Apache-2.0
// Declarations of the entry rules of the rule-language grammar (defined in grammar_def.hpp,
// instantiated once in grammar.cpp).
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "syntax/config.hpp"
#include "syntax/cst.hpp"

namespace credo::syntax::parser {

struct top_declaration_class;
struct top_measure_class;
// One top-level declaration; on a syntax error the handler records it and the rule fails.
using top_declaration_type = x3::rule<top_declaration_class, cst::decl>;
// One `measure`, used while recovering inside a memorandum whose header failed.
using top_measure_type = x3::rule<top_measure_class, cst::decl>;

BOOST_SPIRIT_DECLARE(top_declaration_type, top_measure_type)

top_declaration_type const &top_declaration();
top_measure_type const &top_measure();

}  // namespace credo::syntax::parser
