// SPDX-License-Identifier: Apache-2.0
// The iterator, skipper and context types the grammar is compiled for (one instantiation).
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <optional>
#include <string>

#include "syntax/cst.hpp"

namespace credo::syntax::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = cst::iterator;

// Skips spaces, tabs, line breaks and `#` comments (comments are collected separately).
struct skipper_type : x3::parser<skipper_type> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator &first, Iterator const &last, Context const &, RContext &, Attribute &) const {
        Iterator start = first;
        while (first != last) {
            char c = *first;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++first;
            } else if (c == '#') {
                while (first != last && *first != '\n') ++first;
            } else {
                break;
            }
        }
        return first != start;
    }
};

// Where an expectation failed, recorded by the error handler for the driver to report.
struct failure {
    iterator_type where = nullptr;
    std::string which;
};

// Mutable state of one parse, reachable from every rule through the context.
struct parse_state {
    int depth = 0;
    std::optional<failure> failed;
};
struct state_tag;

inline constexpr int max_condition_depth = 200;
// `which()` of the expectation failure thrown when conditions nest too deeply.
inline constexpr const char *too_deep = "\x01too-deep";
// Name of the closing quote rule, recognised to report an unterminated string.
inline constexpr const char *closing_quote_name = "closing `\"`";

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type = x3::context<state_tag, parse_state, phrase_context_type>;

}  // namespace credo::syntax::parser
