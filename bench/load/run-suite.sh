#!/usr/bin/env bash
# The load suite of issue 18: every row of the issue's table measured against seeded data (laurel seed-load), each scenario
# followed by GET /health with the same connections in the same run, CPU per request of Laurel and PostgreSQL from /proc,
# Laurel's memory, and the load average. Prints a markdown table at the end (also saved as results.md beside the raw output).
#
# Usage: bench/load/run-suite.sh [--awards 100000] [--duration 20s] [--warmup 5s] [--reuse DIR] [--only a,b,...] [--keep-output DIR]
#   --reuse DIR   keep the database and the seed in DIR: seeded on the first run, reused afterwards (seed 1 M once).
#   --only        a comma-separated subset of: badge,badgerepeat,catalog,profile,status,verify,staff,mail,audit,signin,results,bulk
#   SKIP_BUILD=1  use the Release build as it is.   PORT (5661), PGPORT (55661) pick the ports.
#   LAUREL_DLL    another build of laurel.dll to run (e.g. a ReadyToRun publish: bench/load/publish-r2r.sh); implies SKIP_BUILD.
#   SUITE_AFTER   a shell command run after the scenarios while Laurel is up ($LAUREL_PID, $OUT), e.g. dotnet-gcdump collect.
# It runs whatever code is checked out, so improvements merged later are measured by the same command.
# Laurel runs in the Development environment: the demo staff sign-in (a staff cookie for the /manage pages), the development
# e-mail sign-in (learner sign-in) and the demo API client (results API) exist only there. Logging is at Warning, as in production.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SUITE_START=$(date +%s)

AWARDS=100000; DURATION=20s; WARMUP=5s; REUSE=""; ONLY=""; KEEP_OUTPUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --awards) AWARDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --reuse) REUSE=$2; shift 2 ;;
    --only) ONLY=",$2,"; shift 2 ;;
    --keep-output) KEEP_OUTPUT=$2; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
PORT=${PORT:-5661}
PGPORT=${PGPORT:-55661}
BASE="http://127.0.0.1:$PORT"
wants() { [ -z "$ONLY" ] || [[ "$ONLY" == *",$1,"* ]]; }
fail() { echo "run-suite: $*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || fail "could not install wrk"; else fail "wrk is missing: apt-get install -y wrk"; fi
fi
command -v psql >/dev/null || fail "psql is missing: apt-get install -y postgresql"
command -v python3 >/dev/null || fail "python3 is missing"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || fail "PostgreSQL server binaries not found: apt-get install -y postgresql"
[ "$(id -u)" = 0 ] || fail "run as root (the throwaway PostgreSQL cluster runs as the postgres user through runuser)"
if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then fail "port $PORT is in use (set PORT=...)"; fi
if (exec 3<>/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; then fail "port $PGPORT is in use (set PGPORT=...)"; fi

# --- work and data directories, cleanup ------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/laurel-suite.XXXXXX); chmod 755 "$WORK"; chown postgres "$WORK"
if [ -n "$REUSE" ]; then mkdir -p "$REUSE"; DATA=$(cd "$REUSE" && pwd); else DATA=$WORK/data; mkdir -p "$DATA"; fi
chmod 755 "$DATA"; chown postgres "$DATA"
OUT=$WORK/out; mkdir -p "$OUT"
LAUREL_PID=""
cleanup() {
  local code=$?
  [ -n "$LAUREL_PID" ] && kill "$LAUREL_PID" 2>/dev/null && wait "$LAUREL_PID" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DATA/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "$KEEP_OUTPUT" ]; then mkdir -p "$KEEP_OUTPUT" && cp -r "$OUT/." "$KEEP_OUTPUT/" && echo "raw output kept in $KEEP_OUTPUT"; fi
  [ $code -ne 0 ] && [ -f "$OUT/laurel.log" ] && { echo "--- last lines of laurel.log:"; tail -20 "$OUT/laurel.log"; } >&2
  rm -rf "$WORK"
  echo "total runtime: $(( $(date +%s) - SUITE_START )) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build -------------------------------------------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ] && [ -z "${LAUREL_DLL:-}" ]; then
  echo "building Release (src/Laurel, bench/Laurel.Bench)…"
  dotnet build -c Release -v q -nologo bench/Laurel.Bench/Laurel.Bench.csproj >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "build failed"; }
fi
LAUREL_DLL=${LAUREL_DLL:-src/Laurel/bin/Release/net10.0/laurel.dll}
[ -f "$LAUREL_DLL" ] || fail "$LAUREL_DLL is missing (build first or drop SKIP_BUILD)"

# --- PostgreSQL (fsync on) ---------------------------------------------------------------------------------------------------
if [ ! -f "$DATA/pg/PG_VERSION" ]; then
  mkdir -p "$DATA/pg"; chown postgres "$DATA/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$DATA/pg" -A trust -U postgres >/dev/null
fi
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DATA/pg" -l "$WORK/pg.log" -w start \
  -o "-c shared_preload_libraries=pg_stat_statements -p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200 -c shared_buffers=256MB" >/dev/null \
  || { cat "$WORK/pg.log"; fail "PostgreSQL did not start"; }
PGMAIN=$(head -1 "$DATA/pg/postmaster.pid")
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Maximum Pool Size=64"
SETTINGS=(--environment=Development --Laurel:Database:Provider=postgres "--Laurel:Database:ConnectionString=$DB"
  "--Laurel:PublicBaseUrl=$BASE" --Logging:LogLevel:Default=Warning
  --Laurel:RateLimits:Verify:PermitLimit=1000000000 --Laurel:RateLimits:SignIn:PermitLimit=1000000000)

# --- seed (or reuse) ---------------------------------------------------------------------------------------------------------
SEED=$DATA/seed
if [ -f "$SEED/badges.txt" ] && [ -f "$SEED/definitions.txt" ]; then
  [ "$(cat "$SEED/base-url" 2>/dev/null)" = "$BASE" ] || fail "$DATA was seeded for $(cat "$SEED/base-url" 2>/dev/null) (credentials name their status lists and issuer there): use that PORT"
  echo "reusing the seed in $DATA: $(grep -E '^Made' "$DATA/seed.log" | tail -1)"
  SEED_SECONDS="reused"
else
  echo "seeding $AWARDS awards (laurel seed-load)…"
  T0=$(date +%s)
  if ! dotnet "$LAUREL_DLL" seed-load --awards "$AWARDS" --out "$SEED" "${SETTINGS[@]}" 2>&1 | tee "$DATA/seed.log"; then
    rm -rf "$SEED"; fail "seed-load failed (see above)"
  fi
  SEED_SECONDS=$(( $(date +%s) - T0 ))
  echo "$BASE" >"$SEED/base-url"
fi
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -At -v ON_ERROR_STOP=1)
COUNTS=$("${PSQL[@]}" -c "SELECT (SELECT count(*) FROM \"Awards\") || ' awards, ' || (SELECT count(*) FROM \"Persons\") || ' persons, ' || (SELECT count(*) FROM \"OutboxMessages\") || ' e-mails, ' || (SELECT count(*) FROM \"AuditEntries\") || ' audit entries, ' || (SELECT count(*) FROM \"Achievements\") || ' definitions'")
echo "database: $COUNTS"

# --- Laurel -------------------------------------------------------------------------------------------------------------------
dotnet "$LAUREL_DLL" serve "${SETTINGS[@]}" --urls="$BASE" >"$OUT/laurel.log" 2>&1 &
LAUREL_PID=$!
for _ in $(seq 1 240); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; kill -0 "$LAUREL_PID" 2>/dev/null || fail "laurel serve exited"; sleep 0.5; done
curl -fs "$BASE/health" >/dev/null || fail "laurel serve did not answer /health in 120 s"

# --- what the scenarios need ----------------------------------------------------------------------------------------------
UU=$("${PSQL[@]}" -c "SELECT \"Id\" FROM \"Institutions\" WHERE \"Slug\" = 'uu'")
STAFF_DEF=$(awk -F'\t' '$3 == "uu" { print $1; exit }' "$SEED/definitions.txt")
STATUS_PATHS=$("${PSQL[@]}" -c "SELECT string_agg('/status/' || \"Id\", ' ') FROM \"StatusLists\" WHERE \"Purpose\" = 'revocation'")
# A staff session: the demo sign-in as Utrecht's institution admin (curl keeps the cookies), as a browser would.
antiforgery() { # $1 cookie jar → prints the form token of /account/sign-in
  curl -fs -c "$1" -b "$1" "$BASE/account/sign-in" | python3 -c 'import re,sys,html; m=re.search(r"name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", sys.stdin.read()); print(html.unescape(m.group(1)) if m else "")'
}
cookie_header() { python3 -c 'import sys
pairs=[]
for line in open(sys.argv[1]):
    if line.startswith("#HttpOnly_"): line=line[len("#HttpOnly_"):]
    elif line.startswith("#") or not line.strip(): continue
    f=line.rstrip("\n").split("\t")
    if len(f)>=7: pairs.append(f[5]+"="+f[6])
print("; ".join(pairs))' "$1"; }
TOKEN=$(antiforgery "$WORK/staff.jar")
[ -n "$TOKEN" ] || fail "no anti-forgery token on /account/sign-in"
CODE=$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/staff.jar" -b "$WORK/staff.jar" --data-urlencode "persona=institution-admin" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/account/sign-in?handler=Demo")
[ "$CODE" = 302 ] || fail "demo staff sign-in answered $CODE"
STAFF_COOKIE=$(cookie_header "$WORK/staff.jar")
LEARNER_TOKEN=$(antiforgery "$WORK/anon.jar")
LEARNER_COOKIE=$(cookie_header "$WORK/anon.jar")

# --- measuring ----------------------------------------------------------------------------------------------------------------
export SUITE_LUA_DIR=$ROOT/bench/load/suite SUITE_THREADS=2
TICKS=$(getconf CLK_TCK)
laurel_cpu() { awk -v t="$TICKS" '{printf "%.2f", ($14 + $15) / t}' /proc/$LAUREL_PID/stat; }
# The postmaster's own time, the time of backends that ended (cutime/cstime) and of the running ones.
# A backend may end between pgrep and reading its stat: that is no error (pipefail would stop the suite).
pg_cpu() {
  { awk '{print $14 + $15 + $16 + $17}' /proc/$PGMAIN/stat; for p in $(pgrep -P "$PGMAIN"); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || true; done; } \
    | awk -v t="$TICKS" '{s += $1} END {printf "%.2f", s / t}'
}
mem() { awk '/^VmRSS|^VmHWM/ {printf "%s ", $2}' /proc/$LAUREL_PID/status; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
echo -e "scenario\tclients\tfile\tlaurel_cpu\tpg_cpu\trss_kb\thwm_kb\tload_before\tload_after\tnote" >"$OUT/results.tsv"

# measure NAME SLUG CLIENTS SCRIPT [PREFLIGHT_PATH]: warm-up, measured run, then /health with the same connections.
measure() {
  local name=$1 slug=$2 clients=$3 script=$4 preflight=${5:-}
  if [ -n "$preflight" ]; then
    local code; code=$(curl -s -o "$OUT/$slug.preflight" -w '%{http_code}' -H "Cookie: ${SUITE_COOKIE:-}" "$BASE$preflight")
    if [ "$code" != 200 ]; then
      echo "  $name: GET $preflight answered $code; skipped" >&2
      echo -e "$name\t$clients\t-\t0\t0\t0\t0\t-\t-\tpreflight answered $code" >>"$OUT/results.tsv"; return
    fi
  fi
  kill -0 "$LAUREL_PID" 2>/dev/null || fail "laurel serve is no longer running (before: $name); see laurel.log"
  echo "  $name ($clients clients): warm-up $WARMUP, run $DURATION, /health $DURATION"
  wrk -t2 -c"$clients" -d"$WARMUP" --timeout 10s -s "$script" "$BASE" >/dev/null 2>&1 || true
  local lb l0 p0; lb=$(loadavg); l0=$(laurel_cpu); p0=$(pg_cpu)
  wrk -t2 -c"$clients" -d"$DURATION" --timeout 10s --latency -s "$script" "$BASE" >"$OUT/$slug.txt" 2>&1 || echo "  wrk failed: $(tail -2 "$OUT/$slug.txt")" >&2
  kill -0 "$LAUREL_PID" 2>/dev/null || fail "laurel serve stopped during: $name; see laurel.log"
  local l1 p1 m la; l1=$(laurel_cpu); p1=$(pg_cpu); m=$(mem); la=$(loadavg)
  SUITE_PATHS=/health SUITE_COOKIE="" wrk -t2 -c"$clients" -d"$DURATION" --timeout 10s --latency -s "$SUITE_LUA_DIR/get.lua" "$BASE" >"$OUT/$slug.health.txt" 2>&1 || true
  read -r rss hwm <<<"$m"
  echo -e "$name\t$clients\t$slug\t$(python3 -c "print(round($l1-$l0,2))")\t$(python3 -c "print(round($p1-$p0,2))")\t$rss\t$hwm\t$lb\t$la\t" >>"$OUT/results.tsv"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
SUITE_COOKIE=""
if wants badge; then SUITE_IDS=$SEED/badges.txt; export SUITE_IDS; measure "public badge page" badge "${BADGE_CLIENTS:-64}" "$SUITE_LUA_DIR/badge.lua" "/badges/$(head -1 "$SEED/badges.txt")"; fi
# Repeat views: the same 8 badges over and over (a shared link opened by many; each view after the first finds a current copy).
if wants badgerepeat; then head -8 "$SEED/badges.txt" >"$WORK/badges-few.txt"; SUITE_IDS=$WORK/badges-few.txt; export SUITE_IDS; measure "public badge page, 8 badges (repeat views)" badgerepeat "${BADGE_CLIENTS:-64}" "$SUITE_LUA_DIR/badge.lua" "/badges/$(head -1 "$SEED/badges.txt")"; fi
export SUITE_COOKIE=""
if wants catalog; then export SUITE_PATHS=/catalog; measure "catalog" catalog "${CATALOG_CLIENTS:-64}" "$SUITE_LUA_DIR/get.lua" /catalog; fi
if wants profile; then export SUITE_PATHS=/institutions/uu; measure "institution profile" profile "${PROFILE_CLIENTS:-64}" "$SUITE_LUA_DIR/get.lua" /institutions/uu; fi
if wants status; then export SUITE_PATHS=$STATUS_PATHS; measure "status list" status "${STATUS_CLIENTS:-64}" "$SUITE_LUA_DIR/get.lua" "${STATUS_PATHS%% *}"; fi
if wants verify; then
  # Distinct credentials, fetched as a verifier would (the public credential file); more than one run sends.
  COUNT=${VERIFY_CREDENTIALS:-8000}
  echo "  fetching $COUNT credentials for the verify scenario…"
  python3 - "$BASE" "$SEED/badges.txt" "$OUT/verify-bodies.txt" "$COUNT" <<'EOF'
import http.client, json, random, sys, threading, urllib.parse
base, ids_path, out_path, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ids = [l.strip() for l in open(ids_path) if l.strip()]
random.seed(18); random.shuffle(ids); ids = ids[:count]
host = urllib.parse.urlparse(base)
bodies, lock = [], threading.Lock()
def work(part):
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    for i in part:
        c.request("GET", f"/badges/{i}/credential.json"); r = c.getresponse(); data = r.read()
        if r.status == 200:
            with lock: bodies.append(json.dumps({"verifiableCredential": json.loads(data)}, separators=(",", ":")))
threads = [threading.Thread(target=work, args=(ids[k::4],)) for k in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
open(out_path, "w").write("\n".join(bodies) + "\n")
print(f"  {len(bodies)} of {len(ids)} credentials fetched")
EOF
  export SUITE_BODIES=$OUT/verify-bodies.txt
  FIRST=$(head -1 "$SUITE_BODIES" | curl -s -H 'Content-Type: application/json' --data-binary @- "$BASE/credentials/verify" | head -c 300)
  echo "  first verification: $FIRST" | cut -c1-200
  measure "uncached POST /credentials/verify" verify "${VERIFY_CLIENTS:-32}" "$SUITE_LUA_DIR/verify.lua"
fi
export SUITE_COOKIE=$STAFF_COOKIE
if wants staff; then export SUITE_PATHS=/manage/achievements/$STAFF_DEF/awards; measure "staff award list of a definition" staff "${STAFF_CLIENTS:-16}" "$SUITE_LUA_DIR/get.lua" "$SUITE_PATHS"; fi
if wants mail; then export SUITE_PATHS=/manage/institutions/$UU/mail; measure "mail-queue page" mail "${MAIL_CLIENTS:-16}" "$SUITE_LUA_DIR/get.lua" "$SUITE_PATHS"; fi
if wants audit; then export SUITE_PATHS=/manage/institutions/$UU/audit; measure "audit page" audit "${AUDIT_CLIENTS:-16}" "$SUITE_LUA_DIR/get.lua" "$SUITE_PATHS"; fi
export SUITE_COOKIE=""
if wants signin; then
  export SUITE_IDS=$SEED/learners.txt SUITE_TOKEN=$LEARNER_TOKEN SUITE_COOKIE=$LEARNER_COOKIE
  measure "learner sign-in (e-mail sign-in POST)" signin "${SIGNIN_CLIENTS:-16}" "$SUITE_LUA_DIR/signin.lua"
  export SUITE_COOKIE=""
fi
if wants results; then
  BENCH_TOKEN=$(curl -fs -u demo-uu-sis:demo-secret-change-me -d grant_type=client_credentials "$BASE/oauth/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') \
    || fail "no API token for demo-uu-sis"
  BENCH_ACHIEVEMENT=$(awk -F'\t' '$3 == "uu" { print $1; exit }' "$SEED/definitions.txt")
  # A new prefix per run: a reused database already holds the learners of earlier runs (those would be idempotent replays).
  export BENCH_TOKEN BENCH_ACHIEVEMENT BENCH_PREFIX="suite$(date +%s)"
  measure "results API (completions, new learner each)" results "${RESULTS_CLIENTS:-32}" bench/load/completions.lua
fi
# SUITE_AFTER: a command run while Laurel is still up after the scenarios (LAUREL_PID and OUT are exported), e.g.
# SUITE_AFTER='~/.dotnet/tools/dotnet-gcdump collect -p $LAUREL_PID -o $OUT/after.gcdump' to see what stays resident.
if [ -n "${SUITE_AFTER:-}" ]; then LAUREL_PID=$LAUREL_PID OUT=$OUT bash -c "$SUITE_AFTER" || echo "  SUITE_AFTER failed" >&2; fi
if wants bulk; then
  echo "  bulk 10,000 (Laurel.Bench bulk: upload, preview, confirm on its own fresh database in this cluster)"
  BULK_LOAD=$(loadavg)
  LAUREL_BENCH_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres" timeout 900 \
    dotnet bench/Laurel.Bench/bin/Release/net10.0/Laurel.Bench.dll bulk 10000 >"$OUT/bulk.txt" 2>&1 || echo "  bulk failed: $(tail -3 "$OUT/bulk.txt")" >&2
  echo -e "bulk 10,000 rows\t-\tbulk\t0\t0\t0\t0\t$BULK_LOAD\t$(loadavg)\t" >>"$OUT/results.tsv"
fi

echo
python3 bench/load/suite/table.py "$OUT" "$AWARDS" "$COUNTS" "$SEED_SECONDS" | tee "$OUT/results.md"
