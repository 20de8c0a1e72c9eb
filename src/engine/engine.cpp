// SPDX-License-Identifier: Apache-2.0
// The engine: opening, the snapshot swap that checks read without locks, and handing checks to
// the audit writer.
#include "credo/engine.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <fmt/format.h>
#include <mutex>
#include <thread>

#include "base/sha256.hpp"
#include "diag/diagnostic.hpp"
#include "engine/audit_writer.hpp"
#include "engine/json.hpp"
#include "engine/snapshot.hpp"
#include "sema/rule_set.hpp"
#include "store/store.hpp"

namespace credo {

namespace {

using engine_core::snapshot;

error_info make_error(error_code code, std::string message) {
    error_info e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

// The current snapshot, read without locks or reference counts: a reader announces itself on a
// per-thread stripe of counters (two of them, by epoch parity), then loads the pointer. A
// publisher swaps the pointer, then flips the epoch twice, each time waiting until the counters
// of the parity just left drain to zero. A reader that loaded the old pointer incremented one
// of those counters before the swap, so once both have drained no reader holds it.
class snapshot_cell {
public:
    class guard {
    public:
        guard(std::atomic<std::uint64_t> *counter, const snapshot *s) : counter_(counter), snapshot_(s) {}
        ~guard() { counter_->fetch_sub(1, std::memory_order_release); }
        guard(const guard &) = delete;
        guard &operator=(const guard &) = delete;
        const snapshot &operator*() const { return *snapshot_; }
        const snapshot *operator->() const { return snapshot_; }

    private:
        std::atomic<std::uint64_t> *counter_;
        const snapshot *snapshot_;
    };

    guard read() const {
        stripe &s = stripes_[stripe_of_this_thread()];
        unsigned parity = epoch_.load(std::memory_order_seq_cst) & 1u;
        s.readers[parity].fetch_add(1, std::memory_order_seq_cst);
        return guard(&s.readers[parity], current_.load(std::memory_order_seq_cst));
    }

    // Keeps `owner` for later readers; returns once no reader can still see the previous one.
    void publish(std::shared_ptr<const snapshot> next) {
        std::lock_guard lock(publish_);
        current_.store(next.get(), std::memory_order_seq_cst);
        std::shared_ptr<const snapshot> previous = std::exchange(owner_, std::move(next));
        if (!previous) return;
        for (int round = 0; round < 2; ++round) {
            unsigned left = epoch_.fetch_add(1, std::memory_order_seq_cst) & 1u;
            for (auto &s : stripes_) {
                while (s.readers[left].load(std::memory_order_acquire) != 0) std::this_thread::yield();
            }
        }
    }

    std::shared_ptr<const snapshot> owner() const {
        std::lock_guard lock(publish_);
        return owner_;
    }

private:
    static constexpr std::size_t stripe_count = 16;
    struct alignas(64) stripe {
        std::array<std::atomic<std::uint64_t>, 2> readers{};
    };
    static std::size_t stripe_of_this_thread() {
        static std::atomic<std::size_t> next{0};
        thread_local std::size_t mine =
            next.fetch_add(1, std::memory_order_relaxed) % stripe_count;
        return mine;
    }

    mutable std::array<stripe, stripe_count> stripes_{};
    std::atomic<unsigned> epoch_{0};
    std::atomic<const snapshot *> current_{nullptr};
    mutable std::mutex publish_;
    std::shared_ptr<const snapshot> owner_;
};


struct loaded_rules {
    std::shared_ptr<const sema::rule_set> rules;
    std::optional<error_info> problem;
};

loaded_rules load_rules(const std::string &dir) {
    diag::source_map sources;
    diag::diagnostics diags;
    loaded_rules out;
    try {
        out.rules = sema::load_rule_set(dir, sources, diags);
    } catch (const sema::load_error &e) {
        out.problem = make_error(error_code::rule_error, e.what());
        return out;
    }
    if (out.rules) return out;
    diags.sort();
    error_info e = make_error(error_code::rule_error, fmt::format("the rules in `{}` have {} {}", dir, diags.error_count(),
                                                             diags.error_count() == 1 ? "error" : "errors"));
    for (const auto &d : diags.items()) {
        if (d.severity == diag::severity::error && e.file.empty()) {
            auto where = sources.locate(d.primary);
            e.file = std::string(where.path);
            e.line = where.line;
            e.column = where.column;
            e.message = fmt::format("{}:{}:{}: {}", e.file, e.line, e.column, d.message);
        }
        e.diagnostics += diag::render(d, sources);
    }
    out.problem = std::move(e);
    return out;
}

}  // namespace

struct engine::impl {
    engine_options options;
    snapshot_cell current;
    std::mutex reload_mutex;
    std::unique_ptr<store::store> reader_db;

    std::unique_ptr<engine_core::audit_writer> writer;  // null when not auditing

    // The audit row of a check, at the check's time.
    static store::check_record audit_row(const snapshot &s, const decision &d, std::string_view querier) {
        store::check_record r;
        r.at = engine_core::audit_timestamp();
        r.querier = std::string(querier);
        r.subject_id = d.subject.id;
        r.scenario = d.scenario;
        r.as_of = d.as_of;
        r.verdict = d.verdict;
        r.rules_version = d.rules_version;
        r.store_version = s.store_version();
        thread_local std::string json;
        engine_core::decision_json(d, false, json);  // check_id null, as documented
        base::sha256_hex(json, r.decision_digest);
        return r;
    }

    // Records the check before it is answered: on error the decision is cleared, so nothing
    // unrecorded is handed out.
    status audit(const snapshot &s, decision &d, std::string_view querier) {
        store::check_record row = audit_row(s, d, querier);
        std::int64_t id = 0;
        auto recorded = writer->record(std::span(&row, 1), std::span(&id, 1));
        if (!recorded) {
            d.clear();
            return recorded;
        }
        d.check_id = id;
        return {};
    }

    status flush() { return writer ? writer->flush() : status{}; }

    status build_and_publish(std::shared_ptr<const sema::rule_set> rules) {
        try {
            current.publish(snapshot::build(std::move(rules), *reader_db));
        } catch (const store::error &e) {
            return make_error(error_code::store_error, e.what());
        } catch (const std::bad_alloc &) {
            throw;
        } catch (const std::exception &e) {
            return make_error(error_code::internal, e.what());
        }
        return {};
    }
};

engine::engine(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
engine::~engine() = default;
engine::engine(engine &&) noexcept = default;
engine &engine::operator=(engine &&) noexcept = default;

result<engine> engine::open(const engine_options &options) {
    if (options.db_path.empty()) return make_error(error_code::invalid_argument, "the database path is empty");
    if (options.rules_dir.empty()) return make_error(error_code::invalid_argument, "the rules directory is empty");
    auto i = std::make_unique<impl>();
    i->options = options;
    auto loaded = load_rules(options.rules_dir);
    if (loaded.problem) return std::move(*loaded.problem);
    store::open_options open_options;
    open_options.create = false;
    try {
        i->reader_db = std::make_unique<store::store>(store::store::open(options.db_path, open_options));
    } catch (const std::exception &e) {
        return make_error(error_code::store_error, fmt::format("cannot open `{}`: {}", options.db_path, e.what()));
    }
    if (auto s = i->build_and_publish(std::move(loaded.rules)); !s) return s.error();
    if (options.audit) {
        try {
            i->writer = std::make_unique<engine_core::audit_writer>(options);
        } catch (const std::exception &e) {
            return make_error(error_code::store_error,
                              fmt::format("cannot open the audit trail in `{}`: {}", options.db_path, e.what()));
        }
    }
    return engine(std::move(i));
}

status engine::check(const query &q, decision &out) const {
    auto s = impl_->current.read();
    status result = s->check(q, out, impl_->options.lenient_ids);
    if (result && impl_->writer) return impl_->audit(*s, out, q.querier);
    return result;
}

std::size_t engine::check_batch(std::span<const query> queries, std::span<decision> out,
                                std::span<status> statuses) const {
    if (out.size() < queries.size() || statuses.size() < queries.size()) {
        throw std::invalid_argument("check_batch: `out` and `statuses` must be as long as `queries`");
    }
    auto s = impl_->current.read();
    std::size_t ok = 0;
    // Audited: the rows of the whole batch go to the writer at once (one transaction in durable
    // mode, instead of one each).
    std::vector<store::check_record> rows;
    std::vector<std::size_t> audited;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        statuses[i] = s->check(queries[i], out[i], impl_->options.lenient_ids);
        if (!statuses[i]) continue;
        ++ok;
        if (impl_->writer) {
            rows.push_back(impl::audit_row(*s, out[i], queries[i].querier));
            audited.push_back(i);
        }
    }
    if (!rows.empty()) {
        std::vector<std::int64_t> ids(rows.size());
        auto recorded = impl_->writer->record(rows, ids);
        for (std::size_t k = 0; k < audited.size(); ++k) {
            std::size_t i = audited[k];
            if (ids[k] != 0) {
                out[i].check_id = ids[k];
                continue;
            }
            out[i].clear();
            statuses[i] = recorded.error();
            --ok;
        }
    }
    return ok;
}

status engine::reload() {
    std::lock_guard lock(impl_->reload_mutex);
    auto loaded = load_rules(impl_->options.rules_dir);
    if (loaded.problem) return std::move(*loaded.problem);
    return impl_->build_and_publish(std::move(loaded.rules));
}

status engine::flush_audit() { return impl_->flush(); }

std::string_view engine::audit_mode() const {
    return impl_->writer ? to_string(impl_->writer->mode()) : std::string_view("off");
}

std::string_view to_string(credo::audit_mode mode) { return mode == audit_mode::batched ? "batched" : "durable"; }

std::string engine::rules_version() const { return impl_->current.read()->rules().version(); }

std::int64_t engine::store_version() const { return impl_->current.read()->store_version(); }

}  // namespace credo
