// SPDX-License-Identifier: Apache-2.0
// Subject identifiers: unified social credit codes (GB 32100-2015) and resident ID numbers
// (GB 11643-1999): normalise, validate, classify, mask.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"

namespace credo::ids {

enum class scheme {
    credit_code,         // 统一社会信用代码, organisations
    resident_id,         // 公民身份号码, 18 characters
    legacy_resident_id,  // 15-digit number issued before 1999; normalised to its 18-character form
};

enum class subject_kind { enterprise, individual_business, cooperative, institution, social_org, other_org, person };

// Flags a valid identifier may carry; each also has a human-readable warning.
enum class flag {
    check_character_mismatch,  // accepted only in lenient mode (early pilot codes)
    org_code_check_mismatch,   // the embedded GB 11714 organisation code fails its own check
    unknown_authority_category,
    unknown_division,
    legacy,                    // a 15-digit resident ID
};

// Which scheme the caller expects; `any` decides by the shape and by which validation passes.
enum class expectation { any, credit_code, resident_id };

struct options {
    // Accept credit codes whose final check character is wrong, flagged
    // `check_character_mismatch` (a few early pilot codes in real use fail it).
    bool lenient = false;
    expectation expect = expectation::any;
};

struct id_result {
    std::string input;       // as given
    std::string normalized;  // trimmed, half-width, upper case; the 18-character form of a legacy ID
    bool valid = false;
    std::optional<ids::scheme> scheme;
    std::optional<subject_kind> kind;
    std::string reason;                // why it is invalid, empty when valid
    std::vector<flag> flags;           // on valid identifiers only
    std::vector<std::string> warnings; // one sentence per flag
    std::optional<credo::date> birth_date;  // resident IDs
    bool has_flag(flag f) const;
};

id_result validate(std::string_view input, const options &opts = {});

// Allocation-free validation for hot paths: the kind `validate(id, opts)` gives an identifier
// that is already in its normalised 18-character form (ASCII, upper case, trimmed), or nullopt
// when `validate` would reject it (call `validate` for the reason). 15-digit legacy numbers are
// not handled here: `validate` converts them.
std::optional<subject_kind> classify_normalized(std::string_view id18, const options &opts = {});

// Trim, full-width to half-width, lower to upper case. Any other non-ASCII character is an
// error (returned as nullopt with `error` set).
std::optional<std::string> normalize(std::string_view input, std::string *error = nullptr);

// For human-facing output: resident IDs keep the first 6 and last 4 characters
// (`410922********123X`); credit codes, which name organisations, are shown whole.
std::string mask(std::string_view normalized_id);

// `text` with every resident ID in it masked as by `mask`: each run of 15 or 18 letters and
// digits (a word of its own) that `mask` would change. For free text a person reads, such as a
// rejected record of a CSV file.
std::string mask_in_text(std::string_view text);

std::string_view to_string(scheme s);
std::string_view to_string(subject_kind k);
std::string_view to_string(flag f);
std::optional<subject_kind> subject_kind_from_string(std::string_view text);

// The check characters, exposed for generators and tests.
char credit_code_check_character(std::string_view first17);  // requires 17 valid characters
char org_code_check_character(std::string_view first8);      // requires 8 valid characters
char resident_id_check_character(std::string_view first17);  // requires 17 digits

}  // namespace credo::ids
