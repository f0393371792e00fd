# Helpers of the check scripts (check-configs.sh, test-systemd-units.sh). Source it after setting $repo (the
# checkout); it runs nothing itself.
#   parse_bin_option LINES ARGS...     sets $bin from `--bin DIR` in ARGS (default: $BIN_DIR, else .build/debug);
#                                      -h/--help prints the script's lines LINES (a sed range); exits 2 on others
#   pass MESSAGE / fail MESSAGE        print a result line; fail counts it in $failures
#   free_port                          prints a TCP port of 127.0.0.1 that was free a moment ago
#   wait_exit PID SECONDS              waits for PID (a child of this shell) to exit and sets exit_rc; 1 on timeout
#   require_executables DIR NAME...    exits 2 unless DIR holds each executable NAME

parse_bin_option() {
    local help="$1"
    shift
    bin="${BIN_DIR:-$repo/.build/debug}"
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --bin) bin="$2"; shift 2 ;;
            -h|--help) sed -n "${help}p" "$0"; exit 0 ;;
            *) echo "error: unknown argument $1" >&2; exit 2 ;;
        esac
    done
}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

exit_rc=""
wait_exit() {
    local pid="$1" limit="$2"
    for _ in $(seq 1 $((limit * 10))); do
        if ! kill -0 "$pid" 2>/dev/null; then
            exit_rc=0
            wait "$pid" || exit_rc=$?
            return 0
        fi
        sleep 0.1
    done
    return 1
}

require_executables() {
    local dir="$1" exe
    shift
    for exe in "$@"; do
        [[ -x "$dir/$exe" ]] || { echo "error: $dir/$exe not found; run \`swift build\` or pass --bin DIR" >&2; exit 2; }
    done
}
