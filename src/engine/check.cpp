// SPDX-License-Identifier: Apache-2.0
// One must-query check against a snapshot: which listings reach the subject on the date, which
// measures they bring, what the cross-cutting rules do to them, and the verdict.
#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <fmt/format.h>

#include "credo/ids.hpp"
#include "engine/snapshot.hpp"

namespace credo::engine_core {
namespace {

// A listing that reaches the subject on the date: its own entry, or the entry of a subject it is
// related to (`of`), through the roles in `roles`.
struct reach_item {
    const entry_record *entry = nullptr;
    subject_id of = no_subject;
    graph::role_mask roles = 0;
    bool reverse = false;   // the subject is an organisation reached through a listed person
    bool counts = false;    // own: not under a pending objection; related: some memorandum in force
                            // on the date reaches through one of the roles
};

// Where a candidate measure ends up in the decision (the order of decision's lists).
enum class bucket : std::uint8_t { applied, to_verify, suspended, suppressed };
inline constexpr std::size_t bucket_count = 4;

struct candidate {
    sema::measure_index measure{};
    std::uint32_t reach = 0xFFFFFFFFu;  // index into reaches; none for granted measures
    sema::role_index role{};            // the role reported in `via`
    std::int64_t objection = 0;
    bucket where = bucket::applied;
    std::uint8_t effect_kind = 0;  // 0 punishment, 1 incentive: punishment is listed first
    int rank = 0;
    std::int64_t entry = 0;
};

// Per-thread buffers, reused so that a check allocates only when they first grow.
struct scratch {
    std::vector<std::pair<subject_id, graph::role_mask>> related;
    std::vector<reach_item> reaches;
    std::vector<candidate> candidates;
    std::vector<decision_measure> spare_measures;  // with their strings' capacity
};
inline constexpr std::size_t max_spare_measures = 64;
// The library's thread-locals use TLS descriptors (cmake/credo_tls.cmake), not static TLS: a JVM
// or Python process that dlopen()s libcredo.so.1 late may have no static TLS room left.
thread_local scratch buffers;

struct resolved_attribute {
    sema::attribute_index index{};
    sema::attribute_value value;
};
inline constexpr std::size_t max_attributes = 32;

// The facts conditions see. Membership, `black_fields` and `clean_for` look at the subject's own
// listings that count on the date and are not under a pending objection: 清政办〔2017〕22号 五(六)
// escalates for subjects themselves 纳入 two or more fields' black lists, and 五(八) (as 国发〔2016〕33号
// (二十三)) suspends measures while a listing is verified. A listing that reaches the subject only
// through a relation, or that is disputed, neither escalates nor suppresses incentives; it is
// reported under `reached_fields`.
class facts final : public sema::fact_source {
public:
    facts(const snapshot &s, std::span<const reach_item> reaches, date as_of, std::uint8_t kind,
          std::optional<std::string_view> rating, std::span<const resolved_attribute> attributes,
          std::span<const entry_record> own, subject_id subject)
        : s_(s), reaches_(reaches), as_of_(as_of), kind_(kind), rating_(rating), attributes_(attributes), own_(own),
          subject_(subject) {
        for (const auto &r : reaches_) {
            const auto &list = s_.rules().list(static_cast<sema::list_index>(r.entry->list));
            auto field = sema::to_pos(list.field);
            if (list.kind != sema::list_kind::black || field >= 64) continue;
            if (own_counts(r)) black_fields_ |= std::uint64_t{1} << field;
            else if (r.counts || r.of == no_subject) reached_fields_ |= std::uint64_t{1} << field;
        }
        reached_fields_ &= ~black_fields_;
    }

    void set_via(std::span<const sema::role_index> via) { via_ = via; }
    std::uint64_t black_field_mask() const { return black_fields_; }
    std::uint64_t reached_field_mask() const { return reached_fields_; }

    bool listed(sema::list_index list) const override {
        return std::any_of(reaches_.begin(), reaches_.end(),
                           [&](const reach_item &r) { return own_counts(r) && r.entry->list == sema::to_pos(list); });
    }
    bool listed_any(sema::list_kind kind) const override {
        return std::any_of(reaches_.begin(), reaches_.end(), [&](const reach_item &r) {
            return own_counts(r) && s_.rules().list(static_cast<sema::list_index>(r.entry->list)).kind == kind;
        });
    }
    bool listed_in_field(sema::field_index field) const override {
        return std::any_of(reaches_.begin(), reaches_.end(), [&](const reach_item &r) {
            return own_counts(r) && s_.rules().list(static_cast<sema::list_index>(r.entry->list)).field == field;
        });
    }
    int black_field_count() const override { return std::popcount(black_fields_); }
    sema::subject_kind_index subject_kind() const override { return static_cast<sema::subject_kind_index>(kind_); }
    std::span<const sema::role_index> reached_via() const override { return via_; }
    date as_of() const override { return as_of_; }
    std::optional<date> clean_since() const override {
        // The subject's own history: the day its last black listing ended (however it ended),
        // as of the check date; listings that start later are not history yet, and a listing
        // under a pending objection is not held against it. With no such listing, the record
        // runs from the day the subject became known (its establishment, else its first record):
        // 连续三年无不良信用记录 (清政办〔2017〕22号 三(三)) needs three years of known record.
        int day = as_of_.days_since_epoch();
        std::optional<int> ended;
        for (const auto &e : own_) {
            if (e.listed_on > day) continue;
            if (s_.rules().list(static_cast<sema::list_index>(e.list)).kind != sema::list_kind::black) continue;
            if (s_.suspending_objection(e, day)) continue;
            if (e.counts_on(day)) return as_of_;
            if (!ended || e.until > *ended) ended = e.until;
        }
        if (ended) return date::from_days(*ended);
        auto known = s_.known_since(subject_);
        return known ? known : std::optional<date>(as_of_);
    }
    std::optional<std::string_view> credit_rating() const override { return rating_; }
    sema::attribute_value attribute(sema::attribute_index attribute) const override {
        for (const auto &a : attributes_) {
            if (a.index == attribute) return a.value;
        }
        return std::monostate{};
    }

private:
    const snapshot &s_;
    std::span<const reach_item> reaches_;
    date as_of_;
    std::uint8_t kind_;
    std::optional<std::string_view> rating_;
    std::span<const resolved_attribute> attributes_;
    std::span<const entry_record> own_;
    subject_id subject_;
    std::span<const sema::role_index> via_;
    std::uint64_t black_fields_ = 0;
    std::uint64_t reached_fields_ = 0;

    static bool own_counts(const reach_item &r) { return r.of == no_subject && r.counts; }
};

error_info make_error(error_code code, std::string message) {
    error_info e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

status snapshot::check(const query &q, decision &out, bool lenient_ids) const {
    // Measure lists keep their elements (and the elements their strings' capacity) until the
    // end, where they are cut to what this check wrote: a caller checking subjects like the last
    // ones allocates little. Every other field is cleared now.
    std::size_t counts[bucket_count] = {0, 0, 0, 0};
    struct trim_on_exit {
        decision &d;
        std::size_t *counts;
        // Cut measures go to this thread's spares with their strings' capacity, for the next
        // check that needs more (bounded, so a huge decision does not pin memory; never growing
        // the spares here, so a check that cuts allocates nothing).
        static void cut(std::vector<decision_measure> &v, std::size_t n) {
            auto &spares = buffers.spare_measures;
            for (std::size_t i = n; i < v.size() && spares.size() < spares.capacity(); ++i) {
                spares.push_back(std::move(v[i]));
            }
            v.resize(n);
        }
        ~trim_on_exit() {
            cut(d.measures, counts[static_cast<std::size_t>(bucket::applied)]);
            cut(d.to_verify, counts[static_cast<std::size_t>(bucket::to_verify)]);
            cut(d.suspended, counts[static_cast<std::size_t>(bucket::suspended)]);
            cut(d.suppressed_incentives, counts[static_cast<std::size_t>(bucket::suppressed)]);
        }
    } trim{out, counts};
    // decision::clear() but for the three measure lists.
    out.subject.id.clear();
    out.subject.kind.clear();
    out.subject.name.clear();
    out.scenario.clear();
    out.as_of = date();
    out.verdict.clear();
    out.escalated = false;
    out.black_fields.clear();
    out.reached_fields.clear();
    out.rules_version.clear();
    out.check_id.reset();
    const sema::rule_set &rules = *rules_;
    ids::options id_options{.lenient = lenient_ids, .expect = ids::expectation::any};

    // ---- the subject: normalised on the stack; the slow path only for unusual input -------------
    // The index slot is prefetched as soon as the key is known, and the scenario looked up while
    // it loads; a subject error still takes precedence over a scenario error.
    std::array<char, id_length> buffer{};
    std::string slow_key;
    std::string_view key;
    std::optional<ids::subject_kind> ids_kind;
    subject_id subject = no_subject;
    std::optional<sema::scenario_index> scenario;
    bool scenario_looked_up = false;
    {
        std::string_view in = q.subject;
        while (!in.empty() && is_space(in.front())) in.remove_prefix(1);
        while (!in.empty() && is_space(in.back())) in.remove_suffix(1);
        bool fast = in.size() == id_length;
        if (fast) {
            unsigned char high = 0;
            for (std::size_t i = 0; i < id_length; ++i) {
                char c = in[i];
                high |= static_cast<unsigned char>(c);
                buffer[i] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            }
            fast = high < 0x80;
        }
        if (fast) {
            key = std::string_view(buffer.data(), id_length);
            std::uint64_t hash = hash_id(key);
            prefetch(hash);
            if (!q.scenario.empty()) scenario = rules.find_scenario(q.scenario);
            scenario_looked_up = true;
            subject = find(key, hash);
            if (subject == no_subject) {
                ids_kind = ids::classify_normalized(key, id_options);
                fast = ids_kind.has_value();
            }
        }
        if (!fast) {
            if (q.subject.empty()) return make_error(error_code::invalid_argument, "the subject is empty");
            auto r = ids::validate(q.subject, id_options);
            if (!r.valid) return make_error(error_code::invalid_id, fmt::format("invalid identifier: {}", r.reason));
            slow_key = std::move(r.normalized);
            key = slow_key;
            ids_kind = r.kind;
            subject = find(key);
        }
    }

    // ---- scenario, date, attributes ---------------------------------------------------------------
    if (q.scenario.empty()) return make_error(error_code::invalid_argument, "the scenario is empty");
    if (!scenario_looked_up) scenario = rules.find_scenario(q.scenario);
    if (!scenario) {
        auto near = rules.closest(sema::entity::scenario, q.scenario);
        error_info e = make_error(error_code::unknown_scenario,
                             near ? fmt::format("unknown scenario `{}`; did you mean `{}`?", q.scenario, *near)
                                  : fmt::format("unknown scenario `{}`", q.scenario));
        if (near) e.closest = std::string(*near);
        return e;
    }
    date as_of = q.as_of ? *q.as_of : date::today();
    int day = as_of.days_since_epoch();

    std::array<resolved_attribute, max_attributes> attribute_storage;
    std::size_t attribute_count = 0;
    std::optional<std::string_view> rating;
    if (q.attributes.size() > max_attributes) {
        return make_error(error_code::invalid_argument,
                          fmt::format("a query has at most {} attributes, this one has {}", max_attributes,
                                      q.attributes.size()));
    }
    for (const auto &a : q.attributes) {
        if (a.key == "credit_rating") {
            const auto *text = std::get_if<std::string_view>(&a.value);
            if (!text) return make_error(error_code::invalid_argument, "attribute `credit_rating` is a string");
            rating = *text;
            continue;
        }
        auto index = rules.find_attribute(a.key);
        if (!index) {
            auto near = rules.closest(sema::entity::attribute, a.key, 3);
            return make_error(error_code::invalid_argument,
                              near ? fmt::format("unknown attribute `{}`; did you mean `{}`?", a.key, *near)
                                   : fmt::format("unknown attribute `{}`", a.key));
        }
        const auto &info = rules.attribute(*index);
        resolved_attribute &r = attribute_storage[attribute_count++];
        r.index = *index;
        const auto *text = std::get_if<std::string_view>(&a.value);
        switch (info.type) {
        case sema::attribute_type::number:
            if (const auto *n = std::get_if<double>(&a.value)) {
                r.value = *n;
            } else {
                double value = 0;
                auto [end, ec] = text ? std::from_chars(text->data(), text->data() + text->size(), value)
                                      : std::from_chars_result{nullptr, std::errc::invalid_argument};
                if (!text || ec != std::errc() || end != text->data() + text->size()) {
                    return make_error(error_code::invalid_argument,
                                      fmt::format("attribute `{}` is a number", a.key));
                }
                r.value = value;
            }
            break;
        case sema::attribute_type::string:
            if (!text) return make_error(error_code::invalid_argument, fmt::format("attribute `{}` is a string", a.key));
            r.value = *text;
            break;
        case sema::attribute_type::boolean: {
            // Held as 1 or 0. Text from a command line or a form: true/false, yes/no, 1/0, 是/否.
            std::optional<double> flag;
            if (const auto *n = std::get_if<double>(&a.value)) {
                if (*n == 0 || *n == 1) flag = *n;
            } else if (text) {
                if (*text == "true" || *text == "yes" || *text == "1" || *text == "是") flag = 1;
                else if (*text == "false" || *text == "no" || *text == "0" || *text == "否") flag = 0;
            }
            if (!flag) {
                return make_error(error_code::invalid_argument,
                                  fmt::format("attribute `{}` is yes or no (true/false, yes/no, 1/0, 是/否)", a.key));
            }
            r.value = *flag;
            break;
        }
        case sema::attribute_type::date:
            if (const auto *d = std::get_if<date>(&a.value)) {
                r.value = *d;
            } else if (auto parsed = text ? date::parse(*text) : std::nullopt) {
                r.value = *parsed;
            } else {
                return make_error(error_code::invalid_argument,
                                  fmt::format("attribute `{}` is a date (YYYY-MM-DD)", a.key));
            }
            break;
        }
    }
    std::span<const resolved_attribute> attributes(attribute_storage.data(), attribute_count);

    // ---- the decision's frame -----------------------------------------------------------------------
    out.scenario.assign(q.scenario);
    out.as_of = as_of;
    out.rules_version.assign(rules.version());
    out.verdict.assign("none");
    out.subject.id.assign(key);
    std::uint8_t kind = unknown_kind;
    if (subject != no_subject) {
        kind = kind_of(subject);
        out.subject.name.assign(name_of(subject));
    } else if (ids_kind) {
        kind = kind_for_ids_kind(static_cast<int>(*ids_kind));
    }
    if (kind != unknown_kind) {
        out.subject.kind.assign(rules.subject_kind(static_cast<sema::subject_kind_index>(kind)).id);
    } else if (auto k = ids_kind ? ids_kind : ids::classify_normalized(key, {.lenient = true})) {
        out.subject.kind.assign(ids::to_string(*k));
    }
    // A subject the store does not know has no listings, no relations and no record to vouch
    // for: verdict `none`, no measures (docs/engine.md).
    if (subject == no_subject) return {};

    // ---- listings that reach the subject on the date ------------------------------------------------
    auto &reaches = buffers.reaches;
    auto &related = buffers.related;
    auto &candidates = buffers.candidates;
    reaches.clear();
    candidates.clear();
    auto own = entries_of(subject);
    for (const auto &e : own) {
        if (e.counts_on(day)) reaches.push_back(reach_item{&e, no_subject, 0, false, !suspending_objection(e, day)});
    }
    if (graph_.has_relations(subject)) {
        auto collect = [&](bool reverse) {
            for (const auto &[other, roles] : related) {
                for (const auto &e : entries_of(other)) {
                    if (!e.counts_on(day)) continue;
                    graph::role_mask mask = roles & (reverse ? reverse_roles(e.list) : forward_roles(e.list));
                    if (!mask) continue;
                    bool counts = false;
                    for (auto m : rules.list(static_cast<sema::list_index>(e.list)).memorandums) {
                        if (rules.in_force(m, as_of) && (mask & (reverse ? memorandum_reverse(m) : memorandum_forward(m)))) {
                            counts = true;
                            break;
                        }
                    }
                    reaches.push_back(reach_item{&e, other, mask, reverse, counts});
                }
            }
        };
        auto add_related = [&](subject_id other, graph::role_id role) {
            if (!related.empty() && related.back().first == other) related.back().second |= graph::role_bit(role);
            else related.emplace_back(other, graph::role_bit(role));
        };
        related.clear();
        if (any_forward_) graph_.for_each_organisation_of(subject, any_forward_, as_of, add_related);
        collect(false);
        related.clear();
        if (any_reverse_) graph_.for_each_person_of(subject, any_reverse_, as_of, add_related);
        collect(true);
    }

    facts f(*this, reaches, as_of, kind, rating, attributes, own, subject);
    auto field_ids = [&](std::uint64_t fields, std::vector<std::string> &into) {
        for (std::size_t i = 0; fields; ++i, fields >>= 1) {
            if (fields & 1) into.emplace_back(rules.field(static_cast<sema::field_index>(i)).id);
        }
    };
    field_ids(f.black_field_mask(), out.black_fields);
    field_ids(f.reached_field_mask(), out.reached_fields);
    auto holds = [&](sema::rule_action action) {
        for (auto r : rules.rules_with(action)) {
            if (sema::evaluate(rules.rule(r).condition, f)) return true;
        }
        return false;
    };
    out.escalated = holds(sema::rule_action::escalate);
    bool suppress = holds(sema::rule_action::suppress_incentives);

    // ---- measures ---------------------------------------------------------------------------------
    auto add = [&](sema::measure_index m, std::uint32_t reach, sema::role_index role, const entry_record *e) {
        const auto &info = rules.measure(m);
        const auto &effect = rules.effect(info.effect);
        candidate c;
        c.measure = m;
        c.reach = reach;
        c.role = role;
        c.effect_kind = effect.kind == sema::effect_kind::punishment ? 0 : 1;
        c.rank = effect.rank;
        c.entry = e ? e->id() : 0;
        const objection_record *o = e ? suspending_objection(*e, day) : nullptr;
        if (o) {
            c.where = bucket::suspended;
            c.objection = o->id;
        } else if (suppress && effect.kind == sema::effect_kind::incentive) {
            c.where = bucket::suppressed;
        } else if (info.conditional()) {
            // A fact the engine cannot see: the query settles it (true applies the measure, false
            // rules it out), or the implementer verifies it (需核实).
            if (info.settled_by) {
                auto settled = f.attribute(*info.settled_by);
                if (const auto *yes = std::get_if<double>(&settled)) {
                    if (*yes == 0) return;
                } else {
                    c.where = bucket::to_verify;
                }
            } else {
                c.where = bucket::to_verify;
            }
        }
        candidates.push_back(c);
    };
    for (std::uint32_t i = 0; i < reaches.size(); ++i) {
        const reach_item &r = reaches[i];
        const entry_record &e = *r.entry;
        for (auto m : rules.measures_for(static_cast<sema::list_index>(e.list), *scenario)) {
            const auto &info = rules.measure(m);
            if (!info.effective.contains(as_of)) continue;
            if (info.term && !(as_of < info.term->after(date::from_days(e.listed_on)))) continue;
            if (r.of == no_subject) {
                if (info.applies == sema::applies_to::related) continue;
                f.set_via({});
                if (sema::evaluate(info.condition, f)) add(m, i, {}, &e);
                continue;
            }
            if (info.applies == sema::applies_to::listed) continue;
            // Reach is the measure's own (落实到人 measure by measure): a person holding one of its
            // roles in a listed organisation, or an organisation in which a listed person holds one.
            graph::role_mask roles = r.roles & (r.reverse ? measure_reverse(m) : measure_forward(m));
            // The first role (in role order) through which the measure's condition holds.
            for (; roles; roles &= roles - 1) {
                auto role = static_cast<sema::role_index>(std::countr_zero(roles));
                f.set_via(std::span<const sema::role_index>(&role, 1));
                if (sema::evaluate(info.condition, f)) {
                    add(m, i, role, &e);
                    break;
                }
            }
        }
    }
    f.set_via({});
    auto granted = rules.granted_measures(*scenario);
    for (auto m : granted) {
        const auto &info = rules.measure(m);
        if (!info.rule || !info.effective.contains(as_of)) continue;
        if (!sema::evaluate(rules.rule(*info.rule).condition, f) || !sema::evaluate(info.condition, f)) continue;
        add(m, 0xFFFFFFFFu, {}, nullptr);
    }
    if (candidates.empty()) return {};

    std::sort(candidates.begin(), candidates.end(), [&](const candidate &a, const candidate &b) {
        if (a.effect_kind != b.effect_kind) return a.effect_kind < b.effect_kind;
        if (a.rank != b.rank) return a.rank < b.rank;
        if (a.measure != b.measure) return a.measure < b.measure;
        if (a.entry != b.entry) return a.entry < b.entry;
        return a.reach < b.reach;
    });

    // ---- the decision -------------------------------------------------------------------------------
    for (const auto &c : candidates) {
        const auto &info = rules.measure(c.measure);
        const auto &effect = rules.effect(info.effect);
        auto &target = c.where == bucket::applied     ? out.measures
                       : c.where == bucket::to_verify ? out.to_verify
                       : c.where == bucket::suspended ? out.suspended
                                                      : out.suppressed_incentives;
        std::size_t &count = counts[static_cast<std::size_t>(c.where)];
        if (count == target.size()) {
            auto &spares = buffers.spare_measures;
            if (spares.empty()) {
                if (spares.capacity() == 0) spares.reserve(max_spare_measures);  // this check allocates anyway
                target.emplace_back();
            } else {
                target.push_back(std::move(spares.back()));
                spares.pop_back();
            }
        }
        decision_measure &d = target[count++];
        d.memorandum = info.memorandum ? rules.memorandum(*info.memorandum).id : rules.rule(*info.rule).id;
        d.measure = info.id;
        d.text = info.text;
        d.effect = effect.id;
        // Escalation makes recommended punishments mandatory (清政办〔2017〕22号 五(六)), but never
        // one that rests on a fact nobody has verified.
        bool mandatory = info.binding == sema::binding_kind::mandatory ||
                         (out.escalated && effect.kind == sema::effect_kind::punishment && !info.conditional());
        d.binding = mandatory ? "mandatory" : "recommended";
        d.implementer.assign(implementer(c.measure));
        d.basis = info.basis;
        if (c.where == bucket::suspended) d.objection = c.objection;
        else d.objection.reset();
        if (c.where == bucket::to_verify) {
            d.verify = info.verify;
            if (info.settled_by) d.settled_by = rules.attribute(*info.settled_by).id;
            else d.settled_by.clear();
        } else {
            d.verify.clear();
            d.settled_by.clear();
        }
        if (c.reach == 0xFFFFFFFFu) {
            d.because.reset();
            continue;
        }
        const reach_item &r = reaches[c.reach];
        const entry_record &e = *r.entry;
        if (!d.because) d.because.emplace();
        auto &b = *d.because;
        b.list = rules.list(static_cast<sema::list_index>(e.list)).id;
        b.entry = e.id();
        b.document = string(e.document);
        b.listed_on = date::from_days(e.listed_on);
        if (e.expires_on == no_day) b.expires_on.reset();
        else b.expires_on = date::from_days(e.expires_on);
        if (r.of == no_subject) {
            b.via.clear();
        } else {
            b.via.resize(1);
            b.via[0].role = rules.role(c.role).id;
            b.via[0].of = id_of(r.of);
        }
    }
    if (counts[0] > 0) out.verdict = out.measures.front().effect;
    return {};
}

}  // namespace credo::engine_core
