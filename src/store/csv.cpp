// SPDX-License-Identifier: Apache-2.0
// The CSV reader: a hand-written state machine, since the import's speed target leaves no room
// for a copy of every field (only fields with doubled quotes are copied).
#include "store/csv.hpp"

#include <cstring>

namespace credo::store {

csv_reader::csv_reader(std::string_view data, std::size_t offset, std::uint64_t line)
    : data_(data), pos_(offset), line_(line) {
    if (pos_ == 0 && data_.size() >= 3 && data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

csv_reader::outcome csv_reader::fail(std::string message, std::size_t field) {
    error_ = std::move(message);
    error_field_ = field;
    // Resynchronise at the next line break.
    const void *nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
    if (nl) {
        pos_ = static_cast<std::size_t>(static_cast<const char *>(nl) - data_.data()) + 1;
        ++line_;
    } else {
        pos_ = data_.size();
    }
    return outcome::malformed;
}

csv_reader::outcome csv_reader::next(std::vector<std::string_view> &fields) {
    fields.clear();
    spans_.clear();
    scratch_.clear();
    if (pos_ >= data_.size()) return outcome::end;
    record_line_ = line_;
    const char *d = data_.data();
    const std::size_t n = data_.size();
    std::size_t field = 0;
    for (;;) {
        if (pos_ < n && d[pos_] == '"') {
            // Quoted field: runs to the closing quote; "" stands for one quote.
            std::size_t start = ++pos_;
            bool copied = false;
            std::size_t scratch_start = scratch_.size();
            for (;;) {
                const void *q = std::memchr(d + pos_, '"', n - pos_);
                if (!q) {
                    return fail("quoted field is never closed", field);
                }
                std::size_t quote = static_cast<std::size_t>(static_cast<const char *>(q) - d);
                for (std::size_t i = pos_; i < quote; ++i) line_ += d[i] == '\n';
                if (quote + 1 < n && d[quote + 1] == '"') {
                    if (!copied) {
                        scratch_.append(d + start, quote + 1 - start);
                        copied = true;
                    } else {
                        scratch_.append(d + pos_, quote + 1 - pos_);
                    }
                    pos_ = quote + 2;
                    continue;
                }
                if (copied) {
                    scratch_.append(d + pos_, quote - pos_);
                    spans_.push_back({scratch_start, scratch_.size() - scratch_start, true});
                } else {
                    spans_.push_back({start, quote - start, false});
                }
                pos_ = quote + 1;
                break;
            }
            if (pos_ < n && d[pos_] != ',' && d[pos_] != '\n' && !(d[pos_] == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n')) {
                return fail("text after the closing quote of a quoted field", field);
            }
        } else {
            std::size_t start = pos_;
            while (pos_ < n) {
                char c = d[pos_];
                if (c == ',' || c == '\n') break;
                if (c == '\r') {
                    if (pos_ + 1 < n && d[pos_ + 1] == '\n') break;
                    return fail("carriage return inside a field (quote the field to keep it)", field);
                }
                if (c == '"') return fail("quote inside an unquoted field (quote the whole field and double the quote)", field);
                ++pos_;
            }
            spans_.push_back({start, pos_ - start, false});
        }
        // Now at a comma, a line end or the end of the data.
        if (pos_ < n && d[pos_] == ',') {
            ++pos_;
            ++field;
            continue;
        }
        if (pos_ < n && d[pos_] == '\r') ++pos_;
        if (pos_ < n && d[pos_] == '\n') {
            ++pos_;
            ++line_;
        }
        break;
    }
    for (const auto &s : spans_) {
        fields.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.length)
                                      : std::string_view(d + s.begin, s.length));
    }
    return outcome::record;
}

}  // namespace credo::store
