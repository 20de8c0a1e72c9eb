// SPDX-License-Identifier: Apache-2.0
// Runs a program (usually the real `credo` binary) and captures what it printed and returned.
#pragma once

#include <string>
#include <vector>

namespace credo::test {

struct process_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `program` with `args` (no shell involved), feeding `input` on stdin.
process_result run_process(const std::string &program, const std::vector<std::string> &args,
                           const std::string &input = {});

// Runs the `credo` tool built alongside the tests.
inline process_result run_credo(const std::vector<std::string> &args, const std::string &input = {}) {
    return run_process(CREDO_CLI, args, input);
}

// A fresh, empty directory under the build tree, removed when the object dies.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir &) = delete;
    temp_dir &operator=(const temp_dir &) = delete;
    const std::string &path() const { return path_; }
    std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string read_file(const std::string &path);
void write_file(const std::string &path, const std::string &content);

}  // namespace credo::test
