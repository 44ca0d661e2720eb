#!/usr/bin/env bash
# Load test of the public pages (issue 18): the badge page (a fresh visitor, and a browser revalidating its copy with
# If-None-Match), the catalog with the demo's 4 definitions and with 10,000, an institution profile and a status list. Each
# scenario is followed in the same run by GET /health (one database round trip) with the same clients, and the ratio of the
# two, p99, the load average and Laurel's and PostgreSQL's CPU time per request are printed.
# Starts a throwaway PostgreSQL cluster and Laurel (Release, Development environment for the demo data) on it.
# Usage: bench/load/run-pages.sh [duration, default 15s] [connections, default 64]
#   LAUREL_DLL=path/to/laurel.dll  measures another build (e.g. main's, for before/after) instead of building this checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
PORT=${PORT:-5641}
PGPORT=${PGPORT:-55640}
WARMUP=${WARMUP:-10s}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
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
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null

if [ -z "${LAUREL_DLL:-}" ]; then
  dotnet build -c Release -v q -nologo src/Laurel/Laurel.csproj >/dev/null
  LAUREL_DLL=src/Laurel/bin/Release/net10.0/laurel.dll
fi
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=64"
dotnet "$LAUREL_DLL" serve --environment=Development --Laurel:Database:Provider=postgres \
  "--Laurel:Database:ConnectionString=$DB" --Logging:LogLevel:Default=Warning --urls=http://127.0.0.1:$PORT >"$WORK/laurel.log" 2>&1 &
LAUREL_PID=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -At -c "$1"; }

# One of the demo learner's signed awards, made public as the learner would.
AWARD=$(sql "SELECT \"Id\" FROM \"Awards\" WHERE \"State\" = 'Issued' ORDER BY \"CreatedAt\" LIMIT 1")
sql "UPDATE \"Awards\" SET \"IsPublic\" = true WHERE \"Id\" = '$AWARD'" >/dev/null
LIST=$(sql "SELECT \"RevocationListId\" FROM \"Awards\" WHERE \"Id\" = '$AWARD'")
SLUG=$(sql "SELECT \"Slug\" FROM \"Institutions\" ORDER BY \"NameNl\" LIMIT 1")

TICKS=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICKS" '{s += ($14 + $15) / t} END {printf "%.3f", s}' "$@" 2>/dev/null || echo 0; }
PGMAIN=$(head -1 "$WORK/pg/postmaster.pid")
# The postmaster's own time plus that of its children, live (14, 15) and ended (16, 17: connections closed during the run).
pg_cpu() {
  python3 -c "print(round(float('$(awk -v t="$TICKS" '{printf "%.3f", ($14 + $15 + $16 + $17) / t}' /proc/"$PGMAIN"/stat)') + float('$(cpu_of $(pgrep -P "$PGMAIN" | sed 's|.*|/proc/&/stat|') /dev/null)'), 3))"
}

# run NAME URL [ETAG]: warm-up, the page, then /health with the same clients; prints req/s, p99, CPU per request and the ratio.
run() {
  local name=$1 url=$2 etag=${3:-}
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' ${etag:+-H "If-None-Match: $etag"} "http://127.0.0.1:$PORT$url")
  BENCH_ETAG=$etag wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/load/pages.lua "http://127.0.0.1:$PORT$url" >/dev/null
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  local l0 p0 l1 p1; l0=$(cpu_of /proc/$LAUREL_PID/stat); p0=$(pg_cpu)
  local page; page=$(BENCH_ETAG=$etag wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/load/pages.lua "http://127.0.0.1:$PORT$url" | grep RESULT)
  l1=$(cpu_of /proc/$LAUREL_PID/stat); p1=$(pg_cpu)
  local health; health=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/load/pages.lua "http://127.0.0.1:$PORT/health" | grep RESULT)
  python3 - "$name" "$status" "$load" "$page" "$health" "$l0" "$l1" "$p0" "$p1" <<'PY'
import sys
name, status, load, page, health, l0, l1, p0, p1 = sys.argv[1:]
def parse(line): return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
p, h = parse(page), parse(health)
rate, hrate = p["requests"] / p["seconds"], h["requests"] / h["seconds"]
n = p["requests"]
print(f"{name:<22} HTTP {status}  {rate:7.0f} req/s  p99 {p['p99']:6.1f} ms | /health {hrate:7.0f} req/s p99 {h['p99']:6.1f} ms"
      f" | ratio {rate / hrate:4.2f} | CPU/req Laurel {1000 * (float(l1) - float(l0)) / n:.2f} ms, PostgreSQL {1000 * (float(p1) - float(p0)) / n:.2f} ms"
      f" | load {load}")
PY
}

echo "connections $CONNECTIONS, $DURATION per scenario, award $AWARD"
run badge "/badges/$AWARD"
ETAG=$(curl -s -D - -o /dev/null -H 'Accept-Language: en' "http://127.0.0.1:$PORT/badges/$AWARD" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
[ -n "$ETAG" ] && run badge-revalidate "/badges/$AWARD" "$ETAG"
run catalog-4 "/catalog"
run institution "/institutions/$SLUG"
run status-list "/status/$LIST"

# 10,000 published definitions: copies of a demo definition under new ids, lineages and names.
sql "CREATE TABLE bench_copies AS SELECT a.* FROM \"Achievements\" a, generate_series(1, 10000 - (SELECT count(*) FROM \"Achievements\" WHERE \"Status\" = 'Published')) g
     WHERE a.\"Id\" = (SELECT \"Id\" FROM \"Achievements\" WHERE \"Status\" = 'Published' AND \"ArchivedAt\" IS NULL ORDER BY \"CreatedAt\" LIMIT 1);
     UPDATE bench_copies SET \"Id\" = gen_random_uuid(), \"LineageId\" = gen_random_uuid(), \"PreviousVersionId\" = NULL, \"Version\" = 1,
       \"Name\" = 'Bench ' || md5(random()::text), \"FrozenAt\" = NULL;
     INSERT INTO \"Achievements\" SELECT * FROM bench_copies; DROP TABLE bench_copies; ANALYZE \"Achievements\";" >/dev/null
# Written past the app: raise the publication version as the app's saves do (the catalog's tag reads it; builds before it lack it).
sql "DO \$\$ BEGIN IF to_regclass('\"PublicationVersions\"') IS NOT NULL THEN UPDATE \"PublicationVersions\" SET \"Stamp\" = gen_random_uuid(); END IF; END \$\$;" >/dev/null
echo "published definitions: $(sql "SELECT count(*) FROM \"Achievements\" WHERE \"Status\" = 'Published'")"
run catalog-10000 "/catalog"
run catalog-10000-page9 "/catalog?page=9"
