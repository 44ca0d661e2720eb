#!/usr/bin/env bash
# Load test of POST /credentials/verify for a credential signed by Laurel (the cached path: same body, unchanged
# status list). Starts Laurel in Release against a fresh SQLite database in the Production environment, then runs wrk.
# Usage: bench/load/run.sh [duration, default 30s] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-30s}
CONNECTIONS=${2:-32}
PORT=${PORT:-5000}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
LAUREL_PID=""
cleanup() { [ -n "$LAUREL_PID" ] && kill "$LAUREL_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release -v q -nologo bench/load/IssueCredential/IssueCredential.csproj >/dev/null
# Production needs its key ring protected (a throwaway key file here); the per-address verify limit would stop wrk at once.
head -c 32 /dev/urandom | base64 >"$WORK/dp.key"
SETTINGS=(--environment=Production --Laurel:Database:Provider=sqlite "--Laurel:Database:ConnectionString=Data Source=$WORK/laurel.db"
          "--Laurel:DataProtection:KeyEncryptionKeyPath=$WORK/dp.key" --Laurel:RateLimits:Verify:PermitLimit=1000000000
          --Logging:LogLevel:Default=Warning)
BENCH_OUT="$WORK/request.json" BENCH_TEMPLATE=../shared/spec/testvectors/constructed/ob3-microcredential.unsigned.json \
  dotnet bench/load/IssueCredential/bin/Release/net10.0/IssueCredential.dll "${SETTINGS[@]}"

dotnet src/Laurel/bin/Release/net10.0/laurel.dll serve "${SETTINGS[@]}" --urls=http://127.0.0.1:$PORT &
LAUREL_PID=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

STATUS=$(curl -s -o "$WORK/first.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$WORK/request.json" "http://127.0.0.1:$PORT/credentials/verify")
echo "first request: HTTP $STATUS $(head -c 120 "$WORK/first.json")"
[ "$STATUS" = 200 ] || { echo "the credential does not verify; not benchmarking" >&2; exit 1; }

echo "warm-up 5s"; BENCH_REQUEST="$WORK/request.json" wrk -t2 -c"$CONNECTIONS" -d5s -s bench/load/verify.lua "http://127.0.0.1:$PORT/credentials/verify" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_REQUEST="$WORK/request.json" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/load/verify.lua "http://127.0.0.1:$PORT/credentials/verify"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Baseline on the same server and machine state: a static file, the cheapest request Kestrel serves.
echo "baseline GET /css/site.css, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/css/site.css" | grep -E "Requests/sec|50%|99%"
