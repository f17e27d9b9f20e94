#!/bin/sh
# Run every benchmark under bench/ (make bench).
set -eu
for b in "$(dirname "$0")"/*.sh; do
    [ "$(basename "$b")" = run.sh ] && continue
    echo "### $b"
    sh "$b"
done
