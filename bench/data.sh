#!/bin/sh
# Data checks benchmark: one pass over a synthetic interaction log,
# side by side with wc -l, pandas and Miller, plus gzip and zstd inputs
# and four times the file (RSS must not grow).  Figures go to stdout as
# a Markdown table; bench/RESULTS.md records a run.
#
# usage: sh bench/data.sh [ROWS]      (default 15000000, about 700 MB)
#
# The log is generated once under bench/data/ (gitignored); delete that
# folder afterwards to free the disk.  Set SKIP_PANDAS=1 to leave pandas
# out (it needs several GB of memory); PAIRS=N sets how many times wc -l
# and the gate alternate for the headline ratio (default 10).
set -eu
cd "$(dirname "$0")"
ROWS=${1:-15000000}
BIN=../recsysops
D=data
mkdir -p $D
[ -x $BIN ] || (cd .. && make -j2)
if [ ! -s $D/log.csv ] || [ "$(cat $D/rows 2>/dev/null)" != "$ROWS" ]; then
    /usr/bin/python3 gen_log.py "$ROWS" $D/log.csv 7
    echo "$ROWS" > $D/rows
fi
[ -s $D/ref.csv ] || /usr/bin/python3 gen_log.py 200000 $D/ref.csv 11

# measure NAME CMD...: wall seconds and peak RSS (MB) from /usr/bin/time -v;
# the wall time is also left in $wall.
measure() {
    name=$1
    shift
    /usr/bin/time -v "$@" > $D/out.txt 2> $D/time.txt || true
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \
           $D/time.txt | awk -F: '{ s = 0; for (i = 1; i <= NF; i++)
                                    s = s * 60 + $i; print s }')
    cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' $D/time.txt |
          awk '{ s += $1 } END { print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' $D/time.txt)
    printf '| %-36s | %8.2f | %8.2f | %8.0f |\n' "$name" "$wall" "$cpu" \
        "$((rss / 1024))"
}

# best NAME CMD...: the fastest of three runs (for the short ones).
best() {
    label=$1
    shift
    min=
    for i in 1 2 3; do
        measure "$label" "$@" > /dev/null
        min=$(echo "$wall ${min:-$wall}" |
              awk '{ print $1 < $2 ? $1 : $2 }')
    done
    measure "$label" "$@" > /dev/null
    wall=$(echo "$wall $min" | awk '{ print $1 < $2 ? $1 : $2 }')
    printf '| %-36s | %8.2f | %8.2f | %8.0f |\n' "$label (best of 4)" \
        "$wall" "$cpu" "$((rss / 1024))"
}

ratio() {
    echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'
}

gate() {
    sed "s#path: log.csv#path: $1#" ${YML:-data.yml} > $D/run.yml
    ${HOW:-measure} "$2" $BIN gate -q -c $D/run.yml \
        --now 2026-11-20T00:00:00Z \
        --junit $D/junit.xml --results $D/results.json --html $D/report.html
}

echo "rows: $ROWS, file: $(du -m $D/log.csv | cut -f1) MB," \
     "cores: $(nproc), load before: $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| command                              | wall s   | CPU s    | RSS MB   |"
echo "|--------------------------------------|----------|----------|----------|"
cat $D/log.csv > /dev/null   # warm the page cache for everyone
HOW=best
best "wc -l" wc -l $D/log.csv
wc_wall=$wall
YML=data-issue.yml
gate log.csv "recsysops, target's 11 checks"
issue_wall=$wall
unset YML
gate log.csv "recsysops, all 18 checks"
all_wall=$wall
RSO_THREADS=1
export RSO_THREADS
YML=data-issue.yml
gate log.csv "recsysops, 11 checks, 1 thread"
unset YML
gate log.csv "recsysops, 18 checks, 1 thread"
unset RSO_THREADS
YML=data-min.yml
gate log.csv "recsysops, rows/missing/range"
unset YML HOW
# Miller's p50/p99 keep every value (18 GB here before it was stopped):
# moments only, which stream.
measure "mlr stats1 (moments, 4 cols)" mlr --icsv --opprint stats1 \
    -a count,mean,stddev,min,max -f ts,rank,score,duration $D/log.csv
pandas_wall=
if [ "${SKIP_PANDAS:-0}" != 1 ]; then
    measure "pandas read_csv+describe" /usr/bin/python3 pandas_profile.py \
        $D/log.csv
    pandas_wall=$wall
fi
YML=data-issue.yml
[ -s $D/log.csv.zst ] || zstd -q -1 -T2 -f $D/log.csv -o $D/log.csv.zst
gate log.csv.zst "recsysops, 11 checks, zstd"
[ -s $D/log.csv.gz ] || gzip -1 -c $D/log.csv > $D/log.csv.gz
gate log.csv.gz "recsysops, 11 checks, gzip"
if [ ! -s $D/log4.csv ]; then
    cp $D/log.csv $D/log4.csv
    for i in 1 2 3; do tail -n +2 $D/log.csv >> $D/log4.csv; done
fi
measure "wc -l (4x file)" wc -l $D/log4.csv
gate log4.csv "recsysops, 11 checks, 4x file"
unset YML

# The ratio to wc -l, with both measured under the same conditions: on a
# shared machine the speed drifts from minute to minute, so wc -l and the
# gate run one after the other, PAIRS times, and the best of each counts.
# Timed to the millisecond (time -v rounds to 10 ms, a tenth of wc -l).
PAIRS=${PAIRS:-10}
cp data-issue.yml $D/run.yml
# msecs CMD...: the wall time of CMD in ms, left in $ms.
msecs() {
    t0=$(date +%s%N)
    "$@" > /dev/null || true
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
pair_wc= pair_gate=
for i in $(seq "$PAIRS"); do
    msecs wc -l $D/log.csv
    pair_wc=$(( ${pair_wc:-$ms} < ms ? ${pair_wc:-$ms} : ms ))
    msecs $BIN gate -q -c $D/run.yml --now 2026-11-20T00:00:00Z \
        --junit $D/junit.xml --results $D/results.json --html $D/report.html
    pair_gate=$(( ${pair_gate:-$ms} < ms ? ${pair_gate:-$ms} : ms ))
done

echo
echo "Interleaved, best of $PAIRS each: wc -l $pair_wc ms, target's 11" \
     "checks $pair_gate ms: $(ratio "$pair_gate" "$pair_wc")x"
echo
echo "Ratios of wall times (targets: within 6x of wc -l, 20x faster than pandas):"
echo "- target's 11 checks: $(ratio "$issue_wall" "$wc_wall")x wc -l" \
     "${pandas_wall:+, pandas $(ratio "$pandas_wall" "$issue_wall")x slower}"
echo "- all 18 checks: $(ratio "$all_wall" "$wc_wall")x wc -l" \
     "${pandas_wall:+, pandas $(ratio "$pandas_wall" "$all_wall")x slower}"
