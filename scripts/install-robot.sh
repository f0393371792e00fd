#!/usr/bin/env bash
# Installs the robot vision services on a coprocessor (Debian 12 / Raspberry Pi OS bookworm, systemd):
#   - the runtime libraries from apt (ZeroMQ, OpenCV modules, AprilTag);
#   - targeting, camstreamer and control in /usr/local/bin: built here (`swift build -c release`, needs the
#     Swift toolchain on PATH) or copied from --binaries DIR (e.g. taken out of the Docker image);
#   - the system user `robotvision` (groups: video);
#   - the configs in /etc/robot-vision/ (an existing, edited config is kept; the new one is written next to it
#     as *.dist);
#   - CURVE keys in /etc/robot-vision/keys (made once with `control keygen`; never replaced): targeting,
#     camstreamer and robot (this robot's own key: the units' ExecStop and `sudo control ... --config
#     /etc/robot-vision/stack.yml` use it). Secret keys are root-only (0600) and reach the services through
#     LoadCredential=; keys/control/ lists who may stop the services (robot.pub; add operators' .pub files),
#     keys/results/ who may send results (targeting.pub). See docs/security.md;
#   - the units robot-vision-targeting.service and robot-vision-camstreamer.service, enabled and (re)started.
# Running it again changes only what differs (idempotent); services are restarted only when their binary,
# config or unit changed.
#
# Usage: sudo scripts/install-robot.sh [--binaries DIR] [--no-apt] [--no-start]
#   --binaries DIR  copy targeting, camstreamer, control from DIR instead of building
#   --no-apt        do not install packages (they must already be there)
#   --no-start      install and enable the units, do not start or restart them
# Exit: 0 installed (or already up to date), 1 not root or a step failed, 2 bad usage.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binaries=""
use_apt=1
start=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binaries) binaries="${2:?--binaries needs a directory}"; shift 2 ;;
        --no-apt) use_apt=0; shift ;;
        --no-start) start=0; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [[ "$(id -u)" -ne 0 ]]; then
    echo "error: install-robot.sh must run as root (it installs packages, a system user and systemd units): sudo $0 $*" >&2
    exit 1
fi

prefix=/usr/local/bin
etc=/etc/robot-vision
units_dir=/etc/systemd/system
doc_dir=/usr/local/share/doc/robot-vision
user=robotvision
services=(targeting camstreamer)
executables=(targeting camstreamer control)
# Runtime libraries: the ones the executables link (keep in sync with docker/Dockerfile's runtime stage).
runtime_packages=(libzmq5 libopencv-core406 libopencv-imgproc406 libopencv-imgcodecs406
    libopencv-videoio406 libopencv-calib3d406)
build_packages=(libzmq3-dev libopencv-dev pkg-config)

log() { echo "install-robot: $*"; }
changed_services=()
mark_changed() { local s; for s in "$@"; do [[ " ${changed_services[*]-} " == *" $s "* ]] || changed_services+=("$s"); done; }

# install_file SRC DEST MODE: copies when absent or different; returns 0 when it changed DEST.
install_file() {
    local src="$1" dest="$2" mode="$3"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest"; then
        return 1
    fi
    install -D -m "$mode" "$src" "$dest"
    return 0
}

# --- 1. packages --------------------------------------------------------------------------------------------
packages=("${runtime_packages[@]}")
[[ -z "$binaries" ]] && packages+=("${build_packages[@]}")
if [[ "$use_apt" == 1 ]]; then
    missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -q update
        apt-get -q install -y --no-install-recommends "${missing[@]}"
    else
        log "packages: all present"
    fi
fi

# --- 2. executables -----------------------------------------------------------------------------------------
if [[ -z "$binaries" ]]; then
    command -v swift >/dev/null || { echo "error: swift not on PATH; install the toolchain or use --binaries DIR" >&2; exit 1; }
    # Build as the user who invoked sudo, so .build/ stays theirs.
    build_user="${SUDO_USER:-root}"
    log "building release executables in $repo as $build_user (takes minutes on a coprocessor)"
    runuser -u "$build_user" -- env PATH="$PATH" swift build --package-path "$repo" -c release --static-swift-stdlib
    binaries="$(runuser -u "$build_user" -- env PATH="$PATH" swift build --package-path "$repo" -c release --static-swift-stdlib --show-bin-path)"
fi
for exe in "${executables[@]}"; do
    [[ -x "$binaries/$exe" ]] || { echo "error: $binaries/$exe not found or not executable" >&2; exit 1; }
    if install_file "$binaries/$exe" "$prefix/$exe" 0755; then
        log "installed $prefix/$exe"
        case "$exe" in targeting|camstreamer) mark_changed "$exe" ;; control) mark_changed "${services[@]}" ;; esac
    fi
done

# --- 3. user ------------------------------------------------------------------------------------------------
getent group video >/dev/null || groupadd --system video
if ! getent passwd "$user" >/dev/null; then
    useradd --system --user-group --groups video --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$user"
    log "created system user $user (groups: video)"
elif ! id -nG "$user" | tr ' ' '\n' | grep -qx video; then
    usermod -a -G video "$user"
    log "added $user to group video"
fi

# --- 4. keys and configs --------------------------------------------------------------------------------------
install -d -m 0755 "$etc"
keys="$etc/keys"
install -d -m 0755 "$keys" "$keys/control" "$keys/results"
for key in targeting camstreamer robot; do
    if [[ ! -f "$keys/$key.key" ]]; then
        "$prefix/control" keygen --out "$keys" --name "$key" >/dev/null
        log "generated the CURVE key pair $keys/$key.key (secret, root only) and $keys/$key.pub"
        mark_changed "${services[@]}"
    fi
    chown root:root "$keys/$key.key"
    chmod 0600 "$keys/$key.key"
done
install_file "$keys/robot.pub" "$keys/control/robot.pub" 0644 && mark_changed "${services[@]}" || true
install_file "$keys/targeting.pub" "$keys/results/targeting.pub" 0644 && mark_changed camstreamer || true
# The installed stack file uses this robot's key and each service's public key.
generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
with_keys() {
    awk -v keys="$keys" '
        /^[a-z]/ { section = $1 }
        section == "security:" && /^  secret_key_file:/ { print "  secret_key_file: " keys "/robot.key"; next }
        section == "services:" && match($0, /name: [A-Za-z0-9_.-]+/) { name = substr($0, RSTART + 6, RLENGTH - 6) }
        section == "services:" && /^    server_key_file:/ { print "    server_key_file: " keys "/" name ".pub"; next }
        { print }
    ' "$1"
}
with_keys "$repo/services/stack.yml" >"$generated/stack.yml"
# A stack file from before keys (the image's, or an earlier install) keeps its edits and gets this robot's keys,
# so that `control status|stop` keep working once the services run CURVE.
if [[ -f "$etc/stack.yml" ]] && grep -qE "^  secret_key_file: ''" "$etc/stack.yml"; then
    with_keys "$etc/stack.yml" >"$generated/stack.keyed.yml"
    cp -p "$etc/stack.yml" "$etc/stack.yml.before-keys"
    install -m 0644 "$generated/stack.keyed.yml" "$etc/stack.yml"
    log "added this robot's CURVE key files to $etc/stack.yml (the file before: $etc/stack.yml.before-keys)"
    mark_changed stack
fi
for file in targeting.yml camstreamer.yml stack.yml; do
    src="$repo/services/$file"
    [[ "$file" == stack.yml ]] && src="$generated/stack.yml"
    dest="$etc/$file"
    if [[ ! -f "$dest" ]]; then
        install -m 0644 "$src" "$dest"
        log "installed $dest"
        mark_changed "${file%.yml}"
    elif ! cmp -s "$src" "$dest"; then
        if install_file "$src" "$dest.dist" 0644; then
            log "kept your edited $dest; the shipped version is $dest.dist (compare: diff $dest $dest.dist)"
        fi
    fi
done
for doc in deployment.md security.md; do
    install_file "$repo/docs/$doc" "$doc_dir/$doc" 0644 && log "installed $doc_dir/$doc" || true
done

# --- 5. units -----------------------------------------------------------------------------------------------
units=()
for s in "${services[@]}"; do
    unit="robot-vision-$s.service"
    units+=("$unit")
    if install_file "$repo/services/systemd/$unit" "$units_dir/$unit" 0644; then
        log "installed $units_dir/$unit"
        mark_changed "$s"
    fi
done

command -v systemctl >/dev/null || { echo "error: systemctl not found: this script needs a systemd system" >&2; exit 1; }
if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl enable --quiet "${units[@]}"
    if [[ "$start" == 1 ]]; then
        for s in "${services[@]}"; do
            unit="robot-vision-$s.service"
            if ! systemctl is-active --quiet "$unit"; then
                systemctl start "$unit" && log "started $unit"
            elif [[ " ${changed_services[*]-} " == *" $s "* ]]; then
                systemctl restart "$unit" && log "restarted $unit (it changed)"
            fi
        done
        systemctl --no-pager --lines=0 status "${units[@]}" || true
    fi
else
    # Not booted with systemd (image build, chroot, container): enabling only creates the symlinks.
    systemctl enable --quiet "${units[@]}"
    log "systemd is not running here: units enabled, they start at the next boot"
fi

if [[ ${#changed_services[@]} -eq 0 ]]; then
    log "everything was already up to date"
fi
log "done. Status: sudo control status --config $etc/stack.yml; logs: journalctl -u 'robot-vision-*'"
log "operators: \`control keygen --out ~/.robot-vision --name YOU\` on your laptop, copy YOU.pub to $keys/control/ here and restart the services"
