// SPDX-License-Identifier: Apache-2.0
// A thin owning layer over the SQLite C API: connections, cached statements, transactions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace credo::store::sql {

struct connection_closer {
    void operator()(sqlite3 *db) const noexcept;
};
struct statement_finalizer {
    void operator()(sqlite3_stmt *stmt) const noexcept;
};
using connection_ptr = std::unique_ptr<sqlite3, connection_closer>;
using statement_ptr = std::unique_ptr<sqlite3_stmt, statement_finalizer>;

// A borrowed, cached prepared statement. Bindings start at 1, columns at 0. Resetting on
// destruction returns it to the cache ready for the next use.
class statement {
public:
    explicit statement(sqlite3_stmt *stmt) : stmt_(stmt) {}
    ~statement();
    statement(const statement &) = delete;
    statement &operator=(const statement &) = delete;

    statement &bind(int index, std::string_view text);
    statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    // Text is bound without a copy, so a temporary string would dangle before the step.
    statement &bind(int index, std::string &&text) = delete;
    statement &bind(int index, std::int64_t value);
    statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    statement &bind(int index, std::nullptr_t);
    statement &bind_blob(int index, const void *data, std::size_t size);
    template <class T>
    statement &bind(int index, std::optional<T> &&value) = delete;
    template <class T>
    statement &bind(int index, const std::optional<T> &value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    // Steps once: true when a row is available.
    bool step();
    // Steps a statement that returns no row.
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::string_view text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::string_view blob(int column) const;

    sqlite3_stmt *handle() const { return stmt_; }

private:
    sqlite3_stmt *stmt_;
};

class connection {
public:
    // Opens (and creates when `create`) the database file; throws store::error.
    connection(const std::string &path, bool create, bool read_only);
    ~connection();
    connection(connection &&) noexcept;
    connection &operator=(connection &&) noexcept;

    // Prepared once per connection and text: the cache is keyed by the SQL's content (a key by
    // address served string literals but handed a stale statement to a new string built at
    // the address of a freed one).
    statement prepare(const char *sql);
    // Runs one or more statements without results (pragmas, DDL).
    void exec(const char *sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    std::string error_message() const;
    sqlite3 *handle() const { return db_.get(); }
    const std::string &path() const { return path_; }

private:
    std::string path_;
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, statement_ptr, text_hash, std::equal_to<>> cache_;
    connection_ptr db_;  // declared last: destroyed after the statements are finalised
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so a transaction never
// fails half-way on a busy upgrade), ROLLBACK on destruction unless committed.
class transaction {
public:
    enum class mode { deferred, immediate };
    explicit transaction(connection &db, mode m = mode::immediate);
    ~transaction();
    transaction(const transaction &) = delete;
    transaction &operator=(const transaction &) = delete;
    void commit();

private:
    connection *db_;
    bool open_ = true;
};

// Throws store::error with the connection's message prefixed by `what`.
[[noreturn]] void fail(sqlite3 *db, std::string_view what);

}  // namespace credo::store::sql
