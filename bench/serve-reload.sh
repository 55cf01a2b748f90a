#!/usr/bin/env bash
# Save-to-served time of `diplograph serve`: the time from saving one edited data file to the
# first answer from the new data, on a copy of generated data. See docs/performance.md.
#
#   bench/serve-reload.sh [ACTORS RELATIONS FILES]     default: 100000 1000000 100
#
# Needs curl. Writes to $BENCH_DIR (default /tmp/diplograph-bench); $BIN is the diplograph binary
# (default: a release build of this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
ACTORS=${1:-100000}
RELATIONS=${2:-1000000}
FILES=${3:-100}
RUNS=${RUNS:-5}
PORT=${PORT:-7979}
BENCH_DIR=${BENCH_DIR:-/tmp/diplograph-bench}
DATA="$BENCH_DIR/data-$ACTORS-$RELATIONS"
COPY="$BENCH_DIR/serve-$ACTORS-$RELATIONS"
export DIPLOGRAPH_CACHE_DIR="$BENCH_DIR/serve-cache"
if [ -z "${BIN:-}" ]; then
    cargo build --release -q -p diplograph-cli
    BIN="${CARGO_TARGET_DIR:-target}/release/diplograph"
fi
[ -d "$DATA" ] || "$BIN" gen --actors "$ACTORS" --relations "$RELATIONS" --files "$FILES" --seed 7 -o "$DATA"
rm -rf "$COPY" "$DIPLOGRAPH_CACHE_DIR"
# -L: a data directory given as a link is copied, never linked (the edits must not reach it).
cp -rL "$DATA" "$COPY"
# Two versions of the last file: as generated, and with its first relation's `since` a day on
# (or back); each save puts the other one in place.
LAST=$(ls "$COPY"/*.ron | tail -n 1)
cp "$LAST" "$BENCH_DIR/version-0"
python3 bench/one-edit.py "$LAST" "$BENCH_DIR/version-1"

status() { curl -sf "http://127.0.0.1:$PORT/api/v1/status"; }
# CPU seconds (user + system) the server has used so far: on a busy machine, what the reload
# cost regardless of how long it waited for a core.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVER/stat"; }
field() { grep -o "\"$1\":[0-9.]*" | cut -d: -f2; }

"$BIN" serve --data "$COPY" --port "$PORT" 2>"$BENCH_DIR/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null' EXIT
until status >/dev/null 2>&1; do sleep 0.05; done
echo "== $ACTORS actors, $RELATIONS relations, $FILES files; first load $(status | field load_seconds) s (no cache yet)"
# The server loads the data once more in advance, for the first save (see docs/serve.md): the
# saves are timed once it is idle, as after a start a user would edit.
start=$(date +%s.%N)
idle() { local a; a=$(cpu); sleep 0.5; [ "$(echo "$(cpu) - $a < 0.05" | bc)" = 1 ]; }
until idle; do :; done
printf 'idle %.2f s after the first load was served\n' "$(echo "$(date +%s.%N) - $start - 0.5" | bc)"

for run in $(seq "$RUNS"); do
    load=$(status | field load)
    # Saved the way editors save: written beside the file, then renamed over it.
    cp "$BENCH_DIR/version-$((run % 2))" "$LAST.tmp"
    before=$(cpu)
    start=$(date +%s.%N)
    mv "$LAST.tmp" "$LAST"
    until [ "$(status | field load)" != "$load" ]; do sleep 0.01; done
    end=$(date +%s.%N)
    s=$(status)
    printf 'save %d: served after %.2f s (load %.2f s, %s files reused; %.2f s of CPU)\n' "$run" \
        "$(echo "$end - $start" | bc)" "$(echo "$s" | field load_seconds)" "$(echo "$s" | field reused_files)" \
        "$(echo "$(cpu) - $before" | bc)"
done
