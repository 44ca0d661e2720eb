#!/usr/bin/env bash
# Load test of the results API: POST /api/v1/completions from concurrent clients, every request a NEW learner, so each
# one is a real award (policy checked, credential signed, stored, e-mail queued) and never an idempotent replay.
# Starts a throwaway PostgreSQL cluster and Laurel (Release, Development environment for the demo API client) on it.
# Usage: bench/load/run-results.sh [duration, default 30s] [connections, default 16]
# LAUREL_BENCH_DB="Host=…;Port=…;Username=…;Database=…" runs against an existing PostgreSQL database instead (e.g. one seeded with
#   ≥ 100k awards by `laurel seed-load`); it must hold the demo data (Development start-up seeds it). PostgreSQL's CPU is then
#   measured only when LAUREL_BENCH_PGDATA names its data directory (the postmaster.pid there), and statements per award only
#   when pg_stat_statements is loaded in it.
# BATCH=n sends POST /api/v1/completions/batch with n new learners per request instead (the fast path for an SIS).
# LAUREL_EXTRA="--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information" shows every SQL command.
# TRACE=file.speedscope.json samples Laurel's thread stacks (dotnet-sampled-thread-time) with dotnet-trace (~/.dotnet/tools) during the measured run; aggregate it with
#   python3 bench/load/speedscope-top.py file.speedscope.json (self and inclusive time per frame).
# SKIP_BUILD=1 uses the Release build as it is; LAUREL_DLL=path/laurel.dll runs another build (implies SKIP_BUILD). With pg_stat_statements the run ends with the statements that took the most
# time (calls and milliseconds per award).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-30s}
CONNECTIONS=${2:-16}
PORT=${PORT:-5077}
# Long enough for tiered JIT to finish re-compiling the hot paths, as on a server that has been running a while (with
# 10-20 s Laurel still spends about half its CPU in the JIT and reaches 60-75 awards/s; after 60 s, 100+).
WARMUP=${WARMUP:-60s}
PGPORT=${PGPORT:-55599}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

WORK=$(mktemp -d); chmod 755 "$WORK"
LAUREL_PID=""
cleanup() {
  [ -n "$LAUREL_PID" ] && kill "$LAUREL_PID" 2>/dev/null && wait "$LAUREL_PID" 2>/dev/null || true
  [ -z "${LAUREL_BENCH_DB:-}" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ -n "${LAUREL_BENCH_DB:-}" ]; then
  DB="$LAUREL_BENCH_DB"
  PGDATA_DIR=${LAUREL_BENCH_PGDATA:-}
else
  mkdir "$WORK/pg"; chown postgres "$WORK/pg" "$WORK"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  # pg_stat_statements counts the SQL statements per award.
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start \
    -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=on -c shared_preload_libraries=pg_stat_statements" >/dev/null
  DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=64"
  PGDATA_DIR="$WORK/pg"
fi
# psql takes the same connection string's parts (key=value; pairs).
PSQL_CONN=$(python3 -c 'import sys; kv=dict(p.split("=",1) for p in sys.argv[1].split(";") if "=" in p); m={"host":"host","port":"port","username":"user","database":"dbname","password":"password"}; print(" ".join(f"{m[k.lower()]}={v}" for k,v in kv.items() if k.lower() in m))' "$DB")
sql() { psql "$PSQL_CONN" -At -c "$1"; }

[ -n "${SKIP_BUILD:-}${LAUREL_DLL:-}" ] || dotnet build -c Release -v q -nologo src/Laurel/Laurel.csproj >/dev/null
dotnet "${LAUREL_DLL:-src/Laurel/bin/Release/net10.0/laurel.dll}" serve --environment=Development --Laurel:Database:Provider=postgres \
  "--Laurel:Database:ConnectionString=$DB" --Logging:LogLevel:Default=Warning ${LAUREL_EXTRA:-} --urls=http://127.0.0.1:$PORT >"$WORK/laurel.log" 2>&1 &
LAUREL_PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

TOKEN=$(curl -fs -u demo-uu-sis:demo-secret-change-me -d grant_type=client_credentials "http://127.0.0.1:$PORT/oauth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
# A published micro-credential of Utrecht University that needs no grade beyond the one sent.
ACHIEVEMENT=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/achievements" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); items=d["items"] if isinstance(d,dict) else d; print([a["id"] for a in items if a.get("status","published")=="published"][0])')
# A new prefix per run: a reused database must never answer a replay (200) instead of a new award.
RUN=$(date +%s)
export BENCH_TOKEN=$TOKEN BENCH_ACHIEVEMENT=$ACHIEVEMENT BENCH_BATCH=${BATCH:-0}
count() { sql "SELECT count(*) FROM \"Awards\" WHERE \"CredentialJson\" LIKE '%\"proof\"%'"; }
echo "awards in the database before the warm-up: $(count)"

echo "warm-up $WARMUP"; BENCH_PREFIX=warmup-$RUN wrk --timeout 30s -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/load/completions.lua "http://127.0.0.1:$PORT" >/dev/null
BEFORE=$(count)
# CPU seconds (user + system) of Laurel and of every PostgreSQL process, to show the cost per award whatever else runs.
TICKS=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICKS" '{s += ($14 + $15) / t} END {printf "%.2f", s}' "$@" 2>/dev/null || echo 0; }
PGMAIN=$([ -n "$PGDATA_DIR" ] && head -1 "$PGDATA_DIR/postmaster.pid" || echo "")
pg_cpu() { [ -n "$PGMAIN" ] && cpu_of /proc/"$PGMAIN"/stat $(pgrep -P "$PGMAIN" | sed 's|.*|/proc/&/stat|') || echo 0; }
# Statements executed by PostgreSQL (pg_stat_statements; 0 when it is not loaded), including BEGIN/COMMIT.
statements() { sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 && sql "SELECT coalesce(sum(calls),0) FROM pg_stat_statements" 2>/dev/null || echo 0; }
statements >/dev/null; sql "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
STMT0=$(statements)
LAUREL_CPU0=$(cpu_of /proc/$LAUREL_PID/stat); PG_CPU0=$(pg_cpu)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
START=$(date +%s.%N)
TRACE_PID=""
if [ -n "${TRACE:-}" ]; then
  # Sample for the run's length minus a margin, so the trace covers only the measured load.
  SECS=$(python3 -c "import re; d='$DURATION'; n=float(re.sub('[a-z]','',d)); print(int(n*(60 if d.endswith('m') else 1))-2)")
  ~/.dotnet/tools/dotnet-trace collect -p "$LAUREL_PID" --profile dotnet-sampled-thread-time --duration "00:00:$(printf %02d "$SECS")" \
    --format speedscope -o "${TRACE%.speedscope.json}.nettrace" >"${TRACE%.speedscope.json}.trace.log" 2>&1 &
  TRACE_PID=$!
fi
BENCH_PREFIX=run-$RUN wrk --timeout 30s -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/load/completions.lua "http://127.0.0.1:$PORT"
END=$(date +%s.%N)
LAUREL_CPU1=$(cpu_of /proc/$LAUREL_PID/stat); PG_CPU1=$(pg_cpu)
STMT1=$(statements)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
AFTER=$(count)
python3 -c "print(f'signed awards stored during the run: {$AFTER-$BEFORE} in {$END-$START:.1f} s = {($AFTER-$BEFORE)/($END-$START):.0f} awards/s (counted in the database)')"
python3 -c "n=$AFTER-$BEFORE; print(f'CPU per award: Laurel {1000*($LAUREL_CPU1-$LAUREL_CPU0)/n:.1f} ms, PostgreSQL {1000*($PG_CPU1-$PG_CPU0)/n:.1f} ms')"
python3 -c "n=$AFTER-$BEFORE; print(f'SQL statements per award (pg_stat_statements, incl. BEGIN/COMMIT and background workers): {($STMT1-$STMT0)/n:.1f}')"
echo "awards in the database after the run: $AFTER"
N=$((AFTER-BEFORE))
if [ "$N" -gt 0 ]; then
  echo "statements by total time (calls per award, ms per award):"
  sql "SELECT round(calls::numeric/$N,2) || ' | ' || round((total_exec_time/$N)::numeric,3) || ' | ' || left(regexp_replace(query,'\s+',' ','g'),150)
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" 2>/dev/null || true
fi
if [ -n "$TRACE_PID" ]; then wait "$TRACE_PID" || true; echo "trace: $(ls "${TRACE%.speedscope.json}"*.speedscope.json 2>/dev/null)"; fi
