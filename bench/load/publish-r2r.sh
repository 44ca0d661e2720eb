#!/usr/bin/env bash
# Publishes Laurel as ReadyToRun (framework-dependent, linux-x64): its own and its packages' IL precompiled, so a node
# JIT-compiles far less at start and keeps less JIT-compiled code resident. Measure it with the suite:
#   bench/load/publish-r2r.sh /tmp/laurel-r2r && LAUREL_DLL=/tmp/laurel-r2r/laurel.dll bench/load/run-suite.sh …
# Usage: bench/load/publish-r2r.sh [output dir, default /tmp/laurel-r2r]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/laurel-r2r}
dotnet publish src/Laurel -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -nologo -v q -o "$OUT"
echo "published to $OUT ($(du -sh "$OUT" | cut -f1))"
