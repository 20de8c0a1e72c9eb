// SPDX-License-Identifier: Apache-2.0
// Feedback (执行反馈) with the rules the store alone cannot know: the measure must exist, apply
// in the check's scenario and be implemented by the reporting department, and declining a
// mandatory measure needs a reason.
#pragma once

#include <cstdint>

#include "sema/rule_set.hpp"
#include "workflow/departments.hpp"
#include "store/store.hpp"

namespace credo::workflow {

// Records feedback after checking it against the rule set in force. A measure counts as
// mandatory when its binding is `mandatory`, or when it is a punishment measure and a
// `then escalate` rule holds for the checked subject's own entries on the check's date (the
// check's decision itself is kept only as a digest). The reporting department must be one of
// the measure's implementers or act for one of them in `departments`. Refusals are failures
// with a message.
store::result<std::int64_t> record_feedback(store::store &db, const sema::rule_set &rules,
                                            const department_map &departments,
                                            const store::feedback_record &feedback);

// Whether `measure` was mandatory in `check` (see above); nullopt for an unknown measure.
std::optional<bool> mandatory_in_check(store::store &db, const sema::rule_set &rules, const store::stored_check &check,
                                       std::string_view measure);

}  // namespace credo::workflow
