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

// A command file registers itself at start-up with a file-scope
//   const command_registration registration{"name", add_name_command};
// so that adding a command touches no shared file. Commands are listed in help by name.
using command_adder = void (*)(CLI::App &app, context &ctx);
struct command_registration {
    command_registration(const char *name, command_adder adder);
};
void add_registered_commands(CLI::App &app, context &ctx);

// Writes `credo: message` to stderr.
void report_error(const std::string &message);

}  // namespace credo::cli
