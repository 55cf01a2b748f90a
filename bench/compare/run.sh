#!/usr/bin/env bash
# Sets up a Python virtual environment with NetworkX and python-igraph from PyPI, builds
# diplograph in release mode, and runs compare.py (arguments are passed on).
#   bench/compare/run.sh                                  # 20k actors, 100k relations
#   bench/compare/run.sh --actors 100000 --relations 1000000 --files 100 --skip-networkx-betweenness
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-/tmp/diplograph-compare/venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r bench/compare/requirements.txt
fi
cargo build --release -q -p diplograph-cli -p diplograph-bench
"$VENV/bin/python" bench/compare/compare.py "$@"
