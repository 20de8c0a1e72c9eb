// SPDX-License-Identifier: Apache-2.0
// `credo test`: passing and failing expectations, the report of a failure, malformed files.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "support/process.hpp"

using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

// A rule set small enough to reason about in each test.
const char *const rules_text = R"(
subject_kind enterprise "企业" { category organisation }
subject_kind person "自然人" { category person }
role legal_representative "法定代表人"
role director "董事"
field tax "税收"
field courts "法院"
scenario public_bidding "招标投标"
scenario honors "评先评优"
scenario licensing "行政许可"
scenario exit_control "出境"
attribute unpaid "欠税未担保" { type boolean }
effect prohibit "禁止" { kind punishment  rank 1 }
effect restrict "限制" { kind punishment  rank 2 }
effect priority "优先" { kind incentive  rank 1 }
effect green_channel "绿色通道" { kind incentive  rank 2 }

list tax_black "税收黑名单" { kind black  field tax  initiator "税务局"  subjects enterprise, person  term 3y }
list debtor "失信被执行人" { kind black  field courts  initiator "法院"  subjects enterprise, person  term 2y }
list red_a "A级纳税人" { kind red  field tax  initiator "税务局"  subjects enterprise  term 1y }

memorandum tax_m "税收备忘录" {
  document "发改财金〔2016〕2798号"
  targets tax_black
  extends_to legal_representative
  effective 2016-01-01
  measure tax_m.01 "禁止参与招标" {
    implementer "发展改革委", "财政部"
    scenarios public_bidding
    effect prohibit
    binding mandatory
  }
  measure tax_m.02 "限制评优" {
    implementer "文明办"
    scenarios honors
    effect restrict
    binding recommended
  }
  measure tax_m.03 "欠税未担保的阻止出境" {
    implementer "公安部"
    scenarios exit_control
    effect prohibit
    binding recommended
    when subject is person
    reaches legal_representative
    verify "欠缴税款且未提供担保"
    settled_by unpaid
  }
}

memorandum debtor_m "失信被执行人备忘录" {
  document "发改财金〔2016〕141号"
  targets debtor
  extends_to_organisations director
  effective 2016-01-01
  measure debtor_m.01 "限制评优" {
    implementer "法院"
    scenarios honors
    effect restrict
    binding recommended
  }
}

memorandum red_m "A级激励" {
  document "发改财金〔2016〕1467号"
  targets red_a
  effective 2016-01-01
  measure red_m.01 "招标优先" {
    implementer "财政部"
    scenarios public_bidding
    effect priority
    binding recommended
  }
}

rule escalation "两个以上领域" {
  when black_fields >= 2
  then escalate
}

rule suppression "黑名单不享受激励" {
  when listed any black
  then suppress_incentives
}

rule clean "三年无不良记录" {
  when clean_for >= 3y
  then grant
  measure clean.01 "绿色通道" {
    implementer "各行政审批部门"
    scenarios licensing
    effect green_channel
    binding recommended
  }
}
)";

struct fixture {
    temp_dir dir;
    std::string rules = dir.file("rules");
    fixture() {
        std::filesystem::create_directories(rules);
        write_file(rules + "/rules.credo", rules_text);
    }
    credo::test::process_result run(const std::string &name, const std::string &text) {
        std::string path = dir.file(name);
        write_file(path, text);
        return run_credo({"test", "--rules", rules, path});
    }
};

const char *const facts = R"(subject acme enterprise "Acme"
subject wang person "王某"
listing t1 acme on tax_black since 2017-01-01
relation wang legal_representative of acme since 2015-01-01
)";

}  // namespace

TEST_CASE("a file whose expectations all hold passes and exits 0") {
    fixture f;
    auto r = f.run("ok.credo-test", std::string(facts) + R"(
check acme public_bidding at 2018-01-01
  verdict prohibit
  measures tax_m.01
  binding tax_m.01 mandatory
  fields tax
  not escalated

check wang public_bidding at 2018-01-01
  via tax_m.01 legal_representative of acme

check acme public_bidding at 2020-01-01  # the 3-year term has ended
  verdict none
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "3 passed, 0 failed\n");
}

TEST_CASE("a failing expectation is reported with its file and line and the actual decision") {
    fixture f;
    auto r = f.run("bad.credo-test", std::string(facts) + R"(
check acme public_bidding at 2018-01-01
  verdict restrict
  measures tax_m.01 tax_m.02
  escalated
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    std::string path = f.dir.file("bad.credo-test");
    CHECK(r.out.find(path + ":6: FAILED check acme public_bidding at 2018-01-01\n") != std::string::npos);
    CHECK(r.out.find(path + ":7: expected verdict `restrict`, got `prohibit`\n") != std::string::npos);
    CHECK(r.out.find(path + ":8: expected measures tax_m.01, tax_m.02, got tax_m.01 (missing: tax_m.02)\n") !=
          std::string::npos);
    CHECK(r.out.find(path + ":9: expected an escalated decision, it is not (black fields: tax)\n") !=
          std::string::npos);
    CHECK(r.out.find("the decision: verdict prohibit, not escalated, black fields: tax\n") != std::string::npos);
    CHECK(r.out.find("tax_m.01 prohibit mandatory because tax_black listing t1") != std::string::npos);
    CHECK(r.out.find("0 passed, 1 failed\n") != std::string::npos);
}

TEST_CASE("the failure report names related subjects by their aliases") {
    fixture f;
    auto r = f.run("via.credo-test", std::string(facts) + R"(
check wang public_bidding at 2018-01-01
  via tax_m.01 director of acme
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(":7: expected `tax_m.01` via director of acme, it applies through legal_representative of "
                     "acme\n") != std::string::npos);
}

// wang is listed himself (t2) and reached through acme's listing (t1): tax_m.01 applies twice.
const char *const reasons = R"(subject acme enterprise "Acme"
subject wang person "王某"
subject zhou person "周某"
listing t1 acme on tax_black since 2017-01-01 document "税务〔2017〕1号"
listing t2 wang on tax_black since 2017-06-01 until 2019-06-01
relation wang legal_representative of acme since 2015-01-01
relation zhou director of acme since 2015-01-01
)";

TEST_CASE("because pins the list entry, its dates and the path of an applied copy; implementer its departments") {
    fixture f;
    auto r = f.run("because.credo-test", std::string(reasons) + R"(
check wang public_bidding at 2018-01-01
  measures tax_m.01
  because tax_m.01 listing t2 via none
  because tax_m.01 listed_on 2017-06-01 expires_on 2019-06-01
  because tax_m.01 list tax_black listing t1 document "税务〔2017〕1号" listed_on 2017-01-01 expires_on 2020-01-01 via legal_representative of acme
  because tax_m.01 via legal_representative of acme listing t1
  implementer tax_m.01 "发展改革委、财政部"
  implementer tax_m.01 includes 财政部
  implementer tax_m.01 includes "发展改革委"

check acme public_bidding at 2018-01-01
  because tax_m.01 document "税务〔2017〕1号" via none

check zhou licensing at 2018-01-01
  measures clean.01
  because clean.01 granted
  implementer clean.01 "各行政审批部门"
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "3 passed, 0 failed\n");
}

TEST_CASE("a failing because names what it expected and every applied copy") {
    fixture f;
    auto r = f.run("because-bad.credo-test", std::string(reasons) + R"(
check wang public_bidding at 2018-01-01
  because tax_m.01 list debtor
  because tax_m.01 listing t2 via legal_representative of acme
  because tax_m.01 granted
  because tax_m.02 via none
  because tax_m.01 listing t1 document "税务〔2017〕2号"

check zhou licensing at 2018-01-01
  because clean.01 list tax_black
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    std::string p = f.dir.file("because-bad.credo-test");
    std::string copies =
        "\n    because tax_m.01 list tax_black listing t2 listed_on 2017-06-01 expires_on 2019-06-01 via none"
        "\n    because tax_m.01 list tax_black listing t1 listed_on 2017-01-01 expires_on 2020-01-01 via "
        "legal_representative of acme\n";
    CHECK(r.out.find(p + ":10: expected `tax_m.01` because list debtor; it applies only as:" + copies) !=
          std::string::npos);
    CHECK(r.out.find(p + ":11: expected `tax_m.01` because listing t2 via legal_representative of acme; it applies "
                     "only as:" + copies) != std::string::npos);
    CHECK(r.out.find(p + ":12: expected `tax_m.01` because granted; it applies only as:" + copies) !=
          std::string::npos);
    CHECK(r.out.find(p + ":13: expected `tax_m.02` because via none, it is not applied\n") != std::string::npos);
    // The document is shown when the expectation names one.
    CHECK(r.out.find(p + ":14: expected `tax_m.01` because listing t1 document \"税务〔2017〕2号\"; it applies only "
                     "as:\n    because tax_m.01 list tax_black listing t2 document \"credo test listing t2\" listed_on") !=
          std::string::npos);
    CHECK(r.out.find("listing t1 document \"税务〔2017〕1号\" listed_on 2017-01-01") != std::string::npos);
    CHECK(r.out.find(p + ":17: expected `clean.01` because list tax_black; it applies only as:\n"
                     "    because clean.01 granted  # by rule clean\n") != std::string::npos);
    CHECK(r.out.find("0 passed, 2 failed\n") != std::string::npos);
}

TEST_CASE("a failing because shows a person reached through by alias or masked, never the identifier") {
    fixture f;
    auto r = f.run("because-masked.credo-test", R"(subject clean_co enterprise
listing d1 11010519491231002X on debtor since 2017-01-01
relation 11010519491231002X director of clean_co since 2016-01-01

check clean_co honors at 2018-01-01
  measures debtor_m.01
  because debtor_m.01 via director of 11010519491231002X listing d1
  because debtor_m.01 via none
  because debtor_m.01 via director of 11010519491231002X list tax_black
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(":8: expected `debtor_m.01` because via none; it applies only as:\n    because debtor_m.01 list "
                     "debtor listing d1 listed_on 2017-01-01 expires_on 2019-01-01 via director of "
                     "110105********002X\n") != std::string::npos);
    CHECK(r.out.find(":9: expected `debtor_m.01` because list tax_black via director of 110105********002X;") !=
          std::string::npos);
    CHECK(r.out.find("11010519491231002X") == std::string::npos);
    CHECK(r.out.find("1 failed") != std::string::npos);
}

TEST_CASE("personal identifiers written out in a check or a fact are masked in failures and errors") {
    fixture f;
    auto r = f.run("check-masked.credo-test", R"(subject acme enterprise
listing t1 acme on tax_black since 2017-01-01
relation 11010519491231002X legal_representative of acme since 2015-01-01
check 11010519491231002X public_bidding at 2018-01-01
  verdict none
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(":4: FAILED check 110105********002X public_bidding at 2018-01-01\n") != std::string::npos);
    CHECK(r.out.find("11010519491231002X") == std::string::npos);

    auto bad = f.run("id-masked.credo-test", R"(subject wang 110105194912310021
subject acme enterprise
relation 110105194902300015 legal_representative of acme since 2015-01-01
check acme public_bidding at 2018-01-01
  verdict none
)");
    INFO(bad.out, bad.err);
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find(":1:14: error: `110105********0021` is neither a subject kind nor a valid identifier (neither a "
                       "resident ID (check character is '1', expected 'X')") != std::string::npos);
    // The birth date of a mistyped ID is the part the mask hides.
    CHECK(bad.out.find(":3:10: error: `110105********0015` is no valid identifier (neither a resident ID (birth date "
                       "******** is not a date)") != std::string::npos);
    CHECK(bad.out.find("help: correct it, or declare the subject with `subject ALIAS ID` and use the alias\n") !=
          std::string::npos);
    CHECK(bad.out.find("19491231") == std::string::npos);
    CHECK(bad.out.find("19490230") == std::string::npos);
}

TEST_CASE("a failing implementer shows the measure's implementer") {
    fixture f;
    auto r = f.run("implementer-bad.credo-test", std::string(reasons) + R"(
check acme public_bidding at 2018-01-01
  implementer tax_m.01 "发展改革委"
  implementer tax_m.01 includes "文明办"
  implementer tax_m.02 "文明办"
  implementer tax_m.02 includes "文明办"
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    std::string p = f.dir.file("implementer-bad.credo-test");
    CHECK(r.out.find(p + ":10: expected `tax_m.01` implemented by \"发展改革委\", it is implemented by "
                     "\"发展改革委、财政部\"\n") != std::string::npos);
    CHECK(r.out.find(p + ":11: expected \"文明办\" among the implementers of `tax_m.01`, it is implemented by "
                     "\"发展改革委、财政部\"\n") != std::string::npos);
    CHECK(r.out.find(p + ":12: expected `tax_m.02` implemented by \"文明办\", it is not applied\n") !=
          std::string::npos);
    CHECK(r.out.find(p + ":13: expected \"文明办\" among the implementers of `tax_m.02`, it is not applied\n") !=
          std::string::npos);
}

TEST_CASE("a malformed because or implementer is an error with file, line and column") {
    fixture f;
    auto r = f.run("because-malformed.credo-test", std::string(reasons) + R"(
check wang public_bidding at 2018-01-01
  because tax_m.1 list tax_black
  because tax_m.01
  because tax_m.01 lsit tax_black
  because tax_m.01 reason tax_black
  because tax_m.01 list tax_blak
  because tax_m.01 listing t9
  because tax_m.01 list tax_black list debtor
  because tax_m.01 granted list tax_black
  because tax_m.01 listing t1 granted
  because tax_m.01 listed_on 2017-02-30
  because tax_m.01 via
  because tax_m.01 via legal_rep of acme
  because tax_m.01 via legal_representative acme
  because tax_m.01 via legal_representative of nobody
  because tax_m.01 "list" tax_black
  implementer tax_m.01
  implementer tax_m.01 includes
  implementer tax_m.01 发展改革委 财政部
  implementer tax_m.01 includes "发展改革委、财政部"
  implementer tax_m.01 ""
  implementer tax_m.1 "发展改革委"
  becuase tax_m.01 granted
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 2);
    std::string p = f.dir.file("because-malformed.credo-test");
    auto has = [&](const std::string &text) { return r.out.find(p + text) != std::string::npos; };
    CHECK(has(":10:11: error: unknown measure `tax_m.1`\n  help: did you mean `tax_m.01`?\n"));
    CHECK(has(":11:19: error: expected a key after the measure id\n  help: the keys are `list LIST`, `listing LABEL`, "
              "`document \"…\"`, `listed_on DATE`, `expires_on DATE`, `via ROLE of SUBJECT`, `via none`, or `granted` "
              "alone\n"));
    CHECK(has(":12:20: error: unknown key `lsit` in `because`\n  help: did you mean `list`?\n"));
    CHECK(has(":13:20: error: unknown key `reason` in `because`\n  help: the keys are `list LIST`"));
    CHECK(has(":14:25: error: unknown list `tax_blak`\n  help: did you mean `tax_black`?\n"));
    CHECK(has(":15:28: error: unknown listing `t9`\n  help: declare it above with `listing`\n"));
    CHECK(has(":16:35: error: `list` is given twice\n  help: one `because` line describes one copy of the measure; "
              "write another line for another copy\n"));
    CHECK(has(":17:28: error: `granted` stands alone: a measure a rule grants stems from no list entry\n"
              "  help: keep either `granted` or the keys of a list entry\n"));
    CHECK(has(":18:31: error: `granted` stands alone"));
    CHECK(has(":19:30: error: `2017-02-30` is not a date"));
    CHECK(has(":20:23: error: expected a role or `none` after `via`\n"));
    CHECK(has(":21:24: error: unknown role `legal_rep`\n"));
    CHECK(has(":22:45: error: expected `of`, found `acme`\n"));
    CHECK(has(":23:48: error: `nobody` is no declared subject and no valid identifier\n"));
    CHECK(has(":24:20: error: the key `list` is quoted\n  help: write `list` without quotes\n"));
    CHECK(has(":25:23: error: expected the implementer after the measure id\n  help: e.g. `\"发展改革委、财政部\"`, or "
              "`includes \"财政部\"` for one department\n"));
    CHECK(has(":26:32: error: expected a department after `includes`\n"));
    CHECK(has(":27:30: error: unexpected `财政部` at the end of the line\n  help: a department's name with spaces goes in "
              "quotes: `\"…\"`\n"));
    CHECK(has(":28:33: error: `发展改革委、财政部` names more than one department\n  help: `includes` takes one "
              "department; compare the whole text with `implementer tax_m.01 \"发展改革委、财政部\"`\n"));
    CHECK(has(":29:24: error: an empty implementer\n"));
    CHECK(has(":30:15: error: unknown measure `tax_m.1`\n"));
    CHECK(has(":31:3: error: unknown expectation `becuase`\n"));
}

TEST_CASE("escalation, suppressed incentives and expected errors are checked") {
    fixture f;
    auto r = f.run("rules.credo-test", R"(
subject acme enterprise
listing t1 acme on tax_black since 2017-01-01
listing d1 acme on debtor since 2017-06-01
listing r1 acme on red_a since 2017-01-01

check acme honors at 2017-07-01
  verdict restrict
  escalated tax courts
  binding tax_m.02 mandatory
  binding debtor_m.01 mandatory

check acme public_bidding at 2017-07-01
  suppressed red_m.01

check 91350100M000100Y4X public_bidding at 2017-07-01
  error invalid_id

check acme bidding at 2017-07-01
  error unknown_scenario
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "4 passed, 0 failed\n");
}

TEST_CASE("measures to verify, reached fields and an establishment date are checked") {
    fixture f;
    auto r = f.run("verify.credo-test", std::string(facts) + R"(
subject neu enterprise "新设公司" established 2016-06-01
subject old enterprise "老公司"
listing r1 neu on red_a since 2017-01-01
listing r2 old on red_a since 2017-01-01

check wang exit_control at 2018-01-01
  verdict none
  measures none
  to_verify tax_m.03
  reached tax
  fields

check wang exit_control at 2018-01-01 unpaid=yes
  verdict prohibit
  measures tax_m.03
  to_verify

check acme exit_control at 2018-01-01
  to_verify
  reached
  fields tax

check neu licensing at 2019-06-01  # known since its establishment
  measures clean.01

check old licensing at 2019-06-01  # known only since its listing in 2017
  measures none
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "5 passed, 0 failed\n");

    auto bad = f.run("verify_bad.credo-test", std::string(facts) + R"(
check wang exit_control at 2018-01-01
  to_verify
  reached courts
)");
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("expected measures to verify none, got tax_m.03") != std::string::npos);
    CHECK(bad.out.find("expected reached fields courts, got tax") != std::string::npos);
    CHECK(bad.out.find("to verify:") != std::string::npos);

    auto person = f.run("person_established.credo-test", "subject wang person established 2016-01-01\n");
    CHECK(person.exit_code == 2);
    CHECK((person.out + person.err).find("1:33: error: a person has no establishment date") != std::string::npos);
}

TEST_CASE("a pending objection is expected under suspended") {
    fixture f;
    auto r = f.run("objection.credo-test", std::string(facts) + R"(objection o1 on t1 filed 2018-01-01

check acme public_bidding at 2018-02-01
  verdict none
  suspended tax_m.01
  measures

check acme public_bidding at 2018-02-01
  measures tax_m.01
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("(objection o1)") != std::string::npos);
    CHECK(r.out.find("1 passed, 1 failed\n") != std::string::npos);
}

TEST_CASE("malformed files are reported with file, line and column and exit 2") {
    fixture f;
    auto r = f.run("malformed.credo-test", R"(subject acme enterprise
listing t1 acme on tax_blak since 2017-01-01
relation wang legal_representative of acme since 2015-01-01
listing t2 acme on tax_black since 2017-13-01
  verdict none
frobnicate
check acme public_bidding at 2018-01-01
  measures tax_m.1
  verdict prohibit "unterminated
check acme public_biding at 2018-01-01
  verdict none
check acme public_bidding at 2018-01-01
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 2);
    std::string p = f.dir.file("malformed.credo-test");
    CHECK(r.out.find(p + ":2:20: error: unknown list `tax_blak`\n  help: did you mean `tax_black`?\n") !=
          std::string::npos);
    CHECK(r.out.find(p + ":3:10: error: `wang` is no declared subject and no valid identifier\n") != std::string::npos);
    CHECK(r.out.find(p + ":4:36: error: `2017-13-01` is not a date") != std::string::npos);
    CHECK(r.out.find(p + ":5:3: error: an indented expectation outside a check\n") != std::string::npos);
    CHECK(r.out.find(p + ":6:1: error: unknown statement `frobnicate`\n") != std::string::npos);
    CHECK(r.out.find(p + ":8:12: error: unknown measure `tax_m.1`\n  help: did you mean `tax_m.01`?\n") !=
          std::string::npos);
    CHECK(r.out.find(p + ":9:20: error: unterminated string\n") != std::string::npos);
    CHECK(r.out.find(p + ":10:12: error: unknown scenario `public_biding`\n") != std::string::npos);
    CHECK(r.out.find(p + ":12:1: error: a check without expectations\n") != std::string::npos);
    CHECK(r.out.find("0 passed, 0 failed, 1 malformed file\n") != std::string::npos);
}

TEST_CASE("a fact the store refuses makes the file malformed, and facts that depend on it are skipped") {
    fixture f;
    auto r = f.run("refused.credo-test", R"(subject wang person
listing r1 wang on red_a since 2017-01-01
objection o1 on r1 filed 2017-02-01
repair r1 on 2017-03-01
check wang public_bidding at 2018-01-01
  verdict none
)");
    INFO(r.out, r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find(f.dir.file("refused.credo-test") + ":2:1: error: the store refuses this fact: ") !=
          std::string::npos);
    // The objection and the repair of the refused listing add no error of their own.
    CHECK(r.out.find("error:") == r.out.rfind("error:"));
}

TEST_CASE("a directory is searched for *.credo-test files, and malformed files do not stop the others") {
    fixture f;
    std::filesystem::create_directories(f.dir.file("suite/sub"));
    write_file(f.dir.file("suite/a.credo-test"), std::string(facts) + "check acme public_bidding at 2018-01-01\n  verdict prohibit\n");
    write_file(f.dir.file("suite/sub/b.credo-test"), "check acme\n  verdict none\n");
    write_file(f.dir.file("suite/notes.txt"), "not a test\n");
    auto r = run_credo({"test", "--rules", f.rules, f.dir.file("suite")});
    INFO(r.out, r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("sub/b.credo-test:1:11: error: expected a scenario\n") != std::string::npos);
    CHECK(r.out.find("1 passed, 0 failed, 1 malformed file\n") != std::string::npos);
}

TEST_CASE("a missing path is a usage error") {
    fixture f;
    auto r = run_credo({"test", "--rules", f.rules, f.dir.file("nothing-here")});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no such file or directory") != std::string::npos);
}
