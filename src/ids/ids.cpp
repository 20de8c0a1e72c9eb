// SPDX-License-Identifier: Apache-2.0
// Identifier validation following GB 32100-2015 (credit codes) and GB 11643-1999 (resident IDs).
#include "credo/ids.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "base/utf8.hpp"

namespace credo::ids {
namespace {

constexpr std::string_view credit_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// The position of each byte in credit_alphabet, or -1: a table, since the check character of
// every identifier an engine check sees is computed from it.
constexpr std::array<signed char, 256> credit_values = [] {
    std::array<signed char, 256> t{};
    t.fill(-1);
    for (std::size_t i = 0; i < credit_alphabet.size(); ++i) {
        t[static_cast<unsigned char>(credit_alphabet[i])] = static_cast<signed char>(i);
    }
    return t;
}();

int credit_value(char c) { return credit_values[static_cast<unsigned char>(c)]; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

// Province-level codes of GB/T 2260, plus 71/81/82 (Taiwan, Hong Kong, Macao) and 83, used by
// residence permits for Taiwan residents.
bool known_province(std::string_view two) {
    static constexpr std::array<std::string_view, 35> codes = {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
        "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"};
    return std::find(codes.begin(), codes.end(), two) != codes.end();
}

struct authority_category {
    char authority;
    char category;
    subject_kind kind;
};

// Registration authority (position 1) and organisation category (position 2) of GB 32100.
constexpr std::array<authority_category, 37> category_table = {{
    {'1', '1', subject_kind::institution},  // 机关
    {'1', '2', subject_kind::institution},  // 事业单位
    {'1', '3', subject_kind::social_org},   // 编办直接管理的群众团体
    {'1', '9', subject_kind::other_org},
    {'2', '1', subject_kind::other_org},    // 外国常驻新闻机构
    {'2', '9', subject_kind::other_org},
    {'3', '1', subject_kind::other_org},    // 律师执业机构
    {'3', '2', subject_kind::other_org},    // 公证处
    {'3', '3', subject_kind::other_org},    // 基层法律服务所
    {'3', '4', subject_kind::other_org},    // 司法鉴定机构
    {'3', '5', subject_kind::other_org},    // 仲裁委员会
    {'3', '9', subject_kind::other_org},
    {'4', '1', subject_kind::other_org},    // 外国在华文化中心
    {'4', '9', subject_kind::other_org},
    {'5', '1', subject_kind::social_org},   // 社会团体
    {'5', '2', subject_kind::social_org},   // 民办非企业单位
    {'5', '3', subject_kind::social_org},   // 基金会
    {'5', '9', subject_kind::social_org},
    {'6', '1', subject_kind::other_org},    // 外国旅游部门常驻代表机构
    {'6', '2', subject_kind::other_org},
    {'6', '9', subject_kind::other_org},
    {'7', '1', subject_kind::other_org},    // 宗教活动场所
    {'7', '2', subject_kind::other_org},    // 宗教院校
    {'7', '9', subject_kind::other_org},
    {'8', '1', subject_kind::social_org},   // 基层工会
    {'8', '9', subject_kind::social_org},
    {'9', '1', subject_kind::enterprise},
    {'9', '2', subject_kind::individual_business},
    {'9', '3', subject_kind::cooperative},
    {'A', '1', subject_kind::institution},  // 军队事业单位
    {'A', '9', subject_kind::other_org},
    {'N', '1', subject_kind::other_org},    // 农村集体经济组织 (组级)
    {'N', '2', subject_kind::other_org},    // 村级
    {'N', '3', subject_kind::other_org},    // 乡镇级
    {'N', '9', subject_kind::other_org},
    {'Y', '1', subject_kind::other_org},    // 其他
    {'Y', '9', subject_kind::other_org},
}};

const authority_category *find_category(char authority, char category) {
    for (const auto &entry : category_table) {
        if (entry.authority == authority && entry.category == category) return &entry;
    }
    return nullptr;
}

std::string describe_char(char c) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return fmt::format("U+{:04X}", static_cast<unsigned>(c));
    return fmt::format("'{}'", c);
}

void add_flag(id_result &r, flag f, std::string warning) {
    r.flags.push_back(f);
    r.warnings.push_back(std::move(warning));
}

// Validates `code` (18 normalised characters) as a credit code; on failure fills `reason`.
id_result check_credit_code(const std::string &code, const options &opts) {
    id_result r;
    r.normalized = code;
    r.scheme = scheme::credit_code;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (credit_value(code[i]) < 0) {
            r.reason = fmt::format("character {} {} is not allowed in a credit code (letters I, O, S, V, Z are never used)",
                                   i + 1, describe_char(code[i]));
            return r;
        }
    }
    for (std::size_t i = 2; i < 8; ++i) {
        if (!is_digit(code[i])) {
            r.reason = fmt::format("character {} {} must be a digit (the administrative division is characters 3-8)",
                                   i + 1, describe_char(code[i]));
            return r;
        }
    }
    char expected = credit_code_check_character(std::string_view(code).substr(0, 17));
    bool check_ok = expected == code[17];
    if (!check_ok && !opts.lenient) {
        r.reason = fmt::format("check character is '{}', expected '{}'", code[17], expected);
        return r;
    }
    r.valid = true;
    if (!check_ok) {
        add_flag(r, flag::check_character_mismatch,
                 fmt::format("check character is '{}', expected '{}' (accepted in lenient mode)", code[17], expected));
    }
    std::string_view body = std::string_view(code).substr(8, 8);
    bool body_ok = std::all_of(body.begin(), body.end(), [](char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); });
    char org_expected = body_ok ? org_code_check_character(body) : '?';
    if (org_expected != code[16]) {
        add_flag(r, flag::org_code_check_mismatch,
                 fmt::format("organisation code check character (character 17) is '{}', expected '{}'", code[16], org_expected));
    }
    if (const auto *entry = find_category(code[0], code[1])) {
        r.kind = entry->kind;
    } else {
        r.kind = subject_kind::other_org;
        add_flag(r, flag::unknown_authority_category,
                 fmt::format("registration authority '{}' with category '{}' is not in the code table", code[0], code[1]));
    }
    std::string_view division = std::string_view(code).substr(2, 6);
    if (division != "100000" && !known_province(division.substr(0, 2))) {
        add_flag(r, flag::unknown_division,
                 fmt::format("administrative division {} does not start with a province code", division));
    }
    return r;
}

// Validates the first 17 characters' date and province, shared by 18- and 15-digit numbers.
bool check_person_prefix(const std::string &id18, id_result &r) {
    if (!known_province(std::string_view(id18).substr(0, 2))) {
        r.reason = fmt::format("administrative division {} does not start with a province code", id18.substr(0, 6));
        return false;
    }
    std::string digits = id18.substr(6, 8);
    int year = std::stoi(digits.substr(0, 4));
    unsigned month = static_cast<unsigned>(std::stoi(digits.substr(4, 2)));
    unsigned day = static_cast<unsigned>(std::stoi(digits.substr(6, 2)));
    if (year < 1800 || !date::is_valid(year, month, day)) {
        r.reason = fmt::format("birth date {} is not a date", digits);
        return false;
    }
    r.birth_date = date::from_ymd(year, month, day);
    return true;
}

id_result check_resident_id(const std::string &id) {
    id_result r;
    r.normalized = id;
    r.scheme = scheme::resident_id;
    r.kind = subject_kind::person;
    for (std::size_t i = 0; i < 17; ++i) {
        if (!is_digit(id[i])) {
            r.reason = fmt::format("character {} {} must be a digit in a resident ID", i + 1, describe_char(id[i]));
            return r;
        }
    }
    if (!is_digit(id[17]) && id[17] != 'X') {
        r.reason = fmt::format("character 18 {} must be a digit or X in a resident ID", describe_char(id[17]));
        return r;
    }
    if (!check_person_prefix(id, r)) return r;
    char expected = resident_id_check_character(std::string_view(id).substr(0, 17));
    if (expected != id[17]) {
        r.reason = fmt::format("check character is '{}', expected '{}'", id[17], expected);
        return r;
    }
    r.valid = true;
    return r;
}

id_result check_legacy_resident_id(const std::string &id15) {
    id_result r;
    r.scheme = scheme::legacy_resident_id;
    r.kind = subject_kind::person;
    r.normalized = id15;
    if (!all_digits(id15)) {
        auto bad = std::find_if_not(id15.begin(), id15.end(), is_digit);
        r.reason = fmt::format("character {} {} must be a digit in a 15-digit resident ID",
                               bad - id15.begin() + 1, describe_char(*bad));
        return r;
    }
    std::string id17 = id15.substr(0, 6) + "19" + id15.substr(6);
    if (!check_person_prefix(id17 + "0", r)) return r;
    r.normalized = id17 + resident_id_check_character(id17);
    r.valid = true;
    add_flag(r, flag::legacy, "legacy 15-digit resident ID, converted to its 18-character form");
    return r;
}

bool shaped_like_resident_id(const std::string &s) {
    return s.size() == 18 && all_digits(std::string_view(s).substr(0, 17)) && (is_digit(s[17]) || s[17] == 'X');
}

}  // namespace

bool id_result::has_flag(flag f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }

std::optional<std::string> normalize(std::string_view input, std::string *error) {
    std::string out;
    out.reserve(input.size());
    std::size_t pos = 0;
    std::size_t index = 0;
    while (pos < input.size()) {
        std::size_t length;
        char32_t cp = base::decode_utf8(input, pos, length);
        ++index;
        if (cp == base::invalid_code_point) {
            if (error) *error = fmt::format("byte {} is not valid UTF-8", pos + 1);
            return std::nullopt;
        }
        pos += length;
        if (cp == 0x3000) cp = ' ';                                // ideographic space
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;          // full-width ASCII
        if (cp >= 'a' && cp <= 'z') cp -= 'a' - 'A';
        if (cp >= 0x80) {
            std::string shown;
            base::append_utf8(shown, cp);
            if (error) *error = fmt::format("character {} '{}' is not allowed", index, shown);
            return std::nullopt;
        }
        out += static_cast<char>(cp);
    }
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    auto first = std::find_if_not(out.begin(), out.end(), is_space);
    auto last = std::find_if_not(out.rbegin(), out.rend(), is_space).base();
    if (first >= last) return std::string();
    return std::string(first, last);
}

id_result validate(std::string_view input, const options &opts) {
    id_result r;
    std::string error;
    auto normalized = normalize(input, &error);
    if (!normalized) {
        r.input = std::string(input);
        r.reason = error;
        return r;
    }
    const std::string &code = *normalized;
    auto finish = [&](id_result result) {
        result.input = std::string(input);
        return result;
    };
    if (code.empty()) {
        r.input = std::string(input);
        r.reason = "identifier is empty";
        return r;
    }
    if (code.size() == 15 && opts.expect != expectation::credit_code) return finish(check_legacy_resident_id(code));
    if (code.size() != 18) {
        r.input = std::string(input);
        r.normalized = code;
        r.reason = fmt::format("length is {}, expected 18 characters{}", code.size(),
                               opts.expect == expectation::credit_code ? "" : " (or 15 for a legacy resident ID)");
        return r;
    }
    if (opts.expect == expectation::credit_code) return finish(check_credit_code(code, opts));
    if (opts.expect == expectation::resident_id) return finish(check_resident_id(code));
    if (!shaped_like_resident_id(code)) return finish(check_credit_code(code, opts));

    // Digits only (perhaps ending in X): both shapes fit. A scheme is a candidate when its
    // structure fits (a province code for an ID; a known authority and category for a credit
    // code); the check characters then decide among the candidates.
    bool person_candidate = known_province(std::string_view(code).substr(0, 2));
    bool org_candidate = find_category(code[0], code[1]) != nullptr;
    if (person_candidate && !org_candidate) return finish(check_resident_id(code));
    if (org_candidate && !person_candidate) return finish(check_credit_code(code, opts));
    id_result as_person = check_resident_id(code);
    id_result as_org = check_credit_code(code, options{.lenient = false, .expect = expectation::credit_code});
    if (as_person.valid && as_org.valid) {
        id_result both;
        both.normalized = code;
        both.reason = "valid both as a resident ID and as a credit code; say which is meant";
        return finish(std::move(both));
    }
    if (as_person.valid) return finish(std::move(as_person));
    if (as_org.valid) return finish(std::move(as_org));
    if (opts.lenient) {
        id_result lenient_org = check_credit_code(code, opts);
        if (lenient_org.valid) return finish(std::move(lenient_org));
    }
    id_result neither;
    neither.normalized = code;
    neither.reason = fmt::format("neither a resident ID ({}) nor a credit code ({})", as_person.reason, as_org.reason);
    return finish(std::move(neither));
}

namespace {

bool credit_code_ok(std::string_view code, bool lenient) {
    for (char c : code) {
        if (credit_value(c) < 0) return false;
    }
    for (std::size_t i = 2; i < 8; ++i) {
        if (!is_digit(code[i])) return false;
    }
    return lenient || credit_code_check_character(code.substr(0, 17)) == code[17];
}

bool resident_id_ok(std::string_view id) {
    for (std::size_t i = 0; i < 17; ++i) {
        if (!is_digit(id[i])) return false;
    }
    if (!is_digit(id[17]) && id[17] != 'X') return false;
    if (!known_province(id.substr(0, 2))) return false;
    auto number = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (id[i] - '0');
        return value;
    };
    int year = number(6, 4);
    if (year < 1800 || !date::is_valid(year, static_cast<unsigned>(number(10, 2)), static_cast<unsigned>(number(12, 2)))) {
        return false;
    }
    return resident_id_check_character(id.substr(0, 17)) == id[17];
}

subject_kind credit_code_kind(std::string_view code) {
    const auto *entry = find_category(code[0], code[1]);
    return entry ? entry->kind : subject_kind::other_org;
}

}  // namespace

// INVARIANT: mirrors `validate` for 18-character normalised input; the engine's tests compare
// the two over valid, invalid and ambiguous identifiers.
std::optional<subject_kind> classify_normalized(std::string_view code, const options &opts) {
    if (code.size() != 18) return std::nullopt;
    if (opts.expect == expectation::credit_code) {
        return credit_code_ok(code, opts.lenient) ? std::optional(credit_code_kind(code)) : std::nullopt;
    }
    if (opts.expect == expectation::resident_id) {
        return resident_id_ok(code) ? std::optional(subject_kind::person) : std::nullopt;
    }
    bool shaped = true;
    for (std::size_t i = 0; i < 17; ++i) shaped = shaped && is_digit(code[i]);
    shaped = shaped && (is_digit(code[17]) || code[17] == 'X');
    if (!shaped) return credit_code_ok(code, opts.lenient) ? std::optional(credit_code_kind(code)) : std::nullopt;
    bool person_candidate = known_province(code.substr(0, 2));
    bool org_candidate = find_category(code[0], code[1]) != nullptr;
    if (person_candidate && !org_candidate) {
        return resident_id_ok(code) ? std::optional(subject_kind::person) : std::nullopt;
    }
    if (org_candidate && !person_candidate) {
        return credit_code_ok(code, opts.lenient) ? std::optional(credit_code_kind(code)) : std::nullopt;
    }
    bool as_person = resident_id_ok(code);
    bool as_org = credit_code_ok(code, false);
    if (as_person && as_org) return std::nullopt;  // ambiguous: `validate` asks which is meant
    if (as_person) return subject_kind::person;
    if (as_org) return credit_code_kind(code);
    if (opts.lenient && credit_code_ok(code, true)) return credit_code_kind(code);
    return std::nullopt;
}

std::string mask(std::string_view id) {
    std::string text(id);
    // Credit codes of organisations can be all digits (914403001922038216) and are public;
    // anything else shaped like a resident ID is masked, even with a wrong check character,
    // since a mistyped ID is still someone's personal data.
    if (shaped_like_resident_id(text) &&
        !check_credit_code(text, options{.lenient = false, .expect = expectation::credit_code}).valid) {
        return text.substr(0, 6) + std::string(8, '*') + text.substr(14);
    }
    if (text.size() == 15 && all_digits(text)) return text.substr(0, 6) + std::string(5, '*') + text.substr(11);
    return text;
}

std::string mask_in_text(std::string_view text) {
    auto word_char = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (!word_char(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && word_char(text[end])) ++end;
        std::string word(text.substr(i, end - i));
        if (word.size() == 18 || word.size() == 15) {
            std::string upper = word;
            for (char &c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            std::string masked = mask(upper);
            if (masked != upper) word = masked;
        }
        out += word;
        i = end;
    }
    return out;
}

char credit_code_check_character(std::string_view first17) {
    int weight = 1;
    int sum = 0;
    for (char c : first17) {
        sum += credit_value(c) * weight;
        weight = weight * 3 % 31;
    }
    return credit_alphabet[(31 - sum % 31) % 31];
}

char org_code_check_character(std::string_view first8) {
    static constexpr std::array<int, 8> weights = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        char c = first8[i];
        int value = is_digit(c) ? c - '0' : c - 'A' + 10;
        sum += value * weights[i];
    }
    int check = 11 - sum % 11;
    if (check == 10) return 'X';
    if (check == 11) return '0';
    return static_cast<char>('0' + check);
}

char resident_id_check_character(std::string_view first17) {
    static constexpr std::array<int, 17> weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
    return "10X98765432"[sum % 11];
}

std::string_view to_string(scheme s) {
    switch (s) {
    case scheme::credit_code: return "credit_code";
    case scheme::resident_id: return "resident_id";
    case scheme::legacy_resident_id: return "legacy_resident_id";
    }
    return "unknown";
}

std::string_view to_string(subject_kind k) {
    switch (k) {
    case subject_kind::enterprise: return "enterprise";
    case subject_kind::individual_business: return "individual_business";
    case subject_kind::cooperative: return "cooperative";
    case subject_kind::institution: return "institution";
    case subject_kind::social_org: return "social_org";
    case subject_kind::other_org: return "other_org";
    case subject_kind::person: return "person";
    }
    return "unknown";
}

std::string_view to_string(flag f) {
    switch (f) {
    case flag::check_character_mismatch: return "check_character_mismatch";
    case flag::org_code_check_mismatch: return "org_code_check_mismatch";
    case flag::unknown_authority_category: return "unknown_authority_category";
    case flag::unknown_division: return "unknown_division";
    case flag::legacy: return "legacy";
    }
    return "unknown";
}

std::optional<subject_kind> subject_kind_from_string(std::string_view text) {
    for (auto k : {subject_kind::enterprise, subject_kind::individual_business, subject_kind::cooperative,
                   subject_kind::institution, subject_kind::social_org, subject_kind::other_org, subject_kind::person}) {
        if (to_string(k) == text) return k;
    }
    return std::nullopt;
}

}  // namespace credo::ids
