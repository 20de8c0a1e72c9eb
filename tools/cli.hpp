// SPDX-License-Identifier: Apache-2.0
// What every command of the `credo` tool shares: exit codes, error reporting, registration.
#pragma once

#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace credo::cli {

// Exit codes of every command.
enum exit_code : int { exit_ok = 0, exit_findings = 1, exit_usage = 2, exit_internal = 3 };

// Thrown for bad invocations and unreadable input: reported as `credo: message`, exit 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Each command registers itself with the app and sets `result` when it runs.
struct context {
    int result = exit_ok;
};

void add_id_command(CLI::App &app, context &ctx);
void add_demo_command(CLI::App &app, context &ctx);

// Writes `credo: message` to stderr.
void report_error(const std::string &message);

}  // namespace credo::cli
