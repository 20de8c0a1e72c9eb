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
effect prohibit "禁止" { kind punishment  rank 1 }
effect restrict "限制" { kind punishment  rank 2 }
effect priority "优先" { kind incentive  rank 1 }

list tax_black "税收黑名单" { kind black  field tax  initiator "税务局"  subjects enterprise, person  term 3y }
list debtor "失信被执行人" { kind black  field courts  initiator "法院"  subjects enterprise, person  term 2y }
list red_a "A级纳税人" { kind red  field tax  initiator "税务局"  subjects enterprise  term 1y }

memorandum tax_m "税收备忘录" {
  document "发改财金〔2016〕2798号"
  targets tax_black
  extends_to legal_representative
  effective 2016-01-01
  measure tax_m.01 "禁止参与招标" {
    implementer "发展改革委"
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
}

memorandum debtor_m "失信被执行人备忘录" {
  document "发改财金〔2016〕141号"
  targets debtor
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
