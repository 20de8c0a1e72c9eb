// SPDX-License-Identifier: Apache-2.0
// Facts for a rule condition read from the store (a subject's own entries on a date), for the
// workflow's questions that run outside a check: push and feedback.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sema/rule_set.hpp"
#include "store/store.hpp"

namespace credo::workflow {

// The subject's own entries in force on `as_of` (listed_on <= d < expires_on or no end date,
// not yet repaired or revoked); entries of related subjects do not count, unlike in a check.
class store_facts final : public sema::fact_source {
public:
    store_facts(const sema::rule_set &rules, std::span<const store::entry> own, std::string_view kind, date as_of);

    void set_via(std::span<const sema::role_index> via) { via_ = via; }

    bool listed(sema::list_index list) const override;
    bool listed_any(sema::list_kind kind) const override;
    bool listed_in_field(sema::field_index field) const override;
    int black_field_count() const override;
    sema::subject_kind_index subject_kind() const override { return kind_; }
    std::span<const sema::role_index> reached_via() const override { return via_; }
    date as_of() const override { return as_of_; }
    std::optional<date> clean_since() const override;
    std::optional<std::string_view> credit_rating() const override { return std::nullopt; }
    sema::attribute_value attribute(sema::attribute_index) const override { return std::monostate{}; }

private:
    const sema::rule_set &rules_;
    std::span<const store::entry> own_;
    std::vector<sema::list_index> active_;
    sema::subject_kind_index kind_{};
    date as_of_;
    std::span<const sema::role_index> via_;
};

// Whether an entry counts on `d`.
bool in_force(const store::entry &e, date d);

// Whether the condition asks for something only a check's query supplies (an attribute or the
// credit rating): outside a check it cannot be decided.
bool needs_query(const sema::compiled_condition &condition);

// Whether any `then escalate` rule holds for these facts.
bool escalated(const sema::rule_set &rules, const sema::fact_source &facts);

}  // namespace credo::workflow
