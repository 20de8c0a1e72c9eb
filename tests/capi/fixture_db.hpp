// SPDX-License-Identifier: Apache-2.0
// The small database the C API tests, the examples and the C API fuzzer check against
// (fixture.h names its subjects). Until `credo import` exists this goes through the store's
// C++ interface.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

#include "store/catalog.hpp"
#include "store/store.hpp"

namespace credo::capi_test {


namespace st = credo::store;

inline st::catalog make_catalog() {
    st::catalog c;
    st::list_info tax;
    tax.kind = st::list_kind::black;
    tax.field = "tax";
    tax.subject_kinds = {"enterprise", "individual_business", "cooperative", "other_org", "person"};
    tax.terms = {{std::nullopt, st::term{3, 'y'}, {}}};
    c.lists.emplace("major_tax_violation", tax);
    st::list_info market;
    market.kind = st::list_kind::black;
    market.field = "market_regulation";
    market.subject_kinds = {"enterprise"};
    market.terms = {{std::nullopt, st::term{3, 'y'}, {}}};
    c.lists.emplace("dishonest_enterprise", market);
    st::list_info red;
    red.kind = st::list_kind::red;
    red.field = "tax";
    red.subject_kinds = {"enterprise"};
    red.terms = {{std::nullopt, st::term{1, 'y'}, {}}};
    c.lists.emplace("tax_credit_a", red);
    c.roles = {"legal_representative", "principal"};
    return c;
}

inline bool list(st::store &db, const st::catalog &c, const char *list_id, const char *subject, const char *name,
          const char *listed_on, std::int64_t *id = nullptr) {
    st::new_entry e;
    e.list_id = list_id;
    e.subject_id = subject;
    e.subject_name = name;
    e.listed_on = listed_on;
    e.document = "示例〔2024〕1号";
    e.initiator = "县税务局";
    e.reason = "fixture";
    e.by = "fixture";
    auto r = db.add_entry(c, e);
    if (!r) std::fprintf(stderr, "make_fixture: %s: %s\n", subject, r.error().c_str());
    if (r && id != nullptr) *id = *r;
    return static_cast<bool>(r);
}



// Writes the fixture database to `path` (replacing it); false with a message on stderr when a
// row is refused. Throws store::error when the database cannot be written.
inline bool write_fixture_db(const std::string &path) {
    std::filesystem::remove(path);
    auto c = make_catalog();
    auto db = st::store::open(path);
    std::int64_t e_entry = 0;
    bool ok = list(db, c, "major_tax_violation", "91440300MA5F0000X1", "甲建设有限公司", "2024-01-10") &&
              list(db, c, "major_tax_violation", "91440300MA5F000181", "乙贸易有限公司", "2024-03-01") &&
              list(db, c, "dishonest_enterprise", "91440300MA5F000181", "乙贸易有限公司", "2024-04-01") &&
              list(db, c, "tax_credit_a", "91440300MA5F00026U", "丙科技有限公司", "2025-01-01") &&
              list(db, c, "major_tax_violation", "91440300MA5F00042H", "戊实业有限公司", "2024-02-01", &e_entry);
    st::new_relation r;
    r.person_id = "440300198001010011";
    r.person_name = "张三";
    r.org_id = "91440300MA5F0000X1";
    r.org_name = "甲建设有限公司";
    r.role = "legal_representative";
    r.since = "2020-01-01";
    r.by = "fixture";
    if (ok) {
        auto added = db.add_relation(c, r);
        if (!added) std::fprintf(stderr, "make_fixture: relation: %s\n", added.error().c_str());
        ok = static_cast<bool>(added);
    }
    if (ok) {
        auto o = db.open_objection(e_entry, *credo::date::parse("2025-05-01"), "戊实业有限公司", "已补缴税款");
        if (!o) std::fprintf(stderr, "make_fixture: objection: %s\n", o.error().c_str());
        ok = static_cast<bool>(o);
    }
    return ok;
}

}  // namespace credo::capi_test
