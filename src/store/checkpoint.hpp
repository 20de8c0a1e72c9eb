// SPDX-License-Identifier: Apache-2.0
// Signed checkpoints of the audit trail, in the manner of Certificate Transparency's signed
// tree heads: an Ed25519 signature over (sequence = the last check's id, that check's hash, the
// time). The hash chain alone shows an edited row, but anyone who can write the database can
// also cut its tail or recompute the whole chain; a checkpoint signed with a key kept elsewhere
// fixes the trail up to its sequence, so those become visible too (docs/audit.md).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace credo::store {

struct checkpoint {
    std::int64_t id = 0;  // its row in the database; 0 when read from a checkpoints file
    std::int64_t seq = 0;  // the last check it covers: checks 1..seq
    std::string head_hash;  // the hash of check `seq` (64 zeros for an empty trail)
    std::string at;         // UTC timestamp of the signature
    std::string signature;  // Ed25519 over signed_text(), base64
    std::int64_t line = 0;  // its line in a checkpoints file; 0 when read from the database
};

// What is signed: a versioned text, so that no other message of credo's reads alike.
std::string signed_text(const checkpoint &c);

// The export format, one checkpoint a line: `seq head_hash time signature_base64`.
std::string checkpoint_line(const checkpoint &c);
// Parses a checkpoints file (blank lines and lines starting with `#` are skipped); on a bad
// line returns nothing and sets `why` to `PATH:LINE: what is wrong`.
std::optional<std::vector<checkpoint>> parse_checkpoints(std::string_view text, std::string_view path,
                                                         std::string &why);

// An Ed25519 key read from a PEM file: private (it signs and verifies) or public (it verifies).
class signing_key {
public:
    // Throw store::error naming the file when it cannot be read or is not an Ed25519 key of
    // that kind.
    static signing_key load_private(const std::string &path);
    static signing_key load_public(const std::string &path);
    // Writes a new key pair: the private key with mode 0600, the public key with 0644. Refuses
    // to overwrite an existing file (a lost private key cannot be recovered).
    static void generate(const std::string &private_path, const std::string &public_path);

    signing_key(signing_key &&) noexcept;
    signing_key &operator=(signing_key &&) noexcept;
    ~signing_key();

    bool is_private() const { return private_; }
    // Base64 signature of `message`; only for a private key.
    std::string sign(std::string_view message) const;
    bool verify(std::string_view message, std::string_view signature_base64) const;

private:
    struct impl;
    explicit signing_key(std::unique_ptr<impl> i, bool is_private);
    std::unique_ptr<impl> impl_;
    bool private_ = false;
};

// The checkpoints stored in the database, oldest first.
std::vector<checkpoint> stored_checkpoints(store &db);

struct tamper_report {
    std::int64_t rows = 0;                  // checks in the trail
    std::int64_t last_id = 0;               // the highest check id
    std::int64_t checkpoints_trusted = 0;   // checkpoints the trail was compared against
    std::int64_t covered_to = 0;            // the highest sequence among them
    std::vector<std::string> findings;      // each names the row or checkpoint; empty when intact
    bool ok() const { return findings.empty(); }
};

// Verifies the hash chain, then compares the trail with every checkpoint in the database and in
// `external` (a checkpoints file kept elsewhere). With `key`, a checkpoint whose signature does
// not verify is a finding and is not trusted; without one, signatures are not checked (whoever
// can write the database could have written the checkpoints too).
tamper_report verify_with_checkpoints(store &db, const signing_key *key, const std::vector<checkpoint> &external);

// Verifies the trail against its stored checkpoints with `key`'s public half, then signs and
// stores a checkpoint of its current head. Refuses (throws store::error) to sign a trail that
// does not verify, so that a checkpoint never vouches for tampered rows.
checkpoint make_checkpoint(store &db, const signing_key &key);

}  // namespace credo::store
