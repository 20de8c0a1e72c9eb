# SPDX-License-Identifier: Apache-2.0
# cmake -DABIDIFF=abidiff -DLIBRARY=libcredo.so.1 -DBASELINE=abi/libcredo.so.1.abi
#       -DHEADERS=capi/include/credo -P check_abi.cmake
# Compares the built library's exported interface (the functions and types of credo.h) with the
# committed baseline. abidiff's exit status is a bit field (1 tool error, 2 usage error, 4 an
# ABI change, 8 a removed symbol), and 4 covers both additions and changed types, so the
# summary lines decide: anything removed or changed fails, additions pass with a note.
execute_process(
  COMMAND ${ABIDIFF} --headers-dir2 ${HEADERS} --drop-private-types --exported-interfaces-only
          ${BASELINE} ${LIBRARY}
  OUTPUT_VARIABLE report ERROR_VARIABLE report RESULT_VARIABLE rc)
set(broken FALSE)
foreach(what IN ITEMS "Functions changes summary" "Variables changes summary"
                      "Function symbols changes summary" "Variable symbols changes summary")
  if(report MATCHES "${what}: ([0-9]+) Removed(, ([0-9]+) Changed)?")
    if(NOT CMAKE_MATCH_1 EQUAL 0 OR (CMAKE_MATCH_3 AND NOT CMAKE_MATCH_3 EQUAL 0))
      set(broken TRUE)
    endif()
  endif()
endforeach()
if(rc EQUAL 0)
  message(STATUS "the ABI of ${LIBRARY} is that of ${BASELINE}")
elseif(broken OR rc GREATER_EQUAL 8)
  message(FATAL_ERROR "incompatible ABI change against ${BASELINE}:\n${report}\n"
    "If this break is deliberate it needs a new SONAME (see abi/README.md); otherwise restore the "
    "old signature or layout and add a new function or struct version instead.")
elseif(rc EQUAL 4)
  message(STATUS "compatible ABI additions (refresh the baseline: abi/README.md):\n${report}")
else()
  message(FATAL_ERROR "abidiff failed (status ${rc}):\n${report}")
endif()
