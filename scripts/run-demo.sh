#!/usr/bin/env bash
# The main job on a laptop: installs what is missing, builds in release mode, and runs the demo stack
# (targeting on a rendered 2019 target, camstreamer with two rendered cameras) under `control up`.
# Open http://localhost:1181/ and http://localhost:1182/ to watch the streams; Ctrl-C stops everything.
# targeting's results tap is on (loopback only) so that `control tap targeting` works from another terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build -c release --product targeting
swift build -c release --product camstreamer
swift build -c release --product control
export TARGETING__RESULTS__TAP_ENDPOINT="${TARGETING__RESULTS__TAP_ENDPOINT:-tcp://127.0.0.1:5806}"
exec .build/release/control up "$@"
