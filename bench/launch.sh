#!/bin/sh
# Launch forecast benchmark: 100,000 past launches x 50 features, 10,000
# upcoming items, against python3-xgboost and scikit-learn's
# HistGradientBoostingRegressor on the same data.
#
#   sh bench/launch.sh          (from the top of the tree, after make)
#
# Data goes to bench/data/launch (not committed).  Figures are printed;
# bench/RESULTS.md records them by hand with the machine they ran on.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/recsysops
py=/usr/bin/python3
d=$top/bench/data/launch
mkdir -p "$d/full" "$d/split"

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== data: 100,000 past launches, 10,000 upcoming, 50 features"
[ -f "$d/full/history.csv" ] ||
    $py "$top/fixtures/make_launches.py" "$d/full" --history 100000 \
        --upcoming 10000 --noise 42 --seed 11
$py "$top/bench/launch_split.py" "$d/full/history.csv" "$d/split"

cat > "$d/full/recsysops.yml" <<YML
version: 1
launches:
  history: history.csv
  upcoming: upcoming.csv
  key: item_id
  date: launch_date
  target: day1_impressions
  flag: { below: p10 }
  block_within: 7d
YML
sed 's/history.csv/train.csv/; s/upcoming.csv/test.csv/' \
    "$d/full/recsysops.yml" > "$d/split/recsysops.yml"

measure() { # label, then the command
    label=$1; shift
    /usr/bin/time -f "%e s wall, %U s user, %M KB peak" -o "$d/time" \
        "$@" -v > "$d/out" \
        2> "$d/err"
    printf '%-44s %s\n' "$label" "$(cat "$d/time")"
    sed -n 's/^recsysops: launch forecast /    /p' "$d/err"
}

echo "== recsysops (XGBoost C API, 150 trees, depth 5, 1 thread)"
cd "$d/full"
measure "train + predict + explain 10,000 (--force)" \
    "$bin" predict --force --format csv --now 2026-12-01T06:00:00Z
measure "predict + explain 10,000 (saved model)" \
    "$bin" predict --format csv --now 2026-12-01T06:00:00Z
echo "flagged: $(awk -F, 'NR > 1 && $8 == 1' "$d/out" | wc -l) of 10000"
cp "$d/out" one-thread.csv
sed 's/^  block_within: 7d/&\n  threads: 2/' recsysops.yml > two-threads.yml
measure "train + predict + explain, threads: 2" \
    "$bin" predict -c two-threads.yml --force --format csv \
    --now 2026-12-01T06:00:00Z
cmp -s "$d/out" one-thread.csv && echo "1 and 2 threads: the same bytes"

echo "== quality on the last 20% of the history by date (train on the rest)"
cd "$d/split"
now=$(cat now.txt)
measure "recsysops train 80,000 + predict 20,000" \
    "$bin" predict --force --format csv --now "$now"
cp "$d/out" recsysops.csv
$py "$top/bench/launch_compare.py" "$d/split" 1
