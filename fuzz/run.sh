#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 30), one process each, starting from
# a seed corpus of the project's data files (data/ and tests/data/). Needs a nightly toolchain
# and cargo-fuzz (`cargo install cargo-fuzz`). A crash stops the run with its input saved under
# fuzz/artifacts/TARGET/; `cargo +nightly fuzz run TARGET FILE` replays it. FUZZ_TARGET_DIR, when
# set, is the build directory (else fuzz/target).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:-30}"
TARGETS="${FUZZ_TARGETS:-outline load plain format edit}"
for target in $TARGETS; do
    mkdir -p "corpus/$target"
    # Seeds: every .ron file of the project, named by content so that a rerun adds nothing.
    find ../data ../tests/data -name '*.ron' -type f -print0 | while IFS= read -r -d '' f; do
        cp "$f" "corpus/$target/seed-$(sha1sum "$f" | cut -c1-16)"
    done
done
for target in $TARGETS; do
    echo "==> fuzz $target (${SECONDS_EACH}s)"
    # shellcheck disable=SC2086
    cargo +nightly fuzz run ${FUZZ_TARGET_DIR:+--target-dir "$FUZZ_TARGET_DIR"} "$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_EACH" -print_final_stats=1 -max_len=65536 -timeout=20 -rss_limit_mb=4096
done
