// SPDX-License-Identifier: Apache-2.0
#include "credo/registry.hpp"

#include <fmt/format.h>

#include <exception>
#include <filesystem>
#include <mutex>
#include <new>
#include <optional>
#include <utility>

#include "diag/diagnostic.hpp"
#include "engine/catalog.hpp"
#include "sema/rule_set.hpp"
#include "store/error.hpp"
#include "store/store.hpp"
#include "workflow/changes.hpp"
#include "workflow/departments.hpp"
#include "workflow/feedback.hpp"

namespace credo {

namespace {

error_info make_error(error_code code, std::string message) {
    error_info e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

// A refusal inside a lifecycle call, turned into its error by `guarded`.
struct refusal {
    error_info error;
};

[[noreturn]] void refuse(error_code code, std::string message) { throw refusal{make_error(code, std::move(message))}; }

void require_text(std::string_view text, const char *what) {
    if (text.empty()) refuse(error_code::invalid_argument, fmt::format("{} is required", what));
}

// Runs a lifecycle call: refusals, store and rule failures become its error, never an exception.
template <class T, class Body>
result<T> guarded(Body &&body) {
    try {
        return body();
    } catch (const refusal &r) {
        return r.error;
    } catch (const store::error &e) {
        return make_error(error_code::store_error, e.what());
    } catch (const sema::load_error &e) {
        return make_error(error_code::rule_error, e.what());
    } catch (const std::bad_alloc &) {
        throw;
    } catch (const std::exception &e) {
        return make_error(error_code::internal, fmt::format("internal error: {}", e.what()));
    }
}

// The rules and departments.csv the lifecycle calls are judged with.
struct judging_rules {
    std::shared_ptr<const sema::rule_set> rules;
    workflow::department_map departments;
};

judging_rules load_judging_rules(const std::string &rules_dir) {
    diag::source_map sources;
    diag::diagnostics diags;
    auto rules = sema::load_rule_set(std::filesystem::path(rules_dir), sources, diags);
    if (!rules) {
        refuse(error_code::rule_error,
               fmt::format("the rules in `{}` do not compile; run `credo lint {}`", rules_dir, rules_dir));
    }
    auto departments = workflow::department_map::load(rules_dir, *rules);
    if (!departments) refuse(error_code::rule_error, departments.error());
    return {std::move(rules), std::move(*departments)};
}

// A connection to a database that must exist already.
store::store open_existing(const std::string &db_path) {
    store::open_options o;
    o.create = false;
    return store::store::open(db_path, o);
}

changes_page page_of(const workflow::changes_result &r) {
    changes_page page;
    page.json = workflow::to_json(r, true);
    page.cursor = r.cursor;
    page.count = r.changes.size();
    page.more = r.more;
    return page;
}

workflow::changes_options options_of(const changes_request &request, const judging_rules &judging) {
    if (request.since < 0) refuse(error_code::invalid_argument, fmt::format("`since` is {}, not a cursor", request.since));
    workflow::changes_options options;
    options.since = request.since;
    options.implementer = std::string(request.implementer);
    options.departments = &judging.departments;
    options.limit = request.limit;
    return options;
}

status to_status(const result<bool> &r) {
    if (r) return {};
    return r.error();
}

}  // namespace

struct registry::impl {
    credo::engine engine;
    std::string db_path;
    std::string rules_dir;

    // The lifecycle's own connection, opened on first use; a store is not thread-safe, so the
    // lifecycle calls take turns.
    std::mutex mutex;
    std::optional<store::store> db;
    // The rules and departments.csv that feedback, repairs and the changes feed are judged with:
    // compiled when first needed and again when the engine's rules version changes or after a
    // reload (departments.csv is not part of the version), not on every call.
    std::optional<judging_rules> judging;
    std::string judging_for;  // the engine's rules version they were compiled for

    explicit impl(credo::engine e) : engine(std::move(e)) {}

    store::store &store_of() {
        if (!db) db.emplace(open_existing(db_path));
        return *db;
    }

    const judging_rules &lifecycle_rules() {
        std::string version = engine.rules_version();
        if (!judging || judging_for != version) {
            judging = load_judging_rules(rules_dir);
            judging_for = std::move(version);
        }
        return *judging;
    }

    void require_entry(std::int64_t id) {
        if (!store_of().find_entry(id)) refuse(error_code::not_found, fmt::format("no list entry has id {}", id));
    }
};

registry::registry(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
registry::~registry() = default;
registry::registry(registry &&) noexcept = default;
registry &registry::operator=(registry &&) noexcept = default;

result<registry> registry::open(const engine_options &options) {
    auto opened = credo::engine::open(options);
    if (!opened) return opened.error();
    auto i = std::make_unique<impl>(std::move(*opened));
    i->db_path = options.db_path;
    i->rules_dir = options.rules_dir;
    return registry(std::move(i));
}

credo::engine &registry::engine() { return impl_->engine; }
const credo::engine &registry::engine() const { return impl_->engine; }

status registry::reload() {
    if (auto s = impl_->engine.reload(); !s) return s;
    std::lock_guard lock(impl_->mutex);
    impl_->judging.reset();
    return {};
}

result<std::int64_t> registry::open_objection(const objection_filing &f) {
    return guarded<std::int64_t>([&]() -> result<std::int64_t> {
        require_text(f.filed_by, "who files the objection");
        require_text(f.grounds, "the objection's grounds");
        std::lock_guard lock(impl_->mutex);
        impl_->require_entry(f.entry_id);
        auto r = impl_->store_of().open_objection(f.entry_id, f.filed_on, f.filed_by, f.grounds);
        if (!r) refuse(error_code::illegal_state, r.error());
        return *r;
    });
}

status registry::resolve_objection(const objection_resolution &r) {
    return to_status(guarded<bool>([&]() -> result<bool> {
        require_text(r.resolved_by, "who resolves the objection");
        std::lock_guard lock(impl_->mutex);
        auto &db = impl_->store_of();
        if (!db.find_objection(r.objection_id)) {
            refuse(error_code::not_found, fmt::format("no objection has id {}", r.objection_id));
        }
        auto outcome = r.outcome == objection_outcome::accepted ? store::objection_status::accepted
                                                                : store::objection_status::dismissed;
        auto s = db.resolve_objection(r.objection_id, outcome, r.resolved_on, r.resolved_by, r.resolution);
        if (!s) refuse(error_code::illegal_state, s.error());
        return true;
    }));
}

result<std::int64_t> registry::record_repair(const repair_filing &f) {
    return guarded<std::int64_t>([&]() -> result<std::int64_t> {
        require_text(f.reason, "the repair's reason");
        require_text(f.approved_by, "who approved the repair");
        std::lock_guard lock(impl_->mutex);
        impl_->require_entry(f.entry_id);
        // The list's minimum publication period before a repair comes from the rules.
        auto catalog = engine_core::make_catalog(*impl_->lifecycle_rules().rules);
        auto r = impl_->store_of().record_repair(catalog, f.entry_id, f.repaired_on, f.reason, f.approved_by);
        if (!r) refuse(error_code::illegal_state, r.error());
        return *r;
    });
}

result<std::int64_t> registry::record_feedback(const feedback_filing &f) {
    return guarded<std::int64_t>([&]() -> result<std::int64_t> {
        if (f.check_id <= 0) refuse(error_code::invalid_argument, fmt::format("the check id is {}", f.check_id));
        require_text(f.measure, "the measure");
        require_text(f.implementer, "the implementer");
        store::feedback_record record;
        record.check_id = f.check_id;
        record.measure_id = std::string(f.measure);
        record.implementer = std::string(f.implementer);
        record.outcome = f.outcome == feedback_outcome::applied          ? store::feedback_outcome::applied
                         : f.outcome == feedback_outcome::not_applicable ? store::feedback_outcome::not_applicable
                                                                         : store::feedback_outcome::declined;
        record.note = std::string(f.note);
        std::lock_guard lock(impl_->mutex);
        auto &db = impl_->store_of();
        if (!db.find_check(f.check_id)) {
            // In batched audit mode the check may still be queued.
            if (auto s = impl_->engine.flush_audit(); !s) return s.error();
            if (!db.find_check(f.check_id)) {
                refuse(error_code::not_found, fmt::format("no audited check has id {}", f.check_id));
            }
        }
        const auto &judging = impl_->lifecycle_rules();
        auto r = workflow::record_feedback(db, *judging.rules, judging.departments, record);
        if (!r) refuse(error_code::invalid_argument, r.error());
        return *r;
    });
}

result<changes_page> registry::read_changes(const changes_request &request) {
    return guarded<changes_page>([&]() -> result<changes_page> {
        std::lock_guard lock(impl_->mutex);
        const auto &judging = impl_->lifecycle_rules();
        return page_of(workflow::changes_since(impl_->store_of(), *judging.rules, options_of(request, judging)));
    });
}

result<changes_page> read_changes(const std::string &db_path, const std::string &rules_dir,
                                  const changes_request &request) {
    return guarded<changes_page>([&]() -> result<changes_page> {
        if (request.since < 0) refuse(error_code::invalid_argument, fmt::format("`since` is {}, not a cursor", request.since));
        auto judging = load_judging_rules(rules_dir);
        auto db = open_existing(db_path);
        return page_of(workflow::changes_since(db, *judging.rules, options_of(request, judging)));
    });
}

}  // namespace credo
