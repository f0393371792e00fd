#!/usr/bin/env bash
# Fuzzes the decoders that read bytes from the network with libFuzzer, for a bounded time:
#   wire-fuzz         WireFormat.decode (every bus frame: results PULL, control PAIR)
#   messagepack-fuzz  the NT4 MessagePack reader (every binary frame from the NT4 server)
#
#   scripts/fuzz.sh [SECONDS]     each target runs SECONDS (default 30) from the seed corpus in Fuzz/corpus/
#
# Builds the nested package Fuzz/ with -sanitize=fuzzer (coverage feedback and libFuzzer's main). The growing
# corpus and any crash input go to .build-fuzz/ (ignored by git); a crash makes the script fail and prints the
# reproducer command. Exit status: 0 when no target crashed.
set -euo pipefail

seconds="${1:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build-fuzz"
flags=(-c debug -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)

cd "$root/Fuzz"
mkdir -p "$work"
echo "fuzz: building Fuzz/ (${flags[*]}; the first build takes a few minutes)"
if ! swift build "${flags[@]}" >"$work/build.log" 2>&1; then
    grep -E "error" "$work/build.log" | head -20 >&2
    echo "fuzz: build failed (log: $work/build.log)" >&2
    exit 1
fi
bin="$(swift build "${flags[@]}" --show-bin-path)"

status=0
for target in wire messagepack; do
    corpus="$work/corpus-$target"
    crashes="$work/crashes-$target"
    mkdir -p "$corpus" "$crashes"
    log="$work/$target.log"
    echo "fuzz: $target-fuzz for ${seconds} s"
    if ! "$bin/$target-fuzz" "$corpus" "$root/Fuzz/corpus/$target" \
        -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1; then
        status=1
        echo "fuzz: $target-fuzz FAILED; reproduce with: $bin/$target-fuzz $crashes/<file>" >&2
        grep -E "ERROR|Fatal error|SUMMARY|artifact" "$log" | head -20 >&2 || true
    fi
    runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')"
    rate="$(grep -Eo 'exec/s: *[0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$' || echo '?')"
    cov="$(grep -Eo 'cov: *[0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$' || echo '?')"
    echo "fuzz: $target-fuzz: $runs executions, $rate exec/s, coverage $cov edges, corpus $(ls "$corpus" | wc -l) inputs"
done
exit "$status"
