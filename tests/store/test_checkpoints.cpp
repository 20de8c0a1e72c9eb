// SPDX-License-Identifier: Apache-2.0
// Signed checkpoints through the real `credo audit` commands on a real database: every way of
// tampering with the trail that the issue lists, verified with and without the public key.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <functional>
#include <string>
#include <vector>

#include "store/checkpoint.hpp"
#include "store_fixture.hpp"

using namespace credo::store;
using namespace credo::store::testing;
using credo::test::read_file;
using credo::test::run_credo;
using credo::test::temp_dir;
using credo::test::write_file;

namespace {

check_record sample(int i) {
    check_record c;
    c.at = "2026-01-02T03:04:05." + std::to_string(100 + i) + "Z";
    c.querier = "发展改革委";
    c.subject_id = i % 2 ? org1 : person1;
    c.scenario = "bond_issuance";
    c.as_of = *credo::date::parse("2024-05-01");
    c.verdict = i % 3 ? "none" : "strict_review";
    c.rules_version = "rules-1";
    c.store_version = i;
    c.decision_digest = "digest-" + std::to_string(i);
    return c;
}

void raw(const std::string &path, const std::string &sql) {
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char *message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

void append(const std::string &path, int from, int to) {
    auto db = store::open(path);
    std::vector<check_record> batch;
    for (int i = from; i <= to; ++i) batch.push_back(sample(i));
    db.append_checks(batch);
}

// What someone with write access and the (keyless, public) hash function does to hide a change:
// drops the triggers, empties the trail and appends `rows` again, so every hash is recomputed.
void rewrite_trail(const std::string &path, const std::function<void(std::vector<check_record> &)> &edit) {
    std::vector<check_record> rows;
    {
        auto db = store::open(path);
        for (std::int64_t id = 1;; ++id) {
            auto c = db.find_check(id);
            if (!c) break;
            rows.push_back(*c);
        }
    }
    edit(rows);
    raw(path, "DROP TRIGGER checks_keep; DELETE FROM checks");
    auto db = store::open(path);
    db.append_checks(rows);
}

struct trail {
    temp_dir dir;
    std::string db = dir.file("a.db");
    std::string key = dir.file("key.pem");
    std::string pub = dir.file("pub.pem");
    std::string exported = dir.file("checkpoints.txt");
    std::vector<std::string> checkpoint_lines;

    // Checks 1..10 with checkpoints after check 5 and after check 10, exported to a file.
    trail() {
        REQUIRE(run_credo({"audit", "keygen", "--out", key, "--pubout", pub}).exit_code == 0);
        append(db, 1, 5);
        checkpoint();
        append(db, 6, 10);
        checkpoint();
        auto out = run_credo({"audit", "checkpoints", "--db", db});
        REQUIRE(out.exit_code == 0);
        write_file(exported, out.out);
    }
    void checkpoint() {
        auto r = run_credo({"audit", "checkpoint", "--db", db, "--key", key});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        checkpoint_lines.push_back(r.out);
    }
    credo::test::process_result verify(bool with_key, bool with_file = false) const {
        std::vector<std::string> args = {"audit", "verify", "--db", db};
        if (with_key) args.insert(args.end(), {"--pubkey", pub});
        if (with_file) args.insert(args.end(), {"--checkpoints", exported});
        return run_credo(args);
    }
};

bool contains(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("an untampered trail verifies clean against its signed checkpoints") {
    trail t;
    CHECK(t.checkpoint_lines.size() == 2);
    auto r = t.verify(true, true);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "audit trail intact: 10 checks\n"
                   "2 checkpoints verified with the public key; checks 1..10 match what was signed\n");
    CHECK(r.err.empty());
    // The export repeats what `checkpoint` printed, one line each: seq head_hash time signature.
    CHECK(read_file(t.exported) == t.checkpoint_lines[0] + t.checkpoint_lines[1]);
    auto first = t.checkpoint_lines[0];
    CHECK(first.substr(0, 2) == "5 ");
    CHECK(first.size() == 2 + 64 + 1 + 24 + 1 + 88 + 1);
    auto without_key = t.verify(false);
    CHECK(without_key.exit_code == 0);
    CHECK(contains(without_key.out, "signatures NOT checked"));
    CHECK(contains(without_key.err, "without --pubkey"));
}

TEST_CASE("tamper variants detected with and without the public key") {
    struct variant {
        const char *name;
        std::function<void(trail &)> tamper;
        bool with_file;
        bool detected_with_key, detected_without_key;
        const char *names;  // what the report must say, with the key
    };
    std::vector<variant> variants = {
        {"tail deleted",
         [](trail &t) { raw(t.db, "DROP TRIGGER checks_keep; DELETE FROM checks WHERE id > 8"); }, false, true, true,
         "checks 9..10 are missing: checkpoint 2 (checks 1..10"},
        {"row edited and the whole chain recomputed",
         [](trail &t) { rewrite_trail(t.db, [](auto &rows) { rows[6].verdict = "none_forged"; }); }, false, true, true,
         "check 10: its hash differs from the one signed in checkpoint 2 (checks 1..10"},
        {"middle row deleted, the rest renumbered and the chain recomputed",
         [](trail &t) { rewrite_trail(t.db, [](auto &rows) { rows.erase(rows.begin() + 2); }); }, false, true, true,
         "check 5: its hash differs from the one signed in checkpoint 1 (checks 1..5"},
        {"forged row appended that does not chain",
         [](trail &t) {
             raw(t.db, "INSERT INTO checks (id, at, querier, subject_id, scenario, as_of, verdict, rules_version, "
                       "store_version, decision_digest, prev_hash, hash) SELECT 11, at, querier, subject_id, scenario, "
                       "as_of, 'none', rules_version, store_version, decision_digest, 'forged', 'forged' FROM checks "
                       "WHERE id = 10");
         },
         false, true, true, "check 11: its previous hash does not match the hash of check 10"},
        {"tail and checkpoints deleted, verified against the exported checkpoints",
         [](trail &t) {
             raw(t.db, "DROP TRIGGER checkpoints_keep; DELETE FROM checkpoints; DROP TRIGGER checks_keep; "
                       "DELETE FROM checks WHERE id > 8");
         },
         true, true, true, "checkpoint on line 2 (checks 1..10, signed"},
        {"signature corrupted",
         [](trail &t) {
             raw(t.db, "DROP TRIGGER checkpoints_fixed; UPDATE checkpoints SET signature = (SELECT signature FROM "
                       "checkpoints WHERE id = 1) WHERE id = 2");
         },
         false, true, false, "checkpoint 2 (checks 1..10, signed"},
        {"chain recomputed and the checkpoints replaced by ones signed with another key",
         [](trail &t) {
             rewrite_trail(t.db, [](auto &rows) { rows[6].verdict = "none_forged"; });
             raw(t.db, "DROP TRIGGER checkpoints_keep; DELETE FROM checkpoints");
             std::string other = t.dir.file("other.pem");
             REQUIRE(run_credo({"audit", "keygen", "--out", other, "--pubout", t.dir.file("other.pub")}).exit_code ==
                     0);
             REQUIRE(run_credo({"audit", "checkpoint", "--db", t.db, "--key", other}).exit_code == 0);
         },
         false, true, false, "bad signature"},
        {"row edited in place", [](trail &t) { raw(t.db, "DROP TRIGGER checks_fixed; UPDATE checks SET verdict = "
                                                          "'forged' WHERE id = 4"); },
         false, true, true, "check 4: its hash does not match its content"},
        {"middle row deleted", [](trail &t) { raw(t.db, "DROP TRIGGER checks_keep; DELETE FROM checks WHERE id = 3"); },
         false, true, true, "check 4 follows check 2: rows are missing"},
        // The limits docs/audit.md states: checkpoints kept only in the database go with it, and
        // rows after the last checkpoint are only as good as the (keyless) chain.
        {"tail and checkpoints deleted, no exported checkpoints",
         [](trail &t) {
             raw(t.db, "DROP TRIGGER checkpoints_keep; DELETE FROM checkpoints; DROP TRIGGER checks_keep; "
                       "DELETE FROM checks WHERE id > 8");
         },
         false, false, false, ""},
        {"forged row appended that chains, after the last checkpoint", [](trail &t) { append(t.db, 11, 11); }, false,
         false, false, ""},
    };
    int with_key = 0, without_key = 0;
    for (auto &v : variants) {
        std::string name = v.name;
        CAPTURE(name);
        trail t;
        v.tamper(t);
        auto keyed = t.verify(true, v.with_file);
        auto keyless = t.verify(false, v.with_file);
        INFO("with key: " << keyed.out << keyed.err);
        INFO("without key: " << keyless.out << keyless.err);
        CHECK(keyed.exit_code == (v.detected_with_key ? 1 : 0));
        CHECK(keyless.exit_code == (v.detected_without_key ? 1 : 0));
        if (v.detected_with_key) {
            CHECK(keyed.out.starts_with("audit trail broken: "));
            CHECK(contains(keyed.out, v.names));
        }
        with_key += keyed.exit_code == 1;
        without_key += keyless.exit_code == 1;
        // A checkpoint is never signed over a trail that does not verify.
        if (v.detected_with_key && std::string(v.name) != "tail and checkpoints deleted, verified against the "
                                                             "exported checkpoints") {
            auto sign = run_credo({"audit", "checkpoint", "--db", t.db, "--key", t.key});
            CHECK(sign.exit_code == 1);
            CHECK(sign.err.starts_with("credo: refusing to sign a checkpoint: the audit trail does not verify: "));
        }
    }
    MESSAGE("tamper variants detected: " << with_key << " of " << variants.size() << " with the public key, "
                                         << without_key << " without");
    CHECK(with_key == 9);
    CHECK(without_key == 7);
}

TEST_CASE("a trail shortened and renumbered is named at the checkpoint it no longer reaches") {
    trail t;
    rewrite_trail(t.db, [](auto &rows) { rows.erase(rows.begin() + 2); });
    auto r = t.verify(true);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "checks 10..10 are missing: checkpoint 2 (checks 1..10"));
    CHECK(contains(r.out, "checks 1..5 were rewritten and the chain recomputed"));
}

TEST_CASE("rows renumbered without recomputing are found where they moved") {
    trail t;
    raw(t.db, "DROP TRIGGER checks_keep; DROP TRIGGER checks_fixed; DELETE FROM checks WHERE id = 3; "
              "UPDATE checks SET id = id - 1 WHERE id > 3");
    auto r = t.verify(true);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "check 5: the row signed as check 5 in checkpoint 1 (checks 1..5, signed "));
    CHECK(contains(r.out, "is now check 4: rows before it were deleted and the rest renumbered"));
}

TEST_CASE("credo audit refuses bad keys and checkpoint files with exit 2") {
    trail t;
    auto again = run_credo({"audit", "keygen", "--out", t.key, "--pubout", t.dir.file("p2.pem")});
    CHECK(again.exit_code == 2);
    CHECK(again.err == "credo: `" + t.key + "` already exists; credo does not overwrite a key file\n");
    struct stat st{};
    REQUIRE(::stat(t.key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    auto private_as_public = run_credo({"audit", "verify", "--db", t.db, "--pubkey", t.key});
    CHECK(private_as_public.exit_code == 2);
    CHECK(contains(private_as_public.err, "is not a PEM public key"));

    write_file(t.dir.file("rsa.pem"), "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
    CHECK(run_credo({"audit", "verify", "--db", t.db, "--pubkey", t.dir.file("rsa.pem")}).exit_code == 2);
    CHECK(run_credo({"audit", "checkpoint", "--db", t.db, "--key", t.pub}).exit_code == 2);

    std::string bad = t.dir.file("bad.txt");
    write_file(bad, "# kept by the archive\n5 abc 2026-01-01T00:00:00.000Z AAAA\n");
    auto r = run_credo({"audit", "verify", "--db", t.db, "--checkpoints", bad});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "credo: " + bad +
                       ":2: the head hash is not 64 lowercase hexadecimal digits; expected `seq head_hash time "
                       "signature_base64`\n");
    auto missing = run_credo({"audit", "verify", "--db", t.db, "--checkpoints", t.dir.file("none.txt")});
    CHECK(missing.exit_code == 2);
}

TEST_CASE("a checkpoint file line whose time was changed fails its signature") {
    trail t;
    std::string text = read_file(t.exported);
    auto at = text.find("2026-");
    REQUIRE(at != std::string::npos);
    text[at + 3] = '7';  // 2027
    write_file(t.exported, text);
    auto r = t.verify(true, true);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "checkpoint on line 1 (checks 1..5, signed 2027-"));
    CHECK(contains(r.out, "bad signature"));
}

TEST_CASE("an empty trail can be checkpointed and verifies") {
    temp_dir dir;
    std::string db = dir.file("e.db");
    REQUIRE(run_credo({"audit", "keygen", "--out", dir.file("k.pem"), "--pubout", dir.file("p.pem")}).exit_code == 0);
    { auto s = store::open(db); }
    auto c = run_credo({"audit", "checkpoint", "--db", db, "--key", dir.file("k.pem")});
    CHECK(c.exit_code == 0);
    CHECK(c.out.starts_with("0 " + std::string(64, '0') + " "));
    auto v = run_credo({"audit", "verify", "--db", db, "--pubkey", dir.file("p.pem")});
    CHECK(v.exit_code == 0);
    CHECK(v.out.starts_with("audit trail intact: 0 checks\n"));
}
