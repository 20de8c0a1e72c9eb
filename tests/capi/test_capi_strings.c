/* SPDX-License-Identifier: Apache-2.0 */
/* How the C API reads the strings it is given: every length from 0 to 80 at every alignment,
 * strings that end on the last byte of a page whose next page is unmapped, a non-ASCII byte at
 * every position, and lengths either side of the engine's string limit. The scenario field is
 * used because an unknown scenario's message quotes it back, and a string that is not UTF-8
 * is reported with the offset of its first bad byte: both show where the library thinks the
 * string ends.
 * Usage: test_capi_strings RULES_DIR FIXTURE_DB SCRATCH */
#define _DEFAULT_SOURCE
#include "credo/credo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"

static credo_engine *engine;
static credo_decision *decision;

/* Checks `text` as a scenario and returns the status. */
static int check_scenario(const char *text) {
    credo_query q = CREDO_QUERY_INIT;
    q.subject = FIXTURE_LISTED;
    q.scenario = text;
    q.as_of = FIXTURE_DAY;
    return credo_check_into(decision, engine, &q);
}

/* `text` (length n, all ASCII, not a scenario) must come back whole in the message. */
static void expect_quoted(const char *text, size_t n) {
    char want[256];
    int status = check_scenario(text);
    if (n == 0) {
        EXPECT(status != CREDO_OK);
        return;
    }
    EXPECT_STATUS(status, CREDO_EUNKNOWN_SCENARIO);
    snprintf(want, sizeof want, "`%.*s`", (int)n, text);
    if (strstr(credo_error_message(), want) == NULL) {
        fprintf(stderr, "length %zu: message does not quote the whole scenario: %s\n", n, credo_error_message());
        ++check_failed;
    }
}

/* A byte that is not UTF-8 at offset `bad` must be reported at that offset. */
static void expect_bad_byte(const char *text, size_t bad) {
    char want[64];
    EXPECT_STATUS(check_scenario(text), CREDO_EINVALID_ARGUMENT);
    snprintf(want, sizeof want, "not valid UTF-8 (byte %zu)", bad);
    if (strstr(credo_error_message(), want) == NULL) {
        fprintf(stderr, "bad byte at %zu: %s\n", bad, credo_error_message());
        ++check_failed;
    }
}

static void every_length_and_alignment(void) {
    static char buffer[256];
    for (size_t align = 0; align < 16; ++align) {
        for (size_t n = 0; n <= 80; ++n) {
            char *s = buffer + 16 + align;
            memset(buffer, 'q', sizeof buffer); /* no NUL anywhere but the terminator, */
            memset(s + n + 1, 0xFF, 32);       /* and bytes that are not ASCII after it */
            s[n] = '\0';
            expect_quoted(s, n);
            for (size_t bad = 0; bad < n; bad += 7) {
                s[bad] = (char)0xFF;
                expect_bad_byte(s, bad);
                s[bad] = 'q';
            }
        }
    }
}

static void strings_at_the_end_of_a_page(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(map != MAP_FAILED);
    if (map == MAP_FAILED) return;
    EXPECT(mprotect(map + page, (size_t)page, PROT_NONE) == 0);
    for (size_t n = 0; n <= 40; ++n) {
        char *s = map + page - 1 - n; /* the terminator is the page's last byte */
        memset(s, 'z', n);
        s[n] = '\0';
        expect_quoted(s, n);
        if (n > 0) {
            s[n - 1] = (char)0x80;
            expect_bad_byte(s, n - 1);
        }
    }
    munmap(map, (size_t)page * 2);
}

static void the_string_limit(const char *rules, const char *db) {
    credo_engine *small = NULL;
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    credo_query q = CREDO_QUERY_INIT;
    char text[8300];
    /* The limit applies to the options' paths too: the longest of them, and a margin. */
    size_t limit = (strlen(rules) > strlen(db) ? strlen(rules) : strlen(db)) + 3;
    if (limit < 40) limit = 40;
    char message[64];
    if (limit + 20 >= sizeof text) return;
    options.rules_dir = rules;
    options.db_path = db;
    options.flags = CREDO_ENGINE_NO_AUDIT;
    options.max_string_bytes = limit;
    snprintf(message, sizeof message, "is longer than %zu bytes", limit);
    EXPECT_STATUS(credo_engine_open(&small, &options), CREDO_OK);
    if (small == NULL) return;
    q.subject = FIXTURE_LISTED;
    q.as_of = FIXTURE_DAY;
    for (size_t n = limit - 18; n <= limit + 18; ++n) {
        memset(text, 'w', n);
        text[n] = '\0';
        q.scenario = text;
        if (n <= limit) {
            EXPECT_STATUS(credo_check_into(decision, small, &q), CREDO_EUNKNOWN_SCENARIO);
        } else {
            EXPECT_STATUS(credo_check_into(decision, small, &q), CREDO_EINVALID_ARGUMENT);
            EXPECT(strstr(credo_error_message(), message) != NULL);
        }
    }
    credo_engine_free(small);
}

int main(int argc, char **argv) {
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    char db[4200];
    if (argc < 4) {
        fprintf(stderr, "usage: test_capi_strings RULES_DIR FIXTURE_DB SCRATCH\n");
        return 2;
    }
    snprintf(db, sizeof db, "%s.db", argv[3]); /* its own copy of the fixture */
    if (!copy_file(argv[2], db)) {
        fprintf(stderr, "cannot copy %s to %s\n", argv[2], db);
        return 1;
    }
    options.rules_dir = argv[1];
    options.db_path = db;
    options.flags = CREDO_ENGINE_NO_AUDIT;
    EXPECT_STATUS(credo_engine_open(&engine, &options), CREDO_OK);
    EXPECT_STATUS(credo_decision_new(&decision), CREDO_OK);
    if (engine == NULL || decision == NULL) return 1;
    every_length_and_alignment();
    strings_at_the_end_of_a_page();
    the_string_limit(argv[1], db);
    credo_decision_free(decision);
    credo_engine_free(engine);
    return check_finish("test_capi_strings");
}
