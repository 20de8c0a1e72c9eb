// SPDX-License-Identifier: Apache-2.0
// Signed checkpoints of the audit trail: Ed25519 through OpenSSL's EVP interface.
#include "store/checkpoint.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fmt/format.h>
#include <map>

#include "store/store_impl.hpp"

namespace credo::store {

namespace {

const std::string genesis_hash(64, '0');

std::string base64(const unsigned char *data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Strict: only the standard alphabet with padding; nothing when `text` is not base64.
std::optional<std::string> unbase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool padding = c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || padding)) return std::nullopt;
    }
    std::string out(text.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                            reinterpret_cast<const unsigned char *>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t pad = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

bool is_hex_hash(std::string_view text) {
    return text.size() == 64 &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct bio_closer {
    void operator()(BIO *b) const noexcept { BIO_free(b); }
};
using bio_ptr = std::unique_ptr<BIO, bio_closer>;
struct md_ctx_closer {
    void operator()(EVP_MD_CTX *c) const noexcept { EVP_MD_CTX_free(c); }
};
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_closer>;

// Creates `path` exclusively with `mode` and writes `content`; throws naming the file.
void write_new_file(const std::string &path, std::string_view content, mode_t mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        throw error(errno == EEXIST ? fmt::format("`{}` already exists; credo does not overwrite a key file", path)
                                    : fmt::format("cannot create `{}`: {}", path, std::strerror(errno)));
    }
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            ::unlink(path.c_str());
            throw error(fmt::format("cannot write `{}`: {}", path, std::strerror(saved)));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(path.c_str());
        throw error(fmt::format("cannot write `{}`: {}", path, std::strerror(errno)));
    }
}

std::string describe(const checkpoint &c) {
    if (c.line > 0) return fmt::format("checkpoint on line {} (checks 1..{}, signed {})", c.line, c.seq, c.at);
    return fmt::format("checkpoint {} (checks 1..{}, signed {})", c.id, c.seq, c.at);
}

bool same_signed_fields(const checkpoint &a, const checkpoint &b) {
    return a.seq == b.seq && a.head_hash == b.head_hash && a.at == b.at && a.signature == b.signature;
}

}  // namespace

std::string signed_text(const checkpoint &c) {
    return fmt::format("credo audit checkpoint v1\nseq {}\nhead {}\nat {}\n", c.seq, c.head_hash, c.at);
}

std::string checkpoint_line(const checkpoint &c) {
    return fmt::format("{} {} {} {}", c.seq, c.head_hash, c.at, c.signature);
}

std::optional<std::vector<checkpoint>> parse_checkpoints(std::string_view text, std::string_view path,
                                                         std::string &why) {
    std::vector<checkpoint> out;
    std::int64_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        auto bad = [&](std::string_view what) {
            why = fmt::format("{}:{}: {}; expected `seq head_hash time signature_base64`", path, line_number, what);
            return std::nullopt;
        };
        std::vector<std::string_view> fields;
        std::size_t start = 0;
        while (start <= line.size()) {
            auto space = line.find(' ', start);
            fields.push_back(line.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
            if (space == std::string_view::npos) break;
            start = space + 1;
        }
        if (fields.size() != 4) return bad(fmt::format("{} fields separated by single spaces", fields.size()));
        checkpoint c;
        c.line = line_number;
        auto [p, ec] = std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), c.seq);
        if (ec != std::errc() || p != fields[0].data() + fields[0].size() || c.seq < 0) {
            return bad(fmt::format("the sequence `{}` is not a check id", fields[0]));
        }
        if (!is_hex_hash(fields[1])) return bad("the head hash is not 64 lowercase hexadecimal digits");
        if (fields[2].empty()) return bad("the time is empty");
        if (!unbase64(fields[3])) return bad("the signature is not base64");
        c.head_hash = fields[1];
        c.at = fields[2];
        c.signature = fields[3];
        out.push_back(std::move(c));
    }
    return out;
}

struct signing_key::impl {
    EVP_PKEY *key = nullptr;
    ~impl() { EVP_PKEY_free(key); }
};

signing_key::signing_key(std::unique_ptr<impl> i, bool is_private) : impl_(std::move(i)), private_(is_private) {}
signing_key::signing_key(signing_key &&) noexcept = default;
signing_key &signing_key::operator=(signing_key &&) noexcept = default;
signing_key::~signing_key() = default;

namespace {

EVP_PKEY *read_pem(const std::string &path, bool is_private) {
    bio_ptr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) throw error(fmt::format("cannot read key `{}`: {}", path, std::strerror(errno ? errno : ENOENT)));
    EVP_PKEY *key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                               : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (!key) {
        throw error(is_private ? fmt::format("`{}` is not a PEM private key (make one with `credo audit keygen`)", path)
                               : fmt::format("`{}` is not a PEM public key (`credo audit keygen --pubout` writes one)",
                                             path));
    }
    if (!EVP_PKEY_is_a(key, "ED25519")) {
        std::string kind = EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "unknown";
        EVP_PKEY_free(key);
        throw error(fmt::format("`{}` is a {} key; checkpoints are signed with Ed25519", path, kind));
    }
    return key;
}

}  // namespace

signing_key signing_key::load_private(const std::string &path) {
    auto i = std::make_unique<impl>();
    i->key = read_pem(path, true);
    return signing_key(std::move(i), true);
}

signing_key signing_key::load_public(const std::string &path) {
    auto i = std::make_unique<impl>();
    i->key = read_pem(path, false);
    return signing_key(std::move(i), false);
}

void signing_key::generate(const std::string &private_path, const std::string &public_path) {
    if (private_path == public_path) throw error("the private and the public key need two different files");
    EVP_PKEY *raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!raw) throw error("Ed25519 key generation failed in libcrypto");
    impl key;
    key.key = raw;
    auto pem = [&](bool is_private) {
        bio_ptr bio(BIO_new(BIO_s_mem()));
        int ok = bio ? (is_private ? PEM_write_bio_PrivateKey(bio.get(), raw, nullptr, nullptr, 0, nullptr, nullptr)
                                   : PEM_write_bio_PUBKEY(bio.get(), raw))
                     : 0;
        char *data = nullptr;
        long size = ok ? BIO_get_mem_data(bio.get(), &data) : 0;
        if (size <= 0) throw error("cannot encode the key as PEM in libcrypto");
        return std::string(data, static_cast<std::size_t>(size));
    };
    std::string private_pem = pem(true);
    std::string public_pem = pem(false);
    struct stat st{};
    if (::stat(public_path.c_str(), &st) == 0) {
        throw error(fmt::format("`{}` already exists; credo does not overwrite a key file", public_path));
    }
    write_new_file(private_path, private_pem, 0600);
    try {
        write_new_file(public_path, public_pem, 0644);
    } catch (...) {
        ::unlink(private_path.c_str());
        throw;
    }
}

std::string signing_key::sign(std::string_view message) const {
    if (!private_) throw error("a public key cannot sign");
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    unsigned char signature[64];
    std::size_t size = sizeof signature;
    // Ed25519 hashes internally: no digest is named, and the message is signed in one call.
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &size, reinterpret_cast<const unsigned char *>(message.data()),
                       message.size()) != 1) {
        throw error("Ed25519 signing failed in libcrypto");
    }
    return base64(signature, size);
}

bool signing_key::verify(std::string_view message, std::string_view signature_base64) const {
    auto signature = unbase64(signature_base64);
    if (!signature || signature->size() != 64) return false;
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key) != 1) {
        throw error("Ed25519 verification failed in libcrypto");
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature->data()), signature->size(),
                            reinterpret_cast<const unsigned char *>(message.data()), message.size()) == 1;
}

std::vector<checkpoint> stored_checkpoints(store &db) {
    auto &conn = db.internals().db;
    sql::transaction tx(conn, sql::transaction::mode::deferred);
    auto s = conn.prepare("SELECT id, seq, head_hash, at, signature FROM checkpoints ORDER BY id");
    std::vector<checkpoint> out;
    while (s.step()) {
        checkpoint c;
        c.id = s.int64(0);
        c.seq = s.int64(1);
        c.head_hash = s.text(2);
        c.at = s.text(3);
        c.signature = s.text(4);
        out.push_back(std::move(c));
    }
    tx.commit();
    return out;
}

tamper_report verify_with_checkpoints(store &db, const signing_key *key, const std::vector<checkpoint> &external) {
    tamper_report report;
    // The chain first: it names the first row that was edited, removed from the middle, or
    // appended without chaining.
    auto chain = db.verify_audit();
    if (!chain.ok) report.findings.push_back(chain.problem);

    auto stored = stored_checkpoints(db);
    auto &conn = db.internals().db;
    sql::transaction tx(conn, sql::transaction::mode::deferred);
    {
        auto s = conn.prepare("SELECT count(*), coalesce(max(id), 0) FROM checks");
        s.step();
        report.rows = s.int64(0);
        report.last_id = s.int64(1);
    }

    std::vector<checkpoint> trusted;
    auto consider = [&](const checkpoint &c) {
        if (key && !key->verify(signed_text(c), c.signature)) {
            report.findings.push_back(fmt::format(
                "{}: bad signature: not made with this key, or its sequence, head hash or time was changed",
                describe(c)));
            return;
        }
        trusted.push_back(c);
    };
    for (const auto &c : stored) consider(c);
    for (const auto &c : external) {
        bool kept = std::any_of(stored.begin(), stored.end(), [&](const checkpoint &s) { return same_signed_fields(s, c); });
        if (kept) continue;  // compared once, as the database's
        report.findings.push_back(
            fmt::format("{} is missing from the database: its checkpoints were deleted or rewritten", describe(c)));
        consider(c);
    }
    std::stable_sort(trusted.begin(), trusted.end(), [](const checkpoint &a, const checkpoint &b) { return a.seq < b.seq; });

    // Each distinct (sequence, head) once; two trusted checkpoints that disagree on one sequence
    // are themselves evidence (a checkpoint forged without the key, when no key was given).
    std::map<std::int64_t, const checkpoint *> by_seq;
    for (const auto &c : trusted) {
        auto [at, inserted] = by_seq.emplace(c.seq, &c);
        if (!inserted && at->second->head_hash != c.head_hash) {
            report.findings.push_back(fmt::format("{} and {} sign different heads for check {}", describe(*at->second),
                                                  describe(c), c.seq));
        }
    }
    report.checkpoints_trusted = static_cast<std::int64_t>(trusted.size());

    std::int64_t last_good = 0;  // the highest sequence whose head still matches
    bool truncation_reported = false;
    for (const auto &[seq, c] : by_seq) {
        report.covered_to = std::max(report.covered_to, seq);
        if (seq == 0) {
            if (c->head_hash != genesis_hash) {
                report.findings.push_back(fmt::format("{}: an empty trail's head is 64 zeros", describe(*c)));
            }
            continue;
        }
        if (seq > report.last_id) {
            if (!truncation_reported) {
                report.findings.push_back(fmt::format(
                    "checks {}..{} are missing: {} covers them but the trail ends at check {} (its tail was deleted, "
                    "or rows were deleted and the rest renumbered)",
                    report.last_id + 1, seq, describe(*c), report.last_id));
                truncation_reported = true;
            } else {
                report.findings.push_back(
                    fmt::format("check {} is missing: {} covers it", seq, describe(*c)));
            }
            continue;
        }
        std::optional<std::string> stored_hash;
        {
            auto s = conn.prepare("SELECT hash FROM checks WHERE id = ?1");
            s.bind(1, seq);
            if (s.step()) stored_hash = s.text(0);
        }
        if (!stored_hash) {
            report.findings.push_back(fmt::format("check {} is missing: {} covers it", seq, describe(*c)));
            continue;
        }
        if (*stored_hash == c->head_hash) {
            last_good = seq;
            continue;
        }
        // A row merely renumbered keeps its hash (unless the chain was recomputed too); the
        // column has no index, so this scan runs only for a checkpoint that no longer matches.
        std::optional<std::int64_t> moved;
        {
            auto s = conn.prepare("SELECT id FROM checks WHERE hash = ?1 LIMIT 1");
            s.bind(1, c->head_hash);
            if (s.step()) moved = s.int64(0);
        }
        if (moved) {
            report.findings.push_back(fmt::format(
                "check {}: the row signed as check {} in {} is now check {}: rows before it were deleted and the "
                "rest renumbered",
                seq, seq, describe(*c), *moved));
        } else {
            report.findings.push_back(fmt::format(
                "check {}: its hash differs from the one signed in {}: checks {}..{} were rewritten and the chain "
                "recomputed (or rows deleted and the rest renumbered)",
                seq, describe(*c), last_good + 1, seq));
        }
    }
    tx.commit();
    return report;
}

checkpoint make_checkpoint(store &db, const signing_key &key) {
    if (!key.is_private()) throw error("a checkpoint is signed with the private key");
    auto report = verify_with_checkpoints(db, &key, {});
    if (!report.ok()) {
        throw error(fmt::format("refusing to sign a checkpoint: the audit trail does not verify: {}",
                                report.findings.front()));
    }
    auto &conn = db.internals().db;
    sql::transaction tx(conn);
    checkpoint c;
    // The head that was verified, even if checks were appended since: a signature vouches only
    // for rows that were checked.
    c.seq = report.last_id;
    c.head_hash = genesis_hash;
    if (c.seq > 0) {
        auto s = conn.prepare("SELECT hash FROM checks WHERE id = ?1");
        s.bind(1, c.seq);
        if (!s.step()) throw error(fmt::format("check {} vanished while signing a checkpoint", c.seq));
        c.head_hash = s.text(0);
    }
    c.at = db.now();
    c.signature = key.sign(signed_text(c));
    auto insert = conn.prepare("INSERT INTO checkpoints (seq, head_hash, at, signature) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, c.seq).bind(2, c.head_hash).bind(3, c.at).bind(4, c.signature).run();
    c.id = conn.last_insert_rowid();
    tx.commit();
    return c;
}

}  // namespace credo::store
