#!/usr/bin/env bash
# Checks that services/*.yml match the executables:
#   1. keys: every key the executable prints with --print-default-config is in the file (documented), and the
#      file has no key the executable does not know; values that differ from the defaults are listed;
#   2. load: the real executable loads and validates the file:
#        - targeting / camstreamer: with `--check-config` when the executable has it; otherwise the service is
#          started with the file (control and results endpoints moved to free loopback ports so it cannot clash
#          with a running stack), must become ready, and is stopped through its stop channel (exit 0);
#        - stack.yml: `control status --config services/stack.yml` (exit 2 means the file was rejected).
#
# Usage: scripts/check-configs.sh [--bin DIR]      (default DIR: .build/debug; run `swift build` first)
# Exit: 0 all good, 1 a check failed, 2 bad usage or missing tools.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/checks.sh
source "$repo/scripts/lib/checks.sh"
parse_bin_option 2,14 "$@"
require_executables "$bin" targeting camstreamer control
python3 -c 'import yaml' 2>/dev/null || { echo "error: python3 with PyYAML is needed (pip install pyyaml)" >&2; exit 2; }

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# compare_keys DEFAULTS FILE: prints problems, exit 1 on missing/unknown keys.
compare_keys() {
    python3 - "$1" "$2" <<'PY'
import sys, yaml
defaults = yaml.safe_load(open(sys.argv[1])) or {}
path = sys.argv[2]
given = yaml.safe_load(open(path)) or {}
problems, notes = [], []

def norm(v):
    # Yams prints floats as `5e+0`, which YAML 1.1 (PyYAML) reads as a string.
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return v
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

def walk(d, g, prefix, same=None):
    if same is not None:
        # A list item: key set from the template, value notes against the default item at the same index.
        for key in d:
            if key not in g:
                problems.append(f"missing key `{prefix}{key}` (add it, documented, with its default {d[key]!r})")
            elif norm(same.get(key)) != norm(g[key]):
                notes.append(f"`{prefix}{key}` = {g[key]!r} (default {same.get(key)!r})")
        for key in g:
            if key not in d:
                problems.append(f"unknown key `{prefix}{key}` (the executable does not have it)")
        return
    if isinstance(d, dict):
        if not isinstance(g, dict):
            problems.append(f"{prefix or '(top)'}: expected a mapping")
            return
        for key in d:
            if key not in g:
                problems.append(f"missing key `{prefix}{key}` (add it, documented, with its default {d[key]!r})")
            else:
                walk(d[key], g[key], f"{prefix}{key}.")
        for key in g:
            if key not in d:
                problems.append(f"unknown key `{prefix}{key}` (the executable does not have it)")
    elif isinstance(d, list) and d and isinstance(d[0], dict):
        if not isinstance(g, list):
            problems.append(f"{prefix[:-1]}: expected a list")
            return
        for i, item in enumerate(g):
            # Keys against the first default item (the loader's template); values against the same index.
            walk(d[0], item, f"{prefix}{i}.", d[i] if i < len(d) and isinstance(d[i], dict) else None)
    elif norm(d) != norm(g):
        notes.append(f"`{prefix[:-1]}` = {g!r} (default {d!r})")

walk(defaults, given, "")
for n in notes:
    print(f"      note: {path}: {n}")
for p in problems:
    print(f"      {path}: {p}")
sys.exit(1 if problems else 0)
PY
}

# wait_ready ENDPOINT PID: waits up to 15 s for the service to answer status; 0 when it did.
wait_ready() {
    local endpoint="$1" pid="$2"
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || return 1
        if "$bin/control" status --endpoint "$endpoint" --timeout 0.5 >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    return 1
}

check_service() {
    local name="$1" file="$repo/services/$1.yml"
    "$bin/$name" --print-default-config >"$work/$name.defaults.yml"
    if compare_keys "$work/$name.defaults.yml" "$file"; then
        pass "$file has exactly the keys of \`$name --print-default-config\`"
    else
        fail "$file and \`$name --print-default-config\` disagree (see above)"
    fi

    if "$bin/$name" --help 2>&1 | grep -q -- '--check-config'; then
        if "$bin/$name" --config "$file" --check-config >"$work/$name.check.log" 2>&1; then
            pass "$name --check-config accepts $file"
        else
            fail "$name --check-config rejects $file: $(cat "$work/$name.check.log")"
        fi
        return
    fi

    # No --check-config yet: start the service with the file, on free loopback ports.
    local control_port results_port
    control_port="$(free_port)"
    results_port="$(free_port)"
    local -a args=(--config "$file" --set "service.control=tcp://127.0.0.1:$control_port")
    if [[ "$name" == camstreamer ]]; then
        args+=(--set "results.bind=[\"tcp://127.0.0.1:$results_port\"]" --set "results.connect=[]")
    else
        args+=(--set "results.connect=[\"tcp://127.0.0.1:$results_port\"]" --set "results.bind=[]")
    fi
    "$bin/$name" "${args[@]}" >"$work/$name.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    if ! wait_ready "tcp://127.0.0.1:$control_port" "$pid"; then
        local rc="still running"
        if wait_exit "$pid" 5; then rc="$exit_rc"; fi
        fail "$name did not start with $file (exit: $rc): $(tail -3 "$work/$name.log")"
        kill -TERM "$pid" 2>/dev/null || true
        return
    fi
    "$bin/control" stop --endpoint "tcp://127.0.0.1:$control_port" --timeout 5 >/dev/null || true
    if ! wait_exit "$pid" 15; then
        fail "$name did not exit within 15 s of a stop request"
        kill -KILL "$pid" 2>/dev/null || true
    elif [[ "$exit_rc" != 0 ]]; then
        fail "$name exited $exit_rc after a stop request"
    else
        pass "$name starts with $file, becomes ready, and stops cleanly (exit 0)"
    fi
}

check_stack() {
    local file="$repo/services/stack.yml"
    "$bin/control" stop --print-default-config >"$work/stack.defaults.yml"
    if compare_keys "$work/stack.defaults.yml" "$file"; then
        pass "$file has exactly the keys of \`control stop --print-default-config\`"
    else
        fail "$file and \`control stop --print-default-config\` disagree (see above)"
    fi
    # Exit 2 means the configuration was rejected; 0/1 only say whether the (absent) services answered.
    local rc=0
    "$bin/control" status --config "$file" --timeout 0.2 >"$work/stack.log" 2>&1 || rc=$?
    if [[ "$rc" == 2 ]]; then
        fail "control rejects $file: $(cat "$work/stack.log")"
    else
        pass "control loads $file (status exit $rc: the services need not run)"
    fi
}

check_service targeting
check_service camstreamer
check_stack

if [[ "$failures" -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all config checks passed"
