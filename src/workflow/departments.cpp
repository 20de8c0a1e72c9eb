// SPDX-License-Identifier: Apache-2.0
// The department file: read strictly, every row checked against the rule set's implementers.
#include "workflow/departments.hpp"

#include <filesystem>
#include <fmt/format.h>

#include "base/files.hpp"
#include "base/utf8.hpp"
#include "store/csv.hpp"

namespace credo::workflow {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string departments_path(const std::string &rules_dir) {
    return (std::filesystem::path(rules_dir) / "departments.csv").string();
}

store::result<department_map> department_map::load(const std::string &rules_dir, const sema::rule_set &rules) {
    using R = store::result<department_map>;
    const std::string path = departments_path(rules_dir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return department_map{};
    std::string text;
    try {
        text = base::read_regular_file(path, std::uint64_t{64} << 20);
    } catch (const base::file_error &e) {
        return R::failure(e.what());
    }
    return parse(text, path, rules);
}

store::result<department_map> department_map::parse(std::string_view text, const std::string &path,
                                                    const sema::rule_set &rules) {
    using R = store::result<department_map>;
    department_map map;
    if (auto bad = base::find_invalid_utf8(text); bad != std::string_view::npos) {
        return R::failure(fmt::format("{}: invalid UTF-8 at byte {}", path, bad));
    }

    std::set<std::string_view> implementers;
    for (const auto &m : rules.measures())
        for (const auto &i : m.implementers) implementers.insert(i);

    store::csv_reader reader(text);
    std::vector<std::string_view> fields;
    auto got = reader.next(fields);
    if (got == store::csv_reader::outcome::end) {
        return R::failure(fmt::format("{}:1: the file is empty; expected the header `department,acts_for`", path));
    }
    if (got == store::csv_reader::outcome::malformed || fields.size() != 2 || trimmed(fields[0]) != "department" ||
        trimmed(fields[1]) != "acts_for") {
        return R::failure(fmt::format("{}:1: expected the header `department,acts_for`", path));
    }
    for (;;) {
        got = reader.next(fields);
        if (got == store::csv_reader::outcome::end) break;
        auto line = reader.record_line();
        if (got == store::csv_reader::outcome::malformed) {
            return R::failure(fmt::format("{}:{}: {}", path, line, reader.error()));
        }
        if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
        if (fields.size() != 2) {
            return R::failure(fmt::format("{}:{}: the row has {} fields; expected `department,acts_for`", path, line,
                                          fields.size()));
        }
        auto department = trimmed(fields[0]);
        auto implementer = trimmed(fields[1]);
        if (department.empty()) return R::failure(fmt::format("{}:{}: the department is empty", path, line));
        if (implementer.empty()) return R::failure(fmt::format("{}:{}: `acts_for` is empty", path, line));
        if (!implementers.contains(implementer)) {
            return R::failure(fmt::format("{}:{}: `{}` is not the implementer of any measure in the rules", path, line,
                                          implementer));
        }
        auto &set = map.acts_for_[std::string(department)];
        if (!set.emplace(implementer).second) {
            return R::failure(
                fmt::format("{}:{}: `{}` acting for `{}` is already stated", path, line, department, implementer));
        }
        ++map.pairs_;
    }
    return map;
}

bool department_map::acts_for(std::string_view department, std::string_view implementer) const {
    if (department == implementer) return true;
    auto it = acts_for_.find(department);
    return it != acts_for_.end() && it->second.contains(implementer);
}

std::vector<std::string> department_map::acting_for(std::string_view implementer) const {
    std::vector<std::string> out;
    for (const auto &[department, implementers] : acts_for_)
        if (implementers.contains(implementer)) out.push_back(department);
    return out;
}

const std::set<std::string, std::less<>> &department_map::implementers_of(std::string_view department) const {
    static const std::set<std::string, std::less<>> none;
    auto it = acts_for_.find(department);
    return it == acts_for_.end() ? none : it->second;
}

}  // namespace credo::workflow
