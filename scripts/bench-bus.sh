#!/usr/bin/env bash
# Bus benchmark: this project's bus against raw C libzmq and Python multiprocessing.Queue, in one run.
# Usage: scripts/bench-bus.sh [--json] [--rounds N] [--messages N] [--round-trips N] [--stop-cycles N] [--kill-cycles N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh >&2
for product in bus-benchmark targeting camstreamer control; do
    swift build -c release --product "$product" >&2
done
exec .build/release/bus-benchmark compare "$@"
