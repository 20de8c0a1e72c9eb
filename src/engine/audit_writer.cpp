// SPDX-License-Identifier: Apache-2.0
// The audit writer: a bounded queue, one thread that commits it, retries with backoff.
#include "engine/audit_writer.hpp"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>
#include <vector>

namespace credo::engine_core {

namespace {

using steady = std::chrono::steady_clock;

error_info store_error(std::string message) {
    error_info e;
    e.code = error_code::store_error;
    e.message = std::move(message);
    return e;
}

}  // namespace

const std::string &audit_timestamp() {
    using namespace std::chrono;
    thread_local std::int64_t formatted_ms = -1;
    thread_local std::string text;
    std::int64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    if (ms != formatted_ms) {
        std::time_t seconds = static_cast<std::time_t>(ms / 1000);
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                           tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
        formatted_ms = ms;
    }
    return text;
}

audit_writer::audit_writer(const engine_options &options)
    : mode_(options.audit_mode),
      path_(options.db_path),
      batch_(std::max<std::size_t>(1, options.audit_batch)),
      capacity_(std::max<std::size_t>(1, options.audit_queue)),
      interval_(options.audit_interval_ms),
      wait_(options.audit_wait_ms),
      retry_(options.audit_retry_ms) {
    store::open_options open_options;
    open_options.create = false;
    // Each attempt waits for another writer's lock at most this long; the retry loop (with its
    // bound audit_retry_ms) decides when to give up.
    open_options.busy_timeout_ms = static_cast<int>(std::clamp<unsigned>(options.audit_retry_ms, 1, 1000));
    db_ = std::make_unique<store::store>(store::store::open(path_, open_options));
    if (mode_ == credo::audit_mode::batched) {
        db_->record_lost_checks();
        next_id_ = db_->reserve_check_ids(static_cast<std::int64_t>(batch_));
        reserved_through_ = next_id_ + static_cast<std::int64_t>(batch_) - 1;
    }
    thread_ = std::thread([this] { run(); });
}

audit_writer::~audit_writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_one();
    thread_.join();
    // The ids reserved ahead were never handed out: give them back. After a failed write the ids
    // handed out but unwritten stay reserved, and the next engine records them as lost.
    if (mode_ == credo::audit_mode::batched) {
        try {
            db_->release_check_ids(reserved_through_, next_id_ - 1);
        } catch (const std::exception &) {  // they are recorded as lost by the next engine instead
        }
    }
}

error_info audit_writer::failure_error() const {
    return store_error(fmt::format("the audit trail in `{}` cannot be written, so audited checks are refused until "
                                   "the engine is opened again: {}",
                                   path_, *failure_));
}

status audit_writer::record(std::span<store::check_record> rows, std::span<std::int64_t> ids) {
    std::fill(ids.begin(), ids.end(), 0);
    // durable: one slot per row, on the stack for a single check (no allocation of its own).
    slot one;
    std::vector<slot> many;
    slot *slots = &one;
    if (mode_ == credo::audit_mode::durable && rows.size() > 1) {
        many.resize(rows.size());
        slots = many.data();
    }
    std::optional<error_info> problem;
    std::size_t queued = 0;
    std::unique_lock lock(mutex_);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (failure_) {
            problem = failure_error();
            break;
        }
        auto deadline = steady::now() + wait_;
        if (!progress_.wait_until(lock, deadline, [&] { return failure_ || queue_.size() + in_flight_ < capacity_; })) {
            problem = store_error(fmt::format(
                "the audit queue is full: {} checks have waited more than {} ms to be written to `{}`, so the check "
                "was not answered (the database is slower than the checks, or locked; audit_queue sets the bound)",
                capacity_, wait_.count(), path_));
            break;
        }
        if (failure_) {
            problem = failure_error();
            break;
        }
        pending p;
        p.row = std::move(rows[i]);
        if (mode_ == credo::audit_mode::batched) {
            if (next_id_ > reserved_through_) {
                want_reservation_ = true;
                work_.notify_one();
                if (!progress_.wait_until(lock, deadline, [&] { return failure_ || next_id_ <= reserved_through_; })) {
                    problem = store_error(fmt::format(
                        "no check id could be reserved in `{}` within {} ms, so the check was not answered", path_,
                        wait_.count()));
                    break;
                }
                if (failure_) {
                    problem = failure_error();
                    break;
                }
            }
            p.id = next_id_++;
            ids[i] = p.id;
        } else {
            p.waiter = &slots[i];
        }
        if (queue_.empty()) oldest_ = steady::now();
        queue_.push_back(std::move(p));
        ++queued;
        // The writer sleeps while the queue is empty and, batched, until a batch fills or the
        // oldest row has waited audit_interval_ms.
        if (queue_.size() == 1 || queue_.size() == batch_) work_.notify_one();
    }
    if (mode_ == credo::audit_mode::durable && queued > 0) {
        progress_.wait(lock, [&] { return slots[queued - 1].done; });  // rows are written in order
        for (std::size_t i = 0; i < queued; ++i) {
            ids[i] = slots[i].id;
            if (slots[i].id == 0 && !problem) problem = failure_error();
        }
    }
    if (problem) return *problem;
    return {};
}

status audit_writer::flush() {
    std::unique_lock lock(mutex_);
    ++flushers_;
    work_.notify_one();
    progress_.wait(lock, [&] { return failure_ || (queue_.empty() && in_flight_ == 0); });
    --flushers_;
    if (failure_) return failure_error();
    return {};
}

void audit_writer::fail(std::string cause) {
    failure_ = std::move(cause);
    for (auto &p : queue_) {
        if (p.waiter) p.waiter->done = true;  // id 0: not recorded
    }
    // Batched rows dropped here hold reserved ids: the next engine records them as lost.
    queue_.clear();
}

void audit_writer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (failure_) {
            progress_.notify_all();
            if (stopping_) return;
            work_.wait(lock);
            continue;
        }
        if (want_reservation_) {
            write_batch(lock);
            continue;
        }
        if (queue_.empty()) {
            if (stopping_) return;
            work_.wait(lock);
            continue;
        }
        bool now = mode_ == credo::audit_mode::durable || stopping_ || flushers_ > 0 || queue_.size() >= batch_ ||
                   steady::now() >= oldest_ + interval_;
        if (!now) {
            work_.wait_until(lock, oldest_ + interval_);
            continue;
        }
        write_batch(lock);
    }
}

void audit_writer::write_batch(std::unique_lock<std::mutex> &lock) {
    std::size_t take = std::min(batch_, queue_.size());
    std::vector<store::check_record> rows;
    std::vector<slot *> waiters;
    rows.reserve(take);
    std::int64_t first_id = take > 0 ? queue_.front().id : 0;
    for (std::size_t i = 0; i < take; ++i) {
        rows.push_back(std::move(queue_.front().row));
        waiters.push_back(queue_.front().waiter);
        queue_.pop_front();
    }
    in_flight_ = take;
    if (!queue_.empty()) oldest_ = steady::now();  // the rest waits at most another interval
    // batched: the ids handed out so far, and one batch ahead of them, are reserved in the
    // same transaction as the rows.
    std::int64_t unwritten = next_id_ - static_cast<std::int64_t>(queue_.size());  // the first id not taken
    if (take == 0) first_id = unwritten;
    std::int64_t reserve_through = next_id_ + static_cast<std::int64_t>(batch_) - 1;
    want_reservation_ = false;
    lock.unlock();

    std::vector<std::int64_t> ids;
    std::optional<std::string> cause;
    auto deadline = steady::now() + retry_;
    auto backoff = std::chrono::milliseconds(5);
    for (;;) {
        try {
            if (mode_ == credo::audit_mode::durable) ids = db_->append_checks(rows);
            else db_->append_reserved_checks(first_id, rows, reserve_through);
            cause.reset();
            break;
        } catch (const std::exception &e) {
            cause = e.what();
        }
        // Another writer holding the lock, a full disk: worth another try until the bound.
        if (steady::now() + backoff > deadline) break;
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    }

    lock.lock();
    in_flight_ = 0;
    if (cause) {
        for (auto *w : waiters) {
            if (w) w->done = true;
        }
        fail(fmt::format("{} (retried for {} ms)", *cause, retry_.count()));
    } else {
        for (std::size_t i = 0; i < waiters.size(); ++i) {
            if (waiters[i]) {
                waiters[i]->id = ids[i];
                waiters[i]->done = true;
            }
        }
        if (mode_ == credo::audit_mode::batched) reserved_through_ = std::max(reserved_through_, reserve_through);
    }
    progress_.notify_all();
}

}  // namespace credo::engine_core
