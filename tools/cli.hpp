// SPDX-License-Identifier: Apache-2.0
// What every command of the `credo` tool shares: exit codes, error reporting, registration.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

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

// Writes `credo: message` to stderr (control characters shown as `\xNN` on a terminal).
void report_error(const std::string &message);

// `text` with control characters other than line feed and tab (C0, DEL, C1) written as `\xNN`,
// so that data printed to a terminal cannot move the cursor, retitle the window or run an
// escape sequence (ESC, OSC) there.
std::string terminal_safe(std::string_view text);

// From here on, what std::cout and std::cerr write to a terminal passes through terminal_safe;
// pipes and files get the bytes as they are.
void neutralise_terminal_output();

}  // namespace credo::cli
