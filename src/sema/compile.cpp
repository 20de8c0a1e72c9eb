// SPDX-License-Identifier: Apache-2.0
// Name resolution and semantic checks: turns the parsed rule files of a rule set into one
// compiled, indexed `rule_set`, reporting every problem as a diagnostic.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/edit_distance.hpp"
#include "sema/codes.hpp"
#include "sema/rule_set.hpp"
#include "sema/version.hpp"
#include "syntax/ast.hpp"

namespace credo::sema {

namespace {

constexpr std::size_t entity_count = 10;

// Memorandums and rules share one namespace; every other kind has its own.
entity id_namespace(entity e) {
    return e == entity::rule ? entity::memorandum : e;
}

// The word for a kind of declaration in messages (`subject kind`, not the keyword `subject_kind`).
std::string_view noun(entity e) {
    return e == entity::subject_kind ? "subject kind" : to_string(e);
}

std::string ticked(std::string_view s) {
    return fmt::format("`{}`", s);
}

std::string ticked_list(const std::vector<std::string> &items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += ticked(items[i]);
    }
    return out;
}

compare_op convert(syntax::compare_op op) {
    switch (op) {
        case syntax::compare_op::eq:
            return compare_op::eq;
        case syntax::compare_op::ne:
            return compare_op::ne;
        case syntax::compare_op::lt:
            return compare_op::lt;
        case syntax::compare_op::le:
            return compare_op::le;
        case syntax::compare_op::gt:
            return compare_op::gt;
        case syntax::compare_op::ge:
            return compare_op::ge;
    }
    return compare_op::eq;
}

std::optional<term> convert(const syntax::duration &d) {
    switch (d.unit) {
        case 'y':
            return term{d.amount * 12, term::unit::months};
        case 'm':
            return term{d.amount, term::unit::months};
        case 'd':
            return term{d.amount, term::unit::days};
        default:
            return std::nullopt;
    }
}

std::string duration_text(const syntax::duration &d) {
    return fmt::format("{}{}", d.amount, d.unit);
}

std::string literal_text(const syntax::literal &l) {
    return std::visit(
        [](const auto &v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, syntax::number_literal>)
                return v.text.empty() ? fmt::format("{}", v.value) : v.text;
            else if constexpr (std::is_same_v<T, syntax::string_literal>)
                return fmt::format("\"{}\"", v.value);
            else if constexpr (std::is_same_v<T, syntax::date_literal>)
                return v.value.to_string();
            else if constexpr (std::is_same_v<T, syntax::duration>)
                return duration_text(v);
            else
                return v.name;
        },
        l);
}

diag::span literal_span(const syntax::literal &l) {
    return std::visit([](const auto &v) { return v.where; }, l);
}

std::string_view literal_type(const syntax::literal &l) {
    switch (l.index()) {
        case 0:
            return "a number";
        case 1:
            return "a string";
        case 2:
            return "a date";
        case 3:
            return "a duration";
        default:
            return "a name";
    }
}

}  // namespace

class compiler {
public:
    explicit compiler(diag::diagnostics &diags) : diags_(diags) {}

    std::shared_ptr<const rule_set> run(const std::vector<syntax::rule_file> &files) {
        std::size_t errors_before = diags_.error_count();
        collect(files);
        resolve_vocabulary();
        resolve_lists();
        resolve_memorandums();
        resolve_rules();
        resolve_measures();
        check_replaces();
        resolve_dates();
        check_effect_ranks();
        check_effect_kinds();
        check_conditions_can_hold();
        check_reachable();
        check_identical();
        if (diags_.error_count() > errors_before) return nullptr;
        build_indexes();
        r_.canonical_ = canonical_form(r_);
        r_.version_ = sha256_hex(r_.canonical_);
        return std::make_shared<const rule_set>(std::move(r_));
    }

private:
    // ---- pass 1: declare every id -------------------------------------------------------------

    bool declare(entity kind, const syntax::identifier &id) {
        entity ns = id_namespace(kind);
        auto &seen = seen_[static_cast<std::size_t>(ns)];
        auto [it, inserted] = seen.emplace(id.name, std::pair{kind, id.where});
        if (!inserted) {
            const auto &[first_kind, first_where] = it->second;
            diag::diagnostic d;
            d.code = codes::duplicate_id;
            d.primary = id.where;
            d.message = first_kind == kind ? fmt::format("duplicate {} id `{}`", noun(kind), id.name)
                                           : fmt::format("`{}` is already the id of a {}", id.name, noun(first_kind));
            d.secondary.push_back({first_where, "first declared here"});
            d.help = ns == entity::memorandum
                         ? std::string("rename one of them; memorandum and rule ids are unique across all rule files")
                         : fmt::format("rename one of them; {} ids are unique across all rule files", noun(kind));
            diags_.add(std::move(d));
            return false;
        }
        r_.ids_[static_cast<std::size_t>(kind)].emplace(id.name, next_index(kind));
        return true;
    }

    std::uint32_t next_index(entity kind) {
        switch (kind) {
            case entity::list:
                return static_cast<std::uint32_t>(lists_.size());
            case entity::memorandum:
                return static_cast<std::uint32_t>(memos_.size());
            case entity::measure:
                return static_cast<std::uint32_t>(measures_.size());
            case entity::rule:
                return static_cast<std::uint32_t>(rules_.size());
            case entity::scenario:
                return static_cast<std::uint32_t>(r_.scenarios_.size());
            case entity::effect:
                return static_cast<std::uint32_t>(effects_.size());
            case entity::role:
                return static_cast<std::uint32_t>(r_.roles_.size());
            case entity::field:
                return static_cast<std::uint32_t>(r_.fields_.size());
            case entity::subject_kind:
                return static_cast<std::uint32_t>(kinds_.size());
            case entity::attribute:
                return static_cast<std::uint32_t>(attributes_.size());
        }
        return 0;
    }

    void declare_measures(const std::vector<syntax::measure_decl> &measures, std::optional<memorandum_index> memo,
                          std::optional<rule_index> rule, std::vector<measure_index> &owned) {
        for (const auto &m : measures) {
            if (!declare(entity::measure, m.id)) continue;
            owned.push_back(static_cast<measure_index>(measures_.size()));
            measures_.push_back({&m, memo, rule});
        }
    }

    void collect(const std::vector<syntax::rule_file> &files) {
        for (const auto &file : files) {
            for (const auto &decl : file.declarations) {
                std::visit([&](const auto &d) { collect_one(d); }, decl);
            }
        }
    }

    void collect_one(const syntax::scenario_decl &d) {
        if (!declare(entity::scenario, d.id)) return;
        r_.scenarios_.push_back({d.id.name, d.name.value, d.group ? d.group->name : std::string(), d.id.where});
    }
    void collect_one(const syntax::effect_decl &d) {
        if (declare(entity::effect, d.id)) effects_.push_back(&d);
    }
    void collect_one(const syntax::role_decl &d) {
        if (declare(entity::role, d.id)) r_.roles_.push_back({d.id.name, d.name.value, d.id.where});
    }
    void collect_one(const syntax::field_decl &d) {
        if (declare(entity::field, d.id)) r_.fields_.push_back({d.id.name, d.name.value, d.id.where});
    }
    void collect_one(const syntax::subject_kind_decl &d) {
        if (declare(entity::subject_kind, d.id)) kinds_.push_back(&d);
    }
    void collect_one(const syntax::attribute_decl &d) {
        if (declare(entity::attribute, d.id)) attributes_.push_back(&d);
    }
    void collect_one(const syntax::list_decl &d) {
        if (declare(entity::list, d.id)) lists_.push_back(&d);
    }
    void collect_one(const syntax::memorandum_decl &d) {
        if (!declare(entity::memorandum, d.id)) return;
        auto index = static_cast<memorandum_index>(memos_.size());
        memos_.push_back(&d);
        r_.memorandums_.emplace_back();
        declare_measures(d.measures, index, std::nullopt, r_.memorandums_.back().measures);
    }
    void collect_one(const syntax::rule_decl &d) {
        if (!declare(entity::rule, d.id)) return;
        auto index = static_cast<rule_index>(rules_.size());
        rules_.push_back(&d);
        r_.rules_.emplace_back();
        declare_measures(d.measures, std::nullopt, index, r_.rules_.back().measures);
    }

    // ---- helpers ------------------------------------------------------------------------------

    void missing(const syntax::identifier &id, entity kind, std::string_view property, std::string help) {
        diags_.error(codes::missing_property, id.where,
                     fmt::format("{} `{}` has no `{}`", noun(kind), id.name, property), std::move(help));
    }

    void invalid_value(const syntax::identifier &value, std::string_view property,
                       std::initializer_list<std::string_view> allowed) {
        std::string options;
        std::size_t i = 0;
        std::optional<std::string_view> suggestion;
        std::size_t best = 3;
        for (auto a : allowed) {
            if (i++) options += i == allowed.size() ? " or " : ", ";
            options += ticked(a);
            std::size_t d = base::edit_distance(value.name, a);
            if (d < best) {
                best = d;
                suggestion = a;
            }
        }
        diags_.error(codes::invalid_value, value.where, fmt::format("`{}` is not a valid `{}`", value.name, property),
                     suggestion ? fmt::format("did you mean `{}`? `{}` takes {}", *suggestion, property, options)
                                : fmt::format("`{}` takes {}", property, options));
    }

    void unknown(entity kind, const syntax::identifier &id) {
        std::size_t bound = std::max<std::size_t>(2, id.name.size() / 3);
        auto suggestion = closest_declared(kind, id.name, bound);
        diags_.error(
            codes::unknown(kind), id.where, fmt::format("unknown {} `{}`", noun(kind), id.name),
            suggestion ? std::optional<std::string>(fmt::format("did you mean `{}`?", *suggestion))
                       : std::optional<std::string>(fmt::format(
                             "declare it with `{} {} \"...\"` or use one that is declared", to_string(kind), id.name)));
    }

    std::optional<std::string> closest_declared(entity kind, std::string_view name, std::size_t bound) const {
        std::optional<std::string> best;
        std::size_t best_distance = bound + 1;
        for (const auto &[id, where] : seen_[static_cast<std::size_t>(id_namespace(kind))]) {
            if (where.first != kind) continue;
            std::size_t d = base::edit_distance(name, id);
            if (d < best_distance || (d == best_distance && best && id < *best)) {
                best = id;
                best_distance = d;
            }
        }
        return best;
    }

    template <class Index>
    std::optional<Index> lookup(entity kind, const syntax::identifier &id) {
        const auto &map = r_.ids_[static_cast<std::size_t>(kind)];
        auto it = map.find(id.name);
        if (it == map.end()) {
            unknown(kind, id);
            return std::nullopt;
        }
        return static_cast<Index>(it->second);
    }

    // Subject kinds or the categories `organisation` / `person` (which always mean every kind of
    // that category), expanded, deduplicated, in kind order.
    std::optional<std::vector<subject_kind_index>> resolve_kinds(const std::vector<syntax::identifier> &ids) {
        std::vector<bool> chosen(r_.subject_kinds_.size());
        bool ok = true;
        for (const auto &id : ids) {
            if (id.name == "organisation" || id.name == "person") {
                auto category = id.name == "person" ? subject_category::person : subject_category::organisation;
                for (std::size_t k = 0; k < r_.subject_kinds_.size(); ++k) {
                    if (r_.subject_kinds_[k].category == category) chosen[k] = true;
                }
                continue;
            }
            auto k = lookup<subject_kind_index>(entity::subject_kind, id);
            if (k)
                chosen[to_pos(*k)] = true;
            else
                ok = false;
        }
        if (!ok) return std::nullopt;
        std::vector<subject_kind_index> out;
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            if (chosen[k]) out.push_back(static_cast<subject_kind_index>(k));
        }
        return out;
    }

    template <class Index>
    std::vector<Index> resolve_all(entity kind, const std::vector<syntax::identifier> &ids) {
        std::vector<Index> out;
        for (const auto &id : ids) {
            auto i = lookup<Index>(kind, id);
            if (i && std::find(out.begin(), out.end(), *i) == out.end()) out.push_back(*i);
        }
        return out;
    }

    std::optional<term> positive_term(const syntax::duration &d) {
        auto t = convert(d);
        if (!t || d.amount <= 0) {
            diags_.error(codes::term_not_positive, d.where,
                         fmt::format("the term `{}` is not positive", duration_text(d)),
                         std::string("write a positive number of years, months or days, e.g. `3y`, `18m`, `90d`"));
            return std::nullopt;
        }
        return t;
    }

    // A term by date of listing: each item positive; after the first, each has a `from` later
    // than the one before (the first may have none: since always).
    std::vector<dated_term> dated_terms(const std::vector<syntax::dated_duration> &items, std::string_view what) {
        std::vector<dated_term> out;
        const syntax::dated_duration *previous = nullptr;
        for (const auto &item : items) {
            auto value = positive_term(item.value);
            if (previous && !item.from) {
                diags_.error(codes::term_dates_out_of_order, item.where,
                             fmt::format("`{}` item `{}{}` has no `from` date but follows another item", what,
                                         item.value.amount, item.value.unit),
                             std::string("only the first item may omit `from`; give this one the day it applies from"));
            } else if (previous && previous->from && item.from && !(previous->from->value < item.from->value)) {
                diag::diagnostic d;
                d.code = codes::term_dates_out_of_order;
                d.primary = item.from->where;
                d.message = fmt::format("`{}` items must start in increasing order: {} is not after {}", what,
                                        item.from->value.to_string(), previous->from->value.to_string());
                d.secondary.push_back({previous->from->where, std::string("the item before starts here")});
                d.help = std::string("list the terms oldest first, each from a later day");
                diags_.add(std::move(d));
            } else if (value) {
                out.push_back(dated_term{item.from ? std::optional<date>(item.from->value) : std::nullopt, *value,
                                         item.basis ? item.basis->value : std::string()});
            }
            previous = &item;
        }
        return out;
    }

    // `effective FROM until UNTIL`; reports an end that is not after the start.
    date_range dates(const std::optional<syntax::date_literal> &from, const std::optional<syntax::date_literal> &until,
                     bool &ok) {
        date_range range;
        ok = true;
        if (from) range.from = from->value;
        if (until) range.until = until->value;
        if (from && until && until->value <= from->value) {
            diags_.error(codes::until_not_after_from, until->where,
                         fmt::format("`effective` ends on {} which is not after its start {}", until->value.to_string(),
                                     from->value.to_string()),
                         std::string("the end date is exclusive and must come after the start date"));
            ok = false;
        }
        return range;
    }

    // ---- pass 2: resolve each declaration -----------------------------------------------------

    void resolve_vocabulary() {
        for (const auto *d : effects_) {
            effect_info info{d->id.name, d->name.value, effect_kind::punishment, 0, d->id.where};
            if (!d->kind) {
                missing(d->id, entity::effect, "kind", "add `kind punishment` or `kind incentive`");
            } else if (d->kind->name == "punishment" || d->kind->name == "incentive") {
                info.kind = d->kind->name == "punishment" ? effect_kind::punishment : effect_kind::incentive;
            } else {
                invalid_value(*d->kind, "kind", {"punishment", "incentive"});
            }
            if (!d->rank) {
                missing(d->id, entity::effect, "rank", "add `rank N`; 1 is the strongest effect of its kind");
            } else if (d->rank->value < 1 || d->rank->value != static_cast<double>(static_cast<int>(d->rank->value))) {
                diags_.error(codes::rank_not_positive_integer, d->rank->where,
                             fmt::format("the rank `{}` is not a positive whole number", d->rank->text),
                             std::string("ranks count from 1, the strongest effect of its kind"));
            } else {
                info.rank = static_cast<int>(d->rank->value);
            }
            r_.effects_.push_back(std::move(info));
        }
        for (const auto *d : kinds_) {
            subject_kind_info info{d->id.name, d->name.value, subject_category::organisation, d->id.where};
            if (!d->category) {
                missing(d->id, entity::subject_kind, "category", "add `category organisation` or `category person`");
            } else if (d->category->name == "organisation" || d->category->name == "person") {
                info.category =
                    d->category->name == "person" ? subject_category::person : subject_category::organisation;
            } else {
                invalid_value(*d->category, "category", {"organisation", "person"});
            }
            r_.subject_kinds_.push_back(std::move(info));
        }
        for (const auto *d : attributes_) {
            attribute_info info{d->id.name, d->name.value, attribute_type::number, d->id.where};
            if (!d->type) {
                missing(d->id, entity::attribute, "type", "add `type number`, `type string` or `type date`");
            } else if (d->type->name == "number") {
                info.type = attribute_type::number;
            } else if (d->type->name == "string") {
                info.type = attribute_type::string;
            } else if (d->type->name == "date") {
                info.type = attribute_type::date;
            } else if (d->type->name == "boolean") {
                info.type = attribute_type::boolean;
            } else {
                invalid_value(*d->type, "type", {"number", "string", "date", "boolean"});
            }
            r_.attributes_.push_back(std::move(info));
        }
    }

    void resolve_lists() {
        for (const auto *d : lists_) {
            list_info info;
            info.id = d->id.name;
            info.name = d->name.value;
            info.where = d->id.where;
            if (!d->kind) {
                missing(d->id, entity::list, "kind", "add `kind black` or `kind red`");
            } else if (d->kind->name == "black" || d->kind->name == "red") {
                info.kind = d->kind->name == "black" ? list_kind::black : list_kind::red;
            } else {
                invalid_value(*d->kind, "kind", {"black", "red"});
            }
            list_ok_.push_back(d->kind && (d->kind->name == "black" || d->kind->name == "red"));
            if (!d->field) {
                missing(d->id, entity::list, "field", "add `field F` with a declared field");
                list_field_ok_.push_back(false);
            } else if (auto f = lookup<field_index>(entity::field, *d->field)) {
                info.field = *f;
                list_field_ok_.push_back(true);
            } else {
                list_field_ok_.push_back(false);
            }
            for (const auto &s : d->initiators) info.initiators.push_back(s.value);
            if (d->initiators.empty()) {
                missing(d->id, entity::list, "initiator",
                        "add `initiator \"...\"`: the department that lists subjects");
            }
            if (d->subjects.empty()) {
                missing(d->id, entity::list, "subjects", "add `subjects K, ...` with the subject kinds the list holds");
            } else if (auto kinds = resolve_kinds(d->subjects)) {
                info.subjects = std::move(*kinds);
            }
            info.terms = dated_terms(d->term, "term");
            info.max_terms = dated_terms(d->max_term, "max_term");
            info.repair_after = dated_terms(d->repair_after, "repair_after");
            info.exits_on_performance = d->exits_on && d->exits_on->name == "performance";
            if (d->basis) info.basis = d->basis->value;
            r_.lists_.push_back(std::move(info));
        }
    }

    void resolve_memorandums() {
        for (std::size_t i = 0; i < memos_.size(); ++i) {
            const auto *d = memos_[i];
            auto &info = r_.memorandums_[i];
            info.id = d->id.name;
            info.title = d->title.value;
            info.where = d->id.where;
            for (const auto &s : d->documents) info.documents.push_back(s.value);
            for (const auto &s : d->signatories) info.signatories.push_back(s.value);
            if (d->documents.empty())
                missing(d->id, entity::memorandum, "document", "add `document \"...\"` with its document number");
            if (d->targets.empty())
                missing(d->id, entity::memorandum, "targets", "add `targets L` with the list it applies to");
            info.targets = resolve_all<list_index>(entity::list, d->targets);
            for (auto t : info.targets) r_.lists_[to_pos(t)].memorandums.push_back(static_cast<memorandum_index>(i));
            info.extends_to = resolve_all<role_index>(entity::role, d->extends_to);
            info.extends_to_organisations = resolve_all<role_index>(entity::role, d->extends_to_organisations);
            bool ok = true;
            if (!d->effective_from) {
                missing(d->id, entity::memorandum, "effective",
                        "add `effective YYYY-MM-DD`: the date it comes into force");
            }
            info.effective = dates(d->effective_from, d->effective_until, ok);
            info.declared_until = info.effective.until;
            memo_dates_ok_.push_back(ok);
            if (d->replaces) {
                if (auto p = lookup<memorandum_index>(entity::memorandum, *d->replaces)) info.replaces = *p;
            }
            if (d->measures.empty()) {
                missing(d->id, entity::memorandum, "measure", "add at least one `measure id \"...\" { ... }`");
            }
        }
    }

    void resolve_rules() {
        for (std::size_t i = 0; i < rules_.size(); ++i) {
            const auto *d = rules_[i];
            auto &info = r_.rules_[i];
            info.id = d->id.name;
            info.text = d->text.value;
            info.where = d->id.where;
            if (!d->when)
                missing(d->id, entity::rule, "when", "add `when CONDITION`");
            else
                info.condition = compile_condition(*d->when);
            if (d->actions.empty()) {
                missing(d->id, entity::rule, "then", "add `then escalate`, `then suppress_incentives` or `then grant`");
            }
            const syntax::identifier *grant = nullptr;
            for (const auto &a : d->actions) {
                if (a.name == "escalate")
                    info.actions[static_cast<std::size_t>(rule_action::escalate)] = true;
                else if (a.name == "suppress_incentives")
                    info.actions[static_cast<std::size_t>(rule_action::suppress_incentives)] = true;
                else if (a.name == "grant") {
                    info.actions[static_cast<std::size_t>(rule_action::grant)] = true;
                    grant = &a;
                } else
                    invalid_value(a, "then", {"escalate", "suppress_incentives", "grant"});
            }
            if (grant && d->measures.empty()) {
                diags_.error(codes::grant_without_measures, grant->where,
                             fmt::format("rule `{}` grants measures but declares none", d->id.name),
                             std::string("add the measures it grants inside the rule, or remove `grant`"));
            }
            if (!grant && !d->measures.empty()) {
                diags_.error(codes::measures_without_grant, d->measures.front().id.where,
                             fmt::format("rule `{}` declares measures but does not grant them", d->id.name),
                             std::string("add `grant` to its `then` actions, or move the measures into a memorandum"));
            }
        }
    }

    void resolve_measures() {
        for (std::size_t i = 0; i < measures_.size(); ++i) {
            const auto &[d, memo, rule] = measures_[i];
            measure_info info;
            info.id = d->id.name;
            info.text = d->text.value;
            info.memorandum = memo;
            info.rule = rule;
            info.where = d->id.where;
            for (const auto &s : d->implementers) info.implementers.push_back(s.value);
            if (d->implementers.empty()) {
                missing(d->id, entity::measure, "implementer",
                        "add `implementer \"...\"`: the department that applies it");
            }
            if (d->scenarios.empty()) {
                diags_.error(codes::no_scenario, d->id.where, fmt::format("measure `{}` has no scenario", d->id.name),
                             std::string("add `scenarios S, ...`: the checks in which it applies"));
            }
            info.scenarios = resolve_all<scenario_index>(entity::scenario, d->scenarios);
            bool effect_ok = false;
            if (!d->effect) {
                missing(d->id, entity::measure, "effect", "add `effect E` with a declared effect");
            } else if (auto e = lookup<effect_index>(entity::effect, *d->effect)) {
                info.effect = *e;
                effect_ok = true;
            }
            measure_effect_ok_.push_back(effect_ok);
            if (!d->binding) {
                missing(d->id, entity::measure, "binding", "add `binding mandatory` or `binding recommended`");
            } else if (d->binding->name == "mandatory" || d->binding->name == "recommended") {
                info.binding = d->binding->name == "mandatory" ? binding_kind::mandatory : binding_kind::recommended;
            } else {
                invalid_value(*d->binding, "binding", {"mandatory", "recommended"});
            }
            if (d->basis) info.basis = d->basis->value;
            if (d->when) info.condition = compile_condition(*d->when);
            if (d->term) info.term = positive_term(*d->term);
            if (d->applies_to) {
                const auto &a = d->applies_to->name;
                if (a == "all")
                    info.applies = applies_to::all;
                else if (a == "listed")
                    info.applies = applies_to::listed;
                else if (a == "related")
                    info.applies = applies_to::related;
                else
                    invalid_value(*d->applies_to, "applies_to", {"listed", "related", "all"});
            }
            resolve_reach(*d, info);
            if (d->verify) info.verify = d->verify->value;
            if (d->settled_by) {
                if (auto a = lookup<attribute_index>(entity::attribute, *d->settled_by)) {
                    const auto &attribute = r_.attributes_[to_pos(*a)];
                    if (attribute.type != attribute_type::boolean) {
                        diags_.error(codes::settled_by_invalid, d->settled_by->where,
                                     fmt::format("`settled_by {}` names a {} attribute", attribute.id,
                                                 to_string(attribute.type)),
                                     std::string("a conditional measure is settled by a yes/no fact: declare the "
                                                 "attribute with `type boolean`"));
                    } else if (!d->verify) {
                        diags_.error(codes::settled_by_invalid, d->settled_by->where,
                                     fmt::format("measure `{}` has `settled_by` but no `verify`", d->id.name),
                                     std::string("add `verify \"...\"`: the fact, in words, that the attribute settles"));
                    } else {
                        info.settled_by = *a;
                    }
                }
            }
            bool ok = true;
            info.effective = dates(d->effective_from, d->effective_until, ok);
            measure_dates_ok_.push_back(ok);
            r_.measures_.push_back(std::move(info));
        }
    }

    // A measure's reach: its own `reaches` / `reaches_organisations`, each role one that its
    // memorandum extends to; else the memorandum's. `applies_to listed` reaches no one.
    // 落实到人 is written measure by measure in the memorandums (e.g. 发改财金〔2016〕141号 extends
    // the consumption bans to a debtor unit's legal representative, not its procurement bans).
    void resolve_reach(const syntax::measure_decl &d, measure_info &info) {
        info.reach_stated = d.reaches || d.reaches_organisations;
        if (!info.memorandum) {
            for (const auto *clause : {&d.reaches, &d.reaches_organisations}) {
                if (!*clause) continue;
                diags_.error(codes::reach_outside_memorandum, (*clause)->where,
                             fmt::format("measure `{}` states whom it reaches, but only measures of a memorandum "
                                         "reach through relations",
                                         d.id.name),
                             std::string("remove the reach, or move the measure into a memorandum"));
            }
            return;
        }
        const auto &memo = r_.memorandums_[to_pos(*info.memorandum)];
        const auto *memo_decl = memos_[to_pos(*info.memorandum)];
        // A measure that states whom it reaches states it whole: the direction it leaves out
        // reaches no one. One that states nothing takes its memorandum's `extends_to` and
        // `extends_to_organisations`.
        auto resolve = [&](const std::optional<syntax::reach_clause> &clause, const std::vector<role_index> &allowed,
                           const std::vector<syntax::identifier> &allowed_decl, const char *memo_property) {
            if (!clause) return info.reach_stated ? std::vector<role_index>{} : allowed;
            std::vector<role_index> out;
            for (const auto &id : clause->roles) {
                auto role = lookup<role_index>(entity::role, id);
                if (!role) continue;
                if (std::find(allowed.begin(), allowed.end(), *role) == allowed.end()) {
                    diag::diagnostic diagnostic;
                    diagnostic.code = codes::reach_not_in_memorandum;
                    diagnostic.primary = id.where;
                    diagnostic.message = fmt::format("measure `{}` reaches `{}`, a role memorandum `{}` does not "
                                                     "mention in `{}`",
                                                     d.id.name, id.name, memo.id, memo_property);
                    if (!allowed_decl.empty()) {
                        diagnostic.secondary.push_back(
                            {allowed_decl.front().where, fmt::format("`{}` of `{}`", memo_property, memo.id)});
                    }
                    diagnostic.help = fmt::format("a measure reaches only roles its memorandum names; add `{}` to "
                                                  "the memorandum's `{}` if its text names it",
                                                  id.name, memo_property);
                    diags_.add(std::move(diagnostic));
                    continue;
                }
                if (std::find(out.begin(), out.end(), *role) == out.end()) out.push_back(*role);
            }
            return out;
        };
        info.reaches = resolve(d.reaches, memo.extends_to, memo_decl->extends_to, "extends_to");
        info.reaches_organisations = resolve(d.reaches_organisations, memo.extends_to_organisations,
                                             memo_decl->extends_to_organisations, "extends_to_organisations");
        if (info.applies == applies_to::listed) {
            info.reaches.clear();
            info.reaches_organisations.clear();
        }
    }

    // ---- conditions ---------------------------------------------------------------------------

    struct condition_builder {
        compiled_condition out;
        std::uint32_t push(condition_node n) {
            out.nodes.push_back(n);
            return static_cast<std::uint32_t>(out.nodes.size() - 1);
        }
    };

    compiled_condition compile_condition(const syntax::condition &c) {
        condition_builder b;
        compile_node(c, b);
        return std::move(b.out);
    }

    // Appends the node of `c` after its children and returns its position.
    std::uint32_t compile_node(const syntax::condition &c, condition_builder &b) {
        condition_node n;
        return std::visit([&](const auto &v) { return compile_atom(v, c, n, b); }, c.node);
    }

    std::uint32_t compile_atom(const syntax::logical &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        std::vector<std::uint32_t> children;
        for (const auto &operand : v.operands) children.push_back(compile_node(operand, b));
        n.what = v.kind == syntax::logical::op::and_  ? condition_node::kind::all_of
                 : v.kind == syntax::logical::op::or_ ? condition_node::kind::any_of
                                                      : condition_node::kind::negation;
        n.first = static_cast<std::uint32_t>(b.out.operands.size());
        n.count = static_cast<std::uint32_t>(children.size());
        b.out.operands.insert(b.out.operands.end(), children.begin(), children.end());
        if (children.empty()) {  // the parser never builds this; stay total anyway
            n.what = condition_node::kind::constant;
            n.value = v.kind == syntax::logical::op::or_ ? 0 : 1;
        }
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::membership &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        switch (v.kind) {
            case syntax::membership::scope::list:
                n.what = condition_node::kind::listed;
                if (auto l = lookup<list_index>(entity::list, v.name)) n.value = static_cast<std::uint32_t>(*l);
                break;
            case syntax::membership::scope::any_of_kind:
                n.what = condition_node::kind::listed_any;
                if (v.name.name == "black" || v.name.name == "red") {
                    n.value = static_cast<std::uint32_t>(v.name.name == "black" ? list_kind::black : list_kind::red);
                } else {
                    invalid_value(v.name, "listed any", {"black", "red"});
                }
                break;
            case syntax::membership::scope::field:
                n.what = condition_node::kind::listed_field;
                if (auto f = lookup<field_index>(entity::field, v.name)) n.value = static_cast<std::uint32_t>(*f);
                break;
        }
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::black_field_count &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        n.what = condition_node::kind::black_fields;
        n.op = convert(v.op);
        n.number = v.value;
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::subject_is &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        n.what = condition_node::kind::subject_is;
        auto kinds = resolve_kinds(v.kinds);
        n.first = static_cast<std::uint32_t>(b.out.operands.size());
        if (kinds) {
            for (auto k : *kinds) b.out.operands.push_back(static_cast<std::uint32_t>(k));
            n.count = static_cast<std::uint32_t>(kinds->size());
        }
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::reached &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        if (v.roles.empty()) {
            n.what = condition_node::kind::reached;
            return b.push(n);
        }
        n.what = condition_node::kind::reached_as;
        auto roles = resolve_all<role_index>(entity::role, v.roles);
        n.first = static_cast<std::uint32_t>(b.out.operands.size());
        n.count = static_cast<std::uint32_t>(roles.size());
        for (auto r : roles) b.out.operands.push_back(static_cast<std::uint32_t>(r));
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::clean_for &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        n.what = condition_node::kind::clean_for;
        n.op = convert(v.op);
        if (auto t = convert(v.value)) n.duration = *t;
        return b.push(n);
    }

    // Checks that `l` has the type `want` and stores it; false (with a diagnostic) otherwise.
    bool add_literal(const syntax::literal &l, attribute_type want, std::string_view subject, condition_builder &b) {
        bool ok = (want == attribute_type::number && std::holds_alternative<syntax::number_literal>(l)) ||
                  (want == attribute_type::string && std::holds_alternative<syntax::string_literal>(l)) ||
                  (want == attribute_type::date && std::holds_alternative<syntax::date_literal>(l));
        if (!ok) {
            diags_.error(codes::wrong_literal_type, literal_span(l),
                         fmt::format("{} is compared with {} but `{}` is {}", subject,
                                     want == attribute_type::number   ? "numbers"
                                     : want == attribute_type::string ? "strings"
                                                                      : "dates",
                                     literal_text(l), literal_type(l)),
                         fmt::format("compare it with a {}", to_string(want)));
            return false;
        }
        if (const auto *n = std::get_if<syntax::number_literal>(&l))
            b.out.values.emplace_back(n->value);
        else if (const auto *s = std::get_if<syntax::string_literal>(&l))
            b.out.values.emplace_back(s->value);
        else
            b.out.values.emplace_back(std::get<syntax::date_literal>(l).value);
        return true;
    }

    void check_string_operator(compare_op op, attribute_type type, std::string_view subject, diag::span where) {
        if (type == attribute_type::string && op != compare_op::eq && op != compare_op::ne) {
            diags_.error(codes::operator_not_allowed, where,
                         fmt::format("{} holds strings, which cannot be compared with `{}`", subject, to_string(op)),
                         std::string("use `==`, `!=` or `in (...)`"));
        }
    }

    std::uint32_t compile_atom(const syntax::credit_rating &v, const syntax::condition &c, condition_node &n,
                               condition_builder &b) {
        n.first = static_cast<std::uint32_t>(b.out.values.size());
        if (v.op) {
            n.what = condition_node::kind::rating_compare;
            n.op = convert(*v.op);
            check_string_operator(n.op, attribute_type::string, "`credit_rating`", c.where);
        } else {
            n.what = condition_node::kind::rating_in;
        }
        for (const auto &l : v.values) {
            if (add_literal(l, attribute_type::string, "`credit_rating`", b)) ++n.count;
        }
        if (n.what == condition_node::kind::rating_compare && n.count != 1) {
            n.what = condition_node::kind::constant;  // an error was reported; keep the node valid
            n.value = 0;
        }
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::attribute_test &v, const syntax::condition &c, condition_node &n,
                               condition_builder &b) {
        auto a = lookup<attribute_index>(entity::attribute, v.name);
        if (!a) return b.push(n);
        n.value = static_cast<std::uint32_t>(*a);
        const auto &info = r_.attributes_[to_pos(*a)];
        std::string subject = fmt::format("attribute `{}`", info.id);
        n.first = static_cast<std::uint32_t>(b.out.values.size());
        switch (v.kind) {
            case syntax::attribute_test::form::present:
                n.what = condition_node::kind::attribute_present;
                break;
            case syntax::attribute_test::form::compare:
                n.what = condition_node::kind::attribute_compare;
                n.op = convert(v.op);
                check_string_operator(n.op, info.type, subject, c.where);
                for (const auto &l : v.values) {
                    if (add_literal(l, info.type, subject, b)) ++n.count;
                }
                if (n.count != 1) {
                    n.what = condition_node::kind::constant;
                    n.value = 0;
                }
                break;
            case syntax::attribute_test::form::in_set:
                n.what = condition_node::kind::attribute_in;
                for (const auto &l : v.values) {
                    if (add_literal(l, info.type, subject, b)) ++n.count;
                }
                break;
        }
        return b.push(n);
    }

    std::uint32_t compile_atom(const syntax::boolean_constant &v, const syntax::condition &, condition_node &n,
                               condition_builder &b) {
        n.what = condition_node::kind::constant;
        n.value = v.value ? 1 : 0;
        return b.push(n);
    }

    // ---- pass 3: checks across declarations ---------------------------------------------------

    void check_replaces() {
        std::size_t count = r_.memorandums_.size();
        std::vector<int> state(count, 0);  // 0 unvisited, 1 on the current chain, 2 done
        for (std::size_t start = 0; start < count; ++start) {
            std::vector<std::size_t> chain;
            std::size_t at = start;
            while (true) {
                if (state[at] == 2) break;
                if (state[at] == 1) {
                    auto begin = std::find(chain.begin(), chain.end(), at);
                    std::vector<std::string> names;
                    for (auto it = begin; it != chain.end(); ++it) names.push_back(r_.memorandums_[*it].id);
                    names.push_back(r_.memorandums_[at].id);
                    std::string path;
                    for (std::size_t i = 0; i < names.size(); ++i) path += (i ? " → " : "") + ticked(names[i]);
                    const auto *d = memos_[*begin];
                    for (auto it = begin; it != chain.end(); ++it) in_cycle_.insert(*it);
                    diags_.error(codes::replaces_cycle, d->replaces->where,
                                 fmt::format("`replaces` forms a cycle: {}", path),
                                 std::string("a memorandum can only replace an earlier one; remove one `replaces`"));
                    break;
                }
                state[at] = 1;
                chain.push_back(at);
                auto next = r_.memorandums_[at].replaces;
                if (!next) break;
                at = to_pos(*next);
            }
            for (auto c : chain) state[c] = 2;
        }
    }

    void resolve_dates() {
        for (std::size_t i = 0; i < r_.memorandums_.size(); ++i) {
            auto &m = r_.memorandums_[i];
            if (!m.replaces || in_cycle_.count(i)) continue;
            auto &replaced = r_.memorandums_[to_pos(*m.replaces)];
            replaced.replaced_by.push_back(static_cast<memorandum_index>(i));
            if (m.effective.from && (!replaced.effective.until || *m.effective.from < *replaced.effective.until)) {
                replaced.effective.until = m.effective.from;
            }
        }
        for (auto &m : r_.measures_) {
            if (!m.memorandum) continue;
            const auto &range = r_.memorandums_[to_pos(*m.memorandum)].effective;
            if (range.from && (!m.effective.from || *m.effective.from < *range.from)) m.effective.from = range.from;
            if (range.until && (!m.effective.until || *range.until < *m.effective.until))
                m.effective.until = range.until;
        }
    }

    void check_effect_ranks() {
        std::map<std::pair<effect_kind, int>, std::size_t> first;
        for (std::size_t i = 0; i < r_.effects_.size(); ++i) {
            const auto &e = r_.effects_[i];
            if (e.rank == 0 || !effects_[i]->kind) continue;
            auto [it, inserted] = first.emplace(std::pair{e.kind, e.rank}, i);
            if (inserted) continue;
            const auto &other = r_.effects_[it->second];
            diag::diagnostic d;
            d.code = codes::duplicate_rank;
            d.primary = effects_[i]->rank->where;
            d.message =
                fmt::format("{} effects `{}` and `{}` both have rank {}", to_string(e.kind), other.id, e.id, e.rank);
            d.secondary.push_back(
                {effects_[it->second]->rank->where, fmt::format("`{}` has rank {} here", other.id, e.rank)});
            d.help = fmt::format("give each {} effect its own rank; 1 is the strongest", to_string(e.kind));
            diags_.add(std::move(d));
        }
    }

    void check_effect_kinds() {
        for (std::size_t i = 0; i < r_.measures_.size(); ++i) {
            const auto &m = r_.measures_[i];
            if (!m.memorandum || !measure_effect_ok_[i]) continue;
            const auto &effect = r_.effects_[to_pos(m.effect)];
            const auto *memo_decl = memos_[to_pos(*m.memorandum)];
            const auto &memo = r_.memorandums_[to_pos(*m.memorandum)];
            for (auto t : memo.targets) {
                const auto &list = r_.lists_[to_pos(t)];
                if (!list_ok_[to_pos(t)]) continue;
                bool clash = (list.kind == list_kind::red && effect.kind == effect_kind::punishment) ||
                             (list.kind == list_kind::black && effect.kind == effect_kind::incentive);
                if (!clash) continue;
                diag::diagnostic d;
                d.code = codes::effect_kind_mismatch;
                d.primary = measures_[i].decl->effect->where;
                d.message =
                    fmt::format("measure `{}` has the {} effect `{}` but memorandum `{}` targets the {} list `{}`",
                                m.id, to_string(effect.kind), effect.id, memo.id, to_string(list.kind), list.id);
                for (const auto &target : memo_decl->targets) {
                    if (target.name == list.id) {
                        d.secondary.push_back(
                            {target.where, fmt::format("`{}` is a {} list", list.id, to_string(list.kind))});
                        break;
                    }
                }
                d.help = list.kind == list_kind::red
                             ? std::string("red lists carry incentive effects; use one such as `green_channel`")
                             : std::string("black lists carry punishment effects; use one such as `restrict`");
                diags_.add(std::move(d));
                break;
            }
        }
    }

    // The subject kinds a measure can ever be checked for: those of its memorandum's lists
    // (unless it applies to related subjects only) and those its reach extends to.
    std::vector<bool> reachable_kinds(const measure_info &m) const {
        const auto &memo = r_.memorandums_[to_pos(*m.memorandum)];
        std::vector<bool> kinds(r_.subject_kinds_.size());
        if (m.applies != applies_to::related) {
            for (auto t : memo.targets) {
                for (auto k : r_.lists_[to_pos(t)].subjects) kinds[to_pos(k)] = true;
            }
        }
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            auto category = r_.subject_kinds_[k].category;
            if (!m.reaches.empty() && category == subject_category::person) kinds[k] = true;
            if (!m.reaches_organisations.empty() && category == subject_category::organisation) kinds[k] = true;
        }
        return kinds;
    }

    std::string kinds_text(const std::vector<bool> &kinds) const {
        std::vector<std::string> names;
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            if (kinds[k]) names.push_back(r_.subject_kinds_[k].id);
        }
        return names.empty() ? std::string("no subject kind") : ticked_list(names);
    }

    static std::string ids_text(const std::vector<syntax::identifier> &ids) {
        std::string out;
        for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i].name;
        return out;
    }

    void never_holds(const syntax::condition &atom, std::string_view text, std::string why, std::string help) {
        diags_.error(codes::never_holds, atom.where, fmt::format("the condition `{}` can never hold: {}", text, why),
                     std::move(help));
    }

    // Walks the atoms that must hold for `c` to hold (the root and operands of `and`); atoms under
    // `or` or `not` are left alone, keeping the check to clear-cut cases.
    void check_must_hold(const syntax::condition &c, const measure_info *measure) {
        if (const auto *l = std::get_if<syntax::logical>(&c.node)) {
            if (l->kind == syntax::logical::op::and_) {
                for (const auto &operand : l->operands) check_must_hold(operand, measure);
            }
            return;
        }
        if (const auto *b = std::get_if<syntax::black_field_count>(&c.node)) {
            auto total = static_cast<std::int64_t>(r_.black_field_total_);
            bool possible = false;
            for (std::int64_t n = 0; n <= total && !possible; ++n) {
                possible = [&] {
                    switch (b->op) {
                        case syntax::compare_op::eq:
                            return n == b->value;
                        case syntax::compare_op::ne:
                            return n != b->value;
                        case syntax::compare_op::lt:
                            return n < b->value;
                        case syntax::compare_op::le:
                            return n <= b->value;
                        case syntax::compare_op::gt:
                            return n > b->value;
                        case syntax::compare_op::ge:
                            return n >= b->value;
                    }
                    return true;
                }();
            }
            if (!possible) {
                never_holds(c, fmt::format("black_fields {} {}", to_string(convert(b->op)), b->value),
                            fmt::format("{} field{} {} a black list", total, total == 1 ? "" : "s",
                                        total == 1 ? "has" : "have"),
                            std::string("compare with a number of fields that black lists can reach"));
            }
            return;
        }
        if (!measure || !measure->memorandum) return;
        const memorandum_info *memo = &r_.memorandums_[to_pos(*measure->memorandum)];
        if (const auto *s = std::get_if<syntax::subject_is>(&c.node)) {
            auto kinds = resolve_kinds_quietly(s->kinds);
            auto reachable = reachable_kinds(*measure);
            bool any = false;
            bool named = false;
            for (std::size_t k = 0; k < kinds.size(); ++k) {
                any = any || (kinds[k] && reachable[k]);
                named = named || kinds[k];
            }
            if (!any && named) {
                never_holds(c, "subject is " + ids_text(s->kinds),
                            fmt::format("measure `{}` of memorandum `{}` reaches only {}", measure->id, memo->id,
                                        kinds_text(reachable)),
                            std::string("add the kind to the `subjects` of a target list, or let the measure reach "
                                        "persons (`reaches`) or organisations (`reaches_organisations`)"));
            }
            return;
        }
        if (const auto *r = std::get_if<syntax::reached>(&c.node)) {
            std::vector<role_index> roles = measure->reaches;
            roles.insert(roles.end(), measure->reaches_organisations.begin(), measure->reaches_organisations.end());
            std::string text = r->roles.empty() ? "reached" : "reached as " + ids_text(r->roles);
            if (measure->applies == applies_to::listed) {
                never_holds(c, text, std::string("the measure applies only to listed subjects"),
                            std::string("remove `applies_to listed` or the condition"));
                return;
            }
            if (roles.empty()) {
                never_holds(c, text,
                            measure->reach_stated
                                ? fmt::format("measure `{}` reaches no role", measure->id)
                                : fmt::format("memorandum `{}` extends to no role", memo->id),
                            std::string("let the measure reach roles its memorandum extends to (`reaches`)"));
                return;
            }
            if (r->roles.empty()) return;
            bool any = false;
            for (const auto &id : r->roles) {
                auto role = r_.find_role(id.name);
                any = any || (role && std::find(roles.begin(), roles.end(), *role) != roles.end());
            }
            if (!any) {
                never_holds(c, text,
                            fmt::format("measure `{}` does not reach {}", measure->id,
                                        r->roles.size() == 1 ? ticked(r->roles[0].name) : std::string("these roles")),
                            std::string("add the role to the measure's `reaches` (and its memorandum's "
                                        "`extends_to`), or to `reaches_organisations`"));
            }
        }
    }

    std::vector<bool> resolve_kinds_quietly(const std::vector<syntax::identifier> &ids) const {
        std::vector<bool> kinds(r_.subject_kinds_.size());
        for (const auto &id : ids) {
            for (std::size_t k = 0; k < kinds.size(); ++k) {
                const auto &info = r_.subject_kinds_[k];
                if (info.id == id.name || (id.name == to_string(info.category))) kinds[k] = true;
            }
        }
        return kinds;
    }

    void check_conditions_can_hold() {
        std::set<std::size_t> fields;
        for (std::size_t l = 0; l < r_.lists_.size(); ++l) {
            if (list_ok_[l] && list_field_ok_[l] && r_.lists_[l].kind == list_kind::black) {
                fields.insert(to_pos(r_.lists_[l].field));
            }
        }
        r_.black_field_total_ = fields.size();
        for (const auto *d : rules_) {
            if (d->when) check_must_hold(*d->when, nullptr);
        }
        for (std::size_t i = 0; i < measures_.size(); ++i) {
            const auto *d = measures_[i].decl;
            if (!d->when) continue;
            const auto &m = r_.measures_[i];
            check_must_hold(*d->when, &m);
        }
    }

    void check_reachable() {
        std::set<std::size_t> warned_memos;
        for (std::size_t i = 0; i < r_.memorandums_.size(); ++i) {
            const auto &m = r_.memorandums_[i];
            if (!memo_dates_ok_[i] || !m.effective.empty() || m.replaced_by.empty()) continue;
            const auto &by = r_.memorandums_[to_pos(m.replaced_by.front())];
            diags_.warning(
                codes::unreachable_measure, m.where,
                fmt::format("memorandum `{}` is never in force: `{}` replaces it from {}, before it starts on {}", m.id,
                            by.id, by.effective.from->to_string(), m.effective.from->to_string()),
                std::string("check the `effective` dates of both memorandums"));
            warned_memos.insert(i);
        }
        for (std::size_t i = 0; i < r_.measures_.size(); ++i) {
            const auto &m = r_.measures_[i];
            const auto *d = measures_[i].decl;
            if (m.memorandum && warned_memos.count(to_pos(*m.memorandum))) continue;
            if (m.memorandum && !memo_dates_ok_[to_pos(*m.memorandum)]) continue;
            if (measure_dates_ok_[i] && m.effective.empty()) {
                const auto &memo = r_.memorandums_[to_pos(*m.memorandum)];
                diags_.warning(
                    codes::unreachable_measure, d->id.where,
                    fmt::format("measure `{}` is never in force: its dates do not overlap those of memorandum `{}`",
                                m.id, memo.id),
                    fmt::format("memorandum `{}` is in force from {}{}", memo.id,
                                memo.effective.from ? memo.effective.from->to_string() : std::string("the start"),
                                memo.effective.until ? " until " + memo.effective.until->to_string() : std::string()));
                continue;
            }
            if (m.memorandum && m.applies == applies_to::related && m.reaches.empty() &&
                m.reaches_organisations.empty()) {
                diags_.warning(codes::unreachable_measure, d->applies_to->where,
                               fmt::format("measure `{}` applies only to related subjects but reaches no role", m.id),
                               std::string("let it reach roles (`reaches`, or `extends_to` on the memorandum), or "
                                           "remove `applies_to related`"));
            }
        }
    }

    // Text and scope that make two measures the same measure twice.
    std::string scope_key(std::size_t i) const {
        const auto &m = r_.measures_[i];
        std::vector<std::string> parts;
        std::vector<std::string> targets;
        if (m.memorandum) {
            for (auto t : r_.memorandums_[to_pos(*m.memorandum)].targets) targets.push_back(r_.lists_[to_pos(t)].id);
        } else {
            targets.push_back("rule " + r_.rules_[to_pos(*m.rule)].id);
        }
        std::sort(targets.begin(), targets.end());
        std::vector<std::string> scenarios;
        for (auto s : m.scenarios) scenarios.push_back(r_.scenarios_[to_pos(s)].id);
        std::sort(scenarios.begin(), scenarios.end());
        std::string key;
        for (const auto &t : targets) key += t + ",";
        key += "|";
        for (const auto &s : scenarios) key += s + ",";
        key += fmt::format("|{}|{}|{}|{}|{}|", to_pos(m.effect), to_string(m.binding), to_string(m.applies),
                           m.term ? m.term->to_string() : "", canonical_condition(r_, m.condition));
        for (auto role : m.reaches) key += r_.roles_[to_pos(role)].id + ",";
        key += "|";
        for (auto role : m.reaches_organisations) key += r_.roles_[to_pos(role)].id + ",";
        key += "|" + m.verify + "|";
        key += m.text;
        return key;
    }

    void check_identical() {
        std::map<std::string, std::vector<std::size_t>> seen;
        for (std::size_t i = 0; i < r_.measures_.size(); ++i) {
            if (!measure_effect_ok_[i]) continue;
            auto &same = seen[scope_key(i)];
            const auto &m = r_.measures_[i];
            for (auto j : same) {
                const auto &other = r_.measures_[j];
                date_range both{m.effective.from, m.effective.until};
                if (other.effective.from && (!both.from || *both.from < *other.effective.from))
                    both.from = other.effective.from;
                if (other.effective.until && (!both.until || *other.effective.until < *both.until))
                    both.until = other.effective.until;
                if (both.empty()) continue;  // a revision repeating a measure of the memorandum it replaces
                diag::diagnostic d;
                d.severity = diag::severity::warning;
                d.code = codes::identical_measures;
                d.primary = m.where;
                d.message = fmt::format(
                    "measure `{}` repeats measure `{}`: same text, lists, scenarios, effect, "
                    "binding and condition",
                    m.id, other.id);
                d.secondary.push_back({other.where, fmt::format("`{}` is declared here", other.id)});
                d.help = std::string("remove one of them, or make their text or scope differ");
                diags_.add(std::move(d));
                break;
            }
            same.push_back(i);
        }
    }

    // ---- indexes ------------------------------------------------------------------------------

    void build_indexes() {
        std::size_t lists = r_.lists_.size();
        std::size_t scenarios = r_.scenarios_.size();
        std::vector<std::vector<measure_index>> buckets(lists * scenarios);
        std::vector<std::vector<measure_index>> granted(scenarios);
        for (std::size_t i = 0; i < r_.measures_.size(); ++i) {
            const auto &m = r_.measures_[i];
            auto index = static_cast<measure_index>(i);
            for (auto s : m.scenarios) {
                if (m.memorandum) {
                    for (auto l : r_.memorandums_[to_pos(*m.memorandum)].targets) {
                        buckets[to_pos(l) * scenarios + to_pos(s)].push_back(index);
                    }
                } else if (r_.rules_[to_pos(*m.rule)].has(rule_action::grant)) {
                    granted[to_pos(s)].push_back(index);
                }
            }
        }
        auto flatten = [](const auto &in, auto &items, auto &offsets) {
            offsets.push_back(0);
            for (const auto &bucket : in) {
                items.insert(items.end(), bucket.begin(), bucket.end());
                offsets.push_back(static_cast<std::uint32_t>(items.size()));
            }
        };
        flatten(buckets, r_.for_measures_, r_.for_offsets_);
        flatten(granted, r_.granted_measures_, r_.granted_offsets_);
        for (std::size_t i = 0; i < r_.rules_.size(); ++i) {
            for (std::size_t a = 0; a < rule_action_count; ++a) {
                if (r_.rules_[i].actions[a]) r_.rules_with_[a].push_back(static_cast<rule_index>(i));
            }
        }
        std::vector<std::vector<list_index>> by_field(r_.fields_.size());
        for (std::size_t l = 0; l < lists; ++l)
            by_field[to_pos(r_.lists_[l].field)].push_back(static_cast<list_index>(l));
        flatten(by_field, r_.field_lists_, r_.field_offsets_);
    }

    struct measure_source {
        const syntax::measure_decl *decl;
        std::optional<memorandum_index> memo;
        std::optional<rule_index> rule;
    };

    diag::diagnostics &diags_;
    rule_set r_;
    std::array<std::map<std::string, std::pair<entity, diag::span>>, entity_count> seen_;
    std::vector<const syntax::effect_decl *> effects_;
    std::vector<const syntax::subject_kind_decl *> kinds_;
    std::vector<const syntax::attribute_decl *> attributes_;
    std::vector<const syntax::list_decl *> lists_;
    std::vector<const syntax::memorandum_decl *> memos_;
    std::vector<const syntax::rule_decl *> rules_;
    std::vector<measure_source> measures_;
    std::vector<bool> list_ok_;
    std::vector<bool> list_field_ok_;
    std::vector<bool> memo_dates_ok_;
    std::vector<bool> measure_dates_ok_;
    std::vector<bool> measure_effect_ok_;
    std::set<std::size_t> in_cycle_;
};

std::shared_ptr<const rule_set> compile(const std::vector<syntax::rule_file> &files, diag::diagnostics &diags) {
    return compiler(diags).run(files);
}

}  // namespace credo::sema
