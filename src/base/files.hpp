// SPDX-License-Identifier: Apache-2.0
// Reading inputs and writing outputs so that no path credo is given destroys data: inputs must
// be regular files read with a bound, outputs go to a temporary file beside their target and
// are renamed into place, and never over the database, an input or a file that is not credo's
// kind of output.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace credo::base {

// An input or output that cannot be used; the message names the path and the reason.
struct file_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Inputs larger than this are refused by read_regular_file (a list file of 20 million rows is
// about 4 GiB): a bound, so that a file that never ends cannot exhaust memory.
inline constexpr std::uint64_t default_input_limit = std::uint64_t{16} << 30;

// The whole content of `path`, which must be a regular file (not a FIFO, a device such as
// /dev/zero, or a directory) of at most `limit` bytes. A file whose size changes while it is
// read (truncated or appended to) is an error, never a partial read.
std::string read_regular_file(const std::string &path, std::uint64_t limit = default_input_limit);

// A path an output must never replace, and what it is (`the database`, `the input file`).
struct kept_path {
    std::string path;
    std::string what;
};

// The paths an output must never replace for a database at `db`: the file and its -wal, -shm
// and -journal companions.
std::vector<kept_path> database_paths(const std::string &db);

// Why `path` may not be an output, or empty when it may. Refused: a path that is, or resolves
// to (symbolic links followed, hard links compared by inode), one of `keep`, an existing file
// that is not a regular file (a device, a FIFO, a directory), and an existing SQLite database.
std::string output_refusal(const std::string &path, const std::vector<kept_path> &keep);

// A file written under a temporary name in its target's directory and renamed over the target
// by commit(), after it is synced: a reader sees the old file or the whole new one, and a failed
// or interrupted run leaves the target as it was. The constructor throws file_error when
// output_refusal refuses the path.
class output_file {
public:
    output_file(const std::string &path, const std::vector<kept_path> &keep);
    // A resumable output: the temporary name is fixed by `key` (e.g. the input's fingerprint), so
    // that a later run can continue it with resume(). The temporary survives a failed run.
    output_file(const std::string &path, const std::vector<kept_path> &keep, std::string_view key);
    ~output_file();
    output_file(const output_file &) = delete;
    output_file &operator=(const output_file &) = delete;

    // For a resumable output, before any write: continues the temporary file an earlier run left,
    // keeping its first `bytes` when it has at least that many and starts with `expected_start`;
    // otherwise starts it empty and returns false when `bytes` > 0 (the earlier part is lost).
    // A temporary file that does not start with `expected_start` is not credo's: file_error.
    bool resume(std::int64_t bytes, std::string_view expected_start);

    void write(std::string_view text);
    // Writes what is buffered; returns the temporary file's length.
    std::int64_t flush();
    // Syncs the temporary file and renames it over the target.
    void commit();
    // Removes the temporary file (also what the destructor does for a non-resumable output).
    void discard();

    const std::string &path() const { return path_; }

private:
    void open(bool resumable);
    [[noreturn]] void fail(const char *what);

    std::string path_;       // as given, for messages
    std::string target_;     // resolved: where commit() renames to
    std::string temporary_;
    bool keep_temporary_ = false;
    int fd_ = -1;
    std::string buffer_;
    std::int64_t written_ = 0;
};

// Writes `text` to `path` through an output_file.
void write_output_file(const std::string &path, std::string_view text, const std::vector<kept_path> &keep);

}  // namespace credo::base
