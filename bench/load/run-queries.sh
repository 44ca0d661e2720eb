#!/usr/bin/env bash
# Issue 18: the staff award list, audit page, mail page, learner sign-in (claim lookup) and the outbox batch claim at N seeded
# awards, outbox messages and audit entries each (bench/load/seed-sql.sh), on a throwaway PostgreSQL and a Laurel started
# with EF's command log on (database time per page). Times: bench/load/queries.py.
# Usage: bench/load/run-queries.sh [N, default 100000]
#   LAUREL_DLL=/path/to/laurel.dll  run another build (e.g. main's, for the "before" figures) instead of this checkout's Release
#   VARIANT=before|after            label, and which outbox SQL to time (main's read-back by lease token, or by id)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
PORT=${PORT:-5621}
PGPORT=${PGPORT:-55620}
export RUNS=${RUNS:-15} VARIANT=${VARIANT:-after} N PGPORT
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql" >&2; exit 2; }
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
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" >/dev/null

DLL=${LAUREL_DLL:-}
if [ -z "$DLL" ]; then
  dotnet build -c Release -v q -nologo src/Laurel/Laurel.csproj >/dev/null
  DLL=src/Laurel/bin/Release/net10.0/laurel.dll
fi
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
export LAUREL_LOG="$WORK/laurel.log" BASE="http://127.0.0.1:$PORT"
dotnet "$DLL" serve --environment=Development --Laurel:Database:Provider=postgres "--Laurel:Database:ConnectionString=$DB" \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information \
  --Logging:Console:FormatterName=simple --Logging:Console:FormatterOptions:IncludeScopes=true --urls="$BASE" >"$LAUREL_LOG" 2>&1 &
LAUREL_PID=$!
for _ in $(seq 1 240); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/health" >/dev/null || { tail -50 "$LAUREL_LOG"; exit 1; }

bench/load/seed-sql.sh "$N" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/load/queries.py
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
