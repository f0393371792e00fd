#!/usr/bin/env bash
# Serves two budgeted streams with stream-bench on 127.0.0.1 and screenshots a page showing both in headless
# Chromium (installed by scripts/setup-debian.sh --bench). Output: docs/generated/streams-screenshot.png (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/generated/streams-screenshot.png}"
scripts/setup-debian.sh --bench >&2
(cd Benchmarks && swift build -c release --product stream-bench >&2)
bin="$(cd Benchmarks && swift build -c release --show-bin-path)/stream-bench"
image=()
candidate=../shared/testdata/frc/apriltag/tag1_640_480.jpg
if [[ -f "$candidate" ]]; then
    image=(--image "$candidate")
else
    echo "note: $candidate is absent (../shared/testdata beside the repository); streaming a synthetic test card" >&2
fi
log="$(mktemp)"
"$bin" --streams 2 ${image[@]+"${image[@]}"} --warmup 1 --duration 20 --budget-mbps 4 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log" "$page"' EXIT
for _ in $(seq 50); do grep -q READY "$log" && break; sleep 0.2; done
ports=$(sed -n 's/^READY {"ports":\[\(.*\)\]}$/\1/p' "$log" | tr -d ' ')
p1=${ports%,*}
p2=${ports#*,}
page="$(mktemp --suffix=.html)"
cat >"$page" <<HTML
<!DOCTYPE html><html><head><style>body{background:#222;color:#eee;font-family:sans-serif;margin:8px}
img{width:640px;height:480px;margin:2px;border:1px solid #555;vertical-align:top} .row{white-space:nowrap}</style></head>
<body><div>DriveCam http://127.0.0.1:$p1/?action=stream &nbsp; ClawCam http://127.0.0.1:$p2/stream.mjpg (4 Mbit/s budget shared)</div>
<div class="row"><img src="http://127.0.0.1:$p1/?action=stream"><img src="http://127.0.0.1:$p2/stream.mjpg"></div></body></html>
HTML
sleep 2
chromium --headless --no-sandbox --disable-gpu --screenshot="$out" --window-size=1310,530 --timeout=6000 "file://$page" 2>/dev/null
echo "wrote $out"
