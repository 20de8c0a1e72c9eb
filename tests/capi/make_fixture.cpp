// SPDX-License-Identifier: Apache-2.0
// Writes the C API tests' fixture database (fixture_db.hpp).
#include <cstdio>
#include <exception>

#include "fixture_db.hpp"

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: credo_capi_fixture DB_PATH\n");
        return 2;
    }
    try {
        return credo::capi_test::write_fixture_db(argv[1]) ? 0 : 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "make_fixture: %s\n", e.what());
        return 1;
    }
}
