// SPDX-License-Identifier: Apache-2.0
// Renders a decision for a person to read.
#include "decision_text.hpp"

#include <fmt/format.h>

#include "credo/ids.hpp"

namespace credo::cli {
namespace {

std::string shown_id(std::string_view id, bool show_ids) { return show_ids ? std::string(id) : ids::mask(id); }

std::string because_line(const because &b, bool show_ids) {
    std::string until = b.expires_on ? b.expires_on->to_string() : "— (no end date)";
    std::string line = fmt::format("because: on {} since {} until {} (entry {}, {})", b.list, b.listed_on.to_string(),
                                   until, b.entry, b.document);
    for (const auto &step : b.via) line += fmt::format("\n              via {} of {}", step.role, shown_id(step.of, show_ids));
    return line;
}

void print_measures(std::string &out, const std::vector<decision_measure> &ms, bool show_ids) {
    for (const auto &m : ms) {
        out += fmt::format("  {} ({}) {} {}\n", m.effect, m.binding, m.measure, m.text);
        out += fmt::format("      {}: {}\n", m.because ? "memorandum" : "rule", m.memorandum);
        out += fmt::format("      implementer: {}\n", m.implementer);
        if (!m.basis.empty()) out += fmt::format("      basis: {}\n", m.basis);
        if (m.objection) out += fmt::format("      suspended by objection {}\n", *m.objection);
        if (!m.verify.empty()) {
            out += fmt::format("      需核实 (to verify): {}\n", m.verify);
            if (!m.settled_by.empty()) out += fmt::format("      (the query can settle it with {}=yes|no)\n", m.settled_by);
        }
        if (m.because) out += fmt::format("      {}\n", because_line(*m.because, show_ids));
        else out += "      because: the rule's condition holds\n";
    }
}

}  // namespace

std::string decision_text(const decision &d, bool show_ids) {
    std::string out = fmt::format("verdict: {}", d.verdict);
    if (d.escalated) out += fmt::format("  (escalated: black listings in {} fields)", d.black_fields.size());
    out += '\n';
    out += fmt::format("subject: {}  {}  {}\n", shown_id(d.subject.id, show_ids), d.subject.kind,
                       d.subject.name.empty() ? "(not in the store)" : d.subject.name);
    out += fmt::format("scenario: {}  as of {}\n", d.scenario, d.as_of.to_string());
    if (!d.black_fields.empty()) {
        std::string fields;
        for (const auto &f : d.black_fields) fields += (fields.empty() ? "" : ", ") + f;
        out += fmt::format("black fields: {}\n", fields);
    }
    if (!d.reached_fields.empty()) {
        std::string fields;
        for (const auto &f : d.reached_fields) fields += (fields.empty() ? "" : ", ") + f;
        out += fmt::format("reached fields (through a relation or disputed; not counted): {}\n", fields);
    }
    out += fmt::format("\nmeasures ({}):\n", d.measures.size());
    if (d.measures.empty()) out += "  none\n";
    print_measures(out, d.measures, show_ids);
    if (!d.to_verify.empty()) {
        out += fmt::format("\n需核实 — to verify before applying ({}):\n", d.to_verify.size());
        print_measures(out, d.to_verify, show_ids);
    }
    if (!d.suspended.empty()) {
        out += fmt::format("\nsuspended by pending objections ({}):\n", d.suspended.size());
        print_measures(out, d.suspended, show_ids);
    }
    if (!d.suppressed_incentives.empty()) {
        out += fmt::format("\nsuppressed incentives ({}):\n", d.suppressed_incentives.size());
        print_measures(out, d.suppressed_incentives, show_ids);
    }
    out += fmt::format("\nrules version: {}", d.rules_version.substr(0, 16));
    if (d.check_id) out += fmt::format("  check id: {}", *d.check_id);
    out += '\n';
    return out;
}

}  // namespace credo::cli
