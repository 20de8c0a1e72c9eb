// SPDX-License-Identifier: Apache-2.0
// Computing the tracking statistics from the store (and the rules and calendar when given).
#include "workflow/stats.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "base/sha256.hpp"
#include "credo/calendar.hpp"
#include "credo/engine.hpp"
#include "store/store_impl.hpp"
#include "workflow/decisions.hpp"

namespace credo::workflow {

namespace {

std::vector<count_row> sorted_rows(const std::map<std::string, std::int64_t> &counts) {
    std::vector<count_row> rows;
    for (const auto &[k, v] : counts) rows.push_back({k, v});
    std::stable_sort(rows.begin(), rows.end(), [](const count_row &a, const count_row &b) { return a.count > b.count; });
    return rows;
}

bool in_period(const stats_options &o, date d) { return (!o.from || *o.from <= d) && (!o.to || d <= *o.to); }


std::vector<std::string> split_implementers(const std::string &joined) {
    std::vector<std::string> out;
    std::string_view sep = "、";
    std::size_t start = 0;
    for (;;) {
        auto pos = joined.find(sep, start);
        out.push_back(joined.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + sep.size();
    }
    return out;
}

struct check_row {
    std::int64_t id;
    date day;
    std::string querier, subject, scenario, verdict, digest;
    date as_of;
};

void coverage(store::store &db, const stats_options &o, const std::vector<check_row> &checks, stats &out) {
    engine_options eo;
    eo.rules_dir = o.rules_dir;
    eo.db_path = db.path();
    eo.audit = false;
    auto opened = engine::open(eo);
    if (!opened) throw std::runtime_error("cannot re-evaluate the audited checks: " + opened.error().message);
    engine &e = *opened;
    std::map<std::string, std::int64_t> by_department;
    decision d;
    for (const auto &c : checks) {
        if (c.verdict == "none") continue;
        query q;
        q.subject = c.subject;
        q.scenario = c.scenario;
        q.as_of = c.as_of;
        q.querier = c.querier;
        if (!e.check(q, d)) {
            ++out.rechecks_differing;
            continue;
        }
        if (base::sha256_hex(d.to_json()) != c.digest) ++out.rechecks_differing;
        date due = c.day.add_days(o.feedback_days);
        for (const auto &m : d.measures) {
            auto implementers = split_implementers(m.implementer);
            std::string owner = std::find(implementers.begin(), implementers.end(), c.querier) != implementers.end()
                                    ? c.querier
                                    : m.implementer;
            ++out.expected_feedback;
            bool covered = false;
            {
                auto fed = db.internals().db.prepare(
                    "SELECT 1 FROM feedback WHERE check_id = ?1 AND measure_id = ?2 LIMIT 1");
                fed.bind(1, c.id).bind(2, m.measure);
                covered = fed.step();
            }
            if (covered) {
                ++out.covered_feedback;
                continue;
            }
            if (!(due < o.today)) continue;
            ++out.overdue_feedback;
            ++by_department[owner];
            out.overdue.push_back({c.id, c.day, due, c.querier, m.measure, m.memorandum, owner});
        }
    }
    out.overdue_by_department = sorted_rows(by_department);
}

void publications(store::store &db, const stats_options &o, stats &out) {
    if (o.calendar_dir.empty()) {
        out.publications_problem = "no working-day calendar given";
        return;
    }
    auto loaded = load_calendar(o.calendar_dir);
    if (!loaded.calendar) {
        out.publications_problem =
            loaded.problems.empty() ? "the calendar cannot be loaded" : to_string(loaded.problems.front());
        return;
    }
    out.publications_known = true;
    for (const auto &d : decisions_between(db, o.from, o.to)) {
        ++out.decisions;
        auto p = check_publication(*loaded.calendar, d, o.today, o.publication_days);
        switch (p.state) {
            case publication_state::on_time: ++out.published_on_time; break;
            case publication_state::late: ++out.published_late; break;
            case publication_state::unpublished: ++out.unpublished; break;
            case publication_state::overdue: ++out.unpublished_overdue; break;
            case publication_state::uncovered: ++out.uncovered; break;
        }
        if (p.state == publication_state::late || p.state == publication_state::overdue) {
            out.late.push_back({d.document, d.kind, d.department, d.decided_on, d.published_on, p.deadline,
                                std::string(to_string(p.state))});
        }
    }
}

}  // namespace

date local_day(std::string_view ts) {
    if (ts.size() < 13) throw store::error(fmt::format("the database holds a malformed timestamp `{}`", ts));
    date d = store::parse_stored_date(ts.substr(0, 10));
    int hour = (ts[11] - '0') * 10 + (ts[12] - '0');
    return hour + 8 >= 24 ? d.add_days(1) : d;
}

std::string period_of(date d, period_bucket bucket) {
    if (bucket == period_bucket::month) return fmt::format("{:04}-{:02}", d.year(), d.month());
    return fmt::format("{:04}Q{}", d.year(), (d.month() - 1) / 3 + 1);
}

stats compute_stats(store::store &db, const sema::rule_set *rules, const stats_options &o) {
    stats out;
    out.from = o.from;
    out.to = o.to;
    out.today = o.today;
    auto &sql = db.internals().db;
    std::vector<check_row> checks;
    db.read([&](store::store::reader &) {
        // ---- checks
        std::map<std::string, std::int64_t> by_querier, by_scenario;
        auto s = sql.prepare(
            "SELECT id, at, querier, subject_id, scenario, as_of, verdict, decision_digest FROM checks ORDER BY id");
        while (s.step()) {
            date day = local_day(s.text(1));
            if (!in_period(o, day)) continue;
            check_row c{s.int64(0),
                        day,
                        std::string(s.text(2)),
                        std::string(s.text(3)),
                        std::string(s.text(4)),
                        std::string(s.text(6)),
                        std::string(s.text(7)),
                        store::parse_stored_date(s.text(5))};
            ++out.checks;
            if (c.verdict != "none") ++out.hits;
            ++by_querier[c.querier];
            ++by_scenario[c.scenario];
            checks.push_back(std::move(c));
        }
        out.checks_by_querier = sorted_rows(by_querier);
        out.checks_by_scenario = sorted_rows(by_scenario);

        // ---- feedback
        std::map<std::string, std::int64_t> outcomes{{"applied", 0}, {"not_applicable", 0}, {"declined", 0}};
        std::map<std::string, std::int64_t> by_memorandum, by_implementer;
        auto f = sql.prepare("SELECT measure_id, implementer, outcome, recorded_at FROM feedback ORDER BY id");
        while (f.step()) {
            if (!in_period(o, local_day(f.text(3)))) continue;
            ++out.feedback;
            std::string outcome(f.text(2));
            ++outcomes[outcome];
            if (outcome != "applied") continue;
            std::string memorandum = "(unknown)";
            if (rules) {
                if (auto m = rules->find_measure(f.text(0))) {
                    const auto &info = rules->measure(*m);
                    memorandum = info.memorandum ? rules->memorandum(*info.memorandum).id : rules->rule(*info.rule).id;
                }
            }
            ++by_memorandum[memorandum];
            ++by_implementer[std::string(f.text(1))];
        }
        out.feedback_by_outcome = {{"applied", outcomes["applied"]},
                                   {"not_applicable", outcomes["not_applicable"]},
                                   {"declined", outcomes["declined"]}};
        out.applied_by_memorandum = sorted_rows(by_memorandum);
        out.applied_by_implementer = sorted_rows(by_implementer);

        // ---- objections
        std::vector<int> days;
        auto ob = sql.prepare("SELECT filed_on, status, resolved_on FROM objections ORDER BY id");
        while (ob.step()) {
            date filed = store::parse_stored_date(ob.text(0));
            auto resolved = store::parse_stored_optional_date(ob, 2);
            if (in_period(o, filed)) ++out.objections_opened;
            if (resolved && in_period(o, *resolved)) {
                if (ob.text(1) == "accepted") ++out.objections_accepted;
                else ++out.objections_dismissed;
                days.push_back(resolved->days_since_epoch() - filed.days_since_epoch());
            }
            bool filed_by_end = !o.to || filed <= *o.to;
            bool open_at_end = !resolved || (o.to && *o.to < *resolved);
            if (filed_by_end && open_at_end) ++out.objections_pending;
        }
        if (!days.empty()) {
            std::sort(days.begin(), days.end());
            std::size_t n = days.size();
            out.median_days_to_resolve = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
        }

        // ---- repairs
        auto r = sql.prepare("SELECT repaired_on FROM repairs");
        while (r.step()) {
            if (in_period(o, store::parse_stored_date(r.text(0)))) ++out.repairs;
        }

        // ---- listings
        std::map<std::string, std::int64_t> by_field;
        std::map<std::pair<std::string, std::string>, std::int64_t> over_time;
        auto l = sql.prepare("SELECT list_id, listed_on FROM entries");
        while (l.step()) {
            date listed = store::parse_stored_date(l.text(1));
            if (!in_period(o, listed)) continue;
            std::string field(l.text(0));
            if (rules) {
                if (auto li = rules->find_list(field)) field = rules->field(rules->list(*li).field).id;
            }
            ++out.listings;
            ++by_field[field];
            ++over_time[{period_of(listed, o.bucket), field}];
        }
        out.listings_by_field = sorted_rows(by_field);
        for (const auto &[k, v] : over_time) out.listings_over_time.push_back({k.first, k.second, v});
    });
    publications(db, o, out);
    if (!o.rules_dir.empty()) {
        out.coverage_known = true;
        coverage(db, o, checks, out);
    }
    return out;
}

namespace {

nlohmann::ordered_json rows_json(const std::vector<count_row> &rows) {
    auto a = nlohmann::ordered_json::array();
    for (const auto &r : rows) a.push_back({{"key", r.key}, {"count", r.count}});
    return a;
}

nlohmann::ordered_json opt_date(const std::optional<date> &d) {
    return d ? nlohmann::ordered_json(d->to_string()) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string to_json(const stats &s) {
    nlohmann::ordered_json j;
    j["from"] = opt_date(s.from);
    j["to"] = opt_date(s.to);
    j["today"] = s.today.to_string();
    j["checks"] = {{"total", s.checks},
                   {"hits", s.hits},
                   {"hit_rate", s.checks ? nlohmann::ordered_json(double(s.hits) / double(s.checks)) : nullptr},
                   {"by_querier", rows_json(s.checks_by_querier)},
                   {"by_scenario", rows_json(s.checks_by_scenario)}};
    nlohmann::ordered_json fb;
    fb["total"] = s.feedback;
    fb["by_outcome"] = rows_json(s.feedback_by_outcome);
    fb["applied_by_memorandum"] = rows_json(s.applied_by_memorandum);
    fb["applied_by_implementer"] = rows_json(s.applied_by_implementer);
    if (s.coverage_known) {
        fb["expected"] = s.expected_feedback;
        fb["covered"] = s.covered_feedback;
        fb["coverage"] = s.expected_feedback ? nlohmann::ordered_json(double(s.covered_feedback) / double(s.expected_feedback))
                                             : nullptr;
        fb["overdue"] = s.overdue_feedback;
        fb["overdue_by_department"] = rows_json(s.overdue_by_department);
        auto items = nlohmann::ordered_json::array();
        for (const auto &i : s.overdue) {
            items.push_back({{"check", i.check_id},
                             {"checked_on", i.checked_on.to_string()},
                             {"due_on", i.due_on.to_string()},
                             {"querier", i.querier},
                             {"measure", i.measure},
                             {"memorandum", i.memorandum},
                             {"department", i.department}});
        }
        fb["overdue_items"] = std::move(items);
        fb["rechecks_differing"] = s.rechecks_differing;
    } else {
        fb["expected"] = nullptr;
    }
    j["feedback"] = std::move(fb);
    j["objections"] = {{"opened", s.objections_opened},
                       {"accepted", s.objections_accepted},
                       {"dismissed", s.objections_dismissed},
                       {"pending", s.objections_pending},
                       {"median_days_to_resolve",
                        s.median_days_to_resolve ? nlohmann::ordered_json(*s.median_days_to_resolve) : nullptr}};
    j["repairs"] = s.repairs;
    auto over_time = nlohmann::ordered_json::array();
    for (const auto &r : s.listings_over_time) over_time.push_back({{"period", r.period}, {"field", r.field}, {"count", r.count}});
    j["listings"] = {{"total", s.listings}, {"by_field", rows_json(s.listings_by_field)}, {"over_time", over_time}};
    nlohmann::ordered_json pub;
    if (s.publications_known) {
        pub["decisions"] = s.decisions;
        pub["on_time"] = s.published_on_time;
        pub["late"] = s.published_late;
        pub["unpublished"] = s.unpublished;
        pub["overdue"] = s.unpublished_overdue;
        pub["uncovered"] = s.uncovered;
        auto items = nlohmann::ordered_json::array();
        for (const auto &l : s.late) {
            items.push_back({{"document", l.document},
                             {"kind", l.kind},
                             {"department", l.department},
                             {"decided_on", l.decided_on.to_string()},
                             {"published_on", opt_date(l.published_on)},
                             {"deadline", opt_date(l.deadline)},
                             {"state", l.state}});
        }
        pub["late_items"] = std::move(items);
    } else {
        pub["decisions"] = nullptr;
        pub["problem"] = s.publications_problem;
    }
    j["publications"] = std::move(pub);
    return j.dump(2);
}

std::string to_text(const stats &s) {
    std::string out;
    auto rows = [&](const char *title, const std::vector<count_row> &rs) {
        out += fmt::format("  {}:\n", title);
        if (rs.empty()) out += "    (none)\n";
        for (const auto &r : rs) out += fmt::format("    {:>6}  {}\n", r.count, r.key);
    };
    out += fmt::format("period {} .. {} (today {})\n", s.from ? s.from->to_string() : "start",
                       s.to ? s.to->to_string() : "end", s.today.to_string());
    out += fmt::format("checks: {}, hits {} ({})\n", s.checks, s.hits,
                       s.checks ? fmt::format("{:.1f}%", 100.0 * double(s.hits) / double(s.checks)) : "-");
    rows("by querier", s.checks_by_querier);
    rows("by scenario", s.checks_by_scenario);
    out += fmt::format("feedback: {}\n", s.feedback);
    rows("by outcome", s.feedback_by_outcome);
    rows("applied by memorandum", s.applied_by_memorandum);
    rows("applied by implementer", s.applied_by_implementer);
    if (s.coverage_known) {
        out += fmt::format("feedback coverage: {} of {} measures ({}), {} overdue\n", s.covered_feedback,
                           s.expected_feedback,
                           s.expected_feedback ? fmt::format("{:.1f}%", 100.0 * double(s.covered_feedback) /
                                                                            double(s.expected_feedback))
                                               : "-",
                           s.overdue_feedback);
        rows("overdue by department", s.overdue_by_department);
    } else {
        out += "feedback coverage: unknown (give --rules)\n";
    }
    out += fmt::format("objections: {} opened, {} upheld, {} rejected, {} pending; median days to resolve {}\n",
                       s.objections_opened, s.objections_accepted, s.objections_dismissed, s.objections_pending,
                       s.median_days_to_resolve ? fmt::format("{:g}", *s.median_days_to_resolve) : "-");
    out += fmt::format("repairs: {}\n", s.repairs);
    out += fmt::format("listings: {}\n", s.listings);
    rows("by field", s.listings_by_field);
    out += "  over time:\n";
    for (const auto &r : s.listings_over_time) out += fmt::format("    {}  {:>6}  {}\n", r.period, r.count, r.field);
    if (s.publications_known) {
        out += fmt::format("decisions: {}, published on time {}, late {}, unpublished {} (overdue {}), not covered by the calendar {}\n",
                           s.decisions, s.published_on_time, s.published_late, s.unpublished + s.unpublished_overdue,
                           s.unpublished_overdue, s.uncovered);
        for (const auto &l : s.late) {
            out += fmt::format("    {} {} {} decided {} deadline {} published {}\n", l.state, l.document, l.department,
                               l.decided_on.to_string(), l.deadline ? l.deadline->to_string() : "-",
                               l.published_on ? l.published_on->to_string() : "-");
        }
    } else {
        out += fmt::format("decisions: unknown ({})\n", s.publications_problem);
    }
    return out;
}

}  // namespace credo::workflow
