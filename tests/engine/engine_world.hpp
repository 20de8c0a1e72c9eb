// SPDX-License-Identifier: Apache-2.0
// A small world for engine tests: rule text written to a temp dir, a real SQLite store filled
// through the store's API, and an engine over both.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "credo/engine.hpp"
#include "engine/catalog.hpp"
#include "store/generate.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace credo::test {

// Vocabulary, four lists, four memorandums and the three county rules, small enough to reason
// about in each test.
inline const char *const test_rules = R"(
subject_kind enterprise "企业" { category organisation }
subject_kind person "自然人" { category person }
role legal_representative "法定代表人"
role principal "主要负责人"
role director "董事"
field tax "税收"
field courts "法院"
field market "市场"
scenario public_bidding "招标投标"
scenario bond_issuance "发行债券"
scenario administrative_licensing "行政许可"
scenario honors "评先评优"
effect prohibit "禁止" { kind punishment  rank 1 }
effect restrict "限制" { kind punishment  rank 2 }
effect strict_review "从严审核" { kind punishment  rank 3 }
effect green_channel "绿色通道" { kind incentive  rank 1 }
effect priority "优先" { kind incentive  rank 2 }
attribute contract_value "合同金额" { type number }

list tax_black "税收黑名单" { kind black  field tax  initiator "税务局"  subjects enterprise, person  term 3y }
list debtor "失信被执行人" { kind black  field courts  initiator "法院"  subjects enterprise, person  term 2y }
list market_black "市场黑名单" { kind black  field market  initiator "市场监管局"  subjects enterprise, person  term 3y }
list red_a "A级纳税人" { kind red  field tax  initiator "税务局"  subjects enterprise  term 1y }

memorandum tax_m "税收备忘录" {
  document "发改财金〔2016〕2798号"
  targets tax_black
  extends_to legal_representative, principal
  effective 2016-01-01
  measure tax_m.01 "禁止参与招标" {
    implementer "发展改革委"
    scenarios public_bidding
    effect prohibit
    binding mandatory
    basis "招标投标法"
    when subject is enterprise
  }
  measure tax_m.02 "从严审核债券" {
    implementer "发展改革委", "证监会"
    scenarios bond_issuance
    effect strict_review
    binding recommended
  }
  measure tax_m.03 "限制负责人参与招标" {
    implementer "市场监管总局"
    scenarios public_bidding
    effect restrict
    binding recommended
    applies_to related
  }
  measure tax_m.04 "大额合同不予评优" {
    implementer "财政部"
    scenarios honors
    effect restrict
    binding mandatory
    when contract_value >= 1000000
  }
  measure tax_m.05 "一年内不得评优" {
    implementer "文明办"
    scenarios honors
    effect prohibit
    binding mandatory
    term 1y
  }
  measure tax_m.06 "招标中从严审核" {
    implementer "财政部"
    scenarios public_bidding
    effect strict_review
    binding recommended
    effective 2019-01-01
  }
}

memorandum debtor_m "失信被执行人备忘录" {
  document "发改财金〔2016〕141号"
  targets debtor
  extends_to legal_representative
  extends_to_organisations legal_representative, director
  effective 2016-01-01
  measure debtor_m.01 "限制参与招标" {
    implementer "法院"
    scenarios public_bidding
    effect restrict
    binding recommended
  }
  measure debtor_m.02 "从严审核发债" {
    implementer "人民银行"
    scenarios bond_issuance
    effect strict_review
    binding recommended
    when reached as director
  }
  measure debtor_m.03 "不得评优" {
    implementer "文明办"
    scenarios honors
    effect prohibit
    binding mandatory
    applies_to listed
  }
}

memorandum market_m "市场备忘录" {
  document "市场〔2017〕1号"
  targets market_black
  effective 2016-01-01
  measure market_m.01 "招标中从严审核" {
    implementer "市场监管局"
    scenarios public_bidding
    effect strict_review
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
    implementer "审批部门"
    scenarios administrative_licensing
    effect green_channel
    binding recommended
  }
}
)";

inline std::string org(std::uint64_t n) { return store::synthetic_credit_code(n); }
inline std::string person(std::uint64_t n) { return store::synthetic_resident_id(n); }
inline date day(const char *text) { return *date::parse(text); }

struct world {
    temp_dir dir;
    std::string rules_dir;
    std::string db_path;
    store::catalog catalog;
    std::unique_ptr<store::store> db;

    explicit world(const std::string &rules_text = test_rules) {
        rules_dir = dir.file("rules");
        db_path = dir.file("credo.db");
        std::filesystem::create_directories(rules_dir);
        write_rules(rules_text);
        diag::source_map sources;
        diag::diagnostics diags;
        auto rules = sema::load_rule_set(rules_dir, sources, diags);
        REQUIRE_MESSAGE(rules, (diags.items().empty() ? std::string() : diags.items().front().message));
        catalog = engine_core::make_catalog(*rules);
        db = std::make_unique<store::store>(store::store::open(db_path));
    }

    void write_rules(const std::string &text) const { write_file(rules_dir + "/test.credo", text); }

    std::int64_t list(const std::string &list_id, const std::string &subject, const std::string &listed_on,
                      const std::string &expires_on = "", const std::string &document = "税总〔2016〕1号") {
        store::new_entry e;
        e.list_id = list_id;
        e.subject_id = subject;
        e.subject_name = "主体" + subject.substr(14);
        e.listed_on = listed_on;
        e.expires_on = expires_on;
        e.document = document;
        e.initiator = "税务局";
        e.by = "test";
        auto r = db->add_entry(catalog, e);
        REQUIRE_MESSAGE(r, r.error());
        return *r;
    }

    void relate(const std::string &person_id, const std::string &org_id, const std::string &role,
                const std::string &since, const std::string &until = "") {
        store::new_relation r;
        r.person_id = person_id;
        r.person_name = "张三";
        r.org_id = org_id;
        r.org_name = "某公司";
        r.role = role;
        r.since = since;
        r.until = until;
        r.by = "test";
        auto added = db->add_relation(catalog, r);
        REQUIRE_MESSAGE(added, added.error());
    }

    engine open(bool audit = false) const {
        engine_options o;
        o.rules_dir = rules_dir;
        o.db_path = db_path;
        o.audit = audit;
        auto e = engine::open(o);
        REQUIRE_MESSAGE(e, (e ? std::string() : e.error().message));
        return std::move(e.value());
    }
};

inline decision check(const engine &e, const std::string &subject, const std::string &scenario, const char *at,
                      std::vector<query_attribute> attributes = {}) {
    decision d;
    query q;
    q.subject = subject;
    q.scenario = scenario;
    q.as_of = day(at);
    q.querier = "test";
    q.attributes = attributes;
    auto s = e.check(q, d);
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    return d;
}

inline std::vector<std::string> ids_of(const std::vector<decision_measure> &ms) {
    std::vector<std::string> out;
    for (const auto &m : ms) out.push_back(m.measure);
    return out;
}

using strings = std::vector<std::string>;

}  // namespace credo::test
