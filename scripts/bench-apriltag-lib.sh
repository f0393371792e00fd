#!/usr/bin/env bash
# Compares the AprilTag library builds alone: this project's (the vendored, sped-up v3.3.0 in Sources/CAprilTag,
# compiled as SwiftPM compiles it: -O3 -DNDEBUG), Debian's libapriltag 3.3 (what the project linked before) and the
# one inside WPILib's robotpy-native-apriltag (what scripts/bench-vision.sh's WPILib side runs), on the bench-vision
# images at 320x240 and 1280x720, same settings, per-frame thread CPU time (see scripts/bench-apriltag-lib.c).
# Runs alternate ROUNDS times; prints each build's median over the rounds per image. With --instructions it also
# counts the instructions of one detection per image and build under valgrind (callgrind): a figure a loaded
# machine does not disturb.
# Installs its peers (gcc, libapriltag-dev, valgrind, opencv-python-headless, robotpy-apriltag) through
# scripts/setup-debian.sh --bench. Needs ../shared/testdata beside the repository; skips with a message without it.
# Usage: scripts/bench-apriltag-lib.sh [ROUNDS] [REPEAT] [--instructions]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -d "$repo/../shared/testdata/frc/apriltag" ]]; then
    echo "skipped: ../shared/testdata/frc/apriltag is absent (the shared test data lives beside the repository)" >&2
    exit 0
fi
instructions=false
numbers=()
for arg in "$@"; do
    if [[ "$arg" == --instructions ]]; then instructions=true; else numbers+=("$arg"); fi
done
rounds="${numbers[0]:-6}"
repeat="${numbers[1]:-60}"
"$repo/scripts/setup-debian.sh" --bench >&2
echo "peer: robotpy-native-apriltag $(python3 -c 'import importlib.metadata as m; print(m.version("robotpy-native-apriltag"))') (WPILib's libapriltag), Debian libapriltag $(dpkg-query -W -f='${Version}' libapriltag3 2>/dev/null || echo unknown)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
native="$(python3 -c 'import os, native.apriltag as m; print(os.path.dirname(list(m.__path__)[0]))')"
vendored="$repo/Sources/CAprilTag/apriltag"
cc="$(command -v clang || command -v gcc)"
mkdir "$tmp/ours"
for source in "$vendored"/*.c "$vendored"/common/*.c; do
    "$cc" -c -O3 -DNDEBUG -w -I"$vendored" "$source" -o "$tmp/ours/$(basename "$source" .c).o"
done
"$cc" -O2 -I"$vendored" "$repo/scripts/bench-apriltag-lib.c" "$tmp"/ours/*.o -o "$tmp/ours/bench" -lm -lpthread
gcc -O2 -I/usr/include/apriltag "$repo/scripts/bench-apriltag-lib.c" -o "$tmp/debian" -lapriltag -lm
# WPILib's libapriltag also holds its C++ detector classes, which need wpiutil/wpimath at load time only.
gcc -O2 -I"$native/apriltag/include" "$repo/scripts/bench-apriltag-lib.c" -o "$tmp/wpilib" \
    -L"$native/apriltag/lib" -lapriltag -Wl,-rpath,"$native/apriltag/lib" -Wl,--unresolved-symbols=ignore-all -lm
python3 - "$repo/../shared/testdata/frc/apriltag" "$tmp" <<'PY'
import cv2, os, sys
src, out = sys.argv[1], sys.argv[2]
for w, h in [(320, 240), (1280, 720)]:
    for name in ("tag1_640_480.jpg", "robots.jpg"):
        img = cv2.imread(os.path.join(src, name))
        interp = cv2.INTER_AREA if img.shape[1] > w else cv2.INTER_LINEAR
        grey = cv2.cvtColor(cv2.resize(img, (w, h), interpolation=interp), cv2.COLOR_BGR2GRAY)
        cv2.imwrite(os.path.join(out, f"{os.path.splitext(name)[0]}_{w}x{h}.pgm"), grey)
PY
export LD_LIBRARY_PATH="$native/wpiutil/lib:$native/wpimath/lib"
for ((r = 0; r < rounds; r++)); do
    "$tmp/ours/bench" "$repeat" "$tmp"/*.pgm | sed 's/^{/{"lib": "ours", /'
    "$tmp/wpilib" "$repeat" "$tmp"/*.pgm | sed 's/^{/{"lib": "wpilib", /'
    "$tmp/debian" "$repeat" "$tmp"/*.pgm | sed 's/^{/{"lib": "debian", /'
done > "$tmp/runs.jsonl"
: > "$tmp/instructions.txt"
if $instructions; then
    for lib in ours wpilib debian; do
        binary="$tmp/$lib"
        [[ "$lib" == ours ]] && binary="$tmp/ours/bench"
        for image in "$tmp"/*.pgm; do
            valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
                --toggle-collect=apriltag_detector_detect "$binary" 1 "$image" >/dev/null 2>&1
            echo "$lib $(basename "$image") $(awk '/^summary:/ {print $2}' "$tmp/callgrind.out")"
        done
    done > "$tmp/instructions.txt"
fi
python3 - "$tmp/runs.jsonl" "$rounds" "$tmp/instructions.txt" <<'PY'
import collections, json, os, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    j = json.loads(line)
    runs[(os.path.basename(j["image"]), j["lib"])].append(j["median_cpu_ms"])
print(f"median over {sys.argv[2]} alternating rounds of each image's median per-frame thread CPU time (ms)")
print(f"{'image':<28} {'ours':>9} {'wpilib':>9} {'debian 3.3':>11} {'wpilib/ours':>12} {'debian/ours':>12}")
for image in sorted({k[0] for k in runs}):
    o, w, d = (statistics.median(runs[(image, lib)]) for lib in ("ours", "wpilib", "debian"))
    print(f"{image:<28} {o:>9.3f} {w:>9.3f} {d:>11.3f} {w / o:>11.2f}x {d / o:>11.2f}x")
counts = {}
for line in open(sys.argv[3]):
    lib, image, count = line.split()
    counts[(image, lib)] = int(count)
if counts:
    print("instructions of one apriltag_detector_detect call (callgrind)")
    print(f"{'image':<28} {'ours':>13} {'wpilib':>13} {'debian 3.3':>13} {'wpilib/ours':>12} {'debian/ours':>12}")
    for image in sorted({k[0] for k in counts}):
        o, w, d = (counts[(image, lib)] for lib in ("ours", "wpilib", "debian"))
        print(f"{image:<28} {o:>13,} {w:>13,} {d:>13,} {w / o:>11.2f}x {d / o:>11.2f}x")
PY
