// SPDX-License-Identifier: Apache-2.0
// Entry point of the `credo` tool: parses the command line and maps failures to exit codes.
#include <CLI/CLI.hpp>
#include <exception>

#include "cli.hpp"


int main(int argc, char **argv) {
    using namespace credo::cli;
    CLI::App app{"credo: joint incentive and joint punishment rules engine", "credo"};
    app.set_version_flag("--version", CREDO_VERSION);
    app.require_subcommand(1);
    context ctx;
    neutralise_terminal_output();
    add_registered_commands(app, ctx);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        report_error(e.what());
        return exit_usage;
    } catch (const usage_error &e) {
        report_error(e.what());
        return exit_usage;
    } catch (const std::exception &e) {
        report_error(std::string("internal error: ") + e.what());
        return exit_internal;
    }
    return ctx.result;
}
