#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives the packaging tests: install into a temporary prefix, build the examples against the
# installed tree (CMake find_package and pkg-config), and run them on a copy of the fixture DB.
#   run.sh install BUILD_DIR PREFIX
#   run.sh cmake PREFIX EXAMPLES_DIR BUILD_DIR
#   run.sh pkg-config PREFIX SOURCE OUTPUT
#   run.sh example EXPECTED_STATUS FIXTURE_DB WORK_DB PROGRAM ARGS...   (@DB@ in ARGS is WORK_DB)
#   run.sh static-example PROGRAM EXPECTED_STATUS FIXTURE_DB WORK_DB PROGRAM ARGS...  (PROGRAM does
#                         not load libcredo.so)
#   run.sh installed-rules PREFIX WORK_DIR
# Compiler and flags come from the environment (CC, CXX, CFLAGS, CXXFLAGS, LDFLAGS), so the
# sanitizer build checks its own installed tree.
set -euo pipefail

command=$1
shift
case $command in
  install)
    build=$1 prefix=$2
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix" >/dev/null
    libdir=$(cd "$prefix" && ls -d lib*/ | head -n1)
    libdir=$prefix/${libdir%/}
    [[ -d $libdir/x86_64-linux-gnu ]] && libdir=$libdir/x86_64-linux-gnu
    for f in "$libdir/libcredo.a" "$libdir/libcredo.so.1" "$libdir/libcredo.so" \
             "$prefix/include/credo/credo.h" "$prefix/include/credo/engine.hpp" "$prefix/include/credo/date.hpp" \
             "$libdir/cmake/credo/credoConfig.cmake" "$libdir/cmake/credo/credoConfigVersion.cmake" \
             "$libdir/cmake/credo/credoTargets.cmake" "$libdir/pkgconfig/credo.pc" "$prefix/bin/credo" \
             "$prefix/share/credo/rules/vocabulary.credo" "$prefix/share/credo/rules/departments.csv"; do
      [[ -e $f ]] || { echo "run.sh: the install lacks $f" >&2; exit 1; }
    done
    # The shared library's file name follows its SONAME (libcredo.so.1.MINOR.PATCH).
    real=$(readlink -f "$libdir/libcredo.so.1")
    [[ $(basename "$real") == libcredo.so.1.*.* ]] || { echo "run.sh: libcredo.so.1 is $real" >&2; exit 1; }
    [[ ! -e $prefix/share/credo/rules/tests ]] || { echo "run.sh: the rule tests were installed" >&2; exit 1; }
    # No private header of the implementation is installed.
    if find "$prefix/include" -name '*.hpp' | xargs grep -l 'sema/\|store/\|syntax/' >/dev/null 2>&1; then
      echo "run.sh: an installed header includes a private one" >&2
      exit 1
    fi
    echo "installed into $prefix"
    ;;
  cmake)
    prefix=$1 source=$2 build=$3
    rm -rf "$build"
    cmake -S "$source" -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_FLAGS="${CFLAGS:-}" -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" -DCMAKE_EXE_LINKER_FLAGS="${LDFLAGS:-}" >/dev/null
    cmake --build "$build" -j 2
    ;;
  pkg-config)
    prefix=$1 source=$2 output=$3
    pc_dir=$(dirname "$(find "$prefix" -name credo.pc | head -n1)")
    export PKG_CONFIG_PATH=$pc_dir
    echo "pkg-config: credo $(pkg-config --modversion credo): $(pkg-config --cflags --libs credo)"
    # shellcheck disable=SC2046,SC2086
    ${CC:-cc} -std=c99 -Wall -Wextra -pedantic -Werror ${CFLAGS:-} "$source" -o "$output" \
      $(pkg-config --cflags --libs credo) -Wl,-rpath,"$(pkg-config --variable=libdir credo)" ${LDFLAGS:-}
    ;;
  installed-rules)
    # An installed credo, run from a directory without rules and without $CREDO_RULES, reads
    # the rules installed under <prefix>/share/credo; --rules still wins.
    prefix=$1 work=$2
    rm -rf "$work" && mkdir -p "$work" && cd "$work"
    env -u CREDO_RULES "$prefix/bin/credo" lint
    env -u CREDO_RULES "$prefix/bin/credo" deadline --decided 2026-09-28
    if env -u CREDO_RULES "$prefix/bin/credo" lint "$work/none" 2>/dev/null; then
      echo "run.sh: the rule directory given was not used" >&2
      exit 1
    fi
    ;;
  static-example)
    # The program must not need libcredo.so at run time: credo is linked in.
    program=$1
    shift
    if ldd "$program" | grep -q 'libcredo\.so'; then
      echo "run.sh: $program loads libcredo.so; it was to be linked statically" >&2
      exit 1
    fi
    exec "$0" example "$@"
    ;;
  example)
    expected=$1 fixture=$2 work=$3
    shift 3
    mkdir -p "$(dirname "$work")"
    cp "$fixture" "$work"
    args=()
    for a in "$@"; do args+=("${a//@DB@/$work}"); done
    status=0
    "${args[@]}" || status=$?
    if [[ $status != "$expected" ]]; then
      echo "run.sh: ${args[*]}: exit status $status, expected $expected" >&2
      exit 1
    fi
    ;;
  *)
    echo "run.sh: unknown command $command" >&2
    exit 2
    ;;
esac
