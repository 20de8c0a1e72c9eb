// SPDX-License-Identifier: Apache-2.0
// The SQLite wrapper: every failure becomes a store::error naming what was attempted.
#include "store/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/error.hpp"

namespace credo::store::sql {

void connection_closer::operator()(sqlite3 *db) const noexcept { sqlite3_close_v2(db); }
void statement_finalizer::operator()(sqlite3_stmt *stmt) const noexcept { sqlite3_finalize(stmt); }

void fail(sqlite3 *db, std::string_view what) {
    throw error(fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : "out of memory"));
}

statement::~statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

statement &statement::bind(int index, std::string_view text) {
    // SQLITE_STATIC: every caller keeps the text alive until the statement has stepped.
    if (sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                          SQLITE_STATIC) != SQLITE_OK) {
        fail(sqlite3_db_handle(stmt_), "cannot bind a value");
    }
    return *this;
}

statement &statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), "cannot bind a value");
    return *this;
}

statement &statement::bind(int index, std::nullptr_t) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), "cannot bind a value");
    return *this;
}

statement &statement::bind_blob(int index, const void *data, std::size_t size) {
    if (sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_STATIC) != SQLITE_OK) {
        fail(sqlite3_db_handle(stmt_), "cannot bind a value");
    }
    return *this;
}

bool statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3 *db = sqlite3_db_handle(stmt_);
    std::string message = fmt::format("statement failed ({})", sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);
    fail(db, message);
}

void statement::run() {
    while (step()) {
    }
}

bool statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view statement::text(int column) const {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, column));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return std::string(text(column));
}

std::string_view statement::blob(int column) const {
    const auto *p = static_cast<const char *>(sqlite3_column_blob(stmt_, column));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

connection::connection(const std::string &path, bool create, bool read_only) : path_(path) {
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
    sqlite3 *raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail(raw, fmt::format("cannot open database `{}`", path));
    sqlite3_extended_result_codes(raw, 1);
    // Another process (an import, the engine's audit writer) may hold the write lock briefly.
    sqlite3_busy_timeout(raw, 10000);
    // REPLACE deletes a conflicting row without firing the BEFORE DELETE triggers that keep
    // rows for good, unless recursive triggers are on (lang_conflict.html); with them on, every
    // REPLACE of a kept row is refused by those triggers (schema version 5).
    exec("PRAGMA recursive_triggers = ON");
}

connection::~connection() = default;
connection::connection(connection &&) noexcept = default;
connection &connection::operator=(connection &&) noexcept = default;

statement connection::prepare(const char *sql) {
    std::string_view text(sql);
    auto found = cache_.find(text);
    if (found == cache_.end()) {
        sqlite3_stmt *raw = nullptr;
        if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
            fail(db_.get(), fmt::format("cannot prepare `{}`", sql));
        }
        found = cache_.emplace(std::string(text), statement_ptr(raw)).first;
    }
    return statement(found->second.get());
}

void connection::exec(const char *sql) {
    char *message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_.get());
        sqlite3_free(message);
        throw error(fmt::format("`{}` failed: {}", sql, text));
    }
}

std::int64_t connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
int connection::changes() const { return sqlite3_changes(db_.get()); }
std::string connection::error_message() const { return sqlite3_errmsg(db_.get()); }

transaction::transaction(connection &db, mode m) : db_(&db) {
    db.exec(m == mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

transaction::~transaction() {
    if (open_) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit() {
    db_->exec("COMMIT");
    open_ = false;
}

}  // namespace credo::store::sql
