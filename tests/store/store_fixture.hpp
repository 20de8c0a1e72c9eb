// SPDX-License-Identifier: Apache-2.0
// What the store tests share: a catalog like the shipped rule set's, sample identifiers, files.
#pragma once

#include <string>

#include "store/catalog.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace credo::store::testing {

// A default term in force since always.
inline std::vector<dated_term> always(term t) { return {{std::nullopt, t, {}}}; }

inline catalog test_catalog() {
    catalog c;
    c.lists["major_tax_violation"] = {list_kind::black, "tax",
                                      {"enterprise", "individual_business", "cooperative", "other_org", "person"},
                                      always(term{3, 'y'})};
    // A term that changes by date, and a minimum publication period before a repair (values for
    // the tests, not the regulations' own): 5 years under 工商总局令第83号, then 3 years from
    // 2021-09-01 under 市场监管总局令第44号, which also allows a repair after 1 year.
    c.lists["dishonest_enterprise"] = {
        list_kind::black, "market", {"enterprise"},
        {{std::nullopt, term{5, 'y'}, "工商总局令第83号"}, {*date::parse("2021-09-01"), term{3, 'y'}, "市场监管总局令第44号"}},
        {{*date::parse("2021-09-01"), term{1, 'y'}, "市场监管总局令第44号"}}};
    c.lists["food_drug"] = {list_kind::black, "food_drug", {"organisation", "person"}};
    c.lists["tax_credit_a"] = {list_kind::red, "tax", {"enterprise"}, always(term{1, 'y'})};
    // A court list: no default term, entries end on performance (履行完毕), repair not before a year.
    c.lists["dishonest_judgment_debtor"] = {list_kind::black, "court", {"organisation", "person"}, {},
                                            {{std::nullopt, term{1, 'y'}, "法释〔2017〕7号"}}, true};
    for (const char *role : {"legal_representative", "principal", "actual_controller", "director", "supervisor"}) {
        c.roles.insert(role);
    }
    return c;
}

// A fixed clock keeps timestamps out of the way of assertions.
inline open_options test_options() {
    open_options o;
    o.clock = [] { return std::string("2026-01-02T03:04:05.678Z"); };
    return o;
}

inline const std::string org1 = synthetic_credit_code(1);
inline const std::string org2 = synthetic_credit_code(2);
inline const std::string person1 = synthetic_resident_id(1);
inline const std::string person2 = synthetic_resident_id(2);

inline const char *list_header = "subject_id,subject_name,listed_on,expires_on,document,initiator,reason\n";

}  // namespace credo::store::testing
