#!/bin/sh
# How long `recsysops hotfix apply` takes in a repository with many files:
# it writes one blob, the trees on the file's path and one commit, so the
# time should not grow with the size of the working tree.
#
#   sh bench/hotfix-apply.sh [FILES]      (default 20000 files)
set -eu

bin=$(cd "$(dirname "$0")/.." && pwd)/recsysops
files=${1:-20000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cd "$dir"
git init -q -b main
i=0
mkdir -p data overrides
while [ $i -lt "$files" ]; do
    echo "$i" > "data/f$i.csv"
    i=$((i + 1))
done
printf '# boosts\n- { item: a1 }\n' > overrides/boost.yml
git add -A
git -c user.name=bench -c user.email=bench@localhost commit -qm init

runs=20
start=$(date +%s.%N)
i=0
while [ $i -lt $runs ]; do
    "$bin" hotfix apply boost-new-item --item "tt$i" \
        --set launch=2026-12-10 --now 2026-12-01T06:00:00Z >/dev/null
    i=$((i + 1))
done
end=$(date +%s.%N)
ours=$(awk -v a="$start" -v b="$end" -v n="$runs" \
    'BEGIN { printf "%.1f", (b - a) * 1000 / n }')
echo "$files files: $ours ms per hotfix apply (mean of $runs)"

# The same change by hand with the git command line: a branch, the edit,
# a commit, and back to main (which rewrites the working tree's index).
start=$(date +%s.%N)
i=0
while [ $i -lt $runs ]; do
    git switch -q -c "by-hand-$i"
    printf -- '- { item: tt%d, until: 2026-12-10 }\n' $i >> overrides/boost.yml
    git -c user.name=bench -c user.email=bench@localhost commit -qam \
        "boost tt$i"
    git switch -q main
    i=$((i + 1))
done
end=$(date +%s.%N)
git_ms=$(awk -v a="$start" -v b="$end" -v n="$runs" \
    'BEGIN { printf "%.1f", (b - a) * 1000 / n }')
echo "$files files: $git_ms ms per change by hand with git" \
     "($(awk -v a="$git_ms" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')x" \
     "recsysops)"
