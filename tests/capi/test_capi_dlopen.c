/* SPDX-License-Identifier: Apache-2.0 */
/* libcredo.so.1 loaded late with dlopen(), as a JVM (JNA) or Python (ctypes) loads it, in a
 * process with no static TLS room to spare: CTest runs this with
 * GLIBC_TUNABLES=glibc.rtld.nns=1:glibc.rtld.optional_static_tls=0, under which glibc refuses to
 * dlopen a library that needs static TLS ("cannot allocate memory in static TLS block"), as it
 * does in a process that loaded many TLS-using libraries before. The library must
 * load, and checks on two threads (each with its own thread-locals) must answer.
 *
 *   test_capi_dlopen LIBRARY RULES_DIR FIXTURE_DB */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "credo/credo.h"
#include "fixture.h"

typedef int (*engine_open_fn)(credo_engine **, const credo_engine_options *);
typedef void (*engine_free_fn)(credo_engine *);
typedef int (*check_fn)(credo_decision **, credo_engine *, const credo_query *);
typedef const char *(*verdict_fn)(const credo_decision *);
typedef void (*decision_free_fn)(credo_decision *);
typedef const char *(*message_fn)(void);

static struct {
    engine_open_fn engine_open;
    engine_free_fn engine_free;
    check_fn check;
    verdict_fn verdict;
    decision_free_fn decision_free;
    message_fn message;
    credo_engine *engine;
} api;

/* Stores the address of `name` in the function pointer at `slot` (dlsym returns an object
 * pointer; copying its bytes is the POSIX way to a function pointer under -pedantic). */
static void symbol(void *library, const char *name, void *slot, size_t size) {
    void *found = dlsym(library, name);
    if (found == NULL || size != sizeof found) {
        fprintf(stderr, "dlsym(%s): %s\n", name, found == NULL ? dlerror() : "pointer sizes differ");
        exit(1);
    }
    memcpy(slot, &found, size);
}
#define SYMBOL(library, name, field) symbol(library, name, &api.field, sizeof api.field)

/* One check of the listed fixture subject; 0 when it is prohibited as the fixture says. */
static int check_listed(void *unused) {
    (void)unused;
    credo_query q = CREDO_QUERY_INIT;
    q.subject = FIXTURE_LISTED;
    q.scenario = "government_procurement";
    q.as_of = FIXTURE_DAY;
    credo_decision *d = NULL;
    if (api.check(&d, api.engine, &q) != CREDO_OK) {
        fprintf(stderr, "credo_check: %s\n", api.message());
        return 1;
    }
    int wrong = strcmp(api.verdict(d), "prohibit") != 0;
    if (wrong) fprintf(stderr, "verdict %s, expected prohibit\n", api.verdict(d));
    api.decision_free(d);
    return wrong;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s LIBRARY RULES_DIR FIXTURE_DB\n", argv[0]);
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    SYMBOL(library, "credo_engine_open", engine_open);
    SYMBOL(library, "credo_engine_free", engine_free);
    SYMBOL(library, "credo_check", check);
    SYMBOL(library, "credo_decision_verdict", verdict);
    SYMBOL(library, "credo_decision_free", decision_free);
    SYMBOL(library, "credo_error_message", message);

    credo_engine_options o = CREDO_ENGINE_OPTIONS_INIT;
    o.rules_dir = argv[2];
    o.db_path = argv[3];
    o.flags = CREDO_ENGINE_NO_AUDIT;
    if (api.engine_open(&api.engine, &o) != CREDO_OK) {
        fprintf(stderr, "credo_engine_open: %s\n", api.message());
        return 1;
    }
    int failed = check_listed(NULL);
    thrd_t other;
    int other_failed = 1;
    if (thrd_create(&other, check_listed, NULL) != thrd_success || thrd_join(other, &other_failed) != thrd_success) {
        fprintf(stderr, "cannot run a second thread\n");
        return 1;
    }
    api.engine_free(api.engine);
    dlclose(library);
    if (failed || other_failed) return 1;
    puts("dlopen without static TLS room: loaded, checks answered on two threads");
    return 0;
}
