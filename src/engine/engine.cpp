// SPDX-License-Identifier: Apache-2.0
// The engine: opening, the snapshot swap that checks read without locks, and the batched audit
// writer.
#include "credo/engine.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <fmt/format.h>
#include <mutex>
#include <openssl/evp.h>
#include <thread>

#include "diag/diagnostic.hpp"
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
        // Initial-exec for the reason given at check.cpp's `buffers`: one plain load a check.
        [[gnu::tls_model("initial-exec")]] thread_local std::size_t mine =
            next.fetch_add(1, std::memory_order_relaxed) % stripe_count;
        return mine;
    }

    mutable std::array<stripe, stripe_count> stripes_{};
    std::atomic<unsigned> epoch_{0};
    std::atomic<const snapshot *> current_{nullptr};
    mutable std::mutex publish_;
    std::shared_ptr<const snapshot> owner_;
};

// SHA-256 (hex) of `text` into `out`: the algorithm fetched once (OpenSSL 3 looks it up on every
// EVP_sha256() init otherwise) and one digest context per thread.
void sha256_hex(std::string_view text, std::string &out) {
    struct context {
        EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        ~context() {
            EVP_MD_CTX_free(ctx);
            EVP_MD_free(md);
        }
    };
    thread_local context c;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!c.md || !c.ctx || EVP_DigestInit_ex(c.ctx, c.md, nullptr) != 1 ||
        EVP_DigestUpdate(c.ctx, text.data(), text.size()) != 1 || EVP_DigestFinal_ex(c.ctx, digest, &length) != 1) {
        throw std::runtime_error("SHA-256 failed in libcrypto");
    }
    static constexpr char hex[] = "0123456789abcdef";
    out.resize(2 * length);
    for (unsigned i = 0; i < length; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xF];
    }
}

// The id of the last audited check: ids run 1, 2, 3, ... without gaps (the store's hash chain
// requires it), so a galloping search over find_check finds it in O(log n) lookups.
std::int64_t last_check_id(store::store &db) {
    if (!db.find_check(1)) return 0;
    std::int64_t low = 1;
    std::int64_t high = 2;
    while (db.find_check(high)) {
        low = high;
        high *= 2;
    }
    while (high - low > 1) {  // INVARIANT: low exists, high does not
        std::int64_t mid = low + (high - low) / 2;
        if (db.find_check(mid)) low = mid;
        else high = mid;
    }
    return low;
}

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

    // The audit writer: checks are numbered here, queued, and written in batches by one thread.
    std::unique_ptr<store::store> audit_db;
    std::mutex audit_mutex;
    std::condition_variable audit_wake;
    std::condition_variable audit_idle;
    std::vector<store::check_record> audit_queue;
    std::int64_t next_check_id = 1;
    std::int64_t expected_next_write = 1;
    bool audit_stop = false;
    bool audit_busy = false;
    std::optional<std::string> audit_failure;
    std::thread audit_thread;

    ~impl() { stop_audit(); }

    void start_audit() {
        next_check_id = last_check_id(*audit_db) + 1;
        expected_next_write = next_check_id;
        audit_thread = std::thread([this] { audit_loop(); });
    }

    void stop_audit() {
        if (!audit_thread.joinable()) return;
        {
            std::lock_guard lock(audit_mutex);
            audit_stop = true;
        }
        audit_wake.notify_one();
        audit_thread.join();
    }

    // Takes everything queued at once (a swap, not an erase from the front of a long queue) and
    // writes it in transactions of at most `audit_batch` rows.
    void audit_loop() {
        std::vector<store::check_record> taken;
        std::unique_lock lock(audit_mutex);
        for (;;) {
            audit_wake.wait(lock, [&] { return audit_stop || !audit_queue.empty(); });
            if (audit_queue.empty()) break;  // stopping, and everything is written
            taken.clear();
            taken.swap(audit_queue);
            audit_busy = true;
            lock.unlock();
            std::optional<std::string> failure;
            std::size_t batch = std::max<std::size_t>(1, options.audit_batch);
            for (std::size_t start = 0; start < taken.size(); start += batch) {
                std::size_t take = std::min(batch, taken.size() - start);
                std::int64_t expected = expected_next_write;
                expected_next_write += static_cast<std::int64_t>(take);
                std::optional<std::string> problem;
                try {
                    auto written = audit_db->append_checks(std::span(taken).subspan(start, take));
                    if (!written.empty() && written.front() != expected) {
                        problem = fmt::format(
                            "the audit trail was written by another process: check {} was stored as {}; run the "
                            "engine as the only writer of the audit trail",
                            expected, written.front());
                    }
                } catch (const std::exception &e) {
                    problem = fmt::format("cannot write the audit trail: {}", e.what());
                }
                if (problem && !failure) failure = std::move(problem);  // the first one is reported
            }
            lock.lock();
            if (failure && !audit_failure) audit_failure = std::move(failure);
            audit_busy = false;
            if (audit_queue.empty()) audit_idle.notify_all();
        }
        audit_busy = false;
        audit_idle.notify_all();
    }

    void audit(const snapshot &s, decision &d, std::string_view querier) {
        store::check_record r;
        r.querier = std::string(querier);
        r.subject_id = d.subject.id;
        r.scenario = d.scenario;
        r.as_of = d.as_of;
        r.verdict = d.verdict;
        r.rules_version = d.rules_version;
        r.store_version = s.store_version();
        thread_local std::string json;
        engine_core::decision_json(d, false, json);  // check_id null, as documented
        sha256_hex(json, r.decision_digest);
        bool was_empty = false;
        {
            std::lock_guard lock(audit_mutex);
            d.check_id = next_check_id++;
            was_empty = audit_queue.empty();
            audit_queue.push_back(std::move(r));
        }
        // The writer only waits while the queue is empty.
        if (was_empty) audit_wake.notify_one();
    }

    status flush() {
        if (!audit_thread.joinable()) return {};
        std::unique_lock lock(audit_mutex);
        audit_wake.notify_one();
        audit_idle.wait(lock, [&] { return audit_queue.empty() && !audit_busy; });
        if (audit_failure) {
            auto e = make_error(error_code::store_error, *audit_failure);
            audit_failure.reset();
            return e;
        }
        return {};
    }

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
            i->audit_db = std::make_unique<store::store>(store::store::open(options.db_path, open_options));
            i->start_audit();
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
    if (result && impl_->options.audit) impl_->audit(*s, out, q.querier);
    return result;
}

std::size_t engine::check_batch(std::span<const query> queries, std::span<decision> out,
                                std::span<status> statuses) const {
    if (out.size() < queries.size() || statuses.size() < queries.size()) {
        throw std::invalid_argument("check_batch: `out` and `statuses` must be as long as `queries`");
    }
    auto s = impl_->current.read();
    std::size_t ok = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        statuses[i] = s->check(queries[i], out[i], impl_->options.lenient_ids);
        if (!statuses[i]) continue;
        ++ok;
        if (impl_->options.audit) impl_->audit(*s, out[i], queries[i].querier);
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

std::string engine::rules_version() const { return impl_->current.read()->rules().version(); }

std::int64_t engine::store_version() const { return impl_->current.read()->store_version(); }

}  // namespace credo
