/* SPDX-License-Identifier: Apache-2.0 */
/* An approval step as a county approval system runs it (应查必查): before a case goes on, check
 * the applicant; refuse when a mandatory prohibition or restriction applies, otherwise go on
 * (with the conditions the measures set); show the reasons; report back what was applied.
 *
 *   approval RULES_DIR DB SUBJECT SCENARIO DEPARTMENT [AS_OF]
 *
 * Exit status: 0 the case continues, 1 it is refused, 2 the check could not be made, 3 it waits
 * until the officer verifies a conditional measure (需核实). */
#include <credo/credo.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what) {
    const credo_error *e = credo_error_last();
    fprintf(stderr, "approval: %s: %s (%s)\n", what, e->message, credo_status_name(e->code));
    if (e->code == CREDO_ERULE && e->diagnostics[0] != '\0') fputs(e->diagnostics, stderr);
    return 2;
}

/* A mandatory prohibition or restriction stops the case. */
static int blocks(const credo_measure *m) {
    return strcmp(m->binding, "mandatory") == 0 && (strcmp(m->effect, "prohibit") == 0 || strcmp(m->effect, "restrict") == 0);
}

int main(int argc, char **argv) {
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    credo_query query = CREDO_QUERY_INIT;
    credo_engine *engine = NULL;
    credo_decision *decision = NULL;
    credo_id_info id = CREDO_ID_INFO_INIT;
    size_t i, n, held;
    int refused = 0;

    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: approval RULES_DIR DB SUBJECT SCENARIO DEPARTMENT [AS_OF]\n");
        return 2;
    }
    printf("credo %s (built against %s)\n", credo_version(), CREDO_VERSION_STRING);
    if (credo_id_validate(&id, argv[3], 0) != CREDO_OK) return fail("the applicant's identifier");

    options.rules_dir = argv[1];
    options.db_path = argv[2];
    if (credo_engine_open(&engine, &options) != CREDO_OK) return fail("opening the engine");

    query.subject = argv[3];
    query.scenario = argv[4];
    query.querier = argv[5];
    query.as_of = argc == 7 ? argv[6] : NULL;
    if (credo_check(&decision, engine, &query) != CREDO_OK) {
        int status = fail("the must-query check");
        credo_engine_free(engine);
        return status;
    }

    /* Resident IDs are masked before they are shown to people. */
    printf("applicant %s (%s) %s, scenario %s, %s: verdict %s%s\n", id.masked, credo_decision_subject_kind(decision),
           credo_decision_subject_name(decision), credo_decision_scenario(decision), credo_decision_as_of(decision),
           credo_decision_verdict(decision), credo_decision_escalated(decision) == 1 ? " (escalated)" : "");

    n = credo_decision_measure_count(decision, CREDO_MEASURES_APPLIED);
    for (i = 0; i < n; ++i) {
        credo_measure m = CREDO_MEASURE_INIT;
        credo_feedback feedback = CREDO_FEEDBACK_INIT;
        if (credo_decision_measure(&m, decision, CREDO_MEASURES_APPLIED, i) != CREDO_OK) continue;
        refused |= blocks(&m);
        printf("  %s %s [%s, %s] %s\n", blocks(&m) ? "x" : "-", m.measure, m.effect, m.binding, m.text);
        if (m.has_because) {
            printf("      because: on list %s since %s (%s)", m.list, m.listed_on, m.document);
            if (m.via_count > 0) printf(", reached as %s", m.via);
            printf("\n");
        }
        printf("      basis: %s\n", m.basis);

        /* 执行反馈: this department reports that it applied the measure. */
        feedback.check_id = credo_decision_check_id(decision);
        feedback.measure = m.measure;
        feedback.implementer = argv[5];
        feedback.outcome = CREDO_FEEDBACK_APPLIED;
        feedback.note = "applied in the approval step";
        if (feedback.check_id > 0 && credo_feedback_record(NULL, engine, &feedback) != CREDO_OK)
            fail("recording feedback");
    }
    n = credo_decision_measure_count(decision, CREDO_MEASURES_SUSPENDED);
    for (i = 0; i < n; ++i) {
        credo_measure m = CREDO_MEASURE_INIT;
        if (credo_decision_measure(&m, decision, CREDO_MEASURES_SUSPENDED, i) == CREDO_OK)
            printf("  ~ %s suspended while objection %lld is examined\n", m.measure, (long long)m.objection);
    }
    /* 需核实: a measure that depends on a fact credo cannot see (a sentence, unpaid tax). The
     * officer verifies it before the case goes on; the query's attribute settles it next time. */
    held = credo_decision_measure_count(decision, CREDO_MEASURES_TO_VERIFY);
    for (i = 0; i < held; ++i) {
        credo_measure m = CREDO_MEASURE_INIT;
        if (credo_decision_measure(&m, decision, CREDO_MEASURES_TO_VERIFY, i) != CREDO_OK) continue;
        printf("  ? %s [%s, %s] %s: verify first\n", m.measure, m.effect, m.binding, m.text);
        if (m.has_because && m.via_count > 0) printf("      because: on list %s, reached as %s\n", m.list, m.via);
    }
    printf("check %lld recorded; the case is %s\n", (long long)credo_decision_check_id(decision),
           refused ? "REFUSED" : held > 0 ? "HELD FOR VERIFICATION" : "CONTINUED");

    credo_decision_free(decision);
    credo_engine_free(engine); /* flushes the audit trail */
    return refused ? 1 : held > 0 ? 3 : 0;
}
