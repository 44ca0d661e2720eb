#!/usr/bin/env bash
# Benchmarks Laurel (BenchmarkDotNet) and digitalbazaar's JS stack on the same fixture in one run and prints a
# side-by-side table. Usage: bench/compare-js/run.sh [--job short|medium|...] [seconds per JS case]
# Results are also written to bench/compare-js/results/ (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
job=${1:-short}; [ "$job" = "--job" ] && { job=$2; shift 2; } || shift $(( $# > 0 ? 1 : 0 )) || true
js_seconds=${1:-5}
out="$here/results"; mkdir -p "$out"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "== digitalbazaar (node $(node --version), ${js_seconds}s per case)"
(cd "$here" && node bench.mjs "$js_seconds") | tee "$out/js.json"

echo "== Laurel (BenchmarkDotNet, job $job)"
dotnet build "$root/bench/Laurel.Bench" -c Release --nologo -v quiet >/dev/null
rm -rf "$out/bdn"
(cd "$root/bench/Laurel.Bench" && dotnet bin/Release/net10.0/Laurel.Bench.dll --filter '*CredentialBenchmarks*' \
  --job "$job" --exporters json --artifacts "$out/bdn") | grep -E '^\|' || true

echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$here/table.mjs" "$out/js.json" "$(ls "$out"/bdn/results/*-report-full-compressed.json | head -n 1)"
