using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;
using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing.Keys;
using Laurel.Features.Publishing.Status;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Features.Awards;

/// <summary>
/// The single way an award comes into being (staff page, VC-API, and later bulk, claims, requests and the results API):
/// checks everything at once, allocates a status index, then builds, signs and stores the credential, freezes the definition,
/// audits and queues the learner's e-mail in one transaction.
/// </summary>
public sealed class AwardService(LaurelDb db, TimeProvider clock, AuditLog audit, StaffAccess access, CredentialBuilder builder,
    IssuerSigner signer, IssuerKeys keys, StatusListService statusLists, NotificationService notifications, IStringLocalizer<AwardsText> t)
{
    public const int MaxGradeLength = 100;
    public const int MaxNarrativeLength = 5_000;
    public const int MaxEvidence = 10;
    public const int MaxEvidenceTextLength = 1_000;

    /// <summary>Error key for "the actor may not award this" (APIs answer 403 for it).</summary>
    public const string RightKey = "Right";

    /// <summary>The definition with Issuer → Faculty → Institution, or null.</summary>
    public Task<Achievement?> FindAchievementAsync(Guid id, CancellationToken ct) =>
        db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Staff with the Award right on the definition, or an active API client of its institution allowed to write awards.</summary>
    public async Task<bool> MayAwardAsync(ClaimsPrincipal actor, Achievement achievement, CancellationToken ct)
    {
        if (actor.FindFirstValue(ApiClientAuthentication.ClientIdClaim) is { } clientId)
            return ApiClientAuthentication.InstitutionId(actor) == achievement.InstitutionId
                && actor.FindAll(ApiClientAuthentication.ScopeClaim).Any(c => c.Value == ApiScopes.AwardsWrite)
                && await db.ApiClients.AnyAsync(c => c.ClientId == clientId && c.RevokedAt == null && c.InstitutionId == achievement.InstitutionId, ct);
        return await access.HasRightAsync(actor, StaffRight.Award, ScopeLevel.Achievement, achievement.Id, ct);
    }

    public async Task<AwardOutcome> AwardAsync(ClaimsPrincipal actor, AwardRequest request, CancellationToken ct)
    {
        var achievement = await FindAchievementAsync(request.AchievementId, ct);
        var person = request.RecipientPersonId is { } pid ? await db.Persons.FirstOrDefaultAsync(p => p.Id == pid && p.ArchivedAt == null, ct) : null;
        var errors = await CheckAsync(actor, request, achievement, person, ct);
        if (errors.Count > 0) return new AwardOutcome(null, errors);
        var a = achievement!;

        var now = clock.GetUtcNow().UtcDateTime;
        // Credentials carry whole seconds; the stored issue date matches validFrom exactly.
        var issuedAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var identity = request.RecipientIdentityType == RecipientTypes.EmailAddress
            ? IdentityHash.NormalizeEmail(request.RecipientIdentity!) : request.RecipientIdentity!.Trim();

        // Both steps below commit on their own and must not run inside our transaction: the institution's key is created on
        // first use, and the status index is taken in a short locked step so that concurrent awards do not wait for each
        // other's signing. An index is never handed out twice, so one left unused when a later step fails is harmless.
        await keys.GetActiveAsync(a.InstitutionId, ct);
        var allocation = await statusLists.AllocateAsync(a.InstitutionId, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var award = new Award
        {
            Id = Guid.CreateVersion7(), InstitutionId = a.InstitutionId, AchievementId = a.Id,
            RecipientPersonId = person?.Id, RecipientIdentity = identity, RecipientIdentityType = request.RecipientIdentityType,
            RecipientSalt = IdentityHash.NewSalt(), RecipientName = person?.DisplayName,
            IssuedAt = issuedAt, CompletedOn = request.CompletedOn!.Value, Grade = Blank(request.Grade), Narrative = Blank(request.Narrative),
            Evidence = [.. Evidence(request)], AwardedByPersonId = StaffAccess.PersonId(actor), State = AwardState.Issued,
            RevocationListId = allocation.RevocationListId, SuspensionListId = allocation.SuspensionListId, StatusIndex = allocation.Index,
            CredentialJson = "", SigningKeyId = "", CreatedAt = now, UpdatedAt = now,
        };
        var unsigned = builder.Build(award, a, statusLists.CredentialStatusEntries(allocation));
        var signed = await signer.SignAsync(a.InstitutionId, unsigned, ct);
        // OB 3.0 wants proof as an array even with one element (OB3-2.12); wrapping does not change what was signed.
        if (signed.Credential["proof"] is JsonObject single) signed.Credential["proof"] = new JsonArray(single.DeepClone());
        award.CredentialJson = signed.Credential.ToJsonString();
        award.SigningKeyId = signed.VerificationMethod;
        db.Awards.Add(award);
        // From the first award on, edits to the definition create a new version (the credential embeds this one).
        await db.Achievements.Where(x => x.Id == a.Id && x.FrozenAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FrozenAt, now), ct);
        a.FrozenAt ??= now;
        audit.Add(actor, "award.issued", nameof(Award), award.Id, a.InstitutionId, new
        {
            achievementId = a.Id, a.Version, recipientPersonId = person?.Id, award.RecipientIdentityType, award.CompletedOn,
            grade = award.Grade, statusIndex = award.StatusIndex, signingKeyId = award.SigningKeyId,
        }, request.Client);
        notifications.QueueAwardMessage(NotificationKind.AwardIssued, award, a, person, reason: null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AwardOutcome(award, []);
    }

    private async Task<Dictionary<string, List<string>>> CheckAsync(ClaimsPrincipal actor, AwardRequest r, Achievement? a, Person? person,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string key, params object[] args) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(t[key, args].Value);

        if (a is null) Add("Achievement", "Check_AchievementUnknown");
        else
        {
            if (a.ArchivedAt is not null) Add("Achievement", "Check_AchievementArchived");
            else if (a.Status != AchievementStatus.Published) Add("Achievement", "Check_AchievementNotPublished");
            if (!await MayAwardAsync(actor, a, ct)) Add(RightKey, "Check_NoAwardRight");
        }

        if (r.RecipientPersonId is not null && person is null) Add("Recipient", "Check_RecipientUnknown");
        else if (string.IsNullOrWhiteSpace(r.RecipientIdentity)) Add("Recipient", "Check_RecipientRequired");
        else if (r.RecipientIdentityType is not (RecipientTypes.EmailAddress or RecipientTypes.Identifier)
            || (r.RecipientIdentityType == RecipientTypes.EmailAddress && !LooksLikeEmail(r.RecipientIdentity)))
            Add("Recipient", "Check_RecipientInvalid");

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (r.CompletedOn is not { } completed) Add("CompletedOn", "Check_CompletedOnRequired");
        else if (completed > today) Add("CompletedOn", "Check_CompletedOnFuture");
        else if (a is { Kind: AchievementKind.MicroCredential, Issuer.Faculty.Institution: { } institution }
            && completed < institution.MicroCredentialStartDate)
            Add("CompletedOn", "Check_CompletedOnBeforeStart", institution.MicroCredentialStartDate.ToString("d", System.Globalization.CultureInfo.CurrentCulture));

        if (a?.GradeRequired == true && string.IsNullOrWhiteSpace(r.Grade)) Add("Grade", "Check_GradeRequired");
        else if ((r.Grade?.Trim().Length ?? 0) > MaxGradeLength) Add("Grade", "Check_TooLong", MaxGradeLength);
        if ((r.Narrative?.Length ?? 0) > MaxNarrativeLength) Add("Narrative", "Check_TooLong", MaxNarrativeLength);

        var evidence = r.Evidence.ToList();
        if (evidence.Count(e => !IsEmpty(e)) > MaxEvidence) Add("Evidence", "Check_TooMuchEvidence", MaxEvidence);
        for (var i = 0; i < evidence.Count; i++)
        {
            var e = evidence[i];
            if (IsEmpty(e)) continue;
            if (!string.IsNullOrWhiteSpace(e.Url) && !AchievementRules.IsWebUrl(e.Url)) Add($"Evidence[{i}].Url", "Check_EvidenceUrl", i + 1);
            if (string.IsNullOrWhiteSpace(e.Url) && string.IsNullOrWhiteSpace(e.Name)) Add($"Evidence[{i}].Name", "Check_EvidenceNameOrUrl", i + 1);
            if ((e.Name?.Length ?? 0) > MaxEvidenceTextLength || (e.Description?.Length ?? 0) > MaxEvidenceTextLength)
                Add($"Evidence[{i}].Description", "Check_TooLong", MaxEvidenceTextLength);
        }

        if (a is not null && !errors.ContainsKey("Recipient") && await AlreadyAwardedAsync(a.Id, person?.Id, r, ct))
            Add("Recipient", "Check_AlreadyAwarded");
        return errors;
    }

    // The same version to the same learner once, unless that award was revoked.
    private Task<bool> AlreadyAwardedAsync(Guid achievementId, Guid? personId, AwardRequest r, CancellationToken ct)
    {
        var identity = r.RecipientIdentityType == RecipientTypes.EmailAddress ? IdentityHash.NormalizeEmail(r.RecipientIdentity!) : r.RecipientIdentity!.Trim();
        return db.Awards.AnyAsync(w => w.AchievementId == achievementId && w.State != AwardState.Revoked
            && ((personId != null && w.RecipientPersonId == personId) || w.RecipientIdentity == identity), ct);
    }

    private static IEnumerable<AwardEvidence> Evidence(AwardRequest r) => r.Evidence.Where(e => !IsEmpty(e))
        .Select(e => new AwardEvidence { Url = Blank(e.Url), Name = Blank(e.Name), Description = Blank(e.Description) });

    private static bool IsEmpty(AwardEvidence e) =>
        string.IsNullOrWhiteSpace(e.Url) && string.IsNullOrWhiteSpace(e.Name) && string.IsNullOrWhiteSpace(e.Description);

    public static bool LooksLikeEmail(string? value) =>
        value is not null && value.Trim() is var v && v.Length <= 320 && v.IndexOf('@') is > 0 and var at && at < v.Length - 1
        && !v.Any(char.IsWhiteSpace);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
