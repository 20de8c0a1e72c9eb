// SPDX-License-Identifier: Apache-2.0
// The C entry points: each catches everything and turns it into a status and a message.
#include "credo/credo.h"

#include <cstring>
#include <string>

#include "credo/ids.hpp"

namespace {

thread_local std::string last_error;

int fail(int status, std::string message) {
    last_error = std::move(message);
    return status;
}

}  // namespace

extern "C" {

const char *credo_version(void) { return CREDO_VERSION_STRING; }

int credo_id_validate(const char *id, char *normalized, unsigned long normalized_size) {
    try {
        if (id == nullptr) return fail(CREDO_EINVALID_ARGUMENT, "id is NULL");
        auto result = credo::ids::validate(id);
        if (normalized != nullptr && normalized_size > 0) {
            std::size_t n = std::min<std::size_t>(result.normalized.size(), normalized_size - 1);
            std::memcpy(normalized, result.normalized.data(), n);
            normalized[n] = '\0';
        }
        if (!result.valid) return fail(CREDO_EINVALID_ID, result.reason);
        last_error.clear();
        return CREDO_OK;
    } catch (...) {
        return fail(CREDO_EINTERNAL, "internal error");
    }
}

const char *credo_error_message(void) { return last_error.c_str(); }

}  // extern "C"
