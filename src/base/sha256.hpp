// SPDX-License-Identifier: Apache-2.0
// SHA-256 through libcrypto, the one implementation for the rules version, import fingerprints,
// decision digests, the audit chain and the statistics' re-checks.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace credo::base {

using sha256_digest = std::array<unsigned char, 32>;

// The digest of `text`. The algorithm is fetched once and each thread keeps one digest context
// (OpenSSL 3 looks the algorithm up on every EVP_sha256() init otherwise), so hashing on the
// check path costs no allocation. Throws std::runtime_error when libcrypto fails.
sha256_digest sha256(std::string_view text);

// The digest as 64 lowercase hex digits, written into `out` (its capacity reused) or returned.
void sha256_hex(std::string_view text, std::string &out);
std::string sha256_hex(std::string_view text);

}  // namespace credo::base
