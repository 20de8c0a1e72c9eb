# SPDX-License-Identifier: Apache-2.0
# Debian packages with CPack (`./x deb`, or `cpack -G DEB` in a build folder), one per install
# component, laid out as Debian lays out a C library:
#   libcredo1     the shared library libcredo.so.1 (component `library`)
#   libcredo-dev  headers, libcredo.so, libcredo.a, the CMake package and credo.pc (`development`)
#   credo         the `credo` tool, its man page and the shipped rules (`cli`)
# dpkg-shlibdeps works out what the binaries need; the -dev package adds what a static link and
# the C++ headers need.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME credo)
set(CPACK_PACKAGE_VENDOR "credo")
set(CPACK_PACKAGE_CONTACT "credo maintainers <credo@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_COMPONENTS_ALL library development cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_LIBRARY_PACKAGE_NAME libcredo1)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_SECTION libs)
set(CPACK_COMPONENT_LIBRARY_DESCRIPTION
  "rules engine for joint incentives and joint punishment - shared library\n The C ABI of credo (libcredo.so.1): must-query checks against red and black lists\n under the cooperation memorandums, with explanations and an audit trail.")
# A shlibs file, so that packages built against libcredo1 depend on it, and ldconfig triggers.
set(CPACK_DEBIAN_LIBRARY_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_GENERATE_SHLIBS ON)

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libcredo-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEVELOPMENT_DEPENDS library)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "libsqlite3-dev, libfmt-dev, libssl-dev")
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION
  "rules engine for joint incentives and joint punishment - development files\n Headers of the C API (credo/credo.h) and the C++ API, the static library, the\n CMake package (find_package(credo): credo::credo, credo::credo_cxx) and credo.pc.")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME credo)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION
  "rules engine for joint incentives and joint punishment - command-line tool\n The credo tool (check, import, lint, test, report, audit, ...) with the shipped\n rules of the national memorandums under /usr/share/credo/rules.")

include(CPack)
