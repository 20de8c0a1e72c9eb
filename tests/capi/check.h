/* SPDX-License-Identifier: Apache-2.0 */
/* A few assertion macros for the C API's tests (plain C, no test framework). */
#ifndef CREDO_TEST_CHECK_H
#define CREDO_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credo/credo.h"

static int check_passed;
static int check_failed;

#define EXPECT(cond)                                                                                   \
    do {                                                                                               \
        if (cond) {                                                                                    \
            ++check_passed;                                                                            \
        } else {                                                                                       \
            ++check_failed;                                                                            \
            fprintf(stderr, "%s:%d: expected %s (last error: %s)\n", __FILE__, __LINE__, #cond,        \
                    credo_error_message());                                                            \
        }                                                                                              \
    } while (0)

/* `expr` returns `want`; the thread's last error has that code, and a message for an error. */
#define EXPECT_STATUS(expr, want)                                                                      \
    do {                                                                                               \
        int status_ = (expr);                                                                          \
        const credo_error *last_ = credo_error_last();                                                 \
        if (status_ == (want) && last_->code == (want) &&                                              \
            ((want) == CREDO_OK ? last_->message[0] == '\0' : last_->message[0] != '\0')) {            \
            ++check_passed;                                                                            \
        } else {                                                                                       \
            ++check_failed;                                                                            \
            fprintf(stderr, "%s:%d: %s gave %s, expected %s (last error %s: %s)\n", __FILE__, __LINE__, \
                    #expr, credo_status_name(status_), credo_status_name(want),                         \
                    credo_status_name(last_->code), last_->message);                                    \
        }                                                                                              \
    } while (0)

#define EXPECT_STR(actual, expected)                                                                   \
    do {                                                                                               \
        const char *a_ = (actual);                                                                     \
        const char *e_ = (expected);                                                                   \
        if (a_ != NULL && strcmp(a_, e_) == 0) {                                                       \
            ++check_passed;                                                                            \
        } else {                                                                                       \
            ++check_failed;                                                                            \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual,       \
                    a_ != NULL ? a_ : "(null)", e_);                                                   \
        }                                                                                              \
    } while (0)

static int check_finish(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

/* Copies a file (the fixture database, so each test writes to its own). */
static int copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    FILE *out = in != NULL ? fopen(to, "wb") : NULL;
    char buffer[65536];
    size_t n;
    int ok = in != NULL && out != NULL;
    while (ok && (n = fread(buffer, 1, sizeof buffer, in)) > 0) ok = fwrite(buffer, 1, n, out) == n;
    if (in != NULL) fclose(in);
    if (out != NULL && fclose(out) != 0) ok = 0;
    return ok;
}

#endif
