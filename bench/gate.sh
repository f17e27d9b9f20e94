#!/bin/sh
# bench/gate.sh: start-up and a whole gate on the demo project, beside the
# same checks written with pandas (what a team would otherwise script).
# Prints hyperfine's table; the figures go to bench/RESULTS.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/recsysops
py=/usr/bin/python3
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$bin" ] || make -C "$top" recsysops >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$top/fixtures/demo/." "$work/"
cd "$work"
hyperfine -N --warmup 20 --runs 200 --export-markdown "$work/version.md" \
	"$bin version" "$py -c pass"
hyperfine -N --warmup 10 --runs 100 -i --export-markdown "$work/gate.md" \
	"$bin gate -q --now 2026-12-01T06:00:00Z" \
	"$py $top/bench/demo_checks.py"
cat "$work/version.md" "$work/gate.md"
