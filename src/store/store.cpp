// SPDX-License-Identifier: Apache-2.0
// Opening the store, validation shared with import, lifecycle transitions and queries.
#include "store/store.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <sqlite3.h>

#include "base/utf8.hpp"
#include "credo/ids.hpp"
#include "store/store_impl.hpp"

namespace credo::store {

void apply_migrations(sql::connection &db);  // schema.cpp
// Throws for a database credo did not create or cannot read: a negative or newer schema
// version, another program's tables. Before anything is written to it.
void refuse_foreign_database(sql::connection &db);  // schema.cpp

// ---------------------------------------------------------------------------------------------
// names of states

std::string_view to_string(entry_status s) {
    switch (s) {
    case entry_status::active: return "active";
    case entry_status::repaired: return "repaired";
    case entry_status::revoked: return "revoked";
    }
    return "active";
}

std::string_view to_string(objection_status s) {
    switch (s) {
    case objection_status::pending: return "pending";
    case objection_status::accepted: return "accepted";
    case objection_status::dismissed: return "dismissed";
    }
    return "pending";
}

std::string_view to_string(feedback_outcome o) {
    switch (o) {
    case feedback_outcome::applied: return "applied";
    case feedback_outcome::not_applicable: return "not_applicable";
    case feedback_outcome::declined: return "declined";
    }
    return "applied";
}

std::string_view to_string(repair_kind k) { return k == repair_kind::performance ? "performance" : "repair"; }

std::optional<entry_status> entry_status_from_string(std::string_view text) {
    for (auto s : {entry_status::active, entry_status::repaired, entry_status::revoked}) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

std::optional<objection_status> objection_status_from_string(std::string_view text) {
    for (auto s : {objection_status::pending, objection_status::accepted, objection_status::dismissed}) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

std::optional<feedback_outcome> feedback_outcome_from_string(std::string_view text) {
    for (auto o : {feedback_outcome::applied, feedback_outcome::not_applicable, feedback_outcome::declined}) {
        if (to_string(o) == text) return o;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// helpers

std::string utc_timestamp() {
    using namespace std::chrono;
    auto now = system_clock::now();
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

date parse_stored_date(std::string_view text) {
    // Stored dates were validated on the way in; a fast fixed-width read suffices.
    auto digits = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count && i < text.size(); ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    if (text.size() != 10) throw error(fmt::format("the database holds a malformed date `{}`", text));
    return date::from_ymd(digits(0, 4), static_cast<unsigned>(digits(5, 2)), static_cast<unsigned>(digits(8, 2)));
}

std::optional<date> parse_stored_optional_date(const sql::statement &s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return parse_stored_date(s.text(column));
}

void record_event(sql::connection &db, std::string_view at, std::string_view kind, std::optional<std::int64_t> entry,
                  std::optional<std::int64_t> objection, std::optional<std::int64_t> repair,
                  std::optional<std::int64_t> relation, std::optional<date> effective_on) {
    auto s = db.prepare(
        "INSERT INTO events (at, kind, entry_id, objection_id, repair_id, relation_id, effective_on) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    std::optional<std::string> effective;
    if (effective_on) effective = effective_on->to_string();
    s.bind(1, at).bind(2, kind).bind(3, entry).bind(4, objection).bind(5, repair).bind(6, relation).bind(7, effective);
    s.run();
}

void record_batch_event(sql::connection &db, std::string_view at, std::string_view kind, std::int64_t first,
                        std::int64_t last, bool relations) {
    auto s = relations ? db.prepare("INSERT INTO events (at, kind, relation_id, last_relation_id) VALUES (?1, ?2, ?3, ?4)")
                       : db.prepare("INSERT INTO events (at, kind, entry_id, last_entry_id) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, at).bind(2, kind).bind(3, first).bind(4, last).run();
}

namespace {

// A character that is not text: C0 controls (NUL included) other than tab and, in free text
// (`multiline`), line feed and carriage return; DEL; C1 controls (U+0080 to U+009F, `\xC2\x80` to
// `\xC2\x9F` in valid UTF-8). Such bytes would be stored and then cut (NUL, by the C API) or
// would act on a terminal showing them (ESC). Returns the byte offset, or npos.
std::size_t find_control(std::string_view text, bool multiline) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t' || (multiline && (c == '\n' || c == '\r'))) continue;
        if (c < 0x20 || c == 0x7F) return i;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return i;
    }
    return std::string_view::npos;
}

// Whether `text` is only spaces: ASCII white space, the no-break space and the ideographic
// (full-width) space U+3000 a Chinese keyboard types.
bool blank(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
            ++i;
        } else if (text.substr(i, 2) == "\xC2\xA0") {
            i += 2;
        } else if (text.substr(i, 3) == "\xE3\x80\x80") {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<field_problem> check_text(std::string_view column, std::string_view text, bool required,
                                        bool multiline) {
    if (required && text.empty()) return field_problem{std::string(column), fmt::format("{} is empty", column)};
    auto bad = base::find_invalid_utf8(text);
    if (bad != std::string_view::npos) {
        return field_problem{std::string(column), fmt::format("{} is not valid UTF-8 (byte {})", column, bad + 1)};
    }
    auto control = find_control(text, multiline);
    if (control != std::string_view::npos) {
        auto c = static_cast<unsigned char>(text[control]);
        unsigned shown = c == 0xC2 ? static_cast<unsigned char>(text[control + 1]) : c;
        return field_problem{std::string(column), fmt::format("{} has a control character (U+{:04X}) at byte {}",
                                                              column, shown, control + 1)};
    }
    if (required && blank(text)) {
        return field_problem{std::string(column), fmt::format("{} is only white space", column)};
    }
    return std::nullopt;
}

namespace {

std::optional<field_problem> check_date(std::string_view column, std::string_view text, date &out) {
    if (text.empty()) return field_problem{std::string(column), fmt::format("{} is empty", column)};
    std::string why;
    auto d = date::parse(text, &why);
    if (!d) return field_problem{std::string(column), fmt::format("{} {}", column, why)};
    out = *d;
    return std::nullopt;
}

// An optional date column: empty is no date.
std::optional<field_problem> check_optional_date(std::string_view column, std::string_view text,
                                                 std::optional<date> &out) {
    out.reset();
    if (text.empty()) return std::nullopt;
    date d;
    if (auto p = check_date(column, text, d)) return p;
    out = d;
    return std::nullopt;
}

std::string join_kinds(const std::vector<std::string> &kinds) {
    std::string out;
    for (const auto &k : kinds) {
        if (!out.empty()) out += ", ";
        out += k;
    }
    return out;
}

}  // namespace

std::optional<field_problem> check_subject_id(std::string_view text, std::string &normalized, std::string &kind,
                                              std::string_view column, bool person_only, bool organisation_only) {
    if (text.empty()) return field_problem{std::string(column), fmt::format("{} is empty", column)};
    auto r = ids::validate(text);
    if (!r.valid && (person_only || organisation_only)) {
        // A digits-only identifier can be valid under both schemes: the caller's expectation settles it.
        ids::options opts;
        opts.expect = person_only ? ids::expectation::resident_id : ids::expectation::credit_code;
        auto expected = ids::validate(text, opts);
        if (expected.valid) r = std::move(expected);
    }
    if (!r.valid) return field_problem{std::string(column), fmt::format("invalid identifier: {}", r.reason)};
    normalized = std::move(r.normalized);
    kind = std::string(ids::to_string(*r.kind));
    return std::nullopt;
}

std::optional<field_problem> validate_entry(const catalog &, std::string_view list_id, const list_info &list,
                                            const entry_fields &in, valid_entry &out) {
    // A digits-only identifier can be valid under both schemes; the list's subject kinds may settle it.
    bool persons = catalog::allows(list, "person");
    bool organisations = std::any_of(list.subject_kinds.begin(), list.subject_kinds.end(),
                                     [](const std::string &k) { return k != "person"; });
    if (auto p = check_subject_id(in.subject_id, out.subject_id, out.kind, "subject_id", persons && !organisations,
                                  organisations && !persons)) {
        return p;
    }
    if (!catalog::allows(list, out.kind)) {
        return field_problem{"subject_id", fmt::format("subject kind `{}` is not allowed on list `{}` (it holds {})",
                                                       out.kind, list_id, join_kinds(list.subject_kinds))};
    }
    if (auto p = check_text("subject_name", in.subject_name, true)) return p;
    if (auto p = check_date("listed_on", in.listed_on, out.listed_on)) return p;
    if (in.expires_on.empty()) {
        // The term in force on listed_on; a list with none then leaves the entry without an end
        // date: it counts until repaired or revoked, a term the operator could not have written.
        out.expires_on.reset();
        if (auto t = list.default_term_on(out.listed_on)) out.expires_on = t->after(out.listed_on);
    } else {
        date expires;
        if (auto p = check_date("expires_on", in.expires_on, expires)) return p;
        if (expires <= out.listed_on) {
            return field_problem{"expires_on", fmt::format("expires_on `{}` is not after listed_on `{}`",
                                                           in.expires_on, in.listed_on)};
        }
        out.expires_on = expires;
    }
    if (auto p = check_text("document", in.document, true)) return p;
    if (auto p = check_text("initiator", in.initiator, true)) return p;
    if (auto p = check_text("reason", in.reason, false, true)) return p;
    if (auto p = check_optional_date("established_on", in.established_on, out.established_on)) return p;
    if (out.established_on && out.kind == "person") {
        return field_problem{"established_on",
                             "established_on is given for a person; only an organisation has an establishment date"};
    }
    return std::nullopt;
}

std::optional<field_problem> validate_relation(const catalog &rules, const relation_fields &in, valid_relation &out) {
    std::string person_kind;
    if (auto p = check_subject_id(in.person_id, out.person_id, person_kind, "person_id", true)) return p;
    if (person_kind != "person") {
        return field_problem{"person_id", fmt::format("person_id is a credit code ({}), expected a resident ID", person_kind)};
    }
    if (auto p = check_text("person_name", in.person_name, true)) return p;
    if (auto p = check_subject_id(in.org_id, out.org_id, out.org_kind, "org_id", false, true)) return p;
    if (out.org_kind == "person") return field_problem{"org_id", "org_id is a resident ID, expected a credit code"};
    if (!rules.has_role(in.role)) {
        auto near = rules.closest_role(in.role);
        if (in.role.empty()) return field_problem{"role", "role is empty"};
        return field_problem{"role", near.empty() ? fmt::format("unknown role `{}`", in.role)
                                                  : fmt::format("unknown role `{}`; did you mean `{}`?", in.role, near)};
    }
    if (auto p = check_date("since", in.since, out.since)) return p;
    out.until.reset();
    if (!in.until.empty()) {
        date until;
        if (auto p = check_date("until", in.until, until)) return p;
        if (until <= out.since) {
            return field_problem{"until", fmt::format("until `{}` is not after since `{}`", in.until, in.since)};
        }
        out.until = until;
    }
    if (auto p = check_optional_date("established_on", in.established_on, out.org_established_on)) return p;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// opening

store::store(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
store::~store() = default;
store::store(store &&) noexcept = default;
store &store::operator=(store &&) noexcept = default;

store store::open(const std::string &path, const open_options &options) {
    auto i = std::unique_ptr<impl>(new impl{sql::connection(path, options.create, options.read_only),
                                            options.clock ? options.clock : std::function<std::string()>(utc_timestamp)});
    auto &db = i->db;
    sqlite3_busy_timeout(db.handle(), options.busy_timeout_ms);
    refuse_foreign_database(db);
    db.exec("PRAGMA foreign_keys = ON");
    if (!options.read_only) {
        // 16 KiB pages for a new database (no effect on an existing one): a bulk import then
        // touches a quarter of the pages, and rows of Chinese text fit several to a page.
        db.exec("PRAGMA page_size = 16384");
        db.exec("PRAGMA journal_mode = WAL");
        // Durable commits for hand edits and the audit trail; import relaxes this itself.
        db.exec("PRAGMA synchronous = FULL");
        apply_migrations(db);
        // Before any release, version 1 briefly keyed subjects by their identifier; such a
        // development database cannot be read by this layout.
        auto layout = db.prepare("SELECT count(*) FROM pragma_table_info('subjects') WHERE name = 'code'");
        layout.step();
        if (layout.int64(0) == 0) {
            throw error(fmt::format("database `{}` has a pre-release layout (subjects without `code`); "
                                    "create it again with this credo",
                                    path));
        }
    } else {
        auto s = db.prepare("PRAGMA user_version");
        s.step();
        if (s.int64(0) > latest_schema_version()) {
            throw error(fmt::format("database `{}` has schema version {}, newer than the {} this credo knows; "
                                    "use a newer credo to open it",
                                    path, s.int64(0), latest_schema_version()));
        }
        if (s.int64(0) < latest_schema_version()) {
            throw error(fmt::format("database `{}` has schema version {} and needs migrating; open it writable once",
                                    path, s.int64(0)));
        }
    }
    return store(std::move(i));
}

int store::schema_version() {
    auto s = impl_->db.prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int64(0));
}

std::int64_t store::data_version() {
    auto s = impl_->db.prepare("SELECT coalesce(max(seq), 0) FROM events");
    s.step();
    return s.int64(0);
}

std::string store::now() { return impl_->now(); }
const std::string &store::path() const { return impl_->db.path(); }

// ---------------------------------------------------------------------------------------------
// hand edits

void insert_subject(sql::connection &db, std::string_view id, std::string_view kind, std::string_view name,
                    std::string_view at) {
    auto s = db.prepare(
        "INSERT INTO subjects (code, kind, name, recorded_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE subjects.name = '' AND excluded.name <> ''");
    s.bind(1, id).bind(2, kind).bind(3, name).bind(4, at).run();
}

namespace {

// A hand entry's establishment date is kept when the store has none: as an import does, the
// first date given stays.
void keep_established_on(sql::connection &db, std::string_view code, const std::optional<date> &established_on) {
    if (!established_on) return;
    auto u = db.prepare("UPDATE subjects SET established_on = ?2 WHERE code = ?1 AND established_on IS NULL");
    std::string text = established_on->to_string();
    u.bind(1, code).bind(2, text).run();
}

entry read_entry(const sql::statement &s) {
    entry e;
    e.id = s.int64(0);
    e.list_id = s.text(1);
    e.subject_id = s.text(2);
    e.listed_on = parse_stored_date(s.text(3));
    e.expires_on = parse_stored_optional_date(s, 4);
    e.document = s.text(5);
    e.initiator = s.text(6);
    e.reason = s.text(7);
    e.status = entry_status_from_string(s.text(8)).value_or(entry_status::active);
    e.status_on = parse_stored_optional_date(s, 9);
    e.status_by = s.text(10);
    e.status_reason = s.text(11);
    e.recorded_by = s.text(12);
    e.recorded_at = s.text(13);
    return e;
}

// An imported entry's who and when are its import's.
#define CREDO_ENTRY_COLUMNS                                                                                         \
    "e.id, e.list_id, s.code, e.listed_on, e.expires_on, e.document, e.initiator, e.reason, e.status, "            \
    "e.status_on, e.status_by, e.status_reason, coalesce(e.recorded_by, i.recorded_by), "                         \
    "coalesce(e.recorded_at, i.started_at)"
#define CREDO_ENTRY_FROM                                                                                            \
    " FROM entries e JOIN subjects s ON s.id = e.subject_id LEFT JOIN imports i ON i.id = e.import_id "

objection read_objection(const sql::statement &s) {
    objection o;
    o.id = s.int64(0);
    o.entry_id = s.int64(1);
    o.filed_on = parse_stored_date(s.text(2));
    o.filed_by = s.text(3);
    o.grounds = s.text(4);
    o.status = objection_status_from_string(s.text(5)).value_or(objection_status::pending);
    o.resolved_on = parse_stored_optional_date(s, 6);
    o.resolved_by = s.text(7);
    o.resolution = s.text(8);
    return o;
}

#define CREDO_OBJECTION_COLUMNS                                                                                     \
    "o.id, o.entry_id, o.filed_on, o.filed_by, o.grounds, o.status, o.resolved_on, o.resolved_by, o.resolution"

repair read_repair(const sql::statement &s) {
    repair r;
    r.id = s.int64(0);
    r.entry_id = s.int64(1);
    r.repaired_on = parse_stored_date(s.text(2));
    r.reason = s.text(3);
    r.approved_by = s.text(4);
    r.kind = s.text(5) == "performance" ? repair_kind::performance : repair_kind::repair;
    return r;
}

relation read_relation(const sql::statement &s) {
    relation r;
    r.id = s.int64(0);
    r.person_id = s.text(1);
    r.org_id = s.text(2);
    r.role = s.text(3);
    r.since = parse_stored_date(s.text(4));
    r.until = parse_stored_optional_date(s, 5);
    return r;
}

// Sets an active entry's status; the caller holds the transaction and has checked it is active.
void close_entry(sql::connection &db, std::int64_t entry_id, entry_status status, date on, std::string_view by,
                 std::string_view reason) {
    auto s = db.prepare(
        "UPDATE entries SET status = ?2, status_on = ?3, status_by = ?4, status_reason = ?5 "
        "WHERE id = ?1 AND status = 'active'");
    std::string on_text = on.to_string();
    s.bind(1, entry_id).bind(2, to_string(status)).bind(3, on_text).bind(4, by).bind(5, reason).run();
}

std::string describe_status(const entry &e) {
    return fmt::format("{} on {}", to_string(e.status), e.status_on ? e.status_on->to_string() : "?");
}

}  // namespace

std::optional<entry> store::find_entry(std::int64_t id) {
    auto s = impl_->db.prepare("SELECT " CREDO_ENTRY_COLUMNS CREDO_ENTRY_FROM "WHERE e.id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_entry(s);
}

result<std::int64_t> store::add_entry(const catalog &rules, const new_entry &in) {
    const list_info *list = rules.find_list(in.list_id);
    if (!list) {
        auto near = rules.closest_list(in.list_id);
        return result<std::int64_t>::failure(near.empty() ? fmt::format("unknown list `{}`", in.list_id)
                                                          : fmt::format("unknown list `{}`; did you mean `{}`?",
                                                                        in.list_id, near));
    }
    valid_entry v;
    entry_fields f{in.subject_id, in.subject_name, in.listed_on, in.expires_on, in.document, in.initiator, in.reason,
                   in.established_on};
    if (auto p = validate_entry(rules, in.list_id, *list, f, v)) return result<std::int64_t>::failure(p->reason);
    if (auto p = check_text("by", in.by, true)) return result<std::int64_t>::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    std::string at = impl_->now();
    insert_subject(db, v.subject_id, v.kind, in.subject_name, at);
    keep_established_on(db, v.subject_id, v.established_on);
    auto s = db.prepare(
        "INSERT INTO entries (list_id, subject_id, listed_on, expires_on, document, initiator, reason, "
        "recorded_by, recorded_at) VALUES (?1, (SELECT id FROM subjects WHERE code = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (subject_id, list_id, listed_on, document) DO NOTHING");
    std::string listed = v.listed_on.to_string();
    std::optional<std::string> expires;
    if (v.expires_on) expires = v.expires_on->to_string();
    s.bind(1, in.list_id).bind(2, v.subject_id).bind(3, listed).bind(4, expires).bind(5, in.document);
    s.bind(6, in.initiator).bind(7, in.reason).bind(8, in.by).bind(9, at).run();
    if (db.changes() == 0) {
        auto q = db.prepare(
            "SELECT id FROM entries WHERE subject_id = (SELECT id FROM subjects WHERE code = ?1) AND list_id = ?2 "
            "AND listed_on = ?3 AND document = ?4");
        q.bind(1, v.subject_id).bind(2, in.list_id).bind(3, listed).bind(4, in.document);
        q.step();
        return q.int64(0);
    }
    std::int64_t id = db.last_insert_rowid();
    record_event(db, at, "listed", id, std::nullopt, std::nullopt, std::nullopt, v.listed_on);
    tx.commit();
    return id;
}

status store::revoke_entry(std::int64_t entry_id, date on, std::string_view by, std::string_view reason) {
    if (by.empty()) return status::failure("who revokes the entry is required");
    if (reason.empty()) return status::failure("a revocation needs a reason");
    if (auto p = check_text("by", by, true)) return status::failure(p->reason);
    if (auto p = check_text("reason", reason, true, true)) return status::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    auto e = find_entry(entry_id);
    if (!e) return status::failure(fmt::format("no entry {}", entry_id));
    if (e->status != entry_status::active) {
        return status::failure(fmt::format("entry {} is already {}; only an active entry can be revoked", entry_id,
                                           describe_status(*e)));
    }
    if (on < e->listed_on) {
        return status::failure(fmt::format("revocation date {} is before the entry was listed on {}", on.to_string(),
                                           e->listed_on.to_string()));
    }
    std::string at = impl_->now();
    close_entry(db, entry_id, entry_status::revoked, on, by, reason);
    record_event(db, at, "revoked", entry_id, std::nullopt, std::nullopt, std::nullopt, on);
    tx.commit();
    return ok;
}

result<std::int64_t> store::add_relation(const catalog &rules, const new_relation &in) {
    relation_fields f{in.person_id, in.person_name, in.org_id, in.role, in.since, in.until, in.established_on};
    valid_relation v;
    if (auto p = validate_relation(rules, f, v)) return result<std::int64_t>::failure(p->reason);
    if (in.by.empty()) return result<std::int64_t>::failure("who records the relation is required");
    if (auto p = check_text("by", in.by, true)) return result<std::int64_t>::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    std::string at = impl_->now();
    insert_subject(db, v.person_id, "person", in.person_name, at);
    insert_subject(db, v.org_id, v.org_kind, in.org_name, at);
    keep_established_on(db, v.org_id, v.org_established_on);
    auto s = db.prepare(
        "INSERT INTO relations (person_id, org_id, role, since, until, recorded_by, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (person_id, org_id, role, since) DO NOTHING");
    std::string since = v.since.to_string();
    std::optional<std::string> until;
    if (v.until) until = v.until->to_string();
    s.bind(1, v.person_id).bind(2, v.org_id).bind(3, in.role).bind(4, since).bind(5, until).bind(6, in.by).bind(7, at);
    s.run();
    if (db.changes() == 0) {
        auto q = db.prepare("SELECT id FROM relations WHERE person_id = ?1 AND org_id = ?2 AND role = ?3 AND since = ?4");
        q.bind(1, v.person_id).bind(2, v.org_id).bind(3, in.role).bind(4, since);
        q.step();
        return q.int64(0);
    }
    std::int64_t id = db.last_insert_rowid();
    record_event(db, at, "relation_added", std::nullopt, std::nullopt, std::nullopt, id, v.since);
    tx.commit();
    return id;
}

result<std::int64_t> store::open_objection(std::int64_t entry_id, date filed_on, std::string_view by,
                                           std::string_view grounds) {
    using R = result<std::int64_t>;
    if (by.empty()) return R::failure("who files the objection is required");
    if (grounds.empty()) return R::failure("an objection needs grounds");
    if (auto p = check_text("by", by, true)) return R::failure(p->reason);
    if (auto p = check_text("grounds", grounds, true, true)) return R::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    auto e = find_entry(entry_id);
    if (!e) return R::failure(fmt::format("no entry {}", entry_id));
    if (e->status == entry_status::revoked) {
        return R::failure(fmt::format("entry {} is {}; there is nothing to object to", entry_id, describe_status(*e)));
    }
    if (filed_on < e->listed_on) {
        return R::failure(fmt::format("objection date {} is before the entry was listed on {}", filed_on.to_string(),
                                      e->listed_on.to_string()));
    }
    auto pending = db.prepare("SELECT id FROM objections WHERE entry_id = ?1 AND status = 'pending'");
    pending.bind(1, entry_id);
    if (pending.step()) {
        return R::failure(fmt::format("entry {} already has a pending objection ({})", entry_id, pending.int64(0)));
    }
    std::string at = impl_->now();
    auto s = db.prepare(
        "INSERT INTO objections (entry_id, filed_on, filed_by, grounds, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    std::string filed = filed_on.to_string();
    s.bind(1, entry_id).bind(2, filed).bind(3, by).bind(4, grounds).bind(5, at).run();
    std::int64_t id = db.last_insert_rowid();
    record_event(db, at, "objection_opened", entry_id, id, std::nullopt, std::nullopt, filed_on);
    tx.commit();
    return id;
}

std::optional<objection> store::find_objection(std::int64_t id) {
    auto s = impl_->db.prepare("SELECT " CREDO_OBJECTION_COLUMNS " FROM objections o WHERE o.id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_objection(s);
}

status store::resolve_objection(std::int64_t objection_id, objection_status outcome, date on, std::string_view by,
                                std::string_view resolution) {
    if (outcome == objection_status::pending) {
        return status::failure("an objection is resolved as `accepted` or `dismissed`, not `pending`");
    }
    if (by.empty()) return status::failure("who resolves the objection is required");
    if (resolution.empty()) return status::failure("a resolution needs a note");
    if (auto p = check_text("by", by, true)) return status::failure(p->reason);
    if (auto p = check_text("resolution", resolution, true, true)) return status::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    auto o = find_objection(objection_id);
    if (!o) return status::failure(fmt::format("no objection {}", objection_id));
    if (o->status != objection_status::pending) {
        return status::failure(fmt::format("objection {} was already {} on {}; only a pending objection can be resolved",
                                           objection_id, to_string(o->status),
                                           o->resolved_on ? o->resolved_on->to_string() : "?"));
    }
    if (on < o->filed_on) {
        return status::failure(fmt::format("resolution date {} is before the objection was filed on {}",
                                           on.to_string(), o->filed_on.to_string()));
    }
    std::string at = impl_->now();
    auto s = db.prepare(
        "UPDATE objections SET status = ?2, resolved_on = ?3, resolved_by = ?4, resolution = ?5 "
        "WHERE id = ?1 AND status = 'pending'");
    std::string on_text = on.to_string();
    s.bind(1, objection_id).bind(2, to_string(outcome)).bind(3, on_text).bind(4, by).bind(5, resolution).run();
    bool accepted = outcome == objection_status::accepted;
    record_event(db, at, accepted ? "objection_accepted" : "objection_dismissed", o->entry_id, objection_id,
                 std::nullopt, std::nullopt, on);
    if (accepted) {
        // The objector is right: the entry stops counting from the resolution date. A
        // correction is then listed by hand as a new entry.
        auto e = find_entry(o->entry_id);
        if (e && e->status == entry_status::active) {
            close_entry(db, o->entry_id, entry_status::revoked, std::max(on, e->listed_on), by,
                        fmt::format("objection {} accepted: {}", objection_id, resolution));
            record_event(db, at, "revoked", o->entry_id, objection_id, std::nullopt, std::nullopt, on);
        }
    }
    tx.commit();
    return ok;
}

result<std::int64_t> store::record_repair(const catalog &rules, std::int64_t entry_id, date on,
                                          std::string_view reason, std::string_view approved_by) {
    using R = result<std::int64_t>;
    if (reason.empty()) return R::failure("a repair needs a reason");
    if (approved_by.empty()) return R::failure("who approved the repair is required");
    if (auto p = check_text("reason", reason, true, true)) return R::failure(p->reason);
    if (auto p = check_text("approved_by", approved_by, true)) return R::failure(p->reason);
    return end_early(rules, entry_id, on, reason, approved_by, repair_kind::repair);
}

result<std::int64_t> store::record_performance(const catalog &rules, std::int64_t entry_id, date on,
                                               std::string_view by, std::string_view note) {
    using R = result<std::int64_t>;
    if (by.empty()) return R::failure("who records the performance is required");
    if (auto p = check_text("by", by, true)) return R::failure(p->reason);
    if (auto p = check_text("note", note, false, true)) return R::failure(p->reason);
    std::string reason = note.empty() ? std::string("履行完毕") : fmt::format("履行完毕：{}", note);
    return end_early(rules, entry_id, on, reason, by, repair_kind::performance);
}

result<std::int64_t> store::end_early(const catalog &rules, std::int64_t entry_id, date on, std::string_view reason,
                                      std::string_view by, repair_kind kind) {
    using R = result<std::int64_t>;
    bool performance = kind == repair_kind::performance;
    auto &db = impl_->db;
    sql::transaction tx(db);
    auto e = find_entry(entry_id);
    if (!e) return R::failure(fmt::format("no entry {}", entry_id));
    const list_info *list = rules.find_list(e->list_id);
    if (!list) {
        return R::failure(fmt::format("entry {} is on list `{}`, which the rules do not know; give the rules it was "
                                      "listed under",
                                      entry_id, e->list_id));
    }
    if (performance && !list->exits_on_performance) {
        return R::failure(fmt::format("entry {} is on list {}, whose entries do not end on performance (履行完毕); "
                                      "record a credit repair instead",
                                      entry_id, e->list_id));
    }
    const char *what = performance ? "performance" : "a repair";
    if (e->status != entry_status::active) {
        return R::failure(fmt::format("entry {} is already {}; only an active entry can be {}", entry_id,
                                      describe_status(*e), performance ? "ended on performance" : "repaired"));
    }
    if (on < e->listed_on) {
        return R::failure(fmt::format("{} date {} is before the entry was listed on {}",
                                      performance ? "performance" : "repair", on.to_string(),
                                      e->listed_on.to_string()));
    }
    if (e->expires_on && on >= *e->expires_on) {
        return R::failure(fmt::format("entry {} expires on {}; {} on {} would change nothing", entry_id,
                                      e->expires_on->to_string(), what, on.to_string()));
    }
    if (!performance) {
        if (const dated_term *minimum = list->repair_after_on(e->listed_on)) {
            date from = minimum->value.after(e->listed_on);
            if (on < from) {
                std::string under = minimum->basis.empty() ? std::string() : fmt::format("under {} ", minimum->basis);
                return R::failure(fmt::format("entry {} on list {} was listed on {}; {}it can be repaired from {} "
                                              "(minimum publication period {})",
                                              entry_id, e->list_id, e->listed_on.to_string(), under, from.to_string(),
                                              minimum->value.to_string()));
            }
        }
    }
    std::string at = impl_->now();
    auto s = db.prepare(
        "INSERT INTO repairs (entry_id, repaired_on, reason, approved_by, recorded_at, kind) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    std::string on_text = on.to_string();
    s.bind(1, entry_id).bind(2, on_text).bind(3, reason).bind(4, by).bind(5, at).bind(6, to_string(kind)).run();
    std::int64_t id = db.last_insert_rowid();
    close_entry(db, entry_id, entry_status::repaired, on, by, reason);
    record_event(db, at, "repaired", entry_id, std::nullopt, id, std::nullopt, on);
    tx.commit();
    return id;
}

result<std::int64_t> store::record_feedback(const feedback_record &f) {
    using R = result<std::int64_t>;
    if (f.measure_id.empty()) return R::failure("measure is empty");
    if (auto p = check_text("note", f.note, false, true)) return R::failure(p->reason);
    auto &db = impl_->db;
    sql::transaction tx(db);
    {
        auto c = db.prepare("SELECT 1 FROM checks WHERE id = ?1");
        c.bind(1, f.check_id);
        if (!c.step()) return R::failure(fmt::format("no check {}", f.check_id));
    }
    auto s = db.prepare(
        "INSERT INTO feedback (check_id, measure_id, implementer, outcome, note, recorded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    std::string at = impl_->now();
    s.bind(1, f.check_id).bind(2, f.measure_id).bind(3, f.implementer).bind(4, to_string(f.outcome)).bind(5, f.note);
    s.bind(6, at).run();
    std::int64_t id = db.last_insert_rowid();
    tx.commit();
    return id;
}

// ---------------------------------------------------------------------------------------------
// queries

std::optional<subject> store::find_subject(std::string_view id) {
    auto s = impl_->db.prepare("SELECT code, kind, name, established_on FROM subjects WHERE code = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return subject{std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)),
                   parse_stored_optional_date(s, 3)};
}

std::vector<entry> store::entries_of(std::string_view subject_id) {
    auto s = impl_->db.prepare("SELECT " CREDO_ENTRY_COLUMNS CREDO_ENTRY_FROM
                               "WHERE s.code = ?1 ORDER BY e.listed_on, e.id");
    s.bind(1, subject_id);
    std::vector<entry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

std::vector<relation> store::relations_of(std::string_view subject_id) {
    auto s = impl_->db.prepare(
        "SELECT id, person_id, org_id, role, since, until FROM relations WHERE person_id = ?1 "
        "UNION ALL SELECT id, person_id, org_id, role, since, until FROM relations WHERE org_id = ?1 "
        "ORDER BY 5, 1");
    s.bind(1, subject_id);
    std::vector<relation> out;
    while (s.step()) out.push_back(read_relation(s));
    return out;
}

std::vector<objection> store::objections_of(std::string_view subject_id) {
    auto s = impl_->db.prepare("SELECT " CREDO_OBJECTION_COLUMNS
                               " FROM objections o JOIN entries e ON e.id = o.entry_id "
                               "WHERE e.subject_id = (SELECT id FROM subjects WHERE code = ?1) ORDER BY o.id");
    s.bind(1, subject_id);
    std::vector<objection> out;
    while (s.step()) out.push_back(read_objection(s));
    return out;
}

std::vector<repair> store::repairs_of(std::string_view subject_id) {
    auto s = impl_->db.prepare(
        "SELECT r.id, r.entry_id, r.repaired_on, r.reason, r.approved_by, r.kind FROM repairs r "
        "JOIN entries e ON e.id = r.entry_id WHERE e.subject_id = (SELECT id FROM subjects WHERE code = ?1) "
        "ORDER BY r.id");
    s.bind(1, subject_id);
    std::vector<repair> out;
    while (s.step()) out.push_back(read_repair(s));
    return out;
}

std::vector<event> store::events_since(std::int64_t seq, std::size_t limit) {
    auto s = impl_->db.prepare(
        "SELECT seq, at, kind, entry_id, objection_id, repair_id, relation_id, effective_on, last_entry_id, "
        "last_relation_id FROM events "
        "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    s.bind(1, seq).bind(2, static_cast<std::int64_t>(limit));
    std::vector<event> out;
    auto optional_id = [&](int column) -> std::optional<std::int64_t> {
        if (s.is_null(column)) return std::nullopt;
        return s.int64(column);
    };
    while (s.step()) {
        event e;
        e.seq = s.int64(0);
        e.at = s.text(1);
        e.kind = s.text(2);
        e.entry_id = optional_id(3);
        e.objection_id = optional_id(4);
        e.repair_id = optional_id(5);
        e.relation_id = optional_id(6);
        e.effective_on = parse_stored_optional_date(s, 7);
        e.last_entry_id = optional_id(8);
        e.last_relation_id = optional_id(9);
        out.push_back(std::move(e));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// bulk reads

void store::read(const std::function<void(reader &)> &fn) {
    // A bulk read goes through every page: mapping the file spares a read() call and a copy per
    // page. Only for the read's duration, as the connection's other work gains nothing from it.
    impl_->db.exec("PRAGMA mmap_size = 2147418112");
    struct unmap {
        sql::connection &db;
        ~unmap() {
            try {
                db.exec("PRAGMA mmap_size = 0");
            } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
            }
        }
    } restore{impl_->db};
    sql::transaction tx(impl_->db, sql::transaction::mode::deferred);
    reader r(impl_->db);
    fn(r);
    tx.commit();
}

std::int64_t store::reader::data_version() {
    auto s = db_->prepare("SELECT coalesce(max(seq), 0) FROM events");
    s.step();
    return s.int64(0);
}

std::int64_t store::reader::count_entries(bool active_only) {
    auto s = active_only ? db_->prepare("SELECT count(*) FROM entries WHERE status = 'active'")
                         : db_->prepare("SELECT count(*) FROM entries");
    s.step();
    return s.int64(0);
}

std::int64_t store::reader::count_subjects() {
    auto s = db_->prepare("SELECT count(*) FROM subjects");
    s.step();
    return s.int64(0);
}

std::int64_t store::reader::count_relations() {
    auto s = db_->prepare("SELECT count(*) FROM relations");
    s.step();
    return s.int64(0);
}

void store::reader::entries(bool active_only, const std::function<void(const entry_row &)> &fn) {
    // A full scan in rowid order reads the table sequentially, the fastest way through 10M rows.
    // The subject comes as its number: the reader of subjects() maps numbers to what it keeps,
    // which spares a lookup in subjects per entry.
    auto s = db_->prepare(
        "SELECT id, list_id, subject_id, listed_on, expires_on, status, status_on, document FROM entries");
    while (s.step()) {
        auto status_text = s.text(5);
        entry_status status = status_text[0] == 'a'   ? entry_status::active
                              : status_text[2] == 'p' ? entry_status::repaired
                                                      : entry_status::revoked;
        if (active_only && status != entry_status::active) continue;
        entry_row row{s.int64(0),
                      s.text(1),
                      s.int64(2),
                      parse_stored_date(s.text(3)),
                      parse_stored_optional_date(s, 4),
                      status,
                      parse_stored_optional_date(s, 6),
                      s.text(7)};
        fn(row);
    }
}

void store::reader::relations(const std::function<void(const relation_row &)> &fn) {
    auto s = db_->prepare("SELECT id, person_id, org_id, role, since, until FROM relations");
    while (s.step()) {
        relation_row row{s.int64(0), s.text(1), s.text(2), s.text(3), parse_stored_date(s.text(4)),
                         parse_stored_optional_date(s, 5)};
        fn(row);
    }
}

void store::reader::subjects(const std::function<void(const subject_row &)> &fn) {
    auto s = db_->prepare("SELECT id, code, kind, name, established_on, recorded_at FROM subjects");
    while (s.step()) {
        // recorded_at is a UTC timestamp, `YYYY-MM-DDTHH:MM:SS.mmmZ`: its first ten characters are the date.
        fn(subject_row{s.int64(0), s.text(1), s.text(2), s.text(3), parse_stored_optional_date(s, 4),
                       parse_stored_date(s.text(5).substr(0, 10))});
    }
}

void store::reader::objections(const std::function<void(const objection &)> &fn) {
    auto s = db_->prepare("SELECT " CREDO_OBJECTION_COLUMNS " FROM objections o ORDER BY o.id");
    while (s.step()) fn(read_objection(s));
}

void store::reader::repairs(const std::function<void(const repair &)> &fn) {
    auto s = db_->prepare("SELECT id, entry_id, repaired_on, reason, approved_by, kind FROM repairs ORDER BY id");
    while (s.step()) fn(read_repair(s));
}

}  // namespace credo::store
