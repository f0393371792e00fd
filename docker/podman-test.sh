#!/usr/bin/env bash
# End-to-end test of docker/Dockerfile and docker/docker-compose.yml with podman and podman-compose, on a
# machine with no Docker engine and no image registry (Debian 12, as root).
#
#   1. installs podman, runc, debootstrap (apt) and podman-compose (pip) when missing;
#   2. makes the base images locally: debootstrap bookworm (minbase) -> localhost/debian:bookworm-slim, and
#      a stand-in for the official Swift image -> localhost/swift:6.3-bookworm (docker/test/swift-local.Containerfile;
#      TEST ONLY: the host's toolchain /opt/swift and package mirror /opt/swift-packages are mounted read-only
#      into the build with `podman build --volume`, instead of being part of the image);
#   3. builds docker/Dockerfile unchanged (base images passed as the SWIFT_IMAGE / RUNTIME_IMAGE build args),
#      and checks with ldd that every executable finds its libraries in the runtime image;
#   3b. runs scripts/install-robot.sh in a fresh bookworm container (apt packages, idempotent second run, refuses
#      non-root), and in the runtime image booted with systemd as PID 1 (docker/test/systemd.Containerfile):
#      the units start, Restart=on-failure restarts a killed service, `systemctl stop` goes through ExecStop;
#   4. brings the stack up with podman-compose from the same docker/docker-compose.yml plus a TEST-ONLY override
#      (written to the work directory, printed in the output): the project's default network is an external
#      podman network created by the test with a subnet inside 198.18.0.0/15 (RV_TEST_SUBNET, default
#      198.19.42.0/24), not podman's 10.88/10.89 defaults, and every published port is bound on the host's
#      127.0.0.1 (host ports moved to free ones so the stack cannot clash with anything else on the machine).
#      Checks that every container got an address in that subnet and every published port is on 127.0.0.1,
#      waits until every container's compose health check (`control status` in the container) passes, and
#      checks the control ports published on the host's loopback and the stop/status channel across
#      containers (by service name);
#   5. optional checks (pass both for the full test):
#        --check-results  camstreamer's `results_received` (control status --json) increases (targeting
#                         publishes results);
#        --check-mjpeg    one JPEG frame read from camstreamer's MJPEG stream on the host (port 1181);
#   6. stops the stack the way `docker compose down` does (dependents first: control, then the services) and
#      checks that every container exited 0 after a graceful stop: exit code, "stop requested" (the stop
#      channel) and "stopped cleanly" in each service's log;
#   7. removes its containers, network and images (keeps the base images with --keep-base-images).
# Networks: only loopback, the host's own network (`--network host`: apt during the image builds, and the
# install test's apt) and the test network in 198.18.0.0/15 are used; every other container runs with
# `--network none`.
# If `control up` is not in the image yet, the control container is not started; the test then sends the
# stop broadcast itself with `control stop` from a one-off control container (same stack, same network).
#
# Usage: sudo docker/podman-test.sh [--check-results] [--check-mjpeg] [--keep-base-images] [--keep-images]
# Exit: 0 passed, 1 a check failed, 2 setup failed. Every wait is bounded; the whole run is bounded by
# RV_TEST_TIMEOUT (default 5400 s) for the image build, at most 900 s for each other step.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run_args="$*"
check_results=0
check_mjpeg=0
keep_base=0
keep_images=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --check-results) check_results=1 ;;
        --check-mjpeg) check_mjpeg=1 ;;
        --keep-base-images) keep_base=1 ;;
        --keep-images) keep_images=1; keep_base=1 ;;
        -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
[[ "$(id -u)" -eq 0 ]] || { echo "error: run as root (rootful podman with runc)" >&2; exit 2; }

build_timeout="${RV_TEST_TIMEOUT:-5400}"
work="${RV_TEST_WORK:-/tmp/rv-podman-test}"
project=rv-podman-test
image=localhost/robot-vision:podman-test
build_image=localhost/robot-vision-build:podman-test
base_image=localhost/debian:bookworm-slim
swift_image=localhost/swift:6.3-bookworm
# The compose project's network: created by the test, external to compose (TEST ONLY, see step 4).
test_net="${RV_TEST_NETWORK:-rv-podman-test-net}"
test_subnet="${RV_TEST_SUBNET:-198.19.42.0/24}"
python3 -c 'import ipaddress,sys; n=ipaddress.ip_network(sys.argv[1]); sys.exit(0 if n.subnet_of(ipaddress.ip_network("198.18.0.0/15")) else 1)' \
    "$test_subnet" 2>/dev/null || { echo "error: RV_TEST_SUBNET=$test_subnet is not inside 198.18.0.0/15" >&2; exit 2; }
override="$work/compose.podman-test.yml"
compose=(podman-compose -p "$project" -f "$repo/docker/docker-compose.yml" -f "$override")

t_start=$(date +%s)
# The host's IPv4 addresses before the run: a container on a podman network adds its bridge's gateway address.
host_addrs_before="$(ip -4 -o addr show | awk '{print $2, $4}' | sort)"
phase_start=$t_start
timings=()
phase() {
    local now
    now=$(date +%s)
    [[ -n "${phase_name:-}" ]] && timings+=("$(printf '%-40s %5ss' "$phase_name" $((now - phase_start)))")
    phase_name="$1"
    phase_start=$now
    echo
    echo "=== $(date -u +%H:%M:%S) $1"
}
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }
die() { echo "SETUP FAILED: $*" >&2; exit 2; }

# --- 1. tools -------------------------------------------------------------------------------------------------
echo "docker/podman-test.sh $run_args"
echo "started $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$([[ -n "$(git -C "$repo" status --porcelain 2>/dev/null)" ]] && echo ' (with uncommitted changes)')"
phase "hardening keys (compose file and systemd units)"
# Static checks, before anything is built: every compose service is sandboxed and every unit has the keys of
# docs/security.md (scripts/test-systemd-units.sh also scores the units with systemd-analyze security).
if python3 - "$repo/docker/docker-compose.yml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
bad = []
for name, svc in doc["services"].items():
    for key, want in [("read_only", True), ("cap_drop", ["ALL"]), ("security_opt", ["no-new-privileges:true"])]:
        if svc.get(key) != want:
            bad.append(f"{name}: {key} is {svc.get(key)!r}, want {want!r}")
    for key in ("mem_limit", "pids_limit", "tmpfs"):
        if not svc.get(key):
            bad.append(f"{name}: no {key}")
print("      " + ("; ".join(bad) if bad else f"{len(doc['services'])} services: read_only, cap_drop ALL, no-new-privileges, mem/pids limits, tmpfs"))
sys.exit(1 if bad else 0)
PY
then pass "compose services are sandboxed"; else fail "compose hardening keys missing"; fi
for unit in "$repo"/services/systemd/*.service; do
    missing=()
    for key in IPAddressDeny=any IPAddressAllow= CapabilityBoundingSet= NoNewPrivileges=yes SystemCallFilter=@system-service \
        SystemCallArchitectures=native DevicePolicy=closed "DeviceAllow=char-video4linux rw" MemoryMax= TasksMax= \
        LimitNOFILE= ProtectSystem=strict LoadCredential=; do
        grep -qE "^$key" "$unit" || missing+=("$key")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then pass "$(basename "$unit") has the hardening keys"; else fail "$(basename "$unit") lacks ${missing[*]}"; fi
done

phase "install tools"
missing=()
for tool in podman:podman runc:runc debootstrap:debootstrap curl:curl ip:iproute2; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -q update
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -q install -y "${missing[@]}"
fi
command -v podman-compose >/dev/null || timeout 300 pip install --quiet podman-compose
mkdir -p "$work"
# runc, not crun (crun fails on rlimits here), and no default ulimits.
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$work/containers.conf"
export CONTAINERS_CONF="$work/containers.conf"
echo "podman $(podman --version | awk '{print $3}'), runc $(runc --version | awk 'NR==1{print $3}'), $(podman-compose --version 2>/dev/null | grep -i 'podman-compose' | head -1)"

cleanup() {
    local rc=$?
    set +e
    echo
    echo "=== cleanup"
    timeout 120 "${compose[@]}" down -t 5 >/dev/null 2>&1
    # Containers left by a failed run (by compose project label), then the test's network.
    podman ps -aq --filter "label=io.podman.compose.project=$project" | xargs -r podman rm -f >/dev/null 2>&1
    podman network rm -f "$test_net" >/dev/null 2>&1
    podman rm -f rv-podman-test-systemd >/dev/null 2>&1
    podman rmi -f localhost/robot-vision-systemd:podman-test >/dev/null 2>&1
    if [[ "$keep_images" == 0 ]]; then
        podman rmi -f "$image" "$build_image" >/dev/null 2>&1
    fi
    if [[ "$keep_base" == 0 ]]; then
        podman rmi -f "$swift_image" "$base_image" >/dev/null 2>&1
        rm -rf "$work/rootfs"
    fi
    rm -rf "$work"/*.log "$work/frame.bin" "$work/bins" "$override"
    [[ "$keep_base" == 0 ]] && rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "error: command failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# --- 2. base images -------------------------------------------------------------------------------------------
phase "base image (debootstrap)"
if ! podman image exists "$base_image"; then
    rm -rf "$work/rootfs"
    timeout 900 debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log"; die "debootstrap failed"; }
    tar -C "$work/rootfs" -c . | podman import - "$base_image" >/dev/null 2>&1
    rm -rf "$work/rootfs"
fi
echo "$base_image: $(podman image inspect --format '{{.Id}}' "$base_image" | cut -c1-12)"

phase "swift build image (test stand-in)"
[[ -x /opt/swift/usr/bin/swift ]] || die "no Swift toolchain at /opt/swift"
[[ -d /opt/swift-packages ]] || die "no Swift package mirror at /opt/swift-packages"
if ! podman image exists "$swift_image"; then
    timeout 900 podman build --network host --build-arg BASE_IMAGE="$base_image" \
        -f "$repo/docker/test/swift-local.Containerfile" -t "$swift_image" "$repo/docker/test" >"$work/swift-image.log" 2>&1 \
        || { tail -20 "$work/swift-image.log"; die "building $swift_image failed"; }
fi
timeout 120 podman run --rm --network none -v /opt/swift:/opt/swift:ro "$swift_image" swift --version 2>&1 | head -1

# --- 3. the image -----------------------------------------------------------------------------------------------
phase "podman build docker/Dockerfile"
build_args=(--network host
    --volume /opt/swift:/opt/swift:ro --volume /opt/swift-packages:/opt/swift-packages:ro
    --build-arg SWIFT_IMAGE="$swift_image" --build-arg RUNTIME_IMAGE="$base_image"
    -f "$repo/docker/Dockerfile")
if ! timeout "$build_timeout" podman build "${build_args[@]}" -t "$image" "$repo" >"$work/build.log" 2>&1; then
    tail -40 "$work/build.log"
    die "podman build failed (log above)"
fi
grep -E "Build complete" "$work/build.log" || echo "      (image up to date: every step from the layer cache)"
# Tag the build stage too (cached, instant) so cleanup can remove it.
timeout 300 podman build "${build_args[@]}" --target build -t "$build_image" "$repo" >/dev/null 2>&1 || true
echo "$image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

phase "runtime libraries (ldd)"
ldd_out="$(timeout 120 podman run --rm --network none --entrypoint /bin/sh "$image" -c \
    'for e in targeting camstreamer control; do echo "## $e"; ldd /usr/local/bin/$e; done')"
if grep -q "not found" <<<"$ldd_out"; then
    grep -E "^##|not found" <<<"$ldd_out"
    fail "a library is missing in the runtime image"
else
    pass "every executable finds its libraries in the runtime image"
fi
echo "      shared libraries loaded (all executables, with their dependencies): $(grep -oE '^\s+lib[^ ]+' <<<"$ldd_out" | sort -u | wc -l)"
echo "      ZeroMQ: $(grep -oE 'libzmq\.so\.[0-9]+' <<<"$ldd_out" | sort -u | tr '\n' ' ')"
echo "      OpenCV modules linked: $(grep -oE 'libopencv_[a-z0-9]+' <<<"$ldd_out" | sort -u | tr '\n' ' ')"
user_id="$(timeout 60 podman run --rm --network none "$image" id)"
echo "      $user_id"
if [[ "$user_id" == *"(robotvision)"* && "$user_id" == *"(video)"* && "$user_id" != uid=0* ]]; then
    pass "runs as non-root robotvision, in group video"
else
    fail "image user: $user_id (want robotvision, in group video)"
fi

phase "install-robot.sh in a fresh container"
# The robot install, in a bare bookworm container with systemd installed but not running (so units are enabled,
# not started): first run, second run (must change nothing), and a non-root run (must refuse).
rm -rf "$work/bins" && mkdir -p "$work/bins"
tmp_ctr="$(timeout 60 podman create --network none "$image")"
for e in targeting camstreamer control; do timeout 60 podman cp "$tmp_ctr:/usr/local/bin/$e" "$work/bins/$e"; done
podman rm "$tmp_ctr" >/dev/null
if timeout 900 podman run --rm --network host -v "$repo:/src:ro" -v "$work/bins:/bins:ro" "$base_image" /bin/bash -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q update >/dev/null && apt-get -q install -y --no-install-recommends systemd util-linux >/dev/null
    echo "## first run"; /src/scripts/install-robot.sh --binaries /bins
    echo "## second run"; /src/scripts/install-robot.sh --binaries /bins | tee /tmp/second
    grep -q "everything was already up to date" /tmp/second
    echo "## as a non-root user"; rc=0; setpriv --reuid=65534 --regid=65534 --clear-groups /src/scripts/install-robot.sh --binaries /bins || rc=$?
    [ "$rc" -ne 0 ]
    echo "## result"
    id robotvision
    ls -l /usr/local/bin/targeting /etc/robot-vision/ /etc/systemd/system/multi-user.target.wants/ | grep -E "robot|yml|targeting"
    /usr/local/bin/control status --config /etc/robot-vision/stack.yml --timeout 0.2 || [ $? -eq 1 ]
' >"$work/install.log" 2>&1; then
    grep -E "^(install-robot:|##|error:|uid=|-rwx|l.*robot-vision|targeting:|camstreamer:)" "$work/install.log" | sed 's/^/      /' 
    pass "install-robot.sh installs, is idempotent (second run changes nothing) and refuses non-root"
else
    tail -30 "$work/install.log"
    fail "install-robot.sh in a fresh container"
fi

phase "systemd units under a real systemd"
# The runtime image plus systemd, booted with systemd as PID 1: install-robot.sh starts the units (hardening
# options included), `systemctl stop` must go through ExecStop (stop channel) and end with exit status 0, and
# Restart=on-failure must bring a killed service back.
sd_image=localhost/robot-vision-systemd:podman-test
sd_ctr=rv-podman-test-systemd
if timeout 600 podman build --network host --build-arg IMAGE="$image" -f "$repo/docker/test/systemd.Containerfile" \
    -t "$sd_image" "$repo/docker/test" >"$work/systemd-image.log" 2>&1; then
    podman rm -f "$sd_ctr" >/dev/null 2>&1 || true
    timeout 120 podman run -d --name "$sd_ctr" --systemd=always --network none \
        -v "$repo:/src:ro" -v "$work/bins:/bins:ro" "$sd_image" >/dev/null
    sd() { timeout 60 podman exec "$sd_ctr" "$@"; }
    for _ in $(seq 1 30); do
        state="$(sd systemctl is-system-running 2>/dev/null || true)"
        [[ "$state" == running || "$state" == degraded ]] && break
        sleep 1
    done
    echo "      systemd in the container: $state"
    if sd /src/scripts/install-robot.sh --binaries /bins --no-apt >"$work/sd-install.log" 2>&1; then
        grep -E "started|installed /etc/systemd" "$work/sd-install.log" | sed 's/^/      /'
        sleep 2
        sd /usr/local/bin/control status --config /etc/robot-vision/stack.yml 2>/dev/null | sed 's/^/      /' \
            && pass "install-robot.sh started both units under systemd; both answer control status" \
            || fail "the units did not come up: $(sd systemctl --no-pager status 'robot-vision-*' 2>&1 | tail -20)"

        # Restart=on-failure: SIGKILL the main process, systemd restarts it (RestartSec=2).
        old_pid="$(sd systemctl show -p MainPID --value robot-vision-targeting)"
        sd systemctl kill --signal=SIGKILL robot-vision-targeting
        restarted=0
        for _ in $(seq 1 20); do
            sleep 0.5
            new_pid="$(sd systemctl show -p MainPID --value robot-vision-targeting)"
            if [[ "$new_pid" != 0 && "$new_pid" != "$old_pid" ]] \
                && sd /usr/local/bin/control status --endpoint tcp://127.0.0.1:5801 --timeout 0.5 \
                    --key /etc/robot-vision/keys/robot.key --server-key /etc/robot-vision/keys/targeting.pub >/dev/null 2>&1; then
                restarted=1
                break
            fi
        done
        if [[ "$restarted" == 1 ]]; then
            pass "Restart=on-failure: targeting killed (pid $old_pid), restarted by systemd (pid $new_pid) and answering"
        else
            fail "targeting was not restarted after SIGKILL"
        fi

        sd systemctl stop robot-vision-targeting robot-vision-camstreamer
        for u in targeting camstreamer; do
            result="$(sd systemctl show -p Result -p ExecMainStatus --value "robot-vision-$u" | tr '\n' ' ')"
            journal="$(sd journalctl --no-pager -o cat -u "robot-vision-$u" 2>/dev/null | tail -8)"
            { grep -E "stop requested|stopped cleanly|stop acknowledged|Deactivated" <<<"$journal" || true; } | sed 's/^/      /'
            if [[ "$result" == "success 0 " ]] && grep -q "stop requested" <<<"$journal" && grep -q "stopped cleanly" <<<"$journal"; then
                pass "systemctl stop robot-vision-$u: through ExecStop, exit status 0 (Result=success)"
            else
                fail "systemctl stop robot-vision-$u: Result/ExecMainStatus = $result; journal: $journal"
            fi
        done
    else
        cat "$work/sd-install.log"
        fail "install-robot.sh under systemd"
    fi
    podman rm -f "$sd_ctr" >/dev/null 2>&1 || true
    podman rmi -f "$sd_image" >/dev/null 2>&1 || true
else
    tail -20 "$work/systemd-image.log"
    fail "building the systemd test image"
fi

# --- 4. the stack -------------------------------------------------------------------------------------------------
phase "compose up"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export ROBOT_VISION_IMAGE="$image"
CAMSTREAMER_STREAM_PORT_1="$(free_port)"
CAMSTREAMER_STREAM_PORT_2="$(free_port)"
TARGETING_CONTROL_PORT="$(free_port)"
CAMSTREAMER_CONTROL_PORT="$(free_port)"
export CAMSTREAMER_STREAM_PORT_1 CAMSTREAMER_STREAM_PORT_2 TARGETING_CONTROL_PORT CAMSTREAMER_CONTROL_PORT
echo "host ports: MJPEG $CAMSTREAMER_STREAM_PORT_1 $CAMSTREAMER_STREAM_PORT_2, control targeting $TARGETING_CONTROL_PORT camstreamer $CAMSTREAMER_CONTROL_PORT"

# `control up` exists when control's help lists an `up` subcommand.
if timeout 60 podman run --rm --network none "$image" control --help 2>&1 | grep -qE '^\s+up(\s|$)'; then
    supervisor=1
    services=(targeting camstreamer control)
    echo "control up: present, the control container supervises the stack"
else
    supervisor=0
    services=(targeting camstreamer)
    echo "control up: NOT in the image yet; starting targeting and camstreamer only (the test sends the stop broadcast)"
fi

# TEST ONLY: the network rules here allow loopback and 198.18.0.0/15 only, so the compose project does not get
# podman's default 10.89.x.0/24 network: the test creates one in $test_subnet and the override below makes it
# the project's (external) default network. The override also binds every published port on the host's
# 127.0.0.1 (`!override` replaces the compose file's list instead of appending to it); the compose file itself
# publishes the MJPEG ports on all interfaces, so a driver station or another laptop can watch the streams.
timeout 60 podman network rm -f "$test_net" >/dev/null 2>&1 || true
timeout 60 podman network create --subnet "$test_subnet" --label "rv-podman-test=$project" "$test_net" >/dev/null \
    || die "cannot create the test network $test_net ($test_subnet)"
cat >"$override" <<EOF
# TEST ONLY, written by docker/podman-test.sh: the project's network and loopback-only host ports.
networks:
  default:
    name: $test_net
    external: true
services:
  camstreamer:
    ports: !override
      - "127.0.0.1:$CAMSTREAMER_STREAM_PORT_1:1181"
      - "127.0.0.1:$CAMSTREAMER_STREAM_PORT_2:1182"
      - "127.0.0.1:$CAMSTREAMER_CONTROL_PORT:5802"
  targeting:
    ports: !override
      - "127.0.0.1:$TARGETING_CONTROL_PORT:5801"
EOF
echo "--- compose override ($override):"
sed 's/^/      /' "$override"
timeout 180 "${compose[@]}" up -d --no-build "${services[@]}" >"$work/up.log" 2>&1 || { cat "$work/up.log"; die "compose up failed"; }

container() { podman ps -aq --filter "label=io.podman.compose.project=$project" --filter "label=io.podman.compose.service=$1" | head -1; }
declare -A ctr
for s in "${services[@]}"; do
    ctr[$s]="$(container "$s")"
    [[ -n "${ctr[$s]}" ]] || die "no container for $s"
done

phase "test network and published ports"
echo "podman network inspect $test_net:"
podman network inspect --format \
    '      name {{.Name}}, interface {{.NetworkInterface}}, driver {{.Driver}},{{range .Subnets}} subnet {{.Subnet}} gateway {{.Gateway}},{{end}} dns {{.DNSEnabled}}' \
    "$test_net"
net_subnets="$(podman network inspect --format '{{range .Subnets}}{{.Subnet}} {{end}}' "$test_net")"
in_subnet() {  # ADDRESS: inside the test network's subnet and inside 198.18.0.0/15
    python3 -c 'import ipaddress,sys; a=ipaddress.ip_address(sys.argv[1]); n=ipaddress.ip_network(sys.argv[2])
sys.exit(0 if a in n and a in ipaddress.ip_network("198.18.0.0/15") else 1)' "$1" "$test_subnet" 2>/dev/null
}
if [[ "$net_subnets" == "$test_subnet " ]]; then
    pass "network $test_net has exactly the subnet $test_subnet (inside 198.18.0.0/15)"
else
    fail "network $test_net subnets: $net_subnets (want $test_subnet)"
fi
for s in "${services[@]}"; do
    nets="$(podman inspect --format '{{range $name, $n := .NetworkSettings.Networks}}{{$name}}={{$n.IPAddress}} {{end}}' "${ctr[$s]}")"
    ports="$(podman port "${ctr[$s]}" | tr '\n' ' ')"
    echo "      $s: networks: $nets; ports: ${ports:-none}"
    ok=1
    for n in $nets; do
        [[ "${n%%=*}" == "$test_net" ]] && in_subnet "${n#*=}" || ok=0
    done
    [[ -n "$nets" && "$ok" == 1 ]] && pass "$s: only on $test_net, address in $test_subnet" \
        || fail "$s: networks/addresses $nets (want only $test_net, in $test_subnet)"
    if [[ -n "$ports" ]]; then
        bad="$(podman port "${ctr[$s]}" | grep -v -- '-> 127\.0\.0\.1:' || true)"
        [[ -z "$bad" ]] && pass "$s: every published port bound on the host's 127.0.0.1" \
            || fail "$s: ports published beyond loopback: $bad"
    fi
done
host_addrs_new="$(comm -13 <(echo "$host_addrs_before") <(ip -4 -o addr show | awk '{print $2, $4}' | sort) | grep . || true)"
echo "      host addresses added since the start of the test: $(tr '\n' ' ' <<<"${host_addrs_new:-none}")"
bad_addrs=""
while read -r _ addr; do
    [[ -n "$addr" ]] && ! in_subnet "${addr%/*}" && bad_addrs+="$addr "
done <<<"$host_addrs_new"
[[ -z "$bad_addrs" ]] && pass "no host interface got an address outside $test_subnet (no podman 10.88/10.89 bridge)" \
    || fail "host interfaces got addresses outside $test_subnet: $bad_addrs"
echo "      service names, resolved in the camstreamer container: $(timeout 30 podman exec "${ctr[camstreamer]}" getent hosts targeting camstreamer $([[ "$supervisor" == 1 ]] && echo control) | awk '{printf "%s=%s ", $2, $1}')"

phase "health checks"
for s in "${services[@]}"; do
    healthy=0
    for _ in $(seq 1 30); do
        # Runs the compose file's healthcheck (control status --endpoint tcp://127.0.0.1:580X) in the container.
        if timeout 15 podman healthcheck run "${ctr[$s]}" >/dev/null 2>&1; then healthy=1; break; fi
        [[ "$(podman inspect --format '{{.State.Running}}' "${ctr[$s]}")" == true ]] || break
        sleep 1
    done
    if [[ "$healthy" == 1 ]]; then
        pass "$s healthy (compose health check: control status in the container)"
    else
        fail "$s not healthy; log: $(podman logs "${ctr[$s]}" 2>&1 | tail -5)"
    fi
done
# The stack's keys (the `keys` service's volume), as an operator uses them.
keys=/var/lib/robot-vision/keys
echo "--- control status, from the camstreamer container, by service name:"
timeout 30 podman exec "${ctr[camstreamer]}" control status --endpoint tcp://targeting:5801 --endpoint tcp://camstreamer:5802 \
    --key "$keys/operator.key" --server-key "$keys/targeting.pub" --server-key "$keys/camstreamer.pub" \
    && pass "stop/status channel reachable across containers by service name" \
    || fail "control status across containers"
echo "--- control status, from the host, through the published loopback ports:"
timeout 60 podman run --rm --network host --volumes-from "${ctr[camstreamer]}" "$image" control status \
    --endpoint "tcp://127.0.0.1:$TARGETING_CONTROL_PORT" --endpoint "tcp://127.0.0.1:$CAMSTREAMER_CONTROL_PORT" \
    --key "$keys/operator.key" --server-key "$keys/targeting.pub" --server-key "$keys/camstreamer.pub" \
    && pass "control ports published on the host's loopback" || fail "control status through the published ports"

# --- 5. results and MJPEG -----------------------------------------------------------------------------------------
results_received() {
    timeout 30 podman exec "${ctr[camstreamer]}" control status --json --endpoint tcp://127.0.0.1:5802 \
        --key "$keys/operator.key" --server-key "$keys/camstreamer.pub" \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); print(int(next(iter(d["services"].values()))["figures"].get("results_received", -1)))'
}
phase "results targeting -> camstreamer"
first="$(results_received)"
sleep 5
second="$(results_received)"
echo "camstreamer results_received: $first, 5 s later $second"
if [[ "$check_results" == 1 ]]; then
    if [[ "$second" -gt "$first" ]]; then pass "targeting results reach camstreamer"; else fail "results_received did not increase"; fi
else
    echo "skip: --check-results not given"
fi

phase "MJPEG frame"
if [[ "$check_mjpeg" == 1 ]]; then
    rm -f "$work/frame.bin"
    # The stream never ends: curl stops after 5 s (exit 28) with what it has read.
    url="http://127.0.0.1:$CAMSTREAMER_STREAM_PORT_1/?action=stream"
    curl_rc=0
    curl_out="$(curl -s --max-time 5 -o "$work/frame.bin" -w '%{http_code} %{content_type}' "$url")" || curl_rc=$?
    echo "      GET $url: HTTP ${curl_out:-none}, curl exit $curl_rc (28 = stopped by --max-time)"
    if python3 - "$work/frame.bin" <<'PY'
import sys
data = open(sys.argv[1], "rb").read() if __import__("os").path.exists(sys.argv[1]) else b""
start = data.find(b"\xff\xd8")
end = data.find(b"\xff\xd9", start + 2) if start >= 0 else -1
print(f"      read {len(data)} bytes from the stream; first JPEG: {end + 2 - start if end > 0 else 'none'} bytes")
sys.exit(0 if start >= 0 and end > start else 1)
PY
    then pass "a JPEG frame read from the MJPEG stream on the host"; else fail "no JPEG frame from the MJPEG stream"; fi
else
    echo "skip: --check-mjpeg not given"
fi

# --- 6. graceful stop -------------------------------------------------------------------------------------------
phase "compose down (graceful stop)"
stop_started=$(date +%s.%N)
if [[ "$supervisor" == 1 ]]; then
    # docker compose down stops dependents first: control (which broadcasts the stop), then the services.
    # podman-compose stops all containers at once, so do the first step explicitly.
    # (podman logs an error when it cannot remove the health-check timer without a host systemd: harmless here.)
    timeout 60 podman stop -t 20 "${ctr[control]}" 2>&1 >/dev/null | grep -v "unable to get systemd connection to remove healthchecks" || true
else
    # What `control up` does on SIGTERM: a stop request to every service of the stack, through its stop channel.
    stop_rc=0
    timeout 60 "${compose[@]}" run --rm --no-deps -T control \
        /bin/sh -c 'getent hosts targeting camstreamer | sed "s/^/resolved: /"; exec control stop --config /etc/robot-vision/stack.yml --timeout 5' \
        >"$work/stop.log" 2>&1 || stop_rc=$?
    grep -vE "^$|level=error" "$work/stop.log" | sed 's/^/      /'
    if [[ "$stop_rc" != 0 ]]; then
        fail "the stop broadcast (control stop) exited $stop_rc"
        for s in "${services[@]}"; do
            echo "      $s: $(podman inspect --format '{{.State.Status}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "${ctr[$s]}")," \
                "local status: $(timeout 30 podman exec "${ctr[$s]}" control status --endpoint "tcp://127.0.0.1:580$([[ $s == targeting ]] && echo 1 || echo 2)" \
                    --key "$keys/operator.key" --server-key "$keys/$s.pub" 2>&1 | head -1)"
        done
    fi
fi
timeout 120 "${compose[@]}" stop >/dev/null 2>&1
echo "stopped in $(python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$stop_started") s"
for s in "${services[@]}"; do
    state="$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "${ctr[$s]}")"
    logs="$(podman logs "${ctr[$s]}" 2>&1)"
    echo "--- $s: $state"
    { grep -E "stop requested|stopped cleanly|error|warning" <<<"$logs" || true; } | sed -E 's/^[^ ]+ /      /' | tail -6
    [[ "$state" == "exited 0" ]] || { fail "$s: $state (want exited 0)"; continue; }
    grep -q "stopped cleanly" <<<"$logs" || { fail "$s: no \"stopped cleanly\" in its log"; continue; }
    if [[ "$s" != control ]] && ! grep -q "stop requested" <<<"$logs"; then
        fail "$s exited 0 but not through its stop channel (no \"stop requested\")"
        continue
    fi
    if [[ "$s" == control ]]; then
        pass "control exited 0 after stopping the stack"
    else
        pass "$s exited 0, stopped through its stop channel"
    fi
done

phase "SIGTERM path (podman-compose stop)"
# Start the services again and let podman-compose stop them (SIGTERM to every container at once, through tini):
# the path a container takes when it is stopped on its own. Each must again exit 0 and log "stopped cleanly".
sigterm_services=(targeting camstreamer)
for s in "${sigterm_services[@]}"; do timeout 60 podman start "${ctr[$s]}" >/dev/null 2>&1; done
for s in "${sigterm_services[@]}"; do
    for _ in $(seq 1 20); do timeout 15 podman healthcheck run "${ctr[$s]}" >/dev/null 2>&1 && break; sleep 0.5; done
done
timeout 120 "${compose[@]}" stop "${sigterm_services[@]}" >/dev/null 2>&1
for s in "${sigterm_services[@]}"; do
    state="$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "${ctr[$s]}")"
    cleanly="$(podman logs "${ctr[$s]}" 2>&1 | grep -c "stopped cleanly" || true)"
    if [[ "$state" == "exited 0" && "$cleanly" == 2 ]]; then
        pass "$s: SIGTERM -> exit 0, \"stopped cleanly\""
    else
        fail "$s after SIGTERM: $state, \"stopped cleanly\" logged $cleanly times (want exited 0, 2)"
    fi
done
timeout 120 "${compose[@]}" down -t 5 >/dev/null 2>&1 || true
timeout 60 podman network rm -f "$test_net" >/dev/null 2>&1 || true

phase "done"
total=$(( $(date +%s) - t_start ))
echo
echo "timings:"
printf '  %s\n' "${timings[@]}"
echo "  total                                    ${total}s"
if [[ "$failures" -gt 0 ]]; then
    echo "$failures check(s) FAILED"
    exit 1
fi
echo "podman test PASSED"
