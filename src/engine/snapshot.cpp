// SPDX-License-Identifier: Apache-2.0
// Building the snapshot from the compiled rules and one consistent read of the store.
#include "engine/snapshot.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fmt/format.h>
#include <functional>

#include "credo/ids.hpp"
#include "store/store.hpp"

namespace credo::engine_core {

static_assert(sizeof(entry_record) == 28, "entry_record is budgeted at 28 bytes");
static_assert(sizeof(subject_record) == 28, "subject_record is budgeted at 28 bytes");

std::uint64_t hash_id(std::string_view id) {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    std::uint16_t c = 0;
    std::memcpy(&a, id.data(), 8);
    std::memcpy(&b, id.data() + 8, 8);
    std::memcpy(&c, id.data() + 16, 2);
    std::uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ std::rotl(b * 0xC2B2AE3D27D4EB4Full, 31) ^
                      (std::uint64_t{c} * 0x165667B19E3779F9ull);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
}

// ---- string_pool ------------------------------------------------------------------------------

std::uint32_t string_pool::append(std::string_view s) {
    auto index = static_cast<std::uint32_t>(offsets_.size() - 1);
    if (arena_.size() + s.size() > 0xFFFFFFFFu) {
        throw store::error("the store's names and documents exceed 4 GiB, more than a snapshot can hold");
    }
    arena_.append(s);
    offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
    return index;
}

void string_pool::shrink() {
    arena_.shrink_to_fit();
    offsets_.shrink_to_fit();
}

std::size_t string_pool::memory_bytes() const {
    return arena_.capacity() + offsets_.capacity() * sizeof(std::uint32_t);
}

// ---- snapshot ---------------------------------------------------------------------------------

subject_id snapshot::find(std::string_view id, std::uint64_t h) const {
    if (id.size() != id_length || table_.empty()) return no_subject;
    std::uint64_t tag = h & 0xFFFFFFFF00000000ull;
    std::uint64_t slot = h & table_mask_;
    for (std::uint64_t v; (v = table_[slot]) != 0; slot = (slot + 1) & table_mask_) {
        if ((v & 0xFFFFFFFF00000000ull) != tag) continue;
        auto s = static_cast<subject_id>((v & 0xFFFFFFFFu) - 1);
        if (std::memcmp(subjects_[s].id.data(), id.data(), id_length) == 0) return s;
    }
    return no_subject;
}

const objection_record *snapshot::suspending_objection(const entry_record &e, int day) const {
    if (!(e.flags & entry_has_objection)) return nullptr;
    std::uint32_t position = entry_position(e);
    auto it = std::lower_bound(objections_.begin(), objections_.end(), position,
                               [](const objection_record &o, std::uint32_t p) { return o.entry < p; });
    for (; it != objections_.end() && it->entry == position; ++it) {
        if (it->filed_on <= day && day < it->resolved_on) return &*it;
    }
    return nullptr;
}

std::size_t snapshot::memory_bytes() const {
    auto bytes = [](const auto &v) { return v.capacity() * sizeof(v[0]); };
    return sizeof(*this) + bytes(subjects_) + names_.capacity() + bytes(table_) + bytes(entries_) + bytes(objections_) + strings_.memory_bytes() + graph_.memory_bytes();
}

class snapshot_builder {
public:
    snapshot_builder(snapshot &s, const sema::rule_set &rules) : s_(s), rules_(rules) {}

    void build(store::store &db) {
        map_kinds();
        db.read([&](store::store::reader &r) {
            s_.store_version_ = r.data_version();
            auto entry_count = static_cast<std::size_t>(std::max<std::int64_t>(0, r.count_entries(false)));
            s_.entries_.reserve(entry_count);
            owners_.reserve(entry_count);
            // Subjects first, into a table sized for all of them: codes are unique in the store,
            // so each is added without a lookup, and an entry finds its subject by number.
            auto subject_count = static_cast<std::size_t>(std::max<std::int64_t>(0, r.count_subjects()));
            s_.subjects_.reserve(subject_count + 1);
            rehash(table_capacity(subject_count));
            r.subjects([&](const store::store::subject_row &row) { add_subject(row); });
            std::vector<store::objection> objections;
            r.objections([&](const store::objection &o) { objections.push_back(o); });
            r.entries(false, [&](const store::store::entry_row &row) { add_entry(row); });
            std::vector<graph::relation> relations;
            relations.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, r.count_relations())));
            r.relations([&](const store::store::relation_row &row) { add_relation(row, relations); });
            group_entries();
            attach_objections(objections);
            s_.graph_ = graph::relation_graph(relations, s_.subjects_.size());
            s_.stats_.relations = relations.size();
        });
        finish_index();
        role_masks();
        join_implementers();
        s_.strings_.shrink();
        s_.stats_.subjects = s_.subjects_.size();
        // The sentinel: it ends the last subject's entries and name.
        subject_record end;
        end.first_entry = static_cast<std::uint32_t>(s_.entries_.size());
        end.name = static_cast<std::uint32_t>(s_.names_.size());
        s_.subjects_.push_back(end);
        s_.subjects_.shrink_to_fit();
        s_.stats_.entries = s_.entries_.size();
    }

private:
    void map_kinds() {
        s_.ids_kinds_.fill(unknown_kind);
        for (int k = 0; k <= static_cast<int>(ids::subject_kind::person); ++k) {
            auto found = rules_.find_subject_kind(ids::to_string(static_cast<ids::subject_kind>(k)));
            if (found) s_.ids_kinds_[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(*found);
        }
    }

    std::uint8_t kind_index(std::string_view kind) const {
        auto found = rules_.find_subject_kind(kind);
        return found && sema::to_pos(*found) < unknown_kind ? static_cast<std::uint8_t>(*found) : unknown_kind;
    }

    void grow_table() {
        std::size_t capacity = s_.table_.empty() ? 1024 : s_.table_.size() * 2;
        rehash(capacity);
    }

    void rehash(std::size_t capacity) {
        std::vector<std::uint64_t, huge_page_allocator<std::uint64_t>> table(capacity, 0);
        std::uint64_t mask = capacity - 1;
        for (subject_id i = 0; i < s_.subjects_.size(); ++i) {
            std::uint64_t h = hash_id({s_.subjects_[i].id.data(), id_length});
            std::uint64_t slot = h & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = (h & 0xFFFFFFFF00000000ull) | (std::uint64_t{i} + 1);
        }
        s_.table_ = std::move(table);
        s_.table_mask_ = mask;
    }

    // The smallest power of two that holds `subjects` at a load of at most 0.75.
    static std::size_t table_capacity(std::size_t subjects) {
        std::size_t capacity = 1024;
        while (capacity * 3 < subjects * 4) capacity *= 2;
        return capacity;
    }

    // The final table at a load of at most 0.75, whatever the growth left behind.
    void finish_index() {
        std::size_t capacity = table_capacity(s_.subjects_.size());
        if (capacity != s_.table_.size()) rehash(capacity);
        std::vector<subject_id>().swap(by_number_);
        std::vector<bool>().swap(established_);
        s_.names_.shrink_to_fit();
    }

    // A row of the subjects table: its code is unique there, so no lookup is needed unless a
    // relation named it before (which cannot happen: subjects are read first).
    void add_subject(const store::store::subject_row &row) {
        subject_id s = add(row.id, row.kind, row.name);
        if (row.number <= 0) throw store::error(fmt::format("the database numbers subject `{}` {}", row.id, row.number));
        auto number = static_cast<std::size_t>(row.number);
        if (number >= by_number_.size()) by_number_.resize(std::max(number + 1, by_number_.size() * 2), no_subject);
        by_number_[number] = s;
        // 连续三年无不良信用记录 (清政办〔2017〕22号) counts known record: from the establishment
        // date a file gave, else from the first record (the store's own, lowered below by the
        // listing and relation dates it holds).
        if (row.established_on) {
            s_.known_since_[s] = row.established_on->days_since_epoch();
            if (established_.size() <= s) established_.resize(std::max<std::size_t>(s + 1, established_.size() * 2), false);
            established_[s] = true;
        } else {
            record_known(s, row.first_recorded);
        }
    }

    // A subject named by a relation: found, or added (add() refuses a malformed id).
    subject_id intern(std::string_view id, std::optional<std::string_view> kind, std::string_view name) {
        subject_id found = s_.find(id);
        if (found != no_subject) return found;
        return add(id, kind, name);
    }

    // Adds a subject known not to be in the table yet.
    subject_id add(std::string_view id, std::optional<std::string_view> kind, std::string_view name) {
        if (id.size() != id_length) {
            throw store::error(fmt::format("the database holds a malformed subject id `{}`", id));
        }
        if ((s_.subjects_.size() + 1) * 4 >= s_.table_.size() * 3) grow_table();
        auto index = static_cast<subject_id>(s_.subjects_.size());
        subject_record record;
        std::memcpy(record.id.data(), id.data(), id_length);
        if (kind) {
            // Rows come in runs of one kind: the last kind's index is kept.
            if (*kind != last_kind_) {
                last_kind_.assign(*kind);
                last_kind_index_ = kind_index(*kind);
            }
            record.kind = last_kind_index_;
        } else if (auto ids_kind = ids::classify_normalized(id, ids::options{.lenient = true})) {
            record.kind = s_.kind_for_ids_kind(static_cast<int>(*ids_kind));
        }
        if (s_.names_.size() + name.size() > 0xFFFFFFFFu) {
            throw store::error("the store's subject names exceed 4 GiB, more than a snapshot can hold");
        }
        record.name = static_cast<std::uint32_t>(s_.names_.size());
        s_.names_.append(name);
        s_.subjects_.push_back(record);
        s_.known_since_.push_back(no_day);
        std::uint64_t h = hash_id(id);
        std::uint64_t slot = h & s_.table_mask_;
        while (s_.table_[slot] != 0) slot = (slot + 1) & s_.table_mask_;
        s_.table_[slot] = (h & 0xFFFFFFFF00000000ull) | (std::uint64_t{index} + 1);
        return index;
    }

    void add_entry(const store::store::entry_row &row) {
        auto list = rules_.find_list(row.list_id);
        if (!list) {
            ++s_.stats_.skipped_entries;
            return;
        }
        entry_record e;
        e.set_id(row.id);
        auto number = static_cast<std::uint64_t>(row.subject);
        if (number >= by_number_.size() || by_number_[number] == no_subject) {
            throw store::error(fmt::format("entry {} names subject number {}, which the database does not hold", row.id,
                                           row.subject));
        }
        owners_.push_back(by_number_[number]);
        record_known(by_number_[number], row.listed_on);
        // Nearly every decision document lists one subject, or a few in neighbouring rows of its
        // import: a document equal to the previous entry's shares its text, any other is
        // appended. (Deduplicating across the whole store cost a hash probe, a cache miss, per
        // entry and saved next to nothing.)
        if (s_.strings_.size() == 0 || s_.strings_.get(last_document_) != row.document) {
            last_document_ = s_.strings_.append(row.document);
        }
        e.document = last_document_;
        e.listed_on = row.listed_on.days_since_epoch();
        // An entry without an end date counts until repaired or revoked, or until the longest
        // publication its list allows on its listed_on (发改办财金〔2019〕527号: at most 3 years
        // for serious dishonesty), whichever comes first.
        e.expires_on = row.expires_on ? row.expires_on->days_since_epoch() : no_day;
        if (!row.expires_on) {
            if (auto cap = rules_.list(*list).max_term_on(row.listed_on)) {
                e.expires_on = cap->after(row.listed_on).days_since_epoch();
            }
        }
        e.until = e.expires_on;
        if (row.status != store::entry_status::active) {
            // Repaired or revoked: it stops counting on status_on (from the start when undated).
            int stop = row.status_on ? row.status_on->days_since_epoch() : e.listed_on;
            e.until = std::min(e.until, stop);
        }
        e.list = static_cast<std::uint16_t>(*list);
        s_.entries_.push_back(e);
    }

    void add_relation(const store::store::relation_row &row, std::vector<graph::relation> &out) {
        auto role = rules_.find_role(row.role);
        if (!role || sema::to_pos(*role) >= graph::max_roles) {
            ++s_.stats_.skipped_relations;
            return;
        }
        graph::relation r;
        r.person = intern(row.person_id, std::nullopt, {});
        r.organisation = intern(row.org_id, std::nullopt, {});
        if (r.person == r.organisation) {
            ++s_.stats_.skipped_relations;
            return;
        }
        r.role = static_cast<graph::role_id>(*role);
        record_known(r.person, row.since);
        record_known(r.organisation, row.since);
        r.since = row.since;
        r.until = row.until;
        out.push_back(r);
    }

    // The first record of a subject so far (its establishment date, when known, is not lowered).
    void record_known(subject_id s, date d) {
        if (s < established_.size() && established_[s]) return;
        auto &known = s_.known_since_[s];
        known = std::min(known, d.days_since_epoch());
    }

    // A counting sort by subject, then each subject's few entries by listed_on and id.
    void group_entries() {
        auto &entries = s_.entries_;
        std::vector<std::uint32_t> begin(s_.subjects_.size() + 1, 0);
        for (auto owner : owners_) ++begin[owner + 1];
        for (std::size_t i = 1; i < begin.size(); ++i) begin[i] += begin[i - 1];
        {
            std::vector<entry_record, huge_page_allocator<entry_record>> grouped(entries.size());
            std::vector<std::uint32_t> next(begin.begin(), begin.end() - 1);
            for (std::size_t i = 0; i < entries.size(); ++i) grouped[next[owners_[i]]++] = entries[i];
            entries = std::move(grouped);
        }
        std::vector<std::uint32_t>().swap(owners_);
        for (std::size_t s = 0; s < s_.subjects_.size(); ++s) s_.subjects_[s].first_entry = begin[s];
        for (std::size_t s = 0; s + 1 < begin.size(); ++s) {
            auto first = entries.begin() + begin[s];
            auto last = entries.begin() + begin[s + 1];
            if (last - first < 2) continue;
            std::sort(first, last, [](const entry_record &a, const entry_record &b) {
                if (a.listed_on != b.listed_on) return a.listed_on < b.listed_on;
                return a.id() < b.id();
            });
        }
    }

    void attach_objections(std::vector<store::objection> &objections) {
        if (objections.empty()) return;
        std::sort(objections.begin(), objections.end(),
                  [](const store::objection &a, const store::objection &b) { return a.entry_id < b.entry_id; });
        auto &entries = s_.entries_;
        for (std::uint32_t pos = 0; pos < entries.size(); ++pos) {
            auto range = std::equal_range(
                objections.begin(), objections.end(), entries[pos].id(),
                [](const auto &a, const auto &b) {
                    auto key = [](const auto &x) {
                        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, store::objection>) return x.entry_id;
                        else return x;
                    };
                    return key(a) < key(b);
                });
            for (auto it = range.first; it != range.second; ++it) {
                objection_record o;
                o.entry = pos;
                o.id = it->id;
                o.filed_on = it->filed_on.days_since_epoch();
                if (it->resolved_on) o.resolved_on = it->resolved_on->days_since_epoch();
                else if (it->status != store::objection_status::pending) o.resolved_on = o.filed_on;
                s_.objections_.push_back(o);
                entries[pos].flags |= entry_has_objection;
            }
        }
        std::sort(s_.objections_.begin(), s_.objections_.end(), [](const objection_record &a, const objection_record &b) {
            return a.entry != b.entry ? a.entry < b.entry : a.filed_on < b.filed_on;
        });
    }

    void join_implementers() {
        for (const auto &m : rules_.measures()) {
            std::string joined;
            for (const auto &p : m.implementers) {
                if (!joined.empty()) joined += "、";
                joined += p;
            }
            s_.implementers_.push_back(std::move(joined));
        }
    }

    void role_masks() {
        auto mask_of = [](const std::vector<sema::role_index> &roles) {
            graph::role_mask m = 0;
            for (auto r : roles) {
                if (sema::to_pos(r) < graph::max_roles) m |= graph::role_bit(static_cast<graph::role_id>(r));
            }
            return m;
        };
        // A memorandum reaches through the roles of its measures (each measure's own reach, or
        // the memorandum's `extends_to` when it states none).
        s_.memo_forward_.assign(rules_.memorandums().size(), 0);
        s_.memo_reverse_.assign(rules_.memorandums().size(), 0);
        for (const auto &m : rules_.measures()) {
            graph::role_mask forward = mask_of(m.reaches);
            graph::role_mask reverse = mask_of(m.reaches_organisations);
            s_.measure_forward_.push_back(forward);
            s_.measure_reverse_.push_back(reverse);
            if (m.memorandum) {
                s_.memo_forward_[sema::to_pos(*m.memorandum)] |= forward;
                s_.memo_reverse_[sema::to_pos(*m.memorandum)] |= reverse;
            }
        }
        for (const auto &l : rules_.lists()) {
            graph::role_mask forward = 0;
            graph::role_mask reverse = 0;
            for (auto m : l.memorandums) {
                forward |= s_.memo_forward_[sema::to_pos(m)];
                reverse |= s_.memo_reverse_[sema::to_pos(m)];
            }
            s_.forward_roles_.push_back(forward);
            s_.reverse_roles_.push_back(reverse);
            s_.any_forward_ |= forward;
            s_.any_reverse_ |= reverse;
        }
    }

    snapshot &s_;
    const sema::rule_set &rules_;
    std::vector<std::uint32_t> owners_;  // while building: the listed subject of each entry
    std::vector<subject_id> by_number_;  // while building: the store's subject number -> dense id
    std::vector<bool> established_;      // while building: subjects whose establishment date is known
    std::uint32_t last_document_ = 0;   // the previous entry's document in strings_
    std::string last_kind_;             // the previous subject's kind, and its index
    std::uint8_t last_kind_index_ = unknown_kind;
};

std::shared_ptr<const snapshot> snapshot::build(std::shared_ptr<const sema::rule_set> rules, store::store &db) {
    auto s = std::make_shared<snapshot>();
    s->rules_ = std::move(rules);
    snapshot_builder(*s, *s->rules_).build(db);
    return s;
}

}  // namespace credo::engine_core
