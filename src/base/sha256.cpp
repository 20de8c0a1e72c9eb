// SPDX-License-Identifier: Apache-2.0
#include "base/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace credo::base {

sha256_digest sha256(std::string_view text) {
    struct context {
        EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        context() = default;
        context(const context &) = delete;
        context &operator=(const context &) = delete;
        ~context() {
            EVP_MD_CTX_free(ctx);
            EVP_MD_free(md);
        }
    };
    thread_local context c;
    sha256_digest digest{};
    unsigned int length = 0;
    if (!c.md || !c.ctx || EVP_DigestInit_ex(c.ctx, c.md, nullptr) != 1 ||
        EVP_DigestUpdate(c.ctx, text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(c.ctx, digest.data(), &length) != 1 || length != digest.size()) {
        throw std::runtime_error("SHA-256 failed in libcrypto");
    }
    return digest;
}

void sha256_hex(std::string_view text, std::string &out) {
    static constexpr char hex[] = "0123456789abcdef";
    auto digest = sha256(text);
    out.resize(2 * digest.size());
    for (std::size_t i = 0; i < digest.size(); ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xF];
    }
}

std::string sha256_hex(std::string_view text) {
    std::string out;
    sha256_hex(text, out);
    return out;
}

}  // namespace credo::base
