# SPDX-License-Identifier: Apache-2.0
# cmake -DSOURCES=capi/src -P check_includes.cmake
# Fails when a file of the C layer includes a project header other than the public C++ API
# (`credo/...`): the C ABI wraps the C++ API and reaches nothing below it (issue 14).
file(GLOB files ${SOURCES}/*.cpp ${SOURCES}/*.hpp ${SOURCES}/*.h)
if(NOT files)
  message(FATAL_ERROR "no sources in ${SOURCES}")
endif()
set(bad)
foreach(f IN LISTS files)
  file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    if(NOT line MATCHES "#[ \t]*include[ \t]*\"credo/[a-z_]+\\.(h|hpp)\"")
      list(APPEND bad "${f}: ${line}")
    endif()
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " shown)
  message(FATAL_ERROR "the C layer includes headers outside the public API:\n  ${shown}")
endif()
list(LENGTH files count)
message(STATUS "${count} files of the C layer include only credo/*.h and credo/*.hpp")
