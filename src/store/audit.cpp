// SPDX-License-Identifier: Apache-2.0
// The tamper-evident audit trail: a SHA-256 hash chain over the check rows.
#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <sqlite3.h>

#include "base/sha256.hpp"
#include "store/store_impl.hpp"

namespace credo::store {

namespace {

const std::string genesis_hash(64, '0');

// Each field is length-prefixed so that no two different rows serialise alike.
void put(std::string &out, std::string_view field) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, field.size());
    out.append(digits, end);
    out += ':';
    out += field;
    out += ';';
}

void put(std::string &out, std::int64_t number) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
    put(out, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}


// `content` is scratch space, reused across rows.
void chain_hash(std::string_view prev_hash, std::int64_t id, const check_record &c, std::string_view at,
                std::string_view as_of, std::string &content, std::string &out) {
    content.clear();
    put(content, "credo-check-v1");
    put(content, prev_hash);
    put(content, id);
    put(content, at);
    put(content, c.querier);
    put(content, c.subject_id);
    put(content, c.scenario);
    put(content, as_of);
    put(content, c.verdict);
    put(content, c.rules_version);
    put(content, c.store_version);
    put(content, c.decision_digest);
    base::sha256_hex(content, out);
}

std::string chain_hash(std::string_view prev_hash, std::int64_t id, const check_record &c, std::string_view as_of) {
    std::string content;
    std::string out;
    chain_hash(prev_hash, id, c, c.at, as_of, content, out);
    return out;
}

std::string last_hash(sql::connection &db) {
    auto s = db.prepare("SELECT hash FROM checks ORDER BY id DESC LIMIT 1");
    if (!s.step()) return genesis_hash;
    return std::string(s.text(0));
}

std::int64_t last_check_id(sql::connection &db) {
    auto s = db.prepare("SELECT coalesce(max(id), 0) FROM checks");
    s.step();
    return s.int64(0);
}

std::int64_t last_reserved_id(sql::connection &db) {
    auto s = db.prepare("SELECT coalesce((SELECT last_id FROM check_reservations WHERE id = 1), 0)");
    s.step();
    return s.int64(0);
}

void set_last_reserved_id(sql::connection &db, std::int64_t id) {
    auto s = db.prepare(
        "INSERT INTO check_reservations (id, last_id) VALUES (1, ?1) "
        "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id WHERE excluded.last_id > last_id");
    s.bind(1, id).run();
}

// Appends `checks` as ids first_id, first_id + 1, ... after the row whose hash is `prev`; the
// caller holds the write transaction. Rows without a time get `now`.
void insert_checks(sql::connection &db, std::string prev, std::int64_t first_id, std::span<const check_record> checks,
                   std::string_view now) {
    // One statement for the batch, reset after each row.
    auto insert = db.prepare(
        "INSERT INTO checks (id, at, querier, subject_id, scenario, as_of, verdict, rules_version, store_version, "
        "decision_digest, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    std::string content;
    content.reserve(512);
    std::string hash;
    std::string as_of;
    std::int64_t id = first_id;
    for (const auto &c : checks) {
        std::string_view at = c.at.empty() ? now : std::string_view(c.at);
        as_of = c.as_of.to_string();
        chain_hash(prev, id, c, at, as_of, content, hash);
        insert.bind(1, id).bind(2, at).bind(3, c.querier).bind(4, c.subject_id).bind(5, c.scenario).bind(6, as_of);
        insert.bind(7, c.verdict).bind(8, c.rules_version).bind(9, c.store_version).bind(10, c.decision_digest);
        insert.bind(11, prev).bind(12, hash).run();
        sqlite3_reset(insert.handle());
        prev.swap(hash);
        ++id;
    }
}

// Records every id reserved but never written (an engine in batched mode stopped before writing
// them) as a `lost` row, so the chain stays gapless and no later check takes such an id. The
// caller holds the write transaction. Returns how many rows it wrote.
std::int64_t record_lost(sql::connection &db, std::string_view now) {
    std::int64_t last = last_check_id(db);
    std::int64_t reserved = last_reserved_id(db);
    if (reserved <= last) return 0;
    check_record lost;
    lost.at = std::string(now);
    lost.verdict = std::string(lost_check_verdict);
    lost.as_of = parse_stored_date(std::string_view(now).substr(0, 10));
    std::vector<check_record> rows(static_cast<std::size_t>(reserved - last), lost);
    insert_checks(db, last_hash(db), last + 1, rows, now);
    return reserved - last;
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
    std::string now = impl_->now();
    record_lost(db, now);
    std::int64_t first = last_check_id(db) + 1;
    insert_checks(db, last_hash(db), first, checks, now);
    tx.commit();
    for (std::size_t i = 0; i < checks.size(); ++i) ids.push_back(first + static_cast<std::int64_t>(i));
    return ids;
}

std::int64_t store::reserve_check_ids(std::int64_t count) {
    auto &db = impl_->db;
    sql::transaction tx(db);
    std::int64_t base = std::max(last_check_id(db), last_reserved_id(db));
    set_last_reserved_id(db, base + count);
    tx.commit();
    return base + 1;
}

void store::append_reserved_checks(std::int64_t first_id, std::span<const check_record> checks,
                                   std::int64_t reserve_through) {
    auto &db = impl_->db;
    sql::transaction tx(db);
    std::int64_t last = last_check_id(db);
    if (last != first_id - 1) {
        throw error(fmt::format("database `{}`: check {} cannot follow check {}: another process wrote the audit "
                                "trail meanwhile",
                                db.path(), first_id, last));
    }
    if (!checks.empty()) insert_checks(db, last_hash(db), first_id, checks, impl_->now());
    set_last_reserved_id(db, reserve_through);
    tx.commit();
}

void store::release_check_ids(std::int64_t reserved_through, std::int64_t handed_out_through) {
    auto &db = impl_->db;
    sql::transaction tx(db);
    auto s = db.prepare(
        "UPDATE check_reservations SET last_id = max(?2, (SELECT coalesce(max(id), 0) FROM checks)) "
        "WHERE id = 1 AND last_id = ?1");
    s.bind(1, reserved_through).bind(2, handed_out_through).run();
    tx.commit();
}

std::int64_t store::record_lost_checks() {
    auto &db = impl_->db;
    sql::transaction tx(db);
    std::int64_t lost = record_lost(db, impl_->now());
    tx.commit();
    return lost;
}

std::int64_t store::last_reserved_check_id() {
    sql::transaction tx(impl_->db, sql::transaction::mode::deferred);
    std::int64_t out = std::max(last_check_id(impl_->db), last_reserved_id(impl_->db));
    tx.commit();
    return out;
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
