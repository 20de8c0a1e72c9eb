// SPDX-License-Identifier: Apache-2.0
// What the store must know of a compiled rule set to validate input (lists and roles).
#pragma once

#include "sema/rule_set.hpp"
#include "store/catalog.hpp"

namespace credo::engine_core {

// The store stands below the rule compiler; this fills its catalog from the compiled rules.
store::catalog make_catalog(const sema::rule_set &rules);

}  // namespace credo::engine_core
