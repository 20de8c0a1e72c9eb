// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the command-line tool.
#include "cli.hpp"

#include <cstdio>

namespace credo::cli {

void report_error(const std::string &message) { std::fprintf(stderr, "credo: %s\n", message.c_str()); }

}  // namespace credo::cli
