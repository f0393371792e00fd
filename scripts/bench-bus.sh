#!/usr/bin/env bash
# Bus benchmark: this project's bus against raw C libzmq (../shared/baselines/zmq_raw.c, compiled at run time) and
# Python multiprocessing.Queue (Benchmarks/peers/mpqueue-bytes.py), in one run, rounds interleaved; then the stop
# and kill -9 cycles of the real services. Installs its peers, builds the services (release, repository root)
# and bus-benchmark (release, Benchmarks/).
# Usage: scripts/bench-bus.sh [--json] [--rounds N] [--messages N] [--stop-cycles N] [--kill-cycles N]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f ../shared/baselines/zmq_raw.c ]]; then
    echo "skipped: the raw C baseline ../shared/baselines/zmq_raw.c is absent (it lives beside the repository)" >&2
    exit 0
fi
scripts/setup-debian.sh --bench >&2
for product in targeting camstreamer control; do
    swift build -c release --product "$product" >&2
done
services="$(swift build -c release --show-bin-path)"
(cd Benchmarks && swift build -c release --product bus-benchmark >&2)
exec "$(cd Benchmarks && swift build -c release --show-bin-path)/bus-benchmark" compare --services "$services" "$@"
