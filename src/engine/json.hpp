// SPDX-License-Identifier: Apache-2.0
// The decision's JSON written into a caller's buffer (reused capacity), for the audit digest.
#pragma once

#include <string>

#include "credo/engine.hpp"

namespace credo::engine_core {

// `out` = the decision's JSON (docs/engine.md), with `check_id` null unless `with_check_id`.
// Byte for byte what `decision::to_json()` gives.
void decision_json(const decision &d, bool with_check_id, std::string &out);

// The former nlohmann-based serialisation, kept as the reference the tests compare against.
std::string reference_decision_json(const decision &d);

}  // namespace credo::engine_core
