// SPDX-License-Identifier: Apache-2.0
// Which memorandum implementers a local department acts for. The national memorandums name
// ministries (财政部, 国家发展改革委) or kinds of department (税务机关); in a county the
// measure is applied by the county's counterpart (县财政局, 县发展改革委), and feedback comes from
// it. `rules/departments.csv` says who stands for whom, one pair a row:
//   department,acts_for
//   县财政局,财政部
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sema/rule_set.hpp"
#include "store/store.hpp"

namespace credo::workflow {

class department_map {
public:
    // Reads `departments.csv` in the rule directory `rules_dir` (RFC 4180 CSV with the header
    // `department,acts_for`). A missing file is an empty map: then only a measure's own
    // implementers may report on it. Every name in `acts_for` must be an implementer of some
    // measure in `rules`; any problem fails the load with `file:line: what`.
    static store::result<department_map> load(const std::string &rules_dir, const sema::rule_set &rules);
    // The same from the file's `text`; `path` names it in problems.
    static store::result<department_map> parse(std::string_view text, const std::string &path,
                                               const sema::rule_set &rules);

    // True when `department` is `implementer` itself or acts for it.
    bool acts_for(std::string_view department, std::string_view implementer) const;

    // The implementers `department` acts for (empty when it is not in the file).
    const std::set<std::string, std::less<>> &implementers_of(std::string_view department) const;

    // The departments acting for `implementer`, in name order.
    std::vector<std::string> acting_for(std::string_view implementer) const;

    std::size_t size() const { return pairs_; }

private:
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> acts_for_;
    std::size_t pairs_ = 0;
};

// `DIR/departments.csv`, the file `load` reads.
std::string departments_path(const std::string &rules_dir);

}  // namespace credo::workflow
