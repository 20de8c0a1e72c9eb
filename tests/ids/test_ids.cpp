// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include "credo/ids.hpp"

using namespace credo::ids;

TEST_CASE("published credit codes of well-known organisations are valid and classified") {
    struct known {
        const char *code;
        subject_kind kind;
    };
    const known codes[] = {
        {"914403001922038216", subject_kind::enterprise},  // 华为技术有限公司
        {"9144030071526726XG", subject_kind::enterprise},  // 腾讯科技（深圳）有限公司
        {"91440300708461136T", subject_kind::enterprise},  // 深圳市腾讯计算机系统有限公司
        {"91110108551385082Q", subject_kind::enterprise},  // 小米科技有限责任公司
        {"91110000802100433B", subject_kind::enterprise},  // 北京百度网讯科技有限公司
        {"91330100799655058B", subject_kind::enterprise},  // 阿里巴巴（中国）有限公司
        {"91100000100003962T", subject_kind::enterprise},  // 中国工商银行股份有限公司
        {"92371000MA3MXH0E3W", subject_kind::individual_business},
        {"91350100M000100Y43", subject_kind::enterprise},
    };
    for (const auto &k : codes) {
        CAPTURE(k.code);
        auto r = validate(k.code);
        CHECK(r.valid);
        CHECK(r.reason.empty());
        CHECK(r.scheme == scheme::credit_code);
        CHECK(r.kind == k.kind);
        CHECK(r.flags.empty());
        CHECK(r.normalized == k.code);
    }
}

TEST_CASE("the check character is computed with weights 3^(i-1) mod 31") {
    CHECK(credit_code_check_character("91440300192203821") == '6');
    CHECK(credit_code_check_character("9144030071526726X") == 'G');
    CHECK(org_code_check_character("19220382") == '1');
    CHECK(resident_id_check_character("11010519491231002") == 'X');
    CHECK(resident_id_check_character("44052418800101001") == '4');
}

TEST_CASE("a wrong final check character makes a credit code invalid and says which was expected") {
    auto r = validate("91350100M000100Y4X");
    CHECK_FALSE(r.valid);
    CHECK(r.reason == "check character is 'X', expected '3'");
    CHECK(validate("914403001922038217").reason == "check character is '7', expected '6'");
    CHECK(validate("9144030071526726XH").reason == "check character is 'H', expected 'G'");
}

TEST_CASE("lenient mode accepts a pilot code with a wrong check character, flagged") {
    auto strict = validate("91350100M0001TGQXM");
    CHECK_FALSE(strict.valid);
    CHECK(strict.reason == "check character is 'M', expected '1'");
    auto lenient = validate("91350100M0001TGQXM", options{.lenient = true});
    CHECK(lenient.valid);
    CHECK(lenient.has_flag(flag::check_character_mismatch));
    CHECK(lenient.kind == subject_kind::enterprise);
    CHECK(lenient.warnings.front() == "check character is 'M', expected '1' (accepted in lenient mode)");
}

TEST_CASE("letters outside the credit-code alphabet are named with their position") {
    CHECK(validate("9144030071526726XO").reason ==
          "character 18 'O' is not allowed in a credit code (letters I, O, S, V, Z are never used)");
    CHECK(validate("9I4403001922038216").reason ==
          "character 2 'I' is not allowed in a credit code (letters I, O, S, V, Z are never used)");
    CHECK(validate("914403001922O38216").reason ==
          "character 13 'O' is not allowed in a credit code (letters I, O, S, V, Z are never used)");
    CHECK(validate("91440300192203821S").reason.starts_with("character 18 'S' is not allowed"));
    CHECK(validate("91-403001922038216").reason.starts_with("character 3 '-' is not allowed"));
}

TEST_CASE("the administrative division of a credit code must be digits") {
    CHECK(validate("9144A30071526726XG").reason ==
          "character 5 'A' must be a digit (the administrative division is characters 3-8)");
}

TEST_CASE("a wrong organisation-code check character is a warning on a valid code") {
    // Body 19220382 has check '1'; replace it with '2' and recompute the final character.
    std::string first17 = "91440300192203822";
    std::string code = first17 + credit_code_check_character(first17);
    auto r = validate(code);
    CHECK(r.valid);
    CHECK(r.has_flag(flag::org_code_check_mismatch));
    CHECK(r.warnings.front() == "organisation code check character (character 17) is '2', expected '1'");
}

TEST_CASE("an authority and category pair outside the table is a warning on a valid code") {
    std::string first17 = "97440300192203821";
    std::string code = first17 + credit_code_check_character(first17);
    auto r = validate(code);
    CHECK(r.valid);
    CHECK(r.kind == subject_kind::other_org);
    CHECK(r.has_flag(flag::unknown_authority_category));
    CHECK(r.warnings.front() == "registration authority '9' with category '7' is not in the code table");
}

TEST_CASE("authority and category classify the subject kind") {
    auto kind_of = [](std::string first17) {
        auto r = validate(first17 + credit_code_check_character(first17));
        REQUIRE(r.valid);
        return *r.kind;
    };
    CHECK(kind_of("93440300192203821") == subject_kind::cooperative);
    CHECK(kind_of("12440300192203821") == subject_kind::institution);
    CHECK(kind_of("11440300192203821") == subject_kind::institution);
    CHECK(kind_of("51440300192203821") == subject_kind::social_org);
    CHECK(kind_of("53440300192203821") == subject_kind::social_org);
    CHECK(kind_of("31440300192203821") == subject_kind::other_org);
    CHECK(kind_of("N2440300192203821") == subject_kind::other_org);
}

TEST_CASE("resident IDs validate birth date and MOD 11-2 check character") {
    for (const char *id : {"11010519491231002X", "440524188001010014", "110105199003071239", "440304200002290014",
                           "320102198512315479", "51010720101001888X", "330106197001010027"}) {
        CAPTURE(id);
        auto r = validate(id);
        CHECK(r.valid);
        CHECK(r.scheme == scheme::resident_id);
        CHECK(r.kind == subject_kind::person);
    }
    CHECK(validate("440304200002290014").birth_date->to_string() == "2000-02-29");
}

TEST_CASE("a resident ID with an impossible birth date is invalid") {
    auto r = validate("110105199002301231", options{.expect = expectation::resident_id});
    CHECK_FALSE(r.valid);
    CHECK(r.reason == "birth date 19900230 is not a date");
    CHECK(validate("110105199902311231", options{.expect = expectation::resident_id}).reason ==
          "birth date 19990231 is not a date");
}

TEST_CASE("a resident ID with a wrong check character says which was expected") {
    auto r = validate("110101199003071234", options{.expect = expectation::resident_id});
    CHECK(r.reason == "check character is '4', expected '3'");
}

TEST_CASE("an all-digit code that fits neither scheme says why for both") {
    auto r = validate("110101199003071234");
    CHECK_FALSE(r.valid);
    CHECK(r.reason.starts_with("neither a resident ID (check character is '4', expected '3') nor a credit code ("));
    auto bad_date = validate("110105199002301231");
    CHECK(bad_date.reason.starts_with("neither a resident ID (birth date 19900230 is not a date) nor a credit code"));
}

TEST_CASE("an all-digit code valid in both schemes is ambiguous unless the caller says which") {
    // Search the space of 12/13 + division + date-like body for a code valid both ways.
    std::string found;
    for (int seq = 0; seq < 1000 && found.empty(); ++seq) {
        std::string first17 = "12010519700101" + std::to_string(100 + seq % 900).substr(0, 3);
        std::string code = first17 + resident_id_check_character(first17);
        if (code[17] != 'X' && credit_code_check_character(first17) == code[17]) found = code;
    }
    REQUIRE_FALSE(found.empty());
    auto r = validate(found);
    CHECK_FALSE(r.valid);
    CHECK(r.reason == "valid both as a resident ID and as a credit code; say which is meant");
    CHECK(validate(found, options{.expect = expectation::resident_id}).kind == subject_kind::person);
    CHECK(validate(found, options{.expect = expectation::credit_code}).scheme == scheme::credit_code);
}

TEST_CASE("15-digit legacy resident IDs are recognised and upgraded") {
    auto r = validate("110105491231002");
    CHECK(r.valid);
    CHECK(r.scheme == scheme::legacy_resident_id);
    CHECK(r.normalized == "11010519491231002X");
    CHECK(r.has_flag(flag::legacy));
    CHECK(validate("110105490231002").reason == "birth date 19490231 is not a date");
}

TEST_CASE("input is trimmed, made half-width and upper case before validation") {
    auto full_width = validate("９１１１０１０８５５１３８５０８２Ｑ");
    CHECK(full_width.valid);
    CHECK(full_width.normalized == "91110108551385082Q");
    CHECK(validate("  9144030071526726xg\t").normalized == "9144030071526726XG");
    CHECK(validate("11010519491231002x").valid);
    CHECK(validate("\xE3\x80\x80" "914403001922038216").valid);  // ideographic space
}

TEST_CASE("anything normalisation cannot make ASCII is an error naming the character") {
    CHECK(validate("9144030019220382１６").valid);
    CHECK(validate("91440300192203821六").reason == "character 18 '六' is not allowed");
    CHECK(validate("9144\xFF" "0300192203821").reason == "byte 5 is not valid UTF-8");
    CHECK(validate("").reason == "identifier is empty");
    CHECK(validate("   ").reason == "identifier is empty");
}

TEST_CASE("a code of the wrong length says its length") {
    CHECK(validate("91440300192203821").reason == "length is 17, expected 18 characters (or 15 for a legacy resident ID)");
    CHECK(validate("9144030019220382166").reason.starts_with("length is 19"));
}

TEST_CASE("resident IDs are masked to the first 6 and last 4 characters") {
    CHECK(mask("11010519491231002X") == "110105********002X");
    CHECK(mask("110101199003071234") == "110101********1234");  // masked even when invalid
    CHECK(mask("914403001922038216") == "914403001922038216");  // an organisation's code is public
    CHECK(mask("9144030071526726XG") == "9144030071526726XG");
    CHECK(mask("110105491231002") == "110105*****1002");
}

TEST_CASE("subject kinds round-trip through their names") {
    for (auto k : {subject_kind::enterprise, subject_kind::individual_business, subject_kind::cooperative,
                   subject_kind::institution, subject_kind::social_org, subject_kind::other_org, subject_kind::person}) {
        CHECK(subject_kind_from_string(to_string(k)) == k);
    }
    CHECK_FALSE(subject_kind_from_string("company"));
}

TEST_CASE("an all-digit code whose structure fits only one scheme is judged by that scheme alone") {
    // 91 is no province: only a credit code.
    CHECK(validate("914403001922038217").reason == "check character is '7', expected '6'");
    // 44 is no authority-and-category pair: only a resident ID.
    CHECK(validate("440524188001010015").reason == "check character is '5', expected '4'");
}
