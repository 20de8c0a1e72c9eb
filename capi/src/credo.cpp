// SPDX-License-Identifier: Apache-2.0
// The C entry points: thin wrappers over the C++ API that check every argument, catch every
// exception and turn each outcome into a status and a thread-local message.
#include "credo/credo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Only the public C++ API (include/credo): the test `capi: the C layer includes only the public
// C++ API` fails on anything else.
#include "credo/date.hpp"
#include "credo/engine.hpp"
#include "credo/ids.hpp"
#include "credo/registry.hpp"
#include "credo/text.hpp"

// ---- handles ----------------------------------------------------------------------------------

// The C handle over the C++ API's registry (include/credo/registry.hpp), with the C layer's own
// argument limits; the store, the rules and departments.csv live in the registry.
struct credo_engine {
    explicit credo_engine(credo::registry r) : registry(std::move(r)), engine(registry.engine()) {}
    credo::registry registry;
    credo::engine &engine;  // registry.engine(), for the checks
    std::size_t max_string = CREDO_DEFAULT_MAX_STRING_BYTES;
    bool audited = true;  // CREDO_ENGINE_NO_AUDIT not given
};

struct credo_decision {
    credo::decision d;
    // Text made on demand and kept until the decision is reused: the strings handed out point
    // into these.
    struct measure_text {
        bool ready = false;
        std::string listed_on;
        std::string expires_on;
        std::string via;
    };
    mutable bool json_ready = false;
    mutable std::string json;
    mutable std::array<char, 16> as_of{};
    mutable std::array<std::vector<measure_text>, 4> texts;
    mutable bool texts_made = false;  // most checks are answered without a measure's text asked for

    void forget_text() {
        json_ready = false;
        as_of[0] = '\0';
        if (texts_made) {
            for (auto &t : texts) t.clear();
            texts_made = false;
        }
    }
};

struct credo_batch {
    std::vector<credo_decision> decisions;
    std::vector<int> statuses;
    std::vector<std::string> messages;
    std::size_t succeeded = 0;
};

struct credo_diagnostics {
    struct item {
        int severity = CREDO_SEVERITY_ERROR;
        std::string code, message, help, file, rendered;
        unsigned line = 0, column = 0;
    };
    std::vector<item> items;
    std::size_t errors = 0;
};

namespace {

// ---- the thread's last error ------------------------------------------------------------------

struct error_state {
    std::string message, file, diagnostics, closest;
    credo_error view{CREDO_OK, "", "", 0, 0, "", ""};
    // Set when the message itself could not be stored (out of memory): a static text instead.
    const char *fallback = nullptr;
};

thread_local error_state last;

[[gnu::cold, gnu::noinline]] void clear_error() noexcept {
    last.view.code = CREDO_OK;
    last.view.line = last.view.column = 0;
    last.fallback = nullptr;
    last.message.clear();
    last.file.clear();
    last.diagnostics.clear();
    last.closest.clear();
}

// The common case, a success after a success, reads one word. (fail() never records CREDO_OK,
// so an OK code means nothing else is set.)
inline void set_ok() noexcept {
    if (last.view.code != CREDO_OK) [[unlikely]] clear_error();
}

// Records a failure; never throws (a message that cannot be stored becomes a static one).
int fail(int code, const char *function, std::string_view message) noexcept {
    set_ok();
    last.view.code = code != CREDO_OK ? code : CREDO_EINTERNAL;
    try {
        last.message.reserve(std::strlen(function) + 2 + message.size());
        last.message.append(function).append(": ").append(message);
    } catch (...) {
        last.message.clear();
        last.fallback = "out of memory while reporting an error";
    }
    return code;
}

// Thrown inside an entry point to leave it with a status; caught by `guard`.
struct api_error {
    int code;
    std::string message;
};

[[noreturn]] void raise(int code, std::string message) { throw api_error{code, std::move(message)}; }

// The engine's error, with its details, as the thread's last error.
int fail_with(const char *function, const credo::error_info &e) noexcept {
    int code = CREDO_EINTERNAL;
    switch (e.code) {
        case credo::error_code::invalid_argument: code = CREDO_EINVALID_ARGUMENT; break;
        case credo::error_code::invalid_id: code = CREDO_EINVALID_ID; break;
        case credo::error_code::unknown_scenario: code = CREDO_EUNKNOWN_SCENARIO; break;
        case credo::error_code::rule_error: code = CREDO_ERULE; break;
        case credo::error_code::store_error: code = CREDO_ESTORE; break;
        case credo::error_code::internal: code = CREDO_EINTERNAL; break;
        case credo::error_code::not_found: code = CREDO_ENOT_FOUND; break;
        case credo::error_code::illegal_state: code = CREDO_EILLEGAL_STATE; break;
    }
    fail(code, function, e.message);
    try {
        last.file = e.file;
        last.view.line = e.line;
        last.view.column = e.column;
        last.diagnostics = e.diagnostics;
        last.closest = e.closest;
    } catch (...) {
        last.file.clear();
        last.diagnostics.clear();
        last.closest.clear();
    }
    return code;
}

// Runs the body of an entry point: every exception becomes a status, success clears the
// thread's last error.
template <class Body>
int guard(const char *function, Body &&body) noexcept {
    try {
        int status = body();
        if (status == CREDO_OK) set_ok();
        return status;
    } catch (const api_error &e) {
        return fail(e.code, function, e.message);
    } catch (const std::bad_alloc &) {
        return fail(CREDO_ENOMEM, function, "out of memory");
    } catch (const std::exception &e) {
        return fail(CREDO_EINTERNAL, function, std::string("internal error: ") + e.what());
    } catch (...) {
        return fail(CREDO_EINTERNAL, function, "internal error: unknown exception");
    }
}

// ---- argument checks --------------------------------------------------------------------------

// The checks below run on every call: the test stays inline, the message is built out of line.
[[noreturn, gnu::cold, gnu::noinline]] void raise_null(const char *name) {
    raise(CREDO_EINVALID_ARGUMENT, std::string("`") + name + "` is NULL");
}

template <class T>
inline void require(const T *p, const char *name) {
    if (p == nullptr) [[unlikely]] raise_null(name);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CREDO_ADDRESS_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CREDO_ADDRESS_SANITIZER 1
#endif

// The length of `s` (or some value above `limit` when it is longer) and whether every byte is
// ASCII, in one pass.
struct text_scan {
    std::size_t length;
    bool ascii;
};

#if defined(__SSE2__) && !defined(CREDO_ADDRESS_SANITIZER)
// Sixteen bytes at a time from aligned addresses, as the C library's strlen does: an aligned
// block never straddles a page, so the bytes read past the terminator are mapped memory, and
// they are masked out. Every check converts three short strings (identifier, scenario,
// department), where this is several times cheaper than strnlen followed by a second pass.
// The first two blocks are read together when they share a page, without a loop: an
// identifier (18 bytes) or a scenario id ends in them.
// (AddressSanitizer would report the bytes past the terminator; its builds take the plain path.)
[[gnu::always_inline]] inline unsigned zero_bytes(__m128i data) {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(data, _mm_setzero_si128())));
}
[[gnu::always_inline]] inline unsigned high_bytes(__m128i data) {
    return static_cast<unsigned>(_mm_movemask_epi8(data));
}

[[gnu::always_inline]] inline text_scan scan_text(const char *s, std::size_t limit) {
    constexpr std::uintptr_t page = 4096;
    const auto address = reinterpret_cast<std::uintptr_t>(s);
    const unsigned skew = static_cast<unsigned>(address & 15u);
    const auto *block = reinterpret_cast<const __m128i *>(address - skew);
    __m128i data = _mm_load_si128(block);
    unsigned nul = zero_bytes(data);
    unsigned high = high_bytes(data);
    std::size_t width = 16;
    if ((address & (page - 1)) < page - 16) {  // the next block is on the same page
        data = _mm_load_si128(block + 1);
        nul |= zero_bytes(data) << 16;
        high |= high_bytes(data) << 16;
        width = 32;
    }
    nul >>= skew;
    high >>= skew;
    if (nul != 0) {
        unsigned n = static_cast<unsigned>(__builtin_ctz(nul));  // at most 31
        return {n, (high & ((1u << n) - 1u)) == 0};
    }
    std::size_t base = width - skew;  // the offset in `s` of the next block's first byte
    block += width / 16;
    unsigned any_high = high;
    for (;;) {
        if (base > limit) return {base, any_high == 0};
        data = _mm_load_si128(block);
        nul = zero_bytes(data);
        high = high_bytes(data);
        if (nul != 0) {
            unsigned n = static_cast<unsigned>(__builtin_ctz(nul));
            any_high |= high & ((1u << n) - 1u);
            return {base + n, any_high == 0};
        }
        any_high |= high;
        base += 16;
        ++block;
    }
}
#else
[[gnu::always_inline]] inline text_scan scan_text(const char *s, std::size_t limit) {
    // strnlen never reads past limit + 1 bytes.
    std::size_t n = strnlen(s, limit + 1);
    unsigned char high = 0;
    for (std::size_t i = 0; i < n; ++i) high |= static_cast<unsigned char>(s[i]);
    return {n, (high & 0x80u) == 0};
}
#endif

// The slow half of text_arg: NULL, too long, or not ASCII (then decoded and checked).
[[gnu::noinline, gnu::cold]] std::optional<std::string_view> text_arg_slow(const char *s, const char *name,
                                                                           std::size_t limit, bool required) {
    if (s == nullptr) {
        if (required) raise(CREDO_EINVALID_ARGUMENT, std::string("`") + name + "` is NULL");
        return std::nullopt;
    }
    text_scan scan = scan_text(s, limit);
    if (scan.length > limit)
        raise(CREDO_EINVALID_ARGUMENT,
              std::string("`") + name + "` is longer than " + std::to_string(limit) + " bytes");
    std::string_view v(s, scan.length);
    if (auto bad = credo::find_invalid_utf8(v); bad != std::string_view::npos)
        raise(CREDO_EINVALID_ARGUMENT,
              std::string("`") + name + "` is not valid UTF-8 (byte " + std::to_string(bad) + ")");
    return v;
}

// A string argument: bounded, valid UTF-8. NULL gives nullopt unless `required`. The common
// case, a short ASCII string (identifiers and scenario ids are), stays inline in the caller.
[[gnu::always_inline]] inline std::optional<std::string_view> text_arg(const char *s, const char *name, std::size_t limit,
                                                                  bool required) {
    if (s != nullptr) {
        text_scan scan = scan_text(s, limit);
        if (scan.ascii && scan.length <= limit) return std::string_view(s, scan.length);
    }
    return text_arg_slow(s, name, limit, required);
}

[[gnu::always_inline]] inline std::string_view required_text(const char *s, const char *name, std::size_t limit) {
    return *text_arg(s, name, limit, true);
}

std::string_view nonempty_text(const char *s, const char *name, std::size_t limit) {
    auto v = required_text(s, name, limit);
    if (v.empty()) raise(CREDO_EINVALID_ARGUMENT, std::string("`") + name + "` is empty");
    return v;
}

credo::date date_arg(const char *s, const char *name, std::size_t limit) {
    auto v = required_text(s, name, limit);
    std::string why;
    auto d = credo::date::parse(v, &why);
    if (!d) raise(CREDO_EINVALID_ARGUMENT, std::string("`") + name + "` is not a date (YYYY-MM-DD): " + why);
    return *d;
}

[[noreturn, gnu::cold, gnu::noinline]] void raise_version(unsigned version, unsigned current, const char *name,
                                                         const char *init) {
    raise(CREDO_EINVALID_ARGUMENT, std::string("`") + name + "->version` is " + std::to_string(version) +
                                       ", this library knows versions 1 to " + std::to_string(current) +
                                       ": initialise the struct with " + init);
}

inline void check_version(unsigned version, unsigned current, const char *name, const char *init) {
    if (version == 0 || version > current) [[unlikely]] raise_version(version, current, name, init);
}

// ---- queries ----------------------------------------------------------------------------------

constexpr std::size_t max_attributes = 1024;

// Turns a C query into the C++ one; `attributes` holds the storage its span points to.
// `audited`: the engine keeps an audit trail, the querier's only use; without one the querier
// is neither read nor checked.
[[gnu::always_inline]] inline credo::query convert(const credo_query *q, std::size_t limit, bool audited,
                     std::vector<credo::query_attribute> &attributes) {
    require(q, "query");
    check_version(q->version, CREDO_QUERY_VERSION, "query", "CREDO_QUERY_INIT");
    credo::query out;
    out.subject = required_text(q->subject, "query->subject", limit);
    out.scenario = required_text(q->scenario, "query->scenario", limit);
    if (q->as_of != nullptr) {
        // Callers tend to ask about one day many times: the last `YYYY-MM-DD` text parsed on this
        // thread is kept with its date. The argument's length comes from one scan; a ten-byte
        // argument is compared with it as an eight- and a two-byte word. Nothing is cached while
        // the head is zero: ten bytes without a NUL never read as zero.
        thread_local std::uint64_t cached_head = 0;
        thread_local std::uint16_t cached_tail = 0;
        thread_local credo::date cached_date;
        text_scan scan = scan_text(q->as_of, limit);
        std::uint64_t head = 0;
        std::uint16_t tail = 0;
        if (scan.length == 10) {
            std::memcpy(&head, q->as_of, 8);
            std::memcpy(&tail, q->as_of + 8, 2);
        }
        if (scan.length == 10 && head == cached_head && tail == cached_tail) {
            out.as_of = cached_date;
        } else {
            out.as_of = date_arg(q->as_of, "query->as_of", limit);
            if (scan.length == 10) {
                cached_head = head;
                cached_tail = tail;
                cached_date = *out.as_of;
            }
        }
    }
    if (audited) out.querier = text_arg(q->querier, "query->querier", limit, false).value_or(std::string_view{});
    attributes.clear();
    if (q->attribute_count > 0) {
        if (q->attributes == nullptr)
            raise(CREDO_EINVALID_ARGUMENT, "`query->attributes` is NULL but `attribute_count` is " +
                                               std::to_string(q->attribute_count));
        if (q->attribute_count > max_attributes)
            raise(CREDO_EINVALID_ARGUMENT, "`query->attribute_count` is " + std::to_string(q->attribute_count) +
                                               ", more than " + std::to_string(max_attributes));
        attributes.reserve(q->attribute_count);
        for (std::size_t i = 0; i < q->attribute_count; ++i) {
            const credo_attribute &a = q->attributes[i];
            std::string at = "query->attributes[" + std::to_string(i) + "]";
            credo::query_attribute qa;
            qa.key = nonempty_text(a.key, (at + ".key").c_str(), limit);
            switch (a.type) {
                case CREDO_VALUE_NUMBER:
                    if (!std::isfinite(a.number)) raise(CREDO_EINVALID_ARGUMENT, "`" + at + ".number` is not finite");
                    qa.value = a.number;
                    break;
                case CREDO_VALUE_STRING: qa.value = required_text(a.text, (at + ".text").c_str(), limit); break;
                case CREDO_VALUE_DATE: qa.value = date_arg(a.text, (at + ".text").c_str(), limit); break;
                default:
                    raise(CREDO_EINVALID_ARGUMENT, "`" + at + ".type` is " + std::to_string(a.type) +
                                                       ", not a credo_value_type");
            }
            attributes.push_back(qa);
        }
        out.attributes = attributes;
    }
    return out;
}

// ---- recycled decisions ------------------------------------------------------------------------

// credo_check() hands out a new decision for every call and the caller frees it at once, so a
// few freed decisions are kept on the freeing thread and handed out again with their memory
// (strings, measure lists): a thread that checks and frees allocates as little as one that
// reuses a decision through credo_check_into(). A decision that grew large is released instead.
// Under AddressSanitizer every decision is really freed, so that a caller reading a freed
// decision is still reported.
class decision_pool {
public:
    decision_pool() = default;
    decision_pool(const decision_pool &) = delete;
    decision_pool &operator=(const decision_pool &) = delete;
    ~decision_pool() {
        closed = true;  // a decision freed later on this thread (another thread_local's destructor)
        for (std::size_t i = 0; i < count_; ++i) delete kept_[i];
    }

    credo_decision *take() {
        if (count_ == 0) return new credo_decision;
        return kept_[--count_];
    }

    void give(credo_decision *d) noexcept {
#if defined(CREDO_ADDRESS_SANITIZER)
        delete d;
#else
        if (count_ == kept_.size() || !small(*d)) {
            delete d;
            return;
        }
        d->forget_text();
        kept_[count_++] = d;
#endif
    }

    // Trivially destructible, so readable after the pool's destructor has run.
    static thread_local bool closed;

private:
    static bool small(const credo_decision &d) noexcept {
        constexpr std::size_t max_measures = 64, max_json = 64 * 1024;
        return d.d.measures.capacity() + d.d.to_verify.capacity() + d.d.suspended.capacity() +
                       d.d.suppressed_incentives.capacity() <=
                   max_measures &&
               d.json.capacity() <= max_json;
    }

    std::array<credo_decision *, 4> kept_{};
    std::size_t count_ = 0;
};
thread_local bool decision_pool::closed = false;
thread_local decision_pool decisions;

// The pool once this thread's is gone (a decision made or freed by another thread_local's
// destructor) is plain new and delete.
credo_decision *take_decision() { return decision_pool::closed ? new credo_decision : decisions.take(); }

struct give_back {
    void operator()(credo_decision *d) const noexcept {
        if (decision_pool::closed) delete d;
        else decisions.give(d);
    }
};

credo_engine &engine_arg(credo_engine *e) {
    require(e, "engine");
    return *e;
}

// ---- decisions --------------------------------------------------------------------------------

const std::vector<credo::decision_measure> *measure_set(const credo::decision &d, int set) {
    switch (set) {
        case CREDO_MEASURES_APPLIED: return &d.measures;
        case CREDO_MEASURES_SUSPENDED: return &d.suspended;
        case CREDO_MEASURES_SUPPRESSED: return &d.suppressed_incentives;
        case CREDO_MEASURES_TO_VERIFY: return &d.to_verify;
        default: return nullptr;
    }
}

// For accessors that return a value: records misuse without a status to return.
void misuse(const char *function, std::string_view message) noexcept { fail(CREDO_EINVALID_ARGUMENT, function, message); }

template <class Member>
const char *decision_string(const credo_decision *d, const char *function, Member member) noexcept {
    if (d == nullptr) {
        misuse(function, "`decision` is NULL");
        return nullptr;
    }
    return (d->d.*member).c_str();
}

// ---- lifecycle --------------------------------------------------------------------------------

credo_subject_kind kind_code(credo::ids::subject_kind k) {
    using credo::ids::subject_kind;
    switch (k) {
        case subject_kind::enterprise: return CREDO_KIND_ENTERPRISE;
        case subject_kind::individual_business: return CREDO_KIND_INDIVIDUAL_BUSINESS;
        case subject_kind::cooperative: return CREDO_KIND_COOPERATIVE;
        case subject_kind::institution: return CREDO_KIND_INSTITUTION;
        case subject_kind::social_org: return CREDO_KIND_SOCIAL_ORG;
        case subject_kind::other_org: return CREDO_KIND_OTHER_ORG;
        case subject_kind::person: return CREDO_KIND_PERSON;
    }
    return CREDO_KIND_NONE;
}

const char *kind_name(int kind) {
    static constexpr const char *names[] = {"",           "enterprise", "individual_business", "cooperative",
                                            "institution", "social_org", "other_org",           "person"};
    return kind >= 0 && kind <= CREDO_KIND_PERSON ? names[kind] : "";
}

credo_id_scheme scheme_code(credo::ids::scheme s) {
    switch (s) {
        case credo::ids::scheme::credit_code: return CREDO_SCHEME_CREDIT_CODE;
        case credo::ids::scheme::resident_id: return CREDO_SCHEME_RESIDENT_ID;
        case credo::ids::scheme::legacy_resident_id: return CREDO_SCHEME_LEGACY_RESIDENT_ID;
    }
    return CREDO_SCHEME_NONE;
}

const char *scheme_name(int scheme) {
    static constexpr const char *names[] = {"", "credit_code", "resident_id", "legacy_resident_id"};
    return scheme >= 0 && scheme <= CREDO_SCHEME_LEGACY_RESIDENT_ID ? names[scheme] : "";
}

void copy_bounded(char *dst, std::size_t size, std::string_view src) {
    std::size_t n = std::min(src.size(), size - 1);
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

thread_local std::string id_reason;

}  // namespace

extern "C" {

// ---- versions and errors ----------------------------------------------------------------------

const char *credo_version(void) { return CREDO_VERSION_STRING; }

int credo_version_number(void) { return CREDO_VERSION_NUMBER; }

const char *credo_status_name(int status) {
    switch (status) {
        case CREDO_OK: return "CREDO_OK";
        case CREDO_EINVALID_ARGUMENT: return "CREDO_EINVALID_ARGUMENT";
        case CREDO_EINVALID_ID: return "CREDO_EINVALID_ID";
        case CREDO_EUNKNOWN_SCENARIO: return "CREDO_EUNKNOWN_SCENARIO";
        case CREDO_ERULE: return "CREDO_ERULE";
        case CREDO_ESTORE: return "CREDO_ESTORE";
        case CREDO_ENOMEM: return "CREDO_ENOMEM";
        case CREDO_ENOT_FOUND: return "CREDO_ENOT_FOUND";
        case CREDO_EILLEGAL_STATE: return "CREDO_EILLEGAL_STATE";
        case CREDO_EINTERNAL: return "CREDO_EINTERNAL";
        default: return "CREDO_E?";
    }
}

const char *credo_error_message(void) { return last.fallback != nullptr ? last.fallback : last.message.c_str(); }

const credo_error *credo_error_last(void) {
    last.view.message = credo_error_message();
    last.view.file = last.file.c_str();
    last.view.diagnostics = last.diagnostics.c_str();
    last.view.closest = last.closest.c_str();
    return &last.view;
}

void credo_error_clear(void) { set_ok(); }

// ---- struct initialisers ----------------------------------------------------------------------

void credo_id_info_init(credo_id_info *info) {
    if (info != nullptr) *info = credo_id_info CREDO_ID_INFO_INIT;
}
void credo_engine_options_init(credo_engine_options *options) {
    if (options != nullptr) *options = credo_engine_options CREDO_ENGINE_OPTIONS_INIT;
}
void credo_query_init(credo_query *query) {
    if (query != nullptr) *query = credo_query CREDO_QUERY_INIT;
}
void credo_measure_init(credo_measure *measure) {
    if (measure != nullptr) *measure = credo_measure CREDO_MEASURE_INIT;
}
void credo_feedback_init(credo_feedback *feedback) {
    if (feedback != nullptr) *feedback = credo_feedback CREDO_FEEDBACK_INIT;
}
void credo_diagnostic_init(credo_diagnostic *diagnostic) {
    if (diagnostic != nullptr) *diagnostic = credo_diagnostic CREDO_DIAGNOSTIC_INIT;
}

// ---- identifiers ------------------------------------------------------------------------------

int credo_id_validate(credo_id_info *out, const char *id, unsigned int flags) {
    return guard("credo_id_validate", [&]() -> int {
        require(out, "out");
        check_version(out->version, CREDO_ID_INFO_VERSION, "out", "CREDO_ID_INFO_INIT");
        out->valid = 0;
        out->normalized[0] = out->masked[0] = '\0';
        out->scheme = CREDO_SCHEME_NONE;
        out->kind = CREDO_KIND_NONE;
        out->scheme_name = out->kind_name = "";
        out->reason = "";
        auto text = required_text(id, "id", CREDO_DEFAULT_MAX_STRING_BYTES);
        constexpr unsigned known = CREDO_ID_LENIENT | CREDO_ID_EXPECT_CREDIT_CODE | CREDO_ID_EXPECT_RESIDENT_ID;
        if ((flags & ~known) != 0) raise(CREDO_EINVALID_ARGUMENT, "`flags` has unknown bits " + std::to_string(flags & ~known));
        if ((flags & CREDO_ID_EXPECT_CREDIT_CODE) && (flags & CREDO_ID_EXPECT_RESIDENT_ID))
            raise(CREDO_EINVALID_ARGUMENT, "`flags` expects both a credit code and a resident ID");
        credo::ids::options o;
        o.lenient = (flags & CREDO_ID_LENIENT) != 0;
        if (flags & CREDO_ID_EXPECT_CREDIT_CODE) o.expect = credo::ids::expectation::credit_code;
        if (flags & CREDO_ID_EXPECT_RESIDENT_ID) o.expect = credo::ids::expectation::resident_id;
        auto r = credo::ids::validate(text, o);
        if (r.normalized.size() < sizeof out->normalized) copy_bounded(out->normalized, sizeof out->normalized, r.normalized);
        if (r.scheme) out->scheme = scheme_code(*r.scheme);
        if (r.kind) out->kind = kind_code(*r.kind);
        out->scheme_name = scheme_name(out->scheme);
        out->kind_name = kind_name(out->kind);
        if (!r.valid) {
            id_reason = r.reason;
            out->reason = id_reason.c_str();
            raise(CREDO_EINVALID_ID, r.reason);
        }
        out->valid = 1;
        copy_bounded(out->masked, sizeof out->masked, credo::ids::mask(r.normalized));
        return CREDO_OK;
    });
}

// ---- the engine -------------------------------------------------------------------------------

int credo_engine_open(credo_engine **out, const credo_engine_options *options) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_engine_open", [&]() -> int {
        require(out, "out");
        require(options, "options");
        check_version(options->version, CREDO_ENGINE_OPTIONS_VERSION, "options", "CREDO_ENGINE_OPTIONS_INIT");
        std::size_t limit = options->max_string_bytes != 0 ? options->max_string_bytes : CREDO_DEFAULT_MAX_STRING_BYTES;
        constexpr unsigned known = CREDO_ENGINE_LENIENT_IDS | CREDO_ENGINE_NO_AUDIT | CREDO_ENGINE_AUDIT_BATCHED;
        if ((options->flags & ~known) != 0)
            raise(CREDO_EINVALID_ARGUMENT, "`options->flags` has unknown bits " + std::to_string(options->flags & ~known));
        credo::engine_options o;
        o.rules_dir = text_arg(options->rules_dir, "options->rules_dir", limit, false).value_or("rules");
        o.db_path = nonempty_text(options->db_path, "options->db_path", limit);
        o.lenient_ids = (options->flags & CREDO_ENGINE_LENIENT_IDS) != 0;
        o.audit = (options->flags & CREDO_ENGINE_NO_AUDIT) == 0;
        if (options->audit_batch != 0) o.audit_batch = options->audit_batch;
        if ((options->flags & CREDO_ENGINE_AUDIT_BATCHED) != 0) o.audit_mode = credo::audit_mode::batched;
        if (options->version >= 2) {  // a version 1 struct ends before these fields
            if (options->audit_queue != 0) o.audit_queue = options->audit_queue;
            if (options->audit_interval_ms != 0) o.audit_interval_ms = options->audit_interval_ms;
            if (options->audit_wait_ms != 0) o.audit_wait_ms = options->audit_wait_ms;
            if (options->audit_retry_ms != 0) o.audit_retry_ms = options->audit_retry_ms;
        }
        auto opened = credo::registry::open(o);
        if (!opened) return fail_with("credo_engine_open", opened.error());
        auto e = std::make_unique<credo_engine>(std::move(*opened));
        e->audited = o.audit;
        e->max_string = limit;
        *out = e.release();
        return CREDO_OK;
    });
}

void credo_engine_free(credo_engine *engine) {
    try {
        delete engine;
    } catch (...) {  // a destructor that throws: nothing more can be done for it here
    }
}

int credo_engine_reload(credo_engine *engine) {
    return guard("credo_engine_reload", [&]() -> int {
        auto &e = engine_arg(engine);
        // departments.csv is not part of the rules version: a reload reads it again too.
        auto s = e.registry.reload();
        return s ? CREDO_OK : fail_with("credo_engine_reload", s.error());
    });
}

int credo_engine_flush_audit(credo_engine *engine) {
    return guard("credo_engine_flush_audit", [&]() -> int {
        auto s = engine_arg(engine).engine.flush_audit();
        return s ? CREDO_OK : fail_with("credo_engine_flush_audit", s.error());
    });
}

const char *credo_engine_audit_mode(const credo_engine *engine) {
    if (engine == nullptr) return nullptr;
    // The engine's names are string literals: static, NUL-terminated.
    return engine->engine.audit_mode().data();
}

int credo_engine_rules_version(char *out, size_t out_size, credo_engine *engine) {
    return guard("credo_engine_rules_version", [&]() -> int {
        require(out, "out");
        auto &e = engine_arg(engine);
        if (out_size > 0) out[0] = '\0';
        std::string v = e.engine.rules_version();
        if (out_size <= v.size())
            raise(CREDO_EINVALID_ARGUMENT,
                  "`out_size` is " + std::to_string(out_size) + ", the version needs " + std::to_string(v.size() + 1));
        copy_bounded(out, out_size, v);
        return CREDO_OK;
    });
}

int credo_engine_store_version(int64_t *out, credo_engine *engine) {
    return guard("credo_engine_store_version", [&]() -> int {
        require(out, "out");
        *out = 0;
        *out = engine_arg(engine).engine.store_version();
        return CREDO_OK;
    });
}

// ---- checks -----------------------------------------------------------------------------------

int credo_decision_new(credo_decision **out) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_decision_new", [&]() -> int {
        require(out, "out");
        *out = new credo_decision;
        return CREDO_OK;
    });
}

int credo_check_into(credo_decision *decision, credo_engine *engine, const credo_query *query) {
    return guard("credo_check_into", [&]() -> int {
        require(decision, "decision");
        decision->forget_text();  // the engine overwrites (or on error clears) the rest
        auto &e = engine_arg(engine);
        // One buffer a thread for the attributes, so a check allocates nothing for them.
        thread_local std::vector<credo::query_attribute> attributes;
        credo::query q = convert(query, e.max_string, e.audited, attributes);
        auto s = e.engine.check(q, decision->d);
        return s ? CREDO_OK : fail_with("credo_check", s.error());
    });
}

int credo_check(credo_decision **out, credo_engine *engine, const credo_query *query) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_check", [&]() -> int {
        require(out, "out");
        auto &e = engine_arg(engine);
        thread_local std::vector<credo::query_attribute> attributes;
        credo::query q = convert(query, e.max_string, e.audited, attributes);
        std::unique_ptr<credo_decision, give_back> d(take_decision());
        auto s = e.engine.check(q, d->d);
        if (!s) return fail_with("credo_check", s.error());
        *out = d.release();
        return CREDO_OK;
    });
}

void credo_decision_free(credo_decision *decision) {
    if (decision != nullptr) give_back{}(decision);
}

const char *credo_decision_json(const credo_decision *decision) {
    if (decision == nullptr) {
        misuse("credo_decision_json", "`decision` is NULL");
        return nullptr;
    }
    try {
        if (!decision->json_ready) {
            decision->json = decision->d.to_json();
            decision->json_ready = true;
        }
        return decision->json.c_str();
    } catch (const std::bad_alloc &) {
        fail(CREDO_ENOMEM, "credo_decision_json", "out of memory");
    } catch (...) {
        fail(CREDO_EINTERNAL, "credo_decision_json", "internal error while writing JSON");
    }
    return nullptr;
}

const char *credo_decision_verdict(const credo_decision *decision) {
    return decision_string(decision, "credo_decision_verdict", &credo::decision::verdict);
}
const char *credo_decision_scenario(const credo_decision *decision) {
    return decision_string(decision, "credo_decision_scenario", &credo::decision::scenario);
}
const char *credo_decision_rules_version(const credo_decision *decision) {
    return decision_string(decision, "credo_decision_rules_version", &credo::decision::rules_version);
}
const char *credo_decision_subject(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_subject", "`decision` is NULL"), nullptr;
    return decision->d.subject.id.c_str();
}
const char *credo_decision_subject_kind(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_subject_kind", "`decision` is NULL"), nullptr;
    return decision->d.subject.kind.c_str();
}
const char *credo_decision_subject_name(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_subject_name", "`decision` is NULL"), nullptr;
    return decision->d.subject.name.c_str();
}
const char *credo_decision_as_of(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_as_of", "`decision` is NULL"), nullptr;
    if (decision->as_of[0] == '\0') {
        const auto &d = decision->d.as_of;
        std::snprintf(decision->as_of.data(), decision->as_of.size(), "%04d-%02u-%02u", d.year(), d.month(), d.day());
    }
    return decision->as_of.data();
}

int credo_decision_escalated(const credo_decision *decision) {
    if (decision == nullptr) return fail(CREDO_EINVALID_ARGUMENT, "credo_decision_escalated", "`decision` is NULL");
    return decision->d.escalated ? 1 : 0;
}

int64_t credo_decision_check_id(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_check_id", "`decision` is NULL"), 0;
    return decision->d.check_id.value_or(0);
}

size_t credo_decision_black_field_count(const credo_decision *decision) {
    if (decision == nullptr) return misuse("credo_decision_black_field_count", "`decision` is NULL"), 0;
    return decision->d.black_fields.size();
}

const char *credo_decision_black_field(const credo_decision *decision, size_t index) {
    if (decision == nullptr) return misuse("credo_decision_black_field", "`decision` is NULL"), nullptr;
    if (index >= decision->d.black_fields.size()) {
        fail(CREDO_ENOT_FOUND, "credo_decision_black_field", "`index` is out of range");
        return nullptr;
    }
    return decision->d.black_fields[index].c_str();
}

size_t credo_decision_measure_count(const credo_decision *decision, int set) {
    if (decision == nullptr) return misuse("credo_decision_measure_count", "`decision` is NULL"), 0;
    const auto *ms = measure_set(decision->d, set);
    if (ms == nullptr) return misuse("credo_decision_measure_count", "`set` is not a credo_measure_set"), 0;
    return ms->size();
}

int credo_decision_measure(credo_measure *out, const credo_decision *decision, int set, size_t index) {
    return guard("credo_decision_measure", [&]() -> int {
        require(out, "out");
        check_version(out->version, CREDO_MEASURE_VERSION, "out", "CREDO_MEASURE_INIT");
        credo_measure_init(out);
        require(decision, "decision");
        const auto *ms = measure_set(decision->d, set);
        if (ms == nullptr) raise(CREDO_EINVALID_ARGUMENT, "`set` is " + std::to_string(set) + ", not a credo_measure_set");
        if (index >= ms->size())
            raise(CREDO_ENOT_FOUND, "`index` is " + std::to_string(index) + ", the set has " + std::to_string(ms->size()));
        const credo::decision_measure &m = (*ms)[index];
        auto &texts = decision->texts[static_cast<std::size_t>(set - 1)];
        decision->texts_made = true;
        if (texts.size() < ms->size()) texts.resize(ms->size());
        auto &t = texts[index];
        if (!t.ready && m.because) {
            t.listed_on = m.because->listed_on.to_string();
            t.expires_on = m.because->expires_on ? m.because->expires_on->to_string() : std::string();
            for (const auto &step : m.because->via) {
                if (!t.via.empty()) t.via += "; ";
                t.via.append(step.role).append(" of ").append(step.of);
            }
        }
        t.ready = true;
        out->memorandum = m.memorandum.c_str();
        out->measure = m.measure.c_str();
        out->text = m.text.c_str();
        out->effect = m.effect.c_str();
        out->binding = m.binding.c_str();
        out->implementer = m.implementer.c_str();
        out->basis = m.basis.c_str();
        out->has_because = m.because ? 1 : 0;
        out->list = m.because ? m.because->list.c_str() : "";
        out->entry = m.because ? m.because->entry : 0;
        out->document = m.because ? m.because->document.c_str() : "";
        out->listed_on = t.listed_on.c_str();
        out->expires_on = t.expires_on.c_str();
        out->via_count = m.because ? m.because->via.size() : 0;
        out->via = t.via.c_str();
        out->objection = m.objection.value_or(0);
        return CREDO_OK;
    });
}

// ---- batches ----------------------------------------------------------------------------------

int credo_check_batch(credo_batch **out, credo_engine *engine, const credo_query *const *queries, size_t count) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_check_batch", [&]() -> int {
        require(out, "out");
        auto &e = engine_arg(engine);
        if (count > 0) require(queries, "queries");
        auto batch = std::make_unique<credo_batch>();
        batch->decisions.resize(count);
        batch->statuses.assign(count, CREDO_OK);
        batch->messages.resize(count);
        // The queries that are well formed go to the engine together; the others fail alone.
        std::vector<std::vector<credo::query_attribute>> attributes(count);
        std::vector<credo::query> good;
        std::vector<std::size_t> slot;
        good.reserve(count);
        slot.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            try {
                good.push_back(convert(queries[i], e.max_string, e.audited, attributes[i]));
                slot.push_back(i);
            } catch (const api_error &err) {
                batch->statuses[i] = err.code;
                batch->messages[i] = err.message;
            }
        }
        std::vector<credo::decision> decisions(good.size());
        std::vector<credo::status> statuses(good.size());
        e.engine.check_batch(good, decisions, statuses);
        for (std::size_t k = 0; k < good.size(); ++k) {
            std::size_t i = slot[k];
            if (statuses[k]) {
                batch->decisions[i].d = std::move(decisions[k]);
                ++batch->succeeded;
            } else {
                batch->statuses[i] = fail_with("credo_check_batch", statuses[k].error());
                batch->messages[i] = statuses[k].error().message;
            }
        }
        *out = batch.release();
        return CREDO_OK;
    });
}

size_t credo_batch_count(const credo_batch *batch) { return batch != nullptr ? batch->statuses.size() : 0; }
size_t credo_batch_succeeded(const credo_batch *batch) { return batch != nullptr ? batch->succeeded : 0; }

int credo_batch_status(const credo_batch *batch, size_t index) {
    if (batch == nullptr) return CREDO_EINVALID_ARGUMENT;
    if (index >= batch->statuses.size()) return CREDO_ENOT_FOUND;
    return batch->statuses[index];
}

const char *credo_batch_message(const credo_batch *batch, size_t index) {
    if (batch == nullptr) return misuse("credo_batch_message", "`batch` is NULL"), nullptr;
    if (index >= batch->messages.size()) return fail(CREDO_ENOT_FOUND, "credo_batch_message", "`index` is out of range"), nullptr;
    return batch->messages[index].c_str();
}

const credo_decision *credo_batch_decision(const credo_batch *batch, size_t index) {
    if (batch == nullptr) return misuse("credo_batch_decision", "`batch` is NULL"), nullptr;
    if (index >= batch->decisions.size()) return fail(CREDO_ENOT_FOUND, "credo_batch_decision", "`index` is out of range"), nullptr;
    return &batch->decisions[index];
}

void credo_batch_free(credo_batch *batch) { delete batch; }

// ---- lifecycle --------------------------------------------------------------------------------

int credo_feedback_record(int64_t *out, credo_engine *engine, const credo_feedback *feedback) {
    if (out != nullptr) *out = 0;
    return guard("credo_feedback_record", [&]() -> int {
        auto &e = engine_arg(engine);
        require(feedback, "feedback");
        check_version(feedback->version, CREDO_FEEDBACK_VERSION, "feedback", "CREDO_FEEDBACK_INIT");
        credo::feedback_filing f;
        f.check_id = feedback->check_id;
        if (f.check_id <= 0) raise(CREDO_EINVALID_ARGUMENT, "`feedback->check_id` is " + std::to_string(f.check_id));
        f.measure = nonempty_text(feedback->measure, "feedback->measure", e.max_string);
        f.implementer = nonempty_text(feedback->implementer, "feedback->implementer", e.max_string);
        switch (feedback->outcome) {
            case CREDO_FEEDBACK_APPLIED: f.outcome = credo::feedback_outcome::applied; break;
            case CREDO_FEEDBACK_NOT_APPLICABLE: f.outcome = credo::feedback_outcome::not_applicable; break;
            case CREDO_FEEDBACK_DECLINED: f.outcome = credo::feedback_outcome::declined; break;
            default:
                raise(CREDO_EINVALID_ARGUMENT,
                      "`feedback->outcome` is " + std::to_string(feedback->outcome) + ", not a credo_feedback_outcome");
        }
        f.note = text_arg(feedback->note, "feedback->note", e.max_string, false).value_or(std::string_view{});
        auto r = e.registry.record_feedback(f);
        if (!r) return fail_with("credo_feedback_record", r.error());
        if (out != nullptr) *out = *r;
        return CREDO_OK;
    });
}

int credo_objection_open(int64_t *out, credo_engine *engine, int64_t entry_id, const char *filed_on,
                         const char *filed_by, const char *grounds) {
    if (out != nullptr) *out = 0;
    return guard("credo_objection_open", [&]() -> int {
        auto &e = engine_arg(engine);
        credo::objection_filing f;
        f.entry_id = entry_id;
        f.filed_on = date_arg(filed_on, "filed_on", e.max_string);
        f.filed_by = nonempty_text(filed_by, "filed_by", e.max_string);
        f.grounds = nonempty_text(grounds, "grounds", e.max_string);
        auto r = e.registry.open_objection(f);
        if (!r) return fail_with("credo_objection_open", r.error());
        if (out != nullptr) *out = *r;
        return CREDO_OK;
    });
}

int credo_objection_resolve(credo_engine *engine, int64_t objection_id, int outcome, const char *resolved_on,
                            const char *resolved_by, const char *resolution) {
    return guard("credo_objection_resolve", [&]() -> int {
        auto &e = engine_arg(engine);
        credo::objection_resolution r;
        r.objection_id = objection_id;
        switch (outcome) {
            case CREDO_OBJECTION_ACCEPTED: r.outcome = credo::objection_outcome::accepted; break;
            case CREDO_OBJECTION_DISMISSED: r.outcome = credo::objection_outcome::dismissed; break;
            default:
                raise(CREDO_EINVALID_ARGUMENT, "`outcome` is " + std::to_string(outcome) + ", not a credo_objection_outcome");
        }
        r.resolved_on = date_arg(resolved_on, "resolved_on", e.max_string);
        r.resolved_by = nonempty_text(resolved_by, "resolved_by", e.max_string);
        r.resolution = text_arg(resolution, "resolution", e.max_string, false).value_or(std::string_view{});
        auto s = e.registry.resolve_objection(r);
        return s ? CREDO_OK : fail_with("credo_objection_resolve", s.error());
    });
}

int credo_repair_record(int64_t *out, credo_engine *engine, int64_t entry_id, const char *repaired_on,
                        const char *reason, const char *approved_by) {
    if (out != nullptr) *out = 0;
    return guard("credo_repair_record", [&]() -> int {
        auto &e = engine_arg(engine);
        credo::repair_filing f;
        f.entry_id = entry_id;
        f.repaired_on = date_arg(repaired_on, "repaired_on", e.max_string);
        f.reason = nonempty_text(reason, "reason", e.max_string);
        f.approved_by = nonempty_text(approved_by, "approved_by", e.max_string);
        auto r = e.registry.record_repair(f);
        if (!r) return fail_with("credo_repair_record", r.error());
        if (out != nullptr) *out = *r;
        return CREDO_OK;
    });
}

// ---- lint -------------------------------------------------------------------------------------

int credo_rules_lint(credo_diagnostics **out, const char *rules_dir) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_rules_lint", [&]() -> int {
        require(out, "out");
        auto dir = nonempty_text(rules_dir, "rules_dir", CREDO_DEFAULT_MAX_STRING_BYTES);
        auto report = credo::lint(std::string(dir));
        if (!report) return fail_with("credo_rules_lint", report.error());
        auto result = std::make_unique<credo_diagnostics>();
        const credo_diagnostics::item *first_error = nullptr;
        for (auto &d : report->diagnostics) {
            credo_diagnostics::item it;
            it.severity = d.severity == credo::severity::error     ? CREDO_SEVERITY_ERROR
                          : d.severity == credo::severity::warning ? CREDO_SEVERITY_WARNING
                                                                   : CREDO_SEVERITY_NOTE;
            it.code = std::move(d.code);
            it.message = std::move(d.message);
            it.help = std::move(d.help);
            it.file = std::move(d.file);
            it.line = d.line;
            it.column = d.column;
            it.rendered = std::move(d.rendered);
            result->items.push_back(std::move(it));
        }
        result->errors = report->errors;
        for (const auto &it : result->items)
            if (it.severity == CREDO_SEVERITY_ERROR) {
                first_error = &it;
                break;
            }
        if (first_error != nullptr) {
            std::string all;
            for (const auto &it : result->items)
                if (it.severity == CREDO_SEVERITY_ERROR) all.append(it.rendered).append("\n");
            credo::error_info e;
            e.code = credo::error_code::rule_error;
            e.message = std::to_string(result->errors) + " error(s) in the rules; the first: " + first_error->file +
                        ":" + std::to_string(first_error->line) + ":" + std::to_string(first_error->column) + ": " +
                        first_error->message;
            e.file = first_error->file;
            e.line = first_error->line;
            e.column = first_error->column;
            e.diagnostics = std::move(all);
            *out = result.release();
            return fail_with("credo_rules_lint", e);
        }
        *out = result.release();
        return CREDO_OK;
    });
}

size_t credo_diagnostics_count(const credo_diagnostics *diagnostics) {
    return diagnostics != nullptr ? diagnostics->items.size() : 0;
}

size_t credo_diagnostics_error_count(const credo_diagnostics *diagnostics) {
    return diagnostics != nullptr ? diagnostics->errors : 0;
}

int credo_diagnostics_get(credo_diagnostic *out, const credo_diagnostics *diagnostics, size_t index) {
    return guard("credo_diagnostics_get", [&]() -> int {
        require(out, "out");
        check_version(out->version, CREDO_DIAGNOSTIC_VERSION, "out", "CREDO_DIAGNOSTIC_INIT");
        credo_diagnostic_init(out);
        require(diagnostics, "diagnostics");
        if (index >= diagnostics->items.size())
            raise(CREDO_ENOT_FOUND, "`index` is " + std::to_string(index) + ", there are " +
                                        std::to_string(diagnostics->items.size()) + " diagnostics");
        const auto &it = diagnostics->items[index];
        out->severity = it.severity;
        out->code = it.code.c_str();
        out->message = it.message.c_str();
        out->help = it.help.c_str();
        out->file = it.file.c_str();
        out->line = it.line;
        out->column = it.column;
        out->rendered = it.rendered.c_str();
        return CREDO_OK;
    });
}

void credo_diagnostics_free(credo_diagnostics *diagnostics) { delete diagnostics; }

}  // extern "C"

// ==== workflow: push to implementing departments (信息推送) ====================================
// Maintained with src/workflow/ (docs/workflow.md).

struct credo_changes {
    std::string json;
    int64_t cursor = 0;
    size_t count = 0;
    bool more = false;
};

extern "C" {

namespace {
credo_changes *make_changes(credo::changes_page page) {
    auto result = std::make_unique<credo_changes>();
    result->json = std::move(page.json);
    result->cursor = page.cursor;
    result->count = page.count;
    result->more = page.more;
    return result.release();
}
}  // namespace

int credo_changes_read(credo_changes **out, const char *db_path, const char *rules_dir, int64_t since,
                       const char *implementer, size_t limit) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_changes_read", [&]() -> int {
        require(out, "out");
        constexpr std::size_t max_text = 1u << 16;
        std::string db(nonempty_text(db_path, "db_path", max_text));
        std::string rules(nonempty_text(rules_dir, "rules_dir", max_text));
        credo::changes_request request;
        request.since = since;
        request.implementer = text_arg(implementer, "implementer", max_text, false).value_or(std::string_view{});
        request.limit = limit;
        if (since < 0) raise(CREDO_EINVALID_ARGUMENT, "`since` is " + std::to_string(since) + ", not a cursor");
        auto page = credo::read_changes(db, rules, request);
        if (!page) return fail_with("credo_changes_read", page.error());
        *out = make_changes(std::move(*page));
        return CREDO_OK;
    });
}

int credo_engine_changes_read(credo_changes **out, credo_engine *engine, int64_t since, const char *implementer,
                              size_t limit) {
    if (out != nullptr) *out = nullptr;
    return guard("credo_engine_changes_read", [&]() -> int {
        require(out, "out");
        auto &e = engine_arg(engine);
        credo::changes_request request;
        request.since = since;
        request.implementer = text_arg(implementer, "implementer", e.max_string, false).value_or(std::string_view{});
        request.limit = limit;
        if (since < 0) raise(CREDO_EINVALID_ARGUMENT, "`since` is " + std::to_string(since) + ", not a cursor");
        auto page = e.registry.read_changes(request);
        if (!page) return fail_with("credo_engine_changes_read", page.error());
        *out = make_changes(std::move(*page));
        return CREDO_OK;
    });
}

const char *credo_changes_json(const credo_changes *changes) { return changes != nullptr ? changes->json.c_str() : ""; }
int64_t credo_changes_cursor(const credo_changes *changes) { return changes != nullptr ? changes->cursor : 0; }
size_t credo_changes_count(const credo_changes *changes) { return changes != nullptr ? changes->count : 0; }
int credo_changes_more(const credo_changes *changes) { return changes != nullptr && changes->more ? 1 : 0; }
void credo_changes_free(credo_changes *changes) { delete changes; }

}  // extern "C"
// ==== end of workflow section =================================================================
