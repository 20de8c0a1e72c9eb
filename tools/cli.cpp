// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the command-line tool.
#include "cli.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <streambuf>
#include <unistd.h>
#include <map>
#include <string>

namespace credo::cli {

namespace {

std::map<std::string, command_adder> &registry() {
    static std::map<std::string, command_adder> commands;
    return commands;
}

}  // namespace

command_registration::command_registration(const char *name, command_adder adder) { registry()[name] = adder; }

void add_registered_commands(CLI::App &app, context &ctx) {
    for (const auto &[name, adder] : registry()) adder(app, ctx);
}

void report_error(const std::string &message) {
    std::string shown = isatty(2) ? terminal_safe(message) : message;
    std::fprintf(stderr, "credo: %s\n", shown.c_str());
}

namespace {

bool is_control(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F; }
// The second byte of a C1 control (U+0080 to U+009F is 0xC2 0x80 to 0xC2 0x9F in UTF-8).
bool is_c1_second(unsigned char c) { return c >= 0x80 && c <= 0x9F; }

// A stream buffer that writes through to another one with terminal_safe applied; a 0xC2 at the
// end of one write waits for the next byte to tell a C1 control from a letter such as `é`.
class terminal_safe_buffer : public std::streambuf {
public:
    explicit terminal_safe_buffer(std::streambuf *target) : target_(target) {}

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        char ch = traits_type::to_char_type(c);
        put(std::string_view(&ch, 1));
        return c;
    }
    std::streamsize xsputn(const char *s, std::streamsize n) override {
        put(std::string_view(s, static_cast<std::size_t>(n)));
        return n;
    }
    int sync() override {
        if (pending_c2_) target_->sputc('\xC2');
        pending_c2_ = false;
        return target_->pubsync();
    }

private:
    void put(std::string_view text) {
        std::string out;
        for (char ch : text) {
            auto c = static_cast<unsigned char>(ch);
            if (pending_c2_) {
                pending_c2_ = false;
                if (is_c1_second(c)) {
                    out += fmt::format("\\xc2\\x{:02x}", c);
                    continue;
                }
                out += '\xC2';
            }
            if (c == 0xC2) pending_c2_ = true;
            else if (is_control(c)) out += fmt::format("\\x{:02x}", c);
            else out += ch;
        }
        target_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
    }
    std::streambuf *target_;
    bool pending_c2_ = false;
};

}  // namespace

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xC2 && i + 1 < text.size() && is_c1_second(static_cast<unsigned char>(text[i + 1]))) {
            out += fmt::format("\\xc2\\x{:02x}", static_cast<unsigned char>(text[++i]));
        } else if (is_control(c)) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += text[i];
        }
    }
    return out;
}

void neutralise_terminal_output() {
    // Never destroyed: the standard streams flush through their buffers after every static
    // object is gone (std::ios_base::Init's destructor runs last), so a static buffer would be
    // used after its destruction (a crash at exit under AddressSanitizer).
    if (isatty(1)) {
        static auto *out = new terminal_safe_buffer(std::cout.rdbuf());
        std::cout.rdbuf(out);
    }
    if (isatty(2)) {
        static auto *err = new terminal_safe_buffer(std::cerr.rdbuf());
        std::cerr.rdbuf(err);
    }
}

}  // namespace credo::cli
