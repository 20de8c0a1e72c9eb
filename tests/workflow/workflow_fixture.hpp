// SPDX-License-Identifier: Apache-2.0
// What the push, feedback, statistics and report tests share: a small rule set written to a
// temporary directory, a store with a settable clock, and sample identifiers.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "diag/diagnostic.hpp"
#include "engine/catalog.hpp"
#include "sema/rule_set.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace credo::workflow_test {

// Two black lists in two fields; `memo_tax` reaches legal representatives, except its measure
// .03 (`reaches none`); .04 is conditional; a recommended punishment measure becomes mandatory
// when a subject is on both (escalation), unless it is conditional.
inline const char *test_rules = R"(
list test_tax "测试税收黑名单" {
  kind black
  field tax
  initiator "税务局"
  subjects enterprise, person
  term 3y
}
list test_food "测试食品黑名单" {
  kind black
  field food_drug
  initiator "市场监管局"
  subjects enterprise, person
  term 3y
}
memorandum memo_tax "测试税收备忘录" {
  document "测〔2026〕1号"
  effective 2020-01-01
  targets test_tax
  extends_to legal_representative
  measure memo_tax.01 "限制参与招标投标" {
    implementer "自然资源局"
    scenarios public_bidding
    effect restrict
    binding mandatory
  }
  measure memo_tax.02 "从严审核发行债券" {
    implementer "发展改革委"
    scenarios bond_issuance
    effect strict_review
    binding recommended
    when subject is enterprise
  }
  measure memo_tax.03 "限制出入境证件办理" {
    implementer "测试公安局"
    scenarios exit_control
    effect restrict
    binding recommended
    reaches none
  }
  measure memo_tax.04 "欠税未担保的阻止出境" {
    implementer "测试公安局"
    scenarios exit_control
    effect prohibit
    binding recommended
    verify "欠缴税款且未提供担保"
  }
}
memorandum memo_food "测试食品备忘录" {
  document "测〔2026〕2号"
  effective 2020-01-01
  targets test_food
  measure memo_food.01 "招标投标中重点监管" {
    implementer "自然资源局"
    scenarios public_bidding
    effect heightened_supervision
    binding recommended
  }
}
rule two_fields "同时纳入两个及以上领域黑名单的，加大惩戒力度" {
  when black_fields >= 2
  then escalate
}
)";

inline const std::string org1 = store::synthetic_credit_code(1);
inline const std::string org2 = store::synthetic_credit_code(2);
inline const std::string person1 = store::synthetic_resident_id(1);
inline const std::string person2 = store::synthetic_resident_id(2);

struct world {
    test::temp_dir dir;
    std::string rules_dir = dir.file("rules");
    std::string db_path = dir.file("credo.db");
    std::shared_ptr<const sema::rule_set> rules;
    store::catalog catalog;
    std::shared_ptr<std::string> clock = std::make_shared<std::string>("2026-07-01T02:00:00.000Z");

    world() {
        std::filesystem::create_directories(rules_dir);
        std::filesystem::copy_file(std::string(CREDO_SOURCE_DIR) + "/rules/vocabulary.credo",
                                   rules_dir + "/vocabulary.credo");
        test::write_file(rules_dir + "/test.credo", test_rules);
        diag::source_map sources;
        diag::diagnostics diags;
        rules = sema::load_rule_set(rules_dir, sources, diags);
        REQUIRE(rules);
        catalog = engine_core::make_catalog(*rules);
    }

    store::open_options options() const {
        store::open_options o;
        auto c = clock;
        o.clock = [c] { return *c; };
        return o;
    }
    store::store open() const { return store::store::open(db_path, options()); }

    std::int64_t list(store::store &db, const std::string &list, const std::string &subject, const std::string &on,
                      const std::string &document) {
        auto r = db.add_entry(catalog, {list, subject, "名称" + subject.substr(0, 4), on, "", document, "税务局", "", "test"});
        REQUIRE_MESSAGE(r, r.error());
        return *r;
    }
    std::int64_t relate(store::store &db, const std::string &person, const std::string &org, const std::string &role,
                        const std::string &since) {
        auto r = db.add_relation(catalog, {person, "张三", org, "甲公司", role, since, "", "test"});
        REQUIRE_MESSAGE(r, r.error());
        return *r;
    }
};

}  // namespace credo::workflow_test
