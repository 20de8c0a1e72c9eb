// SPDX-License-Identifier: Apache-2.0
// The store's one exception: failures of the environment (SQLite, files), never bad input.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace credo::store {

// Thrown when the database cannot be opened, is from a newer version of credo, is corrupt or
// busy beyond the timeout, or a file cannot be read or written. Problems in user input are
// returned as values (`result`, import rejects), never thrown.
struct error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A value or the reason it could not be produced (a refused transition, a bad identifier).
template <class T>
class result {
public:
    result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor): reads naturally at return sites
    static result failure(std::string message) {
        result r;
        r.error_ = std::move(message);
        return r;
    }
    explicit operator bool() const { return value_.has_value(); }
    const T &value() const { return *value_; }
    T &value() { return *value_; }
    const T &operator*() const { return *value_; }
    const T *operator->() const { return &*value_; }
    const std::string &error() const { return error_; }

private:
    result() = default;
    std::optional<T> value_;
    std::string error_;
};

struct ok_t {
    friend bool operator==(ok_t, ok_t) = default;
};
inline constexpr ok_t ok{};
using status = result<ok_t>;

}  // namespace credo::store
