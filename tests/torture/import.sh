#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Kill -9 torture for `credo import`: a large synthetic list file (credo gen) is imported once
# without interruption, then TRIALS times into a fresh database, each time killed with SIGKILL
# at random moments (one to three kills) and re-run to completion. Every final database must
# pass PRAGMA integrity_check and hold exactly the rows of the uninterrupted import (entries,
# subjects, events, ids included; only timestamps differ), with no unfinished import left.
#
#   tests/torture/import.sh [TRIALS]   (default 20)
#
# Environment: CREDO, the credo binary (default build/default/tools/credo); TORTURE_ENTRIES,
# the entries credo gen writes over all lists (default 400000); TORTURE_SEED, the seed of the
# kill moments (default: the time). Needs the sqlite3 shell. Ends with `N passed, N failed`.
set -euo pipefail
trials=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
credo=${CREDO:-$root/build/default/tools/credo}
entries=${TORTURE_ENTRIES:-400000}
seed=${TORTURE_SEED:-$(date +%s)}
RANDOM=$seed
[[ -x $credo ]] || { echo "import.sh: no credo binary at $credo (build first, or set CREDO)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "import.sh: the sqlite3 shell is needed (Debian: sqlite3)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$credo" gen --rules "$root/rules" --entries "$entries" --relations 0 --out "$work/data" >"$work/gen.txt"
# The largest list file: the longest import.
read -r list file < <(while read -r l f; do
  [[ -f ${f:-} && $l != relations ]] && echo "$(stat -c %s "$f") $l $f"
done <"$work/gen.txt" | sort -n | tail -1 | cut -d' ' -f2-)
rows=$(($(wc -l <"$file") - 1))

import() {  # import DB: runs the import in the foreground
  "$credo" import --quiet --rules "$root/rules" --db "$1" --list "$list" "$file" >/dev/null
}

# The rows that must match: every column but the timestamps (`at`, `*_at`), in id order.
dump() {
  local db=$1 table columns
  for table in subjects entries events; do
    columns=$(sqlite3 "$db" "SELECT group_concat(name) FROM pragma_table_info('$table')
                             WHERE name <> 'at' AND name NOT LIKE '%\\_at' ESCAPE '\\'")
    echo "== $table"
    sqlite3 "$db" "SELECT $columns FROM $table ORDER BY 1"
  done
}

now_ms() { date +%s%3N; }

start=$(now_ms)
import "$work/reference.db"
reference_ms=$(($(now_ms) - start))
dump "$work/reference.db" >"$work/reference.txt"
echo "import torture: list $list, $rows rows ($(stat -c %s "$file") bytes), uninterrupted import ${reference_ms} ms, seed $seed"

passed=0 failed=0 kills=0 late=0
for ((trial = 1; trial <= trials; ++trial)); do
  db=$work/trial.db
  rm -f "$db" "$db-wal" "$db-shm"
  wanted=$((1 + RANDOM % 3))
  report=""
  for ((k = 1; k <= wanted; ++k)); do
    # A moment anywhere in the import, a little past its end included (then nothing is killed).
    delay_ms=$(((RANDOM * 32768 + RANDOM) % (reference_ms + reference_ms / 10 + 1)))
    import "$db" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?  # quiet: bash would report the kill
    if ((status == 137)); then
      kills=$((kills + 1))
      committed=$(sqlite3 "$db" "SELECT count(*) FROM entries" 2>/dev/null || echo "no schema")
      report+=" killed at ${delay_ms} ms (${committed} entries committed);"
    else
      late=$((late + 1))
      report+=" finished before ${delay_ms} ms (exit $status);"
    fi
  done
  import "$db"
  problems=""
  integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
  [[ $integrity == ok ]] || problems+=" integrity_check: $integrity;"
  unfinished=$(sqlite3 "$db" "SELECT count(*) FROM imports WHERE finished_at IS NULL")
  ((unfinished == 0)) || problems+=" $unfinished unfinished imports;"
  dump "$db" >"$work/trial.txt"
  if ! cmp -s "$work/reference.txt" "$work/trial.txt"; then
    problems+=" rows differ from the uninterrupted import: $(diff "$work/reference.txt" "$work/trial.txt" | head -5 | tr '\n' ' ');"
  fi
  if [[ -z $problems ]]; then
    passed=$((passed + 1))
    echo "trial $trial:$report re-run completed; equal to the uninterrupted import"
  else
    failed=$((failed + 1))
    echo "trial $trial:$report FAILED:$problems"
  fi
done
echo "import torture: $trials trials, $kills kills mid-import, $late runs finished before their kill"
echo "$passed passed, $failed failed"
((failed == 0))
