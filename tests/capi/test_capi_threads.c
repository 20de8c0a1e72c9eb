/* SPDX-License-Identifier: Apache-2.0 */
/* One engine shared by many threads: each checks with its own decisions (credo_check and
 * credo_check_into) and batches while another thread reloads and flushes the audit trail.
 * Every answer must be the right one, and errors stay on the thread that made them.
 * Usage: test_capi_threads RULES_DIR FIXTURE_DB SCRATCH_DIR */
#define _POSIX_C_SOURCE 200809L
#include "credo/credo.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fixture.h"

enum { threads = 8, rounds = 300 };

static credo_engine *engine;
static int failures[threads];

static void *worker(void *arg) {
    int id = (int)(size_t)arg;
    int i;
    credo_decision *reused = NULL;
    credo_query q = CREDO_QUERY_INIT;
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    q.querier = "thread";
    if (credo_decision_new(&reused) != CREDO_OK) {
        ++failures[id];
        return NULL;
    }
    for (i = 0; i < rounds; ++i) {
        int listed = (i + id) % 3 == 0;
        credo_decision *d = NULL;
        q.subject = listed ? FIXTURE_LISTED : FIXTURE_CLEAN;
        if (i % 2 == 0) {
            if (credo_check(&d, engine, &q) != CREDO_OK) ++failures[id];
        } else {
            if (credo_check_into(reused, engine, &q) != CREDO_OK) ++failures[id];
            d = reused;
        }
        if (strcmp(credo_decision_verdict(d) ? credo_decision_verdict(d) : "", listed ? "prohibit" : "none") != 0)
            ++failures[id];
        if (credo_decision_check_id(d) <= 0) ++failures[id]; /* audited: every check has an id */
        if (d != reused) credo_decision_free(d);

        /* An error on this thread is this thread's own. */
        q.scenario = "no_such_scenario";
        if (credo_check(&d, engine, &q) != CREDO_EUNKNOWN_SCENARIO || d != NULL) ++failures[id];
        if (credo_error_last()->code != CREDO_EUNKNOWN_SCENARIO || strstr(credo_error_message(), "no_such") == NULL)
            ++failures[id];
        q.scenario = "government_procurement";
        if (credo_check(&d, engine, &q) != CREDO_OK || credo_error_message()[0] != '\0') ++failures[id];
        credo_decision_free(d);

        if (i % 50 == 0) {
            const credo_query *batch_queries[2];
            credo_batch *batch = NULL;
            batch_queries[0] = &q;
            batch_queries[1] = &q;
            if (credo_check_batch(&batch, engine, batch_queries, 2) != CREDO_OK || credo_batch_succeeded(batch) != 2)
                ++failures[id];
            credo_batch_free(batch);
        }
    }
    credo_decision_free(reused);
    return NULL;
}

/* Atomic, not volatile: volatile orders nothing between threads (ThreadSanitizer reports it). */
static atomic_int stop;

static void *reloader(void *arg) {
    int *reloads = (int *)arg;
    while (!atomic_load(&stop)) {
        if (credo_engine_reload(engine) != CREDO_OK) return NULL;
        if (credo_engine_flush_audit(engine) != CREDO_OK) return NULL;
        ++*reloads;
    }
    return NULL;
}

int main(int argc, char **argv) {
    char db_path[4200];
    pthread_t workers[threads], reload_thread;
    int reloads = 0, i, total = 0;
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    if (argc != 4) {
        fprintf(stderr, "usage: %s RULES_DIR FIXTURE_DB SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    if (mkdir(argv[3], 0755) != 0 && errno != EEXIST) return 2;
    snprintf(db_path, sizeof db_path, "%s/credo.db", argv[3]);
    if (!copy_file(argv[2], db_path)) return 2;
    options.rules_dir = argv[1];
    options.db_path = db_path;
    options.audit_batch = 64;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_OK);
    if (engine == NULL) return check_finish("test_capi_threads");

    EXPECT(pthread_create(&reload_thread, NULL, reloader, &reloads) == 0);
    for (i = 0; i < threads; ++i) EXPECT(pthread_create(&workers[i], NULL, worker, (void *)(size_t)i) == 0);
    for (i = 0; i < threads; ++i) pthread_join(workers[i], NULL);
    atomic_store(&stop, 1);
    pthread_join(reload_thread, NULL);
    for (i = 0; i < threads; ++i) total += failures[i];
    EXPECT(total == 0);
    EXPECT(reloads > 0);
    EXPECT_STATUS(credo_engine_flush_audit(engine), CREDO_OK);
    credo_engine_free(engine);
    printf("%d threads x %d rounds, %d reloads, %d wrong answers\n", threads, rounds, reloads, total);
    return check_finish("test_capi_threads");
}
