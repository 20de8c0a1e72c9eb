// SPDX-License-Identifier: Apache-2.0
// The decision's JSON shape (docs/engine.md) and the names of error codes.
#include <charconv>
#include <nlohmann/json.hpp>

#include "base/utf8.hpp"
#include "credo/engine.hpp"
#include "engine/json.hpp"

namespace credo {

std::string_view to_string(error_code code) {
    switch (code) {
    case error_code::invalid_argument: return "invalid_argument";
    case error_code::invalid_id: return "invalid_id";
    case error_code::unknown_scenario: return "unknown_scenario";
    case error_code::rule_error: return "rule_error";
    case error_code::store_error: return "store_error";
    case error_code::internal: return "internal";
    case error_code::not_found: return "not_found";
    case error_code::illegal_state: return "illegal_state";
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
    reached_fields.clear();
    measures.clear();
    to_verify.clear();
    suspended.clear();
    suppressed_incentives.clear();
    rules_version.clear();
    check_id.reset();
}

namespace {

// ordered_json keeps the documented key order.
using json = nlohmann::ordered_json;

enum class extra { none, objection, verify };

json measure_json(const decision_measure &m, extra with) {
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
        because["expires_on"] = b.expires_on ? json(b.expires_on->to_string()) : json(nullptr);
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
    if (with == extra::objection) j["objection"] = m.objection ? json(*m.objection) : json(nullptr);
    if (with == extra::verify) {
        j["verify"] = m.verify;
        j["settled_by"] = m.settled_by.empty() ? json(nullptr) : json(m.settled_by);
    }
    return j;
}

json measures_json(const std::vector<decision_measure> &ms, extra with) {
    json a = json::array();
    for (const auto &m : ms) a.push_back(measure_json(m, with));
    return a;
}

}  // namespace

namespace {

// The reference serialisation: nlohmann's. Used only for a decision holding a string that is
// not valid UTF-8, where it throws as it always did.
std::string reference_json(const decision &d) {
    json j;
    j["subject"] = json{{"id", d.subject.id},
                        {"kind", d.subject.kind},
                        {"name", d.subject.name.empty() ? json(nullptr) : json(d.subject.name)}};
    j["scenario"] = d.scenario;
    j["as_of"] = d.as_of.to_string();
    j["verdict"] = d.verdict;
    j["escalated"] = d.escalated;
    j["black_fields"] = d.black_fields;
    j["reached_fields"] = d.reached_fields;
    j["measures"] = measures_json(d.measures, extra::none);
    j["to_verify"] = measures_json(d.to_verify, extra::verify);
    j["suspended"] = measures_json(d.suspended, extra::objection);
    j["suppressed_incentives"] = measures_json(d.suppressed_incentives, extra::none);
    j["rules_version"] = d.rules_version;
    j["check_id"] = d.check_id ? json(*d.check_id) : json(nullptr);
    return j.dump();
}

// ---- the fast writer: byte for byte what nlohmann's dump() gives (compact, ensure_ascii off) --

struct invalid_utf8 {};

void put_string(std::string &out, std::string_view s) {
    out += '"';
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *end = p + s.size();
    while (p < end) {
        const auto *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') ++p;
        out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(p - run));
        if (p == end) break;
        unsigned char c = *p;
        if (c >= 0x80) {
            const auto *begin = reinterpret_cast<const unsigned char *>(s.data());
            std::size_t n = base::utf8_sequence_length(s, static_cast<std::size_t>(p - begin));
            if (n == 0) throw invalid_utf8{};
            out.append(reinterpret_cast<const char *>(p), n);
            p += n;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(u, 6);
        }
        }
        ++p;
    }
    out += '"';
}

void put_number(std::string &out, std::int64_t n) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    out.append(digits, end);
}

void put_date(std::string &out, date d) {
    int y = d.year();
    if (y < 1000 || y > 9999) {
        out += '"';
        out += d.to_string();
        out += '"';
        return;
    }
    unsigned m = d.month();
    unsigned day = d.day();
    char b[12] = {'"',
                  static_cast<char>('0' + y / 1000),
                  static_cast<char>('0' + y / 100 % 10),
                  static_cast<char>('0' + y / 10 % 10),
                  static_cast<char>('0' + y % 10),
                  '-',
                  static_cast<char>('0' + m / 10),
                  static_cast<char>('0' + m % 10),
                  '-',
                  static_cast<char>('0' + day / 10),
                  static_cast<char>('0' + day % 10),
                  '"'};
    out.append(b, 12);
}

void put_measures(std::string &out, const std::vector<decision_measure> &ms, extra with) {
    out += '[';
    bool first = true;
    for (const auto &m : ms) {
        if (!first) out += ',';
        first = false;
        out += "{\"memorandum\":";
        put_string(out, m.memorandum);
        out += ",\"measure\":";
        put_string(out, m.measure);
        out += ",\"text\":";
        put_string(out, m.text);
        out += ",\"effect\":";
        put_string(out, m.effect);
        out += ",\"binding\":";
        put_string(out, m.binding);
        out += ",\"implementer\":";
        put_string(out, m.implementer);
        out += ",\"basis\":";
        put_string(out, m.basis);
        out += ",\"because\":";
        if (m.because) {
            const auto &b = *m.because;
            out += "{\"list\":";
            put_string(out, b.list);
            out += ",\"entry\":";
            put_number(out, b.entry);
            out += ",\"document\":";
            put_string(out, b.document);
            out += ",\"listed_on\":";
            put_date(out, b.listed_on);
            out += ",\"expires_on\":";
            if (b.expires_on) put_date(out, *b.expires_on);
            else out += "null";
            out += ",\"via\":";
            if (b.via.empty()) {
                out += "null";
            } else {
                out += '[';
                for (std::size_t i = 0; i < b.via.size(); ++i) {
                    if (i) out += ',';
                    out += "{\"role\":";
                    put_string(out, b.via[i].role);
                    out += ",\"of\":";
                    put_string(out, b.via[i].of);
                    out += '}';
                }
                out += ']';
            }
            out += '}';
        } else {
            out += "null";
        }
        if (with == extra::objection) {
            out += ",\"objection\":";
            if (m.objection) put_number(out, *m.objection);
            else out += "null";
        }
        if (with == extra::verify) {
            out += ",\"verify\":";
            put_string(out, m.verify);
            out += ",\"settled_by\":";
            if (m.settled_by.empty()) out += "null";
            else put_string(out, m.settled_by);
        }
        out += '}';
    }
    out += ']';
}

void put_decision(std::string &out, const decision &d, bool with_check_id) {
    out += "{\"subject\":{\"id\":";
    put_string(out, d.subject.id);
    out += ",\"kind\":";
    put_string(out, d.subject.kind);
    out += ",\"name\":";
    if (d.subject.name.empty()) out += "null";
    else put_string(out, d.subject.name);
    out += "},\"scenario\":";
    put_string(out, d.scenario);
    out += ",\"as_of\":";
    put_date(out, d.as_of);
    out += ",\"verdict\":";
    put_string(out, d.verdict);
    out += d.escalated ? ",\"escalated\":true,\"black_fields\":[" : ",\"escalated\":false,\"black_fields\":[";
    for (std::size_t i = 0; i < d.black_fields.size(); ++i) {
        if (i) out += ',';
        put_string(out, d.black_fields[i]);
    }
    out += "],\"reached_fields\":[";
    for (std::size_t i = 0; i < d.reached_fields.size(); ++i) {
        if (i) out += ',';
        put_string(out, d.reached_fields[i]);
    }
    out += "],\"measures\":";
    put_measures(out, d.measures, extra::none);
    out += ",\"to_verify\":";
    put_measures(out, d.to_verify, extra::verify);
    out += ",\"suspended\":";
    put_measures(out, d.suspended, extra::objection);
    out += ",\"suppressed_incentives\":";
    put_measures(out, d.suppressed_incentives, extra::none);
    out += ",\"rules_version\":";
    put_string(out, d.rules_version);
    out += ",\"check_id\":";
    if (with_check_id && d.check_id) put_number(out, *d.check_id);
    else out += "null";
    out += '}';
}

}  // namespace

std::string decision::to_json() const {
    std::string out;
    out.reserve(512);
    try {
        put_decision(out, *this, true);
    } catch (const invalid_utf8 &) {
        return reference_json(*this);  // throws nlohmann's error, as before
    }
    return out;
}

namespace engine_core {

void decision_json(const decision &d, bool with_check_id, std::string &out) {
    out.clear();
    try {
        put_decision(out, d, with_check_id);
    } catch (const invalid_utf8 &) {
        if (with_check_id || !d.check_id) {
            out = reference_json(d);
        } else {
            decision copy = d;
            copy.check_id.reset();
            out = reference_json(copy);
        }
    }
}

std::string reference_decision_json(const decision &d) { return reference_json(d); }

}  // namespace engine_core

}  // namespace credo
