/* SPDX-License-Identifier: Apache-2.0 */
/* credo's C ABI: the one header that approval, bidding and procurement systems include. */
#ifndef CREDO_H
#define CREDO_H

#if defined(CREDO_BUILDING_LIBRARY)
#define CREDO_API __attribute__((visibility("default")))
#else
#define CREDO_API
#endif

#define CREDO_VERSION_MAJOR 0
#define CREDO_VERSION_MINOR 1
#define CREDO_VERSION_PATCH 0
#define CREDO_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: 0 is success, every error is negative. */
#define CREDO_OK 0
#define CREDO_EINVALID_ARGUMENT (-1)
#define CREDO_EINVALID_ID (-2)
#define CREDO_EINTERNAL (-99)

/* The library's version as "MAJOR.MINOR.PATCH"; a static string, never NULL, thread-safe. */
CREDO_API const char *credo_version(void);

/* Validates an identifier (credit code or resident ID) after normalisation.
 * Returns CREDO_OK when valid, CREDO_EINVALID_ID when not, CREDO_EINVALID_ARGUMENT when `id`
 * is NULL. When `normalized` is not NULL and `normalized_size` > 0, the normalised form is
 * copied into it (truncated, always NUL-terminated). Thread-safe. */
CREDO_API int credo_id_validate(const char *id, char *normalized, unsigned long normalized_size);

/* The message of the last error on this thread; never NULL, valid until the next credo call
 * on the same thread. */
CREDO_API const char *credo_error_message(void);

#ifdef __cplusplus
}
#endif

#endif /* CREDO_H */
