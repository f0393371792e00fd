#!/usr/bin/env bash
# Installs what building and running the services needs on Debian 12 (bookworm): the system libraries.
# With --test it also installs the real peers the tests talk to (Python pyzmq/pyntcore/OpenCV, ffmpeg, Chromium,
# esbuild and node for AdvantageScope's log decoder);
# with --bench, the peers the benchmarks compare against (scripts/bench-*.sh call it themselves): a C compiler,
# Debian's libapriltag-dev, valgrind, pyzmq, pyntcore, robotpy-apriltag, robotpy-cscore, OpenCV and numpy.
# Swift itself (6.2 or newer) must already be installed: https://www.swift.org/install/linux/
set -euo pipefail

want_test=false
want_bench=false
for arg in "$@"; do
    case "$arg" in
        --test) want_test=true ;;
        --bench) want_bench=true ;;
        *) echo "usage: $0 [--test] [--bench]" >&2; exit 2 ;;
    esac
done

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; install Swift 6.2 or newer (https://www.swift.org/install/linux/) and retry" >&2
    exit 2
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: run as root or install sudo" >&2; exit 2; }
    sudo_cmd=(sudo)
fi

# AprilTag is built from its vendored source (Sources/CAprilTag); Debian's libapriltag-dev is a benchmark peer only.
packages=(libzmq3-dev libopencv-dev pkg-config)
$want_test && packages+=(ffmpeg curl chromium python3 python3-pip iproute2 esbuild nodejs)
$want_bench && packages+=(gcc python3 python3-pip chromium libapriltag-dev valgrind)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python peers as module=package pairs: a package is installed only when its module does not import.
peers=()
$want_test && peers+=(zmq=pyzmq ntcore=pyntcore cv2=opencv-python-headless numpy=numpy robotpy_apriltag=robotpy-apriltag
    photonlibpy=photonlibpy==2026.3.4)
$want_test && peers+=(wpiutil=robotpy-wpiutil)
$want_bench && peers+=(zmq=pyzmq ntcore=pyntcore cv2=opencv-python-headless numpy=numpy
    robotpy_apriltag=robotpy-apriltag cscore=robotpy-cscore photonlibpy=photonlibpy==2026.3.4)
pip_packages=()
for peer in ${peers[@]+"${peers[@]}"}; do
    python3 -c "import ${peer%%=*}" >/dev/null 2>&1 || pip_packages+=("${peer#*=}")
done
if [ ${#pip_packages[@]} -gt 0 ]; then
    echo "installing Python peers: ${pip_packages[*]}"
    python3 -m pip install -q "${pip_packages[@]}" 2>/dev/null \
        || python3 -m pip install -q --break-system-packages "${pip_packages[@]}"
fi
