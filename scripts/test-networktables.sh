#!/usr/bin/env bash
# Runs the NetworkTables tests, installing WPILib's pyntcore first so the interoperability tests run
# (without it they are skipped, with the reason printed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c "import ntcore" 2>/dev/null; then
    python3 -m pip install --quiet pyntcore
fi
swift test --filter NetworkTablesTests "$@"
