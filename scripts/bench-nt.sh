#!/usr/bin/env bash
# End-to-end NetworkTables latency: a targeting result produced -> the value arriving at a pyntcore subscriber,
# for our Swift NT4 client (nt-benchmark, release build) and for pyntcore's own client publishing the same
# 19 topics at the same rate, through one pyntcore NT4 server on 127.0.0.1, in one run.
#
# The two publishers alternate in ROUNDS rounds (order swapped every round) so that load from other work on
# the machine hits both alike; latency is measured with CLOCK_MONOTONIC, which all processes of a host share.
#
# Usage: scripts/bench-nt.sh [--count N] [--rate HZ] [--rounds R] [--json]
# Installs its peer (pyntcore) through scripts/setup-debian.sh --bench and builds nt-benchmark (release, Benchmarks/).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=1000
RATE=100
JSON=0
ROUNDS=4
while [[ $# -gt 0 ]]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --rate) RATE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --json) JSON=1; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (use --count N, --rate HZ, --rounds R, --json)" >&2; exit 2 ;;
    esac
done

scripts/setup-debian.sh --bench >&2
(cd Benchmarks && swift build -c release --product nt-benchmark >&2)
BIN="$(cd Benchmarks && swift build -c release --show-bin-path)/nt-benchmark"
echo "peer: pyntcore $(python3 -c 'import importlib.metadata as m; print(m.version("pyntcore"))') (WPILib NT4 server, subscriber and client), Python $(python3 -c 'import platform; print(platform.python_version())')" >&2

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

PEER=scripts/nt4-peer.py
# The peers stop on SIGTERM (sent by cleanup) or at their time limit.
timeout 900 python3 -u "$PEER" --ignore-stdin server --seconds 890 </dev/null >"$WORK/server.out" &
PIDS+=($!)
for _ in $(seq 1 150); do grep -q READY "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
PORT="$(awk '/READY/ {print $2}' "$WORK/server.out")"
[[ -n "$PORT" ]] || { echo "pyntcore server did not start" >&2; exit 1; }

timeout 900 python3 -u "$PEER" --ignore-stdin subscribe --port "$PORT" \
    --prefix /bench/swift/frame --prefix /bench/python/frame --seconds 890 </dev/null >"$WORK/sub.out" &
PIDS+=($!)
for _ in $(seq 1 150); do grep -q CONNECTED "$WORK/sub.out" 2>/dev/null && break; sleep 0.1; done
grep -q CONNECTED "$WORK/sub.out" || { echo "pyntcore subscriber did not connect" >&2; exit 1; }

PER_ROUND=$(( (COUNT + ROUNDS - 1) / ROUNDS ))
run_swift() { timeout 300 "$BIN" --port "$PORT" --root /bench --camera swift --count "$PER_ROUND" --rate "$RATE" --first "$1" >>"$WORK/swift.out"; }
run_python() { timeout 300 python3 -u "$PEER" publish --port "$PORT" --table /bench/python --count "$PER_ROUND" --rate "$RATE" --first "$1" </dev/null >>"$WORK/python.out"; }
for round in $(seq 0 $((ROUNDS - 1))); do
    first=$((round * PER_ROUND))
    echo "round $((round + 1))/$ROUNDS" >&2
    if (( round % 2 == 0 )); then run_swift "$first"; run_python "$first"; else run_python "$first"; run_swift "$first"; fi
done
sleep 1

python3 - "$WORK" "$((PER_ROUND * ROUNDS))" "$RATE" "$JSON" "$ROUNDS" <<'PY'
import json, sys
work, count, rate, as_json, rounds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])

def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows

received = {}
for row in load(f"{work}/sub.out"):
    key = (row["name"], row["value"])
    received.setdefault(key, row["mono_ns"])  # first arrival

def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    index = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[index]

results = {}
for impl in ["swift", "python"]:
    produced = load(f"{work}/{impl}.out")
    latencies = []
    for row in produced:
        got = received.get((f"/bench/{impl}/frame", row["frame"]))
        if got is not None:
            latencies.append((got - row["mono_ns"]) / 1e6)
    results[impl] = {
        "published": len(produced),
        "received": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies) if latencies else float("nan"),
    }

report = {"count": count, "rate_hz": rate, "rounds": rounds, "topics_per_result": 19,
          "path": "publisher -> pyntcore NT4 server -> pyntcore subscriber (sendAll, periodic 5 ms), 127.0.0.1",
          "swift_nt4client": results["swift"], "pyntcore_client": results["python"]}
if as_json:
    print(json.dumps(report, indent=2))
else:
    print(f"NT4 end-to-end latency, {count} results per publisher at {rate:g} Hz in {rounds} alternating rounds, 19 topics per result")
    print(f"{'publisher':<18} {'published':>9} {'received':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, key in [("Swift NT4Client", "swift"), ("pyntcore client", "python")]:
        r = results[key]
        print(f"{name:<18} {r['published']:>9} {r['received']:>9} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['max_ms']:>8.2f}")
PY
