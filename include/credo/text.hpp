// SPDX-License-Identifier: Apache-2.0
// Text checks every credo entry point applies to its string arguments.
#pragma once

#include <cstddef>
#include <string_view>

namespace credo {

// Byte offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF, no truncated sequence), or npos when `text` is valid.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace credo
