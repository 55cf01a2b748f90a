#!/usr/bin/env bash
# End-to-end timings of diplograph on generated data: cold load against the raw RON floor, peak
# memory, warm-cache queries and DOT export. Prints one line per figure; see docs/performance.md.
#
#   bench/run.sh [ACTORS RELATIONS FILES]     default: 100000 1000000 100
#
# Needs GNU time (/usr/bin/time). Writes data to $BENCH_DIR (default /tmp/diplograph-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTORS=${1:-100000}
RELATIONS=${2:-1000000}
FILES=${3:-100}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/diplograph-bench}
DATA="$BENCH_DIR/data-$ACTORS-$RELATIONS"
export DIPLOGRAPH_CACHE_DIR="$BENCH_DIR/cache"

cargo build --release -q -p diplograph-cli -p diplograph-bench
BIN=${CARGO_TARGET_DIR:-target}/release/diplograph
BENCH=${CARGO_TARGET_DIR:-target}/release/diplograph-bench
[ -d "$DATA" ] || "$BIN" gen --actors "$ACTORS" --relations "$RELATIONS" --files "$FILES" --seed 7 -o "$DATA"

echo "== $ACTORS actors, $RELATIONS relations, $FILES files ($(du -smL "$DATA" | cut -f1) MB), $(nproc) cores"

# Wall time and peak memory of one run of a command, as "seconds KiB".
once() {
    /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time" "$@" >/dev/null 2>"$BENCH_DIR/stderr" || true
    tail -n 1 "$BENCH_DIR/time"
}

# The median of numbers given one per line.
median() {
    sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

# Median wall time and peak memory of a command over $RUNS runs.
measure() {
    local name=$1; shift
    local times=() mem=0
    for _ in $(seq "$RUNS"); do
        read -r t m < <(once "$@")
        times+=("$t"); [ "$m" -gt "$mem" ] && mem=$m
    done
    printf '%-44s %7s s  peak %5d MiB  runs %s\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" \
        $((mem / 1024)) "${times[*]}"
}

# Two actors from the data: the first country and the first person.
FIRST=$(ls "$DATA"/part-*.ron | head -n 1)
FROM=$(grep -m1 -o 'Country(id: "[^"]*"' "$FIRST" | cut -d'"' -f2)
TO=$(grep -m1 -o 'Person(id: "[^"]*"' "$FIRST" | cut -d'"' -f2)

# The floor of a cold load, as a process like the command (ron into plain structs, all
# cores), and the cold load, alternated run by run so that both see the same machine.
raw=() cold=() raw_mem=0 cold_mem=0
for _ in $(seq "$RUNS"); do
    read -r t m < <(once "$BENCH" raw "$DATA" 1); raw+=("$t"); [ "$m" -gt "$raw_mem" ] && raw_mem=$m
    read -r t m < <(once "$BIN" check --no-cache --data "$DATA"); cold+=("$t"); [ "$m" -gt "$cold_mem" ] && cold_mem=$m
done
raw_median=$(printf '%s\n' "${raw[@]}" | median)
cold_median=$(printf '%s\n' "${cold[@]}" | median)
printf '%-44s %7s s  peak %5d MiB  runs %s\n' "raw ron parse (diplograph-bench raw)" "$raw_median" \
    $((raw_mem / 1024)) "${raw[*]}"
printf '%-44s %7s s  peak %5d MiB  runs %s\n' "check, cold (--no-cache)" "$cold_median" \
    $((cold_mem / 1024)) "${cold[*]}"
awk -v c="$cold_median" -v r="$raw_median" 'BEGIN { printf "cold check / raw parse: %.2f\n", c / r }'
rm -rf "$DIPLOGRAPH_CACHE_DIR"
measure "check, first run (parse + write snapshot)" sh -c "rm -rf '$DIPLOGRAPH_CACHE_DIR'; '$BIN' check --data '$DATA'"
"$BIN" check --data "$DATA" 2>/dev/null
measure "check, warm cache" "$BIN" check --data "$DATA"
# `check` keeps no graph and writes no snapshot of it: the first query writes it, from the parts.
measure "path, first after check (writes the snapshot)" sh -c "rm -f '$DIPLOGRAPH_CACHE_DIR'/*.snapshot; '$BIN' path '$FROM' '$TO' --data '$DATA'"
printf '%-44s %7s MB\n' "cache on disk: snapshot" "$(du -smc "$DIPLOGRAPH_CACHE_DIR"/*.snapshot | tail -n1 | cut -f1)"
printf '%-44s %7s MB\n' "cache on disk: per-file snapshots" "$(du -smc "$DIPLOGRAPH_CACHE_DIR"/*.parts | tail -n1 | cut -f1)"
# The snapshot names the parts rather than holding their relations: the total is the cache.
printf '%-44s %7s MB\n' "cache on disk: total" \
    "$(du -smc "$DIPLOGRAPH_CACHE_DIR"/*.snapshot "$DIPLOGRAPH_CACHE_DIR"/*.parts | tail -n1 | cut -f1)"

# After an edit to one file: a copy of the data whose last file alternates between two versions
# (its first `since` a day apart), so that every run checks data that changed since the last.
EDIT="$BENCH_DIR/edit-$ACTORS-$RELATIONS"
# -L: a data directory given as a link is copied, never linked (the edits must not reach it).
rm -rf "$EDIT" && cp -rL "$DATA" "$EDIT"
LAST=$(ls "$EDIT"/*.ron | tail -n 1)
cp "$LAST" "$BENCH_DIR/version-0"
python3 bench/one-edit.py "$LAST" "$BENCH_DIR/version-1"
"$BIN" check --data "$EDIT" 2>/dev/null
measure "check after editing one file" sh -c "if cmp -s '$LAST' '$BENCH_DIR/version-0'; then cp '$BENCH_DIR/version-1' '$LAST'; \
    else cp '$BENCH_DIR/version-0' '$LAST'; fi; '$BIN' check --data '$EDIT'"
measure "path $FROM $TO, warm cache" "$BIN" path "$FROM" "$TO" --data "$DATA"
measure "path -k 5, warm cache" "$BIN" path "$FROM" "$TO" -k 5 --data "$DATA"
measure "neighbors --depth 2, warm cache" "$BIN" neighbors "$FROM" --depth 2 --data "$DATA"
measure "show, warm cache" "$BIN" show "$FROM" --data "$DATA"
measure "rank --metric betweenness --samples 256" "$BIN" rank --metric betweenness --samples 256 --data "$DATA"
measure "balance" "$BIN" balance --quiet --data "$DATA"
measure "dot --focus $FROM --depth 1" "$BIN" dot --focus "$FROM" --depth 1 --max-nodes 10000000 --data "$DATA"
measure "dot (whole graph)" "$BIN" dot --max-nodes 10000000 --data "$DATA"
