// SPDX-License-Identifier: Apache-2.0
// The tamper-evident audit trail: a SHA-256 hash chain over the check rows.
#include <fmt/format.h>
#include <openssl/evp.h>

#include "store/store_impl.hpp"

namespace credo::store {

namespace {

const std::string genesis_hash(64, '0');

// Each field is length-prefixed so that no two different rows serialise alike.
void put(std::string &out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ';';
}

std::string chain_hash(std::string_view prev_hash, std::int64_t id, const check_record &c,
                       std::string_view as_of) {
    std::string content;
    content.reserve(256);
    put(content, "credo-check-v1");
    put(content, prev_hash);
    put(content, std::to_string(id));
    put(content, c.at);
    put(content, c.querier);
    put(content, c.subject_id);
    put(content, c.scenario);
    put(content, as_of);
    put(content, c.verdict);
    put(content, c.rules_version);
    put(content, std::to_string(c.store_version));
    put(content, c.decision_digest);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(content.data(), content.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw error("SHA-256 failed in libcrypto");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * length, '0');
    for (unsigned i = 0; i < length; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xF];
    }
    return out;
}

// Appends within the caller's transaction; `prev` is updated to the new row's hash.
std::int64_t append_one(sql::connection &db, const std::string &now, const check_record &in, std::string &prev) {
    check_record c = in;
    if (c.at.empty()) c.at = now;
    auto next = db.prepare("SELECT coalesce(max(id), 0) + 1 FROM checks");
    next.step();
    std::int64_t id = next.int64(0);
    std::string as_of = c.as_of.to_string();
    std::string hash = chain_hash(prev, id, c, as_of);
    auto s = db.prepare(
        "INSERT INTO checks (id, at, querier, subject_id, scenario, as_of, verdict, rules_version, store_version, "
        "decision_digest, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    s.bind(1, id).bind(2, c.at).bind(3, c.querier).bind(4, c.subject_id).bind(5, c.scenario).bind(6, as_of);
    s.bind(7, c.verdict).bind(8, c.rules_version).bind(9, c.store_version).bind(10, c.decision_digest);
    s.bind(11, prev).bind(12, hash).run();
    prev = std::move(hash);
    return id;
}

std::string last_hash(sql::connection &db) {
    auto s = db.prepare("SELECT hash FROM checks ORDER BY id DESC LIMIT 1");
    if (!s.step()) return genesis_hash;
    return std::string(s.text(0));
}

}  // namespace

std::int64_t store::append_check(const check_record &c) {
    return append_checks(std::span<const check_record>(&c, 1)).front();
}

std::vector<std::int64_t> store::append_checks(std::span<const check_record> checks) {
    auto &db = impl_->db;
    std::vector<std::int64_t> ids;
    ids.reserve(checks.size());
    if (checks.empty()) return ids;
    sql::transaction tx(db);
    // Read under the write lock, so concurrent writers in other processes extend one chain.
    std::string prev = last_hash(db);
    std::string now = impl_->now();
    for (const auto &c : checks) ids.push_back(append_one(db, now, c, prev));
    tx.commit();
    return ids;
}

std::optional<stored_check> store::find_check(std::int64_t id) {
    auto s = impl_->db.prepare(
        "SELECT id, at, querier, subject_id, scenario, as_of, verdict, rules_version, store_version, "
        "decision_digest, prev_hash, hash FROM checks WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    stored_check c;
    c.id = s.int64(0);
    c.at = s.text(1);
    c.querier = s.text(2);
    c.subject_id = s.text(3);
    c.scenario = s.text(4);
    c.as_of = parse_stored_date(s.text(5));
    c.verdict = s.text(6);
    c.rules_version = s.text(7);
    c.store_version = s.int64(8);
    c.decision_digest = s.text(9);
    c.prev_hash = s.text(10);
    c.hash = s.text(11);
    return c;
}

audit_report store::verify_audit() {
    auto &db = impl_->db;
    audit_report report;
    sql::transaction tx(db, sql::transaction::mode::deferred);
    auto s = db.prepare(
        "SELECT id, at, querier, subject_id, scenario, as_of, verdict, rules_version, store_version, "
        "decision_digest, prev_hash, hash FROM checks ORDER BY id");
    std::string prev = genesis_hash;
    std::int64_t previous_id = 0;
    check_record c;
    while (s.step()) {
        ++report.rows;
        std::int64_t id = s.int64(0);
        c.at = s.text(1);
        c.querier = s.text(2);
        c.subject_id = s.text(3);
        c.scenario = s.text(4);
        std::string as_of(s.text(5));
        c.verdict = s.text(6);
        c.rules_version = s.text(7);
        c.store_version = s.int64(8);
        c.decision_digest = s.text(9);
        auto bad = [&](std::string problem) {
            report.ok = false;
            report.first_bad_id = id;
            report.problem = std::move(problem);
        };
        if (id != previous_id + 1) {
            bad(fmt::format("check {} follows check {}: rows are missing", id, previous_id));
        } else if (s.text(10) != prev) {
            bad(fmt::format("check {}: its previous hash does not match the hash of check {}", id, previous_id));
        } else if (chain_hash(prev, id, c, as_of) != s.text(11)) {
            bad(fmt::format("check {}: its hash does not match its content", id));
        }
        if (!report.ok) break;
        prev = std::string(s.text(11));
        previous_id = id;
    }
    tx.commit();
    return report;
}

}  // namespace credo::store
