// SPDX-License-Identifier: Apache-2.0
// The compiled rule set: every rule file of a directory resolved, checked and indexed into one
// immutable object that the engine, the store's import and the CLI share across threads.
//
// How to use it
//   diag::source_map sources;  diag::diagnostics diags;
//   std::shared_ptr<const sema::rule_set> rules = sema::load_rule_set("rules", sources, diags);
//   if (!rules) { /* diags has at least one error; render them with diag::render */ }
//
// Everything is addressed by dense indexes (`list_index`, `measure_index`, ...), numbered in
// declaration order (files in sorted path order, declarations in source order), so the engine
// keeps per-list or per-scenario tables in plain vectors. `find_*` turns an id string into an
// index, `closest` names the nearest known id for a "did you mean".
//
// The object is immutable after construction; every member function is const and touches no
// mutable state, so one instance may be read from any number of threads without locking.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "credo/date.hpp"
#include "diag/diagnostic.hpp"

namespace credo::syntax {
struct rule_file;
}

namespace credo::sema {

// ---- dense indexes ----------------------------------------------------------------------------
// Distinct types so that a list index cannot be passed where a scenario index is meant;
// `to_pos` turns any of them into a vector position.
enum class list_index : std::uint32_t {};
enum class memorandum_index : std::uint32_t {};
enum class measure_index : std::uint32_t {};
enum class rule_index : std::uint32_t {};
enum class scenario_index : std::uint32_t {};
enum class effect_index : std::uint32_t {};
enum class role_index : std::uint32_t {};
enum class field_index : std::uint32_t {};
enum class subject_kind_index : std::uint32_t {};
enum class attribute_index : std::uint32_t {};

template <class Index>
constexpr std::size_t to_pos(Index i) {
    return static_cast<std::size_t>(i);
}

// What kind of thing an id names; each kind is its own namespace, except that memorandums and
// rules share one (both are policies a measure can belong to).
enum class entity : std::uint8_t {
    list,
    memorandum,
    measure,
    rule,
    scenario,
    effect,
    role,
    field,
    subject_kind,
    attribute
};
std::string_view to_string(entity e);  // `list`, `memorandum`, ... (the rule-language keyword)

// ---- value types ------------------------------------------------------------------------------
enum class list_kind : std::uint8_t { black, red };
enum class effect_kind : std::uint8_t { punishment, incentive };
enum class binding_kind : std::uint8_t { mandatory, recommended };
enum class applies_to : std::uint8_t { all, listed, related };
enum class subject_category : std::uint8_t { organisation, person };
enum class attribute_type : std::uint8_t { number, string, date, boolean };
enum class rule_action : std::uint8_t { escalate, suppress_incentives, grant };
inline constexpr std::size_t rule_action_count = 3;

std::string_view to_string(list_kind k);
std::string_view to_string(effect_kind k);
std::string_view to_string(binding_kind k);
std::string_view to_string(applies_to a);
std::string_view to_string(subject_category c);
std::string_view to_string(attribute_type t);
std::string_view to_string(rule_action a);

// A listing or measure term. Years are held as 12 months, so `3y` and `36m` are one term.
struct term {
    enum class unit : std::uint8_t { months, days };
    std::int32_t amount = 0;
    term::unit unit = unit::months;

    // The date `amount` months or days after `from` (month ends clamp: 01-31 + 1m = 02-28/29).
    date after(date from) const;
    std::string to_string() const;  // `3y`, `18m`, `90d`
    friend bool operator==(const term &, const term &) = default;
};

// One item of a list's term that depends on the date of listing (e.g. 5 years for entries listed
// under 工商总局令第83号, 3 years from 市场监管总局令第44号's effective date).
struct dated_term {
    std::optional<date> from;  // for entries listed on or after this day; absent: since always
    sema::term value;
    std::string basis;  // the rule that sets it; empty when the rule file names none
    friend bool operator==(const dated_term &, const dated_term &) = default;
};
// The item in force for an entry listed on `listed_on`: the last whose `from` is on or before
// it (items are in ascending order of `from`); nullptr when none is.
const dated_term *term_on(std::span<const dated_term> terms, date listed_on);

// Dates `from <= d < until`; an absent bound is open.
struct date_range {
    std::optional<date> from;
    std::optional<date> until;

    bool contains(date d) const { return (!from || *from <= d) && (!until || d < *until); }
    bool empty() const { return from && until && *until <= *from; }
};

// ---- compiled conditions ----------------------------------------------------------------------
enum class compare_op : std::uint8_t { eq, ne, lt, le, gt, ge };
std::string_view to_string(compare_op op);  // `==`, `!=`, ...

// A literal in a compiled condition.
using literal_value = std::variant<double, std::string, date>;

// A value the query supplies for an attribute; `std::monostate` when it did not supply it.
// Strings are views into the caller's storage, so a lookup allocates nothing.
using attribute_value = std::variant<std::monostate, double, std::string_view, date>;

// One node of a compiled condition. Interior nodes (`all_of`, `any_of`, `negation`) name their
// children through `compiled_condition::operands[first, first + count)`; `subject_is` and
// `reached_as` name their subject kinds or roles there too; `*_in` and comparisons name their
// literals in `compiled_condition::values[first, first + count)`.
struct condition_node {
    enum class kind : std::uint8_t {
        constant,           // value: 0 or 1
        all_of,             // `and`
        any_of,             // `or`
        negation,           // `not`, one operand
        listed,             // value: list_index
        listed_any,         // value: list_kind
        listed_field,       // value: field_index
        black_fields,       // op, number
        subject_is,         // operands: subject kinds (categories already expanded)
        reached,            // through any relation
        reached_as,         // operands: roles
        clean_for,          // op, duration
        rating_compare,     // op, values[first]
        rating_in,          // values
        attribute_compare,  // value: attribute_index; op, values[first]
        attribute_in,       // value: attribute_index; values
        attribute_present,  // value: attribute_index
    };
    condition_node::kind what = kind::constant;
    compare_op op = compare_op::eq;
    std::uint32_t value = 0;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    std::int64_t number = 0;
    sema::term duration;
};

// A condition resolved against the rule set. Empty (no nodes) means "no condition": always true.
struct compiled_condition {
    std::vector<condition_node> nodes;  // INVARIANT: the root is nodes.back(); children come first
    std::vector<std::uint32_t> operands;
    std::vector<literal_value> values;

    bool empty() const { return nodes.empty(); }
};

// The facts a condition is evaluated against, supplied by the engine for one subject, one
// measure and one date. Implementations should answer without allocating; `evaluate` itself
// allocates nothing.
class fact_source {
public:
    virtual ~fact_source() = default;
    // An active entry on this list (the engine decides whether entries reached through
    // relations count; see docs/rule-set.md).
    virtual bool listed(list_index list) const = 0;
    virtual bool listed_any(list_kind kind) const = 0;
    virtual bool listed_in_field(field_index field) const = 0;
    // Number of distinct fields with an active black listing.
    virtual int black_field_count() const = 0;
    virtual subject_kind_index subject_kind() const = 0;
    // The roles through which the measure reaches the subject; empty when the subject itself is
    // listed (reached directly).
    virtual std::span<const role_index> reached_via() const = 0;
    // The date of the check.
    virtual date as_of() const = 0;
    // The day the subject's last black listing ended; `as_of()` while one is active; nullopt
    // when the subject was never on a black list (then `clean_for` is unbounded).
    virtual std::optional<date> clean_since() const = 0;
    // The credit rating the query supplied, if any.
    virtual std::optional<std::string_view> credit_rating() const = 0;
    virtual attribute_value attribute(attribute_index attribute) const = 0;
};

// True when `condition` holds for `facts`; an empty condition always holds. A comparison with
// an attribute (or credit rating) the query did not supply, or supplied with another type, is
// false. Allocation-free.
bool evaluate(const compiled_condition &condition, const fact_source &facts);

// ---- infos ------------------------------------------------------------------------------------
struct scenario_info {
    std::string id;
    std::string name;
    std::string group;  // empty when none
    diag::span where;
};

struct effect_info {
    std::string id;
    std::string name;
    effect_kind kind = effect_kind::punishment;
    int rank = 0;  // 1 is the strongest of its kind; unique within the kind
    diag::span where;
};

struct role_info {
    std::string id;
    std::string name;
    diag::span where;
};

struct field_info {
    std::string id;
    std::string name;
    diag::span where;
};

struct subject_kind_info {
    std::string id;
    std::string name;
    subject_category category = subject_category::organisation;
    diag::span where;
};

struct attribute_info {
    std::string id;
    std::string name;
    attribute_type type = attribute_type::number;
    diag::span where;
};

struct list_info {
    std::string id;
    std::string name;
    list_kind kind = list_kind::black;
    field_index field{};
    std::vector<std::string> initiators;
    std::vector<subject_kind_index> subjects;   // categories expanded, in declaration order of the kinds
    // The default term by the date of listing: an entry with no expiry ends at listed_on + the
    // term in force on listed_on. None in force: the entry counts until revoked or repaired, or
    // until the maximum term.
    std::vector<dated_term> terms;
    std::vector<dated_term> max_terms;     // longest an entry without an end date counts (by listed_on)
    std::vector<dated_term> repair_after;  // minimum publication period before a repair (by listed_on)
    bool exits_on_performance = false;     // removed when the obligation is performed (court lists)
    std::string basis;                          // empty when none
    std::vector<memorandum_index> memorandums;  // those that target this list
    diag::span where;

    std::optional<sema::term> default_term_on(date listed_on) const {
        const auto *t = term_on(terms, listed_on);
        return t ? std::optional<sema::term>(t->value) : std::nullopt;
    }
    std::optional<sema::term> max_term_on(date listed_on) const {
        const auto *t = term_on(max_terms, listed_on);
        return t ? std::optional<sema::term>(t->value) : std::nullopt;
    }
};

struct memorandum_info {
    std::string id;
    std::string title;
    std::vector<std::string> documents;
    std::vector<std::string> signatories;
    std::vector<list_index> targets;
    std::vector<role_index> extends_to;                // persons holding these roles in a listed organisation
    std::vector<role_index> extends_to_organisations;  // organisations where a listed person holds these roles
    // In force on these dates. `until` is the earlier of the declared end and the start of any
    // memorandum that `replaces` this one.
    date_range effective;
    std::optional<date> declared_until;
    std::optional<memorandum_index> replaces;
    std::vector<memorandum_index> replaced_by;
    std::vector<measure_index> measures;
    diag::span where;
};

struct measure_info {
    std::string id;
    std::string text;
    std::optional<memorandum_index> memorandum;  // exactly one of memorandum and rule is set
    std::optional<rule_index> rule;
    std::vector<std::string> implementers;
    std::vector<scenario_index> scenarios;
    effect_index effect{};
    binding_kind binding = binding_kind::mandatory;
    std::string basis;  // empty when none
    compiled_condition condition;
    std::optional<sema::term> term;  // counted from the entry's listed_on
    sema::applies_to applies = applies_to::all;
    date_range effective;  // the measure's own dates intersected with its memorandum's
    // Whom the measure reaches through relations (落实到人): persons holding these roles in a
    // listed organisation, and organisations in which a listed person holds these roles. The
    // measure's own `reaches` / `reaches_organisations`, else its memorandum's `extends_to` /
    // `extends_to_organisations`; `applies_to listed` empties both.
    std::vector<role_index> reaches;
    std::vector<role_index> reaches_organisations;
    bool reach_stated = false;  // the measure states `reaches` or `reaches_organisations` itself
    // A conditional measure: a fact the engine cannot see (unpaid tax, a sentence, a revoked
    // licence), in words. A check reports it as to be verified unless the query settles it
    // through `settled_by` (a boolean attribute); escalation never makes it mandatory.
    std::string verify;
    std::optional<attribute_index> settled_by;
    diag::span where;

    bool conditional() const { return !verify.empty(); }
};

struct rule_info {
    std::string id;
    std::string text;
    compiled_condition condition;
    std::array<bool, rule_action_count> actions{};  // indexed by rule_action
    std::vector<measure_index> measures;            // granted measures (with `then grant`)
    diag::span where;

    bool has(rule_action a) const { return actions[static_cast<std::size_t>(a)]; }
};

// ---- the rule set -----------------------------------------------------------------------------
class rule_set {
public:
    std::span<const list_info> lists() const { return lists_; }
    std::span<const memorandum_info> memorandums() const { return memorandums_; }
    std::span<const measure_info> measures() const { return measures_; }
    std::span<const rule_info> rules() const { return rules_; }
    std::span<const scenario_info> scenarios() const { return scenarios_; }
    std::span<const effect_info> effects() const { return effects_; }
    std::span<const role_info> roles() const { return roles_; }
    std::span<const field_info> fields() const { return fields_; }
    std::span<const subject_kind_info> subject_kinds() const { return subject_kinds_; }
    std::span<const attribute_info> attributes() const { return attributes_; }

    const list_info &list(list_index i) const { return lists_[to_pos(i)]; }
    const memorandum_info &memorandum(memorandum_index i) const { return memorandums_[to_pos(i)]; }
    const measure_info &measure(measure_index i) const { return measures_[to_pos(i)]; }
    const rule_info &rule(rule_index i) const { return rules_[to_pos(i)]; }
    const scenario_info &scenario(scenario_index i) const { return scenarios_[to_pos(i)]; }
    const effect_info &effect(effect_index i) const { return effects_[to_pos(i)]; }
    const role_info &role(role_index i) const { return roles_[to_pos(i)]; }
    const field_info &field(field_index i) const { return fields_[to_pos(i)]; }
    const subject_kind_info &subject_kind(subject_kind_index i) const { return subject_kinds_[to_pos(i)]; }
    const attribute_info &attribute(attribute_index i) const { return attributes_[to_pos(i)]; }

    std::optional<list_index> find_list(std::string_view id) const;
    std::optional<memorandum_index> find_memorandum(std::string_view id) const;
    std::optional<measure_index> find_measure(std::string_view id) const;
    std::optional<rule_index> find_rule(std::string_view id) const;
    std::optional<scenario_index> find_scenario(std::string_view id) const;
    std::optional<effect_index> find_effect(std::string_view id) const;
    std::optional<role_index> find_role(std::string_view id) const;
    std::optional<field_index> find_field(std::string_view id) const;
    std::optional<subject_kind_index> find_subject_kind(std::string_view id) const;
    std::optional<attribute_index> find_attribute(std::string_view id) const;

    // The known id of this kind nearest to `id` by edit distance (ties: the first declared), or
    // nullopt when there is none within `max_distance` edits. The engine names the closest
    // scenario whatever the distance; diagnostics use a tighter bound.
    std::optional<std::string_view> closest(entity kind, std::string_view id,
                                            std::size_t max_distance = static_cast<std::size_t>(-1)) const;

    // The memorandum measures that can apply to a subject on `list` in `scenario`: those of the
    // memorandums targeting the list that name the scenario, whatever their dates (filter with
    // `in_force`). In measure order. Rule-granted measures are not included.
    std::span<const measure_index> measures_for(list_index list, scenario_index scenario) const;
    // The measures of `then grant` rules that name `scenario` (their rule's condition decides).
    std::span<const measure_index> granted_measures(scenario_index scenario) const;
    // Every rule with this action, in rule order.
    std::span<const rule_index> rules_with(rule_action action) const;
    std::span<const list_index> lists_of_field(field_index field) const;
    // Number of distinct fields that have at least one black list: the most `black_fields`
    // can ever be.
    std::size_t black_field_total() const { return black_field_total_; }
    bool may_hold(list_index list, subject_kind_index kind) const;

    bool in_force(measure_index m, date d) const { return measure(m).effective.contains(d); }
    bool in_force(memorandum_index m, date d) const { return memorandum(m).effective.contains(d); }

    // The rules version: SHA-256 (hex) of a canonical serialization of the rule set's meaning.
    // Reformatting, comments and the order of declarations and files do not change it; any
    // change of an id, text, value, date, condition or relation does.
    const std::string &version() const { return version_; }
    // The canonical serialization hashed into `version()` (for debugging and tests).
    const std::string &canonical_form() const { return canonical_; }

    // A condition printed back in rule-language syntax (`listed any black and black_fields >= 2`).
    std::string describe(const compiled_condition &condition) const;

private:
    friend class compiler;
    std::optional<std::uint32_t> find(entity kind, std::string_view id) const;

    std::vector<list_info> lists_;
    std::vector<memorandum_info> memorandums_;
    std::vector<measure_info> measures_;
    std::vector<rule_info> rules_;
    std::vector<scenario_info> scenarios_;
    std::vector<effect_info> effects_;
    std::vector<role_info> roles_;
    std::vector<field_info> fields_;
    std::vector<subject_kind_info> subject_kinds_;
    std::vector<attribute_info> attributes_;

    struct transparent_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using index_map = std::unordered_map<std::string, std::uint32_t, transparent_hash, std::equal_to<>>;
    // One map per entity (memorandum and rule ids are also checked against each other).
    std::array<index_map, 10> ids_;

    // measures_for: flat array, for (list l, scenario s) the slice
    // [for_offsets_[l * S + s], for_offsets_[l * S + s + 1]).
    std::vector<measure_index> for_measures_;
    std::vector<std::uint32_t> for_offsets_;
    std::vector<measure_index> granted_measures_;
    std::vector<std::uint32_t> granted_offsets_;
    std::array<std::vector<rule_index>, rule_action_count> rules_with_;
    std::vector<list_index> field_lists_;
    std::vector<std::uint32_t> field_offsets_;
    std::size_t black_field_total_ = 0;
    std::string canonical_;
    std::string version_;
};

// Compiles parsed rule files into a rule set, adding every name and semantic diagnostic to
// `diags`. Returns nullptr when any of them is an error (warnings alone still compile).
std::shared_ptr<const rule_set> compile(const std::vector<syntax::rule_file> &files, diag::diagnostics &diags);

// Thrown by `load_rule_set` when the directory or a file in it cannot be read (an environment
// problem, not a problem in the rules).
struct load_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Reads every `*.credo` file under `dir` (recursively, in sorted path order; other files are
// ignored), adds each to `sources`, parses and compiles them. Syntax, name and semantic problems
// go to `diags` and give nullptr; an unreadable directory or file throws `load_error`. A
// directory without any rule file is an error diagnostic (E0300).
std::shared_ptr<const rule_set> load_rule_set(const std::filesystem::path &dir, diag::source_map &sources,
                                              diag::diagnostics &diags);

}  // namespace credo::sema
