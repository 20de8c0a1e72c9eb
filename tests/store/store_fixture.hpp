// SPDX-License-Identifier: Apache-2.0
// What the store tests share: a catalog like the shipped rule set's, sample identifiers, files.
#pragma once

#include <string>

#include "store/catalog.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace credo::store::testing {

inline catalog test_catalog() {
    catalog c;
    c.lists["major_tax_violation"] = {list_kind::black, "tax",
                                      {"enterprise", "individual_business", "cooperative", "other_org", "person"},
                                      term{3, 'y'}};
    c.lists["dishonest_enterprise"] = {list_kind::black, "market", {"enterprise"}, term{3, 'y'}};
    c.lists["food_drug"] = {list_kind::black, "food_drug", {"organisation", "person"}, std::nullopt};
    c.lists["tax_credit_a"] = {list_kind::red, "tax", {"enterprise"}, term{1, 'y'}};
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
