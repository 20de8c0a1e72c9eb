// SPDX-License-Identifier: Apache-2.0
// credo.h compiled as C++ with -Wall -Wextra -pedantic -Werror: the INIT macros, the enums and
// the functions as a C++ caller uses them.
#include "credo/credo.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout_v<credo_query> && std::is_trivially_copyable_v<credo_query>);
static_assert(std::is_standard_layout_v<credo_measure> && std::is_trivially_copyable_v<credo_measure>);
static_assert(offsetof(credo_query, version) == 0 && offsetof(credo_engine_options, version) == 0);
static_assert(offsetof(credo_measure, version) == 0 && offsetof(credo_diagnostic, version) == 0);
static_assert(offsetof(credo_feedback, version) == 0 && offsetof(credo_id_info, version) == 0);
static_assert(sizeof(credo_status) == sizeof(int));

int main() {
    credo_engine_options options = CREDO_ENGINE_OPTIONS_INIT;
    credo_query query = CREDO_QUERY_INIT;
    credo_measure measure = CREDO_MEASURE_INIT;
    credo_feedback feedback = CREDO_FEEDBACK_INIT;
    credo_diagnostic diagnostic = CREDO_DIAGNOSTIC_INIT;
    credo_id_info info = CREDO_ID_INFO_INIT;
    int failed = 0;
    failed += options.version != CREDO_ENGINE_OPTIONS_VERSION || query.version != CREDO_QUERY_VERSION;
    failed += measure.version != CREDO_MEASURE_VERSION || feedback.version != CREDO_FEEDBACK_VERSION;
    failed += diagnostic.version != CREDO_DIAGNOSTIC_VERSION || info.version != CREDO_ID_INFO_VERSION;
    failed += std::strcmp(credo_version(), CREDO_VERSION_STRING) != 0;
    credo_engine *engine = nullptr;
    failed += credo_engine_open(&engine, &options) != CREDO_EINVALID_ARGUMENT || engine != nullptr;
    failed += credo_error_message()[0] == '\0';
    failed += credo_id_validate(&info, "91440300MA5F0000X1", CREDO_ID_LENIENT) != CREDO_OK;
    std::printf("header as C++: %d passed, %d failed\n", 8 - failed, failed);
    return failed == 0 ? 0 : 1;
}
