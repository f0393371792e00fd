#!/usr/bin/env bash
# Sets up and runs every test: installs the system libraries and the real peers (pyzmq, pyntcore, OpenCV,
# ffmpeg, Chromium), builds the executables the integration tests start, and runs `swift test`.
# Tests that need ../shared/testdata skip cleanly when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --test
swift build --build-tests
# Timing-sensitive suites (stop channel, streams, NT4) share 2 cores with the rest: run test cases one at a time.
swift test --skip-build --no-parallel "$@"
