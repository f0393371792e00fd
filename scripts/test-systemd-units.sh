#!/usr/bin/env bash
# Tests the systemd units in services/systemd/ without a running systemd:
#   1. `systemd-analyze verify` on each unit, in a temporary root that has the executables at the paths the
#      units name (/usr/local/bin/...) and the stock systemd units; any warning fails the test;
#   2. for each service unit: starts the service exactly as its ExecStart= line does (same executable, same
#      arguments, config copied from services/ into the temp root's /etc/robot-vision), waits until it answers
#      `control status`, then stops it the way systemd does: the ExecStop= lines in order with $MAINPID set
#      (stopping at the first that fails), then KillSignal (SIGTERM) if it is still running, SIGKILL after
#      TimeoutStopSec. Checks: exit code 0, "stop requested" and "stopped cleanly" in its log, and that it
#      exited during ExecStop (no signal needed);
#   3. the fallback path: starts it again and sends only SIGTERM (what systemd does when ExecStop fails);
#      checks exit 0 and "stopped cleanly";
#   4. the sandboxing: every unit has the hardening keys of docs/security.md, and `systemd-analyze security
#      --offline=true` scores its exposure below 3.0.
# Keys: the temp root gets the keys install-robot.sh would write (/etc/robot-vision/keys, made with `control
# keygen`); LoadCredential= is imitated by copying each credential into a directory that %d then names, and the
# unit's Environment= lines are passed to ExecStart, so the services run CURVE as under systemd.
# The services run as the invoking user, not User=robotvision. If a port the unit uses (control 5801/5802,
# results 5805) is busy on this machine, the test moves it to a free port through the environment (as the
# unit's EnvironmentFile= would) and rewrites the ExecStop endpoint to match, and says so.
#
# Usage: scripts/test-systemd-units.sh [--bin DIR]    (default DIR: .build/debug; needs systemd-analyze:
#        apt-get install systemd)
# Exit: 0 all passed, 1 a check failed, 2 bad usage or missing tools.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/checks.sh
source "$repo/scripts/lib/checks.sh"
parse_bin_option 2,22 "$@"
command -v systemd-analyze >/dev/null || { echo "error: systemd-analyze not found (apt-get install systemd)" >&2; exit 2; }
require_executables "$bin" targeting camstreamer control

units_dir="$repo/services/systemd"
root="$(mktemp -d)"
service_pid=""
cleanup() {
    [[ -n "$service_pid" ]] && kill -KILL "$service_pid" 2>/dev/null || true
    rm -rf "$root"
}
trap cleanup EXIT

# --- the temporary root -------------------------------------------------------------------------------------
mkdir -p "$root/usr/local/bin" "$root/etc/systemd/system" "$root/etc/robot-vision" "$root/usr/lib/systemd" "$root/bin"
cp "$bin/targeting" "$bin/camstreamer" "$bin/control" "$root/usr/local/bin/"
cp /bin/sh "$root/bin/sh"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$units_dir"/*.service "$root/etc/systemd/system/"
cp "$repo/services/targeting.yml" "$repo/services/camstreamer.yml" "$repo/services/stack.yml" "$root/etc/robot-vision/"
keys="$root/etc/robot-vision/keys"
for key in targeting camstreamer robot; do "$bin/control" keygen --out "$keys" --name "$key" >/dev/null; done
install -d "$keys/control" "$keys/results"
cp "$keys/robot.pub" "$keys/control/"
cp "$keys/targeting.pub" "$keys/results/"

# --- 1. systemd-analyze verify --------------------------------------------------------------------------------
units=()
for unit in "$units_dir"/*.service; do units+=("$(basename "$unit")"); done
for unit in "${units[@]}"; do
    out="$(systemd-analyze verify --root="$root" "$unit" 2>&1)" && rc=0 || rc=$?
    if [[ "$rc" != 0 || -n "$out" ]]; then
        fail "systemd-analyze verify $unit (exit $rc): $out"
    else
        pass "systemd-analyze verify $unit: no warnings"
    fi
done

# --- helpers ------------------------------------------------------------------------------------------------
unit_value() { grep -E "^$2=" "$units_dir/$1" | sed -E "s/^$2=//"; }   # all values of key $2 in unit $1
port_busy() { python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError: sys.exit(0)
sys.exit(1)' "$1"; }
in_root() { sed -e "s#/usr/local/bin/#$root/usr/local/bin/#g" -e "s#/etc/robot-vision/#$root/etc/robot-vision/#g" -e "s#%d/#$creds/#g"; }
# credentials UNIT: copies the unit's LoadCredential= files into $creds (mode 0400), as systemd would.
creds=""
credentials() {
    creds="$root/credentials/$1"
    rm -rf "$creds" && install -d -m 0700 "$creds"
    local entry
    while IFS= read -r entry; do
        install -m 0400 "$(echo "${entry#*:}" | in_root)" "$creds/${entry%%:*}"
    done < <(unit_value "$1" LoadCredential)
}
seconds() { local v="${1%s}"; echo "${v:-90}"; }

# start_service UNIT NAME: starts ExecStart in the background (env adjusted for busy ports); sets service_pid,
# control_endpoint (as ExecStop reaches it) and log.
start_service() {
    local unit="$1" name="$2" upper
    upper="$(echo "$name" | tr '[:lower:]' '[:upper:]')"
    local exec_start
    exec_start="$(unit_value "$unit" ExecStart | in_root)"
    log="$root/$name.log"
    # The control endpoint ExecStop uses.
    control_endpoint="$(unit_value "$unit" ExecStop | grep -oE 'tcp://127\.0\.0\.1:[0-9]+' | head -1)"
    local port="${control_endpoint##*:}"
    credentials "$unit"
    local -a env=()
    local line
    while IFS= read -r line; do env+=("$(echo "$line" | in_root)"); done < <(unit_value "$unit" Environment)
    if port_busy "$port"; then
        local new
        new="$(free_port)"
        echo "      note: port $port is busy here; $name uses $new (${upper}__SERVICE__CONTROL)"
        env+=("${upper}__SERVICE__CONTROL=tcp://*:$new")
        control_endpoint="tcp://127.0.0.1:$new"
    fi
    if [[ "$name" == camstreamer ]] && port_busy 5805; then
        local new
        new="$(free_port)"
        echo "      note: port 5805 is busy here; camstreamer binds results on $new"
        env+=("CAMSTREAMER__RESULTS__BIND=[\"tcp://*:$new\"]")
    fi
    # shellcheck disable=SC2086  # ExecStart is a plain word list
    env "${env[@]}" $exec_start >"$log" 2>&1 &
    service_pid=$!
    for _ in $(seq 1 30); do
        kill -0 "$service_pid" 2>/dev/null || break
        "$root/usr/local/bin/control" status --endpoint "$control_endpoint" --timeout 0.5 \
            --key "$creds/robot.key" --server-key "$keys/$name.pub" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}

# --- 2. and 3. start with ExecStart, stop with ExecStop, then with SIGTERM alone ------------------------------
for unit in "${units[@]}"; do
    name="${unit#robot-vision-}"
    name="${name%.service}"
    [[ "$name" == targeting || "$name" == camstreamer ]] || continue
    stop_timeout="$(seconds "$(unit_value "$unit" TimeoutStopSec)")"

    # 2. ExecStop
    if ! start_service "$unit" "$name"; then
        fail "$unit: ExecStart did not bring $name up: $(tail -3 "$log")"
        kill -KILL "$service_pid" 2>/dev/null || true
        continue
    fi
    echo "      $name up (pid $service_pid), ExecStart: $(unit_value "$unit" ExecStart)"
    started="$(date +%s.%N)"
    path="ExecStop"
    while IFS= read -r line; do
        line="$(echo "$line" | in_root | sed -e 's/\$\$/$/g' -e "s#tcp://127\.0\.0\.1:[0-9]\+#$control_endpoint#")"
        echo "      ExecStop: $line"
        if ! MAINPID="$service_pid" timeout "$stop_timeout" bash -c "$line"; then
            echo "      ExecStop command failed: systemd would skip the rest and send SIGTERM"
            path="SIGTERM after a failed ExecStop"
            break
        fi
    done < <(unit_value "$unit" ExecStop)
    if kill -0 "$service_pid" 2>/dev/null; then
        [[ "$path" == ExecStop ]] && path="SIGTERM after ExecStop"
        kill -TERM "$service_pid" 2>/dev/null || true
    fi
    if ! wait_exit "$service_pid" "$stop_timeout"; then
        kill -KILL "$service_pid" 2>/dev/null || true
        wait "$service_pid" 2>/dev/null || true
        fail "$unit: $name still running after TimeoutStopSec=${stop_timeout}s: SIGKILLed"
        continue
    fi
    elapsed="$(python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.2f}')" "$started")"
    service_pid=""
    if [[ "$exit_rc" == 0 && "$path" == ExecStop ]] && grep -q "stop requested" "$log" && grep -q "stopped cleanly" "$log"; then
        pass "$unit: stopped by ExecStop in ${elapsed}s, exit 0, log: $(grep -E 'stop requested|stopped cleanly' "$log" | sed -E 's/^[^ ]+ //' | tr '\n' '|')"
    else
        fail "$unit: stop path '$path', exit $exit_rc; log: $(cat "$log")"
    fi

    # 3. SIGTERM only
    if ! start_service "$unit" "$name"; then
        fail "$unit: ExecStart did not bring $name up again: $(tail -3 "$log")"
        kill -KILL "$service_pid" 2>/dev/null || true
        continue
    fi
    kill -TERM "$service_pid"
    if ! wait_exit "$service_pid" "$stop_timeout"; then
        kill -KILL "$service_pid" 2>/dev/null || true
        fail "$unit: $name ignored SIGTERM for ${stop_timeout}s"
        continue
    fi
    service_pid=""
    if [[ "$exit_rc" == 0 ]] && grep -q "stopped cleanly" "$log"; then
        pass "$unit: SIGTERM alone (systemd's fallback) also stops it cleanly, exit 0"
    else
        fail "$unit: after SIGTERM, exit $exit_rc; log: $(cat "$log")"
    fi
done

# --- 4. sandboxing ----------------------------------------------------------------------------------------------
hardening=(IPAddressDeny=any IPAddressAllow= CapabilityBoundingSet= NoNewPrivileges=yes
    SystemCallFilter=@system-service SystemCallArchitectures=native DevicePolicy=closed
    "DeviceAllow=char-video4linux rw" MemoryMax= TasksMax= LimitNOFILE= ProtectSystem=strict ProtectHome=yes
    PrivateTmp=yes LoadCredential=)
for unit in "${units[@]}"; do
    missing=()
    for key in "${hardening[@]}"; do grep -qE "^${key}" "$units_dir/$unit" || missing+=("$key"); done
    if [[ ${#missing[@]} -gt 0 ]]; then
        fail "$unit lacks hardening: ${missing[*]}"
    else
        pass "$unit has every hardening key (${#hardening[@]})"
    fi
    score="$(systemd-analyze security --offline=true "$units_dir/$unit" 2>/dev/null | grep -oE 'Overall exposure level for [^:]+: [0-9.]+' | grep -oE '[0-9.]+$' || true)"
    if [[ -z "$score" ]]; then
        fail "$unit: systemd-analyze security --offline=true gave no exposure score"
    elif python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 3.0 else 1)" "$score"; then
        pass "$unit: systemd-analyze security exposure $score (< 3.0)"
    else
        fail "$unit: systemd-analyze security exposure $score (want < 3.0)"
    fi
done

if [[ "$failures" -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all systemd unit checks passed"
