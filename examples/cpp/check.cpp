// SPDX-License-Identifier: Apache-2.0
// The C++ API used directly (include/credo/engine.hpp): open an engine, check, print why, and
// the decision as JSON.
//
//   check_cpp RULES_DIR DB SUBJECT SCENARIO [AS_OF]
#include <credo/engine.hpp>

#include <cstdio>
#include <string>

int main(int argc, char **argv) {
    if (argc < 5 || argc > 6) {
        std::fprintf(stderr, "usage: check_cpp RULES_DIR DB SUBJECT SCENARIO [AS_OF]\n");
        return 2;
    }
    credo::engine_options options;
    options.rules_dir = argv[1];
    options.db_path = argv[2];
    options.audit = false;  // a look-up, not a case: nothing for the audit trail
    auto opened = credo::engine::open(options);
    if (!opened) {
        std::fprintf(stderr, "check_cpp: %s\n", opened.error().message.c_str());
        return 2;
    }
    credo::engine &engine = *opened;

    credo::query q;
    q.subject = argv[3];
    q.scenario = argv[4];
    if (argc == 6) {
        std::string why;
        q.as_of = credo::date::parse(argv[5], &why);
        if (!q.as_of) {
            std::fprintf(stderr, "check_cpp: %s: %s\n", argv[5], why.c_str());
            return 2;
        }
    }
    credo::decision d;  // reuse one per thread
    if (auto s = engine.check(q, d); !s) {
        std::fprintf(stderr, "check_cpp: %s: %s\n", std::string(credo::to_string(s.error().code)).c_str(),
                     s.error().message.c_str());
        return 2;
    }
    std::printf("verdict %s%s\n", d.verdict.c_str(), d.escalated ? " (escalated)" : "");
    for (const auto &m : d.measures) {
        std::printf("  %s [%s, %s] %s\n", m.measure.c_str(), m.effect.c_str(), m.binding.c_str(), m.text.c_str());
        if (m.because)
            std::printf("      because: %s since %s\n", m.because->list.c_str(), m.because->listed_on.to_string().c_str());
    }
    std::printf("%s\n", d.to_json().c_str());
    return 0;
}
