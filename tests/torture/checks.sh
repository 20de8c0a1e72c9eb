#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Kill -9 torture for audited checks (查询留痕), in both durability modes. One database with a
# synthetic list; per mode, TRIALS runs of `credo check --batch` over a long query file, each
# killed with SIGKILL at a random moment. Every answer credo printed (its check id and subject)
# is then compared with the audit trail, after one more check has opened the database and
# recorded the lost ids:
#   - no check id was handed out twice, over all kills of both modes;
#   - durable: every printed answer has its row, with its subject (nothing answered is lost);
#   - batched: the printed answers without a row are recorded as `lost`, and there are at most
#     `audit_queue` (65,536) of them per kill, the documented bound;
#   - the chain verifies (`credo audit verify`) and PRAGMA integrity_check is ok.
#
#   tests/torture/checks.sh [TRIALS]   (default 10 per mode)
#
# Environment: CREDO (default build/default/tools/credo); TORTURE_SEED (default: the time).
# Needs the sqlite3 shell and python3. Ends with `N passed, N failed`.
set -euo pipefail
trials=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
credo=${CREDO:-$root/build/default/tools/credo}
seed=${TORTURE_SEED:-$(date +%s)}
RANDOM=$seed
queue_bound=65536
[[ -x $credo ]] || { echo "checks.sh: no credo binary at $credo (build first, or set CREDO)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "checks.sh: the sqlite3 shell is needed (Debian: sqlite3)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "checks.sh: python3 is needed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/credo.db

"$credo" gen --rules "$root/rules" --entries 20000 --relations 0 --seed 7 --out "$work/data" >"$work/gen.txt"
read -r list file < <(while read -r l f; do
  [[ -f ${f:-} && $l != relations ]] && echo "$(stat -c %s "$f") $l $f"
done <"$work/gen.txt" | sort -n | tail -1 | cut -d' ' -f2-)
"$credo" import --quiet --rules "$root/rules" --db "$db" --list "$list" "$file" >/dev/null
# 400,000 queries over the listed subjects and as many unknown ones: more than any trial answers.
python3 - "$file" >"$work/queries.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig") as f:
    codes = [row[0] for i, row in enumerate(csv.reader(f)) if i > 0 and row]
print("subject,scenario,at,querier")
for i in range(400000):
    print(f"{codes[i % len(codes)]},government_procurement,2026-06-01,torture")
EOF

passed=0 failed=0
for mode in durable batched; do
  for ((trial = 1; trial <= trials; ++trial)); do
    delay_ms=$((100 + RANDOM % 1500))
    out=$work/$mode-$trial.jsonl
    # credo itself in the background, not a function's subshell: the kill must reach credo.
    "$credo" check --rules "$root/rules" --db "$db" --batch "$work/queries.csv" --audit-mode "$mode" \
      >"$out" 2>/dev/null &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?
    # The next engine to open the database records the ids the killed one reserved but never
    # wrote; one audited check opens it.
    "$credo" check --rules "$root/rules" --db "$db" --subject 91440300MA5F00034N \
      --scenario government_procurement --json >"$work/$mode-$trial.after" 2>/dev/null || true
    if python3 - "$db" "$out" "$mode" "$queue_bound" "$work/seen-ids" <<'EOF'
import json, sqlite3, sys
db, out, mode, bound, seen_path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
answers = []
with open(out, encoding="utf-8", errors="replace") as f:
    for line in f:
        try:
            d = json.loads(line)
        except ValueError:
            continue  # the last line, cut by the kill
        if isinstance(d.get("check_id"), int):
            subject = d.get("subject")
            answers.append((d["check_id"], subject.get("id") if isinstance(subject, dict) else subject))
try:
    with open(seen_path) as f:
        seen = {int(x) for x in f}
except FileNotFoundError:
    seen = set()
problems = []
ids = [i for i, _ in answers]
reused = set(ids) & seen
if len(set(ids)) != len(ids):
    problems.append(f"{len(ids) - len(set(ids))} ids printed twice")
if reused:
    problems.append(f"{len(reused)} ids handed out before, e.g. {sorted(reused)[:3]}")
con = sqlite3.connect(db)
rows = dict(((i, (s, v)) for i, s, v in con.execute("SELECT id, subject_id, verdict FROM checks")))
missing = [i for i, _ in answers if i not in rows]
lost = [i for i, _ in answers if i in rows and rows[i][1] == "lost"]
wrong = [i for i, s in answers if i in rows and rows[i][1] != "lost" and rows[i][0] != s]
if missing:
    problems.append(f"{len(missing)} answered ids have no row at all, e.g. {missing[:3]}")
if wrong:
    problems.append(f"{len(wrong)} rows hold another subject than the answer, e.g. {wrong[:3]}")
if mode == "durable" and lost:
    problems.append(f"{len(lost)} answered checks lost in durable mode")
if mode == "batched" and len(lost) > bound:
    problems.append(f"{len(lost)} answered checks lost, more than the bound {bound}")
integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
if integrity != "ok":
    problems.append(f"integrity_check: {integrity}")
with open(seen_path, "a") as f:
    f.writelines(f"{i}\n" for i in ids)
print(f"{len(answers)} answers printed, {len(lost)} of them recorded as lost", end="")
if problems:
    print("; FAILED: " + "; ".join(problems))
    sys.exit(1)
print()
EOF
    then
      verdict=ok
    else
      verdict=failed
    fi
    if ! "$credo" audit verify --db "$db" >"$work/verify.txt" 2>&1; then
      verdict=failed
      echo "  audit verify: $(head -3 "$work/verify.txt" | tr '\n' ' ')"
    fi
    echo "  $mode trial $trial: killed at ${delay_ms} ms (exit $status): $verdict"
    if [[ $verdict == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
done
echo "checks torture: $trials trials per mode, seed $seed; $(sqlite3 "$db" \
  "SELECT count(*) || ' rows, ' || sum(verdict = 'lost') || ' recorded as lost' FROM checks")"
echo "$passed passed, $failed failed"
((failed == 0))
