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

// The subject's own entries that count on `as_of` (see `in_force`) and are not under an
// objection pending that day: what a check counts for `listed`, `black_fields` and `clean_for`
// (清政办〔2017〕22号 五(六), 五(八)). Entries of related subjects never count.
class store_facts final : public sema::fact_source {
public:
    // `objections`: the subject's objections (any entry of its own); a pending one suspends
    // its entry from the day it was filed until the day it was resolved.
    store_facts(const sema::rule_set &rules, std::span<const store::entry> own, std::string_view kind, date as_of,
                std::span<const store::objection> objections = {});

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
    std::span<const store::objection> objections_;
    std::vector<sema::list_index> active_;
    sema::subject_kind_index kind_{};
    date as_of_;
    std::span<const sema::role_index> via_;
};

// Whether an entry counts on `d`: listed_on <= d < its end, not yet repaired or revoked. An
// entry without an end date ends at the list's `max_term` in force on its listed_on, if any
// (发改办财金〔2019〕527号), as in a check.
bool in_force(const sema::rule_set &rules, const store::entry &e, date d);
// The day an entry stops counting by its dates alone (expires_on, else the max_term cap);
// nullopt when it has no end.
std::optional<date> end_of(const sema::rule_set &rules, const store::entry &e);
// Whether an objection to the entry is pending on `d`.
bool disputed_on(std::span<const store::objection> objections, std::int64_t entry, date d);

// Whether the condition asks for something only a check's query supplies (an attribute or the
// credit rating): outside a check it cannot be decided.
bool needs_query(const sema::compiled_condition &condition);

// Whether any `then escalate` rule holds for these facts.
bool escalated(const sema::rule_set &rules, const sema::fact_source &facts);

}  // namespace credo::workflow
