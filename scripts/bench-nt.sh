#!/usr/bin/env bash
# End-to-end NetworkTables latency: a targeting result produced -> the value arriving at a pyntcore subscriber,
# for our Swift NT4 client (nt-benchmark, release build) and for pyntcore's own client publishing the same
# 19 topics at the same rate, through one pyntcore NT4 server on 127.0.0.1, in one run.
#
# The two publishers alternate in ROUNDS rounds (order swapped every round) so that load from other work on
# the machine hits both alike; latency is measured with CLOCK_MONOTONIC, which all processes of a host share.
#
# Then PhotonLib's path: the real targeting executable (release, demo camera at 30 fps) publishes rawBytes to a
# robot process (pyntcore server + photonlibpy PhotonCamera polling getAllUnreadResults() every 1 ms, with
# PhotonVision's time sync server on UDP 5810: do not run beside the PhotonLib tests) for PHOTON_SECONDS; reported:
# rawBytes publish -> returned to robot code, capture -> returned, both in robot time, next to the figure
# PhotonVision publishes for its own pipeline.
#
# Usage: scripts/bench-nt.sh [--count N] [--rate HZ] [--rounds R] [--photon-seconds S (0: skip)] [--json]
# Installs its peers (pyntcore, photonlibpy) through scripts/setup-debian.sh --bench and builds nt-benchmark
# (release, Benchmarks/) and targeting (release).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=1000
RATE=100
JSON=0
ROUNDS=4
PHOTON_SECONDS=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --rate) RATE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --photon-seconds) PHOTON_SECONDS="$2"; shift 2 ;;
        --json) JSON=1; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (use --count N, --rate HZ, --rounds R, --photon-seconds S, --json)" >&2; exit 2 ;;
    esac
done

scripts/setup-debian.sh --bench >&2
(cd Benchmarks && swift build -c release --product nt-benchmark >&2)
BIN="$(cd Benchmarks && swift build -c release --show-bin-path)/nt-benchmark"
if [[ "$PHOTON_SECONDS" != 0 ]]; then
    swift build -c release --product targeting >&2
    TARGETING="$(swift build -c release --show-bin-path)/targeting"
fi
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

if [[ "$PHOTON_SECONDS" != 0 ]]; then
    echo "PhotonLib: targeting -> photonlibpy for ${PHOTON_SECONDS} s" >&2
    # The robot runs until its standard input closes: a sleep holds it open for the run.
    timeout 300 bash -c "sleep $((PHOTON_SECONDS + 60)) | python3 -u scripts/photon-peer.py robot --camera bench \
        --poll-ms 1 --seconds $((PHOTON_SECONDS + 60))" >"$WORK/photon.out" 2>"$WORK/photon.err" &
    PIDS+=($!)
    for _ in $(seq 1 300); do grep -q READY "$WORK/photon.out" 2>/dev/null && break; sleep 0.1; done
    ROBOT_PORT="$(awk '/READY/ {print $2; exit}' "$WORK/photon.out")"
    [[ -n "$ROBOT_PORT" ]] || { echo "photonlibpy robot did not start: $(cat "$WORK/photon.err")" >&2; exit 1; }
    free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
    "$TARGETING" --control "tcp://127.0.0.1:$(free_port)" --set "results.connect=[\"tcp://127.0.0.1:$(free_port)\"]" \
        --set camera_name=bench \
        --set networktables.server.enabled=true --set networktables.server.server_host=127.0.0.1 \
        --set "networktables.server.port=$ROBOT_PORT" --set service.log_level=warning >"$WORK/targeting.out" 2>&1 &
    PIDS+=($!)
    # Time sync warms up in about a second; results from the 3rd second on are measured.
    sleep 3
    start_lines=$(wc -l <"$WORK/photon.out")
    sleep "$PHOTON_SECONDS"
    tail -n +"$((start_lines + 1))" "$WORK/photon.out" >"$WORK/photon.window"
fi

python3 - "$WORK" "$((PER_ROUND * ROUNDS))" "$RATE" "$JSON" "$ROUNDS" "$PHOTON_SECONDS" <<'PY'
import json, os, sys
work, count, rate, as_json, rounds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
photon_seconds = float(sys.argv[6])

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

# PhotonVision's own published figure (docs/contributing/design-descriptions/e2e-latency.md in its repository):
# an LED switched by the roboRIO vs the timestamp of the first result that sees it, Orange Pi 5, OV9782 at
# 60 fps, reflective pipeline: mean error 11 ms with V4L frame times (26 ms before), under one 16.7 ms frame.
PHOTONVISION = {"source": "PhotonVision docs, design-descriptions/e2e-latency.md (2025)",
                "timestamp_error_mean_ms": 11.0, "camera_fps": 60}
window = os.path.join(work, "photon.window")
if photon_seconds > 0 and os.path.exists(window):
    rows = [json.loads(line) for line in open(window) if line.startswith("{")]
    got = [r for r in rows if "seq" in r]
    errors = [r for r in rows if "error" in r]
    delivery = [(r["robot_now_us"] - r["publish_us"]) / 1e3 for r in got if r.get("since_pong_us", -1) >= 0]
    age = [(r["robot_now_us"] - r["capture_us"]) / 1e3 for r in got if r.get("since_pong_us", -1) >= 0]
    seqs = [r["seq"] for r in got]
    lost = sum(b - a - 1 for a, b in zip(seqs, seqs[1:]) if b > a + 1)
    offsets = [abs(r["sync_offset_us"] - r["true_offset_us"]) for r in rows
               if r.get("sync_offset_us") is not None and r.get("true_offset_us") is not None]
    report["photonlib_rawbytes"] = {
        "results": len(got), "time_synced": len(delivery), "lost": lost, "decode_errors": len(errors),
        "publish_to_robot_code_p50_ms": percentile(delivery, 50), "publish_to_robot_code_p95_ms": percentile(delivery, 95),
        "capture_to_robot_code_p50_ms": percentile(age, 50), "capture_to_robot_code_p95_ms": percentile(age, 95),
        "time_sync_offset_error_p50_us": percentile(offsets, 50), "time_sync_offset_error_max_us": max(offsets, default=float("nan")),
        "path": "targeting (release, demo camera 30 fps) -> pyntcore NT4 server -> photonlibpy getAllUnreadResults() polled every 1 ms",
        "photonvision_published": PHOTONVISION,
    }
if as_json:
    print(json.dumps(report, indent=2))
else:
    print(f"NT4 end-to-end latency, {count} results per publisher at {rate:g} Hz in {rounds} alternating rounds, 19 topics per result")
    print(f"{'publisher':<18} {'published':>9} {'received':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, key in [("Swift NT4Client", "swift"), ("pyntcore client", "python")]:
        r = results[key]
        print(f"{name:<18} {r['published']:>9} {r['received']:>9} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['max_ms']:>8.2f}")
    if "photonlib_rawbytes" in report:
        p = report["photonlib_rawbytes"]
        print()
        print(f"PhotonLib rawBytes ({p['results']} results, {p['time_synced']} time-synced, {p['lost']} lost, "
              f"{p['decode_errors']} decode errors), robot time:")
        print(f"  rawBytes publish -> getAllUnreadResults(): p50 {p['publish_to_robot_code_p50_ms']:.2f} ms, "
              f"p95 {p['publish_to_robot_code_p95_ms']:.2f} ms (includes up to 1 ms of polling)")
        print(f"  capture -> getAllUnreadResults(): p50 {p['capture_to_robot_code_p50_ms']:.2f} ms, "
              f"p95 {p['capture_to_robot_code_p95_ms']:.2f} ms")
        print(f"  time sync offset error vs the robot clock: p50 {p['time_sync_offset_error_p50_us']:.0f} us, "
              f"max {p['time_sync_offset_error_max_us']:.0f} us")
        print(f"  PhotonVision publishes no rawBytes transport figure; its end-to-end timestamp error is a mean of "
              f"{PHOTONVISION['timestamp_error_mean_ms']:.0f} ms at {PHOTONVISION['camera_fps']} fps ({PHOTONVISION['source']})")
PY
