// SPDX-License-Identifier: Apache-2.0
// The decision's JSON shape (docs/engine.md) and the names of error codes.
#include <nlohmann/json.hpp>

#include "credo/engine.hpp"

namespace credo {

std::string_view to_string(error_code code) {
    switch (code) {
    case error_code::invalid_argument: return "invalid_argument";
    case error_code::invalid_id: return "invalid_id";
    case error_code::unknown_scenario: return "unknown_scenario";
    case error_code::rule_error: return "rule_error";
    case error_code::store_error: return "store_error";
    case error_code::internal: return "internal";
    }
    return "internal";
}

void decision::clear() {
    subject.id.clear();
    subject.kind.clear();
    subject.name.clear();
    scenario.clear();
    as_of = date();
    verdict.clear();
    escalated = false;
    black_fields.clear();
    measures.clear();
    suspended.clear();
    suppressed_incentives.clear();
    rules_version.clear();
    check_id.reset();
}

namespace {

// ordered_json keeps the documented key order.
using json = nlohmann::ordered_json;

json measure_json(const decision_measure &m, bool with_objection) {
    json j;
    j["memorandum"] = m.memorandum;
    j["measure"] = m.measure;
    j["text"] = m.text;
    j["effect"] = m.effect;
    j["binding"] = m.binding;
    j["implementer"] = m.implementer;
    j["basis"] = m.basis;
    if (m.because) {
        const auto &b = *m.because;
        json because;
        because["list"] = b.list;
        because["entry"] = b.entry;
        because["document"] = b.document;
        because["listed_on"] = b.listed_on.to_string();
        because["expires_on"] = b.expires_on.to_string();
        if (b.via.empty()) {
            because["via"] = nullptr;
        } else {
            json via = json::array();
            for (const auto &step : b.via) via.push_back(json{{"role", step.role}, {"of", step.of}});
            because["via"] = std::move(via);
        }
        j["because"] = std::move(because);
    } else {
        j["because"] = nullptr;
    }
    if (with_objection) j["objection"] = m.objection ? json(*m.objection) : json(nullptr);
    return j;
}

json measures_json(const std::vector<decision_measure> &ms, bool with_objection) {
    json a = json::array();
    for (const auto &m : ms) a.push_back(measure_json(m, with_objection));
    return a;
}

}  // namespace

std::string decision::to_json() const {
    json j;
    j["subject"] = json{{"id", subject.id},
                        {"kind", subject.kind},
                        {"name", subject.name.empty() ? json(nullptr) : json(subject.name)}};
    j["scenario"] = scenario;
    j["as_of"] = as_of.to_string();
    j["verdict"] = verdict;
    j["escalated"] = escalated;
    j["black_fields"] = black_fields;
    j["measures"] = measures_json(measures, false);
    j["suspended"] = measures_json(suspended, true);
    j["suppressed_incentives"] = measures_json(suppressed_incentives, false);
    j["rules_version"] = rules_version;
    j["check_id"] = check_id ? json(*check_id) : json(nullptr);
    return j.dump();
}

}  // namespace credo
