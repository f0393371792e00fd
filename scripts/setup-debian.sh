#!/usr/bin/env bash
# Installs what building and running the services needs on Debian 12 (bookworm): the system libraries.
# With --test it also installs the real peers the tests talk to (Python pyzmq/pyntcore/OpenCV, ffmpeg, Chromium).
# Swift itself (6.2 or newer) must already be installed: https://www.swift.org/install/linux/
set -euo pipefail

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; install Swift 6.2 or newer (https://www.swift.org/install/linux/) and retry" >&2
    exit 2
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: run as root or install sudo" >&2; exit 2; }
    sudo_cmd=(sudo)
fi

packages=(libzmq3-dev libopencv-dev libapriltag-dev pkg-config)
$want_test && packages+=(ffmpeg curl chromium python3 python3-pip iproute2)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if $want_test; then
    pip_packages=(pyzmq pyntcore opencv-python-headless numpy robotpy-apriltag photonlibpy==2026.3.4)
    if ! python3 -c "import zmq, ntcore, cv2, numpy, robotpy_apriltag, photonlibpy" >/dev/null 2>&1; then
        echo "installing Python test peers: ${pip_packages[*]}"
        python3 -m pip install -q "${pip_packages[@]}" 2>/dev/null \
            || python3 -m pip install -q --break-system-packages "${pip_packages[@]}"
    fi
fi
