# SPDX-License-Identifier: Apache-2.0
# Warnings on credo's own code; third-party headers come in as system headers. They are errors
# with CREDO_WERROR (on in the presets ./x and CI build with; off by default, so that a
# packager's newer compiler does not fail the build over a new warning). The asan preset turns
# them off: GCC 12 at -O1 with the sanitizers reports -Wmaybe-uninitialized inside libstdc++'s
# <regex>, which the default (GCC) and fuzz (clang) builds do not.
option(CREDO_WERROR "treat compiler warnings in credo's own code as errors" OFF)
function(credo_strict_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>)
  if(CREDO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
