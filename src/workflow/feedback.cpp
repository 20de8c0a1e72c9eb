// SPDX-License-Identifier: Apache-2.0
// Feedback checked against the rule set.
#include "workflow/feedback.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "workflow/facts.hpp"

namespace credo::workflow {

namespace {

bool blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

std::optional<bool> mandatory_in_check(store::store &db, const sema::rule_set &rules, const store::stored_check &check,
                                       std::string_view measure) {
    auto m = rules.find_measure(measure);
    if (!m) return std::nullopt;
    const auto &info = rules.measure(*m);
    if (info.binding == sema::binding_kind::mandatory) return true;
    if (rules.effect(info.effect).kind != sema::effect_kind::punishment) return false;
    if (info.conditional()) return false;  // escalation never makes a conditional measure mandatory
    auto own = db.entries_of(check.subject_id);
    auto objections = db.objections_of(check.subject_id);
    std::string kind = "person";
    if (auto s = db.find_subject(check.subject_id)) kind = s->kind;
    store_facts facts(rules, own, kind, check.as_of, objections);
    return escalated(rules, facts);
}

store::result<std::int64_t> record_feedback(store::store &db, const sema::rule_set &rules,
                                            const department_map &departments, const store::feedback_record &f) {
    using R = store::result<std::int64_t>;
    if (f.measure_id.empty()) return R::failure("measure is empty");
    if (f.implementer.empty()) return R::failure("the reporting department (implementer) is empty");
    auto check = db.find_check(f.check_id);
    if (!check) return R::failure(fmt::format("no check {}", f.check_id));
    auto m = rules.find_measure(f.measure_id);
    if (!m) {
        auto near = rules.closest(sema::entity::measure, f.measure_id, 3);
        return R::failure(near ? fmt::format("unknown measure `{}`; did you mean `{}`?", f.measure_id, *near)
                               : fmt::format("unknown measure `{}`", f.measure_id));
    }
    const auto &info = rules.measure(*m);
    bool in_scenario = std::any_of(info.scenarios.begin(), info.scenarios.end(),
                                   [&](auto s) { return rules.scenario(s).id == check->scenario; });
    if (!in_scenario) {
        return R::failure(fmt::format("measure `{}` does not apply in scenario `{}` of check {}", f.measure_id,
                                      check->scenario, f.check_id));
    }
    bool implements = std::any_of(info.implementers.begin(), info.implementers.end(),
                                  [&](const std::string &i) { return departments.acts_for(f.implementer, i); });
    if (!implements) {
        std::string names;
        for (const auto &i : info.implementers) names += (names.empty() ? "`" : ", `") + i + "`";
        return R::failure(fmt::format("`{}` does not implement measure `{}`: its implementers are {}, and "
                                      "departments.csv does not say `{}` acts for any of them",
                                      f.implementer, f.measure_id, names, f.implementer));
    }
    if (f.outcome == store::feedback_outcome::declined && blank(f.note)) {
        if (mandatory_in_check(db, rules, *check, f.measure_id).value_or(true)) {
            return R::failure(fmt::format("declining mandatory measure `{}` needs a reason in the note", f.measure_id));
        }
    }
    return db.record_feedback(f);
}

}  // namespace credo::workflow
