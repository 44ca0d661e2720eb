using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack;

/// <summary>The learner's own credentials (awards and imports) and their sharing choices; only the owner may read or change them.</summary>
public sealed class BackpackService(LaurelDb db, TimeProvider time, ImportVerdicts verdicts)
{
    /// <summary>
    /// Every credential of the person across institutions, plus their imports. A learner holds tens of credentials, not
    /// thousands, so filtering and sorting happen in memory (the same on both database providers).
    /// </summary>
    public async Task<List<BackpackEntry>> ListAsync(Guid personId, CancellationToken ct)
    {
        var entries = await AwardEntriesAsync(personId, onlyAwardId: null, ct);
        entries.AddRange(await ImportEntriesAsync(personId, ct));
        return entries;
    }

    /// <summary>One award of the person as the backpack shows it, or null (unknown, someone else's, scheduled).</summary>
    public async Task<BackpackEntry?> AwardEntryAsync(Guid personId, Guid awardId, CancellationToken ct) =>
        (await AwardEntriesAsync(personId, awardId, ct)).FirstOrDefault();

    private async Task<List<BackpackEntry>> AwardEntriesAsync(Guid personId, Guid? onlyAwardId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var awards = await db.Awards.AsNoTracking()
            .Where(a => a.RecipientPersonId == personId && a.State != AwardState.Scheduled && (onlyAwardId == null || a.Id == onlyAwardId))
            .Select(a => new
            {
                a.Id, a.AchievementId, a.Achievement!.Name, a.Achievement.Kind, a.Achievement.ValidForDays,
                IssuerNl = a.Achievement.Issuer!.NameNl, IssuerEn = a.Achievement.Issuer.NameEn,
                InstitutionNl = a.Achievement.Issuer.Faculty!.Institution!.NameNl, InstitutionEn = a.Achievement.Issuer.Faculty.Institution.NameEn,
                a.Achievement.Issuer.Faculty.Institution.Slug,
                a.IssuedAt, a.State, a.RevocationReason, a.RevokedAt, a.SuspensionReason, a.SuspendedAt, a.ClaimDecidedAt,
                a.IsPublic, a.ShowGrade, a.ShowEvidence, HasGrade = a.Grade != null && a.Grade != "",
                HasEvidence = a.Narrative != null || a.Evidence.Count > 0,
            })
            .ToListAsync(ct);
        var entries = new List<BackpackEntry>();
        foreach (var a in awards)
        {
            // Micro-credentials never expire (NL-4.4); other kinds may, as the credential builder sets validUntil.
            DateTime? validUntil = a.Kind != AchievementKind.MicroCredential && a.ValidForDays is { } days ? a.IssuedAt.AddDays(days) : null;
            if (BackpackEntry.StateOf(a.State, validUntil, now) is not { } state) continue;
            entries.Add(new BackpackEntry
            {
                Id = a.Id, Imported = false, Name = a.Name, IssuerNl = a.IssuerNl, IssuerEn = a.IssuerEn,
                InstitutionNl = a.InstitutionNl, InstitutionEn = a.InstitutionEn, InstitutionKey = a.Slug,
                Date = a.IssuedAt, State = state,
                Reason = a.State switch { AwardState.Revoked => a.RevocationReason, AwardState.Suspended => a.SuspensionReason, _ => null },
                StateSince = a.State switch
                {
                    AwardState.Revoked => a.RevokedAt,
                    AwardState.Suspended => a.SuspendedAt,
                    AwardState.Declined or AwardState.Expired => a.ClaimDecidedAt,
                    _ => state == BackpackState.Expired ? validUntil : null,
                },
                IsMicroCredential = a.Kind == AchievementKind.MicroCredential, ImageUrl = $"/catalog/{a.AchievementId}/badge.png",
                IsPublic = a.IsPublic, ShowGrade = a.ShowGrade, ShowEvidence = a.ShowEvidence, HasGrade = a.HasGrade, HasEvidence = a.HasEvidence,
            });
        }
        return entries;
    }

    private async Task<IEnumerable<BackpackEntry>> ImportEntriesAsync(Guid personId, CancellationToken ct)
    {
        var imports = await db.ImportedCredentials.AsNoTracking()
            .Where(i => i.PersonId == personId)
            .Select(i => new ImportedCredential
            {
                Id = i.Id, AchievementName = i.AchievementName, AchievementType = i.AchievementType, AchievementId = i.AchievementId,
                AlignmentTargets = i.AlignmentTargets, IssuerId = i.IssuerId, IssuerName = i.IssuerName, IssuedAt = i.IssuedAt,
                ImportedAt = i.ImportedAt, Status = i.Status, VerifiedAt = i.VerifiedAt, ImageUrl = i.ImageUrl, Recipient = i.Recipient,
                ProvenIssuerId = i.ProvenIssuerId, CredentialText = "", ContentHash = "", VerificationReportJson = "",
            })
            .ToListAsync(ct);
        var found = await verdicts.ForAsync(imports, ct);
        return imports.Select(i => new BackpackEntry
        {
            Id = i.Id, Imported = true, Name = i.AchievementName, IssuerNl = i.IssuerName, IssuerEn = i.IssuerName,
            InstitutionNl = i.IssuerName, InstitutionEn = i.IssuerName, InstitutionKey = "imported:" + (i.IssuerId ?? i.IssuerName),
            Date = i.IssuedAt ?? i.ImportedAt, State = BackpackEntry.StateOf(i.Status),
            StateSince = BackpackEntry.StateOf(i.Status) == BackpackState.Issued ? null : i.VerifiedAt,
            IsMicroCredential = string.Equals(i.AchievementType, "MicroCredential", StringComparison.OrdinalIgnoreCase),
            // Only data: images pass the CSP and need no request to a third party (which would tell it who looks).
            ImageUrl = i.ImageUrl is { } url && url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) ? url : null,
            Verdict = found[i.Id],
        });
    }

    /// <summary>Saves the sharing choices; false when the award is unknown or not the person's own (the caller answers 404).</summary>
    public async Task<bool> SetSharingAsync(Guid personId, Guid awardId, bool isPublic, bool showGrade, bool showEvidence, CancellationToken ct)
    {
        // One conditional update: the sharing choices are the learner's alone, so they apply whatever staff did to the award at the
        // same moment (a revoke bumps the award's Version; a load-and-save here would fail on that concurrency token).
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Awards.Where(a => a.Id == awardId && a.RecipientPersonId == personId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsPublic, isPublic).SetProperty(a => a.ShowGrade, showGrade)
                .SetProperty(a => a.ShowEvidence, showEvidence).SetProperty(a => a.UpdatedAt, now), ct) > 0;
    }
}
