#!/usr/bin/env bash
# Memory of `laurel serve` (Release, PostgreSQL) under a mixed load, once per GC setting: awards through the results API
# (completions.lua) together with public badge pages of random awards and the catalog (badges-random.lua), sampled from
# /proc/PID/status (VmRSS each second: steady = median of the second half of the run; VmHWM = peak).
# Usage: bench/load/run-memory.sh [duration, default 40s] [awards to seed, default 100000]
# GC settings are environment variables (they override laurel.runtimeconfig.json); edit CONFIGS below to try others.
# NO_BUILD=1 skips the Release build. The seeded awards are copies of one signed award (new ids, public) made in SQL: cheap
# rows for the badge pages to read, not valid credentials (the pages show them as not verifying; the work is the same).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-40s}
SEED=${2:-100000}
PORT=${PORT:-5651}
PGPORT=${PGPORT:-55651}
WARMUP=${WARMUP:-30s}
# LAUREL_DLL: another build to measure (e.g. a copy of main's Release output).
LAUREL_DLL=${LAUREL_DLL:-src/Laurel/bin/Release/net10.0/laurel.dll}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
CONFIGS=(
  "server-DATAS(default)|"
  "server-noDATAS|DOTNET_GCDynamicAdaptationMode=0"
  "server-DATAS+conserve|DOTNET_GCConserveMemory=7"
  "workstation-concurrent|DOTNET_gcServer=0"
  "workstation+conserve|DOTNET_gcServer=0 DOTNET_GCConserveMemory=7"
)
[ -n "${ONLY:-}" ] && CONFIGS=("${CONFIGS[@]:$ONLY:1}")

WORK=$(mktemp -d); chmod 755 "$WORK"
LAUREL_PID=""
stop_laurel() { [ -n "$LAUREL_PID" ] && kill "$LAUREL_PID" 2>/dev/null && wait "$LAUREL_PID" 2>/dev/null || true; LAUREL_PID=""; }
cleanup() {
  stop_laurel
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir "$WORK/pg"; chown postgres "$WORK/pg" "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" >/dev/null
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release -v q -nologo src/Laurel/Laurel.csproj >/dev/null
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=64"
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -At -c "$1"; }

start_laurel() { # $1: environment assignments
  env $1 dotnet "$LAUREL_DLL" serve --environment=Development --Laurel:Database:Provider=postgres \
    "--Laurel:Database:ConnectionString=$DB" --Logging:LogLevel:Default=Warning --urls=http://127.0.0.1:$PORT >>"$WORK/laurel.log" 2>&1 &
  LAUREL_PID=$!
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && return; sleep 0.5; done
  echo "laurel did not start" >&2; tail -20 "$WORK/laurel.log" >&2; exit 1
}
token() {
  TOKEN=$(curl -fs -u demo-uu-sis:demo-secret-change-me -d grant_type=client_credentials "http://127.0.0.1:$PORT/oauth/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  ACHIEVEMENT=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/achievements" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); items=d["items"] if isinstance(d,dict) else d; print([a["id"] for a in items if a.get("status","published")=="published"][0])')
  export BENCH_TOKEN=$TOKEN BENCH_ACHIEVEMENT=$ACHIEVEMENT
}

# Seed once: one award through the API, made public, copied $SEED times in SQL.
start_laurel ""
token
BENCH_PREFIX=seed wrk -t1 -c1 -d2s -s bench/load/completions.lua "http://127.0.0.1:$PORT" >/dev/null
stop_laurel
TEMPLATE=$(sql "SELECT \"Id\" FROM \"Awards\" WHERE \"CredentialJson\" LIKE '%\"proof\"%' LIMIT 1")
sql "INSERT INTO \"Awards\" SELECT (jsonb_populate_record(NULL::\"Awards\", to_jsonb(a) || jsonb_build_object('Id', gen_random_uuid(),
  'RecipientIdentity', 'seed' || g || '@students.example.org', 'RecipientPersonId', NULL, 'IsPublic', true))).*
  FROM \"Awards\" a, generate_series(1, $SEED) g WHERE a.\"Id\" = '$TEMPLATE'" >/dev/null
sql "ANALYZE" >/dev/null
export BENCH_IDS_FILE="$WORK/ids.txt"
sql "SELECT \"Id\" FROM \"Awards\" WHERE \"IsPublic\" ORDER BY random() LIMIT 20000" >"$BENCH_IDS_FILE"
echo "== seeded: $(sql 'SELECT count(*) FROM "Awards"') awards; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "| GC setting | env | awards/s | badge+catalog req/s | health req/s | RSS steady | RSS peak (VmHWM) | Laurel CPU s | load avg |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|"

TICKS=$(getconf CLK_TCK)
for config in "${CONFIGS[@]}"; do
  name=${config%%|*}; envs=${config#*|}
  start_laurel "$envs"
  token
  # Server GC names its threads ".NET Server GC": shows which GC the setting really gave.
  gcthreads=$(cat /proc/$LAUREL_PID/task/*/comm 2>/dev/null | grep -c "Server GC" || true)
  BENCH_PREFIX="warm-$name" wrk -t1 -c8 -d"$WARMUP" -s bench/load/completions.lua "http://127.0.0.1:$PORT" >/dev/null &
  A=$!
  wrk -t1 -c16 -d"$WARMUP" -s bench/load/badges-random.lua "http://127.0.0.1:$PORT" >/dev/null
  wait "$A" # (never a bare wait: Laurel and the sampler run in the background too)
  before=$(sql "SELECT count(*) FROM \"Awards\"")
  cpu0=$(awk -v t="$TICKS" '{printf "%.2f", ($14 + $15) / t}' /proc/$LAUREL_PID/stat)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  : >"$WORK/rss"
  (while kill -0 "$LAUREL_PID" 2>/dev/null; do awk '/VmRSS/{print $2}' /proc/$LAUREL_PID/status >>"$WORK/rss"; sleep 1; done) &
  SAMPLER=$!
  start=$(date +%s.%N)
  BENCH_PREFIX="run-$name" wrk -t1 -c8 -d"$DURATION" -s bench/load/completions.lua "http://127.0.0.1:$PORT" >"$WORK/wrk-awards" &
  A=$!
  wrk -t1 -c16 -d"$DURATION" -s bench/load/badges-random.lua "http://127.0.0.1:$PORT" >"$WORK/wrk-badges" &
  B=$!
  wrk -t1 -c2 -d"$DURATION" "http://127.0.0.1:$PORT/health" >"$WORK/wrk-health"
  wait "$A" "$B"
  end=$(date +%s.%N)
  kill "$SAMPLER" 2>/dev/null || true
  cpu1=$(awk -v t="$TICKS" '{printf "%.2f", ($14 + $15) / t}' /proc/$LAUREL_PID/stat)
  hwm=$(awk '/VmHWM/{print $2}' /proc/$LAUREL_PID/status)
  after=$(sql "SELECT count(*) FROM \"Awards\"")
  python3 - "$name" "$envs (server GC threads: $gcthreads)" "$before" "$after" "$start" "$end" "$WORK/rss" "$hwm" "$cpu0" "$cpu1" "$load" \
    "$(awk '/Requests\/sec/{print $2}' "$WORK/wrk-badges")" "$(awk '/Requests\/sec/{print $2}' "$WORK/wrk-health")" <<'EOF'
import sys, statistics
name, envs, before, after, start, end, rssfile, hwm, cpu0, cpu1, load, badges, health = sys.argv[1:]
rss = [int(x) for x in open(rssfile).read().split()]
steady = statistics.median(rss[len(rss) // 2:]) / 1024 if rss else 0
print(f"| {name} | `{envs}` | {(int(after) - int(before)) / (float(end) - float(start)):.0f} | {badges} | {health} | {steady:.0f} MB | {int(hwm) / 1024:.0f} MB | {float(cpu1) - float(cpu0):.1f} | {load} |")
EOF
  stop_laurel
done
