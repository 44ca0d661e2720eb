using System.Globalization;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Results;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Infrastructure.Auditing;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Dev;

/// <summary>The rows of one stored batch of a load seed, and the ids the load scenarios need from it.</summary>
internal sealed class LoadSeedBatch
{
    public List<Person> Persons { get; } = [];
    public List<Award> Awards { get; } = [];
    /// <summary>The definition of each award (same position as <see cref="Awards"/>).</summary>
    public List<Achievement> Definitions { get; } = [];
    public List<Completion> Completions { get; } = [];
    public List<OutboxMessage> Mail { get; } = [];
    public List<AuditEntry> Audit { get; } = [];
    public List<string> LearnerEmails { get; } = [];
}

/// <summary>
/// Which award the load seed makes at each position of a run, decided by the position alone so every batch can be made on its own:
/// of every 20 awards 17 are issued and claimed by a learner, 1 is claimed and then revoked, 1 waits for an unknown e-mail address
/// and 1 for an EPPN. Learners hold three consecutive awards each, always of three different definitions (the unique
/// "held" indexes allow one per definition). E-mails and audit entries are spread evenly, whatever their number.
/// The waiting awards are where the institution's claim jobs would have left them by now (<paramref name="claims"/>): expired
/// past its expiry days, with the reminders whose day has passed counted as sent. So a load run starts without a backlog for
/// the claim jobs (issue 18: working through it cost ≈ 1.5 ms of PostgreSQL per award in every measurement).
/// </summary>
internal sealed class LoadSeedPlan(IReadOnlyList<Achievement> definitions, string run, long total, long mail, long audit, DateTime now, Guid? apiInstitutionId,
    IReadOnlyDictionary<Guid, Laurel.Features.Awards.Claims.ClaimSettings> claims)
{
    public const string LearnerDomain = "load.example";
    public const string ApiClientId = Demo.DemoData.DemoApiClientId;

    private enum Kind { Issued, Revoked, AwaitingEmail, AwaitingEppn }

    // The awards' issue dates spread over the past year, so date-ordered lists page through realistic history.
    private readonly TimeSpan _spacing = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, TimeSpan.FromDays(365).Ticks / Math.Max(1, total)));

    private static Kind KindOf(long i) => (i % 20) switch { 16 => Kind.Revoked, 17 => Kind.AwaitingEmail, 18 => Kind.AwaitingEppn, _ => Kind.Issued };

    public Achievement DefinitionOf(long i) => definitions[(int)((i / 3 * 7 + i % 3) % definitions.Count)];

    public string LearnerEmail(long learner) => $"learner-{run}-{learner}@{LearnerDomain}";

    /// <summary>Whether the award at <paramref name="i"/> can be viewed publicly and verifies as valid (issued, public).</summary>
    public static bool IsPublicValid(long i) => KindOf(i) == Kind.Issued;

    public static bool IsRevoked(long i) => KindOf(i) == Kind.Revoked;

    /// <summary>The rows for awards [start, end) of the run; start must be a multiple of 3 (a learner's awards stay together).</summary>
    public LoadSeedBatch Make(long start, long end)
    {
        var batch = new LoadSeedBatch();
        Person? learner = null;
        for (var i = start; i < end; i++)
        {
            if (i % 3 == 0) learner = NewLearner(i / 3, batch);
            var kind = KindOf(i);
            var a = DefinitionOf(i);
            var issuedAt = Laurel.Features.Awards.Issuing.AwardSigning.WholeSeconds(now - _spacing * (total - i));
            var claimed = kind is Kind.Issued or Kind.Revoked;
            var claim = claimed ? null : claims.GetValueOrDefault(a.InstitutionId) ?? Laurel.Features.Awards.Claims.ClaimSettings.Defaults(a.InstitutionId);
            var expired = claim is not null && issuedAt.AddDays(claim.ExpiryDays) <= now;
            var identity = kind switch
            {
                Kind.AwaitingEmail => $"waiting-{run}-{i}@{LearnerDomain}",
                Kind.AwaitingEppn => $"s{run}{i}@{a.Issuer!.Faculty!.Institution!.Identifier}",
                _ => learner!.Email!,
            };
            var award = new Award
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(issuedAt)), InstitutionId = a.InstitutionId, AchievementId = a.Id,
                RecipientPersonId = claimed ? learner!.Id : null, RecipientIdentity = identity,
                RecipientIdentityType = kind == Kind.AwaitingEppn ? RecipientTypes.Eppn : RecipientTypes.EmailAddress,
                RecipientSalt = Laurel.Credentials.OpenBadges.IdentityHash.NewSalt(), RecipientName = claimed ? learner!.DisplayName : null,
                IssuedAt = issuedAt, CompletedOn = DateOnly.FromDateTime(issuedAt.AddDays(-2)),
                Grade = (5.5 + i % 46 / 10.0).ToString("0.0", CultureInfo.InvariantCulture),
                Narrative = i % 5 == 0 ? "Presented a portfolio with three cases from the learner's own work." : null,
                Evidence = i % 4 == 0 ? [new AwardEvidence { Url = $"https://portfolio.example.org/{run}/{i}", Name = "Portfolio" }] : [],
                State = kind switch { Kind.Issued => AwardState.Issued, Kind.Revoked => AwardState.Revoked, _ when expired => AwardState.Expired, _ => AwardState.AwaitingClaim },
                RevokedAt = kind == Kind.Revoked ? Min(issuedAt.AddDays(30), now) : null,
                RevocationReason = kind == Kind.Revoked ? "Assessment annulled by the exam board (load seed)." : null,
                ClaimDecidedAt = claimed ? Min(issuedAt.AddDays(1), now) : expired ? issuedAt.AddDays(claim!.ExpiryDays) : null,
                ClaimRemindersSent = claim is null || expired ? 0 : claim.EffectiveReminderDays.Count(d => issuedAt.AddDays(d) <= now),
                IsPublic = claimed, ShowGrade = true, ShowEvidence = true,
                CredentialJson = "", SigningKeyId = "", CreatedAt = issuedAt, UpdatedAt = issuedAt,
            };
            batch.Awards.Add(award);
            batch.Definitions.Add(a);
            if (claimed && a.InstitutionId == apiInstitutionId && i / 3 % 10 < 3)
                batch.Completions.Add(new Completion
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(issuedAt)), InstitutionId = a.InstitutionId, AchievementId = a.Id,
                    LearnerKey = $"{RecipientTypes.EmailAddress}:{identity}", CompletedOn = award.CompletedOn, AwardId = award.Id,
                    ClientId = ApiClientId, CreatedAt = issuedAt,
                });
            AddMail(batch, award, i, kind);
            AddAudit(batch, award, a, i, kind);
        }
        return batch;
    }

    private Person NewLearner(long n, LoadSeedBatch batch)
    {
        var email = LearnerEmail(n);
        var name = $"Learner {run}-{n}";
        var created = now - _spacing * (total - n * 3) - TimeSpan.FromDays(1);
        var person = new Person
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(created)), DisplayName = name, ValidatedName = name, NameVerified = true,
            Email = email, EmailVerification = EmailVerification.Provider, Language = n % 4 == 0 ? "en" : "nl", CreatedAt = created,
            LastSignInAt = created.AddDays(2),
        };
        // The development e-mail sign-in's provider, so the load suite can sign these learners in (Development only).
        person.Identities.Add(new LinkedIdentity
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(created)), PersonId = person.Id, Provider = SignInModel.DevEmailProvider, Subject = email,
            Email = email, EmailVerification = EmailVerification.Provider, LinkedAt = created,
        });
        batch.Persons.Add(person);
        batch.LearnerEmails.Add(email);
        return person;
    }

    // Share i of a total spread over the run's awards: floor((i+1)·total/awards) − floor(i·total/awards).
    private long Share(long i, long of) => (long)((decimal)(i + 1) * of / total) - (long)((decimal)i * of / total);

    private void AddMail(LoadSeedBatch batch, Award award, long i, Kind kind)
    {
        var count = Share(i, mail);
        for (var j = 0; j < count; j++)
        {
            var notification = kind switch
            {
                Kind.AwaitingEmail or Kind.AwaitingEppn => j == 0 ? NotificationKind.AwardAwaitingClaim : NotificationKind.AwardClaimReminder,
                Kind.Revoked when j > 0 => NotificationKind.AwardRevoked,
                _ => NotificationKind.AwardIssued,
            };
            var at = award.IssuedAt.AddMinutes(j);
            // Of every 1,000 e-mails one failed for good and one waits for a retry next month; the rest were sent.
            var fate = (i * 7 + j) % 1000;
            batch.Mail.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(at)), Kind = notification, RecipientAddress = award.RecipientIdentity,
                Language = "nl", Subject = $"Je badge {award.Id:N}", TextBody = $"Je hebt een badge ontvangen. Bekijk hem op /badges/{award.Id}.",
                RelatedEntityId = award.Id, InstitutionId = award.InstitutionId, CreatedAt = at,
                SentAt = fate > 1 ? at.AddSeconds(3) : null, Attempts = fate switch { 0 => 5, 1 => 2, _ => 1 },
                FailedAt = fate == 0 ? at.AddHours(6) : null, NextAttemptAt = fate == 1 ? now.AddDays(30) : null,
                LastError = fate switch { 0 => "550 5.1.1 mailbox unavailable (load seed)", 1 => "421 4.7.0 try again later (load seed)", _ => null },
            });
        }
    }

    private void AddAudit(LoadSeedBatch batch, Award award, Achievement a, long i, Kind kind)
    {
        var count = Share(i, audit);
        for (var j = 0; j < count; j++)
        {
            var action = j switch
            {
                0 => AuditActions.AwardIssued,
                1 when kind == Kind.Revoked => AuditActions.AwardRevoked,
                _ when kind is Kind.Issued or Kind.Revoked => j % 2 == 1 ? AuditActions.AwardClaimed : AuditActions.AwardIssued,
                _ => AuditActions.AwardIssued,
            };
            var at = award.IssuedAt.AddSeconds(j);
            batch.Audit.Add(new AuditEntry
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(at)), At = at, ActorName = "load seed", Action = action, EntityType = nameof(Award),
                EntityId = award.Id, InstitutionId = award.InstitutionId, Client = j == 0 && i % 3 == 0 ? "api" : "web",
                Details = $"{{\"achievementId\":\"{a.Id}\",\"state\":\"{award.State}\"}}",
            });
        }
    }

    private static DateTime Min(DateTime x, DateTime y) => x < y ? x : y;
}
