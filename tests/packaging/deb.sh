#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian packages as a user gets them (issue 14): builds them with CPack from BUILD_DIR,
# installs libcredo1, libcredo-dev and credo with dpkg -i, builds the C example against /usr
# with pkg-config and with find_package(credo) (shared and static), runs it and the installed
# `credo check` without --rules on the C API tests' fixture database, then removes the
# packages again, also when a step fails. Needs root (dpkg); run by `./x deb` and CI.
#
#   tests/packaging/deb.sh [BUILD_DIR]   (default build/default)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build/default}" && pwd)
fixture=$build/tests/capi/fixture.db
[[ $(id -u) -eq 0 ]] || { echo "deb.sh: dpkg -i needs root" >&2; exit 2; }
[[ -f $fixture ]] || { echo "deb.sh: no $fixture (run the tests of $build first)" >&2; exit 2; }
if dpkg-query -W -f='${Status}' libcredo1 2>/dev/null | grep -q 'install ok installed'; then
  echo "deb.sh: libcredo1 is installed already; remove it first (dpkg -P credo libcredo-dev libcredo1)" >&2
  exit 2
fi

rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/packages/*.deb)
((${#debs[@]} == 3)) || { echo "deb.sh: expected 3 packages, got: ${debs[*]}" >&2; exit 1; }
for deb in "${debs[@]}"; do
  echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version), depends: $(dpkg-deb -f "$deb" Depends)"
done

work=$(mktemp -d)
cleanup() {
  dpkg -P credo libcredo-dev libcredo1 >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
dpkg -i "${debs[@]}" >/dev/null

fail() { echo "deb.sh: $*" >&2; exit 1; }
[[ -e /usr/share/credo/rules/vocabulary.credo ]] || fail "the rules are not under /usr/share/credo/rules"
[[ -e /usr/share/man/man1/credo.1 ]] || fail "no man page"
[[ $(dpkg -S /usr/include/credo/credo.h) == libcredo-dev:* ]] || fail "credo.h is not in libcredo-dev"
[[ $(dpkg -S "$(readlink -f /usr/lib/libcredo.so.1 2>/dev/null || readlink -f /usr/lib/*/libcredo.so.1)") == libcredo1:* ]] ||
  fail "libcredo.so.1 is not in libcredo1"

listed=91440300MA5F0000X1
day=2025-06-01
expect_refused() {  # expect_refused PROGRAM: the C example refuses the listed subject
  cp "$fixture" "$work/run.db"
  local status=0 out
  out=$("$1" /usr/share/credo/rules "$work/run.db" "$listed" government_procurement 县财政局 "$day") || status=$?
  [[ $status == 1 && $out == *REFUSED* ]] || fail "$1: exit $status, expected 1 and REFUSED: $out"
  echo "$(basename "$1"): REFUSED, as expected"
}

# pkg-config, from the system's search path.
cc -std=c99 -Wall -Wextra -pedantic -Werror "$root/examples/c/approval.c" -o "$work/approval_pc" \
  $(pkg-config --cflags --libs credo)
expect_refused "$work/approval_pc"

# find_package(credo) with no prefix path: the package's files under /usr.
cmake -S "$root/examples" -B "$work/examples" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$work/examples" >/dev/null
expect_refused "$work/examples/approval"
if ldd "$work/examples/approval_static" | grep -q 'libcredo\.so'; then fail "approval_static loads libcredo.so"; fi
expect_refused "$work/examples/approval_static"

# The installed credo, with no rule directory at hand and no $CREDO_RULES.
cp "$fixture" "$work/run.db"
out=$(cd "$work" && env -u CREDO_RULES credo check --db "$work/run.db" --subject "$listed" \
  --scenario government_procurement --at "$day" --no-audit)
[[ $out == "verdict: prohibit"* ]] || fail "credo check without --rules: $out"
echo "credo check without --rules: $(head -1 <<<"$out")"
echo "deb.sh: the packages install, their consumers build and run against /usr, and they remove cleanly"
