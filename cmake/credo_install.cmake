# SPDX-License-Identifier: Apache-2.0
# `cmake --install`: libcredo.so.1 (credo::credo, C), libcredo.a (credo::credo_cxx, C++ and C), the
# headers, the `credo` tool, a CMake package (find_package(credo)) and credo.pc for pkg-config.
# Both package files are relocatable: the tree may be installed under any prefix.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CREDO_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/credo)

# The static library's usage requirements live on credo_deps, so it travels with the export.
target_include_directories(credo_deps INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(credo_deps PROPERTIES EXPORT_NAME deps)
# The public C++ headers use C++20 (std::span, designated initialisers in the examples).
target_compile_features(credo_deps INTERFACE cxx_std_20)

install(TARGETS credo credo_deps credo_shared
  EXPORT credoTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library NAMELINK_COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS credo_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/credo.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)
# The shipped rules, with their calendars and departments file, where an installed `credo`
# looks for them when neither --rules nor $CREDO_RULES is given (tools/rules_option.hpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/credo/rules COMPONENT cli
  PATTERN "tests" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/capi/include/credo/credo.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/credo COMPONENT development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/credo/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/credo COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT credoTargets NAMESPACE credo:: DESTINATION ${CREDO_INSTALL_CMAKEDIR} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/credoConfig.cmake.in
  ${PROJECT_BINARY_DIR}/credoConfig.cmake
  INSTALL_DESTINATION ${CREDO_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the C++ API; the C ABI has its own guarantee (SONAME).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/credoConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/credoConfig.cmake ${PROJECT_BINARY_DIR}/credoConfigVersion.cmake
  DESTINATION ${CREDO_INSTALL_CMAKEDIR} COMPONENT development)

set(CREDO_ABI_VERSION 1)
# From <libdir>/pkgconfig back to the prefix, whatever the libdir's depth (lib, lib/x86_64-linux-gnu).
file(RELATIVE_PATH CREDO_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/credo.pc.in ${PROJECT_BINARY_DIR}/credo.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/credo.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)

include(credo_package)  # cpack -G DEB: libcredo1, libcredo-dev, credo
