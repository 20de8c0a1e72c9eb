// SPDX-License-Identifier: Apache-2.0
// The human-readable form of a decision, shared by `credo check` and `credo demo`.
#pragma once

#include <string>

#include "credo/engine.hpp"

namespace credo::cli {

// Verdict first, then each measure with its effect, binding, implementer, basis and because-line;
// personal ID numbers masked unless `show_ids`.
std::string decision_text(const decision &d, bool show_ids);

}  // namespace credo::cli
