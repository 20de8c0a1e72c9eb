// SPDX-License-Identifier: Apache-2.0
// The immutable snapshot a check reads: the compiled rules, every subject interned to a dense
// id, every listing entry grouped by subject, the relation graph and the objections.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credo/date.hpp"
#include "engine/huge_pages.hpp"
#include "credo/engine.hpp"
#include "graph/relation_graph.hpp"
#include "sema/rule_set.hpp"

namespace credo::store {
class store;
}

namespace credo::engine_core {

using subject_id = std::uint32_t;
inline constexpr subject_id no_subject = 0xFFFFFFFFu;
inline constexpr std::uint8_t unknown_kind = 0xFF;
inline constexpr int no_day = 0x7FFFFFFF;
inline constexpr std::size_t id_length = 18;  // every normalised identifier

// Hash of a normalised identifier (18 bytes).
std::uint64_t hash_id(std::string_view id18);

// Strings in one arena, addressed by index.
class string_pool {
public:
    std::uint32_t append(std::string_view s);
    std::size_t size() const { return offsets_.size() - 1; }
    std::string_view get(std::uint32_t i) const {
        return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    void shrink();
    std::size_t memory_bytes() const;

private:
    std::string arena_;
    std::vector<std::uint32_t> offsets_{0};  // INVARIANT: the arena stays below 4 GiB (append checks)
};

// One listing entry, 28 bytes (the id in two halves keeps it 4-aligned). INVARIANT: entries of
// one subject are contiguous, ordered by listed_on then id.
struct entry_record {
    std::uint32_t id_low = 0;
    std::uint32_t id_high = 0;
    std::uint32_t document = 0;  // in snapshot::strings
    std::int32_t listed_on = 0;  // days since epoch
    std::int32_t expires_on = 0;  // no_day: no end date
    std::int32_t until = 0;  // the first day it no longer counts: expires_on or an earlier repair/revocation
    std::uint16_t list = 0;  // sema::list_index
    std::uint8_t flags = 0;
    std::int64_t id() const { return static_cast<std::int64_t>((std::uint64_t{id_high} << 32) | id_low); }
    void set_id(std::int64_t id) {
        id_low = static_cast<std::uint32_t>(static_cast<std::uint64_t>(id));
        id_high = static_cast<std::uint32_t>(static_cast<std::uint64_t>(id) >> 32);
    }
    bool counts_on(int day) const { return listed_on <= day && day < until; }
};
inline constexpr std::uint8_t entry_has_objection = 1;

// What a check reads about one subject, in one record: finding a subject and reading its kind,
// name and entries then costs one cache miss here instead of one in each of four arrays.
struct subject_record {
    std::array<char, 18> id{};  // the normalised identifier
    std::uint8_t kind = 0xFF;   // sema subject_kind_index, or unknown_kind
    std::uint8_t reserved = 0;
    std::uint32_t first_entry = 0;  // in entries; the next record's first_entry ends the range
    std::uint32_t name = 0;         // offset of the name in the names arena; the next record's ends it
};

struct objection_record {
    std::uint32_t entry = 0;  // position in snapshot::entries
    std::int64_t id = 0;
    std::int32_t filed_on = 0;
    std::int32_t resolved_on = no_day;  // no_day while pending
};

struct snapshot_stats {
    std::size_t subjects = 0;
    std::size_t entries = 0;
    std::size_t relations = 0;
    std::size_t skipped_entries = 0;    // on lists the rules do not know
    std::size_t skipped_relations = 0;  // with roles the rules do not know
};

class snapshot {
public:
    // Reads the whole store in one consistent read. Throws store::error on database failures.
    static std::shared_ptr<const snapshot> build(std::shared_ptr<const sema::rule_set> rules, store::store &db);

    const sema::rule_set &rules() const { return *rules_; }
    std::int64_t store_version() const { return store_version_; }
    const snapshot_stats &stats() const { return stats_; }
    std::size_t memory_bytes() const;

    // The dense id of a normalised identifier, or no_subject. Allocation-free.
    subject_id find(std::string_view id18) const { return id18.size() == id_length ? find(id18, hash_id(id18)) : no_subject; }
    // The same with the identifier's hash_id already computed.
    subject_id find(std::string_view id18, std::uint64_t hash) const;
    // Starts loading the index slot of `hash` into the cache, so that a find() shortly after
    // does not wait for memory.
    void prefetch(std::uint64_t hash) const {
        if (!table_.empty()) __builtin_prefetch(&table_[hash & table_mask_]);
    }
    std::string_view id_of(subject_id s) const { return {subjects_[s].id.data(), id_length}; }
    std::string_view name_of(subject_id s) const {
        return std::string_view(names_).substr(subjects_[s].name, subjects_[s + 1].name - subjects_[s].name);
    }
    std::uint8_t kind_of(subject_id s) const { return subjects_[s].kind; }  // sema subject_kind_index or unknown_kind
    std::span<const entry_record> entries_of(subject_id s) const {
        return {entries_.data() + subjects_[s].first_entry, entries_.data() + subjects_[s + 1].first_entry};
    }
    std::uint32_t entry_position(const entry_record &e) const {
        return static_cast<std::uint32_t>(&e - entries_.data());
    }
    std::string_view string(std::uint32_t i) const { return strings_.get(i); }
    // The day the subject became known: its establishment date when the store has one, else
    // its first record (the earliest of its recording, listings and relations).
    // Nullopt when the store holds no date for it at all.
    std::optional<date> known_since(subject_id s) const {
        return known_since_[s] == no_day ? std::nullopt : std::optional<date>(date::from_days(known_since_[s]));
    }
    const graph::relation_graph &relations() const { return graph_; }
    // The objection that suspends this entry on `day`, if any.
    const objection_record *suspending_objection(const entry_record &e, int day) const;

    // Per list: the roles through which any memorandum targeting it reaches persons of a listed
    // organisation (forward) and organisations of a listed person (reverse), whatever the dates.
    graph::role_mask forward_roles(std::uint16_t list) const { return forward_roles_[list]; }
    graph::role_mask reverse_roles(std::uint16_t list) const { return reverse_roles_[list]; }
    graph::role_mask any_forward_roles() const { return any_forward_; }
    graph::role_mask any_reverse_roles() const { return any_reverse_; }
    // The roles through which any measure of the memorandum reaches (forward: persons of a
    // listed organisation; reverse: organisations of a listed person).
    graph::role_mask memorandum_forward(sema::memorandum_index m) const { return memo_forward_[sema::to_pos(m)]; }
    graph::role_mask memorandum_reverse(sema::memorandum_index m) const { return memo_reverse_[sema::to_pos(m)]; }
    // The roles through which this measure reaches (its `reaches` / `reaches_organisations`).
    graph::role_mask measure_forward(sema::measure_index m) const { return measure_forward_[sema::to_pos(m)]; }
    graph::role_mask measure_reverse(sema::measure_index m) const { return measure_reverse_[sema::to_pos(m)]; }
    // A measure's implementing departments joined with `、` (the decision's `implementer`).
    std::string_view implementer(sema::measure_index m) const { return implementers_[sema::to_pos(m)]; }
    // The rules' subject kind for an identifier's kind (ids::subject_kind order).
    std::uint8_t kind_for_ids_kind(int ids_kind) const { return ids_kinds_[static_cast<std::size_t>(ids_kind)]; }

    // One check (the algorithm of docs/engine.md). Fills everything but check_id.
    status check(const query &q, decision &out, bool lenient_ids) const;

private:
    std::shared_ptr<const sema::rule_set> rules_;
    std::int64_t store_version_ = 0;
    snapshot_stats stats_;

    // By subject id, and one sentinel record after the last subject (its first_entry and name
    // end the last subject's ranges).
    std::vector<subject_record, huge_page_allocator<subject_record>> subjects_;
    std::string names_;  // the subjects' names, one after another
    // Open addressing over subjects_: (high 32 bits of the hash << 32) | (subject + 1); 0 = empty.
    // The hash tag spares a cache miss on subjects_ for nearly every slot that is not the one sought.
    std::vector<std::uint64_t, huge_page_allocator<std::uint64_t>> table_;
    std::uint64_t table_mask_ = 0;
    std::vector<entry_record, huge_page_allocator<entry_record>> entries_;
    std::vector<objection_record> objections_;  // by entry position
    // By subject id, in days; apart from subject_record because only `clean_for` reads it.
    std::vector<std::int32_t> known_since_;
    string_pool strings_;  // documents; an entry shares the previous entry's when they are equal
    graph::relation_graph graph_;

    std::vector<graph::role_mask> forward_roles_, reverse_roles_, memo_forward_, memo_reverse_, measure_forward_,
        measure_reverse_;
    graph::role_mask any_forward_ = 0, any_reverse_ = 0;
    std::array<std::uint8_t, 8> ids_kinds_{};
    std::vector<std::string> implementers_;  // by measure

    friend class snapshot_builder;
};

}  // namespace credo::engine_core
