// SPDX-License-Identifier: Apache-2.0
// The relation graph: which persons hold which roles in which organisations, and when.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

#include "credo/date.hpp"

namespace credo::graph {

// Subjects are interned by the caller (the engine) as dense ids 0, 1, 2, ...
using subject_id = std::uint32_t;
// Roles are interned the same way; a set of roles is a bit mask, so there are at most 64.
using role_id = std::uint8_t;
using role_mask = std::uint64_t;

inline constexpr unsigned max_roles = 64;
inline constexpr role_mask all_roles = ~role_mask{0};

constexpr role_mask role_bit(role_id role) { return role_mask{1} << role; }

// A person holds `role` in `organisation` on the dates `since <= d < until` (no `until`: still
// holds it).
struct relation {
    subject_id person = 0;
    subject_id organisation = 0;
    role_id role = 0;
    date since;
    std::optional<date> until;
};

// One subject reached by `relation_graph::reachable`: through the relation `role` between
// `via` (reached one step earlier, or the start) and `subject`, `depth` relations away from the
// start.
struct reach {
    subject_id subject = 0;
    subject_id via = 0;
    role_id role = 0;
    unsigned depth = 0;
};

// A non-owning reference to a callable, so that queries take any lambda without a template in
// the implementation and without allocating (std::function may allocate; std::function_ref is
// C++26). Valid only while the referenced callable lives: pass it straight to the query.
template <class Signature>
class function_ref;

template <class R, class... Args>
class function_ref<R(Args...)> {
public:
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, function_ref> && std::is_invocable_r_v<R, F &, Args...>)
    function_ref(F &&f) noexcept  // NOLINT(google-explicit-constructor): used like a function parameter
        : object_(const_cast<void *>(static_cast<const void *>(std::addressof(f)))),
          call_([](void *object, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F> *>(object))(std::forward<Args>(args)...);
          }) {}

    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void *object_;
    R (*call_)(void *, Args...);
};

// Built once from all relations, then immutable: every member function is const and safe to
// call from many threads at once. Queries are allocation-free except `reachable` beyond depth 1.
class relation_graph {
public:
    // A graph without relations.
    relation_graph();
    // Bulk construction, O(R log R + S) for R relations over S subjects. Subject ids range over
    // [0, max(subject_count, largest id + 1)). Exact duplicates are stored once, and windows of
    // the same (person, organisation, role) that overlap or touch are merged, so a query reports
    // each (subject, role) at most once; a relation whose `until` is not after its `since` is
    // never active and is not stored.
    // Throws std::invalid_argument naming the relation's index when a role is not below
    // max_roles or a person is its own organisation (both are the caller's bugs, not user input).
    explicit relation_graph(std::span<const relation> relations, std::size_t subject_count = 0);
    ~relation_graph();
    relation_graph(relation_graph &&) noexcept;
    relation_graph &operator=(relation_graph &&) noexcept;
    relation_graph(const relation_graph &) = delete;
    relation_graph &operator=(const relation_graph &) = delete;

    // The size of the id range.
    std::size_t subject_count() const { return subject_count_; }
    // Relations stored after merging duplicates and overlapping windows.
    std::size_t relation_count() const;
    // Heap and object bytes held by the graph.
    std::size_t memory_bytes() const;

    // O(1): whether the subject holds or is held by any relation, on any date. An id outside the
    // range has none.
    bool has_relations(subject_id subject) const {
        return subject < subject_count_ && row_start_[subject] != row_start_[subject + 1];
    }

    // Calls fn(person, role) for each person holding a role in `roles` in `organisation` on
    // date `on`, ordered by person then role.
    void for_each_person_of(subject_id organisation, role_mask roles, date on,
                            function_ref<void(subject_id, role_id)> fn) const;
    // Calls fn(organisation, role) for each organisation in which `person` holds a role in
    // `roles` on date `on`, ordered by organisation then role.
    void for_each_organisation_of(subject_id person, role_mask roles, date on,
                                  function_ref<void(subject_id, role_id)> fn) const;

    // Breadth-first over relations in either direction whose role is in `roles` and which are
    // active on `on`, at most `max_depth` relations away from `from`. Calls fn once for every
    // subject reached (never for `from`), in breadth-first order, with the first relation that
    // reached it (lowest role first, then the order above), so a chain person → organisation →
    // person never loops. Depth 1 is a plain scan that allocates nothing; deeper searches
    // allocate their visited set.
    void reachable(subject_id from, role_mask roles, date on, unsigned max_depth,
                   function_ref<void(const reach &)> fn) const;

private:
    struct impl;
    std::unique_ptr<const impl> impl_;
    // INVARIANT: row_start_ points into impl_'s row starts (subject_count_ + 1 entries) so that
    // has_relations is an inline O(1) check; moving impl_ does not move what it points to.
    const std::uint32_t *row_start_ = nullptr;
    std::size_t subject_count_ = 0;
};

}  // namespace credo::graph
