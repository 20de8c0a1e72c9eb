// SPDX-License-Identifier: Apache-2.0
// The one translation unit that compiles the grammar (slow: keep everything else out of it).
#include "syntax/grammar_def.hpp"

namespace credo::syntax::parser {

BOOST_SPIRIT_INSTANTIATE(top_declaration_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(top_measure_type, iterator_type, context_type)

top_declaration_type const &top_declaration() { return top_declaration_rule; }
top_measure_type const &top_measure() { return top_measure_rule; }

}  // namespace credo::syntax::parser
