// SPDX-License-Identifier: Apache-2.0
// Synthetic list and relation files of any size, with valid identifiers, for benchmarks and
// the crash-consistency tests. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/catalog.hpp"

namespace credo::store {

// A valid enterprise credit code (91…) and a valid resident ID, distinct for distinct indexes
// (up to 10^8 and 10^7 respectively).
std::string synthetic_credit_code(std::uint64_t index);
std::string synthetic_resident_id(std::uint64_t index);

struct generate_options {
    std::uint64_t entries = 1000;    // over all lists
    std::uint64_t relations = 1000;
    std::uint64_t seed = 20161230;
    double person_share = 0.3;  // of entries on lists that may hold persons
};

struct generated_files {
    std::vector<std::pair<std::string, std::string>> lists;  // list id, path
    std::string relations;                                   // path
    std::uint64_t entries = 0;
    std::uint64_t relations_written = 0;
};

// Writes `<dir>/<list_id>.csv` for every list of `rules` and `<dir>/relations.csv`; throws
// store::error when a file cannot be written.
generated_files generate_data(const catalog &rules, const std::string &dir, const generate_options &options);

// One list file of `rows` rows for `list_id` (its subject kinds taken from `rules`).
void write_list_csv(const catalog &rules, const std::string &list_id, const std::string &path, std::uint64_t rows,
                    std::uint64_t seed, double person_share = 0.3, std::uint64_t first_subject = 0);

}  // namespace credo::store
