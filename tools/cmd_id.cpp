// SPDX-License-Identifier: Apache-2.0
// `credo id CODE...`: validate, classify and normalise identifiers.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "credo/ids.hpp"

namespace credo::cli {
namespace {

struct id_args {
    std::vector<std::string> codes;
    bool json = false;
    bool lenient = false;
    bool show_ids = false;
    std::string as = "any";
};

nlohmann::json to_json(const ids::id_result &r, const std::string &shown) {
    nlohmann::json j;
    j["id"] = shown;
    j["valid"] = r.valid;
    j["scheme"] = r.scheme && r.valid ? nlohmann::json(std::string(ids::to_string(*r.scheme))) : nlohmann::json(nullptr);
    j["kind"] = r.kind && r.valid ? nlohmann::json(std::string(ids::to_string(*r.kind))) : nlohmann::json(nullptr);
    j["reason"] = r.valid ? nlohmann::json(nullptr) : nlohmann::json(r.reason);
    auto flags = nlohmann::json::array();
    for (auto f : r.flags) flags.push_back(std::string(ids::to_string(f)));
    j["flags"] = flags;
    j["warnings"] = r.warnings;
    return j;
}

int run_id(const id_args &args) {
    ids::options opts;
    opts.lenient = args.lenient;
    if (args.as == "credit-code") opts.expect = ids::expectation::credit_code;
    else if (args.as == "resident-id") opts.expect = ids::expectation::resident_id;
    int status = exit_ok;
    for (const auto &code : args.codes) {
        auto r = ids::validate(code, opts);
        std::string shown = r.normalized.empty() ? code : r.normalized;
        if (!args.show_ids) shown = ids::mask(shown);
        if (!r.valid) status = exit_findings;
        if (args.json) {
            std::cout << to_json(r, shown).dump() << '\n';
            continue;
        }
        if (r.valid) {
            std::cout << fmt::format("{}  {}  valid\n", shown, ids::to_string(*r.kind));
        } else {
            std::cout << fmt::format("{}  invalid: {}\n", shown, r.reason);
        }
        for (const auto &warning : r.warnings) std::cout << fmt::format("  warning: {}\n", warning);
    }
    return status;
}

void add_id_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<id_args>();
    auto *cmd = app.add_subcommand("id", "validate and classify credit codes and resident ID numbers");
    cmd->add_option("codes", args->codes, "identifiers to check")->required();
    cmd->add_flag("--json", args->json, "print one JSON object per identifier");
    cmd->add_flag("--lenient", args->lenient, "accept credit codes whose final check character is wrong, flagged");
    cmd->add_flag("--show-ids", args->show_ids, "print personal ID numbers unmasked");
    cmd->add_option("--as", args->as, "which scheme is meant when an all-digit code could be either")
        ->check(CLI::IsMember({"any", "credit-code", "resident-id"}));
    cmd->callback([args, &ctx] { ctx.result = run_id(*args); });
}

const command_registration registration{"id", add_id_command};

}  // namespace
}  // namespace credo::cli
