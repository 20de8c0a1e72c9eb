// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: parse anything without crashing; for input that parses cleanly, the
// formatted text must parse cleanly to the same meaning and format to itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "diag/diagnostic.hpp"
#include "syntax/format.hpp"
#include "syntax/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace credo;
    diag::source_map sources;
    diag::diagnostics diags;
    auto id = sources.add("fuzz.credo", std::string(reinterpret_cast<const char *>(data), size));
    auto file = syntax::parse(sources, id, diags);
    for (const auto &d : diags.items()) (void)diag::render(d, sources);
    std::string once = syntax::format(file, sources);
    if (diags.has_errors()) return 0;

    diag::source_map again_sources;
    diag::diagnostics again_diags;
    auto again_id = again_sources.add("formatted.credo", once);
    auto again = syntax::parse(again_sources, again_id, again_diags);
    if (again_diags.has_errors()) {
        std::fprintf(stderr, "formatted text does not parse:\n%s\n", once.c_str());
        for (const auto &d : again_diags.items()) std::fputs(diag::render(d, again_sources).c_str(), stderr);
        std::abort();
    }
    if (!syntax::same_meaning(file, again)) {
        std::fprintf(stderr, "formatting changed the meaning:\n%s\n", once.c_str());
        std::abort();
    }
    std::string twice = syntax::format(again, again_sources);
    if (twice != once) {
        std::fprintf(stderr, "formatting is not idempotent:\n--- once\n%s\n--- twice\n%s\n", once.c_str(),
                     twice.c_str());
        std::abort();
    }
    return 0;
}
