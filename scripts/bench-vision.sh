#!/usr/bin/env bash
# Benchmarks the vision pipelines against their baselines in one run, on the same images:
#   reflective2019 (targeting eval)  vs  the seed's Python 2019 targeting (../shared/baselines/seed_targeting_2019.py)
#   apriltag       (targeting eval)  vs  WPILib's detector (robotpy-apriltag) at the same settings
# at 320x240 and 1280x720. Installs its peers (OpenCV, numpy, robotpy-apriltag) and builds targeting (release).
# Needs ../shared/testdata and ../shared/baselines beside the repository; skips with a message without them.
# Usage: scripts/bench-vision.sh [--json] [--repeat N] [--rounds R] [--decimate D] [--threads T]
#        [--only apriltag|reflective2019]
set -euo pipefail
cd "$(dirname "$0")/.."
for needed in ../shared/testdata/frc ../shared/baselines/seed_targeting_2019.py; do
    if [[ ! -e "$needed" ]]; then
        echo "skipped: $needed is absent (the shared test data and baselines live beside the repository)" >&2
        exit 0
    fi
done
scripts/setup-debian.sh --bench >&2
swift build -c release --product targeting >&2
exec python3 scripts/bench-vision-driver.py --targeting "$(swift build -c release --show-bin-path)/targeting" "$@"
