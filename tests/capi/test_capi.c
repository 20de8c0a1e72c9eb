/* SPDX-License-Identifier: Apache-2.0 */
/* Every entry point of credo.h, with good input (the answers on the fixture database) and with
 * bad input: NULL handles, NULL and empty strings, invalid UTF-8, unknown enum values, wrong
 * struct versions, oversize strings. Each call returns a status and a message; none crashes.
 * Usage: test_capi RULES_DIR FIXTURE_DB SCRATCH_DIR */
#define _POSIX_C_SOURCE 200809L
#include "credo/credo.h" /* first: the header stands alone */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixture.h"

static const char *rules_dir;
static char db_path[4200];
static char scratch[4096];

static credo_engine *open_engine(unsigned int flags) {
    credo_engine *engine = NULL;
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    options.rules_dir = rules_dir;
    options.db_path = db_path;
    options.flags = flags;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_OK);
    return engine;
}

static void versions(void) {
    EXPECT_STR(credo_version(), CREDO_VERSION_STRING);
    EXPECT(credo_version_number() == CREDO_VERSION_NUMBER);
    EXPECT_STR(credo_status_name(CREDO_EUNKNOWN_SCENARIO), "CREDO_EUNKNOWN_SCENARIO");
    EXPECT_STR(credo_status_name(12345), "CREDO_E?");
    credo_error_clear();
    EXPECT(credo_error_last()->code == CREDO_OK);
    EXPECT_STR(credo_error_message(), "");
    EXPECT(credo_error_last()->file != NULL && credo_error_last()->closest != NULL);
}

static void identifiers(void) {
    credo_id_info info = CREDO_ID_INFO_INIT;
    EXPECT_STATUS(credo_id_validate(&info, " 91440300ma5f0000x1 ", 0), CREDO_OK);
    EXPECT(info.valid == 1);
    EXPECT_STR(info.normalized, FIXTURE_LISTED);
    EXPECT(info.kind == CREDO_KIND_ENTERPRISE && info.scheme == CREDO_SCHEME_CREDIT_CODE);
    EXPECT_STR(info.kind_name, "enterprise");
    EXPECT_STR(info.reason, "");

    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_PERSON, CREDO_ID_EXPECT_RESIDENT_ID), CREDO_OK);
    EXPECT_STR(info.masked, "440300********0011");
    EXPECT_STR(info.scheme_name, "resident_id");

    EXPECT_STATUS(credo_id_validate(&info, "91440300MA5F0000X2", 0), CREDO_EINVALID_ID);
    EXPECT(info.valid == 0 && info.reason[0] != '\0');
    EXPECT_STATUS(credo_id_validate(&info, "", 0), CREDO_EINVALID_ID);
    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_LISTED, CREDO_ID_EXPECT_RESIDENT_ID), CREDO_EINVALID_ID);

    EXPECT_STATUS(credo_id_validate(NULL, FIXTURE_LISTED, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_id_validate(&info, NULL, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_id_validate(&info, "9144\xff\xfe", 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_LISTED, 0x80u), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_LISTED, CREDO_ID_EXPECT_CREDIT_CODE | CREDO_ID_EXPECT_RESIDENT_ID),
                  CREDO_EINVALID_ARGUMENT);
    info.version = 0;
    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_LISTED, 0), CREDO_EINVALID_ARGUMENT);
    info.version = 99;
    EXPECT_STATUS(credo_id_validate(&info, FIXTURE_LISTED, 0), CREDO_EINVALID_ARGUMENT);
    credo_id_info_init(&info);
    credo_id_info_init(NULL);
    EXPECT(info.version == CREDO_ID_INFO_VERSION);
    {
        size_t n = CREDO_DEFAULT_MAX_STRING_BYTES + 10;
        char *big = malloc(n + 1);
        memset(big, '9', n);
        big[n] = '\0';
        EXPECT_STATUS(credo_id_validate(&info, big, 0), CREDO_EINVALID_ARGUMENT);
        free(big);
    }
}

static void opening(void) {
    credo_engine *engine = (credo_engine *)&engine; /* must be overwritten with NULL */
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    credo_engine_options defaults;
    credo_engine_options_init(&defaults);
    credo_engine_options_init(NULL);
    EXPECT(defaults.version == CREDO_ENGINE_OPTIONS_VERSION && defaults.db_path == NULL);

    EXPECT_STATUS(credo_engine_open(NULL, &options), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_open(&engine, NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT(engine == NULL);
    options.rules_dir = rules_dir;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT); /* no db_path */
    options.db_path = "";
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.db_path = "db\xc3\x28.db";
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.db_path = db_path;
    options.flags = 0x100u;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.flags = 0;
    options.version = 0;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.version = CREDO_ENGINE_OPTIONS_VERSION + 1;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.version = CREDO_ENGINE_OPTIONS_VERSION;
    options.max_string_bytes = 4; /* shorter than the rules path */
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_EINVALID_ARGUMENT);
    options.max_string_bytes = 0;
    options.rules_dir = "/nonexistent/credo/rules";
    EXPECT(credo_engine_open(&engine, &options) == CREDO_ERULE);
    EXPECT(engine == NULL && credo_error_message()[0] != '\0');
    options.rules_dir = rules_dir;
    options.db_path = "/nonexistent/credo/fixture.db";
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_ESTORE);
    EXPECT(engine == NULL);
    {
        /* A copy of the database whose user_version (header bytes 60-63, big-endian) is -1: it
         * used to crash the host process (SIGSEGV in the schema migration); it is refused. */
        char negative[4300];
        FILE *f;
        snprintf(negative, sizeof negative, "%s/negative.db", scratch);
        EXPECT(copy_file(db_path, negative));
        f = fopen(negative, "r+b");
        EXPECT(f != NULL);
        if (f != NULL) {
            fseek(f, 60, SEEK_SET);
            fwrite("\xff\xff\xff\xff", 1, 4, f);
            fclose(f);
        }
        options.db_path = negative;
        EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_ESTORE);
        EXPECT(engine == NULL && strstr(credo_error_message(), "has schema version -1") != NULL);
    }

    credo_engine_free(NULL);
    EXPECT_STATUS(credo_engine_reload(NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_flush_audit(NULL), CREDO_EINVALID_ARGUMENT);
    {
        char version[80];
        int64_t store_version = -1;
        EXPECT_STATUS(credo_engine_rules_version(version, sizeof version, NULL), CREDO_EINVALID_ARGUMENT);
        EXPECT_STATUS(credo_engine_store_version(&store_version, NULL), CREDO_EINVALID_ARGUMENT);
        EXPECT_STATUS(credo_engine_store_version(NULL, NULL), CREDO_EINVALID_ARGUMENT);
    }
}

/* A rule directory whose only file has a syntax error on line 2. */
static void broken_rules(const char *dir) {
    char path[4200];
    FILE *f;
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/broken.credo", dir);
    f = fopen(path, "w");
    if (f == NULL) return;
    fputs("list broken \"坏\" {\n  kind purple\n}\n", f);
    fclose(f);
}

static void rule_errors(void) {
    char dir[4200];
    credo_engine *engine = NULL;
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    const credo_error *e;
    snprintf(dir, sizeof dir, "%s/broken_rules", scratch);
    broken_rules(dir);
    options.rules_dir = dir;
    options.db_path = db_path;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_ERULE);
    e = credo_error_last();
    EXPECT(strstr(e->file, "broken.credo") != NULL);
    EXPECT(e->line == 2 && e->column > 0);
    EXPECT(strstr(e->diagnostics, "broken.credo:2:") != NULL);
    EXPECT(engine == NULL);
}

static void lint(void) {
    credo_diagnostics *diags = NULL;
    credo_diagnostic d = CREDO_DIAGNOSTIC_INIT;
    char dir[4200];
    size_t i;
    EXPECT_STATUS(credo_rules_lint(&diags, rules_dir), CREDO_OK);
    EXPECT(diags != NULL && credo_diagnostics_error_count(diags) == 0);
    for (i = 0; i < credo_diagnostics_count(diags); ++i) {
        EXPECT_STATUS(credo_diagnostics_get(&d, diags, i), CREDO_OK);
        EXPECT(d.severity != CREDO_SEVERITY_ERROR && d.rendered[0] != '\0');
    }
    credo_diagnostics_free(diags);

    snprintf(dir, sizeof dir, "%s/broken_rules", scratch);
    broken_rules(dir);
    EXPECT_STATUS(credo_rules_lint(&diags, dir), CREDO_ERULE);
    EXPECT(credo_error_last()->line == 2);
    EXPECT(diags != NULL && credo_diagnostics_count(diags) >= 1 && credo_diagnostics_error_count(diags) >= 1);
    EXPECT_STATUS(credo_diagnostics_get(&d, diags, 0), CREDO_OK);
    EXPECT(d.severity == CREDO_SEVERITY_ERROR && d.line == 2 && d.column >= 1);
    EXPECT(d.code[0] == 'E' && d.message[0] != '\0' && d.help != NULL);
    EXPECT(strstr(d.file, "broken.credo") != NULL);
    EXPECT(strstr(d.rendered, "broken.credo:2:") != NULL);
    EXPECT_STATUS(credo_diagnostics_get(&d, diags, 1000), CREDO_ENOT_FOUND);
    EXPECT_STATUS(credo_diagnostics_get(NULL, diags, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_diagnostics_get(&d, NULL, 0), CREDO_EINVALID_ARGUMENT);
    d.version = 42;
    EXPECT_STATUS(credo_diagnostics_get(&d, diags, 0), CREDO_EINVALID_ARGUMENT);
    credo_diagnostic_init(&d);
    credo_diagnostic_init(NULL);
    credo_diagnostics_free(diags);

    /* An empty directory: an error diagnostic about the directory itself. */
    snprintf(dir, sizeof dir, "%s/empty_rules", scratch);
    mkdir(dir, 0755);
    diags = NULL;
    EXPECT_STATUS(credo_rules_lint(&diags, dir), CREDO_ERULE);
    EXPECT(credo_diagnostics_error_count(diags) == 1);
    credo_diagnostics_free(diags);

    EXPECT_STATUS(credo_rules_lint(&diags, "/nonexistent/credo/rules"), CREDO_ERULE);
    EXPECT(diags == NULL);
    EXPECT_STATUS(credo_rules_lint(NULL, rules_dir), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_rules_lint(&diags, NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_rules_lint(&diags, ""), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_rules_lint(&diags, "rules\xe4\xb8"), CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_diagnostics_count(NULL) == 0 && credo_diagnostics_error_count(NULL) == 0);
    credo_diagnostics_free(NULL);
}

static void checks(credo_engine *engine) {
    credo_query q = CREDO_QUERY_INIT;
    credo_decision *d = NULL;
    credo_measure m = CREDO_MEASURE_INIT;
    char version[65];
    int64_t store_version = 0;

    q.subject = FIXTURE_LISTED;
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    q.querier = "县财政局";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "prohibit");
    EXPECT_STR(credo_decision_subject(d), FIXTURE_LISTED);
    EXPECT_STR(credo_decision_subject_kind(d), "enterprise");
    EXPECT_STR(credo_decision_subject_name(d), "甲建设有限公司");
    EXPECT_STR(credo_decision_scenario(d), "government_procurement");
    EXPECT_STR(credo_decision_as_of(d), FIXTURE_DAY);
    EXPECT(credo_decision_escalated(d) == 0);
    EXPECT(credo_decision_check_id(d) == 0); /* the engine does not audit */
    EXPECT(credo_decision_black_field_count(d) == 1);
    EXPECT_STR(credo_decision_black_field(d, 0), "tax");
    EXPECT(credo_decision_black_field(d, 1) == NULL);
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_APPLIED) == 1);
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_SUSPENDED) == 0);
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_SUPPRESSED) == 0);
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_OK);
    EXPECT_STR(m.measure, "tax_2016.10");
    EXPECT_STR(m.memorandum, "tax_2016");
    EXPECT_STR(m.effect, "prohibit");
    EXPECT_STR(m.binding, "mandatory");
    EXPECT_STR(m.implementer, "财政部");
    EXPECT(m.text[0] != '\0' && m.basis[0] != '\0');
    EXPECT(m.has_because == 1 && m.entry > 0 && m.via_count == 0);
    EXPECT_STR(m.list, "major_tax_violation");
    EXPECT_STR(m.listed_on, "2024-01-10");
    EXPECT_STR(m.expires_on, "2027-01-10");
    EXPECT_STR(m.via, "");
    EXPECT(m.objection == 0);
    EXPECT(strstr(credo_decision_json(d), "\"verdict\":\"prohibit\"") != NULL);
    EXPECT(credo_decision_json(d) == credo_decision_json(d)); /* made once, owned by the decision */
    EXPECT_STR(credo_decision_rules_version(d), credo_decision_rules_version(d));
    EXPECT_STATUS(credo_engine_rules_version(version, sizeof version, engine), CREDO_OK);
    EXPECT_STR(credo_decision_rules_version(d), version);
    EXPECT_STATUS(credo_engine_rules_version(version, 10, engine), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_rules_version(NULL, 10, engine), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_store_version(&store_version, engine), CREDO_OK);
    EXPECT(store_version > 0);

    /* Out-of-range and unknown sets. */
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 1), CREDO_ENOT_FOUND);
    EXPECT_STATUS(credo_decision_measure(&m, d, 0, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_decision_measure(&m, d, 5, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_decision_measure(&m, NULL, CREDO_MEASURES_APPLIED, 0), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_decision_measure(NULL, d, CREDO_MEASURES_APPLIED, 0), CREDO_EINVALID_ARGUMENT);
    m.version = 0;
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_EINVALID_ARGUMENT);
    credo_measure_init(&m);
    credo_measure_init(NULL);
    EXPECT(credo_decision_measure_count(d, -7) == 0 && credo_error_last()->code == CREDO_EINVALID_ARGUMENT);
    credo_decision_free(d);

    /* A person reached through a relation: 2798号 bars a legal representative from office only
     * after a sentence for the tax offence, which the query does not say, so the measure is to
     * be verified, not applied. */
    q.subject = FIXTURE_PERSON;
    q.scenario = "corporate_office";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "none");
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_APPLIED) == 0);
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_TO_VERIFY) == 1);
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_TO_VERIFY, 0), CREDO_OK);
    EXPECT_STR(m.measure, "tax_2016.04");
    EXPECT(m.via_count == 1);
    EXPECT_STR(m.via, "legal_representative of " FIXTURE_LISTED);
    EXPECT(credo_decision_black_field_count(d) == 0);
    credo_decision_free(d);

    /* The query settles the condition: the bar applies. */
    {
        credo_attribute sentenced[1];
        sentenced[0].key = "tax_crime_sentence_within_5y";
        sentenced[0].type = CREDO_VALUE_STRING;
        sentenced[0].number = 0;
        sentenced[0].text = "yes";
        q.attributes = sentenced;
        q.attribute_count = 1;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
        EXPECT_STR(credo_decision_verdict(d), "prohibit");
        EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_TO_VERIFY) == 0);
        EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_OK);
        EXPECT_STR(m.measure, "tax_2016.04");
        credo_decision_free(d);
        q.attributes = NULL;
        q.attribute_count = 0;
    }

    /* Two black fields: escalated. */
    q.subject = FIXTURE_TWO_FIELDS;
    q.scenario = "bond_issuance";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT(credo_decision_escalated(d) == 1);
    EXPECT(credo_decision_black_field_count(d) == 2);
    credo_decision_free(d);

    /* A pending objection suspends the measure. */
    q.subject = FIXTURE_OBJECTED;
    q.scenario = "government_procurement";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "none");
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_SUSPENDED) == 1);
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_SUSPENDED, 0), CREDO_OK);
    EXPECT(m.objection > 0);
    credo_decision_free(d);

    /* Unlisted and red-listed subjects; attributes of every type. */
    {
        credo_attribute attrs[3];
        attrs[0].key = "contract_value";
        attrs[0].type = CREDO_VALUE_NUMBER;
        attrs[0].number = 500000;
        attrs[0].text = NULL;
        attrs[1].key = "project_amount";
        attrs[1].type = CREDO_VALUE_STRING;
        attrs[1].number = 0;
        attrs[1].text = "1000000";
        attrs[2].key = "credit_rating";
        attrs[2].type = CREDO_VALUE_STRING;
        attrs[2].number = 0;
        attrs[2].text = "A";
        q.attributes = attrs;
        q.attribute_count = 3;
        q.subject = FIXTURE_CLEAN;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
        EXPECT_STR(credo_decision_verdict(d), "none");
        EXPECT_STR(credo_decision_subject_name(d), "");
        credo_decision_free(d);

        attrs[0].type = 99;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].type = CREDO_VALUE_DATE;
        attrs[0].text = "2025-02-30";
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].text = NULL;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].type = CREDO_VALUE_NUMBER;
        attrs[0].key = NULL;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].key = "";
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].key = "no_such_attribute";
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        attrs[0].key = "contract\xc0\xaf";
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        EXPECT(d == NULL);
        q.attributes = NULL;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT); /* count 3, NULL array */
        q.attribute_count = 0;
    }
    q.subject = FIXTURE_RED;
    q.scenario = "administrative_licensing";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "green_channel");
    credo_decision_free(d);

    /* Query errors: each a status and a message, *out NULL. */
    q.subject = FIXTURE_LISTED;
    q.scenario = "public_biding";
    d = (credo_decision *)&q;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EUNKNOWN_SCENARIO);
    EXPECT_STR(credo_error_last()->closest, "public_bidding");
    EXPECT(d == NULL);
    q.scenario = "government_procurement";
    q.subject = "91440300MA5F0000X2";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ID);
    q.subject = "";
    EXPECT(credo_check(&d, engine, &q) < 0 && credo_error_message()[0] != '\0');
    q.subject = NULL;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.subject = "\xed\xa0\x80"; /* a UTF-16 surrogate encoded in UTF-8 */
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.subject = FIXTURE_LISTED;
    q.scenario = NULL;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.scenario = "";
    EXPECT(credo_check(&d, engine, &q) < 0);
    q.scenario = "government_procurement";
    q.as_of = "2025-13-01";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.as_of = "";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.as_of = NULL; /* today */
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    credo_decision_free(d);
    q.as_of = FIXTURE_DAY;
    q.querier = "\x80"; /* this engine keeps no audit trail: the querier is not read */
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    credo_decision_free(d);
    q.querier = NULL;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    credo_decision_free(d);
    q.version = 0;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    q.version = 1000;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    credo_query_init(&q);
    credo_query_init(NULL);
    EXPECT(q.version == CREDO_QUERY_VERSION && q.subject == NULL);
    q.subject = FIXTURE_LISTED;
    q.scenario = "government_procurement";
    EXPECT_STATUS(credo_check(NULL, engine, &q), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_check(&d, NULL, &q), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_check(&d, engine, NULL), CREDO_EINVALID_ARGUMENT);
    {
        size_t n = CREDO_DEFAULT_MAX_STRING_BYTES + 1;
        char *big = malloc(n + 1);
        memset(big, 'a', n);
        big[n] = '\0';
        q.scenario = big;
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
        EXPECT(strstr(credo_error_message(), "is longer than") != NULL);
        big[n - 1] = '\0'; /* exactly at the limit: read, and an unknown scenario */
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EUNKNOWN_SCENARIO);
        q.scenario = "government_procurement";
        free(big);
    }

    /* Accessors on NULL: a NULL or 0 answer and a message, never a crash. */
    credo_error_clear();
    EXPECT(credo_decision_verdict(NULL) == NULL && credo_error_last()->code == CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_decision_json(NULL) == NULL);
    EXPECT(credo_decision_subject(NULL) == NULL && credo_decision_subject_kind(NULL) == NULL);
    EXPECT(credo_decision_subject_name(NULL) == NULL && credo_decision_scenario(NULL) == NULL);
    EXPECT(credo_decision_as_of(NULL) == NULL && credo_decision_rules_version(NULL) == NULL);
    EXPECT(credo_decision_escalated(NULL) == CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_decision_check_id(NULL) == 0);
    EXPECT(credo_decision_black_field_count(NULL) == 0 && credo_decision_black_field(NULL, 0) == NULL);
    EXPECT(credo_decision_measure_count(NULL, CREDO_MEASURES_APPLIED) == 0);
    EXPECT(credo_error_message()[0] != '\0');
    credo_decision_free(NULL);
}

static void reuse(credo_engine *engine) {
    credo_decision *d = NULL;
    credo_query q = CREDO_QUERY_INIT;
    int i;
    EXPECT_STATUS(credo_decision_new(&d), CREDO_OK);
    EXPECT_STATUS(credo_decision_new(NULL), CREDO_EINVALID_ARGUMENT);
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    for (i = 0; i < 4; ++i) {
        q.subject = i % 2 == 0 ? FIXTURE_LISTED : FIXTURE_CLEAN;
        EXPECT_STATUS(credo_check_into(d, engine, &q), CREDO_OK);
        EXPECT_STR(credo_decision_verdict(d), i % 2 == 0 ? "prohibit" : "none");
        EXPECT(strstr(credo_decision_json(d), i % 2 == 0 ? "prohibit" : "\"verdict\":\"none\"") != NULL);
    }
    q.scenario = "nope";
    EXPECT_STATUS(credo_check_into(d, engine, &q), CREDO_EUNKNOWN_SCENARIO);
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_APPLIED) == 0); /* emptied */
    EXPECT_STATUS(credo_check_into(NULL, engine, &q), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_check_into(d, NULL, &q), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_check_into(d, engine, NULL), CREDO_EINVALID_ARGUMENT);
    credo_decision_free(d);
}

/* credo_check() after credo_decision_free(): the library may hand out a freed decision's memory
 * again, and nothing of the earlier answer may show through: verdict, measures, the measure's
 * dates made on demand, the JSON, the as-of text. */
static void recycled(credo_engine *engine) {
    credo_query q = CREDO_QUERY_INIT;
    credo_measure m = CREDO_MEASURE_INIT;
    credo_decision *d = NULL;
    int i;
    q.scenario = "government_procurement";
    for (i = 0; i < 12; ++i) {
        int listed = i % 3 == 0;
        q.subject = listed ? FIXTURE_LISTED : FIXTURE_CLEAN;
        q.as_of = i % 2 == 0 ? FIXTURE_DAY : "2019-01-02";
        EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
        if (d == NULL) return;
        EXPECT_STR(credo_decision_subject(d), q.subject);
        EXPECT_STR(credo_decision_as_of(d), q.as_of);
        if (listed && i % 2 == 0) {
            EXPECT_STR(credo_decision_verdict(d), "prohibit");
            EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_APPLIED) == 1);
            EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_OK);
            EXPECT_STR(m.measure, "tax_2016.10");
            EXPECT(strstr(credo_decision_json(d), "tax_2016.10") != NULL);
        } else {
            /* the clean subject, or the listed one before its listing */
            EXPECT_STR(credo_decision_verdict(d), "none");
            EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_APPLIED) == 0);
            EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_ENOT_FOUND);
            EXPECT(credo_decision_black_field_count(d) == 0);
            EXPECT(strstr(credo_decision_json(d), "tax_2016.10") == NULL);
            EXPECT(strstr(credo_decision_json(d), q.subject) != NULL);
        }
        credo_decision_free(d);
        d = NULL;
    }
    /* A failed check hands nothing out, and the next one still answers afresh. */
    q.subject = FIXTURE_LISTED;
    q.as_of = FIXTURE_DAY;
    q.scenario = "nope";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EUNKNOWN_SCENARIO);
    EXPECT(d == NULL);
    q.scenario = "government_procurement";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "prohibit");
    credo_decision_free(d);
}

static void batches(credo_engine *engine) {
    credo_query a = CREDO_QUERY_INIT, b = CREDO_QUERY_INIT, c = CREDO_QUERY_INIT;
    const credo_query *queries[4];
    credo_batch *batch = NULL;
    a.subject = FIXTURE_LISTED;
    a.scenario = "government_procurement";
    a.as_of = FIXTURE_DAY;
    b = a;
    b.subject = FIXTURE_CLEAN;
    c = a;
    c.scenario = "no_such_scenario";
    queries[0] = &a;
    queries[1] = &b;
    queries[2] = &c;
    queries[3] = NULL;
    EXPECT_STATUS(credo_check_batch(&batch, engine, queries, 4), CREDO_OK);
    EXPECT(credo_batch_count(batch) == 4 && credo_batch_succeeded(batch) == 2);
    EXPECT(credo_batch_status(batch, 0) == CREDO_OK && credo_batch_status(batch, 1) == CREDO_OK);
    EXPECT(credo_batch_status(batch, 2) == CREDO_EUNKNOWN_SCENARIO);
    EXPECT(credo_batch_status(batch, 3) == CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_batch_status(batch, 4) == CREDO_ENOT_FOUND);
    EXPECT_STR(credo_batch_message(batch, 0), "");
    EXPECT(credo_batch_message(batch, 2)[0] != '\0' && credo_batch_message(batch, 3)[0] != '\0');
    EXPECT(credo_batch_message(batch, 4) == NULL);
    EXPECT_STR(credo_decision_verdict(credo_batch_decision(batch, 0)), "prohibit");
    EXPECT_STR(credo_decision_verdict(credo_batch_decision(batch, 1)), "none");
    EXPECT(credo_batch_decision(batch, 4) == NULL);
    credo_batch_free(batch);

    EXPECT_STATUS(credo_check_batch(&batch, engine, NULL, 0), CREDO_OK);
    EXPECT(credo_batch_count(batch) == 0);
    credo_batch_free(batch);
    EXPECT_STATUS(credo_check_batch(&batch, engine, NULL, 2), CREDO_EINVALID_ARGUMENT);
    EXPECT(batch == NULL);
    EXPECT_STATUS(credo_check_batch(NULL, engine, queries, 1), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_check_batch(&batch, NULL, queries, 1), CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_batch_count(NULL) == 0 && credo_batch_succeeded(NULL) == 0);
    EXPECT(credo_batch_status(NULL, 0) == CREDO_EINVALID_ARGUMENT);
    EXPECT(credo_batch_message(NULL, 0) == NULL && credo_batch_decision(NULL, 0) == NULL);
    credo_batch_free(NULL);
}

static void lifecycle(void) {
    credo_engine *engine = open_engine(0); /* audited: checks get ids */
    credo_query q = CREDO_QUERY_INIT;
    credo_decision *d = NULL;
    credo_measure m = CREDO_MEASURE_INIT;
    credo_feedback fb = CREDO_FEEDBACK_INIT;
    int64_t id = -1, objection = 0, entry = 0;
    if (engine == NULL) return;
    q.subject = FIXTURE_LISTED;
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    q.querier = "县财政局";
    q.querier = "\x80"; /* an audited engine reads the querier: it must be UTF-8 */
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_EINVALID_ARGUMENT);
    EXPECT(strstr(credo_error_message(), "query->querier") != NULL);
    q.querier = "县财政局";
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT(credo_decision_check_id(d) > 0);
    EXPECT_STATUS(credo_decision_measure(&m, d, CREDO_MEASURES_APPLIED, 0), CREDO_OK);
    entry = m.entry;

    fb.check_id = credo_decision_check_id(d);
    fb.measure = m.measure;
    fb.implementer = "县财政局";
    fb.outcome = CREDO_FEEDBACK_APPLIED;
    fb.note = "已拒绝其参加本次采购";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_OK);
    EXPECT(id > 0);
    EXPECT_STATUS(credo_feedback_record(NULL, engine, &fb), CREDO_OK); /* out may be NULL */
    /* The workflow's rules hold here as in `credo feedback`: 县财政局 reports because the rules'
     * departments.csv says it acts for 财政部; a department that acts for no implementer of the
     * measure is refused, and so is declining a mandatory measure without a reason. */
    fb.implementer = "县公安局";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    EXPECT(strstr(credo_error_message(), "`县公安局` does not implement measure") != NULL);
    EXPECT(strstr(credo_error_message(), "departments.csv does not say") != NULL);
    fb.implementer = "财政部"; /* the memorandum's own implementer */
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_OK);
    fb.implementer = "县财政局";
    fb.outcome = CREDO_FEEDBACK_DECLINED;
    fb.note = "  ";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    EXPECT(strstr(credo_error_message(), "needs a reason in the note") != NULL);
    fb.note = "合同已于名单公布前签订";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_OK);
    fb.measure = "tax_2016.1";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    EXPECT(strstr(credo_error_message(), "unknown measure `tax_2016.1`") != NULL);
    fb.measure = m.measure;
    fb.outcome = 0;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    fb.outcome = 4;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    fb.outcome = CREDO_FEEDBACK_APPLIED;
    fb.check_id = 999999;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_ENOT_FOUND);
    fb.check_id = 0;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    fb.check_id = credo_decision_check_id(d);
    fb.measure = NULL;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    fb.measure = m.measure;
    fb.note = "\xe5\x8e";
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    fb.note = NULL;
    fb.version = 0;
    EXPECT_STATUS(credo_feedback_record(&id, engine, &fb), CREDO_EINVALID_ARGUMENT);
    credo_feedback_init(&fb);
    credo_feedback_init(NULL);
    EXPECT_STATUS(credo_feedback_record(&id, engine, NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_feedback_record(&id, NULL, &fb), CREDO_EINVALID_ARGUMENT);
    credo_decision_free(d);

    /* An objection suspends the measure after a reload; dismissing it restores the measure. */
    EXPECT_STATUS(credo_objection_open(&objection, engine, entry, "2025-05-20", "甲建设有限公司", "已缴清税款"), CREDO_OK);
    EXPECT(objection > 0);
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "prohibit"); /* the snapshot has not changed yet */
    credo_decision_free(d);
    EXPECT_STATUS(credo_engine_reload(engine), CREDO_OK);
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "none");
    EXPECT(credo_decision_measure_count(d, CREDO_MEASURES_SUSPENDED) == 1);
    credo_decision_free(d);
    EXPECT_STATUS(credo_objection_resolve(engine, objection, CREDO_OBJECTION_DISMISSED, "2025-05-25", "县信用办", "理由不成立"),
                  CREDO_OK);
    EXPECT_STATUS(credo_objection_resolve(engine, objection, CREDO_OBJECTION_DISMISSED, "2025-05-25", "县信用办", NULL),
                  CREDO_EILLEGAL_STATE);
    EXPECT_STATUS(credo_objection_resolve(engine, objection, 3, "2025-05-25", "县信用办", NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_resolve(engine, 999999, CREDO_OBJECTION_ACCEPTED, "2025-05-25", "县信用办", NULL),
                  CREDO_ENOT_FOUND);
    EXPECT_STATUS(credo_objection_resolve(engine, objection, CREDO_OBJECTION_ACCEPTED, "25-05-2025", "县信用办", NULL),
                  CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_resolve(NULL, objection, CREDO_OBJECTION_ACCEPTED, "2025-05-25", "x", NULL),
                  CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_open(&objection, engine, 999999, "2025-05-20", "x", "y"), CREDO_ENOT_FOUND);
    EXPECT_STATUS(credo_objection_open(&objection, engine, entry, NULL, "x", "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_open(&objection, engine, entry, "2025-05-20", "", "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_open(&objection, engine, entry, "2025-05-20", "x", NULL), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_objection_open(&objection, NULL, entry, "2025-05-20", "x", "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_reload(engine), CREDO_OK);
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "prohibit");
    credo_decision_free(d);

    /* A repair: the entry stops counting from its date. */
    EXPECT_STATUS(credo_repair_record(&id, engine, entry, "2025-05-30", "已纠正失信行为", "县信用办"), CREDO_OK);
    EXPECT(id > 0);
    EXPECT_STATUS(credo_repair_record(&id, engine, entry, "2025-05-30", "again", "县信用办"), CREDO_EILLEGAL_STATE);
    EXPECT_STATUS(credo_repair_record(&id, engine, 999999, "2025-05-30", "x", "y"), CREDO_ENOT_FOUND);
    EXPECT_STATUS(credo_repair_record(&id, engine, entry, "2025-02-29", "x", "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_repair_record(&id, engine, entry, "2025-05-30", NULL, "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_repair_record(&id, NULL, entry, "2025-05-30", "x", "y"), CREDO_EINVALID_ARGUMENT);
    EXPECT_STATUS(credo_engine_reload(engine), CREDO_OK);
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT_STR(credo_decision_verdict(d), "none");
    credo_decision_free(d);
    EXPECT_STATUS(credo_engine_flush_audit(engine), CREDO_OK);
    credo_engine_free(engine);
}

/* The audit mode each engine runs in, said by credo_engine_audit_mode; a version 1 options
 * struct (without the audit_queue... fields) is still accepted. */
static void audit_modes(void) {
    credo_query q = CREDO_QUERY_INIT;
    credo_decision *d = NULL;
    int64_t first = 0;
    credo_engine *engine = open_engine(0);
    EXPECT(credo_engine_audit_mode(NULL) == NULL);
    if (engine == NULL) return;
    EXPECT_STR(credo_engine_audit_mode(engine), "durable");
    q.subject = FIXTURE_CLEAN;
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    first = credo_decision_check_id(d);
    EXPECT(first > 0);
    credo_decision_free(d);
    d = NULL;
    credo_engine_free(engine);

    engine = open_engine(CREDO_ENGINE_AUDIT_BATCHED);
    if (engine == NULL) return;
    EXPECT_STR(credo_engine_audit_mode(engine), "batched");
    EXPECT_STATUS(credo_check(&d, engine, &q), CREDO_OK);
    EXPECT(credo_decision_check_id(d) == first + 1);
    EXPECT_STATUS(credo_engine_flush_audit(engine), CREDO_OK);
    credo_engine_free(engine);

    engine = open_engine(CREDO_ENGINE_NO_AUDIT);
    if (engine != NULL) EXPECT_STR(credo_engine_audit_mode(engine), "off");
    credo_engine_free(engine);

    {
        credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
        options.version = 1;
        options.rules_dir = rules_dir;
        options.db_path = db_path;
        engine = NULL;
        EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_OK);
        if (engine != NULL) EXPECT_STR(credo_engine_audit_mode(engine), "durable");
        credo_engine_free(engine);
    }
    credo_decision_free(d);
}

int main(int argc, char **argv) {
    credo_engine *engine;
    if (argc != 4) {
        fprintf(stderr, "usage: %s RULES_DIR FIXTURE_DB SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    rules_dir = argv[1];
    snprintf(scratch, sizeof scratch, "%s", argv[3]);
    if (mkdir(scratch, 0755) != 0 && errno != EEXIST) {
        perror(scratch);
        return 2;
    }
    snprintf(db_path, sizeof db_path, "%s/credo.db", scratch);
    if (!copy_file(argv[2], db_path)) {
        fprintf(stderr, "cannot copy %s to %s\n", argv[2], db_path);
        return 2;
    }

    versions();
    identifiers();
    opening();
    rule_errors();
    lint();
    engine = open_engine(CREDO_ENGINE_NO_AUDIT);
    if (engine != NULL) {
        checks(engine);
        reuse(engine);
        recycled(engine);
        batches(engine);
        EXPECT_STATUS(credo_engine_reload(engine), CREDO_OK);
        credo_engine_free(engine);
    }
    lifecycle();
    audit_modes();
    return check_finish("test_capi");
}
