/* SPDX-License-Identifier: Apache-2.0 */
/* credo's C ABI: the one header that approval, bidding and procurement systems include.
 *
 * Conventions (docs/c-api.md says more):
 * - Every symbol starts with `credo_` / `CREDO_`. Handles are opaque and allocated by the
 *   library; each has a `_free` that accepts NULL.
 * - Functions that can fail return an `int` status: CREDO_OK (0) or a negative CREDO_E* code.
 *   Out-parameters come first; the single one is named `out` and is set to NULL (or zeroed)
 *   on failure.
 * - Every status-returning call records its outcome in thread-local storage:
 *   credo_error_message() and credo_error_last() (CREDO_OK and "" after a success).
 * - Strings are NUL-terminated UTF-8. Strings passed in are read during the call only; strings
 *   handed out are owned by the object named in the function's comment.
 * - Option, query and result structs start with `unsigned int version`: initialise them with
 *   the CREDO_*_INIT macro or the matching *_init() function so that a program compiled
 *   against this header keeps working with later 1.x libraries.
 * - No C++ exception crosses this boundary.
 */
#ifndef CREDO_H
#define CREDO_H

#include <stddef.h>
#include <stdint.h>

#if defined(CREDO_BUILDING_LIBRARY)
#define CREDO_API __attribute__((visibility("default")))
#else
#define CREDO_API
#endif

/* ---- versions ---------------------------------------------------------------------------- */

/* The version of this header; credo_version() gives the library's. */
#define CREDO_VERSION_MAJOR 0
#define CREDO_VERSION_MINOR 1
#define CREDO_VERSION_PATCH 0
#define CREDO_VERSION_STRING "0.1.0"
#define CREDO_VERSION_NUMBER (CREDO_VERSION_MAJOR * 10000 + CREDO_VERSION_MINOR * 100 + CREDO_VERSION_PATCH)
/* The ABI generation: the number in the SONAME (libcredo.so.1). It changes only when a
 * published signature or struct layout would have to break, which this header promises not to
 * do within a generation. */
#define CREDO_ABI_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes ------------------------------------------------------------------------ */

/* 0 is success, every error is negative. New codes may be added; treat any unknown negative
 * value as an error. */
typedef enum credo_status {
    CREDO_OK = 0,
    CREDO_EINVALID_ARGUMENT = -1, /* NULL where a value is needed, bad UTF-8, oversize string,
                                     unknown enum value, wrong struct version, malformed date */
    CREDO_EINVALID_ID = -2,       /* not a valid credit code or resident ID number */
    CREDO_EUNKNOWN_SCENARIO = -3, /* credo_error_last()->closest names the nearest known one */
    CREDO_ERULE = -4,             /* rule files do not compile or cannot be read;
                                     credo_error_last() locates the first error */
    CREDO_ESTORE = -5,            /* the database cannot be opened, read or written */
    CREDO_ENOMEM = -6,            /* out of memory */
    CREDO_ENOT_FOUND = -7,        /* no such entry, objection, check or index */
    CREDO_EILLEGAL_STATE = -8,    /* the store refused a lifecycle transition (e.g. resolving
                                     an objection twice, repairing an inactive entry) */
    CREDO_EINTERNAL = -99         /* a bug in credo: please report it with the message */
} credo_status;

/* ---- versions at run time ---------------------------------------------------------------- */

/* The library's version as "MAJOR.MINOR.PATCH". A static string, never NULL; thread-safe. */
CREDO_API const char *credo_version(void);

/* The library's version as MAJOR * 10000 + MINOR * 100 + PATCH, to compare with
 * CREDO_VERSION_NUMBER. Thread-safe. */
CREDO_API int credo_version_number(void);

/* A static name for a status code ("CREDO_EINVALID_ARGUMENT", ...; "CREDO_E?" for a code this
 * library does not know). Never NULL; thread-safe. */
CREDO_API const char *credo_status_name(int status);

/* ---- errors ------------------------------------------------------------------------------ */

/* The outcome of the last status-returning call on this thread. */
typedef struct credo_error {
    int code;                /* a credo_status */
    const char *message;     /* lowercase, says where and what; "" after a success */
    const char *file;        /* CREDO_ERULE: the file of the first error; "" otherwise */
    unsigned int line;       /* CREDO_ERULE: 1-based line; 0 otherwise */
    unsigned int column;     /* CREDO_ERULE: 1-based column in code points; 0 otherwise */
    const char *diagnostics; /* CREDO_ERULE: every error rendered with its source line; "" */
    const char *closest;     /* CREDO_EUNKNOWN_SCENARIO: the nearest known scenario; "" */
} credo_error;

/* The message of the last status-returning call on this thread: "" after a success. Never
 * NULL. Owned by the library; valid until the next credo call on the same thread. */
CREDO_API const char *credo_error_message(void);

/* The last error on this thread with its details. Never NULL, and none of its strings is NULL.
 * Owned by the library; valid until the next credo call on the same thread. */
CREDO_API const credo_error *credo_error_last(void);

/* Resets this thread's last error to CREDO_OK. */
CREDO_API void credo_error_clear(void);

/* ---- limits ------------------------------------------------------------------------------ */

/* The longest string (in bytes, without the NUL) any credo call accepts unless an engine's
 * options say otherwise. Longer input is refused with CREDO_EINVALID_ARGUMENT. */
#define CREDO_DEFAULT_MAX_STRING_BYTES 65536u

/* ---- identifiers ------------------------------------------------------------------------- */

typedef enum credo_id_scheme {
    CREDO_SCHEME_NONE = 0,
    CREDO_SCHEME_CREDIT_CODE = 1,        /* 统一社会信用代码 (GB 32100-2015) */
    CREDO_SCHEME_RESIDENT_ID = 2,        /* 公民身份号码 (GB 11643-1999), 18 characters */
    CREDO_SCHEME_LEGACY_RESIDENT_ID = 3  /* 15-digit number; normalised to 18 characters */
} credo_id_scheme;

typedef enum credo_subject_kind {
    CREDO_KIND_NONE = 0,
    CREDO_KIND_ENTERPRISE = 1,
    CREDO_KIND_INDIVIDUAL_BUSINESS = 2,
    CREDO_KIND_COOPERATIVE = 3,
    CREDO_KIND_INSTITUTION = 4,
    CREDO_KIND_SOCIAL_ORG = 5,
    CREDO_KIND_OTHER_ORG = 6,
    CREDO_KIND_PERSON = 7
} credo_subject_kind;

/* Flags for credo_id_validate(); unknown bits are CREDO_EINVALID_ARGUMENT. */
#define CREDO_ID_LENIENT 0x1u             /* accept credit codes with a wrong check character */
#define CREDO_ID_EXPECT_CREDIT_CODE 0x2u  /* only a credit code is acceptable */
#define CREDO_ID_EXPECT_RESIDENT_ID 0x4u  /* only a resident ID is acceptable */

#define CREDO_ID_INFO_VERSION 1u
typedef struct credo_id_info {
    unsigned int version;  /* CREDO_ID_INFO_VERSION */
    int valid;             /* 1 or 0 */
    char normalized[40];   /* trimmed, half-width, upper case; "" when it cannot be normalised */
    char masked[40];       /* for people: resident IDs keep the first 6 and last 4 characters */
    int scheme;            /* a credo_id_scheme */
    int kind;              /* a credo_subject_kind */
    const char *scheme_name; /* "credit_code", "resident_id", "legacy_resident_id" or "" */
    const char *kind_name;   /* "enterprise", ..., "person" or "" */
    const char *reason;    /* why it is invalid, "" when valid; owned by the library, valid until
                              the next credo call on this thread */
} credo_id_info;
#define CREDO_ID_INFO_INIT { CREDO_ID_INFO_VERSION, 0, {0}, {0}, 0, 0, NULL, NULL, NULL }
/* Sets *info to CREDO_ID_INFO_INIT. NULL-safe. */
CREDO_API void credo_id_info_init(credo_id_info *info);

/* Validates a unified social credit code or resident ID number after normalisation.
 * `out` (initialised with CREDO_ID_INFO_INIT) receives the details whether or not the
 * identifier is valid. Returns CREDO_OK when valid, CREDO_EINVALID_ID when not (the reason is
 * also the error message), CREDO_EINVALID_ARGUMENT for NULL, oversize or non-UTF-8 input or
 * unknown flags. Thread-safe; allocates nothing the caller must free. */
CREDO_API int credo_id_validate(credo_id_info *out, const char *id, unsigned int flags);

/* ---- the engine -------------------------------------------------------------------------- */

/* A loaded rule set and database: immutable snapshots that checks read without locks.
 * One engine is meant to be shared by every thread of a process. */
typedef struct credo_engine credo_engine;

/* Flags for credo_engine_options.flags; unknown bits are CREDO_EINVALID_ARGUMENT. */
#define CREDO_ENGINE_LENIENT_IDS 0x1u /* accept credit codes with a wrong check character */
#define CREDO_ENGINE_NO_AUDIT 0x2u    /* do not write checks to the audit trail (查询留痕) */
/* The audit trail in batched mode: a check returns at once with an id reserved in the database
 * and its row is committed in the background; a crash loses at most `audit_queue` rows (those of
 * the last `audit_interval_ms` plus one commit), whose ids are then recorded as lost. Without
 * this flag the mode is durable: a check returns only once its row is committed (concurrent
 * checks share one commit). docs/audit.md gives the cost of each. */
#define CREDO_ENGINE_AUDIT_BATCHED 0x4u

/* Version 1 ends at max_string_bytes; the library accepts version 1 structs (their later fields
 * take the defaults). */
#define CREDO_ENGINE_OPTIONS_VERSION 2u
typedef struct credo_engine_options {
    unsigned int version;   /* CREDO_ENGINE_OPTIONS_VERSION */
    const char *rules_dir;  /* the rule directory; NULL means "rules" */
    const char *db_path;    /* required; create the database with `credo import` */
    unsigned int flags;     /* CREDO_ENGINE_* */
    size_t audit_batch;     /* most checks per audit transaction; 0: the default (4096) */
    size_t max_string_bytes; /* longest string accepted by calls on this engine;
                                0: CREDO_DEFAULT_MAX_STRING_BYTES */
    /* version 2 */
    size_t audit_queue;     /* most audit rows waiting to be written; a check that finds the
                               queue full waits up to audit_wait_ms, then fails with
                               CREDO_ESTORE. 0: the default (65536) */
    unsigned int audit_interval_ms; /* batched: the longest a row waits before its transaction
                                       starts; 0: the default (20) */
    unsigned int audit_wait_ms;     /* 0: the default (5000) */
    unsigned int audit_retry_ms;    /* how long a failed audit write is retried before the engine
                                       refuses audited checks (CREDO_ESTORE); 0: the default
                                       (30000) */
    /* more fields may follow in later versions */
} credo_engine_options;
#define CREDO_ENGINE_OPTIONS_INIT { CREDO_ENGINE_OPTIONS_VERSION, NULL, NULL, 0u, 0u, 0u, 0u, 0u, 0u, 0u }
/* Sets *options to CREDO_ENGINE_OPTIONS_INIT. NULL-safe. */
CREDO_API void credo_engine_options_init(credo_engine_options *options);

/* Loads the rules, opens the database and builds the first snapshot.
 * On success *out is a new engine the caller owns (free it with credo_engine_free); on failure
 * *out is NULL and the status says why: CREDO_ERULE (with file/line/column), CREDO_ESTORE,
 * CREDO_EINVALID_ARGUMENT. Thread-safe (engines are independent). */
CREDO_API int credo_engine_open(credo_engine **out, const credo_engine_options *options);

/* Flushes the audit trail and releases the engine. NULL-safe. Must not run while another
 * thread still uses the engine; decisions and batches it produced stay valid. */
CREDO_API void credo_engine_free(credo_engine *engine);

/* Re-reads the rules and the database into a new snapshot and swaps it in; checks in flight
 * finish on the snapshot they started with. On error the current snapshot stays. The rules'
 * departments.csv is read again by the next credo_feedback_record.
 * Thread-safe: may run while other threads check; concurrent reloads are serialised. */
CREDO_API int credo_engine_reload(credo_engine *engine);

/* Waits until every audited check so far is written; reports a failed write (CREDO_ESTORE).
 * After a write that failed beyond its retries every audited check fails with CREDO_ESTORE
 * until the engine is opened again. Thread-safe. */
CREDO_API int credo_engine_flush_audit(credo_engine *engine);

/* The engine's audit mode: "durable", "batched", or "off" (CREDO_ENGINE_NO_AUDIT). A static
 * string; NULL for NULL. Thread-safe. */
CREDO_API const char *credo_engine_audit_mode(const credo_engine *engine);

/* Copies the current rules version (SHA-256, 64 hex digits) into `out` (at least 65 bytes).
 * CREDO_EINVALID_ARGUMENT when `out_size` is too small. Thread-safe. */
CREDO_API int credo_engine_rules_version(char *out, size_t out_size, credo_engine *engine);

/* The current store version (the sequence number of the last change the snapshot saw).
 * Thread-safe. */
CREDO_API int credo_engine_store_version(int64_t *out, credo_engine *engine);

/* ---- queries ----------------------------------------------------------------------------- */

typedef enum credo_value_type {
    CREDO_VALUE_NUMBER = 1, /* credo_attribute.number */
    CREDO_VALUE_STRING = 2, /* credo_attribute.text, converted to the attribute's declared type
                               (a yes/no attribute: "yes"/"no", "true"/"false", "1"/"0", "是"/"否") */
    CREDO_VALUE_DATE = 3    /* credo_attribute.text as "YYYY-MM-DD" */
} credo_value_type;

/* A value for a condition attribute declared in the rules (e.g. `contract_value`) or
 * `credit_rating`. This struct is frozen: it is passed in arrays, so it never grows; new value
 * types get new credo_value_type codes. */
typedef struct credo_attribute {
    const char *key;
    int type;          /* a credo_value_type */
    double number;     /* CREDO_VALUE_NUMBER */
    const char *text;  /* CREDO_VALUE_STRING, CREDO_VALUE_DATE */
} credo_attribute;

#define CREDO_QUERY_VERSION 1u
typedef struct credo_query {
    unsigned int version;      /* CREDO_QUERY_VERSION */
    const char *subject;       /* credit code or resident ID, as typed (it is normalised) */
    const char *scenario;      /* a scenario id of the rules, e.g. "public_bidding" */
    const char *as_of;         /* "YYYY-MM-DD" or NULL for today (China Standard Time) */
    const char *querier;       /* the asking department, for the audit trail; NULL: "". An
                                  engine opened with CREDO_ENGINE_NO_AUDIT neither reads nor
                                  checks it */
    const credo_attribute *attributes; /* may be NULL when attribute_count is 0 */
    size_t attribute_count;
    /* more fields may follow in later versions */
} credo_query;
#define CREDO_QUERY_INIT { CREDO_QUERY_VERSION, NULL, NULL, NULL, NULL, NULL, 0u }
/* Sets *query to CREDO_QUERY_INIT. NULL-safe. */
CREDO_API void credo_query_init(credo_query *query);

/* ---- decisions --------------------------------------------------------------------------- */

/* The answer to one check. Owned by the caller (credo_decision_free). A decision is not
 * synchronised: use it from one thread at a time (different decisions on different threads
 * are fine). Strings it hands out live until the decision is freed or reused. */
typedef struct credo_decision credo_decision;

/* One must-query check. On success *out is a new decision the caller owns. On failure *out is
 * NULL: CREDO_EINVALID_ARGUMENT, CREDO_EINVALID_ID, CREDO_EUNKNOWN_SCENARIO, CREDO_ESTORE.
 * When auditing is on the check is written to the audit trail (batched in the background; see
 * credo_engine_flush_audit) and the decision carries its check id.
 * Thread-safe: any number of threads may check on one engine at once. The query and its strings
 * are read during the call only. */
CREDO_API int credo_check(credo_decision **out, credo_engine *engine, const credo_query *query);

/* An empty decision to reuse with credo_check_into(); the caller owns it. */
CREDO_API int credo_decision_new(credo_decision **out);

/* Like credo_check(), but overwrites `decision` and reuses its memory: the hot path for a
 * thread that checks many times. On failure `decision` is emptied. Strings previously read
 * from `decision` become invalid. Thread-safe as credo_check(), provided no other thread uses
 * `decision`. */
CREDO_API int credo_check_into(credo_decision *decision, credo_engine *engine, const credo_query *query);

/* Releases a decision and every string it handed out. NULL-safe. The library may keep the
 * memory of a few freed decisions on the freeing thread, to hand out again from credo_check()
 * (so a thread that checks and frees allocates as little as one using credo_check_into()); it
 * is released when the thread exits. */
CREDO_API void credo_decision_free(credo_decision *decision);

/* The decision in the documented JSON shape (the same as `credo check --json`), one line.
 * Owned by the decision. NULL (and CREDO_EINVALID_ARGUMENT or CREDO_ENOMEM in the last error)
 * when `decision` is NULL or the text cannot be made. */
CREDO_API const char *credo_decision_json(const credo_decision *decision);

/* The strongest effect applied ("prohibit", ...) or "none". Owned by the decision; NULL when
 * `decision` is NULL. */
CREDO_API const char *credo_decision_verdict(const credo_decision *decision);

/* The normalised subject id (not masked: mask it before showing it to people), its kind
 * ("enterprise", ...), its name ("" when the subject is not in the store), the scenario and the
 * date of the check ("YYYY-MM-DD"). Owned by the decision; NULL when `decision` is NULL. */
CREDO_API const char *credo_decision_subject(const credo_decision *decision);
CREDO_API const char *credo_decision_subject_kind(const credo_decision *decision);
CREDO_API const char *credo_decision_subject_name(const credo_decision *decision);
CREDO_API const char *credo_decision_scenario(const credo_decision *decision);
CREDO_API const char *credo_decision_as_of(const credo_decision *decision);
/* The rules version the decision was made with. Owned by the decision; NULL for NULL. */
CREDO_API const char *credo_decision_rules_version(const credo_decision *decision);

/* 1 when a rule escalated the decision (recommended punishments became mandatory), 0 when
 * not, CREDO_EINVALID_ARGUMENT when `decision` is NULL. */
CREDO_API int credo_decision_escalated(const credo_decision *decision);

/* The audit trail's id of this check, or 0 when the check was not audited or `decision` is
 * NULL. */
CREDO_API int64_t credo_decision_check_id(const credo_decision *decision);

/* The fields of the subject's own black listings that count on the date and are not under a
 * pending objection ("tax", ...), in field order: what escalation counts. */
CREDO_API size_t credo_decision_black_field_count(const credo_decision *decision);
/* The i-th black field; owned by the decision; NULL when out of range or `decision` is NULL. */
CREDO_API const char *credo_decision_black_field(const credo_decision *decision, size_t index);

/* Which of a decision's measure lists to read. */
typedef enum credo_measure_set {
    CREDO_MEASURES_APPLIED = 1,   /* applied, strongest effect first */
    CREDO_MEASURES_SUSPENDED = 2, /* suspended by a pending objection */
    CREDO_MEASURES_SUPPRESSED = 3, /* incentives suppressed by an active black listing */
    CREDO_MEASURES_TO_VERIFY = 4   /* conditional measures the implementer must verify first (需核实);
                                      the condition's text is the decision JSON's `verify` */
} credo_measure_set;

/* Number of measures in `set`; 0 when `decision` is NULL or `set` unknown (the last error
 * says which). */
CREDO_API size_t credo_decision_measure_count(const credo_decision *decision, int set);

#define CREDO_MEASURE_VERSION 1u
/* One measure of a decision. Every string is owned by the decision and never NULL ("" when
 * absent). */
typedef struct credo_measure {
    unsigned int version;    /* CREDO_MEASURE_VERSION, set by the caller */
    const char *memorandum;  /* memorandum id, or the rule id of a measure a rule grants */
    const char *measure;     /* measure id, e.g. "tax_2016.10" */
    const char *text;
    const char *effect;      /* "prohibit", ... */
    const char *binding;     /* "mandatory" or "recommended" (after escalation) */
    const char *implementer; /* the implementing departments, joined with "、" */
    const char *basis;
    /* Why it applies; has_because is 0 for a measure a rule grants. */
    int has_because;
    const char *list;        /* the list of the entry */
    int64_t entry;           /* the list entry's id, for objections and repairs */
    const char *document;
    const char *listed_on;   /* "YYYY-MM-DD" */
    const char *expires_on;  /* "YYYY-MM-DD", exclusive; "" when the entry has no end date (it
                                counts until repaired or revoked) */
    size_t via_count;        /* 0: the subject itself is listed */
    const char *via;         /* the relation path, "legal_representative of 9144...", steps
                                joined with "; " (ids not masked) */
    int64_t objection;       /* CREDO_MEASURES_SUSPENDED: the pending objection; 0 otherwise */
    /* more fields may follow in later versions */
} credo_measure;
#define CREDO_MEASURE_INIT { CREDO_MEASURE_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, 0u, NULL, 0 }
/* Sets *measure to CREDO_MEASURE_INIT. NULL-safe. */
CREDO_API void credo_measure_init(credo_measure *measure);

/* Fills `out` (initialised with CREDO_MEASURE_INIT) with the index-th measure of `set`.
 * CREDO_ENOT_FOUND when `index` is out of range; CREDO_EINVALID_ARGUMENT for NULL, an unknown
 * set or version. The strings stay valid until the decision is freed or reused. */
CREDO_API int credo_decision_measure(credo_measure *out, const credo_decision *decision, int set, size_t index);

/* ---- batches ----------------------------------------------------------------------------- */

/* The results of credo_check_batch(): one status and decision per query. Owned by the caller. */
typedef struct credo_batch credo_batch;

/* Checks every query against one snapshot (so the answers are mutually consistent).
 * `queries` is an array of `count` pointers (pointers, so that a later, larger credo_query
 * does not change the array's stride). Returns CREDO_OK when the batch ran, even if some
 * checks failed: read each one's status with credo_batch_status(). A NULL query pointer fails
 * only its own slot. On failure *out is NULL. Thread-safe as credo_check(). */
CREDO_API int credo_check_batch(credo_batch **out, credo_engine *engine, const credo_query *const *queries,
                                size_t count);
/* Number of queries; 0 for NULL. */
CREDO_API size_t credo_batch_count(const credo_batch *batch);
/* Number of checks that succeeded; 0 for NULL. */
CREDO_API size_t credo_batch_succeeded(const credo_batch *batch);
/* The status of the index-th check; CREDO_EINVALID_ARGUMENT for NULL, CREDO_ENOT_FOUND when
 * out of range. Sets no last error of its own. */
CREDO_API int credo_batch_status(const credo_batch *batch, size_t index);
/* The error message of the index-th check, "" when it succeeded. Owned by the batch; NULL for
 * NULL or out of range. */
CREDO_API const char *credo_batch_message(const credo_batch *batch, size_t index);
/* The decision of the index-th check (empty when it failed). Owned by the batch: do not free
 * it; valid until the batch is freed. NULL for NULL or out of range. */
CREDO_API const credo_decision *credo_batch_decision(const credo_batch *batch, size_t index);
/* Releases the batch and its decisions. NULL-safe. */
CREDO_API void credo_batch_free(credo_batch *batch);

/* ---- lifecycle: feedback, objections, repairs -------------------------------------------- */
/* These write to the engine's database through a connection of their own, serialised per
 * engine (thread-safe). Objections and repairs change what checks see from the next
 * credo_engine_reload() on: a check never sees half of a change. Dates are "YYYY-MM-DD". */

typedef enum credo_feedback_outcome {
    CREDO_FEEDBACK_APPLIED = 1,
    CREDO_FEEDBACK_NOT_APPLICABLE = 2,
    CREDO_FEEDBACK_DECLINED = 3
} credo_feedback_outcome;

#define CREDO_FEEDBACK_VERSION 1u
/* An implementing department's report on one measure of an audited check (执行反馈). */
typedef struct credo_feedback {
    unsigned int version;    /* CREDO_FEEDBACK_VERSION */
    int64_t check_id;        /* credo_decision_check_id() */
    const char *measure;     /* the measure id */
    const char *implementer; /* the reporting department: one of the measure's implementers, or a
                                department that the rules' departments.csv says acts for one */
    int outcome;             /* a credo_feedback_outcome */
    const char *note;        /* NULL or free text; a reason when declining */
    /* more fields may follow in later versions */
} credo_feedback;
#define CREDO_FEEDBACK_INIT { CREDO_FEEDBACK_VERSION, 0, NULL, NULL, 0, NULL }
/* Sets *feedback to CREDO_FEEDBACK_INIT. NULL-safe. */
CREDO_API void credo_feedback_init(credo_feedback *feedback);

/* Records feedback with the same rules as `credo feedback`: the measure must be known and
 * apply in the check's scenario, the department must implement it (or act for an implementer),
 * and declining a mandatory measure needs a note. *out (may be NULL) receives the feedback's
 * id. CREDO_ENOT_FOUND for an unknown check, CREDO_EINVALID_ARGUMENT for a refused record
 * (credo_last_error says why), CREDO_ERULE when the rules or departments.csv cannot be read,
 * CREDO_ESTORE. Thread-safe. */
CREDO_API int credo_feedback_record(int64_t *out, credo_engine *engine, const credo_feedback *feedback);

/* Opens an objection (异议) against a list entry: its measures are suspended while it is
 * pending. *out (may be NULL) receives the objection's id. CREDO_ENOT_FOUND for an unknown
 * entry, CREDO_EILLEGAL_STATE when the store refuses. Thread-safe. */
CREDO_API int credo_objection_open(int64_t *out, credo_engine *engine, int64_t entry_id, const char *filed_on,
                                   const char *filed_by, const char *grounds);

typedef enum credo_objection_outcome {
    CREDO_OBJECTION_ACCEPTED = 1, /* upheld: the entry is revoked from the resolution date */
    CREDO_OBJECTION_DISMISSED = 2 /* rejected: the measures resume */
} credo_objection_outcome;

/* Resolves a pending objection. CREDO_ENOT_FOUND for an unknown objection,
 * CREDO_EILLEGAL_STATE when it is not pending. Thread-safe. */
CREDO_API int credo_objection_resolve(credo_engine *engine, int64_t objection_id, int outcome, const char *resolved_on,
                                      const char *resolved_by, const char *resolution);

/* Records a credit repair (信用修复): the active entry stops counting from `repaired_on`.
 * *out (may be NULL) receives the repair's id. CREDO_ENOT_FOUND for an unknown entry,
 * CREDO_EILLEGAL_STATE when the entry is not active or `repaired_on` is before the list's
 * minimum publication period ends (credo_last_error cites the rule), CREDO_ERULE when the rules
 * cannot be read. Thread-safe. */
CREDO_API int credo_repair_record(int64_t *out, credo_engine *engine, int64_t entry_id, const char *repaired_on,
                                  const char *reason, const char *approved_by);

/* ---- lint -------------------------------------------------------------------------------- */

/* The diagnostics of a rule directory. Owned by the caller (credo_diagnostics_free); read it
 * from one thread at a time. */
typedef struct credo_diagnostics credo_diagnostics;

typedef enum credo_severity {
    CREDO_SEVERITY_ERROR = 1,
    CREDO_SEVERITY_WARNING = 2,
    CREDO_SEVERITY_NOTE = 3
} credo_severity;

/* Parses and checks every *.credo file under `rules_dir` (as `credo lint` does). *out receives
 * the diagnostics whenever the files could be read: the status is CREDO_OK when none is an
 * error and CREDO_ERULE when some are (credo_error_last() locates the first). An unreadable
 * directory is CREDO_ERULE with *out NULL. Thread-safe. */
CREDO_API int credo_rules_lint(credo_diagnostics **out, const char *rules_dir);

/* Number of diagnostics, and of errors among them; 0 for NULL. */
CREDO_API size_t credo_diagnostics_count(const credo_diagnostics *diagnostics);
CREDO_API size_t credo_diagnostics_error_count(const credo_diagnostics *diagnostics);

#define CREDO_DIAGNOSTIC_VERSION 1u
/* One diagnostic. Strings are owned by the diagnostics handle and never NULL. */
typedef struct credo_diagnostic {
    unsigned int version;  /* CREDO_DIAGNOSTIC_VERSION, set by the caller */
    int severity;          /* a credo_severity */
    const char *code;      /* stable, documented in docs/diagnostics.md, e.g. "E0101" */
    const char *message;
    const char *help;      /* "" when none */
    const char *file;
    unsigned int line;     /* 1-based */
    unsigned int column;   /* 1-based, in code points */
    const char *rendered;  /* `file:line:col: error[E0101]: ...` with the source line */
    /* more fields may follow in later versions */
} credo_diagnostic;
#define CREDO_DIAGNOSTIC_INIT { CREDO_DIAGNOSTIC_VERSION, 0, NULL, NULL, NULL, NULL, 0u, 0u, NULL }
/* Sets *diagnostic to CREDO_DIAGNOSTIC_INIT. NULL-safe. */
CREDO_API void credo_diagnostic_init(credo_diagnostic *diagnostic);

/* Fills `out` with the index-th diagnostic (sorted by file and position). CREDO_ENOT_FOUND when
 * out of range. */
CREDO_API int credo_diagnostics_get(credo_diagnostic *out, const credo_diagnostics *diagnostics, size_t index);

/* Releases the diagnostics and their strings. NULL-safe. */
CREDO_API void credo_diagnostics_free(credo_diagnostics *diagnostics);

/* ==== workflow: push to implementing departments (信息推送) ==================================
 * Maintained with src/workflow/ (docs/workflow.md). */

/* The changes since a cursor that concern one implementing department. Owned by the caller
 * (credo_changes_free); read it from one thread at a time. */
typedef struct credo_changes credo_changes;

/* Reads up to `limit` changes (0: no limit) after cursor `since` from the database at
 * `db_path`, with the measures of the rules in `rules_dir`; `implementer` NULL or "" for every
 * department (a department named in the rules' departments.csv gets the measures of the
 * implementers it acts for). On success *out is a new handle the caller owns; on failure *out is NULL
 * (CREDO_EINVALID_ARGUMENT, CREDO_ERULE, CREDO_ESTORE). Thread-safe. */
CREDO_API int credo_changes_read(credo_changes **out, const char *db_path, const char *rules_dir, int64_t since,
                                 const char *implementer, size_t limit);
/* The same from an open engine: its database, and its rules and departments.csv compiled once
 * per rules version instead of on every call (credo_changes_read compiles them each time).
 * Thread-safe. */
CREDO_API int credo_engine_changes_read(credo_changes **out, credo_engine *engine, int64_t since,
                                        const char *implementer, size_t limit);
/* The changes as JSON (docs/workflow.md), personal IDs unmasked. Owned by the handle; "" for
 * NULL. */
CREDO_API const char *credo_changes_json(const credo_changes *changes);
/* The cursor to pass as `since` next time; 0 for NULL. */
CREDO_API int64_t credo_changes_cursor(const credo_changes *changes);
/* Number of changes read; 0 for NULL. */
CREDO_API size_t credo_changes_count(const credo_changes *changes);
/* 1 when more changes wait after the cursor, 0 otherwise. */
CREDO_API int credo_changes_more(const credo_changes *changes);
/* Releases the handle. NULL-safe. */
CREDO_API void credo_changes_free(credo_changes *changes);

/* ==== end of workflow section ================================================================ */

#ifdef __cplusplus
}
#endif

#endif /* CREDO_H */
