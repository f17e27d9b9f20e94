#!/bin/sh
# Measure the history store: what --record adds to a gate, and reading a
# large store (show, export, a vs: history check).  Prints one line per
# measurement; numbers are medians of five runs, in milliseconds.
#
#   sh bench/history.sh [path/to/recsysops]
set -eu
bin=$(cd "$(dirname "${1:-./recsysops}")" && pwd)/$(basename "${1:-./recsysops}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# A median of five wall times (ms) of the command line given.
median() {
	for i in 1 2 3 4 5; do
		s=$(date +%s%N)
		sh -c "$1" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n 3p
}

python3 - <<'PY'
with open("recsysops.yml", "w") as f:
    f.write("version: 1\nsources:\n  m: { path: m.json }\nchecks:\n")
    for i in range(300):
        f.write(f"  - id: c{i}\n    source: m\n"
                "    metric: { path: plays, min: 1 }\n")
    f.write("  - id: hist\n    source: m\n"
            "    metric: { path: plays, vs: history, strategy: mad,\n"
            "              window: 500 }\n")
open("m.json", "w").write('{"plays": 42}\n')
PY

"$bin" gate -q --record >/dev/null
plain=$(median "'$bin' gate -q")
rec=$(median "'$bin' gate -q --record")
echo "gate, 301 checks:              ${plain} ms"
echo "gate --record, 301 values:     ${rec} ms"

# A large store: 2,000 runs of 301 values, written directly.
python3 - <<'PY'
import sqlite3, random
db = sqlite3.connect(".recsysops/history.db")
random.seed(1)
t0 = 1.7e9
with db:
    for r in range(2000):
        cur = db.execute("INSERT INTO runs (time, ref) VALUES (?, 'main')",
                         (t0 + r * 3600,))
        rid = cur.lastrowid
        db.executemany(
            "INSERT INTO observations VALUES (?, ?, 'plays', ?, 'pass')",
            [(rid, f"c{i}", 42 + random.random()) for i in range(300)]
            + [(rid, "hist", 42 + random.random())])
PY
echo "store: $(du -k .recsysops/history.db | cut -f1) KiB for 2,000 runs x 301 values"
echo "history show (last 10 runs):   $(median "'$bin' history show") ms"
exp=$(median "'$bin' history export")
echo "history export (602,000 rows): ${exp} ms"
# What a user would otherwise run: the sqlite3 shell, the same rows.
cat > export.sql <<'SQL'
SELECT r.id AS run, strftime('%Y-%m-%dT%H:%M:%SZ', r.time, 'unixepoch')
       AS time, r.commit_sha AS "commit", r.ref, o.check_id AS "check",
       o.statistic, o.value, o.status
FROM observations o JOIN runs r ON r.id = o.run_id
ORDER BY r.time, r.id, o.check_id, o.statistic;
SQL
sq=$(median "sqlite3 -csv -header .recsysops/history.db < export.sql")
echo "sqlite3 -csv, the same rows:   ${sq} ms" \
     "($(echo "$sq $exp" | awk '{ printf "%.2f", $1 / $2 }')x recsysops)"
echo "history export --format json:  $(median "'$bin' history export --format json") ms"
/usr/bin/time -f "%M" "$bin" history export --format json >/dev/null 2>rss.txt
echo "  its peak RSS:                $(($(tail -1 rss.txt) / 1024)) MB"
echo "history export --only 'c1*':   $(median "'$bin' history export --only 'c1*'") ms"
/usr/bin/time -f "%M" "$bin" history export --only 'c1*' >/dev/null 2>rss.txt
echo "  its peak RSS:                $(($(tail -1 rss.txt) / 1024)) MB"
echo "history show --only c29 --last 3: $(median "'$bin' history show --only c29 --last 3") ms"
echo "gate with vs: history (500):   $(median "'$bin' gate -q") ms"
