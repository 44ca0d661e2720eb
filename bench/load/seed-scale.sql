-- Scale seed for issue 18 (PostgreSQL): __N__ awards, __N__ outbox messages and __N__ audit entries in a Laurel database whose
-- schema and demo data exist (the app ran once against it). Used by bench/load/seed-sql.sh and by the query-plan test
-- (tests/Laurel.Tests/Performance), which replace __N__. Plain INSERT … SELECT … FROM generate_series: 100k of each in a few
-- seconds, 1 M in well under a minute. Seeded learners use the reserved .invalid domain, so no seed address is deliverable.
--
-- Spread and states as on a live platform: 40 extra definitions (copies of the existing ones, each its own lineage) so one
-- definition holds a small share of the awards; awards mostly issued, some awaiting their claim, revoked, suspended, declined
-- or expired; mail mostly sent, some waiting and some failed; audit entries over the known actions.

CREATE TEMP TABLE seed_clones AS
SELECT a.*, gen_random_uuid() AS new_id, c AS copy_no
FROM generate_series(1, 40) c
JOIN LATERAL (SELECT * FROM "Achievements" ORDER BY "CreatedAt", "Id"
    OFFSET (c - 1) % GREATEST((SELECT count(*) FROM "Achievements"), 1) LIMIT 1) a ON true;

INSERT INTO "Achievements"
SELECT (jsonb_populate_record(NULL::"Achievements",
    to_jsonb(s) - 'new_id' - 'copy_no'
    || jsonb_build_object('Id', s.new_id, 'LineageId', s.new_id, 'PreviousVersionId', NULL, 'Name', s."Name" || ' (' || s.copy_no || ')'))).*
FROM seed_clones s;

-- New definitions written past the app: raise the publication version as the app's own saves do, or the catalog's tag (one
-- read of this row) would keep answering copies made before these rows existed. Guarded for builds before that table.
DO $$ BEGIN
    IF to_regclass('"PublicationVersions"') IS NOT NULL THEN UPDATE "PublicationVersions" SET "Stamp" = gen_random_uuid(); END IF;
END $$;

CREATE TEMP TABLE seed_defs AS
SELECT (row_number() OVER (ORDER BY a."Id"))::int - 1 AS k, a."Id" AS achievement_id, a."InstitutionId" AS institution_id
FROM "Achievements" a;

CREATE TEMP TABLE seed_institutions AS
SELECT (row_number() OVER (ORDER BY i."Id"))::int - 1 AS k, i."Id" AS institution_id FROM "Institutions" i;

INSERT INTO "Awards" ("Id", "InstitutionId", "AchievementId", "RecipientPersonId", "RecipientIdentity", "RecipientIdentityType",
    "RecipientSalt", "RecipientName", "IssuedAt", "CompletedOn", "Grade", "Narrative", "Evidence", "AwardedByPersonId", "State",
    "RevokedAt", "RevocationReason", "SuspendedAt", "SuspensionReason", "CredentialJson", "SigningKeyId", "RevocationListId",
    "SuspensionListId", "StatusIndex", "PublicCredentialJson", "IsPublic", "ShowGrade", "ShowEvidence", "ClaimDecidedAt",
    "ClaimRemindersSent", "LeasedUntil", "CancelledAt", "CancellationReasons", "CreatedAt", "UpdatedAt", "Version")
SELECT gen_random_uuid(), d.institution_id, d.achievement_id,
    CASE WHEN st.state IN ('AwaitingClaim', 'Expired') THEN NULL ELSE gen_random_uuid() END,
    'learner' || g || '@seed.invalid', 'emailAddress', md5(g::text), 'Seed learner ' || g,
    t.at, t.at::date, (4 + g % 7)::text, NULL, '[]', NULL, st.state,
    CASE WHEN st.state = 'Revoked' THEN t.at + interval '30 days' END, CASE WHEN st.state = 'Revoked' THEN 'Seed: fraud' END,
    CASE WHEN st.state = 'Suspended' THEN t.at + interval '10 days' END, CASE WHEN st.state = 'Suspended' THEN 'Seed: under review' END,
    '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"id":"urn:uuid:seed-' || g
        || '","credentialSubject":{"type":["AchievementSubject"]},"proof":{"type":"DataIntegrityProof","proofValue":"z' || md5(g::text) || md5((g + 1)::text) || '"}}',
    'did:web:seed.invalid#key-1', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', g,
    NULL, g % 3 = 0, true, false,
    CASE WHEN st.state IN ('Issued', 'Declined', 'Expired') THEN t.at + interval '2 days' END,
    CASE WHEN st.state = 'AwaitingClaim' THEN (CASE WHEN g % 85 >= 21 THEN 2 WHEN g % 85 >= 7 THEN 1 ELSE 0 END) ELSE 0 END,
    NULL, NULL, '[]', t.at, t.at, 1
FROM generate_series(1, __N__) g
CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 80 THEN 'Issued' WHEN g % 100 < 88 THEN 'AwaitingClaim' WHEN g % 100 < 93 THEN 'Revoked'
    WHEN g % 100 < 96 THEN 'Suspended' WHEN g % 100 < 98 THEN 'Declined' ELSE 'Expired' END AS state) st
-- Awards awaiting their claim are younger than the default 90-day claim window and have had the reminders due so far (after 7
-- and 21 days), as on a live platform: the claim jobs find nothing to do, and do not flood the outbox during a measurement.
CROSS JOIN LATERAL (SELECT CASE WHEN st.state = 'AwaitingClaim' THEN now() - make_interval(days => (g % 85)::int, secs => (g % 3600)::double precision)
    ELSE now() - make_interval(secs => ((g::bigint * 7919) % 63072000)::double precision) END AS at) t
JOIN seed_defs d ON d.k = g % (SELECT count(*) FROM seed_defs);

INSERT INTO "OutboxMessages" ("Id", "Kind", "RecipientAddress", "Language", "Subject", "TextBody", "RelatedEntityId", "InstitutionId",
    "CreatedAt", "SentAt", "Attempts", "NextAttemptAt", "LastError", "HtmlBody", "LeaseToken", "LeaseUntil", "FailedAt")
SELECT gen_random_uuid(), 'AwardIssued', 'learner' || g || '@seed.invalid', CASE WHEN g % 4 = 0 THEN 'en' ELSE 'nl' END,
    'Je hebt een badge ontvangen', 'Seed message ' || g || repeat(' lorem ipsum', 20), gen_random_uuid(), i.institution_id,
    t.at,
    CASE WHEN g % 100 < 97 THEN t.at + interval '1 minute' END,
    CASE WHEN g % 100 < 97 THEN 1 WHEN g % 100 < 99 THEN 0 ELSE 5 END,
    NULL,
    CASE WHEN g % 100 >= 99 THEN '550 5.1.1 mailbox unavailable' END,
    NULL, NULL, NULL,
    CASE WHEN g % 100 >= 99 THEN t.at + interval '2 hours' END
FROM generate_series(1, __N__) g
CROSS JOIN LATERAL (SELECT now() - make_interval(secs => ((g::bigint * 7919) % 31536000)::double precision) AS at) t
JOIN seed_institutions i ON i.k = g % (SELECT count(*) FROM seed_institutions);

INSERT INTO "AuditEntries" ("Id", "At", "ActorPersonId", "ActorName", "Action", "EntityType", "EntityId", "InstitutionId", "Client", "Details")
SELECT gen_random_uuid(), now() - make_interval(secs => ((g::bigint * 7919) % 63072000)::double precision), NULL, 'Seed staff ' || (g % 50),
    (ARRAY['award.issued', 'award.issued', 'award.issued', 'award.claimed', 'award.revoked', 'award.suspended', 'award.matched',
        'achievement.updated', 'bulk.confirmed', 'mail.retried'])[1 + g % 10],
    'Award', gen_random_uuid(), i.institution_id, CASE WHEN g % 3 = 0 THEN 'api:seed' ELSE 'web' END, '{"seed":' || g || '}'
FROM generate_series(1, __N__) g
JOIN seed_institutions i ON i.k = g % (SELECT count(*) FROM seed_institutions);

DROP TABLE seed_clones, seed_defs, seed_institutions;
