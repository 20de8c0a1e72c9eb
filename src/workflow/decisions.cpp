// SPDX-License-Identifier: Apache-2.0
// The decisions table: import, queries, publication deadline.
#include "workflow/decisions.hpp"

#include <fmt/format.h>

#include "store/csv.hpp"
#include "store/store_impl.hpp"

namespace credo::workflow {

namespace {

constexpr std::size_t column_count = 7;
constexpr const char *column_names[column_count] = {"document",   "kind",       "subject_id",  "subject_name",
                                                    "department", "decided_on", "published_on"};

std::optional<date> parse_date(std::string_view text, std::string_view column, std::string &why) {
    std::string reason;
    auto d = date::parse(text, &reason);
    if (!d) why = fmt::format("{} `{}` is not a date: {}", column, text, reason);
    return d;
}

}  // namespace

std::string_view to_string(publication_state s) {
    switch (s) {
        case publication_state::on_time: return "on_time";
        case publication_state::late: return "late";
        case publication_state::unpublished: return "unpublished";
        case publication_state::overdue: return "overdue";
        case publication_state::uncovered: return "uncovered";
    }
    return "on_time";
}

decisions_import_result import_decisions(store::store &db, std::string_view csv, std::string_view by) {
    decisions_import_result out;
    if (auto p = store::check_text("--by", by, true)) {
        out.rejected.push_back({0, "", p->reason});
        return out;
    }
    store::csv_reader reader(csv);
    std::vector<std::string_view> fields;
    auto reject = [&](std::uint64_t line, std::string column, std::string reason) {
        out.rejected.push_back({line, std::move(column), std::move(reason)});
    };
    auto first = reader.next(fields);
    if (first == store::csv_reader::outcome::end) {
        reject(1, "", fmt::format("the file is empty; the first line must be `{}`", decisions_header));
        return out;
    }
    if (first == store::csv_reader::outcome::malformed) {
        reject(reader.record_line(), "", reader.error());
        return out;
    }
    {
        std::string header;
        for (auto f : fields) header += (header.empty() ? "" : ",") + std::string(f);
        if (header != decisions_header) {
            reject(1, "", fmt::format("the header is `{}`; expected `{}`", header, decisions_header));
            return out;
        }
    }
    auto &sql = db.internals().db;
    store::sql::transaction tx(sql);
    std::string at = db.now();
    for (;;) {
        auto o = reader.next(fields);
        if (o == store::csv_reader::outcome::end) break;
        std::uint64_t line = reader.record_line();
        ++out.rows;
        if (o == store::csv_reader::outcome::malformed) {
            reject(line, column_names[std::min(reader.error_field(), column_count - 1)], reader.error());
            continue;
        }
        if (fields.size() != column_count) {
            reject(line, "", fmt::format("{} fields; expected {} ({})", fields.size(), column_count, decisions_header));
            continue;
        }
        decision_record d;
        d.document = fields[0];
        d.kind = fields[1];
        d.subject_name = fields[3];
        d.department = fields[4];
        // Every text field as list import checks it: UTF-8, no control characters, not blank.
        if (auto p = store::check_text("document", d.document, true)) { reject(line, p->column, p->reason); continue; }
        if (d.kind != "licensing" && d.kind != "penalty") {
            reject(line, "kind", fmt::format("kind `{}` is neither `licensing` nor `penalty`", d.kind));
            continue;
        }
        std::string kind;
        if (auto p = store::check_subject_id(fields[2], d.subject_id, kind)) { reject(line, p->column, p->reason); continue; }
        if (auto p = store::check_text("subject_name", d.subject_name, true)) { reject(line, p->column, p->reason); continue; }
        if (auto p = store::check_text("department", d.department, true)) { reject(line, p->column, p->reason); continue; }
        std::string why;
        auto decided = parse_date(fields[5], "decided_on", why);
        if (!decided) { reject(line, "decided_on", why); continue; }
        d.decided_on = *decided;
        if (!fields[6].empty()) {
            auto published = parse_date(fields[6], "published_on", why);
            if (!published) { reject(line, "published_on", why); continue; }
            if (*published < d.decided_on) {
                reject(line, "published_on", fmt::format("published_on `{}` is before decided_on `{}`", fields[6], fields[5]));
                continue;
            }
            d.published_on = *published;
        }
        std::string decided_text = d.decided_on.to_string();
        std::optional<std::string> published_text;
        if (d.published_on) published_text = d.published_on->to_string();
        auto existing = sql.prepare(
            "SELECT kind, subject_id, department, decided_on, published_on FROM decisions WHERE document = ?1");
        existing.bind(1, d.document);
        if (existing.step()) {
            if (existing.text(0) != d.kind || existing.text(1) != d.subject_id || existing.text(2) != d.department ||
                existing.text(3) != decided_text) {
                reject(line, "document",
                       fmt::format("decision `{}` is already recorded with other details ({} {} decided on {})",
                                   d.document, existing.text(0), existing.text(2), existing.text(3)));
                continue;
            }
            auto recorded = existing.optional_text(4);
            if (recorded == published_text || !published_text) {
                ++out.unchanged;
                continue;
            }
            if (recorded) {
                reject(line, "published_on", fmt::format("decision `{}` was already recorded as published on {}",
                                                         d.document, *recorded));
                continue;
            }
            auto u = sql.prepare("UPDATE decisions SET published_on = ?2 WHERE document = ?1 AND published_on IS NULL");
            u.bind(1, d.document).bind(2, published_text).run();
            ++out.published;
            continue;
        }
        auto s = sql.prepare(
            "INSERT INTO decisions (document, kind, subject_id, subject_name, department, decided_on, published_on, "
            "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        s.bind(1, d.document).bind(2, d.kind).bind(3, d.subject_id).bind(4, d.subject_name).bind(5, d.department);
        s.bind(6, decided_text).bind(7, published_text).bind(8, by).bind(9, at).run();
        ++out.inserted;
    }
    tx.commit();
    return out;
}

std::vector<decision_record> decisions_between(store::store &db, std::optional<date> from, std::optional<date> to) {
    auto s = db.internals().db.prepare(
        "SELECT id, document, kind, subject_id, subject_name, department, decided_on, published_on FROM decisions "
        "WHERE (?1 IS NULL OR decided_on >= ?1) AND (?2 IS NULL OR decided_on <= ?2) ORDER BY decided_on, id");
    std::optional<std::string> f, t;
    if (from) f = from->to_string();
    if (to) t = to->to_string();
    s.bind(1, f).bind(2, t);
    std::vector<decision_record> out;
    while (s.step()) {
        decision_record d;
        d.id = s.int64(0);
        d.document = s.text(1);
        d.kind = s.text(2);
        d.subject_id = s.text(3);
        d.subject_name = s.text(4);
        d.department = s.text(5);
        d.decided_on = store::parse_stored_date(s.text(6));
        d.published_on = store::parse_stored_optional_date(s, 7);
        out.push_back(std::move(d));
    }
    return out;
}

publication_check check_publication(const working_calendar &calendar, const decision_record &d, date today,
                                    int working_days) {
    publication_check out;
    auto r = deadline(calendar, d.decided_on, working_days);
    if (!r.deadline) {
        out.state = publication_state::uncovered;
        return out;
    }
    out.deadline = r.deadline->day;
    if (d.published_on) out.state = *d.published_on <= out.deadline ? publication_state::on_time : publication_state::late;
    else out.state = today <= *out.deadline ? publication_state::unpublished : publication_state::overdue;
    return out;
}

}  // namespace credo::workflow
