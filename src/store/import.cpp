// SPDX-License-Identifier: Apache-2.0
// CSV import: header mapping, row validation, rejects, batches with a resumable checkpoint.
#include "store/import.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/csv.hpp"
#include "store/store_impl.hpp"

namespace credo::store {

namespace {

// The file mapped read-only for the duration of the import.
class mapped_file {
public:
    explicit mapped_file(const std::string &path) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
        struct stat st{};
        if (fstat(fd_, &st) != 0) throw error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
        size_ = static_cast<std::size_t>(st.st_size);
        if (size_ > 0) {
            void *p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
            if (p == MAP_FAILED) throw error(fmt::format("cannot map `{}`: {}", path, std::strerror(errno)));
            data_ = static_cast<const char *>(p);
            madvise(p, size_, MADV_SEQUENTIAL);
        }
    }
    ~mapped_file() {
        if (data_) munmap(const_cast<char *>(data_), size_);
        if (fd_ >= 0) ::close(fd_);
    }
    mapped_file(const mapped_file &) = delete;
    mapped_file &operator=(const mapped_file &) = delete;
    std::string_view view() const { return {data_ ? data_ : "", size_}; }

private:
    int fd_ = -1;
    const char *data_ = nullptr;
    std::size_t size_ = 0;
};

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw error("SHA-256 failed in libcrypto");
    }
    std::string out;
    for (unsigned i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}

// The bad-row report: `line,column,reason,record`, flushed before each checkpoint so that its
// recorded length is what is on disk.
class rejects_file {
public:
    rejects_file(const std::string &path, std::int64_t keep_bytes) {
        if (path.empty()) return;
        if (keep_bytes > 0) {
            if (::truncate(path.c_str(), keep_bytes) != 0) {
                throw error(fmt::format("cannot truncate `{}` to resume: {}", path, std::strerror(errno)));
            }
            file_ = std::fopen(path.c_str(), "ab");
        } else {
            file_ = std::fopen(path.c_str(), "wb");
        }
        if (!file_) throw error(fmt::format("cannot write `{}`: {}", path, std::strerror(errno)));
        path_ = path;
        if (keep_bytes <= 0) std::fputs("line,column,reason,record\n", file_);
    }
    ~rejects_file() {
        if (file_) std::fclose(file_);
    }
    rejects_file(const rejects_file &) = delete;
    rejects_file &operator=(const rejects_file &) = delete;

    void write(std::uint64_t line, std::string_view column, std::string_view reason, std::string_view record) {
        if (!file_) return;
        std::string out = fmt::format("{},{},{},{}\n", line, quote(column), quote(reason), quote(record));
        if (std::fwrite(out.data(), 1, out.size(), file_) != out.size()) fail();
    }
    std::int64_t flush() {
        if (!file_) return 0;
        if (std::fflush(file_) != 0) fail();
        long at = std::ftell(file_);
        if (at < 0) fail();
        return at;
    }

private:
    static std::string quote(std::string_view text) {
        std::string out = "\"";
        for (char c : text) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
        return out;
    }
    [[noreturn]] void fail() { throw error(fmt::format("cannot write `{}`: {}", path_, std::strerror(errno))); }
    std::FILE *file_ = nullptr;
    std::string path_;
};

// Where each expected column sits in the file's records.
struct header_map {
    std::vector<std::size_t> position;  // expected column -> field index
    std::vector<std::string> names;     // the file's header, for naming the column of a problem
};

result<header_map> read_header(csv_reader &reader, const std::vector<std::string> &expected, bool ignore_extra,
                               const std::string &path) {
    using R = result<header_map>;
    std::vector<std::string_view> fields;
    auto got = reader.next(fields);
    if (got == csv_reader::outcome::end) {
        return R::failure(fmt::format("`{}` is empty; expected a header row ({})", path, fmt::join(expected, ",")));
    }
    if (got == csv_reader::outcome::malformed) {
        return R::failure(fmt::format("{}:1: the header row is malformed: {}", path, reader.error()));
    }
    header_map h;
    h.position.assign(expected.size(), SIZE_MAX);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name(fields[i]);
        h.names.push_back(name);
        std::size_t k = 0;
        while (k < expected.size() && expected[k] != name) ++k;
        if (k == expected.size()) {
            if (ignore_extra) continue;
            return R::failure(fmt::format("{}:1: unexpected column `{}` (expected {}); pass --ignore-extra to ignore it",
                                          path, name, fmt::join(expected, ",")));
        }
        if (h.position[k] != SIZE_MAX) return R::failure(fmt::format("{}:1: column `{}` appears twice", path, name));
        h.position[k] = i;
    }
    for (std::size_t k = 0; k < expected.size(); ++k) {
        if (h.position[k] == SIZE_MAX) {
            return R::failure(fmt::format("{}:1: missing column `{}` (expected {})", path, expected[k],
                                          fmt::join(expected, ",")));
        }
    }
    return h;
}

enum class row_result { inserted, unchanged, rejected };

// Writes one list entry; the caller holds the batch transaction.
class list_rows {
public:
    list_rows(store::impl &s, const catalog &rules, const std::string &list_id, const list_info &list)
        : s_(s), rules_(rules), list_id_(list_id), list_(list) {}

    row_result handle(const std::vector<std::string_view> &f, const header_map &h, const std::string &at,
                      std::string_view by, std::int64_t import_id, field_problem &problem) {
        const auto &p = h.position;
        entry_fields in{f[p[0]], f[p[1]], f[p[2]], f[p[3]], f[p[4]], f[p[5]], f[p[6]]};
        if (auto bad = validate_entry(rules_, list_id_, list_, in, v_)) {
            problem = std::move(*bad);
            return row_result::rejected;
        }
        auto &db = s_.db;
        insert_subject(db, v_.subject_id, v_.kind, in.subject_name, at);
        std::string listed = v_.listed_on.to_string(), expires = v_.expires_on.to_string();
        auto s = db.prepare(
            "INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
            "recorded_by, recorded_at, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
            "ON CONFLICT (subject_id, list_id, listed_on, document) DO NOTHING");
        s.bind(1, list_id_).bind(2, v_.subject_id).bind(3, listed).bind(4, expires).bind(5, in.document);
        s.bind(6, in.initiator).bind(7, in.reason).bind(8, by).bind(9, at).bind(10, import_id).run();
        if (db.changes() == 1) {
            record_event(db, at, "listed", db.last_insert_rowid(), std::nullopt, std::nullopt, std::nullopt,
                         v_.listed_on);
            return row_result::inserted;
        }
        // Already recorded: the same row again is fine; the same entry with other content is not.
        auto q = db.prepare(
            "SELECT expires_on, initiator, reason, id FROM entries "
            "WHERE subject_id = ?1 AND list_id = ?2 AND listed_on = ?3 AND document = ?4");
        q.bind(1, v_.subject_id).bind(2, list_id_).bind(3, listed).bind(4, in.document);
        q.step();
        const char *column = q.text(0) != expires ? "expires_on"
                             : q.text(1) != in.initiator ? "initiator"
                             : q.text(2) != in.reason ? "reason"
                                                      : nullptr;
        if (!column) return row_result::unchanged;
        problem = {column, fmt::format("entry {} (same list, subject, listed_on and document) is already recorded "
                                       "with {} `{}`",
                                       q.int64(3), column, column == std::string_view("expires_on") ? q.text(0)
                                                           : column == std::string_view("initiator") ? q.text(1)
                                                                                                     : q.text(2))};
        return row_result::rejected;
    }

private:
    store::impl &s_;
    const catalog &rules_;
    const std::string &list_id_;
    const list_info &list_;
    valid_entry v_;
};

class relation_rows {
public:
    relation_rows(store::impl &s, const catalog &rules) : s_(s), rules_(rules) {}

    row_result handle(const std::vector<std::string_view> &f, const header_map &h, const std::string &at,
                      std::string_view by, std::int64_t import_id, field_problem &problem) {
        const auto &p = h.position;
        relation_fields in{f[p[0]], f[p[1]], f[p[2]], f[p[3]], f[p[4]], f[p[5]]};
        if (auto bad = validate_relation(rules_, in, v_)) {
            problem = std::move(*bad);
            return row_result::rejected;
        }
        auto &db = s_.db;
        insert_subject(db, v_.person_id, "person", in.person_name, at);
        insert_subject(db, v_.org_id, v_.org_kind, "", at);
        std::string since = v_.since.to_string();
        std::optional<std::string> until;
        if (v_.until) until = v_.until->to_string();
        auto s = db.prepare(
            "INSERT INTO relations (person_id, org_id, role, since, until, recorded_by, recorded_at, import_id) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (person_id, org_id, role, since) DO NOTHING");
        s.bind(1, v_.person_id).bind(2, v_.org_id).bind(3, in.role).bind(4, since).bind(5, until).bind(6, by);
        s.bind(7, at).bind(8, import_id).run();
        if (db.changes() == 1) {
            record_event(db, at, "relation_added", std::nullopt, std::nullopt, std::nullopt, db.last_insert_rowid(),
                         v_.since);
            return row_result::inserted;
        }
        auto q = db.prepare(
            "SELECT until, id FROM relations WHERE person_id = ?1 AND org_id = ?2 AND role = ?3 AND since = ?4");
        q.bind(1, v_.person_id).bind(2, v_.org_id).bind(3, in.role).bind(4, since);
        q.step();
        if (q.optional_text(0) == until) return row_result::unchanged;
        problem = {"until", fmt::format("relation {} (same person, organisation, role and since) is already recorded "
                                        "with until `{}`",
                                        q.int64(1), q.optional_text(0).value_or(""))};
        return row_result::rejected;
    }

private:
    store::impl &s_;
    const catalog &rules_;
    valid_relation v_;
};

struct checkpoint {
    std::int64_t id = 0;
    std::size_t offset = 0;
    std::uint64_t line = 1;
    import_summary counts;
    std::int64_t rejects_bytes = 0;
};

template <class Rows>
result<import_summary> run_import(store::impl &s, Rows &rows, const std::vector<std::string> &expected,
                                  std::string_view what, std::optional<std::string> list_id, const std::string &path,
                                  const import_options &options) {
    using R = result<import_summary>;
    auto started = std::chrono::steady_clock::now();
    mapped_file file(path);
    std::string_view data = file.view();
    csv_reader reader(data);
    auto header = read_header(reader, expected, options.ignore_extra, path);
    if (!header) return R::failure(header.error());
    const header_map &h = *header;
    std::string fingerprint = sha256_hex(data);
    std::string by = options.by.empty() ? "import" : options.by;
    auto &db = s.db;

    // Bulk-load settings: a commit per batch need not reach the disk before the next batch
    // starts (WAL with synchronous=NORMAL stays consistent after a crash; only the last
    // batches may need redoing, which the checkpoint makes safe).
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA cache_size = -262144");
    struct restore_pragmas {
        sql::connection &db;
        ~restore_pragmas() {
            try {
                db.exec("PRAGMA synchronous = FULL");
                db.exec("PRAGMA cache_size = -2000");
            } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
            }
        }
    } restore{db};

    checkpoint cp;
    cp.offset = reader.offset();
    cp.line = reader.line();
    if (!options.strict) {
        auto q = db.prepare(
            "SELECT id, next_offset, next_line, rows, inserted, unchanged, rejected, rejects_bytes FROM imports "
            "WHERE fingerprint = ?1 AND what = ?2 AND coalesce(list_id, '') = ?3 AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1");
        q.bind(1, fingerprint).bind(2, what).bind(3, list_id.value_or(""));
        if (q.step() && static_cast<std::size_t>(q.int64(1)) >= cp.offset) {
            cp.id = q.int64(0);
            cp.offset = static_cast<std::size_t>(q.int64(1));
            cp.line = static_cast<std::uint64_t>(q.int64(2));
            cp.counts.rows = static_cast<std::uint64_t>(q.int64(3));
            cp.counts.inserted = static_cast<std::uint64_t>(q.int64(4));
            cp.counts.unchanged = static_cast<std::uint64_t>(q.int64(5));
            cp.counts.rejected = static_cast<std::uint64_t>(q.int64(6));
            cp.rejects_bytes = q.int64(7);
            cp.counts.resumed = true;
            cp.counts.resumed_at_line = cp.line;
        }
    }
    rejects_file rejects(options.rejects_path, cp.counts.resumed ? cp.rejects_bytes : 0);
    import_summary sum = cp.counts;
    std::uint64_t rows_at_start = sum.rows;

    // Strict: the whole file is one transaction, rolled back if any row is bad.
    std::optional<sql::transaction> tx;
    auto begin_batch = [&] {
        tx.emplace(db);
        if (cp.id == 0) {
            auto ins = db.prepare(
                "INSERT INTO imports (what, list_id, path, fingerprint, recorded_by, started_at, next_offset, "
                "next_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            std::string at = s.now();
            ins.bind(1, what).bind(2, list_id).bind(3, path).bind(4, fingerprint).bind(5, by).bind(6, at);
            ins.bind(7, static_cast<std::int64_t>(cp.offset)).bind(8, static_cast<std::int64_t>(cp.line)).run();
            cp.id = db.last_insert_rowid();
        }
    };
    auto commit_batch = [&](bool finished) {
        std::int64_t rejects_bytes = rejects.flush();
        auto up = db.prepare(
            "UPDATE imports SET next_offset = ?2, next_line = ?3, rows = ?4, inserted = ?5, unchanged = ?6, "
            "rejected = ?7, rejects_bytes = ?8, finished_at = ?9 WHERE id = ?1");
        std::optional<std::string> finished_at;
        if (finished) finished_at = s.now();
        up.bind(1, cp.id).bind(2, static_cast<std::int64_t>(reader.offset()));
        up.bind(3, static_cast<std::int64_t>(reader.line())).bind(4, static_cast<std::int64_t>(sum.rows));
        up.bind(5, static_cast<std::int64_t>(sum.inserted)).bind(6, static_cast<std::int64_t>(sum.unchanged));
        up.bind(7, static_cast<std::int64_t>(sum.rejected)).bind(8, rejects_bytes).bind(9, finished_at).run();
        tx->commit();
        tx.reset();
    };
    auto report = [&] {
        if (!options.progress) return;
        import_progress p;
        p.rows = sum.rows;
        p.rows_this_run = sum.rows - rows_at_start;
        p.bytes = reader.offset();
        p.total_bytes = data.size();
        p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        options.progress(p);
    };

    reader = csv_reader(data, cp.offset, cp.line);
    std::vector<std::string_view> fields;
    fields.reserve(h.names.size() + 4);
    std::size_t in_batch = 0;
    std::string at = s.now();
    field_problem problem;
    auto reject = [&](std::uint64_t line, std::string column, std::string reason, std::size_t record_begin) {
        ++sum.rejected;
        std::string_view record = data.substr(record_begin, reader.offset() - record_begin);
        while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.remove_suffix(1);
        rejects.write(line, column, reason, record);
        if (sum.first_rejects.size() < 20) sum.first_rejects.push_back({line, std::move(column), std::move(reason)});
    };
    begin_batch();
    for (;;) {
        std::size_t record_begin = reader.offset();
        auto got = reader.next(fields);
        if (got == csv_reader::outcome::end) break;
        ++sum.rows;
        ++in_batch;
        if (got == csv_reader::outcome::malformed) {
            std::size_t k = reader.error_field();
            reject(reader.record_line(), k < h.names.size() ? h.names[k] : fmt::format("field {}", k + 1),
                   reader.error(), record_begin);
        } else if (fields.size() != h.names.size()) {
            reject(reader.record_line(), fields.size() == 1 && fields[0].empty() ? "" : "record",
                   fields.size() == 1 && fields[0].empty()
                       ? std::string("the line is empty")
                       : fmt::format("the record has {} fields, the header has {}", fields.size(), h.names.size()),
                   record_begin);
        } else {
            switch (rows.handle(fields, h, at, by, cp.id, problem)) {
            case row_result::inserted: ++sum.inserted; break;
            case row_result::unchanged: ++sum.unchanged; break;
            case row_result::rejected:
                reject(reader.record_line(), std::move(problem.column), std::move(problem.reason), record_begin);
                break;
            }
        }
        if (!options.strict && in_batch >= options.batch_rows) {
            commit_batch(false);
            report();
            in_batch = 0;
            at = s.now();
            begin_batch();
        }
    }
    if (options.strict && sum.rejected > 0) {
        rejects.flush();
        tx.reset();  // rolls back: nothing written
        sum.committed = false;
        sum.inserted = 0;
        sum.unchanged = 0;
        sum.import_id = 0;
    } else {
        commit_batch(true);
        sum.import_id = cp.id;
    }
    sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report();
    return sum;
}

}  // namespace

result<import_summary> import_list(store &db, const catalog &rules, const std::string &list_id, const std::string &path,
                                   const import_options &options) {
    const list_info *list = rules.find_list(list_id);
    if (!list) {
        auto near = rules.closest_list(list_id);
        return result<import_summary>::failure(near.empty() ? fmt::format("unknown list `{}`", list_id)
                                                            : fmt::format("unknown list `{}`; did you mean `{}`?",
                                                                          list_id, near));
    }
    list_rows rows(db.internals(), rules, list_id, *list);
    return run_import(db.internals(), rows, list_columns(), "list", list_id, path, options);
}

result<import_summary> import_relations(store &db, const catalog &rules, const std::string &path,
                                        const import_options &options) {
    relation_rows rows(db.internals(), rules);
    return run_import(db.internals(), rows, relation_columns(), "relations", std::nullopt, path, options);
}

}  // namespace credo::store
