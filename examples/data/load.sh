#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Loads the sample data into a database: every list file, the relations, then the objection and
# the repair of lifecycle.csv (each names its entry by its identity: list, subject, listed_on,
# document).   usage: examples/data/load.sh DB [CREDO] [RULES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=${1:?usage: load.sh DB [CREDO] [RULES]}
credo=${2:-credo}
rules=${3:-$here/../../rules}
for file in "$here"/lists/*.csv; do
  "$credo" import --quiet --rules "$rules" --db "$db" --list "$(basename "$file" .csv)" "$file"
done
"$credo" import --quiet --rules "$rules" --db "$db" --relations "$here/relations.csv"
python3 - "$credo" "$db" "$here/lifecycle.csv" "$rules" <<'PY'
import csv, json, subprocess, sys
credo, db, path, rules = sys.argv[1:5]
for row in csv.DictReader(open(path, encoding='utf-8')):
    subject = json.loads(subprocess.check_output([credo, 'subject', row['subject_id'], '--db', db, '--json', '--show-ids']))
    entry = next(e['entry'] for e in subject['entries'] if (e['list'], e['listed_on'], e['document']) ==
                 (row['list_id'], row['listed_on'], row['document']))
    if row['action'] == 'objection':
        if any(o['entry'] == entry for o in subject['objections']):
            continue
        cmd = ['objection', 'open', '--entry', str(entry), '--on', row['on'], '--by', row['by'], '--grounds', row['text']]
    else:
        if any(r['entry'] == entry for r in subject['repairs']):
            continue
        cmd = ['repair', '--rules', rules, '--entry', str(entry), '--on', row['on'], '--reason', row['text'],
               '--approved-by', row['approved_by']]
    subprocess.check_call([credo] + cmd + ['--db', db])
PY
