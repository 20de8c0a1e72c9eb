// SPDX-License-Identifier: Apache-2.0
// CSV import: header mapping, row validation, rejects, batches with a resumable checkpoint.
#include "store/import.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sha256.hpp"
#include "base/files.hpp"
#include "credo/ids.hpp"
#include "store/csv.hpp"
#include "store/store_impl.hpp"

namespace credo::store {

namespace {

// The input, read whole while an advisory lock on it is held for the whole import: a second
// import of the same file (by any path or link to it) is refused instead of "resuming" the
// running one. Read, not mapped: a file cut while mapped would kill the process with SIGBUS;
// read_regular_file reports it, and refuses FIFOs, devices and files past its bound.
class input_file {
public:
    explicit input_file(const std::string &path) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd_ < 0) throw error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
        struct stat st{};
        if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd_, LOCK_EX | LOCK_NB) != 0 &&
            errno == EWOULDBLOCK) {
            throw error(fmt::format("`{}` is being imported by another credo process; run this again once it has "
                                    "finished",
                                    path));
        }
        try {
            text_ = base::read_regular_file(path);
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }
    ~input_file() {
        if (fd_ >= 0) ::close(fd_);  // releases the lock
    }
    input_file(const input_file &) = delete;
    input_file &operator=(const input_file &) = delete;
    std::string_view view() const { return text_; }

private:
    int fd_ = -1;
    std::string text_;
};


constexpr std::string_view rejects_header = "line,column,reason,record\n";

// The bad-row report: `line,column,reason,record`, flushed before each checkpoint so that its
// recorded length is what is on disk. It is written under a temporary name beside the file
// named (fixed by the input's fingerprint, so that a resumed import continues it) and renamed
// into place when the import ends: the named file is replaced whole or not at all, and is never
// the database or the input. Fields are quoted, a leading `=`, `+`, `-`, `@`, tab or CR gets a
// `'` so that a spreadsheet shows it instead of running it as a formula, and resident IDs are
// masked unless asked otherwise.
class rejects_file {
public:
    rejects_file(const std::string &path, const std::vector<base::kept_path> &keep, const std::string &key,
                 bool resumable, std::int64_t resume_bytes, bool show_ids)
        : show_ids_(show_ids) {
        if (path.empty()) return;
        try {
            if (resumable) {
                file_.emplace(path, keep, key.substr(0, 16));
                restarted_ = !file_->resume(resume_bytes, rejects_header);
            } else {
                file_.emplace(path, keep);
            }
            if (file_->flush() == 0) file_->write(rejects_header);
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }
    rejects_file(const rejects_file &) = delete;
    rejects_file &operator=(const rejects_file &) = delete;

    // A resumed import found no rejects file of its interrupted run: the rows rejected before
    // are not in this one.
    bool restarted() const { return restarted_; }

    void write(std::uint64_t line, std::string_view column, std::string_view reason, std::string_view record) {
        if (!file_) return;
        file_->write(fmt::format("{},{},{},{}\n", line, quote(column), quote(reason), quote(record)));
    }
    std::int64_t flush() {
        if (!file_) return 0;
        try {
            return file_->flush();
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }
    void commit() {
        if (!file_) return;
        try {
            file_->commit();
            file_.reset();
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }

private:
    std::string quote(std::string_view text) const {
        std::string shown = show_ids_ ? std::string(text) : ids::mask_in_text(text);
        std::string out = "\"";
        if (!shown.empty() && std::string_view("=+-@\t\r").find(shown.front()) != std::string_view::npos) out += '\'';
        for (char c : shown) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
        return out;
    }
    std::optional<base::output_file> file_;
    bool show_ids_ = false;
    bool restarted_ = false;
};

// Where each expected column sits in the file's records.
struct header_map {
    // expected column, then optional column -> field index; SIZE_MAX for an optional one absent
    std::vector<std::size_t> position;
    std::vector<std::string> names;  // the file's header, for naming the column of a problem
    // The field of column `k`, empty for an optional column the file does not have.
    std::string_view field(const std::vector<std::string_view> &fields, std::size_t k) const {
        return position[k] == SIZE_MAX ? std::string_view() : fields[position[k]];
    }
};

result<header_map> read_header(csv_reader &reader, const std::vector<std::string> &expected,
                               const std::vector<std::string> &optional, bool ignore_extra, const std::string &path) {
    using R = result<header_map>;
    std::string listed = fmt::format("{}", fmt::join(expected, ","));
    if (!optional.empty()) listed += fmt::format("; optional {}", fmt::join(optional, ","));
    std::vector<std::string_view> fields;
    auto got = reader.next(fields);
    if (got == csv_reader::outcome::end) {
        return R::failure(fmt::format("`{}` is empty; expected a header row ({})", path, listed));
    }
    if (got == csv_reader::outcome::malformed) {
        return R::failure(fmt::format("{}:1: the header row is malformed: {}", path, reader.error()));
    }
    std::vector<std::string> known = expected;
    known.insert(known.end(), optional.begin(), optional.end());
    header_map h;
    h.position.assign(known.size(), SIZE_MAX);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name(fields[i]);
        h.names.push_back(name);
        std::size_t k = 0;
        while (k < known.size() && known[k] != name) ++k;
        if (k == known.size()) {
            if (ignore_extra) continue;
            return R::failure(fmt::format("{}:1: unexpected column `{}` (expected {}); pass --ignore-extra to ignore it",
                                          path, name, listed));
        }
        if (h.position[k] != SIZE_MAX) return R::failure(fmt::format("{}:1: column `{}` appears twice", path, name));
        h.position[k] = i;
    }
    for (std::size_t k = 0; k < expected.size(); ++k) {
        if (h.position[k] == SIZE_MAX) {
            return R::failure(fmt::format("{}:1: missing column `{}` (expected {})", path, expected[k], listed));
        }
    }
    return h;
}

// A batch's rows keep views into the mapped file; a field the CSV reader had to unescape lives
// in the batch's own copies.
class arena {
public:
    explicit arena(std::string_view file) : file_(file) {}
    std::string_view keep(std::string_view v) {
        if (v.empty() || (v.data() >= file_.data() && v.data() + v.size() <= file_.data() + file_.size())) return v;
        return copies_.emplace_back(v);
    }

private:
    std::string_view file_;
    std::deque<std::string> copies_;
};

struct bad_row {
    std::uint64_t line;
    std::string column;
    std::string reason;
    std::size_t begin;
    std::size_t end;
};

using id18 = std::array<char, 18>;

id18 to_id18(const std::string &normalized) {
    // INVARIANT: a valid identifier normalises to 18 characters (legacy IDs are converted).
    id18 out{};
    std::memcpy(out.data(), normalized.data(), std::min<std::size_t>(18, normalized.size()));
    return out;
}

std::string_view as_view(const id18 &id) { return {id.data(), id.size()}; }

std::string_view static_kind(const std::string &kind) {
    auto k = ids::subject_kind_from_string(kind);
    return k ? ids::to_string(*k) : std::string_view("other_org");
}

using date_text = std::array<char, 10>;
// `YYYY-MM-DD` without a heap allocation (validated dates have four-digit years).
date_text to_text(date d) {
    date_text out{};
    auto put = [&](std::size_t at, unsigned value, std::size_t digits) {
        for (std::size_t i = digits; i-- > 0; value /= 10) out[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(d.year()), 4);
    out[4] = '-';
    put(5, d.month(), 2);
    out[7] = '-';
    put(8, d.day(), 2);
    return out;
}
std::string_view as_view(const date_text &d) { return {d.data(), d.size()}; }

struct list_row {
    std::uint64_t line;
    std::size_t begin, end;
    id18 subject;
    std::string_view kind, name, document, initiator, reason;
    date_text listed, expires, established;
    bool has_expires, has_established;
    const id18 &sort_key() const { return subject; }
    std::string_view established_on() const { return has_established ? as_view(established) : std::string_view(); }
};

struct relation_row {
    std::uint64_t line;
    std::size_t begin, end;
    id18 person, org;
    std::string_view org_kind, person_name, role;
    date_text since, until, org_established;
    bool has_until, has_org_established;
    const id18 &sort_key() const { return person; }
};

template <class Row>
struct batch {
    explicit batch(std::string_view file) : copies(file) {}
    std::vector<Row> rows;
    std::vector<bad_row> bad;
    std::vector<bad_row> warnings;  // rows written, with a warning (found while writing)
    arena copies;
    std::uint64_t records = 0;
    std::size_t end_offset = 0;
    std::uint64_t end_line = 0;
};

// Validates list rows (no database access, so it runs on its own thread).
class list_validator {
public:
    using row = list_row;
    list_validator(const catalog &rules, const std::string &list_id, const list_info &list)
        : rules_(rules), list_id_(list_id), list_(list) {}
    std::optional<field_problem> validate(const std::vector<std::string_view> &f, const header_map &h, arena &copies,
                                          list_row &out) {
        const auto &p = h.position;
        entry_fields in{f[p[0]], f[p[1]], f[p[2]], f[p[3]], f[p[4]], f[p[5]], f[p[6]], h.field(f, 7)};
        if (auto bad = validate_entry(rules_, list_id_, list_, in, v_)) return bad;
        out.subject = to_id18(v_.subject_id);
        out.kind = static_kind(v_.kind);
        out.name = copies.keep(in.subject_name);
        out.document = copies.keep(in.document);
        out.initiator = copies.keep(in.initiator);
        out.reason = copies.keep(in.reason);
        out.listed = to_text(v_.listed_on);
        out.has_expires = v_.expires_on.has_value();
        out.expires = v_.expires_on ? to_text(*v_.expires_on) : date_text{};
        out.has_established = v_.established_on.has_value();
        out.established = v_.established_on ? to_text(*v_.established_on) : date_text{};
        return std::nullopt;
    }

private:
    const catalog &rules_;
    const std::string &list_id_;
    const list_info &list_;
    valid_entry v_;
};

class relation_validator {
public:
    using row = relation_row;
    explicit relation_validator(const catalog &rules) : rules_(rules) {}
    std::optional<field_problem> validate(const std::vector<std::string_view> &f, const header_map &h, arena &copies,
                                          relation_row &out) {
        const auto &p = h.position;
        relation_fields in{f[p[0]], f[p[1]], f[p[2]], f[p[3]], f[p[4]], f[p[5]], h.field(f, 6)};
        if (auto bad = validate_relation(rules_, in, v_)) return bad;
        out.person = to_id18(v_.person_id);
        out.org = to_id18(v_.org_id);
        out.org_kind = static_kind(v_.org_kind);
        out.person_name = copies.keep(in.person_name);
        out.role = copies.keep(in.role);
        out.since = to_text(v_.since);
        out.has_until = v_.until.has_value();
        out.until = v_.until ? to_text(*v_.until) : date_text{};
        out.has_org_established = v_.org_established_on.has_value();
        out.org_established = v_.org_established_on ? to_text(*v_.org_established_on) : date_text{};
        return std::nullopt;
    }

private:
    const catalog &rules_;
    valid_relation v_;
};

// Rows go to SQLite in multi-row statements of `chunk` rows: per-statement costs (cursors)
// then count once per chunk, not once per row. The statements are `INSERT OR IGNORE`: a
// multi-row statement that may abort half-way (a constraint failure under the default ABORT,
// which ON CONFLICT ... DO NOTHING keeps for everything but uniqueness) makes SQLite copy every
// page it touches into a statement journal first, a page copy per row or two. Validation rules
// out every other failure, and a row found neither written nor stored stops the import.
constexpr std::size_t chunk = 128;

// `INSERT ... VALUES` with `rows` tuples, each produced by `tuple(first_parameter_index)`.
template <class Tuple>
std::string values_sql(std::string_view head, std::size_t rows, int shared, int per_row, Tuple tuple,
                       std::string_view tail) {
    std::string sql(head);
    for (std::size_t r = 0; r < rows; ++r) {
        if (r) sql += ", ";
        sql += tuple(shared + static_cast<int>(r) * per_row + 1);
    }
    sql += tail;
    return sql;
}

// Where a subject was named: the row, for a warning about its establishment date.
struct source {
    std::uint64_t line;
    std::size_t begin, end;
};

// Subjects of a chunk, written before its rows, with the establishment date a row gives
// (`YYYY-MM-DD`, or empty). The first date recorded for a subject is kept: it is set when the
// subject is written or when the store had none, and a row giving another is a warning (the
// row itself is imported).
class subject_writer {
public:
    explicit subject_writer(sql::connection &db) : db_(db), new_subjects_(chunk + 1) {}
    void add(std::string_view id, std::string_view kind, std::string_view name, std::string_view established,
             const source &from) {
        pending_.push_back({id, kind, name, established, from});
        dated_ = dated_ || !established.empty();
    }

    // Writes the pending subjects; a chunk that meets stored ones fills in the names they lack,
    // and the dates they lack (read in one query for the chunk, or known from earlier chunks).
    void flush(std::string_view at, std::vector<bad_row> &warnings) {
        for (std::size_t i = 0; i < pending_.size();) {
            std::size_t n = std::min(chunk, pending_.size() - i);
            if (insert_new(pending_, i, n, at) < n) {
                for (std::size_t r = i; r < i + n; ++r) fill_name(pending_[r]);
                if (dated_) settle_dates(i, n, warnings);
            } else if (dated_) {
                remember_new(i, n);
            }
            i += n;
        }
        pending_.clear();
        dated_ = false;
    }

    // Writes the pending subjects (sorted by code) and sets ids[k] to the number of pending
    // subject k. A chunk of new subjects is one INSERT whose rows take consecutive numbers in
    // VALUES order, so a first import costs no lookup per row; only a chunk that meets a
    // subject already in the store looks its subjects up (and fills in a name or an
    // establishment date that was unknown). RETURNING would give the numbers too, but SQLite
    // then copies the chunk into two temporary tables, which cost more than the INSERT itself.
    void flush_with_ids(std::string_view at, std::vector<std::int64_t> &ids, std::vector<bad_row> &warnings) {
        // A code may repeat (a subject with several rows): each distinct one is written once,
        // with the first date its rows give.
        distinct_.clear();
        first_of_.resize(pending_.size());
        for (std::size_t k = 0; k < pending_.size(); ++k) {
            if (k == 0 || pending_[k].id != pending_[k - 1].id) distinct_.push_back(pending_[k]);
            else if (distinct_.back().established.empty()) distinct_.back().established = pending_[k].established;
            first_of_[k] = distinct_.size() - 1;
        }
        distinct_ids_.assign(distinct_.size(), 0);
        if (dated_) kept_.assign(distinct_.size(), date_text{});
        for (std::size_t i = 0; i < distinct_.size();) {
            std::size_t n = std::min(chunk, distinct_.size() - i);
            if (insert_new(distinct_, i, n, at) == n) {
                // INVARIANT: one statement's inserts take consecutive rowids (single writer,
                // nothing deleted, no trigger or RETURNING reordering the VALUES).
                std::int64_t first = db_.last_insert_rowid() - static_cast<std::int64_t>(n) + 1;
                for (std::size_t r = 0; r < n; ++r) {
                    distinct_ids_[i + r] = first + static_cast<std::int64_t>(r);
                    if (dated_) keep(i + r, distinct_[i + r].established);
                }
            } else {
                for (std::size_t r = i; r < i + n; ++r) distinct_ids_[r] = look_up(distinct_[r], r);
            }
            i += n;
        }
        ids.resize(pending_.size());
        for (std::size_t k = 0; k < pending_.size(); ++k) {
            ids[k] = distinct_ids_[first_of_[k]];
            if (dated_) compare(pending_[k], as_view(kept_[first_of_[k]]), warnings);
        }
        pending_.clear();
        dated_ = false;
    }

private:
    struct item {
        std::string_view id, kind, name, established;
        source from;
    };

    static std::string subject_tuple(int p) { return fmt::format("(?{}, ?{}, ?{}, ?{}, ?1)", p, p + 1, p + 2, p + 3); }

    // Inserts the `n` subjects of `items` from `first` that are not stored yet, in one statement;
    // returns how many it inserted.
    std::size_t insert_new(const std::vector<item> &items, std::size_t first, std::size_t n, std::string_view at) {
        auto s = db_.prepare(new_subjects_sql(n).c_str());
        s.bind(1, at);
        for (std::size_t r = 0; r < n; ++r) {
            const auto &x = items[first + r];
            int p = 1 + static_cast<int>(r) * 4 + 1;
            s.bind(p, x.id).bind(p + 1, x.kind).bind(p + 2, x.name);
            if (x.established.empty()) s.bind(p + 3, nullptr);
            else s.bind(p + 3, x.established);
        }
        s.run();
        return static_cast<std::size_t>(db_.changes());
    }

    // `INSERT` of `n` subjects that skips those already stored; made once for each size (a chunk
    // holds fewer distinct subjects when a subject has several rows).
    const std::string &new_subjects_sql(std::size_t n) {
        std::string &sql = new_subjects_[n];
        if (sql.empty()) {
            sql = values_sql("INSERT OR IGNORE INTO subjects (code, kind, name, established_on, recorded_at) VALUES ",
                             n, 1, 4, subject_tuple, "");
        }
        return sql;
    }

    // The stored subject's number. A subject recorded without a name gets the one `x` gives, and
    // one without an establishment date the date `x` gives (distinct subject `k`); neither is
    // ever replaced.
    std::int64_t look_up(const item &x, std::size_t k) {
        std::int64_t id = 0;
        bool unnamed = false;
        bool undated = false;
        {
            auto q = db_.prepare("SELECT id, name = '', established_on FROM subjects WHERE code = ?1");
            q.bind(1, x.id);
            if (!q.step()) throw error(fmt::format("subject `{}` was written but cannot be read back", x.id));
            id = q.int64(0);
            unnamed = q.int64(1) != 0;
            undated = q.is_null(2);
            if (dated_) keep(k, undated ? x.established : q.text(2));
        }
        if (unnamed) fill_name(x);
        if (undated && !x.established.empty()) fill_date(x.id, x.established);
        return id;
    }

    // A stored subject without a name gets the one `x` gives; a name is never replaced.
    void fill_name(const item &x) {
        if (x.name.empty()) return;
        auto u = db_.prepare("UPDATE subjects SET name = ?2 WHERE code = ?1 AND name = ''");
        u.bind(1, x.id).bind(2, x.name).run();
    }

    void fill_date(std::string_view id, std::string_view established) {
        auto u = db_.prepare("UPDATE subjects SET established_on = ?2 WHERE code = ?1 AND established_on IS NULL");
        u.bind(1, id).bind(2, established).run();
    }

    void keep(std::size_t k, std::string_view established) { kept_[k] = to_date_text(established); }

    // A row whose date differs from the one the store keeps for its subject.
    static void compare(const item &x, std::string_view kept, std::vector<bad_row> &warnings) {
        if (x.established.empty() || x.established == kept) return;
        warnings.push_back({x.from.line, "established_on",
                            fmt::format("subject {} is recorded with established_on `{}`; `{}` is not kept", x.id,
                                        kept, x.established),
                            x.from.begin, x.from.end});
    }

    static id18 key(std::string_view id) {
        id18 k{};
        std::memcpy(k.data(), id.data(), std::min(id.size(), k.size()));
        return k;
    }
    struct key_hash {
        std::size_t operator()(const id18 &k) const noexcept { return std::hash<std::string_view>{}(as_view(k)); }
    };

    // Subjects of a statement that wrote them all: each has the date its row gave, if any.
    void remember_new(std::size_t first, std::size_t n) {
        if (settled_.size() > max_settled) settled_.clear();
        for (std::size_t r = first; r < first + n; ++r) {
            const item &x = pending_[r];
            if (!x.established.empty()) settled_.insert_or_assign(key(x.id), to_date_text(x.established));
        }
    }

    // The dates of the statement's `n` subjects from `first` that give one. A subject whose date
    // this import has already seen is compared in memory; the others' stored dates are read in one
    // query for the statement, set where the store had none, and compared.
    void settle_dates(std::size_t first, std::size_t n, std::vector<bad_row> &warnings) {
        if (settled_.size() > max_settled) settled_.clear();
        codes_.clear();
        for (std::size_t r = first; r < first + n; ++r) {
            const item &x = pending_[r];
            if (!x.established.empty() && settled_.find(key(x.id)) == settled_.end()) codes_.push_back(x.id);
        }
        undated_.clear();
        if (!codes_.empty()) {
            std::sort(codes_.begin(), codes_.end());
            codes_.erase(std::unique(codes_.begin(), codes_.end()), codes_.end());
            if (stored_dates_sql_.empty()) {
                stored_dates_sql_ = values_sql("SELECT code, established_on FROM subjects WHERE code IN (", chunk, 0, 1,
                                               [](int p) { return fmt::format("?{}", p); }, ")");
            }
            auto q = db_.prepare(stored_dates_sql_.c_str());
            for (std::size_t k = 0; k < chunk; ++k) {
                if (k < codes_.size()) q.bind(static_cast<int>(k) + 1, codes_[k]);
                else q.bind(static_cast<int>(k) + 1, nullptr);
            }
            while (q.step()) {
                if (q.is_null(1)) undated_.push_back(key(q.text(0)));
                else settled_.insert_or_assign(key(q.text(0)), to_date_text(q.text(1)));
            }
        }
        for (std::size_t r = first; r < first + n; ++r) {
            const item &x = pending_[r];
            if (x.established.empty()) continue;
            auto kept = settled_.find(key(x.id));
            if (kept == settled_.end()) {
                if (std::find(undated_.begin(), undated_.end(), key(x.id)) == undated_.end()) {
                    throw error(fmt::format("subject `{}` was written but cannot be read back", x.id));
                }
                // The first date a row gives for a subject without one.
                fill_date(x.id, x.established);
                settled_.insert_or_assign(key(x.id), to_date_text(x.established));
                continue;
            }
            compare(x, as_view(kept->second), warnings);
        }
    }

    static date_text to_date_text(std::string_view text) {
        date_text d{};
        std::copy_n(text.data(), std::min(text.size(), d.size()), d.begin());
        return d;
    }

    sql::connection &db_;
    std::vector<std::string> new_subjects_;  // by the number of subjects
    std::string stored_dates_sql_;
    std::vector<item> pending_;
    bool dated_ = false;  // a pending subject has a date
    std::vector<item> distinct_;
    std::vector<std::size_t> first_of_;
    std::vector<std::int64_t> distinct_ids_;
    std::vector<date_text> kept_;  // by distinct subject: the date the store keeps (zeros: none)
    // Dates known for the subjects this import has met, so that a subject named in many rows
    // (an organisation with many officers) is read once; bounded, as forgetting costs only a read.
    static constexpr std::size_t max_settled = 1 << 20;
    std::unordered_map<id18, date_text, key_hash> settled_;
    std::vector<std::string_view> codes_;  // of the statement, whose dates are read
    std::vector<id18> undated_;            // of those, the ones stored without a date
};

struct batch_outcome {
    std::uint64_t inserted = 0;
    std::uint64_t unchanged = 0;
    std::int64_t first_id = 0;
    std::int64_t last_id = 0;
};

// Inserts rows chunk by chunk. When a chunk inserts fewer rows than it holds (a re-import),
// each of its rows is looked up: an id above the chunk's starting maximum was inserted now.
template <class Traits>
void write_rows(sql::connection &db, subject_writer &subjects, const std::string &many_sql,
                const std::vector<typename Traits::row> &rows, std::string_view at, std::string_view by,
                std::int64_t import_id, const Traits &traits, batch_outcome &out, std::vector<bad_row> &bad,
                std::vector<bad_row> &warnings) {
    std::vector<std::int64_t> claimed;
    std::vector<std::int64_t> subject_ids;
    // The table's largest id, kept up to date instead of asked for per chunk: ids are handed
    // out as max + 1, so after an insert the last inserted id is the largest.
    std::int64_t max_id;
    {
        auto m = db.prepare(Traits::max_id_sql);
        m.step();
        max_id = m.int64(0);
    }
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t n = rows.size() - i >= chunk ? chunk : 1;
        for (std::size_t r = 0; r < n; ++r) traits.add_subjects(subjects, rows[i + r]);
        if constexpr (Traits::needs_subject_ids) subjects.flush_with_ids(at, subject_ids, warnings);
        else subjects.flush(at, warnings);
        std::int64_t before = max_id;
        {
            auto s = db.prepare(n == chunk ? many_sql.c_str() : Traits::one_sql);
            traits.bind_shared(s, by, at, import_id);
            for (std::size_t r = 0; r < n; ++r) {
                std::int64_t subject = Traits::needs_subject_ids ? subject_ids[r] : 0;
                traits.bind_row(s, Traits::shared + static_cast<int>(r) * Traits::per_row + 1, rows[i + r], subject);
            }
            s.run();
        }
        auto changed = static_cast<std::size_t>(db.changes());
        if (changed > 0) max_id = std::max(max_id, db.last_insert_rowid());
        if (changed == n) {
            // INVARIANT: rowids of one statement's inserts are consecutive (single writer, no deletes).
            std::int64_t last = db.last_insert_rowid();
            if (out.inserted == 0) out.first_id = last - static_cast<std::int64_t>(n) + 1;
            out.last_id = last;
            out.inserted += n;
        } else {
            claimed.clear();
            for (std::size_t r = 0; r < n; ++r) {
                const auto &row = rows[i + r];
                std::string column, reason;
                std::int64_t subject = Traits::needs_subject_ids ? subject_ids[r] : 0;
                std::int64_t id = traits.lookup(db, row, subject, column, reason);
                bool fresh = id > before && std::find(claimed.begin(), claimed.end(), id) == claimed.end();
                if (fresh) {
                    claimed.push_back(id);
                    if (out.inserted == 0) out.first_id = id;
                    out.first_id = std::min(out.first_id, id);
                    out.last_id = std::max(out.last_id, id);
                    ++out.inserted;
                } else if (column.empty()) {
                    ++out.unchanged;
                } else {
                    bad.push_back({row.line, std::move(column), std::move(reason), row.begin, row.end});
                }
            }
        }
        i += n;
    }
}

struct list_traits {
    using row = list_row;
    static constexpr bool needs_subject_ids = true;  // entries refer to the subject's number
    // Who and when are the import's (imports.recorded_by, started_at): a row holds only its import's id.
    static constexpr int shared = 2;  // ?1 list, ?2 import
    static constexpr int per_row = 6;
    static constexpr const char *max_id_sql = "SELECT coalesce(max(id), 0) FROM entries";
    static constexpr const char *one_sql =
        "INSERT OR IGNORE INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
        "import_id) VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?2)";
    static std::string many_sql() {
        return values_sql("INSERT OR IGNORE INTO entries (list_id, subject_id, listed_on, expires_on, document, "
                          "initiator, reason, import_id) VALUES ",
                          chunk, shared, per_row,
                          [](int p) {
                              return fmt::format("(?1, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?2)",
                                                 p, p + 1, p + 2, p + 3, p + 4, p + 5);
                          },
                          "");
    }
    const std::string &list_id;

    void add_subjects(subject_writer &w, const row &r) const {
        w.add(as_view(r.subject), r.kind, r.name, r.established_on(), {r.line, r.begin, r.end});
    }
    void bind_shared(sql::statement &s, std::string_view, std::string_view, std::int64_t import_id) const {
        s.bind(1, list_id).bind(2, import_id);
    }
    static void bind_row(sql::statement &s, int p, const row &r, std::int64_t subject) {
        s.bind(p, subject).bind(p + 1, as_view(r.listed));
        if (r.has_expires) s.bind(p + 2, as_view(r.expires));
        else s.bind(p + 2, nullptr);
        s.bind(p + 3, r.document).bind(p + 4, r.initiator).bind(p + 5, r.reason);
    }
    // The stored entry's id; `column`/`reason` say how it differs from `r`, empty if it does not.
    // `subject` is the number of the row's subject.
    std::int64_t lookup(sql::connection &db, const row &r, std::int64_t subject, std::string &column,
                        std::string &reason) const {
        auto q = db.prepare(
            "SELECT expires_on, initiator, reason, id FROM entries "
            "WHERE subject_id = ?1 AND list_id = ?2 AND listed_on = ?3 AND document = ?4");
        q.bind(1, subject).bind(2, list_id).bind(3, as_view(r.listed)).bind(4, r.document);
        if (!q.step()) {
            // OR IGNORE also skips a row failing a CHECK, which validation rules out: never silently.
            throw error(fmt::format("line {}: the entry was neither written nor found already recorded", r.line));
        }
        // An expiry is NULL when the entry has no end date.
        bool same_expiry = q.is_null(0) ? !r.has_expires : r.has_expires && q.text(0) == as_view(r.expires);
        int differs = !same_expiry ? 0 : q.text(1) != r.initiator ? 1 : q.text(2) != r.reason ? 2 : -1;
        if (differs >= 0) {
            static constexpr const char *names[] = {"expires_on", "initiator", "reason"};
            column = names[differs];
            reason = differs == 0 && q.is_null(0)
                         ? fmt::format("entry {} (same list, subject, listed_on and document) is already recorded "
                                       "without an end date (expires_on empty)",
                                       q.int64(3))
                         : fmt::format("entry {} (same list, subject, listed_on and document) is already recorded "
                                       "with {} `{}`",
                                       q.int64(3), column, q.text(differs));
        }
        return q.int64(3);
    }
};

struct relation_traits {
    using row = relation_row;
    static constexpr bool needs_subject_ids = false;  // relations name subjects by code
    static constexpr int shared = 3;  // ?1 by, ?2 at, ?3 import
    static constexpr int per_row = 5;
    static constexpr const char *max_id_sql = "SELECT coalesce(max(id), 0) FROM relations";
    static constexpr const char *one_sql =
        "INSERT OR IGNORE INTO relations (person_id, org_id, role, since, until, recorded_by, recorded_at, "
        "import_id) VALUES (?4, ?5, ?6, ?7, ?8, ?1, ?2, ?3)";
    static std::string many_sql() {
        return values_sql("INSERT OR IGNORE INTO relations (person_id, org_id, role, since, until, recorded_by, "
                          "recorded_at, import_id) VALUES ",
                          chunk, shared, per_row,
                          [](int p) {
                              return fmt::format("(?{}, ?{}, ?{}, ?{}, ?{}, ?1, ?2, ?3)", p, p + 1, p + 2, p + 3,
                                                 p + 4);
                          },
                          "");
    }

    static void add_subjects(subject_writer &w, const row &r) {
        w.add(as_view(r.person), "person", r.person_name, {}, {r.line, r.begin, r.end});
        w.add(as_view(r.org), r.org_kind, "", r.has_org_established ? as_view(r.org_established) : std::string_view(),
              {r.line, r.begin, r.end});
    }
    static void bind_shared(sql::statement &s, std::string_view by, std::string_view at, std::int64_t import_id) {
        s.bind(1, by).bind(2, at).bind(3, import_id);
    }
    static void bind_row(sql::statement &s, int p, const row &r, std::int64_t) {
        s.bind(p, as_view(r.person)).bind(p + 1, as_view(r.org)).bind(p + 2, r.role).bind(p + 3, as_view(r.since));
        if (r.has_until) s.bind(p + 4, as_view(r.until));
        else s.bind(p + 4, nullptr);
    }
    static std::int64_t lookup(sql::connection &db, const row &r, std::int64_t, std::string &column,
                               std::string &reason) {
        auto q = db.prepare(
            "SELECT until, id FROM relations WHERE person_id = ?1 AND org_id = ?2 AND role = ?3 AND since = ?4");
        q.bind(1, as_view(r.person)).bind(2, as_view(r.org)).bind(3, r.role).bind(4, as_view(r.since));
        if (!q.step()) {
            throw error(fmt::format("line {}: the relation was neither written nor found already recorded", r.line));
        }
        std::optional<std::string_view> stored, mine;
        if (!q.is_null(0)) stored = q.text(0);
        if (r.has_until) mine = as_view(r.until);
        if (stored != mine) {
            column = "until";
            reason = fmt::format("relation {} (same person, organisation, role and since) is already recorded with "
                                 "until `{}`",
                                 q.int64(1), stored.value_or(""));
        }
        return q.int64(1);
    }
};

template <class Traits>
class batch_writer {
public:
    using row = typename Traits::row;
    batch_writer(sql::connection &db, Traits traits, std::string_view event_kind, bool relations)
        : db_(db), subjects_(db), many_(Traits::many_sql()), traits_(std::move(traits)), event_kind_(event_kind),
          relations_(relations) {}
    batch_outcome write(const std::vector<row> &rows, std::string_view at, std::string_view by,
                        std::int64_t import_id, std::vector<bad_row> &bad, std::vector<bad_row> &warnings) {
        batch_outcome out;
        write_rows(db_, subjects_, many_, rows, at, by, import_id, traits_, out, bad, warnings);
        if (out.inserted > 0) record_batch_event(db_, at, event_kind_, out.first_id, out.last_id, relations_);
        return out;
    }

private:
    sql::connection &db_;
    subject_writer subjects_;
    std::string many_;
    Traits traits_;
    std::string_view event_kind_;
    bool relations_;
};

// A bounded hand-over of batches from the validating thread to the writing one.
template <class T>
class channel {
public:
    explicit channel(std::size_t capacity) : capacity_(capacity) {}
    void push(std::unique_ptr<T> item) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        if (closed_) return;
        items_.push_back(std::move(item));
        not_empty_.notify_one();
    }
    // nullptr once the producer is done and everything was taken.
    std::unique_ptr<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || done_; });
        if (items_.empty()) return nullptr;
        auto item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }
    void finish() {
        std::lock_guard lock(mutex_);
        done_ = true;
        not_empty_.notify_all();
    }
    // The consumer gives up (an exception): the producer stops at its next push.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_full_.notify_all();
    }
    bool closed() {
        std::lock_guard lock(mutex_);
        return closed_;
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable not_full_, not_empty_;
    std::deque<std::unique_ptr<T>> items_;
    bool done_ = false;
    bool closed_ = false;
};

// Writing in identifier order turns random B-tree inserts into nearly sequential ones; the sort
// is stable, so of two rows naming the same entry the earlier line wins.
template <class Row>
void sort_rows(std::vector<Row> &rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const Row &x, const Row &y) {
        return std::memcmp(x.sort_key().data(), y.sort_key().data(), 18) < 0;
    });
}

constexpr std::size_t first_batch_rows = 8192;

template <class Validator>
void read_batches(csv_reader reader, std::string_view data, const header_map &h, std::size_t batch_rows,
                  Validator &validator, channel<batch<typename Validator::row>> &out) {
    using row = typename Validator::row;
    std::vector<std::string_view> fields;
    fields.reserve(h.names.size() + 4);
    // The writer waits for the first batch: a small one gets it going at once, the rest are
    // full size (they are validated while the previous one is written).
    std::size_t limit = std::min<std::size_t>(batch_rows, first_batch_rows);
    auto current = std::make_unique<batch<row>>(data);
    current->rows.reserve(limit);
    auto reject = [&](std::uint64_t line, std::string column, std::string reason, std::size_t begin) {
        current->bad.push_back({line, std::move(column), std::move(reason), begin, reader.offset()});
    };
    for (;;) {
        std::size_t begin = reader.offset();
        auto got = reader.next(fields);
        if (got == csv_reader::outcome::end) break;
        ++current->records;
        if (got == csv_reader::outcome::malformed) {
            std::size_t k = reader.error_field();
            reject(reader.record_line(), k < h.names.size() ? h.names[k] : fmt::format("field {}", k + 1),
                   reader.error(), begin);
        } else if (fields.size() != h.names.size()) {
            bool empty = fields.size() == 1 && fields[0].empty();
            reject(reader.record_line(), empty ? "" : "record",
                   empty ? std::string("the line is empty")
                         : fmt::format("the record has {} fields, the header has {}", fields.size(), h.names.size()),
                   begin);
        } else {
            row r{};
            if (auto problem = validator.validate(fields, h, current->copies, r)) {
                reject(reader.record_line(), std::move(problem->column), std::move(problem->reason), begin);
            } else {
                r.line = reader.record_line();
                r.begin = begin;
                r.end = reader.offset();
                current->rows.push_back(r);
            }
        }
        if (current->records >= limit) {
            limit = batch_rows;
            sort_rows(current->rows);
            current->end_offset = reader.offset();
            current->end_line = reader.line();
            out.push(std::move(current));
            if (out.closed()) return;
            current = std::make_unique<batch<row>>(data);
            current->rows.reserve(batch_rows);
        }
    }
    sort_rows(current->rows);
    current->end_offset = reader.offset();
    current->end_line = reader.line();
    out.push(std::move(current));
}

// Copies committed batches from the WAL into the database file, on its own connection and
// thread, while the next batches are validated and written: the import's end then has only its
// last batch to copy. (The WAL itself still grows by every batch: the writer could start it over
// only if the copy of the previous batch had finished before the next one began, which it never
// has.) The checkpoint syncs the WAL before and the database after copying (synchronous=NORMAL),
// as the one at the end does. PASSIVE: it never waits for the writer, nor the writer for it.
class wal_copier {
public:
    explicit wal_copier(const std::string &path) : db_(path, false, false) {
        db_.exec("PRAGMA synchronous = NORMAL");
        thread_ = std::thread([this] { run(); });
    }
    wal_copier(const wal_copier &) = delete;
    wal_copier &operator=(const wal_copier &) = delete;
    ~wal_copier() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }
    // A batch was committed: there is something to copy.
    void committed() {
        {
            std::lock_guard lock(mutex_);
            pending_ = true;
        }
        wake_.notify_one();
    }

private:
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return pending_ || stopping_; });
            if (stopping_) return;
            pending_ = false;
            lock.unlock();
            try {
                db_.exec("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (...) {  // NOLINT(bugprone-empty-catch): the closing checkpoint copies what this did not
            }
            lock.lock();
        }
    }

    sql::connection db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after the members it uses exist
};

struct checkpoint {
    std::int64_t id = 0;
    std::size_t offset = 0;
    std::uint64_t line = 1;
    import_summary counts;
    std::int64_t rejects_bytes = 0;
};

template <class Validator, class Writer>
result<import_summary> run_import(store::impl &s, Validator &validator, Writer &writer,
                                  const std::vector<std::string> &expected, std::string_view what,
                                  std::optional<std::string> list_id, const std::string &path,
                                  const import_options &options) {
    using R = result<import_summary>;
    using row = typename Validator::row;
    auto started = std::chrono::steady_clock::now();
    input_file file(path);
    std::string_view data = file.view();
    csv_reader header_reader(data);
    auto header = read_header(header_reader, expected, optional_columns(), options.ignore_extra, path);
    if (!header) return R::failure(header.error());
    const header_map &h = *header;
    std::string fingerprint = base::sha256_hex(data);
    std::string by = options.by.empty() ? "import" : options.by;
    if (auto p = check_text("--by", by, true)) return R::failure(p->reason);
    auto &db = s.db;

    // Bulk-load settings. WAL with synchronous=NORMAL stays consistent after a crash; only the
    // last batches may need redoing, which the checkpoint makes safe. Foreign keys are not
    // checked row by row: INVARIANT: each batch writes a row's subjects before the row itself.
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = OFF");
    db.exec("PRAGMA cache_size = -262144");
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA mmap_size = 1073741824");
    // No WAL checkpoint until the import ends (restore_pragmas runs one): each checkpoint copies
    // every page written since the last, so one at the end copies a hot page once. A killed
    // process loses nothing committed: the WAL is in the page cache and the next open replays it.
    db.exec("PRAGMA wal_autocheckpoint = 0");
    struct restore_pragmas {
        sql::connection &db;
        ~restore_pragmas() {
            try {
                db.exec("PRAGMA synchronous = FULL");
                db.exec("PRAGMA foreign_keys = ON");
                db.exec("PRAGMA cache_size = -2000");
                db.exec("PRAGMA temp_store = DEFAULT");
                db.exec("PRAGMA mmap_size = 0");
                db.exec("PRAGMA wal_autocheckpoint = 1000");
                db.exec("PRAGMA wal_checkpoint(PASSIVE)");
            } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
            }
        }
    } restore{db};
    // Batches are committed one by one unless strict; destroyed (joined) before `restore`'s
    // closing checkpoint.
    std::optional<wal_copier> copier;
    if (!options.strict) copier.emplace(db.path());

    checkpoint cp;
    cp.offset = header_reader.offset();
    cp.line = header_reader.line();
    if (!options.strict) {
        auto q = db.prepare(
            "SELECT id, next_offset, next_line, rows, inserted, unchanged, rejected, rejects_bytes, warnings FROM imports "
            "WHERE fingerprint = ?1 AND what = ?2 AND coalesce(list_id, '') = ?3 AND finished_at IS NULL "
            "ORDER BY id DESC LIMIT 1");
        std::string list_key = list_id.value_or("");
        q.bind(1, fingerprint).bind(2, what).bind(3, list_key);
        if (q.step() && static_cast<std::size_t>(q.int64(1)) >= cp.offset) {
            cp.id = q.int64(0);
            cp.offset = static_cast<std::size_t>(q.int64(1));
            cp.line = static_cast<std::uint64_t>(q.int64(2));
            cp.counts.rows = static_cast<std::uint64_t>(q.int64(3));
            cp.counts.inserted = static_cast<std::uint64_t>(q.int64(4));
            cp.counts.unchanged = static_cast<std::uint64_t>(q.int64(5));
            cp.counts.rejected = static_cast<std::uint64_t>(q.int64(6));
            cp.rejects_bytes = q.int64(7);
            cp.counts.warnings = static_cast<std::uint64_t>(q.int64(8));
            cp.counts.resumed = true;
            cp.counts.resumed_at_line = cp.line;
        }
    }
    auto keep = base::database_paths(db.path());
    keep.push_back({path, "the input file"});
    rejects_file rejects(options.rejects_path, keep, fingerprint, !options.strict,
                         cp.counts.resumed ? cp.rejects_bytes : 0, options.show_ids);
    import_summary sum = cp.counts;
    std::uint64_t rows_at_start = sum.rows;

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
    auto save_checkpoint = [&](std::size_t offset, std::uint64_t line, bool finished) {
        std::int64_t rejects_bytes = rejects.flush();
        auto up = db.prepare(
            "UPDATE imports SET next_offset = ?2, next_line = ?3, rows = ?4, inserted = ?5, unchanged = ?6, "
            "rejected = ?7, rejects_bytes = ?8, finished_at = ?9, warnings = ?10 WHERE id = ?1");
        std::optional<std::string> finished_at;
        if (finished) finished_at = s.now();
        up.bind(1, cp.id).bind(2, static_cast<std::int64_t>(offset)).bind(3, static_cast<std::int64_t>(line));
        up.bind(4, static_cast<std::int64_t>(sum.rows)).bind(5, static_cast<std::int64_t>(sum.inserted));
        up.bind(6, static_cast<std::int64_t>(sum.unchanged)).bind(7, static_cast<std::int64_t>(sum.rejected));
        up.bind(8, rejects_bytes).bind(9, finished_at).bind(10, static_cast<std::int64_t>(sum.warnings)).run();
    };
    auto report = [&](std::size_t offset) {
        if (!options.progress) return;
        import_progress p;
        p.rows = sum.rows;
        p.rows_this_run = sum.rows - rows_at_start;
        p.bytes = offset;
        p.total_bytes = data.size();
        p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        options.progress(p);
    };

    // Validation (CSV, identifiers, dates) runs on a second thread while this one writes.
    channel<batch<row>> batches(2);
    std::exception_ptr reader_failure;
    std::thread reader_thread([&] {
        try {
            read_batches(csv_reader(data, cp.offset, cp.line), data, h, std::max<std::size_t>(1, options.batch_rows),
                         validator, batches);
        } catch (...) {
            reader_failure = std::current_exception();
        }
        batches.finish();
    });
    struct join_reader {
        std::thread &t;
        channel<batch<row>> &c;
        ~join_reader() {
            c.close();
            if (t.joinable()) t.join();
        }
    } joiner{reader_thread, batches};

    std::size_t last_offset = cp.offset;
    std::uint64_t last_line = cp.line;
    while (auto b = batches.pop()) {
        if (!tx) begin_batch();
        std::string at = s.now();
        auto written = writer.write(b->rows, at, by, cp.id, b->bad, b->warnings);
        std::uint64_t inserted = written.inserted;
        sum.unchanged += written.unchanged;
        sum.inserted += inserted;
        sum.rows += b->records;
        sum.rejected += b->bad.size();
        sum.warnings += b->warnings.size();
        // Rejected rows and warnings go to the rejects file together, in line order.
        auto by_line = [](const bad_row &x, const bad_row &y) { return x.line < y.line; };
        std::sort(b->bad.begin(), b->bad.end(), by_line);
        std::stable_sort(b->warnings.begin(), b->warnings.end(), by_line);
        auto write_one = [&](const bad_row &bad, bool warning) {
            std::string_view record = data.substr(bad.begin, bad.end - bad.begin);
            while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.remove_suffix(1);
            rejects.write(bad.line, bad.column, warning ? "warning: " + bad.reason : bad.reason, record);
            auto &first = warning ? sum.first_warnings : sum.first_rejects;
            if (first.size() < 20) first.push_back({bad.line, bad.column, bad.reason});
        };
        std::size_t w = 0;
        for (const auto &bad : b->bad) {
            for (; w < b->warnings.size() && b->warnings[w].line < bad.line; ++w) write_one(b->warnings[w], true);
            write_one(bad, false);
        }
        for (; w < b->warnings.size(); ++w) write_one(b->warnings[w], true);
        last_offset = b->end_offset;
        last_line = b->end_line;
        if (!options.strict) {
            bool finished = last_offset >= data.size();
            save_checkpoint(last_offset, last_line, finished);
            // The rejects file takes its name before the import is recorded as finished: a kill
            // in between resumes, and says the rejects of the earlier run are not in the file.
            if (finished) rejects.commit();
            tx->commit();
            tx.reset();
            copier->committed();
            report(last_offset);
        }
    }
    reader_thread.join();
    if (reader_failure) std::rethrow_exception(reader_failure);
    if (options.strict) {
        // INVARIANT: the reader always hands over at least one batch, so the transaction is open.
        if (sum.rejected > 0) {
            rejects.commit();
            tx.reset();  // rolls back: nothing written
            sum.committed = false;
            sum.inserted = 0;
            sum.unchanged = 0;
        } else {
            save_checkpoint(data.size(), last_line, true);
            rejects.commit();
            tx->commit();
        }
    }
    sum.rejects_restarted = rejects.restarted();
    sum.import_id = sum.committed ? cp.id : 0;
    sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report(data.size());
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
    list_validator validator(rules, list_id, *list);
    batch_writer<list_traits> writer(db.internals().db, list_traits{list_id}, "listed", false);
    return run_import(db.internals(), validator, writer, list_columns(), "list", list_id, path, options);
}

result<import_summary> import_relations(store &db, const catalog &rules, const std::string &path,
                                        const import_options &options) {
    relation_validator validator(rules);
    batch_writer<relation_traits> writer(db.internals().db, relation_traits{}, "relation_added", true);
    return run_import(db.internals(), validator, writer, relation_columns(), "relations", std::nullopt, path, options);
}

}  // namespace credo::store
