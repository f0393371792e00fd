#!/usr/bin/env bash
# Sets up and runs every test: installs the system libraries and the real peers (pyzmq, pyntcore, OpenCV,
# ffmpeg, Chromium), builds the executables the integration tests start, and runs `swift test`.
# Tests that need ../shared/testdata skip cleanly when it is absent.
# The full log is kept in .build/test.log; when a test fails, its issues are repeated at the end of the
# output, so that the tail of a CI log names what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --test
swift build --build-tests
log=.build/test.log
# Timing-sensitive suites (stop channel, streams, NT4) share 2 cores with the rest: run test cases one at a time.
status=0
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$log" || status=$?
if [[ $status -ne 0 ]]; then
    echo
    echo "=== swift test failed (exit $status); failing tests and their issues (full log: $log):"
    grep -E -A3 '✘|error:|Fatal error|Crash|signal [0-9]' "$log" | grep -E '✘|↳|error:|Fatal error|Crash|signal [0-9]' \
        | grep -v ' passed ' | tail -n 80 || true
fi
# The decoders that read the network are fuzzed for a bounded time on every full run (FUZZ_SECONDS per target).
if [[ $# -eq 0 ]]; then
    scripts/fuzz.sh "${FUZZ_SECONDS:-30}" || status=1
fi
exit "$status"
