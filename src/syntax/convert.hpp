// SPDX-License-Identifier: Apache-2.0
// CST -> AST: decodes token text into values and reports the errors a grammar cannot see
// (duplicate properties, impossible dates, out-of-range numbers, bad escapes).
#pragma once

#include <string_view>

#include "diag/diagnostic.hpp"
#include "syntax/ast.hpp"
#include "syntax/cst.hpp"

namespace credo::syntax {

class converter {
public:
    converter(std::string_view text, diag::file_id file, diag::diagnostics &out) : text_(text), file_(file), out_(out) {}

    // Returns nullopt when the declaration has a keyword this converter does not know.
    std::optional<declaration> convert(const cst::decl &d);
    measure_decl convert_measure(const cst::decl &d);
    std::vector<dated_duration> to_dated_terms(const cst::prop &p);
    reach_clause to_reach(const cst::prop &p) const;

    diag::span span_of(cst::tok t) const;

private:
    std::string_view view(cst::tok t) const { return {t.begin(), t.size()}; }
    identifier to_identifier(cst::tok t) const;
    string_literal to_string(cst::tok t);
    duration to_duration(cst::tok t);
    date_literal to_date(cst::tok t);
    number_literal to_number(cst::tok t, bool integer);
    literal to_literal(cst::tok t);
    condition to_condition(const cst::cond &c);
    compare_op to_op(cst::tok t) const;

    std::string_view text_;
    diag::file_id file_;
    diag::diagnostics &out_;
};

}  // namespace credo::syntax
