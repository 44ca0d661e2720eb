#!/usr/bin/env bash
# Runs every Laurel test project. Installs what the tests need when missing (PostgreSQL, Chromium,
# Node packages), starts a throwaway PostgreSQL cluster, and stops it again whatever happens.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

need_apt=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
# The W3C suites (W3cSuiteTests) run through ../shared/testsuites/w3c-vc-suites/run.sh: npm installs them, openssl makes
# its proxy's certificate.
command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1 && need_apt+=(npm)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "Installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# Node packages used by interoperability tests (independent verifiers, test SMTP/OIDC peers).
for dir in tests/*/node; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      log "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done

log "Starting a throwaway PostgreSQL"
pg_dir=$(mktemp -d /tmp/laurel-pg.XXXXXX)
chown postgres "$pg_dir"
pg_port=${LAUREL_PG_PORT:-55432}
while (exec 3<>/dev/tcp/127.0.0.1/$pg_port) 2>/dev/null; do pg_port=$((pg_port + 1)); done
stop_pg() {
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null
export LAUREL_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export LAUREL_SHARED="${LAUREL_SHARED:-$root/../shared}"
# Hundreds of test hosts start in one run; polling instead of one inotify instance per file watcher (Linux allows 128).
export DOTNET_USE_POLLING_FILE_WATCHER=true DOTNET_hostBuilder__reloadConfigOnChange=false

log "Building"
dotnet build Laurel.slnx -c Release --nologo -v quiet

log "Checking whitespace formatting"
dotnet format whitespace Laurel.slnx --verify-no-changes

passed=0; failed=0; skipped=0; status=0
failures=$(mktemp)
for project in tests/Laurel.Credentials.Tests tests/Laurel.Tests tests/Laurel.Browser.Tests; do
  log "Testing $project"
  out=$(mktemp)
  set +e
  dotnet test --project "$project" -c Release --no-build 2>&1 | tee "$out"
  code=${PIPESTATUS[0]}
  set -e
  [ "$code" -eq 0 ] || status=1
  p=$(grep -Eo 'succeeded: *[0-9]+' "$out" | grep -Eo '[0-9]+' | tail -n 1); f=$(grep -Eo 'failed: *[0-9]+' "$out" | grep -Eo '[0-9]+' | tail -n 1)
  s=$(grep -Eo 'skipped: *[0-9]+' "$out" | grep -Eo '[0-9]+' | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  if [ -z "$p" ]; then status=1; fi
  # Keep each failed test's name and first lines of its error so they appear in the last lines of the run.
  grep -E -A 12 '^[[:space:]]*failed [^:]' "$out" >> "$failures" || true
  rm -f "$out"
done

if [ -s "$failures" ]; then echo; echo "Failed tests:"; cut -c1-300 "$failures"; fi
rm -f "$failures"
echo
echo "Laurel tests: $passed passed, $failed failed, $skipped skipped"
echo "$passed passed, $failed failed"
exit $status
