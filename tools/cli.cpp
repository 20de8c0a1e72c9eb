// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the command-line tool.
#include "cli.hpp"

#include <cstdio>
#include <map>
#include <string>

namespace credo::cli {

namespace {

std::map<std::string, command_adder> &registry() {
    static std::map<std::string, command_adder> commands;
    return commands;
}

}  // namespace

command_registration::command_registration(const char *name, command_adder adder) { registry()[name] = adder; }

void add_registered_commands(CLI::App &app, context &ctx) {
    for (const auto &[name, adder] : registry()) adder(app, ctx);
}

void report_error(const std::string &message) { std::fprintf(stderr, "credo: %s\n", message.c_str()); }

}  // namespace credo::cli
