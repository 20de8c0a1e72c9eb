// SPDX-License-Identifier: Apache-2.0
// `credo fmt`: print, --check and --write over files and directories.
#include <doctest/doctest.h>
#include <filesystem>

#include "support/process.hpp"

using credo::test::read_file;
using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {
const std::string messy = "role   a \"A\"\n\nrole b \"B\" {}\n";
const std::string clean = "role a \"A\"\nrole b \"B\"\n";
}  // namespace

TEST_CASE("credo fmt prints the canonical text of a file") {
    temp_dir dir;
    write_file(dir.file("a.credo"), messy);
    auto r = run_credo({"fmt", dir.file("a.credo")});
    CHECK(r.exit_code == 0);
    CHECK(r.out == clean);
    CHECK(r.err.empty());
    CHECK(read_file(dir.file("a.credo")) == messy);
}

TEST_CASE("credo fmt over a directory prints each file after a `# ==>` line, in path order") {
    temp_dir dir;
    std::filesystem::create_directories(dir.file("sub"));
    write_file(dir.file("sub/b.credo"), "field f \"F\"");
    write_file(dir.file("a.credo"), messy);
    write_file(dir.file("notes.txt"), "not a rule file");
    auto r = run_credo({"fmt", dir.path()});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "# ==> " + dir.file("a.credo") + "\n" + clean + "# ==> " + dir.file("sub/b.credo") +
                       "\nfield f \"F\"\n");
}

TEST_CASE("credo fmt --check names the files that differ and exits 1") {
    temp_dir dir;
    write_file(dir.file("a.credo"), messy);
    write_file(dir.file("b.credo"), clean);
    auto r = run_credo({"fmt", "--check", dir.path()});
    CHECK(r.exit_code == 1);
    CHECK(r.out == dir.file("a.credo") + "\n");
    auto ok = run_credo({"fmt", "--check", dir.file("b.credo")});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.empty());
}

TEST_CASE("credo fmt --write rewrites files in place and then --check passes") {
    temp_dir dir;
    write_file(dir.file("a.credo"), messy);
    auto r = run_credo({"fmt", "--write", dir.path()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(read_file(dir.file("a.credo")) == clean);
    CHECK(run_credo({"fmt", "--check", dir.path()}).exit_code == 0);
}

TEST_CASE("credo fmt prints syntax errors to stderr and exits 1") {
    temp_dir dir;
    write_file(dir.file("bad.credo"), "list x \"n\" {\n  kind blak\n}\n");
    auto r = run_credo({"fmt", "--write", dir.file("bad.credo")});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("bad.credo:2:8: error[E0101]: expected `black` or `red` but found `blak`") != std::string::npos);
    CHECK(read_file(dir.file("bad.credo")) == "list x \"n\" {\n  kind blak\n}\n");
}

TEST_CASE("credo fmt on a path that does not exist exits 2") {
    auto r = run_credo({"fmt", "/nonexistent/rules.credo"});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "credo: cannot read `/nonexistent/rules.credo`: no such file or directory\n");
}

TEST_CASE("credo fmt --check and --write together are a usage error") {
    CHECK(run_credo({"fmt", "--check", "--write", "."}).exit_code == 2);
}
