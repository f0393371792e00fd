#!/usr/bin/env bash
# Recording benchmark: targeting's frame rate and CPU per frame with recording off and on (record.mode always),
# the synthetic camera at WIDTHxHEIGHT and 30 fps (the 2019 target, reflective2019 pipeline). Recording CPU per frame
# is the difference of the process's CPU time per frame (utime + stime from /proc) between the two runs; the goal is
# a frame rate within 5 % of the run without recording. The synthetic camera's frames are raw pixels, which the
# recorder JPEG-encodes. Then the same frames as image files (taken from the first recording with ffmpeg), off and on
# again: JPEG files, which the recorder writes as they are (pass-through, no encode), and PNG files (re-encoded).
# Usage: scripts/bench-record.sh [--bin DIR] [--seconds N] [--size WxH] [--json]
#   --bin DIR   the built executables (default .build/debug; use `swift build -c release` and .build/release for
#               figures, debug only for a smoke run)
# Prints one line per run and a summary; with --json one JSON object instead. Needs ffmpeg for the image-file runs.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$repo/.build/debug"
seconds=10
size=640x480
json=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --json) json=true; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
done
for exe in targeting control; do
    [[ -x "$bin/$exe" ]] || { echo "error: $bin/$exe not found; run \`swift build\` or pass --bin DIR" >&2; exit 2; }
done
width="${size%x*}"
height="${size#*x}"
work="$(mktemp -d)"
pid=""
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
figure() {  # figure NAME: the figure from `control status --json` of the running service
    "$bin/control" status --endpoint "$endpoint" --json --timeout 5 | python3 -c 'import json, sys
services = json.load(sys.stdin).get("services", {})
print(next(iter(services.values()), {}).get("figures", {}).get(sys.argv[1], "nan"))' "$1"
}

# run SOURCE MODE: writes "fps cpu_ms_per_frame dropped written bytes" to $work/SOURCE-MODE.result; SOURCE is
# synthetic, or a folder name under $work holding the image files (jpeg, png)
run() {
    local source="$1" mode="$2"
    local name="$source-$mode"
    local camera=()
    [[ "$source" != synthetic ]] && camera=(--set camera.kind=images --set "camera.location=$work/$source" \
        --set camera.loop=true --set camera.fps=30)
    endpoint="tcp://127.0.0.1:$(free_port)"
    "$bin/targeting" --control "$endpoint" --set "results.connect=[\"tcp://127.0.0.1:$(free_port)\"]" \
        --set "camera.synthetic.calibration={width: $width, height: $height, fx: $((width * 85 / 100)), fy: $((width * 85 / 100)), cx: $((width / 2)), cy: $((height / 2)), distortion: []}" \
        --set "camera.synthetic.fps=30" --set "record.mode=$mode" --set "record.directory=$work/$name" "${camera[@]}" \
        >"$work/$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -qs "control channel listening" "$work/$name.log" && break; sleep 0.1; done
    sleep 2
    local ticks0 frames0 start ticks1 frames1 end
    ticks0=$(cpu_ticks "$pid"); frames0=$(figure frames); start=$(date +%s.%N)
    sleep "$seconds"
    ticks1=$(cpu_ticks "$pid"); frames1=$(figure frames); end=$(date +%s.%N)
    local dropped written
    dropped=$(figure record_dropped); written=$(figure record_frames)
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    local bytes
    bytes=$(du -sb "$work/$name" 2>/dev/null | cut -f1 || echo 0)
    python3 - "$frames0" "$frames1" "$start" "$end" "$ticks0" "$ticks1" "$(getconf CLK_TCK)" "$dropped" "$written" "$bytes" \
        >"$work/$name.result" <<'PY'
import sys
f0, f1, t0, t1, c0, c1, hz = (float(v) for v in sys.argv[1:8])
frames = max(f1 - f0, 1)
print(f"{frames / (t1 - t0):.2f} {(c1 - c0) / hz * 1000 / frames:.3f} {sys.argv[8]} {sys.argv[9]} {sys.argv[10]}")
PY
}

run synthetic off
run synthetic always
sources=(synthetic)
video="$(find "$work/synthetic-always" -name '*.mkv' | head -n 1)"
if command -v ffmpeg >/dev/null && [[ -n "$video" ]]; then
    mkdir -p "$work/jpeg" "$work/png"
    ffmpeg -v error -i "$video" -frames:v 90 -c:v copy -f image2 "$work/jpeg/%04d.jpg"
    ffmpeg -v error -i "$video" -frames:v 90 "$work/png/%04d.png"
    for source in jpeg png; do
        run "$source" off
        run "$source" always
        sources+=("$source")
    done
else
    echo "ffmpeg or the synthetic recording is missing: no image-file runs" >&2
fi
python3 - "$work" "$size" "$seconds" "$json" "${sources[@]}" <<'PY'
import json, sys
work, size, seconds, as_json, sources = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4] == "true", sys.argv[5:]
what = {"synthetic": "synthetic camera (raw pixels: JPEG-encoded)", "jpeg": "JPEG files (pass-through)",
        "png": "PNG files (raw pixels: JPEG-encoded)"}
def figures(source):
    fps_off, cpu_off, _, _, _ = open(f"{work}/{source}-off.result").read().split()
    fps_on, cpu_on, dropped, written, recorded = open(f"{work}/{source}-always.result").read().split()
    fps_off, cpu_off, fps_on, cpu_on = float(fps_off), float(cpu_off), float(fps_on), float(cpu_on)
    return {
        "fps_recording_off": fps_off, "fps_recording_on": fps_on,
        "fps_ratio": round(fps_on / fps_off, 3) if fps_off else None,
        "cpu_ms_per_frame_off": cpu_off, "cpu_ms_per_frame_on": cpu_on,
        "recording_cpu_ms_per_frame": round(cpu_on - cpu_off, 3),
        "record_frames": written, "record_dropped": dropped, "recorded_bytes": int(recorded),
        "recorded_bytes_per_frame": round(int(recorded) / float(written)) if float(written) > 0 else None,
    }
runs = {source: figures(source) for source in sources}
result = {"size": size, "seconds": seconds, **runs["synthetic"], "sources": runs}
if as_json:
    print(json.dumps(result))
else:
    for source, r in runs.items():
        print(f"{what[source]}:")
        print(f"  recording off: {r['fps_recording_off']:.1f} fps, {r['cpu_ms_per_frame_off']:.2f} ms CPU per frame")
        print(f"  recording on:  {r['fps_recording_on']:.1f} fps, {r['cpu_ms_per_frame_on']:.2f} ms CPU per frame "
              f"({r['record_frames']} frames recorded, {r['record_dropped']} dropped, {r['recorded_bytes'] / 1e6:.1f} MB, "
              f"{r['recorded_bytes_per_frame']} bytes per frame)")
        print(f"  frame rate on/off {r['fps_ratio']} (goal >= 0.95); recording costs "
              f"{r['recording_cpu_ms_per_frame']:.2f} ms CPU per frame")
PY
