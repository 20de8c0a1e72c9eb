// SPDX-License-Identifier: Apache-2.0
// The schema as a list of forward-only migrations, applied on open under PRAGMA user_version.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace credo::store {

namespace {

// Dates are `YYYY-MM-DD` text (they sort and read as dates in the sqlite3 shell); timestamps
// are UTC `YYYY-MM-DDTHH:MM:SS.mmmZ`. Nothing is ever deleted, which triggers enforce;
// a correction is a new row or a status change with who, when and why.
constexpr const char *schema_v1 = R"sql(
-- Entries refer to a subject by its number: an 8-byte-or-less integer key instead of the
-- 18-character identifier keeps the entries' identity index small, and since new subjects are
-- numbered in arrival order, an import appends to that index instead of inserting at random.
CREATE TABLE subjects (
  id          INTEGER PRIMARY KEY,   -- the subject's number in this database
  code        TEXT NOT NULL UNIQUE,  -- normalised unified social credit code or resident ID
  kind        TEXT NOT NULL,         -- enterprise, individual_business, ..., person
  name        TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  what          TEXT NOT NULL CHECK (what IN ('list', 'relations')),
  list_id       TEXT,
  path          TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,              -- SHA-256 of the file's bytes
  recorded_by   TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  next_offset   INTEGER NOT NULL DEFAULT 0, -- byte offset of the first record not yet committed
  next_line     INTEGER NOT NULL DEFAULT 1, -- its line number
  rows          INTEGER NOT NULL DEFAULT 0,
  inserted      INTEGER NOT NULL DEFAULT 0,
  unchanged     INTEGER NOT NULL DEFAULT 0,
  rejected      INTEGER NOT NULL DEFAULT 0,
  rejects_bytes INTEGER NOT NULL DEFAULT 0  -- length of the rejects file at the checkpoint
);
CREATE INDEX imports_fingerprint ON imports (fingerprint, what, list_id);

CREATE TABLE entries (
  id            INTEGER PRIMARY KEY,
  list_id       TEXT NOT NULL,
  subject_id    INTEGER NOT NULL REFERENCES subjects (id),
  listed_on     TEXT NOT NULL,
  expires_on    TEXT NOT NULL,  -- exclusive
  document      TEXT NOT NULL,
  initiator     TEXT NOT NULL,
  reason        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'repaired', 'revoked')),
  status_on     TEXT,           -- repaired or revoked: the first day the entry no longer counts
  status_by     TEXT,
  status_reason TEXT,
  -- Who and when: an entry typed by hand records them here; an imported one refers to its
  -- import (imports.recorded_by, imports.started_at), which keeps a bulk-loaded row small.
  recorded_by   TEXT,
  recorded_at   TEXT,
  import_id     INTEGER REFERENCES imports (id),
  CHECK (listed_on < expires_on),
  CHECK ((status = 'active') = (status_on IS NULL)),
  CHECK ((import_id IS NULL) = (recorded_by IS NOT NULL AND recorded_at IS NOT NULL))
);
-- An entry's identity; it also serves "everything about this subject".
CREATE UNIQUE INDEX entries_identity ON entries (subject_id, list_id, listed_on, document);

CREATE TABLE relations (
  id          INTEGER PRIMARY KEY,
  person_id   TEXT NOT NULL REFERENCES subjects (code),
  org_id      TEXT NOT NULL REFERENCES subjects (code),
  role        TEXT NOT NULL,
  since       TEXT NOT NULL,
  until       TEXT,  -- exclusive; NULL while the relation holds
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id   INTEGER REFERENCES imports (id),
  CHECK (until IS NULL OR since < until)
);
CREATE UNIQUE INDEX relations_identity ON relations (person_id, org_id, role, since);
CREATE INDEX relations_org ON relations (org_id);

CREATE TABLE objections (
  id          INTEGER PRIMARY KEY,
  entry_id    INTEGER NOT NULL REFERENCES entries (id),
  filed_on    TEXT NOT NULL,
  filed_by    TEXT NOT NULL,
  grounds     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
  resolved_on TEXT,
  resolved_by TEXT,
  resolution  TEXT,
  recorded_at TEXT NOT NULL,
  CHECK ((status = 'pending') = (resolved_on IS NULL))
);
CREATE INDEX objections_entry ON objections (entry_id);
-- INVARIANT: at most one pending objection per entry.
CREATE UNIQUE INDEX objections_one_pending ON objections (entry_id) WHERE status = 'pending';

CREATE TABLE repairs (
  id          INTEGER PRIMARY KEY,
  entry_id    INTEGER NOT NULL UNIQUE REFERENCES entries (id),
  repaired_on TEXT NOT NULL,
  reason      TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

-- The audit trail of must-query checks; hash = SHA-256 over prev_hash and the row's content.
CREATE TABLE checks (
  id              INTEGER PRIMARY KEY,
  at              TEXT NOT NULL,
  querier         TEXT NOT NULL,
  subject_id      TEXT NOT NULL,  -- not a foreign key: unknown subjects are checked too
  scenario        TEXT NOT NULL,
  as_of           TEXT NOT NULL,
  verdict         TEXT NOT NULL,
  rules_version   TEXT NOT NULL,
  store_version   INTEGER NOT NULL,
  decision_digest TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);

CREATE TABLE feedback (
  id          INTEGER PRIMARY KEY,
  check_id    INTEGER NOT NULL REFERENCES checks (id),
  measure_id  TEXT NOT NULL,
  implementer TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'not_applicable', 'declined')),
  note        TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX feedback_check ON feedback (check_id);

-- Every change to what checks see, in commit order: the cursor of `credo changes --since`.
-- INTEGER PRIMARY KEY never reuses a value here because no row is ever deleted.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('listed', 'revoked', 'repaired', 'objection_opened',
                 'objection_accepted', 'objection_dismissed', 'relation_added')),
  entry_id     INTEGER REFERENCES entries (id),
  last_entry_id INTEGER,  -- an import batch: entries entry_id..last_entry_id, listed together
  objection_id INTEGER REFERENCES objections (id),
  repair_id    INTEGER REFERENCES repairs (id),
  relation_id  INTEGER REFERENCES relations (id),
  last_relation_id INTEGER,  -- an import batch: relations relation_id..last_relation_id
  effective_on TEXT
);

CREATE TRIGGER subjects_keep BEFORE DELETE ON subjects BEGIN SELECT RAISE(ABORT, 'subjects are never deleted'); END;
CREATE TRIGGER entries_keep BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'entries are never deleted'); END;
CREATE TRIGGER relations_keep BEFORE DELETE ON relations BEGIN SELECT RAISE(ABORT, 'relations are never deleted'); END;
CREATE TRIGGER objections_keep BEFORE DELETE ON objections BEGIN SELECT RAISE(ABORT, 'objections are never deleted'); END;
CREATE TRIGGER repairs_keep BEFORE DELETE ON repairs BEGIN SELECT RAISE(ABORT, 'repairs are never deleted'); END;
CREATE TRIGGER feedback_keep BEFORE DELETE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is never deleted'); END;
CREATE TRIGGER checks_keep BEFORE DELETE ON checks BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER checks_fixed BEFORE UPDATE ON checks BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER events_keep BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;
CREATE TRIGGER events_fixed BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are never changed'); END;
)sql";

// Version 2 (workflow): licensing and penalty decisions and their publication dates, for the
// 7-working-day publication deadline (docs/workflow.md).
constexpr const char *schema_v2_decisions = R"sql(
CREATE TABLE decisions (
  id           INTEGER PRIMARY KEY,
  document     TEXT NOT NULL UNIQUE,  -- the decision's document number
  kind         TEXT NOT NULL CHECK (kind IN ('licensing', 'penalty')),
  subject_id   TEXT NOT NULL,         -- normalised; not a foreign key: any subject may be decided on
  subject_name TEXT NOT NULL,
  department   TEXT NOT NULL,
  decided_on   TEXT NOT NULL,
  published_on TEXT,                  -- NULL until published
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  CHECK (published_on IS NULL OR decided_on <= published_on)
);
CREATE INDEX decisions_decided ON decisions (decided_on);
CREATE TRIGGER decisions_keep BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions are never deleted'); END;
)sql";

int pragma_int(sql::connection &db, const char *pragma) {
    auto s = db.prepare(pragma);
    s.step();
    return static_cast<int>(s.int64(0));
}

int user_version(sql::connection &db) { return pragma_int(db, "PRAGMA user_version"); }

// Replaces `before` by `after` in the entries table's text in sqlite_schema, for a change that
// leaves every stored row as it is, by the procedure SQLite documents for such changes
// (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): writable_schema, then a
// new schema_version, in the migration's transaction. A table whose text lacks `before` is
// refused: `what` names what was expected, `migration` the step.
void rewrite_entries_text(sql::connection &db, std::string_view before, std::string_view after, std::string_view what,
                          int migration) {
    std::string table;
    {
        auto q = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'entries'");
        if (q.step()) table = q.text(0);
    }
    auto at = table.find(before);
    if (at == std::string::npos) {
        throw error(fmt::format("database `{}`: the entries table does not have {}, so migration {} cannot rewrite it",
                                db.path(), what, migration));
    }
    table.replace(at, before.size(), after);
    int version = pragma_int(db, "PRAGMA schema_version");
    db.exec("PRAGMA writable_schema = ON");
    {
        auto u = db.prepare("UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'entries'");
        u.bind(1, table).run();
    }
    // PRAGMA takes no bound parameters; the version is SQLite's own integer.
    db.exec(fmt::format("PRAGMA schema_version = {}", version + 1).c_str());
    db.exec("PRAGMA writable_schema = OFF");
}

// Version 3: the entries' status constraint as comparisons. SQLite (3.40) checks
// `status IN ('active', 'repaired', 'revoked')` by building a temporary index of the three
// values for every row it writes, clearing a whole page each time: a third of a bulk import's
// work. The constraint means the same and no stored row changes, so only the table's text is
// rewritten.
void entries_status_by_comparison(sql::connection &db) {
    rewrite_entries_text(db, "CHECK (status IN ('active', 'repaired', 'revoked'))",
                         "CHECK (status = 'active' OR status = 'repaired' OR status = 'revoked')",
                         "the status constraint of schema version 1", 3);
}

// Version 4 ("punish only whom the texts name"): an entry may have no end date, when its list
// had no default term on its listed_on; it then counts until repaired or revoked. Removing a
// NOT NULL constraint leaves the stored format alone (SQLite says so of exactly this change), so
// the entries' text is rewritten as in version 3; `CHECK (listed_on < expires_on)` holds for a
// NULL expiry as it stands. Subjects gain the organisation's establishment date, repairs their
// kind (a credit repair or performance, 履行完毕), imports a count of warnings.
constexpr const char *schema_v4 = R"sql(
ALTER TABLE subjects ADD COLUMN established_on TEXT;  -- YYYY-MM-DD, 成立日期; the first a file gave
ALTER TABLE repairs ADD COLUMN kind TEXT NOT NULL DEFAULT 'repair' CHECK (kind = 'repair' OR kind = 'performance');
ALTER TABLE imports ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
)sql";

void entries_expiry_optional(sql::connection &db) {
    rewrite_entries_text(db, "expires_on    TEXT NOT NULL,  -- exclusive\n",
                         "expires_on    TEXT,           -- exclusive; NULL: no end date, counts until repaired or "
                         "revoked\n",
                         "the expires_on column of schema version 1", 4);
}

// Version 5 (issue 13, tamper evidence): signed checkpoints of the audit trail, and append-only
// protection that no SQL statement gets round. The BEFORE DELETE triggers of version 1 do not
// fire when REPLACE (INSERT OR REPLACE, REPLACE, UPDATE OR REPLACE) deletes a conflicting row
// unless the connection turns recursive_triggers on, which credo's connections do
// (sql::connection) and a sqlite3 shell does not. So an insert whose key is already taken is
// refused by a BEFORE INSERT trigger, and one that collides with an entry's identity or a
// subject's code is skipped (entries_known, subjects_known). Updates are refused except the
// columns the store itself changes: an active entry's status (repair, revocation) and a
// subject's name and establishment date while still unknown.
constexpr const char *schema_v5_tamper = R"sql(
CREATE TABLE checkpoints (
  id        INTEGER PRIMARY KEY,
  seq       INTEGER NOT NULL,  -- the last check covered: checks 1..seq
  head_hash TEXT NOT NULL,     -- checks.hash of check seq; 64 zeros for an empty trail
  at        TEXT NOT NULL,     -- UTC timestamp of the signature
  signature TEXT NOT NULL      -- Ed25519 over (seq, head_hash, at), base64 (docs/audit.md)
);
CREATE TRIGGER checkpoints_keep BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are never deleted'); END;
CREATE TRIGGER checkpoints_fixed BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are never changed'); END;
CREATE TRIGGER checkpoints_not_replaced BEFORE INSERT ON checkpoints
  WHEN EXISTS (SELECT 1 FROM checkpoints WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'checkpoints are never replaced'); END;

CREATE TRIGGER checks_not_replaced BEFORE INSERT ON checks
  WHEN EXISTS (SELECT 1 FROM checks WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER events_not_replaced BEFORE INSERT ON events
  WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)
  BEGIN SELECT RAISE(ABORT, 'events are never replaced'); END;
CREATE TRIGGER feedback_not_replaced BEFORE INSERT ON feedback
  WHEN EXISTS (SELECT 1 FROM feedback WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'feedback is never replaced'); END;
CREATE TRIGGER feedback_fixed BEFORE UPDATE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is never changed'); END;

-- An entry already known by its identity is skipped, whatever the statement's conflict clause:
-- for credo's INSERT OR IGNORE and ON CONFLICT DO NOTHING that is what they do anyway, and a
-- REPLACE changes nothing. (Refusing it outright would need the pragma, read per colliding row:
-- it halved the re-import's rows per CPU second.) SQLite fires a table's triggers newest first,
-- so entries_not_replaced, created after, refuses a colliding id with an error before this runs.
CREATE TRIGGER entries_known BEFORE INSERT ON entries
  WHEN EXISTS (SELECT 1 FROM entries WHERE subject_id = NEW.subject_id AND list_id = NEW.list_id
                 AND listed_on = NEW.listed_on AND document = NEW.document)
  BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER entries_not_replaced BEFORE INSERT ON entries
  WHEN EXISTS (SELECT 1 FROM entries WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'entries are never replaced'); END;
CREATE TRIGGER entries_fixed BEFORE UPDATE ON entries
  WHEN OLD.status <> 'active' OR NEW.id IS NOT OLD.id OR NEW.list_id IS NOT OLD.list_id
    OR NEW.subject_id IS NOT OLD.subject_id OR NEW.listed_on IS NOT OLD.listed_on
    OR NEW.expires_on IS NOT OLD.expires_on OR NEW.document IS NOT OLD.document
    OR NEW.initiator IS NOT OLD.initiator OR NEW.reason IS NOT OLD.reason
    OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at
    OR NEW.import_id IS NOT OLD.import_id
  BEGIN SELECT RAISE(ABORT, 'entries are never changed, except the status of an active entry'); END;

-- Entries refer to their subject by number: replacing a subject would detach its entries.
-- As for entries, a subject already known by its code is skipped, unless the insert brings the
-- name of a subject stored without one: credo's upsert then fills the name in (subjects_fixed
-- allows that), and a REPLACE is refused unless the delete trigger will refuse it. The pragma
-- is read only for that rare collision, not for every row of a re-import.
CREATE TRIGGER subjects_known BEFORE INSERT ON subjects
  WHEN EXISTS (SELECT 1 FROM subjects WHERE code = NEW.code AND (name <> '' OR NEW.name = ''))
  BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER subjects_not_replaced BEFORE INSERT ON subjects
  WHEN EXISTS (SELECT 1 FROM subjects WHERE id = NEW.id)
    OR (EXISTS (SELECT 1 FROM subjects WHERE code = NEW.code AND name = '' AND NEW.name <> '')
        AND NOT (SELECT recursive_triggers FROM pragma_recursive_triggers))
  BEGIN SELECT RAISE(ABORT, 'subjects are never replaced'); END;
CREATE TRIGGER subjects_fixed BEFORE UPDATE ON subjects
  WHEN NEW.id IS NOT OLD.id OR NEW.code IS NOT OLD.code OR NEW.kind IS NOT OLD.kind
    OR NEW.recorded_at IS NOT OLD.recorded_at
    OR (NEW.name IS NOT OLD.name AND OLD.name <> '')
    OR (NEW.established_on IS NOT OLD.established_on AND OLD.established_on IS NOT NULL)
  BEGIN SELECT RAISE(ABORT, 'subjects are never changed, except a name or establishment date not yet known'); END;
)sql";

// Version 6 (issue 13, the audit trail records what was answered): a batched-mode engine hands
// out check ids before their rows are written, so it first reserves them here, committed. After a
// crash the next engine starts past `last_id`, so no id is handed out twice, and the ids that were
// reserved but never written are recorded as `lost` rows (docs/audit.md).
constexpr const char *schema_v6_check_reservations = R"sql(
CREATE TABLE check_reservations (
  id      INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
  last_id INTEGER NOT NULL                     -- the highest check id ever reserved
);
)sql";

constexpr std::array<detail::migration, 6> migrations = {{{schema_v1},
                                                          {schema_v2_decisions},
                                                          {"", entries_status_by_comparison},
                                                          {schema_v4, entries_expiry_optional},
                                                          {schema_v5_tamper},
                                                          {schema_v6_check_reservations}}};

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations.size()); }

namespace detail {

void migrate(sql::connection &db, std::span<const migration> steps) {
    int current = user_version(db);
    int latest = static_cast<int>(steps.size());
    if (current < 0) {
        throw error(fmt::format("database `{}` has schema version {}, which no credo writes: it is not a credo "
                                "database, or it is damaged",
                                db.path(), current));
    }
    if (current > latest) {
        throw error(fmt::format("database `{}` has schema version {}, newer than the {} this credo knows; "
                                "use a newer credo to open it",
                                db.path(), current, latest));
    }
    for (int version = current + 1; version <= latest; ++version) {
        sql::transaction tx(db);
        // Re-read under the write lock: another process may have migrated meanwhile.
        if (user_version(db) >= version) continue;
        const auto &step = steps[static_cast<std::size_t>(version - 1)];
        db.exec(step.sql);
        if (step.run) step.run(db);
        // PRAGMA takes no bound parameters; the version is this program's own integer.
        db.exec(fmt::format("PRAGMA user_version = {}", version).c_str());
        tx.commit();
    }
}

std::span<const migration> schema_migrations() { return migrations; }

}  // namespace detail

void apply_migrations(sql::connection &db) { detail::migrate(db, migrations); }

void refuse_foreign_database(sql::connection &db) {
    // One read transaction: the version and the tables from the same moment, not a version read
    // before another credo's first migration committed and its tables read after.
    sql::transaction snapshot(db, sql::transaction::mode::deferred);
    // user_version is a signed 32-bit integer that any program may set; a negative one is no
    // credo's, and a newer one is a later credo's (whose migrations this one does not know).
    auto version = static_cast<std::int64_t>(pragma_int(db, "PRAGMA user_version"));
    if (version < 0) {
        throw error(fmt::format("database `{}` has schema version {}, which no credo writes: it is not a credo "
                                "database, or it is damaged",
                                db.path(), version));
    }
    if (version > latest_schema_version()) {
        throw error(fmt::format("database `{}` has schema version {}, newer than the {} this credo knows; "
                                "use a newer credo to open it",
                                db.path(), version, latest_schema_version()));
    }
    std::string first_table;
    std::int64_t tables = 0;
    {
        auto q = db.prepare(
            "SELECT count(*), min(name) FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite!_%' "
            "ESCAPE '!'");
        q.step();
        tables = q.int64(0);
        if (!q.is_null(1)) first_table = q.text(1);
    }
    if (version == 0 && tables > 0) {
        // Migrating would add credo's tables to another program's database.
        throw error(fmt::format("database `{}` is not a credo database: it has tables credo did not create (such as "
                                "`{}`) and no credo schema version; give credo a new file or one it created",
                                db.path(), first_table));
    }
    if (version > 0) {
        for (const char *table : {"subjects", "imports", "entries"}) {
            auto q = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
            q.bind(1, table);
            q.step();
            if (q.int64(0) == 0) {
                throw error(fmt::format("database `{}` is not a credo database: it has schema version {} but no "
                                        "`{}` table",
                                        db.path(), version, table));
            }
        }
    }
    snapshot.commit();  // nothing was written: ends the read
}

}  // namespace credo::store
