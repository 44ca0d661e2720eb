using System.Security.Claims;
using Laurel.Features.Achievements;
using Laurel.Features.Identity;
using Laurel.Features.Identity.Authorization;
using Laurel.Infrastructure.Auditing;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Laurel.Features.Pathways;

/// <summary>The stored pathway, or every problem (field → messages).</summary>
public sealed record PathwaySaveOutcome(Pathway? Saved, Dictionary<string, List<string>> Errors);

/// <summary>
/// Staff side of pathways: who may manage them (issuer admin or higher anywhere in the owning institution), create, change,
/// archive and restore, each audited. Nothing is deleted.
/// </summary>
public sealed class PathwayService(LaurelDb db, TimeProvider clock, AuditLog audit, StaffAccess access, IStringLocalizer<PathwaysText> t,
    StaffAuthorizer authorizer)
{
    /// <summary>Institutions in which the user may manage pathways.</summary>
    public async Task<List<Guid>> ManagedInstitutionsAsync(ClaimsPrincipal user, CancellationToken ct) =>
        [.. (await access.MembershipsAsync(user, ct)).Where(m => StaffAccess.Grants(m.Role, StaffRight.ManageAchievements))
            .Select(m => m.InstitutionId).Distinct()];

    /// <summary>A role granting ManageAchievements anywhere inside the institution (through the one authorization handler).</summary>
    public Task<bool> MayManageAsync(ClaimsPrincipal user, Guid institutionId, CancellationToken ct) =>
        authorizer.AllowsAsync(user, InstitutionRoleRequirement.Anywhere(StaffRight.ManageAchievements), StaffResource.Institution(institutionId));

    public Task<Pathway?> FindAsync(Guid id, CancellationToken ct) =>
        db.Pathways.Include(p => p.Items).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<List<Pathway>> ListForStaffAsync(IReadOnlyCollection<Guid> institutionIds, CancellationToken ct) =>
        db.Pathways.AsNoTracking().Where(p => institutionIds.Contains(p.InstitutionId)).OrderBy(p => p.ArchivedAt != null).ThenBy(p => p.NameNl)
            .ToListAsync(ct);

    /// <summary>Published definitions of every institution (items may come from anywhere), with issuer and institution.</summary>
    public Task<List<Achievement>> CatalogAsync(CancellationToken ct) =>
        db.Achievements.AsNoTracking().Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .Where(a => a.Status == AchievementStatus.Published && a.ArchivedAt == null)
            .OrderBy(a => a.InstitutionId).ThenBy(a => a.Name).ThenBy(a => a.Version).ToListAsync(ct);

    public async Task<PathwaySaveOutcome> CreateAsync(ClaimsPrincipal user, Guid institutionId, PathwayInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pathway = new Pathway { Id = Guid.CreateVersion7(), InstitutionId = institutionId, CreatedAt = now };
        return await SaveAsync(user, pathway, input, isNew: true, ct);
    }

    public Task<PathwaySaveOutcome> UpdateAsync(ClaimsPrincipal user, Pathway pathway, PathwayInput input, CancellationToken ct) =>
        SaveAsync(user, pathway, input, isNew: false, ct);

    private async Task<PathwaySaveOutcome> SaveAsync(ClaimsPrincipal user, Pathway pathway, PathwayInput input, bool isNew, CancellationToken ct)
    {
        var ids = input.Items.Select(i => i.AchievementId).Append(input.CompletionAchievementId).OfType<Guid>().Distinct().ToList();
        var referenced = await db.Achievements.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new ReferencedAchievement(a.Id, a.LineageId, a.InstitutionId, a.Status, a.ArchivedAt != null, a.GradeRequired))
            .ToDictionaryAsync(a => a.Id, ct);
        // The completion achievement is awarded in the institution's name: only by staff who may award it themselves.
        var mayAward = input.CompletionAchievementId is { } completionId
            && await authorizer.AllowsAsync(user, StaffRight.Award, StaffResource.Achievement(completionId));
        var (errors, values) = PathwayRules.Check(input, pathway.InstitutionId, referenced, mayAward, t);
        if (values is null) return new PathwaySaveOutcome(null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        pathway.NameNl = values.NameNl;
        pathway.NameEn = values.NameEn;
        pathway.DescriptionNl = values.DescriptionNl;
        pathway.DescriptionEn = values.DescriptionEn;
        if (values.Status == PathwayStatus.Published && pathway.Status != PathwayStatus.Published) pathway.PublishedAt = now;
        pathway.Status = values.Status;
        pathway.MinItems = values.MinItems;
        pathway.MinCredits = values.MinCredits;
        pathway.MinEqfLevel = values.MinEqfLevel;
        pathway.MinEqfCount = values.MinEqfCount;
        pathway.CompletionAchievementId = values.CompletionAchievementId;
        pathway.UpdatedAt = now;
        if (!isNew) db.PathwayItems.RemoveRange(pathway.Items);
        pathway.Items = [];
        foreach (var item in values.Items)
        {
            item.PathwayId = pathway.Id;
            if (isNew) pathway.Items.Add(item);
            else db.PathwayItems.Add(item);
        }
        if (isNew) db.Pathways.Add(pathway);
        audit.Add(user, isNew ? "pathway.created" : "pathway.updated", nameof(Pathway), pathway.Id, pathway.InstitutionId, Describe(pathway, values.Items));
        await db.SaveChangesAsync(ct);
        return new PathwaySaveOutcome(pathway, []);
    }

    /// <summary>Archives (hidden, no longer completes) or restores; archived pathways are never deleted.</summary>
    public async Task SetArchivedAsync(ClaimsPrincipal user, Pathway pathway, bool archived, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        pathway.ArchivedAt = archived ? now : null;
        pathway.UpdatedAt = now;
        audit.Add(user, archived ? "pathway.archived" : "pathway.restored", nameof(Pathway), pathway.Id, pathway.InstitutionId);
        await db.SaveChangesAsync(ct);
    }

    private static object Describe(Pathway p, IEnumerable<PathwayItem> items) => new
    {
        p.NameNl, p.NameEn, status = p.Status.ToString(), p.MinItems, p.MinCredits, p.MinEqfLevel, p.MinEqfCount, p.CompletionAchievementId,
        items = items.Select(i => new { i.AchievementId, i.ExternalUrl, i.Label, i.Required, i.AcceptedIssuers }),
    };
}
