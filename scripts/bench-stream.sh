#!/usr/bin/env bash
# Streaming benchmark: builds stream-bench in release mode and runs scripts/bench_stream.py.
# Usage: scripts/bench-stream.sh [--json] [--duration S] [--image PATH] [--skip-cscore] ...
# Needs python3 with numpy, opencv-python-headless and robotpy-cscore for the cscore baseline
# (pip install robotpy-cscore opencv-python-headless); pass --skip-cscore without them.
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product stream-bench >&2
bench="$(swift build -c release --show-bin-path)/stream-bench"
args=("$@")
# Default image: a real 640x480 FRC field image from shared/testdata when present.
if [[ " ${args[*]-} " != *" --image "* ]]; then
    for candidate in ../shared/testdata/frc/apriltag/tag1_640_480.jpg /work/shared/testdata/frc/apriltag/tag1_640_480.jpg; do
        if [[ -f "$candidate" ]]; then args+=(--image "$candidate"); break; fi
    done
fi
exec python3 scripts/bench_stream.py --bench "$bench" "${args[@]}"
