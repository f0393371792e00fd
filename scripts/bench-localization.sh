#!/usr/bin/env bash
# Localization benchmark: the per-frame cost of the field pose solve with 8 tags in view (both IPPE solutions of each
# tag, then SQPnP + Levenberg-Marquardt over all corners), release build. The budget is 1 ms per frame; there is no
# peer to compare with in the same run (PhotonVision's MultiTargetPNP runs the same OpenCV solvers in Java).
# Usage: scripts/bench-localization.sh [--json] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh >&2
(cd Benchmarks && swift build -c release --product localization-bench >&2)
exec "$(cd Benchmarks && swift build -c release --show-bin-path)/localization-bench" "$@"
