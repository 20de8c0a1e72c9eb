#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Kill -9 torture for `credo import`: a large synthetic list file (credo gen) is imported once
# without interruption, then TRIALS times into a fresh database, each time killed with SIGKILL
# at random moments (one to three kills) and re-run to completion. Every final database must
# pass PRAGMA integrity_check and hold exactly the rows of the uninterrupted import (subjects and
# entries by content), each entry covered by exactly one batch event, no unfinished import left.
#
#   tests/torture/import.sh [TRIALS]   (default 20)
#
# Environment: CREDO, the credo binary (default build/default/tools/credo); TORTURE_ENTRIES,
# the entries credo gen writes over all lists (default 1000000: about
# 90,000 rows in the largest list file, the one imported); TORTURE_SEED, the seed of the
# kill moments (default: the time). Needs the sqlite3 shell. Ends with `N passed, N failed`.
set -euo pipefail
trials=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
credo=${CREDO:-$root/build/default/tools/credo}
entries=${TORTURE_ENTRIES:-1000000}
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

import_command() {  # import_command DB: the import's command line
  command=("$credo" import --quiet --rules "$root/rules" --db "$1" --list "$list" "$file")
}
import() {  # import DB: runs the import in the foreground
  import_command "$1"
  "${command[@]}" >/dev/null
}

# The rows that must match, by content: a resumed import may number subjects and entries in
# another order (its batches start elsewhere), so they are compared by what they say, the
# entries with their subject's code; timestamps (when it ran) are left out.
dump() {
  sqlite3 "$1" "SELECT code, kind, name, established_on FROM subjects ORDER BY code"
  sqlite3 "$1" "SELECT s.code, e.list_id, e.listed_on, e.expires_on, e.document, e.initiator, e.reason, e.status,
                       e.status_on, e.status_by, e.status_reason, e.recorded_by
                FROM entries e JOIN subjects s ON s.id = e.subject_id
                ORDER BY s.code, e.list_id, e.listed_on, e.document"
}

# Entries not covered by exactly one `listed` event (each batch records one for its id range).
uncovered() {
  sqlite3 "$1" "SELECT count(*) FROM entries e
                WHERE (SELECT count(*) FROM events v
                       WHERE v.kind = 'listed' AND e.id BETWEEN v.entry_id AND v.last_entry_id) <> 1"
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
    # credo itself in the background, not a function's subshell: the kill must reach credo.
    import_command "$db"
    "${command[@]}" >/dev/null &
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
      break  # the import is complete: nothing left to kill
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
    problems+=" rows differ from the uninterrupted import: $( (diff "$work/reference.txt" "$work/trial.txt" || true) | head -5 | tr '\n' ' ');"
  fi
  lost=$(uncovered "$db")
  ((lost == 0)) || problems+=" $lost entries not covered by exactly one event;"
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
