using Laurel.Features.Awards;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Backpack;

/// <summary>One line of the backpack: an award and what its learner chose to share.</summary>
public sealed record BackpackItem(
    Guid AwardId, string AchievementName, string IssuerNameNl, string IssuerNameEn, string InstitutionNameNl, string InstitutionNameEn,
    DateTime IssuedAt, AwardState State, string? Reason, DateTime? StateSince, bool IsPublic, bool ShowGrade, bool ShowEvidence,
    bool HasGrade, bool HasEvidence);

/// <summary>The learner's own awards and their sharing choices; only the owner may read or change them.</summary>
public sealed class BackpackService(LaurelDb db, TimeProvider time)
{
    public Task<List<BackpackItem>> ListAsync(Guid personId, CancellationToken ct) =>
        db.Awards.AsNoTracking()
            .Where(a => a.RecipientPersonId == personId)
            .OrderByDescending(a => a.IssuedAt)
            .Select(a => new BackpackItem(
                a.Id, a.Achievement!.Name, a.Achievement.Issuer!.NameNl, a.Achievement.Issuer.NameEn,
                a.Achievement.Issuer.Faculty!.Institution!.NameNl, a.Achievement.Issuer.Faculty.Institution.NameEn,
                a.IssuedAt, a.State,
                a.State == AwardState.Revoked ? a.RevocationReason : a.State == AwardState.Suspended ? a.SuspensionReason : null,
                a.State == AwardState.Revoked ? a.RevokedAt : a.State == AwardState.Suspended ? a.SuspendedAt : null,
                a.IsPublic, a.ShowGrade, a.ShowEvidence, a.Grade != null && a.Grade != "", a.Narrative != null || a.Evidence.Count > 0))
            .ToListAsync(ct);

    /// <summary>Saves the sharing choices; false when the award is unknown or not the person's own (the caller answers 404).</summary>
    public async Task<bool> SetSharingAsync(Guid personId, Guid awardId, bool isPublic, bool showGrade, bool showEvidence, CancellationToken ct)
    {
        var award = await db.Awards.FirstOrDefaultAsync(a => a.Id == awardId && a.RecipientPersonId == personId, ct);
        if (award is null) return false;
        award.IsPublic = isPublic;
        award.ShowGrade = showGrade;
        award.ShowEvidence = showEvidence;
        award.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
