// SPDX-License-Identifier: Apache-2.0
// The synthetic data generator: valid check characters, realistic names, dates and documents.
#include "store/generate.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <random>

#include "base/files.hpp"
#include "credo/ids.hpp"
#include "store/error.hpp"

namespace credo::store {

namespace {

constexpr std::array<const char *, 8> divisions = {"350100", "350200", "440300", "110105",
                                                   "320500", "330100", "410922", "510104"};
// Resident IDs from provinces whose first two digits are no credit-code registration category,
// so that no generated ID is ambiguous between the two schemes.
constexpr std::array<const char *, 8> person_divisions = {"440300", "370102", "360102", "430104",
                                                          "420106", "500103", "450103", "460105"};
constexpr std::array<const char *, 8> cities = {"福州", "厦门", "深圳", "北京", "苏州", "杭州", "濮阳", "成都"};
constexpr std::array<const char *, 10> trades = {"科技", "建设工程", "食品", "贸易", "农资", "化工",
                                                 "物流", "医药", "环保", "置业"};
constexpr std::array<const char *, 12> surnames = {"王", "李", "张", "刘", "陈", "杨",
                                                   "黄", "赵", "吴", "周", "徐", "孙"};
constexpr std::array<const char *, 12> given = {"伟", "芳", "娜", "敏", "静", "强",
                                                "磊", "军", "洋", "勇", "艳", "杰"};

const char *initiator_of(std::string_view list) {
    if (list == "major_tax_violation" || list == "tax_credit_a") return "税务局";
    if (list == "dishonest_enterprise") return "市场监督管理局";
    if (list == "listed_company_violation") return "证监局";
    if (list == "dishonest_judgment_debtor") return "人民法院";
    if (list == "work_safety") return "应急管理局";
    if (list == "food_drug") return "市场监督管理局";
    if (list == "fiscal_funds") return "财政局";
    if (list == "agricultural_inputs") return "农业农村局";
    if (list == "environmental") return "生态环境局";
    if (list == "integrity_model") return "发展改革委";
    return "发起部门";
}

// A generated file, written through base::output_file: an existing database, device or FIFO of
// that name is refused, and an earlier file of that name is replaced whole or not at all.
class output {
public:
    explicit output(const std::string &path) : file_(open(path)) { buffer_.reserve(1 << 20); }
    std::string &buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() > (1 << 20) - 4096) flush();
    }
    void close() {
        flush();
        try {
            file_.commit();
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }

private:
    static base::output_file open(const std::string &path) {
        try {
            return base::output_file(path, {});
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
    }
    void flush() {
        try {
            file_.write(buffer_);
        } catch (const base::file_error &e) {
            throw error(e.what());
        }
        buffer_.clear();
    }
    base::output_file file_;
    std::string buffer_;
};

std::string company_name(std::uint64_t i) {
    return fmt::format("{}市{}{}有限公司", cities[i % cities.size()], trades[(i / 8) % trades.size()], i);
}

std::string person_name(std::uint64_t i) {
    return fmt::format("{}{}{}", surnames[i % surnames.size()], given[(i / 12) % given.size()],
                       given[(i / 144) % given.size()]);
}

}  // namespace

std::string synthetic_credit_code(std::uint64_t index) {
    // 9 1 | division | organisation code: 8 body characters + GB 11714 check | check character
    std::string first = fmt::format("91{}{:08}", divisions[index % divisions.size()], (index * 7919) % 100000000);
    std::string body = first.substr(8, 8);
    first += ids::org_code_check_character(body);
    first += ids::credit_code_check_character(first);
    return first;
}

std::string synthetic_resident_id(std::uint64_t index) {
    date birth = date::from_ymd(1950, 1, 1).add_days(static_cast<int>(index / 1000));
    std::string first = fmt::format("{}{:04}{:02}{:02}{:03}", person_divisions[(index / 7) % person_divisions.size()], birth.year(),
                                    birth.month(), birth.day(), index % 1000);
    first += ids::resident_id_check_character(first);
    return first;
}

void write_list_csv(const catalog &rules, const std::string &list_id, const std::string &path, std::uint64_t rows,
                    std::uint64_t seed, double person_share, std::uint64_t first_subject) {
    const list_info *list = rules.find_list(list_id);
    if (!list) throw error(fmt::format("unknown list `{}`", list_id));
    bool persons = catalog::allows(*list, "person");
    bool orgs = catalog::allows(*list, "enterprise");
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const date start = date::from_ymd(2021, 1, 1);
    output out(path);
    out.buffer() += "subject_id,subject_name,listed_on,expires_on,document,initiator,reason\n";
    const char *initiator = initiator_of(list_id);
    for (std::uint64_t i = 0; i < rows; ++i) {
        std::uint64_t subject = first_subject + i;
        bool person = persons && (!orgs || unit(rng) < person_share);
        date listed = start.add_days(static_cast<int>(rng() % 2000));
        std::string expires;
        if (list->terms.empty() || unit(rng) < 0.5) {
            expires = listed.add_days(365 + static_cast<int>(rng() % 1460)).to_string();
        }
        fmt::format_to(std::back_inserter(out.buffer()), "{},{},{},{},{}〔{}〕{}号,{},{}\n",
                       person ? synthetic_resident_id(subject) : synthetic_credit_code(subject),
                       person ? person_name(subject) : company_name(subject), listed.to_string(), expires,
                       initiator, listed.year(), 1000 + i, initiator,
                       list->kind == list_kind::black ? "\"经查实，存在严重失信行为，依法列入名单\"" : "评定为守信主体");
        out.maybe_flush();
    }
    out.close();
}

generated_files generate_data(const catalog &rules, const std::string &dir, const generate_options &options) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error(fmt::format("cannot create `{}`: {}", dir, ec.message()));
    generated_files files;
    std::size_t n = rules.lists.size();
    if (n == 0) return files;
    std::size_t k = 0;
    std::uint64_t next_subject = 0;
    for (const auto &[id, info] : rules.lists) {
        std::uint64_t rows = options.entries / n + (k < options.entries % n ? 1 : 0);
        std::string path = fmt::format("{}/{}.csv", dir, id);
        // Overlapping subject ranges put some subjects on several lists (escalation cases).
        write_list_csv(rules, id, path, rows, options.seed + k, options.person_share, next_subject);
        next_subject += rows - rows / 5;
        files.lists.emplace_back(id, path);
        files.entries += rows;
        ++k;
    }
    std::vector<std::string> roles(rules.roles.begin(), rules.roles.end());
    files.relations = dir + "/relations.csv";
    output out(files.relations);
    out.buffer() += "person_id,person_name,org_id,role,since,until\n";
    std::mt19937_64 rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
    const date start = date::from_ymd(2010, 1, 1);
    std::uint64_t subjects = std::max<std::uint64_t>({next_subject, options.relations, 1});
    for (std::uint64_t i = 0; i < options.relations && !roles.empty(); ++i) {
        std::uint64_t person = 50000000 + i;  // beyond the listed persons: never collides with them
        if (i % 4 == 0) person = rng() % subjects;  // some related persons are listed themselves
        std::uint64_t org = rng() % subjects;
        date since = start.add_days(static_cast<int>(rng() % 5000));
        std::string until;
        if (rng() % 5 == 0) until = since.add_days(200 + static_cast<int>(rng() % 2000)).to_string();
        fmt::format_to(std::back_inserter(out.buffer()), "{},{},{},{},{},{}\n", synthetic_resident_id(person % 10000000),
                       person_name(person), synthetic_credit_code(org), roles[i % roles.size()], since.to_string(),
                       until);
        out.maybe_flush();
    }
    out.close();
    files.relations_written = roles.empty() ? 0 : options.relations;
    return files;
}

}  // namespace credo::store
