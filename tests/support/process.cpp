// SPDX-License-Identifier: Apache-2.0
// posix_spawn with three pipes, read concurrently through poll so that no pipe fills up.
#include "support/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace credo::test {

process_result run_process(const std::string &program, const std::vector<std::string> &args, const std::string &input) {
    std::signal(SIGPIPE, SIG_IGN);  // a child that exits early must not kill the test
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
        posix_spawn_file_actions_addclose(&actions, fd);
    }
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(program.c_str()));
    for (const auto &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));

    process_result result;
    std::size_t written = 0;
    if (input.empty()) close(in_pipe[1]);
    bool in_open = !input.empty(), out_open = true, err_open = true;
    char buffer[65536];
    while (out_open || err_open || in_open) {
        pollfd fds[3];
        int n = 0;
        int out_index = -1, err_index = -1, in_index = -1;
        if (out_open) { fds[n] = {out_pipe[0], POLLIN, 0}; out_index = n++; }
        if (err_open) { fds[n] = {err_pipe[0], POLLIN, 0}; err_index = n++; }
        if (in_open) { fds[n] = {in_pipe[1], POLLOUT, 0}; in_index = n++; }
        if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("poll failed");
        }
        auto drain = [&](int index, int fd, std::string &sink, bool &open) {
            if (index < 0 || !(fds[index].revents & (POLLIN | POLLHUP | POLLERR))) return;
            ssize_t got = read(fd, buffer, sizeof buffer);
            if (got <= 0) {
                open = false;
                close(fd);
            } else {
                sink.append(buffer, static_cast<std::size_t>(got));
            }
        };
        drain(out_index, out_pipe[0], result.out, out_open);
        drain(err_index, err_pipe[0], result.err, err_open);
        if (in_index >= 0 && (fds[in_index].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t put = write(in_pipe[1], input.data() + written, input.size() - written);
            if (put > 0) written += static_cast<std::size_t>(put);
            if (put <= 0 || written == input.size()) {
                in_open = false;
                close(in_pipe[1]);
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

temp_dir::temp_dir() {
    std::string pattern = std::string(CREDO_BINARY_DIR) + "/test-tmp-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = buffer.data();
}

temp_dir::~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const std::string &path, const std::string &content) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << content;
}

}  // namespace credo::test
