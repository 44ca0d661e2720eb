#!/usr/bin/env bash
# Seeds N awards, N outbox messages and N audit entries into an existing Laurel PostgreSQL database (schema and demo data made
# by the app) with plain INSERT … SELECT … FROM generate_series (bench/load/seed-scale.sql), then VACUUM ANALYZE, as
# autovacuum would. 100k of each take a few seconds, 1 M well under a minute.
# Usage: bench/load/seed-sql.sh <N> [psql connection options, default: -h 127.0.0.1 -p $PGPORT -U postgres -d postgres]
set -euo pipefail
cd "$(dirname "$0")"
N=${1:?usage: seed-sql.sh N [psql options]}
shift
[ $# -gt 0 ] || set -- -h 127.0.0.1 -p "${PGPORT:-55620}" -U postgres -d postgres
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 2; }
START=$(date +%s.%N)
sed "s/__N__/$N/g" "${SEED_SQL:-seed-scale.sql}" | psql -q -v ON_ERROR_STOP=1 "$@" >/dev/null
psql -q -v ON_ERROR_STOP=1 "$@" -c 'VACUUM (ANALYZE) "Awards", "OutboxMessages", "AuditEntries", "Achievements"' >/dev/null
python3 -c "print(f'seeded $N awards, outbox messages and audit entries in {$(date +%s.%N)-$START:.1f} s')"
