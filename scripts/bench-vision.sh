#!/usr/bin/env bash
# Benchmarks the vision pipelines against their baselines in one run, on the same images:
#   reflective2019 (targeting eval)  vs  the seed's Python 2019 targeting (../shared/baselines/seed_targeting_2019.py)
#   apriltag       (targeting eval)  vs  WPILib's detector (robotpy-apriltag) at the same settings
# at 320x240 and 1280x720. Needs python3 with opencv-python-headless, numpy and robotpy-apriltag
# (pip install opencv-python-headless numpy robotpy-apriltag).
# Usage: scripts/bench-vision.sh [--json] [--repeat N] [--rounds R] [--decimate D] [--only apriltag|reflective2019]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
swift build -c release --product targeting >&2
exec python3 "$repo/scripts/bench_vision.py" --targeting "$repo/.build/release/targeting" "$@"
