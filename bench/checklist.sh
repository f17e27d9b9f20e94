#!/bin/sh
# Time 'recsysops score' on a checklist whose JUnit evidence is one large
# report (N test cases, default 200000), to see the cost of the libxml2
# reading and the case matching.  Usage: sh bench/checklist.sh [N]
set -eu
n=${1:-200000}
bin=$(cd "$(dirname "$0")/.." && pwd)/recsysops
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
python3 - "$n" <<'PY'
import sys
n = int(sys.argv[1])
with open("big.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<testsuites>\n')
    for s in range(n // 1000):
        f.write(f'<testsuite name="suite{s}" tests="1000">\n')
        for i in range(1000):
            f.write(f'<testcase classname="pkg.mod{s}" '
                    f'name="test_feature_{s}_{i}" time="0.001"/>\n')
        f.write('</testsuite>\n')
    f.write('</testsuites>\n')
PY
cat > recsysops.yml <<'YML'
version: 1
checks:
  - id: ml-test-score
    checklist: { file: mlts.yml }
YML
echo 'data-7: { junit: big.xml, cases: "test_feature_*" }' > mlts.yml
ls -l big.xml | awk '{print "report bytes:", $5}'
start=$(date +%s.%N)
"$bin" score --now 2026-12-01T06:00:00Z >/dev/null
end=$(date +%s.%N)
ours=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "cases: $n  recsysops score: $ours s"

# What a team would otherwise script: python3-junitparser reading the
# report and checking that every matching case passed.
start=$(date +%s.%N)
/usr/bin/python3 - big.xml <<'PY'
import fnmatch, sys
from junitparser import JUnitXml
cases = [c for s in JUnitXml.fromfile(sys.argv[1]) for c in s
         if fnmatch.fnmatch(c.name, "test_feature_*")]
print(len(cases), all(c.is_passed for c in cases))
PY
end=$(date +%s.%N)
py=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "cases: $n  python3-junitparser: $py s" \
     "($(awk -v a="$py" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')x recsysops)"
