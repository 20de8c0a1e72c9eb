// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "store/store.hpp"

TEST_CASE("placeholder") { CHECK(credo::store::latest_schema_version() == 1); }
