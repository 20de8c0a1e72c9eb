// SPDX-License-Identifier: Apache-2.0
// The audit writer (查询留痕): numbers audited checks and commits their rows to the store, in
// one of two durability modes (docs/audit.md).
//   durable: a check waits until its row is committed; rows queued while a transaction runs go
//            into the next one together (group commit).
//   batched: a check gets an id at once, from a block reserved (committed) in the database
//            beforehand, and a background thread commits the rows.
// Both: the queue is bounded, a failed write is retried with backoff, and a write that cannot
// succeed puts the writer in a failed state in which every later check is refused.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>

#include "credo/engine.hpp"
#include "store/store.hpp"

namespace credo::engine_core {

// The current UTC time as the audit trail stores it, `YYYY-MM-DDTHH:MM:SS.mmmZ`: the time of the
// check, taken on the checking thread (formatted once per millisecond and thread).
const std::string &audit_timestamp();

class audit_writer {
public:
    // Opens its own connection to options.db_path; in batched mode records the ids an earlier
    // process left unwritten as lost and reserves the first block. Throws store::error.
    explicit audit_writer(const engine_options &options);
    // Writes what is queued (retrying as configured), then stops the thread.
    ~audit_writer();
    audit_writer(const audit_writer &) = delete;
    audit_writer &operator=(const audit_writer &) = delete;

    // Records rows[i] (their `at` already the checks' time) and sets ids[i] to its check id, or
    // to 0 for a row that was not recorded; then the error says why, and those checks must not
    // be answered. Returns once every row is committed (durable) or queued (batched).
    status record(std::span<store::check_record> rows, std::span<std::int64_t> ids);
    // Waits until every row queued so far is committed; the writer's failure, if any.
    status flush();
    credo::audit_mode mode() const { return mode_; }

private:
    struct slot {  // durable: where the writer puts a waiting check's id
        std::int64_t id = 0;
        bool done = false;
    };
    struct pending {
        store::check_record row;
        std::int64_t id = 0;    // batched: the id handed out
        slot *waiter = nullptr;  // durable
    };

    void run();
    // Takes up to one batch from the queue and commits it, retrying; called with the lock held,
    // releases it while writing.
    void write_batch(std::unique_lock<std::mutex> &lock);
    // Ends every waiting check with `failure_`; called with the lock held.
    void fail(std::string cause);
    error_info failure_error() const;

    credo::audit_mode mode_;
    std::string path_;
    std::size_t batch_;
    std::size_t capacity_;
    std::chrono::milliseconds interval_;
    std::chrono::milliseconds wait_;
    std::chrono::milliseconds retry_;
    std::unique_ptr<store::store> db_;

    std::mutex mutex_;
    std::condition_variable work_;      // the writer waits for rows, a flush, a reservation
    std::condition_variable progress_;  // checks wait for room, ids, their commit
    std::deque<pending> queue_;
    std::size_t in_flight_ = 0;  // rows taken from the queue and being written
    std::chrono::steady_clock::time_point oldest_{};  // when the queue's first row was queued
    std::size_t flushers_ = 0;
    bool stopping_ = false;
    std::optional<std::string> failure_;
    // batched: ids next_id_..reserved_through_ are reserved and not yet handed out.
    std::int64_t next_id_ = 0;
    std::int64_t reserved_through_ = 0;
    bool want_reservation_ = false;
    std::thread thread_;
};

}  // namespace credo::engine_core
