#!/usr/bin/env bash
# Compares the AprilTag library builds alone: Debian's libapriltag (what this project links) and the one inside
# WPILib's robotpy-native-apriltag (what scripts/bench-vision.sh's WPILib side runs), on the bench-vision images
# at 320x240 and 1280x720, same settings, per-frame thread CPU time (see scripts/bench-apriltag-lib.c).
# Runs alternate ROUNDS times; prints each build's median over the rounds per image.
# Installs its peers (gcc, libapriltag-dev, opencv-python-headless, robotpy-apriltag) through
# scripts/setup-debian.sh --bench. Needs ../shared/testdata beside the repository; skips with a message without it.
# Usage: scripts/bench-apriltag-lib.sh [ROUNDS] [REPEAT]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -d "$repo/../shared/testdata/frc/apriltag" ]]; then
    echo "skipped: ../shared/testdata/frc/apriltag is absent (the shared test data lives beside the repository)" >&2
    exit 0
fi
"$repo/scripts/setup-debian.sh" --bench >&2
echo "peer: robotpy-native-apriltag $(python3 -c 'import importlib.metadata as m; print(m.version("robotpy-native-apriltag"))') (WPILib's libapriltag), Debian libapriltag $(dpkg-query -W -f='${Version}' libapriltag3 2>/dev/null || echo unknown)"
rounds="${1:-6}"
repeat="${2:-60}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
native="$(python3 -c 'import os, native.apriltag as m; print(os.path.dirname(list(m.__path__)[0]))')"
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
    "$tmp/debian" "$repeat" "$tmp"/*.pgm | sed 's/^{/{"lib": "debian", /'
    "$tmp/wpilib" "$repeat" "$tmp"/*.pgm | sed 's/^{/{"lib": "wpilib", /'
done > "$tmp/runs.jsonl"
python3 - "$tmp/runs.jsonl" "$rounds" <<'PY'
import collections, json, os, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    j = json.loads(line)
    runs[(os.path.basename(j["image"]), j["lib"])].append(j["median_cpu_ms"])
print(f"median over {sys.argv[2]} alternating rounds of each image's median per-frame thread CPU time (ms)")
print(f"{'image':<28} {'debian 3.3':>11} {'wpilib':>9} {'wpilib/debian':>14}")
for image in sorted({k[0] for k in runs}):
    d, w = statistics.median(runs[(image, "debian")]), statistics.median(runs[(image, "wpilib")])
    print(f"{image:<28} {d:>11.3f} {w:>9.3f} {w / d:>13.2f}x")
PY
