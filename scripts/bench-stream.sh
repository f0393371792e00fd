#!/usr/bin/env bash
# Streaming benchmark: installs its peers, builds stream-bench (release, Benchmarks/) and runs
# scripts/bench-stream-driver.py: ours and WPILib's cscore (robotpy-cscore) take turns, then the budget phase.
# Usage: scripts/bench-stream.sh [--json] [--duration S] [--rounds R] [--image PATH] [--skip-cscore] ...
# The default image is ../shared/testdata/frc/apriltag/tag1_640_480.jpg; without it, a synthetic test card.
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --bench >&2
(cd Benchmarks && swift build -c release --product stream-bench >&2)
bench="$(cd Benchmarks && swift build -c release --show-bin-path)/stream-bench"
args=("$@")
if [[ " ${args[*]-} " != *" --image "* ]]; then
    image=../shared/testdata/frc/apriltag/tag1_640_480.jpg
    if [[ -f "$image" ]]; then
        args+=(--image "$image")
    else
        echo "note: $image is absent (../shared/testdata beside the repository); streaming a synthetic test card" >&2
    fi
fi
exec python3 scripts/bench-stream-driver.py --bench "$bench" ${args[@]+"${args[@]}"}
