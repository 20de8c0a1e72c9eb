// SPDX-License-Identifier: Apache-2.0
#include "credo/text.hpp"

#include "base/utf8.hpp"

namespace credo {

std::size_t find_invalid_utf8(std::string_view text) { return base::find_invalid_utf8(text); }

}  // namespace credo
