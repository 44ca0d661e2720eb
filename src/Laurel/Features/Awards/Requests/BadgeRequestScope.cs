using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Features.Awards.Requests;

/// <summary>A badge request is decided by whoever may award its achievement: <c>[RequireStaffRight(StaffRight.Award, typeof(BadgeRequestScope), "id")]</c>.</summary>
public sealed class BadgeRequestScope(LaurelDb db) : IStaffScopeResolver
{
    public ScopeLevel Level => ScopeLevel.Achievement;

    public Task<Guid?> ScopeIdAsync(Guid resourceId, CancellationToken ct) =>
        db.BadgeRequests.Where(r => r.Id == resourceId).Select(r => (Guid?)r.AchievementId).FirstOrDefaultAsync(ct);
}
