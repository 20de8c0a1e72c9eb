// SPDX-License-Identifier: Apache-2.0
// Inputs read whole and bounded; outputs through a temporary file and a rename.
#include "base/files.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace credo::base {

namespace fs = std::filesystem;

namespace {

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

// The path with symbolic links resolved as far as it exists (the target of a new output does not).
fs::path resolved(const std::string &path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) return fs::absolute(path, ec).lexically_normal();
    return p;
}

bool starts_like_sqlite(const std::string &path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return false;
    char head[16] = {};
    ssize_t n = ::read(fd, head, sizeof head);
    ::close(fd);
    return n == 16 && std::memcmp(head, "SQLite format 3", 16) == 0;
}

std::string random_suffix() {
    static std::atomic<unsigned> counter{0};
    std::random_device device;
    return fmt::format("{}-{}-{:08x}", ::getpid(), counter++, device());
}

}  // namespace

std::string read_regular_file(const std::string &path, std::uint64_t limit) {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one forever.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) throw file_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    struct closer {
        int fd;
        ~closer() { ::close(fd); }
    } close_at_end{fd};
    struct stat before{};
    if (::fstat(fd, &before) != 0) throw file_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    if (!S_ISREG(before.st_mode)) {
        throw file_error(fmt::format("cannot read `{}`: it is {}; credo reads regular files only", path,
                                     kind_of(before.st_mode)));
    }
    auto size = static_cast<std::uint64_t>(before.st_size);
    if (size > limit) {
        throw file_error(fmt::format("cannot read `{}`: it has {} bytes, more than the {} credo reads", path, size,
                                     limit));
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw file_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
        if (n == 0) {
            throw file_error(fmt::format("cannot read `{}`: it was cut from {} to {} bytes while credo read it", path,
                                         size, done));
        }
        done += static_cast<std::size_t>(n);
    }
    struct stat after{};
    char extra = 0;
    if (::fstat(fd, &after) != 0 || after.st_size != before.st_size || ::read(fd, &extra, 1) > 0) {
        throw file_error(fmt::format("cannot read `{}`: it changed while credo read it", path));
    }
    return text;
}

std::vector<kept_path> database_paths(const std::string &db) {
    return {{db, "the database"},
            {db + "-wal", "the database's write-ahead log"},
            {db + "-shm", "the database's shared-memory file"},
            {db + "-journal", "the database's journal"}};
}

std::string output_refusal(const std::string &path, const std::vector<kept_path> &keep) {
    auto refuse = [&](const std::string &why) { return fmt::format("refusing to write `{}`: {}", path, why); };
    if (path.empty()) return "refusing to write an output with an empty name";
    struct stat st{};
    bool exists = ::stat(path.c_str(), &st) == 0;  // follows symbolic links
    fs::path target = resolved(path);
    for (const auto &k : keep) {
        if (k.path.empty()) continue;
        struct stat kst{};
        bool same_inode = exists && ::stat(k.path.c_str(), &kst) == 0 && kst.st_dev == st.st_dev &&
                          kst.st_ino == st.st_ino;
        if (same_inode || resolved(k.path) == target) {
            return refuse(k.path == path ? fmt::format("it is {}", k.what)
                                         : fmt::format("it is {} `{}`", k.what, k.path));
        }
    }
    if (!exists) return {};
    if (!S_ISREG(st.st_mode)) return refuse(fmt::format("it is {}; credo writes regular files only", kind_of(st.st_mode)));
    if (starts_like_sqlite(path)) return refuse("it is an SQLite database");
    return {};
}

output_file::output_file(const std::string &path, const std::vector<kept_path> &keep) : path_(path) {
    if (auto why = output_refusal(path, keep); !why.empty()) throw file_error(why);
    target_ = resolved(path).string();
    fs::path t(target_);
    temporary_ = (t.parent_path() / fmt::format(".{}.credo-{}.tmp", t.filename().string(), random_suffix())).string();
    open(false);
}

output_file::output_file(const std::string &path, const std::vector<kept_path> &keep, std::string_view key)
    : path_(path), keep_temporary_(true) {
    if (auto why = output_refusal(path, keep); !why.empty()) throw file_error(why);
    target_ = resolved(path).string();
    fs::path t(target_);
    temporary_ = (t.parent_path() / fmt::format(".{}.credo-{}.partial", t.filename().string(), key)).string();
    open(true);  // not cut: resume() decides what of an earlier run's file to keep
}

output_file::~output_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!keep_temporary_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void output_file::open(bool resumable) {
    // 0666 less the umask, as any file the user creates: the output is theirs to read. A fresh
    // temporary name must be new (O_EXCL); no temporary name is followed if it is a link.
    int flags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (resumable ? 0 : O_EXCL);
    fd_ = ::open(temporary_.c_str(), flags, 0666);
    if (fd_ < 0) {
        throw file_error(fmt::format("cannot write `{}` (through `{}`): {}", path_, temporary_, std::strerror(errno)));
    }
    struct stat st{};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) fail("open");
}

bool output_file::resume(std::int64_t bytes, std::string_view expected_start) {
    buffer_.clear();
    struct stat st{};
    if (::fstat(fd_, &st) != 0) fail("resume");
    std::string head(expected_start.size(), '\0');
    bool starts_right = st.st_size >= static_cast<off_t>(head.size()) &&
                        ::pread(fd_, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size()) &&
                        head == expected_start;
    if (st.st_size > 0 && !starts_right) {
        throw file_error(fmt::format("cannot write `{}`: `{}` exists and was not written by credo; remove it", path_,
                                     temporary_));
    }
    bool resumed = bytes > 0 && starts_right && st.st_size >= bytes;
    std::int64_t keep = resumed ? bytes : 0;
    if (::ftruncate(fd_, keep) != 0 || ::lseek(fd_, keep, SEEK_SET) != keep) fail("resume");
    written_ = keep;
    return resumed || bytes == 0;
}

void output_file::write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= (1u << 20)) flush();
}

std::int64_t output_file::flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("write");
        done += static_cast<std::size_t>(n);
    }
    written_ += static_cast<std::int64_t>(buffer_.size());
    buffer_.clear();
    return written_;
}

void output_file::commit() {
    flush();
    if (::fsync(fd_) != 0) fail("sync");
    if (::close(fd_) != 0) {
        fd_ = -1;
        fail("close");
    }
    fd_ = -1;
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("rename");
    temporary_.clear();
    // The rename itself survives a power loss once the directory is synced.
    int dir = ::open(fs::path(target_).parent_path().c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void output_file::discard() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
}

void output_file::fail(const char *what) {
    throw file_error(fmt::format("cannot write `{}` ({} of `{}`): {}", path_, what, temporary_, std::strerror(errno)));
}

void write_output_file(const std::string &path, std::string_view text, const std::vector<kept_path> &keep) {
    output_file out(path, keep);
    out.write(text);
    out.commit();
}

}  // namespace credo::base
