#!/usr/bin/env bash
# Repeats what deployment does to a service's control channel: start the service, answer a few one-shot
# `control status` requests in a row (health checks, dashboards), then `control stop`. Counts the lifetimes in
# which a status or the stop got no answer, or the service did not exit 0 within 15 s (it is then SIGKILLed).
#
# Usage: scripts/stress-control-channel.sh [--bin DIR] [--runs N] [--service camstreamer|targeting]
#        (defaults: .build/debug, 25 runs, camstreamer; loopback ports picked free)
# Exit: 0 no failure, 1 at least one failure, 2 bad usage.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$repo/.build/debug"
runs=25
service=camstreamer
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --service) service="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -x "$bin/$service" && -x "$bin/control" ]] || { echo "error: build first (swift build) or pass --bin" >&2; exit 2; }

work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

failures=0
for run in $(seq 1 "$runs"); do
    control_port="$(free_port)"
    results_port="$(free_port)"
    endpoint="tcp://127.0.0.1:$control_port"
    if [[ "$service" == camstreamer ]]; then
        results=(--set "results.bind=[\"tcp://127.0.0.1:$results_port\"]")
    else
        results=(--set "results.connect=[\"tcp://127.0.0.1:$results_port\"]")
    fi
    "$bin/$service" --set "service.control=$endpoint" "${results[@]}" >"$work/service.log" 2>&1 &
    pid=$!
    problem=""
    ready=0
    for _ in $(seq 1 20); do
        "$bin/control" status --endpoint "$endpoint" --timeout 0.5 >/dev/null 2>&1 && { ready=1; break; }
        sleep 0.25
    done
    [[ "$ready" == 1 ]] || problem="never answered"
    if [[ -z "$problem" ]]; then
        for request in 1 2 3 4 5; do
            "$bin/control" status --endpoint "$endpoint" --timeout 2 >/dev/null 2>&1 || { problem="status request $((request + 1)) unanswered"; break; }
        done
    fi
    "$bin/control" stop --endpoint "$endpoint" --timeout 5 >/dev/null 2>&1 || problem="${problem:+$problem; }stop unacknowledged"
    kill -TERM "$pid" 2>/dev/null || true
    exited=0
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || { exited=1; break; }; sleep 0.1; done
    if [[ "$exited" == 1 ]]; then
        rc=0; wait "$pid" || rc=$?
        [[ "$rc" == 0 ]] || problem="${problem:+$problem; }exit $rc"
    else
        problem="${problem:+$problem; }still running 15 s after stop + SIGTERM (SIGKILLed)"
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    pid=""
    if [[ -n "$problem" ]]; then
        failures=$((failures + 1))
        echo "run $run: $problem; last log lines:"
        tail -3 "$work/service.log" | sed 's/^/    /'
    fi
done
echo "$service: $failures of $runs lifetimes failed"
[[ "$failures" == 0 ]]
