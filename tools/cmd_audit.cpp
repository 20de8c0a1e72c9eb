// SPDX-License-Identifier: Apache-2.0
// `credo audit`: the audit trail's tamper evidence (docs/audit.md).
//   verify --db DB [--pubkey PUB.pem] [--checkpoints FILE]   the hash chain and every checkpoint
//   checkpoint --db DB --key KEY.pem                          sign and store the current head
//   checkpoints --db DB                                       export: `seq head_hash time signature`
//   keygen --out KEY.pem --pubout PUB.pem                     a new Ed25519 key pair
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "store/checkpoint.hpp"
#include "store_options.hpp"

namespace credo::cli {
namespace {

struct audit_args {
    std::string db, pubkey, checkpoints, key, out, pubout;
};

store::signing_key load_key(const std::string &path, bool is_private) {
    try {
        return is_private ? store::signing_key::load_private(path) : store::signing_key::load_public(path);
    } catch (const store::error &e) {
        throw usage_error(e.what());
    }
}

std::vector<store::checkpoint> read_checkpoints_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error(fmt::format("--checkpoints: cannot read `{}`", path));
    std::ostringstream text;
    text << in.rdbuf();
    std::string why;
    auto parsed = store::parse_checkpoints(text.str(), path, why);
    if (!parsed) throw usage_error(why);
    return std::move(*parsed);
}

int run_verify(const audit_args &args) {
    std::optional<store::signing_key> key;
    if (!args.pubkey.empty()) key = load_key(args.pubkey, false);
    std::vector<store::checkpoint> external;
    if (!args.checkpoints.empty()) external = read_checkpoints_file(args.checkpoints);
    auto db = open_database(args.db, false);
    auto report = store::verify_with_checkpoints(db, key ? &*key : nullptr, external);
    if (!report.ok()) {
        std::cout << fmt::format("audit trail broken: {} finding{}\n", report.findings.size(),
                                 report.findings.size() == 1 ? "" : "s");
        for (const auto &f : report.findings) std::cout << "  " << f << '\n';
        return exit_findings;
    }
    std::cout << fmt::format("audit trail intact: {} checks\n", report.rows);
    if (report.checkpoints_trusted > 0) {
        std::cout << fmt::format("{} checkpoint{} {}; checks 1..{} match what was signed\n", report.checkpoints_trusted,
                                 report.checkpoints_trusted == 1 ? "" : "s",
                                 key ? "verified with the public key" : "compared, signatures NOT checked (no --pubkey)",
                                 report.covered_to);
        if (report.last_id > report.covered_to) {
            std::cout << fmt::format("checks {}..{} are not yet covered by a checkpoint\n", report.covered_to + 1,
                                     report.last_id);
        }
    }
    if (!key) {
        std::cerr << "credo: note: without --pubkey and signed checkpoints, a deleted tail, a recomputed chain or a "
                     "forged row that chains go unseen (docs/audit.md)\n";
    }
    return exit_ok;
}

int run_checkpoint(const audit_args &args) {
    auto key = load_key(args.key, true);
    auto db = open_database(args.db, false);
    store::checkpoint c;
    try {
        c = store::make_checkpoint(db, key);
    } catch (const store::error &e) {
        std::cerr << "credo: " << e.what() << '\n';
        return exit_findings;
    }
    std::cout << store::checkpoint_line(c) << '\n';
    return exit_ok;
}

int run_export(const audit_args &args) {
    auto db = open_database(args.db, false);
    for (const auto &c : store::stored_checkpoints(db)) std::cout << store::checkpoint_line(c) << '\n';
    return exit_ok;
}

int run_keygen(const audit_args &args) {
    try {
        store::signing_key::generate(args.out, args.pubout);
    } catch (const store::error &e) {
        throw usage_error(e.what());
    }
    std::cout << fmt::format("wrote the private key to {} (keep it off the database's machine) and the public key "
                             "to {}\n",
                             args.out, args.pubout);
    return exit_ok;
}

void add_audit_command(CLI::App &app, context &ctx) {
    auto args = std::make_shared<audit_args>();
    auto *cmd = app.add_subcommand("audit", "the audit trail of must-query checks: verify, sign checkpoints");
    cmd->require_subcommand(1);

    auto *verify = cmd->add_subcommand(
        "verify", "check the hash chain and every checkpoint; exit 1 naming each bad row or checkpoint");
    verify->add_option("--db", args->db, "the SQLite database")->required();
    verify->add_option("--pubkey", args->pubkey, "Ed25519 public key (PEM): checkpoint signatures are verified");
    verify->add_option("--checkpoints", args->checkpoints,
                       "a file of exported checkpoints kept elsewhere (`credo audit checkpoints`), checked too");
    verify->callback([args, &ctx] { ctx.result = run_verify(*args); });

    auto *checkpoint = cmd->add_subcommand(
        "checkpoint", "verify the trail, then sign its head (last check id, hash, time) and store the checkpoint");
    checkpoint->add_option("--db", args->db, "the SQLite database")->required();
    checkpoint->add_option("--key", args->key, "Ed25519 private key (PEM), from `credo audit keygen`")->required();
    checkpoint->callback([args, &ctx] { ctx.result = run_checkpoint(*args); });

    auto *exported = cmd->add_subcommand(
        "checkpoints", "print every stored checkpoint, one a line: seq head_hash time signature_base64");
    exported->add_option("--db", args->db, "the SQLite database")->required();
    exported->callback([args, &ctx] { ctx.result = run_export(*args); });

    auto *keygen = cmd->add_subcommand("keygen", "generate an Ed25519 key pair for checkpoints");
    keygen->add_option("--out", args->out, "the private key file to create (mode 0600)")->required();
    keygen->add_option("--pubout", args->pubout, "the public key file to create")->required();
    keygen->callback([args, &ctx] { ctx.result = run_keygen(*args); });
}

const command_registration registration{"audit", add_audit_command};

}  // namespace
}  // namespace credo::cli
