# SPDX-License-Identifier: Apache-2.0
# Warnings are errors on credo's own code; third-party headers come in as system headers.
function(credo_strict_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Werror>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic -Werror>)
endfunction()
