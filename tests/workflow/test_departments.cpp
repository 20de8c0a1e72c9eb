// SPDX-License-Identifier: Apache-2.0
// The shipped `rules/departments.csv` names a county office for every implementer of every
// measure in the shipped rules, read from the source tree when the test runs: a measure added
// later with an implementer nobody acts for fails here, naming the implementer and the measure.
#include <doctest/doctest.h>

#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "sema/rule_set.hpp"
#include "support/process.hpp"
#include "workflow/departments.hpp"

using namespace credo;

namespace {

const std::string shipped_rules = CREDO_SOURCE_DIR "/rules";

std::shared_ptr<const sema::rule_set> load_rules(const std::string &dir) {
    diag::source_map sources;
    diag::diagnostics diags;
    auto rules = sema::load_rule_set(dir, sources, diags);
    std::string errors;
    for (const auto &d : diags.items()) errors += diag::render(d, sources) + "\n";
    REQUIRE_MESSAGE(rules, errors);
    return rules;
}

// One line for each implementer of a measure that no row of departments.csv acts for, in
// measure order.
std::vector<std::string> unmapped(const sema::rule_set &rules, const workflow::department_map &departments) {
    std::vector<std::string> out;
    for (const auto &m : rules.measures()) {
        for (const auto &implementer : m.implementers) {
            if (departments.acting_for(implementer).empty()) {
                out.push_back(fmt::format("implementer `{}` of measure `{}` has no row in departments.csv",
                                          implementer, m.id));
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("every implementer in the shipped rules has a county office in rules/departments.csv") {
    auto rules = load_rules(shipped_rules);
    REQUIRE_FALSE(rules->measures().empty());
    auto departments = workflow::department_map::load(shipped_rules, *rules);
    REQUIRE_MESSAGE(departments, departments.error());
    REQUIRE(departments->size() > 0);
    for (const auto &missing : unmapped(*rules, *departments)) FAIL_CHECK(missing);
}

TEST_CASE("a measure added to the shipped rules with an implementer no county office acts for is named") {
    test::temp_dir dir;
    const std::string copy = dir.file("rules");
    std::filesystem::copy(shipped_rules, copy, std::filesystem::copy_options::recursive);
    test::write_file(copy + "/probe.credo", R"(
memorandum departments_probe "部门对应检查" {
  document "测〔2026〕9号"
  targets integrity_model
  effective 2026-01-01
  measure departments_probe.01 "公共资源交易中优先考虑" {
    implementer "县财政局", "县新设部门"
    scenarios public_bidding
    effect priority
    binding recommended
  }
}
)");
    auto rules = load_rules(copy);
    auto departments = workflow::department_map::load(copy, *rules);
    REQUIRE_MESSAGE(departments, departments.error());
    CHECK(unmapped(*rules, *departments) ==
          std::vector<std::string>{
              "implementer `县新设部门` of measure `departments_probe.01` has no row in departments.csv"});
}
