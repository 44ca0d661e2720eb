#!/usr/bin/env bash
# Runs the W3C VC conformance suites against a Laurel started here exactly as the test W3cSuiteTests starts it:
# Development (demo data, demo OAuth client demo-uu-sis), a fresh SQLite database, https://127.0.0.1:PORT with a
# certificate made now, PublicBaseUrl on that origin (status list URLs are https, as the bitstring suite needs), and a
# raised verify rate limit. Every suite present in the suites folder runs (the two kept in ../shared, plus any copy of
# the bitstring-status-list and CCG vc-api-issuer/-verifier suites placed there), unless suites are named.
# Needs the .NET 10 SDK, bash, node >= 18 with npm, and openssl. See docs/conformance.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<USAGE
usage: scripts/w3c-suites.sh [--suites DIR] [--workdir DIR] [--port PORT] [--no-build] [--no-lock] [suite ...]

  --suites DIR   the w3c-vc-suites folder holding run.sh (default \$LAUREL_SHARED/testsuites/w3c-vc-suites,
                 else ../shared/testsuites/w3c-vc-suites beside the checkout)
  --workdir DIR  run.sh's work dir: suite copies, node_modules (~230 MB) and results/
                 (default \$LAUREL_W3C_SUITES_WORKDIR or ~/.cache/laurel-w3c-suites, the one the tests use)
  --port PORT    Laurel's https port on 127.0.0.1 (default: a free one from 5390 up)
  --no-build     use the Release build already in src/Laurel/bin
  --no-lock      passed to run.sh: ignore its locks/ and install the newest npm dependencies the suites allow
  suite          run only these (e.g. vc-data-model-2.0 vc-bitstring-status-list); default: every suite present
Exit status: run.sh's (0 all passed, 1 a test failed, 2 set-up error).
USAGE
}
die() { echo "w3c-suites.sh: $*" >&2; exit 2; }

shared=${LAUREL_SHARED:-$root/../shared}
suites_dir=$shared/testsuites/w3c-vc-suites
workdir=${LAUREL_W3C_SUITES_WORKDIR:-$HOME/.cache/laurel-w3c-suites}
port='' build=1 names=() runner_options=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --suites) [[ $# -ge 2 ]] || die "--suites needs a folder"; suites_dir=$2; shift 2 ;;
    --workdir) [[ $# -ge 2 ]] || die "--workdir needs a folder"; workdir=$2; shift 2 ;;
    --port) [[ $# -ge 2 ]] || die "--port needs a number"; port=$2; shift 2 ;;
    --no-build) build=''; shift ;;
    --no-lock) runner_options+=(--no-lock); shift ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ -x $suites_dir/run.sh ]] || die "no run.sh in $suites_dir (use --suites or set LAUREL_SHARED)"
for tool in dotnet node npm openssl curl; do command -v "$tool" >/dev/null || die "$tool not found"; done
if [[ -z $port ]]; then
  port=5390
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
fi
origin=https://127.0.0.1:$port

if [[ -n $build ]]; then
  echo "building Laurel (Release) ..." >&2
  dotnet build "$root/src/Laurel/Laurel.csproj" -c Release --nologo -v quiet >&2
fi
dll=$root/src/Laurel/bin/Release/net10.0/laurel.dll
[[ -f $dll ]] || die "$dll is missing (run without --no-build)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/laurel-w3c.XXXXXX")
laurel_pid=''
cleanup() {
  if [[ -n $laurel_pid ]]; then kill "$laurel_pid" 2>/dev/null || true; wait "$laurel_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A self-signed certificate for 127.0.0.1, made now; node (run.sh's proxy, the suites) trusts it via NODE_EXTRA_CA_CERTS.
cat >"$tmp/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
x509_extensions = v3
prompt = no
[dn]
CN = 127.0.0.1
[v3]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyCertSign
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
CNF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -config "$tmp/openssl.cnf" \
  -extensions v3 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >"$tmp/openssl.log" 2>&1 ||
  { cat "$tmp/openssl.log" >&2; die "openssl could not make a certificate"; }

echo "starting Laurel at $origin (log: $workdir/laurel.log) ..." >&2
mkdir -p "$workdir"
(cd "$root/src/Laurel" && ASPNETCORE_ENVIRONMENT=Development exec dotnet "$dll" serve \
  --Kestrel:Endpoints:Https:Url="$origin" \
  --Kestrel:Endpoints:Https:Certificate:Path="$tmp/cert.pem" \
  --Kestrel:Endpoints:Https:Certificate:KeyPath="$tmp/key.pem" \
  --Laurel:PublicBaseUrl="$origin" \
  --Laurel:Database:ConnectionString="Data Source=$tmp/laurel.db" \
  --Laurel:RateLimits:Verify:PermitLimit=100000 \
  >"$workdir/laurel.log" 2>&1) &
laurel_pid=$!
for _ in $(seq 1 120); do
  curl -fsS --cacert "$tmp/cert.pem" "$origin/health" >/dev/null 2>&1 && break
  kill -0 "$laurel_pid" 2>/dev/null || { laurel_pid=''; tail -n 40 "$workdir/laurel.log" >&2; die "Laurel stopped"; }
  sleep 1
done
curl -fsS --cacert "$tmp/cert.pem" "$origin/health" >/dev/null || die "Laurel did not answer at $origin/health"

status=0
NODE_EXTRA_CA_CERTS="$tmp/cert.pem" VC_SUITES_CLIENT_SECRET=demo-secret-change-me \
  "$suites_dir/run.sh" --base "$origin" --client-id demo-uu-sis --workdir "$workdir" "${runner_options[@]}" "${names[@]}" || status=$?
exit "$status"
