#!/usr/bin/env bash
# Load test of UNCACHED verification (issue 18): POST /credentials/verify with a different Laurel-signed credential on every
# request (bench/load/verify-uncached.lua) and the public verifier page's upload of a baked PNG (bench/load/verify-png.lua),
# each next to GET /health on the same server in the same run, which is the ratio the issue asks for (goal ≥ 0.3).
# Starts a throwaway PostgreSQL cluster and Laurel (Release, Production environment, verify rate limit lifted) on it.
# Usage: bench/load/run-verify.sh [duration, default 20s] [connections, default 16]
# BENCH_COUNT (default 5000) credentials are signed beforehand (each its own id and status index, both status entries); a run
# must not use more than that (the lua scripts say "repeated" when a wrk thread ran out of its share).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
CONNECTIONS=${2:-16}
PORT=${PORT:-5631}
PGPORT=${PGPORT:-55630}
WARMUP=${WARMUP:-15s}
COUNT=${BENCH_COUNT:-5000}
WARM_COUNT=600
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

WORK=$(mktemp -d); chmod 755 "$WORK"
LAUREL_PID=""
cleanup() {
  [ -n "$LAUREL_PID" ] && kill "$LAUREL_PID" 2>/dev/null && wait "$LAUREL_PID" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir "$WORK/pg"; chown postgres "$WORK/pg" "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" >/dev/null

dotnet build -c Release -v q -nologo src/Laurel/Laurel.csproj >/dev/null
dotnet build -c Release -v q -nologo bench/load/IssueCredential/IssueCredential.csproj >/dev/null
head -c 32 /dev/urandom | base64 >"$WORK/dp.key"
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=64"
# Production needs its key ring protected (a throwaway key file here); the per-address verify limit would stop wrk at once.
SETTINGS=(--environment=Production --Laurel:Database:Provider=postgres "--Laurel:Database:ConnectionString=$DB"
          "--Laurel:DataProtection:KeyEncryptionKeyPath=$WORK/dp.key" --Laurel:RateLimits:Verify:PermitLimit=1000000000
          --Logging:LogLevel:Default=Warning)
mkdir "$WORK/req"
echo "signing $((COUNT + WARM_COUNT)) credentials (+ baked PNGs)"
BENCH_OUT="$WORK/req/request.json" BENCH_COUNT=$((COUNT + WARM_COUNT)) BENCH_PNG=1 \
  BENCH_TEMPLATE=../shared/spec/testvectors/constructed/ob3-microcredential.unsigned.json \
  dotnet bench/load/IssueCredential/bin/Release/net10.0/IssueCredential.dll "${SETTINGS[@]}"

dotnet src/Laurel/bin/Release/net10.0/laurel.dll serve "${SETTINGS[@]}" --urls=http://127.0.0.1:$PORT >"$WORK/laurel.log" 2>&1 &
LAUREL_PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
URL="http://127.0.0.1:$PORT"

STATUS=$(curl -s -o "$WORK/first.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$WORK/req/request.json.$((COUNT + 1))" "$URL/credentials/verify")
echo "first request: HTTP $STATUS $(head -c 120 "$WORK/first.json")"
[ "$STATUS" = 200 ] || { echo "the credential does not verify; not benchmarking" >&2; exit 1; }
# The page's anti-forgery pair: the cookie from GET /verify and the form token in its HTML.
curl -s -c "$WORK/cookies" "$URL/verify" >"$WORK/verify.html"
export BENCH_TOKEN=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$WORK/verify.html" | head -1 | sed 's/.*value="//; s/"$//')
export BENCH_COOKIE=$(awk '!/^#/ && NF >= 7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$WORK/cookies")
export BENCH_VALID_MARKER='data-verdict="Valid"' BENCH_REQUESTS="$WORK/req/request.json" BENCH_THREADS=2
[ -n "$BENCH_TOKEN" ] || { echo "no anti-forgery token on /verify" >&2; exit 1; }
PAGE=$(curl -s -b "$WORK/cookies" -F "__RequestVerificationToken=$BENCH_TOKEN" -F "file=@$WORK/req/request.json.$((COUNT + 1)).png;type=image/png" "$URL/verify?handler=File")
grep -q "$BENCH_VALID_MARKER" <<<"$PAGE" || { echo "the baked PNG does not verify on /verify; not benchmarking" >&2; exit 1; }

TICKS=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICKS" '{s += ($14 + $15) / t} END {printf "%.3f", s}' "$@" 2>/dev/null || echo 0; }
PGMAIN=$(head -1 "$WORK/pg/postmaster.pid")
pg_cpu() { cpu_of /proc/"$PGMAIN"/stat $(pgrep -P "$PGMAIN" | sed 's|.*|/proc/&/stat|'); }

# Warm-up on credentials the measured runs do not use (the JIT tiers up on the same paths).
echo "warm-up $WARMUP per scenario"
BENCH_FIRST=$((COUNT + 1)) BENCH_COUNT=$((COUNT + WARM_COUNT)) wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/load/verify-uncached.lua "$URL" >/dev/null
BENCH_FIRST=$((COUNT + 1)) BENCH_COUNT=$((COUNT + WARM_COUNT)) wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/load/verify-png.lua "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$URL/health" >/dev/null

declare -A RATE
run() { # name, then wrk arguments
  local name=$1; shift
  local l0 c0 p0 out
  l0=$(cut -d' ' -f1-3 /proc/loadavg); c0=$(cpu_of /proc/$LAUREL_PID/stat); p0=$(pg_cpu)
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  local c1 p1 rps n
  c1=$(cpu_of /proc/$LAUREL_PID/stat); p1=$(pg_cpu)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); n=$(awk '/requests in/ {print $1}' <<<"$out")
  RATE[$name]=$rps
  echo "== $name: $rps req/s, load average before $l0, after $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "Latency |99%|non-200|p50" <<<"$out" | sed 's/^/   /'
  python3 -c "print(f'   CPU per request: Laurel {1000*($c1-$c0)/$n:.2f} ms, PostgreSQL {1000*($p1-$p0)/$n:.2f} ms ($n requests)')"
}
run health1 "$URL/health"
BENCH_FIRST=1 BENCH_COUNT=$COUNT run verify-uncached -s bench/load/verify-uncached.lua "$URL"
BENCH_FIRST=1 BENCH_COUNT=$COUNT run verify-png -s bench/load/verify-png.lua "$URL"
run health2 "$URL/health"
python3 - "${RATE[health1]}" "${RATE[health2]}" "${RATE[verify-uncached]}" "${RATE[verify-png]}" <<'PY'
import sys
h1, h2, api, png = map(float, sys.argv[1:])
health = (h1 + h2) / 2
print(f"ratio against GET /health ({health:.0f} req/s, mean of the runs before and after): "
      f"POST /credentials/verify uncached {api / health:.3f}, /verify baked PNG {png / health:.3f}")
PY
