#!/usr/bin/env bash
# Benchmarks Laurel (BenchmarkDotNet) and digitalbazaar's JS stack on the same fixture in one run and prints a
# side-by-side table. Usage: bench/compare-js/run.sh [seconds per JS case] [BenchmarkDotNet args, default --job short --inProcess]
# BenchmarkDotNet runs in-process by default: its usual out-of-process mode builds a generated project per run with a fixed
# timeout, which a loaded machine exceeds (the run then ends without a table). In-process measures the same already-built
# Release code; pass other arguments (e.g. --job short) to get the out-of-process mode back.
# Results are also written to bench/compare-js/results/ (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
js_seconds=${1:-5}; [ $# -gt 0 ] && shift
bdn_args=("$@"); [ ${#bdn_args[@]} -gt 0 ] || bdn_args=(--job short --inProcess)
out="$here/results"; mkdir -p "$out"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

dotnet build "$root/bench/Laurel.Bench" -c Release --nologo -v quiet >/dev/null

echo "== digitalbazaar (node $(node --version), ${js_seconds}s per case)"
(cd "$here" && node bench.mjs "$js_seconds") | tee "$out/js.json"

echo "== Laurel stage profile (Stopwatch, round-robin, 10 s)"
(cd "$root/bench/Laurel.Bench" && dotnet bin/Release/net10.0/Laurel.Bench.dll profile 10)

echo "== Laurel (BenchmarkDotNet ${bdn_args[*]})"

rm -rf "$out/bdn"
(cd "$root/bench/Laurel.Bench" && dotnet bin/Release/net10.0/Laurel.Bench.dll --filter '*CredentialBenchmarks*' \
  "${bdn_args[@]}" --exporters json --artifacts "$out/bdn") | grep -E '^\|' || true

echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$here/table.mjs" "$out/js.json" "$(ls "$out"/bdn/results/*-report-full-compressed.json | head -n 1)"
