using System.Linq.Expressions;
using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Publishing.Badges;

/// <summary>Why the current user may see an award: its owner, staff of its achievement, or anyone because it is public.</summary>
public enum AwardViewer { Public, Owner, Staff }

/// <summary>An award the current user may see, with everything its page and downloads show.</summary>
public sealed record VisibleAward(Award Award, Achievement Achievement, AwardViewer Viewer)
{
    /// <summary>Owner and staff see everything; the public sees the grade only when the learner allows it.</summary>
    public bool ShowGrade => Viewer != AwardViewer.Public || Award.ShowGrade;

    /// <summary>Owner and staff see evidence and narrative; the public only when the learner allows it.</summary>
    public bool ShowEvidence => Viewer != AwardViewer.Public || Award.ShowEvidence;

    /// <summary>
    /// True when the viewer may have the credential exactly as issued: owner and staff always, the public when nothing inside
    /// is hidden from them. The signed credential cannot be redacted without breaking its proof, so otherwise the public gets
    /// the signed public variant (<see cref="PublicCredentials"/>) in the signed formats (JSON, JWT, baked OB 3.0 images).
    /// </summary>
    public bool SignedFormatsVisible =>
        Viewer != AwardViewer.Public
        || ((Award.ShowGrade || string.IsNullOrEmpty(Award.Grade))
            && (Award.ShowEvidence || (Award.Evidence.Count == 0 && string.IsNullOrEmpty(Award.Narrative))));
}

/// <summary>
/// The one access rule for badge pages and downloads: anyone when the learner made the award public; its owner and staff
/// with View right on its achievement always; everyone else is told it does not exist (404, never 403).
/// </summary>
public sealed class AwardAccess(LaurelDb db, StaffAuthorizer staff, TimeProvider clock)
{
    /// <summary>The award with its achievement, issuer, faculty and institution, or null when unknown or not visible.</summary>
    public async Task<VisibleAward?> FindVisibleAsync(Guid awardId, ClaimsPrincipal user, CancellationToken ct)
    {
        var award = await WithDefinitionAsync(db, awardId);
        if (award?.Achievement is null) return null;
        var viewer = await ViewerAsync(award, user, ct);
        return viewer is null ? null : new VisibleAward(award, award.Achievement, viewer.Value);
    }

    // Compiled (one per provider): every first view of a badge page and every download runs it.
    private static Expression<Func<LaurelDb, Guid, Award?>> WithDefinition() => (db, awardId) => db.Awards.AsNoTracking()
        .Include(a => a.Achievement!).ThenInclude(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
        .FirstOrDefault(a => a.Id == awardId);

    private static readonly Func<SqliteLaurelDb, Guid, Task<Award?>> SqliteWithDefinition =
        EF.CompileAsyncQuery(ProviderQueries.Retype<SqliteLaurelDb, Guid, Award?>(WithDefinition()));
    private static readonly Func<PostgresLaurelDb, Guid, Task<Award?>> PostgresWithDefinition =
        EF.CompileAsyncQuery(ProviderQueries.Retype<PostgresLaurelDb, Guid, Award?>(WithDefinition()));

    private static Task<Award?> WithDefinitionAsync(LaurelDb db, Guid awardId) => db switch
    {
        SqliteLaurelDb sqlite => SqliteWithDefinition(sqlite, awardId),
        PostgresLaurelDb postgres => PostgresWithDefinition(postgres, awardId),
        _ => throw new NotSupportedException(db.GetType().Name),
    };

    /// <summary>How the user may see the award, or null when they may not.</summary>
    public Task<AwardViewer?> ViewerAsync(Award award, ClaimsPrincipal user, CancellationToken ct) =>
        ViewerAsync(award.RecipientPersonId, award.AchievementId, award.IsPublic, user);

    private async Task<AwardViewer?> ViewerAsync(Guid? recipientPersonId, Guid achievementId, bool isPublic, ClaimsPrincipal user)
    {
        var personId = StaffAccess.PersonId(user);
        if (personId is not null && recipientPersonId == personId) return AwardViewer.Owner;
        if (personId is not null && await staff.AllowsAsync(user, StaffRight.View, StaffResource.Achievement(achievementId)))
            return AwardViewer.Staff;
        return isPublic ? AwardViewer.Public : null;
    }

    /// <summary>
    /// The entity tag of the award's page for this viewer, from one small query by primary keys (<see cref="BadgePageStamp"/>).
    /// Null when the award is unknown or not visible to the user (the page answers 404).
    /// </summary>
    public async Task<(string ETag, AwardViewer Viewer, bool IsPublic)?> PageTagAsync(Guid awardId, ClaimsPrincipal user, CancellationToken ct)
    {
        var s = await BadgePageStamp.ReadAsync(db, awardId, ct);
        if (s is null) return null;
        if (await ViewerAsync(s.RecipientPersonId, s.AchievementId, s.IsPublic, user) is not { } viewer) return null;
        return (s.ETag(awardId, viewer, StaffAccess.PersonId(user), clock.GetUtcNow()), viewer, s.IsPublic);
    }
}
