#!/usr/bin/env bash
# Adds audit entries up to a total of N (default 10,000,000) to an existing Laurel PostgreSQL database, spread over the
# institutions and the past two years like bench/load/seed-scale.sql's, for the audit page's "< 20 ms at 10 M entries" (issue 18).
# Plain INSERT … SELECT … FROM generate_series in chunks of 1 M, then VACUUM ANALYZE.
# Usage: bench/load/seed-audit.sh [N] [psql connection options, default: -h 127.0.0.1 -p $PGPORT -U postgres -d postgres]
set -euo pipefail
N=${1:-10000000}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- -h 127.0.0.1 -p "${PGPORT:-55620}" -U postgres -d postgres
START=$(date +%s.%N)
HAVE=$(psql -At -v ON_ERROR_STOP=1 "$@" -c 'SELECT count(*) FROM "AuditEntries"')
while [ "$HAVE" -lt "$N" ]; do
  CHUNK=$(( N - HAVE < 1000000 ? N - HAVE : 1000000 ))
  psql -q -v ON_ERROR_STOP=1 "$@" <<SQL
INSERT INTO "AuditEntries" ("Id", "At", "ActorPersonId", "ActorName", "Action", "EntityType", "EntityId", "InstitutionId", "Client", "Details")
SELECT gen_random_uuid(), now() - make_interval(secs => (((g + $HAVE)::bigint * 7919) % 63072000)::double precision), NULL,
    'Seed staff ' || (g % 50),
    (ARRAY['award.issued', 'award.issued', 'award.issued', 'award.claimed', 'award.revoked', 'award.suspended', 'award.matched',
        'achievement.updated', 'bulk.confirmed', 'mail.retried'])[1 + g % 10],
    'Award', gen_random_uuid(), i."Id", CASE WHEN g % 3 = 0 THEN 'api:seed' ELSE 'web' END, '{"seed":' || (g + $HAVE) || '}'
FROM generate_series(1, $CHUNK) g
JOIN (SELECT "Id", (row_number() OVER (ORDER BY "Id"))::int - 1 AS k FROM "Institutions") i
  ON i.k = g % (SELECT count(*) FROM "Institutions");
SQL
  HAVE=$(( HAVE + CHUNK ))
  echo "  $HAVE audit entries"
done
psql -q -v ON_ERROR_STOP=1 "$@" -c 'VACUUM (ANALYZE) "AuditEntries"' >/dev/null
python3 -c "print(f'audit entries: $HAVE in {$(date +%s.%N)-$START:.1f} s')"
