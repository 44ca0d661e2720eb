using System.Security.Claims;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards;

/// <summary>
/// The single way an award comes into being (staff page, VC-API, direct award, bulk, requests and the results API): asks
/// <see cref="AwardPolicy"/> (every rule, all problems at once), then builds, signs and stores the credential, freezes the
/// definition, audits and queues the learner's e-mail in one transaction. A future <see cref="AwardRequest.ScheduledFor"/>
/// stores a scheduled award that the scheduled-award job signs on that date; an unknown learner or a definition that needs a
/// claim gives an award awaiting claim.
/// </summary>
public sealed class AwardService(LaurelDb db, TimeProvider clock, AwardPolicy policy, AwardSigning signing, AwardEvents events,
    IStringLocalizer<PolicyText> t, ILogger<AwardService> log)
{
    public const int MaxGradeLength = AwardPolicy.MaxGradeLength;
    public const int MaxNarrativeLength = AwardPolicy.MaxNarrativeLength;
    public const int MaxEvidence = AwardPolicy.MaxEvidence;
    public const int MaxEvidenceTextLength = AwardPolicy.MaxEvidenceTextLength;

    /// <summary>Error key for "the actor may not award this" (APIs answer 403 for it).</summary>
    public const string RightKey = AwardPolicy.RightKey;

    /// <summary>Error key for "the credential could not be signed from this data" (nothing was stored).</summary>
    public const string CredentialKey = "Credential";

    public Task<AwardOutcome> AwardAsync(ClaimsPrincipal actor, AwardRequest request, CancellationToken ct) => AwardAsync(Awarder.Of(actor), request, ct);

    public async Task<AwardOutcome> AwardAsync(Awarder awarder, AwardRequest request, CancellationToken ct)
    {
        var verdict = (await policy.CheckManyAsync(awarder, [request], ct))[0];
        if (!verdict.Allowed) return new AwardOutcome(null, verdict.Errors);
        return await StoreAsync(awarder, request, verdict.Achievement!, verdict.Recipient, alongside: null, ct)
            ?? new AwardOutcome(null, new() { ["Recipient"] = [t["Check_AlreadyAwarded"].Value] });
    }

    /// <summary>Stores a request the policy allowed; null when a concurrent request stored the same award first (unique index).</summary>
    public Task<AwardOutcome?> StoreAsync(ClaimsPrincipal actor, AwardRequest request, Achievement a, Person? person, CancellationToken ct) =>
        StoreAsync(Awarder.Of(actor), request, a, person, alongside: null, ct);

    /// <summary>
    /// Stores a request the policy allowed: signs it (outside any transaction: the key and status index commit on their own), then
    /// writes the award, its audit entry, its e-mail and whatever <paramref name="alongside"/> adds for it (the results API: its
    /// completion record and stored answer) in one SaveChanges. Null when that hit a unique index (a concurrent request stored the
    /// same award or completion first); nothing of it is then stored.
    /// </summary>
    public async Task<AwardOutcome?> StoreAsync(Awarder awarder, AwardRequest request, Achievement a, Person? person, Action<Award>? alongside,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var award = NewAward(awarder, request, a, person, now, out var scheduled);
        _ = scheduled is null ? award.Issue(ClaimRules.StateOnIssue(a, person), now) : award.Schedule(now); // a new award: never refused
        if (scheduled is null)
        {
            try
            {
                await signing.SignAsync(award, a, await signing.PrepareAsync(a.InstitutionId, ct), ct);
            }
            catch (CredentialSigningException e)
            {
                // The policy lets through only data that signs, so this is data stored before a rule existed or a signer limit:
                // this award is refused with a clear reason; nothing of it is stored.
                log.LogWarning(e, "Award for definition {AchievementId} refused: its credential could not be signed", a.Id);
                return new AwardOutcome(null, new() { [CredentialKey] = [t["Check_SigningFailed"].Value] });
            }
        }

        // From the first award on, edits to the definition create a new version (the credential embeds this one). FrozenAt is never
        // cleared, so a definition read as frozen needs neither the update nor a transaction around it.
        await using var transaction = a.FrozenAt is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (transaction is not null)
            await db.Achievements.Where(x => x.Id == a.Id && x.FrozenAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FrozenAt, now), ct);
        db.Awards.Add(award);
        alongside?.Invoke(award);
        await events.RecordAsync(IssueChange(award, a, person, awarder.Principal, request.Client), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            return null;
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        a.FrozenAt ??= now;
        return new AwardOutcome(award, []);
    }

    internal static Award NewAward(Awarder awarder, AwardRequest request, Achievement a, Person? person, DateTime now, out DateTime? scheduled)
    {
        scheduled = request.ScheduledFor is { } day ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;
        return new Award
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id,
            RecipientPersonId = person?.Id, RecipientIdentity = AwardPolicy.Identity(request)!, RecipientIdentityType = request.RecipientIdentityType,
            RecipientSalt = Laurel.Credentials.OpenBadges.IdentityHash.NewSalt(), RecipientName = person?.DisplayName,
            IssuedAt = scheduled ?? AwardSigning.WholeSeconds(now), CompletedOn = request.CompletedOn!.Value,
            Grade = Blank(request.Grade), Narrative = Blank(request.Narrative), Evidence = [.. Evidence(request)],
            AwardedByPersonId = StaffAccess.PersonId(awarder.Principal), CredentialJson = "", SigningKeyId = "", CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>
    /// The event of a new award (issued, awaiting its claim, or scheduled) with what its audit entry has always recorded;
    /// <paramref name="extra"/> adds the path's own details (bulk: upload and line).
    /// </summary>
    internal static AwardChange IssueChange(Award award, Achievement a, Person? person, ClaimsPrincipal? actor, string client, object? extra = null) =>
        new(award, award.State == AwardState.Scheduled ? AwardEventType.Scheduled : AwardEventType.Issued)
        {
            Actor = actor, Client = client, Achievement = a, Learner = person,
            Details = extra ?? new
            {
                achievementId = a.Id, a.Version, recipientPersonId = person?.Id, award.RecipientIdentityType, award.CompletedOn,
                grade = award.Grade, state = award.State.ToString(), issuedAt = award.IssuedAt, statusIndex = award.StatusIndex,
                signingKeyId = award.SigningKeyId,
            },
        };

    private static IEnumerable<AwardEvidence> Evidence(AwardRequest r) => r.Evidence.Where(e => !AwardPolicy.IsEmpty(e))
        .Select(e => new AwardEvidence { Url = Blank(e.Url), Name = Blank(e.Name), Description = Blank(e.Description) });

    public static bool LooksLikeEmail(string? value) =>
        value is not null && value.Trim() is var v && v.Length <= 320 && v.IndexOf('@') is > 0 and var at && at < v.Length - 1
        && !v.Any(char.IsWhiteSpace);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
