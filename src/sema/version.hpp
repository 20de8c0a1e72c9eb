// SPDX-License-Identifier: Apache-2.0
// The rules version: a canonical serialization of a rule set's meaning and its SHA-256.
#pragma once

#include <string>
#include <string_view>

#include "sema/rule_set.hpp"

namespace credo::sema {

// Every id, text and value of `rules`, with sets sorted and declarations ordered by id, so that
// formatting and declaration order leave it unchanged. Source positions are not part of it.
std::string canonical_form(const rule_set &rules);
// A condition in canonical form: operands of `and` / `or` flattened and sorted, sets sorted.
std::string canonical_condition(const rule_set &rules, const compiled_condition &condition);
// Lowercase hex SHA-256 of `data` (OpenSSL libcrypto).
std::string sha256_hex(std::string_view data);

}  // namespace credo::sema
