// SPDX-License-Identifier: Apache-2.0
// Compiling rule text given as strings with the real parser, and finding diagnostics by code.
#pragma once

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "diag/diagnostic.hpp"
#include "sema/rule_set.hpp"
#include "syntax/parser.hpp"

namespace credo::test {

// A small vocabulary that most tests compile against, in its own file so that positions in the
// file under test count from its first line.
inline const char *const vocabulary = R"(subject_kind enterprise "企业" { category organisation }
subject_kind other_org "其他组织" { category organisation }
subject_kind person "自然人" { category person }
role legal_representative "法定代表人"
role principal "主要负责人"
role director "董事"
field tax "税收"
field courts "法院执行"
field integrity "诚信"
scenario land_supply "政府供应土地" { group approvals }
scenario bond_issuance "发行债券" { group finance }
scenario air_travel "乘坐飞机"
scenario administrative_licensing "行政许可"
effect prohibit "禁止" { kind punishment  rank 1 }
effect restrict "限制" { kind punishment  rank 2 }
effect green_channel "绿色通道" { kind incentive  rank 1 }
effect priority "优先" { kind incentive  rank 2 }
attribute contract_value "合同金额" { type number }
attribute region "地区" { type string }
attribute signed_on "签订日期" { type date }
list major_tax_violation "重大税收违法案件当事人名单" {
  kind black  field tax  initiator "税务机关"  subjects enterprise, other_org, person  term 3y
}
list dishonest_judgment_debtor "失信被执行人名单" {
  kind black  field courts  initiator "人民法院"  subjects organisation, person  term 2y
}
list integrity_model "诚信红榜" {
  kind red  field integrity  initiator "县信用办"  subjects enterprise
}
)";

struct compiled {
    diag::source_map sources;
    diag::diagnostics diags;
    std::shared_ptr<const sema::rule_set> rules;

    // `file:line:col: CODE message` of every diagnostic, for failure messages.
    std::string all() const {
        std::string out;
        for (const auto &d : diags.items()) out += diag::render(d, sources);
        return out;
    }
    const diag::diagnostic *find(std::string_view code) const {
        for (const auto &d : diags.items()) {
            if (d.code == code) return &d;
        }
        return nullptr;
    }
    std::size_t count(std::string_view code) const {
        std::size_t n = 0;
        for (const auto &d : diags.items()) n += d.code == code;
        return n;
    }
    // `line:col` of a span, in whichever file it is.
    std::string at(diag::span where) const {
        auto loc = sources.locate(where);
        return fmt::format("{}:{}", loc.line, loc.column);
    }
};

// Parses and compiles files given as (name, text) pairs, in this order.
inline std::unique_ptr<compiled> compile_files(const std::vector<std::pair<std::string, std::string>> &files) {
    auto c = std::make_unique<compiled>();
    std::vector<syntax::rule_file> parsed;
    for (const auto &[name, text] : files) {
        auto id = c->sources.add(name, text);
        parsed.push_back(syntax::parse(c->sources, id, c->diags));
    }
    REQUIRE_MESSAGE(!c->diags.has_errors(), c->all());
    c->rules = sema::compile(parsed, c->diags);
    return c;
}

// The shared vocabulary plus `text` as `test.credo`.
inline std::unique_ptr<compiled> compile_text(const std::string &text) {
    return compile_files({{"vocabulary.credo", vocabulary}, {"test.credo", text}});
}

// Asserts exactly one diagnostic with `code`, with this message and position in test.credo.
#define CHECK_DIAG(c, expected_code, expected_message, expected_position)               \
    do {                                                                                \
        const auto *found_ = (c)->find(expected_code);                                  \
        REQUIRE_MESSAGE(found_ != nullptr, "no " expected_code " in:\n" << (c)->all()); \
        CHECK_MESSAGE((c)->count(expected_code) == 1, (c)->all());                      \
        CHECK(found_->message == (expected_message));                                   \
        CHECK((c)->at(found_->primary) == (expected_position));                         \
        CHECK((c)->sources.path(found_->primary.file) == std::string("test.credo"));    \
    } while (false)

}  // namespace credo::test
