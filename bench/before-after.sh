#!/usr/bin/env bash
# Two builds in turn on the loading figures: each round runs every command with BEFORE, then
# with AFTER, so that both see the same machine. Prints "figure build wall cpu peak-MiB" per run.
#
#   bench/before-after.sh BEFORE AFTER [ROUNDS]      ROUNDS default 3
#
# BEFORE and AFTER are `diplograph` binaries. Uses the sets of bench/run.sh under $BENCH_DIR
# (default /tmp/diplograph-bench: data-100000-1000000, data-20000-100000, version-0 and
# version-1 of the last file), generating what is missing; each build gets its own copy of the
# 1M set (edited in turn between the two versions of its last file) and its own cache.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BEFORE=$(realpath "$1"); AFTER=$(realpath "$2"); ROUNDS=${3:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/diplograph-bench}
mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR"
[ -d data-100000-1000000 ] || "$AFTER" gen --actors 100000 --relations 1000000 --files 100 --seed 7 -o data-100000-1000000
[ -d data-20000-100000 ] || "$AFTER" gen --actors 20000 --relations 100000 --files 20 --seed 7 -o data-20000-100000
LAST=$(ls data-100000-1000000/*.ron | tail -n 1)
[ -f version-0 ] || cp "$LAST" version-0
[ -f version-1 ] || python3 "$REPO/bench/one-edit.py" version-0 version-1
FIRST=$(ls data-100000-1000000/part-*.ron | head -n 1)
FROM=$(grep -m1 -o 'Country(id: "[^"]*"' "$FIRST" | cut -d'"' -f2)
TO=$(grep -m1 -o 'Person(id: "[^"]*"' "$FIRST" | cut -d'"' -f2)
declare -A BIN=([before]=$BEFORE [after]=$AFTER)
for b in before after; do
    rm -rf "edit-$b" "cache-$b" && cp -rL data-100000-1000000 "edit-$b"
    DIPLOGRAPH_CACHE_DIR="$BENCH_DIR/cache-$b" "${BIN[$b]}" check --data "edit-$b" >/dev/null 2>&1 || true
done
# Wall, CPU (user + system) and peak memory of one run.
t() { /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%s %.2f %d", $1, $2 + $3, $4 / 1024}'; }
for _ in $(seq "$ROUNDS"); do
    for b in before after; do
        B=${BIN[$b]}
        export DIPLOGRAPH_CACHE_DIR="$BENCH_DIR/cache-$b"
        echo "cold-check-1M $b $(t "$B" check --no-cache --data data-100000-1000000)"
        L="edit-$b/$(basename "$LAST")"
        if cmp -s "$L" version-0; then cp version-1 "$L"; else cp version-0 "$L"; fi
        echo "check-after-edit-1M $b $(t "$B" check --data "edit-$b")"
        echo "warm-check-1M $b $(t "$B" check --data "edit-$b")"
        echo "path-after-check-1M $b $(t "$B" path "$FROM" "$TO" --data "edit-$b")"
        echo "cold-check-100k $b $(t "$B" check --no-cache --data data-20000-100000)"
    done
done
